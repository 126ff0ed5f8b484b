"""`ask --explain`: how a question was read, and the evidence behind the answer or the
abstention, each piece with its weight.

The lines say the kind of answer wanted, the periods, values and names the question
gives, how unknown words were spelled; then for the best candidates their score and what
made it (each feature's weight times its value, largest first); then how likely the best
one is to be right, against the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcli.ask import Answer, Candidate, Weighing, decide, weigh
from factcli.ask.model import Model, load_model
from factcli.ask.tables import AskTables
from factcli.store.store import Store

# How many candidates the explanation shows, and how many of each one's reasons.
EXPLAINED_CANDIDATES = 3
EXPLAINED_REASONS = 6
# What each feature says, in words, for the explanation.
SAID = {
    "cover_near": "the words around the figure hold the question's words",
    "cover_own": "its sentence holds the question's words",
    "cover_measure": "what it measures holds the question's words",
    "cover_subject": "what it is about holds the question's words",
    "cover_context": "its headings hold the question's words",
    "cover_document": "its document's title or publisher holds the question's words",
    "cover_all": "its evidence holds the question's words",
    "cover_fact": "the fact itself (not its headings or document) holds the question's words",
    "cover_best": "it holds the question's words as well as any fact does",
    "pairs_missing": "words the question puts together are not together in it",
    "names_missing": "names the question gives are not in its evidence",
    "places_unknown": "a place or group the question names is in no fact",
    "distributive_missing": "the question asks for each/per/average, the fact states none",
    "focus_in_measure": "what the question measures is what it measures",
    "focus_in_own": "what the question measures is in its sentence",
    "focus_head_in_measure": "what the question counts is what it counts",
    "unknown_share": "words of the question are in no fact",
    "rarest_missing": "the rarest word of the question is not in the fact",
    "missing_words": "words of the question are not in the fact",
    "unknown_words": "words of the question are in no fact",
    "kind_fits": "its value is the kind of answer asked for",
    "kind_unfit": "its value is not the kind of answer asked for",
    "no_kind_asked": "the question asks for no kind of answer",
    "date_not_asked": "it is a date, and the question asks for none",
    "period_same_own": "its own period is the one asked",
    "period_same_inherited": "the period it takes from its headings or document is the one asked",
    "period_inside": "its period lies within the one asked",
    "period_covers": "its period covers the one asked",
    "period_disjoint_own": "its own period is not the one asked",
    "period_disjoint_inherited": "the period it takes from its headings or document is not the one "
    "asked",
    "period_missing": "the question names a period, the fact has none",
    "month_named_fits": "its month is the month named",
    "month_named_other": "its month is not the month named",
    "value_named": "the question names its own value (what is known, not what is asked)",
    "value_named_in_sentence": "the value the question names is in its sentence",
    "direction_fits": "it goes the way the question says (up or down)",
    "direction_other": "it goes the other way than the question says",
    "change_asked_fact_change": "the question asks for a change, and it is one",
    "change_asked_fact_level": "the question asks for a change, and it is a level",
    "level_asked_fact_change": "the question asks for a level, and it is a change",
    "fact_is_comparison": "it is a figure compared with (from, than, in parentheses)",
    "comparison_asked_fits": "the question asks for an earlier figure, and it is one",
    "near_period_fits": "the date right by its figure is the one asked",
    "near_period_other": "the date right by its figure is not the one asked",
    "retrieval_rank": "its place among the facts holding the question's words",
    "retrieval_score": "how well its words match the question's",
}


@dataclass(frozen=True)
class Explanation:
    """The answers (none: an abstention) and the lines that say why."""

    answers: list[Answer]
    lines: list[str]


def explain(store: Store, tables: AskTables, text: str, model: Model | None = None) -> Explanation:
    """Answer a question as `ask` does, and say why."""
    model = model or load_model()
    weighing = weigh(store, tables, text, model)
    answers = decide(weighing, model)
    lines = _reading(weighing)
    for number, candidate in enumerate(weighing.candidates[:EXPLAINED_CANDIDATES], 1):
        lines += _candidate(number, candidate, model)
    if not weighing.candidates:
        lines.append("no fact holds the question's words: no candidate")
    else:
        verdict = "answers" if answers else "abstains"
        lines.append(
            f"the best candidate is right with likelihood {weighing.confidence:.2f} "
            f"(threshold {model.threshold:.2f}): factcli {verdict}"
        )
        gap = weighing.decision.get("gap_to_other_value", 0.0)
        if not weighing.decision.get("no_other_value"):
            lines.append(f"  the best fact of another value scores {gap:.2f} lower")
    return Explanation(answers, lines)


def _reading(weighing: Weighing) -> list[str]:
    question = weighing.question
    wanted = question.wanted or "any kind of answer"
    lines = [f"question wants: {wanted}"]
    if question.periods:
        lines.append("period named: " + ", ".join(p.display() for p in question.periods))
    if question.amounts or question.percents:
        named = [f"{a}" for a in question.amounts] + [f"{p}%" for p in question.percents]
        lines.append("values named: " + ", ".join(named))
    if question.names:
        lines.append("names: " + ", ".join(sorted(question.names)))
    if question.focus:
        lines.append("measures: " + ", ".join(sorted(question.focus)))
    weights = weighing.weighed.weights
    if weights:
        shown = sorted(weights.items(), key=lambda item: -item[1])
        lines.append("words (weight): " + ", ".join(f"{s} ({w:.2f})" for s, w in shown))
    lines += weighing.readings
    return lines


def _candidate(number: int, candidate: Candidate, model: Model) -> list[str]:
    record = candidate.record
    frame = " · ".join(
        part for part in (record.subject, record.measure, candidate.evidence.period) if part
    )
    lines = [
        f"candidate {number}: {record.id} = {record.display} (score {candidate.score:.2f})",
        f"  frame: {frame or 'none'}",
    ]
    for name, part in model.contributions(candidate.features)[:EXPLAINED_REASONS]:
        lines.append(f"  {part:+.2f}  {SAID.get(name, name)}")
    return lines
