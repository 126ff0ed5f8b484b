"""json: one array of fact objects (source metadata embedded), for jq and other tools."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from factcli.exports.shapes import json_array
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


def array(objects: Iterable[object]) -> Chunks:
    """A JSON array written one element at a time, the very text `dumps` gives for the
    whole list."""
    yield from json_array(objects)
    yield "\n"


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    return array(fact_objects(listing))


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    return render_facts(listing, terminal)


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    return array(answer_objects(listing))


def render_timeline(listing: Listing, terminal: Terminal) -> Chunks:
    return array(timeline_objects(listing))


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks:
    return array(source.to_json() for source in sources)


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> Chunks:
    return array(candidate.to_json() for candidate in candidates)


def render_series(listing: SeriesListing, terminal: Terminal) -> Chunks:
    return array(point.to_json() for point in listing.stream())


def render_questions(questions: AnsweredQuestions, terminal: Terminal) -> Chunks:
    """One object per question: ``{"question": ..., "answer": <fact object> or null}``."""
    return array(answered.to_json() for answered in questions.questions)
