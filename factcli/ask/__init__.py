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

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factcli.ask.evidence import Evidence
from factcli.ask.features import (
    Weighed,
    cover_all,
    decision_features,
    features,
    held_stems,
    weigh_terms,
    with_abbreviations,
)
from factcli.ask.model import Model, load_model
from factcli.ask.question import Question, read_question
from factcli.ask.tables import AskTables

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
    named = [period.iso() for period in question.periods]
    retrieved = tables.candidates([s for s in stems if frequencies[s]], named)
    positions = [pos for pos, _ in retrieved]
    retrieval = dict(retrieved)
    records = dict(zip(positions, store.records_at(positions), strict=True))
    stored = tables.evidence(positions)
    evidence = {
        pos: with_abbreviations(question, records[pos], stored[pos])
        for pos in positions
        if pos in stored
    }
    # A word no fact spells may be a name a fact abbreviates ("Nunavut": "Nvt."): it counts
    # as rare as the candidates holding it make it.
    for stem in stems:
        if not frequencies[stem]:
            frequencies[stem] = sum(1 for found in evidence.values() if found.holds(stem))
    weighed = weigh_terms(stems, frequencies, tables.fact_count)
    best = max((cover_all(weighed, found) for found in evidence.values()), default=0.0)
    scored = []
    for rank, pos in enumerate(positions):
        if pos not in evidence:
            continue
        found = features(question, weighed, records[pos], evidence[pos], rank, best, retrieval[pos])
        scored.append(Candidate(records[pos], evidence[pos], found, model.score(found)))
    scored.sort(key=lambda candidate: -candidate.score)
    decision = decision_features(
        [(c.score, c.features, c.record.value) for c in scored],
        [held_stems(weighed.weights, c.evidence) for c in scored],
        weighed.weights,
    )
    confidence = model.confidence(decision) if scored else 0.0
    return Weighing(question, weighed, readings, scored, decision, confidence)


def _spelled(tables: AskTables, word: str, stem: str, readings: list[str]) -> str:
    """A word's stem as the data knows it; else the stem of a known word it is another form
    of (the longest known word sharing most of its start: "Australian": Australia,
    "Canadian": Canada); else that of the known word it is a small typo of ("managment");
    else its own, unknown."""
    if tables.frequency(stem) or not word.isalpha():
        return stem
    from factcli.language.words import typo_distance, typo_limit

    if len(word) >= FORM_PREFIX:
        forms = [
            (_shared_start(word, known), known_stem)
            for known, known_stem in tables.spellings(word[0], FORM_PREFIX, len(word) + 4)
            if known.startswith(word[:FORM_PREFIX])
        ]
        share, form = max(forms, default=(0, ""))
        if share >= FORM_PREFIX and share >= min(len(word), len(form)) - FORM_SLACK:
            readings.append(f"{word} ~ {form} (another form)")
            return form

    limit = typo_limit(word)
    if limit:
        close = min(
            (
                (typo_distance(word, known, limit), known_stem)
                for known, known_stem in tables.spellings(
                    word[0], len(word) - limit, len(word) + limit
                )  # fmt: skip
            ),
            default=(limit + 1, ""),
        )
        if close[0] <= limit and close[1] != stem:
            readings.append(f"{word} ~ {close[1]} (typo)")
            return close[1]
    readings.append(f"{word}: in no fact")
    return stem


# Another form of a known word shares at least this many first letters with it, and all but
# this many letters of the shorter of the two.
FORM_PREFIX = 5
FORM_SLACK = 3


def _shared_start(a: str, b: str) -> int:
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared


def ask(
    store: Store, tables: AskTables, text: str, top: int = 1, model: Model | None = None
) -> list[Answer]:
    """The best answer and up to ``top - 1`` runners-up; none when the evidence is weak or
    two facts of different values are equally supported."""
    model = model or load_model()
    return decide(weigh(store, tables, text, model), model)[:top]


def decide(weighing: Weighing, model: Model) -> list[Answer]:
    """The candidates that answer, best first, or none (see the module's point 4). The best
    one's score is the likelihood that it is right; a runner-up's is that likelihood scaled
    by how much less the ranking supports it (the ratio of their softmax probabilities)."""
    if not weighing.candidates or weighing.confidence < model.threshold:
        return []
    top = weighing.candidates[0].score
    return [
        Answer(
            c.record,
            round(weighing.confidence * math.exp(max(c.score - top, -50.0)), 3),
            c.evidence,
            c.features,
        )
        for c in weighing.candidates
    ]
