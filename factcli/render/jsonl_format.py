"""jsonl: one JSON fact object a line, for streaming tools and line-based loaders."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from factcli.model.records import (
    AnsweredQuestions,
    Listing,
    SourceSummary,
    answer_objects,
    fact_objects,
    timeline_objects,
)
from factcli.model.series import SeriesListing
from factcli.render.base import Chunks, Terminal

if TYPE_CHECKING:
    # Only for annotations: the extraction package is heavy, and only `extract` draws it.
    from factcli.extract.candidates import Candidate

# One encoder for every line: `json.dumps` with options makes a new one per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _lines(objects: Iterable[object]) -> Chunks:
    return (_encode(obj) + "\n" for obj in objects)


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    return _lines(fact_objects(listing))


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    return render_facts(listing, terminal)


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    return _lines(answer_objects(listing))


def render_timeline(listing: Listing, terminal: Terminal) -> Chunks:
    return _lines(timeline_objects(listing))


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks:
    return _lines(source.to_json() for source in sources)


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> Chunks:
    return _lines(candidate.to_json() for candidate in candidates)


def render_series(listing: SeriesListing, terminal: Terminal) -> Chunks:
    return _lines(point.to_json() for point in listing.stream())


def render_questions(questions: AnsweredQuestions, terminal: Terminal) -> Chunks:
    """One object per question: ``{"question": ..., "answer": <fact object> or null}``."""
    return _lines(answered.to_json() for answered in questions.questions)
