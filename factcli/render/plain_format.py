"""plain: tab-separated lines without header or color, for grep, cut and awk.

Facts: ``id<TAB>kind<TAB>value<TAB>statement<TAB>source-id``, value in machine form;
with --fields, those columns in that order.
Details (show): ``field<TAB>value`` lines, a blank line between facts.
Sources: ``id<TAB>published<TAB>facts<TAB>file-status<TAB>url<TAB>title``.
Timeline: ``date<TAB>id<TAB>statement``. Answers: as facts, best first.
Series: ``unit<TAB>subject<TAB>period<TAB>value<TAB>number<TAB>display<TAB>measure<TAB>id<TAB>
source`` (`model.series.SERIES_COLUMNS`).


Many questions: ``question<TAB>value<TAB>id<TAB>source``, one line each (empty value, id
and source for a question without an answer).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from factcli.model.records import (
    AnsweredQuestions,
    Listing,
    SourceSummary,
    answers,
    flat_row,
    frame_text,
    timeline_date,
)
from factcli.model.series import SeriesListing
from factcli.render.base import Chunks, Terminal

if TYPE_CHECKING:
    # Only for annotations: the extraction package is heavy, and only `extract` draws it.
    from factcli.extract.candidates import Candidate


def clean(field: str) -> str:
    """A field fit for one TSV cell: tabs and line breaks become spaces."""
    if field.isprintable():  # the usual case: no tab, no line break of any kind
        return field
    return " ".join(field.replace("\t", " ").splitlines())


def _line(row: Sequence[str]) -> str:
    return "\t".join(clean(field) for field in row) + "\n"


def _lines(rows: Iterable[Sequence[str]]) -> Chunks:
    return map(_line, rows)


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    if columns := listing.fields:
        return _lines([flat_row(r)[c] for c in columns] for r in listing.stream())
    return _lines((r.id, r.kind, r.value, r.statement, r.source.id) for r in listing.stream())


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    for n, record in enumerate(listing.stream()):
        row = flat_row(record)
        shown = ((c, row[c]) for c in listing.fields) if listing.fields else row.items()
        block = (_line((column, value)) for column, value in shown if value)
        yield ("\n" if n else "") + "".join(block)


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    """``id<TAB>kind<TAB>value<TAB>frame<TAB>statement<TAB>source``: the frame is the
    answer's subject · measure · period."""
    return _lines(
        (r.id, r.kind, r.value, frame_text(frame), r.statement, r.source.id)
        for r, _, frame in answers(listing)
    )


def render_timeline(listing: Listing, terminal: Terminal) -> Chunks:
    return _lines((timeline_date(r), r.id, r.statement) for r in listing.stream())


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks:
    return _lines(
        (
            s.info.id,
            s.info.published or "",
            str(s.fact_count),
            s.file_status,
            s.info.url or "",
            s.info.title,
        )
        for s in sources
    )


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> Chunks:
    """``candidate<TAB>kind<TAB>value<TAB>qualifier<TAB>text<TAB>sentence``."""
    return _lines(
        (c.id, c.kind, c.value.machine(), c.qualifier, c.text, c.sentence) for c in candidates
    )


def render_series(listing: SeriesListing, terminal: Terminal) -> Chunks:
    """One point a line, its `SERIES_COLUMNS` in order (a row's own order)."""
    return _lines(list(point.row().values()) for point in listing.stream())


def render_questions(questions: AnsweredQuestions, terminal: Terminal) -> Chunks:
    return _lines(answered.row() for answered in questions.questions)
