"""Answering a plain-English question with the best sourced fact, or honestly not.

1. `question` reads what is asked: the kind of answer, the periods and values named, what
   is measured, the words.
2. `tables` (ask's own, derived from the store) give the facts whose evidence holds the
   question's words: at most `tables.CANDIDATE_LIMIT`, best matches first.
3. `features` turn each candidate's evidence into numbers; `model` ranks the candidates by
   fitted weights.
4. The best candidate answers when the decision model, weighing how far it stands above
   the best fact of another value and its own evidence, finds it likely enough to be right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factcli.ask2.evidence import Evidence
from factcli.ask2.features import Weighed, cover_all, decision_features, features, weigh_terms
from factcli.ask2.model import Model, load_model
from factcli.ask2.question import Question, read_question
from factcli.ask2.tables import AskTables

if TYPE_CHECKING:
    from factcli.model.records import FactRecord
    from factcli.store.store import Store

__all__ = ["Answer", "AskTables", "Candidate", "Question", "Weighing", "ask", "weigh"]


@dataclass(frozen=True)
class Candidate:
    """A fact weighed against a question: its evidence, features and score."""

    record: FactRecord
    evidence: Evidence
    features: dict[str, float]
    score: float


@dataclass(frozen=True)
class Answer:
    """A fact offered as an answer: its score (the model's probability that it answers the
    question) and the evidence behind it."""

    record: FactRecord
    score: float
    evidence: Evidence
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Weighing:
    """A question, how its words were weighed and spelled, every candidate (best first), and
    how likely the best one is to be right."""

    question: Question
    weighed: Weighed
    readings: list[str]
    candidates: list[Candidate]
    decision: dict[str, float]
    confidence: float


def weigh(store: Store, tables: AskTables, text: str, model: Model | None = None) -> Weighing:
    """Every candidate fact of a question, scored, best first."""
    model = model or load_model()
    question = read_question(text)
    readings: list[str] = []
    stems = [_spelled(tables, term.word, term.stem, readings) for term in question.terms]
    frequencies = {stem: tables.frequency(stem) for stem in stems}
    weighed = weigh_terms(stems, frequencies, tables.fact_count)
    positions = tables.candidates([s for s in stems if frequencies[s]])
    evidence = tables.evidence(positions)
    records = dict(zip(positions, store.records_at(positions), strict=True))
    best = max((cover_all(weighed, evidence[p]) for p in positions if p in evidence), default=0.0)
    scored = []
    for rank, pos in enumerate(positions):
        if pos not in evidence:
            continue
        found = features(question, weighed, records[pos], evidence[pos], rank, best)
        scored.append(Candidate(records[pos], evidence[pos], found, model.score(found)))
    scored.sort(key=lambda candidate: -candidate.score)
    decision = decision_features([(c.score, c.features, c.record.value) for c in scored])
    confidence = model.confidence(decision) if scored else 0.0
    return Weighing(question, weighed, readings, scored, decision, confidence)


def _spelled(tables: AskTables, word: str, stem: str, readings: list[str]) -> str:
    """A word's stem as the data knows it; else the stem of the known word it is a small
    typo of ("managment"); else its own, unknown."""
    if tables.frequency(stem) or not word.isalpha():
        return stem
    from factcli.language.words import typo_distance, typo_limit

    limit = typo_limit(word)
    if limit:
        close = min(
            (
                (typo_distance(word, known, limit), known_stem)
                for known, known_stem in tables.spellings(word[0], len(word) - limit,
                                                          len(word) + limit)  # fmt: skip
            ),
            default=(limit + 1, ""),
        )
        if close[0] <= limit and close[1] != stem:
            readings.append(f"{word} ~ {close[1]} (typo)")
            return close[1]
    readings.append(f"{word}: in no fact")
    return stem


def ask(
    store: Store, tables: AskTables, text: str, top: int = 1, model: Model | None = None
) -> list[Answer]:
    """The best answer and up to ``top - 1`` runners-up; none when the evidence is weak or
    two facts of different values are equally supported."""
    model = model or load_model()
    return decide(weigh(store, tables, text, model), model)[:top]


def decide(weighing: Weighing, model: Model) -> list[Answer]:
    """The candidates that answer, best first, or none (see the module's point 4): each
    answer's score is the likelihood that the best one is right."""
    if not weighing.candidates or weighing.confidence < model.threshold:
        return []
    return [
        Answer(c.record, round(weighing.confidence, 3), c.evidence, c.features)
        for c in weighing.candidates
    ]
