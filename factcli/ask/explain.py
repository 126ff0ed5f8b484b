"""`ask --explain`: why a question was answered or not, in plain lines.

It says how the question was read (the kind of answer, what it names, how unknown words
were spelled), which words of the answer matched in which field, and for the best facts
that were not taken, the constraint each failed or the score it fell short with.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcli.ask.corpus import AskCorpus
from factcli.ask.question import Question, read_question
from factcli.ask.rank import (
    ANSWER_THRESHOLD,
    EXPLAINED_REJECTIONS,
    Answer,
    Candidate,
    Resolved,
    answers_of,
    weigh,
)


@dataclass(frozen=True)
class Explanation:
    """The answers (none: an abstention) and the lines that say why."""

    answers: list[Answer]
    lines: list[str]


def explain(corpus: AskCorpus, question_text: str, top: int = 1) -> Explanation:
    """Answer a question as `ask` does, and say why."""
    question = read_question(question_text)
    asked, candidates = weigh(corpus, question)
    answers = answers_of(question, candidates)
    lines = _reading(question, asked)
    if answers:
        best = next(c for c in candidates if c.fact.record.id == answers[0].record.id)
        record = best.fact.record
        lines.append(
            f"answer: {record.id} = {record.display} (score {best.score} >= {ANSWER_THRESHOLD})"
        )
        lines.extend(_matches(best, question, asked))
        others = [c for c in candidates if c is not best][:EXPLAINED_REJECTIONS]
    else:
        lines.append("answer: none")
        others = candidates[: EXPLAINED_REJECTIONS + 1]
        unknown = [name for name, words in asked.names if any(w in asked.unknown for w in words)]
        for name in unknown:
            lines.append(f"  '{name}' is not in any fact, paragraph or document")
        if not candidates and not unknown:
            words = " ".join(sorted(asked.unknown))
            lines.append(
                f"  words no fact holds ({words}) weigh more than half of the question"
                if asked.unknown
                else "  no fact holds enough of the question's words to be a candidate"
            )
    for candidate in others:
        lines.append(f"not {candidate.fact.record.id}: {_why_not(candidate, bool(answers))}")
    return Explanation(answers[:top], lines)


def _reading(question: Question, asked: Resolved) -> list[str]:
    lines = [f"question: {question.text}", f"wants: {question.kind or 'any kind of fact'}"]
    named = [
        *(f"date {day.display()}" for day in question.dates),
        *(f"amount {amount:,}" for amount in question.amounts),
        *(f"ratio {a} in {b}" for a, b in question.ratios),
        *(f"number {number}" for number in question.numbers),
        *(f"name '{name}'" for name, _ in asked.names),
    ]
    if named:
        lines.append(f"names: {', '.join(named)} (must hold for the answer)")
    if asked.focus:
        lines.append(f"counts: {' '.join(sorted(asked.focus))}")
    if question.distributive:
        lines.append(f"asks for: {', '.join(question.distributive)}")
    lines.append(f"words: {' '.join(asked.terms) or '(none)'}")
    lines.extend(f"  {reading}" for reading in asked.readings)
    return lines


def _matches(candidate: Candidate, question: Question, asked: Resolved) -> list[str]:
    fact = candidate.fact
    found = [f"  {term}: what the fact counts" for term in sorted(asked.focus & fact.measure)]
    found += [f"  {amount:,}: stated in its sentence" for amount in question.amounts]
    found += [f"  {a} in {b}: stated in its sentence" for a, b in question.ratios]
    found += [f"  {term}: {name}" for term, name in candidate.matched.items()]
    missing = [
        t for t in asked.terms
        if t not in candidate.matched and t not in asked.named
        and not (t in asked.focus and t in fact.measure)
    ]  # fmt: skip
    if missing:
        found.append(f"  not found: {' '.join(missing)}")
    return found


def _why_not(candidate: Candidate, answered: bool) -> str:
    if candidate.rejected:
        return candidate.rejected
    if candidate.score < ANSWER_THRESHOLD:
        return f"score {candidate.score} < {ANSWER_THRESHOLD} (too little of the question found)"
    if not answered:
        return f"score {candidate.score}, tied with another fact: the question does not say which"
    return f"score {candidate.score}, ranked lower"
