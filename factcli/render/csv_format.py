"""csv: a header row, then one row per fact with its source flattened (RFC 4180 quoting).

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula,
which a dataset could use to run commands or send data away: such cells of text columns
are neutralised (`exports.shapes.csv_table`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from factcli.exports.shapes import csv_table
from factcli.model.records import (
    FLAT_COLUMNS,
    QUESTION_COLUMNS,
    AnsweredQuestions,
    Listing,
    SourceSummary,
    answers,
    flat_row,
    timeline_date,
)
from factcli.model.series import SERIES_COLUMNS, SeriesListing
from factcli.render.base import Chunks, Terminal

if TYPE_CHECKING:
    # Only for annotations: the extraction package is heavy, and only `extract` draws it.
    from factcli.extract.candidates import Candidate

SOURCE_COLUMNS = ("id", "title", "publisher", "published", "url", "rights", "file", "sha256",
                  "facts", "file_status")  # fmt: skip


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Chunks:
    return csv_table(header, rows)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Chunks:
    """Any table in this module's csv: the header, then one chunk per row."""
    return csv_table(header, rows)


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    columns = listing.fields or FLAT_COLUMNS
    if columns == FLAT_COLUMNS:
        rows: Iterable[Sequence[str]] = (list(flat_row(r).values()) for r in listing.stream())
    else:
        rows = (_picked(flat_row(record), columns) for record in listing.stream())
    return _table(columns, rows)


def _picked(row: dict[str, str], columns: Sequence[str]) -> list[str]:
    return [row[column] for column in columns]


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    return render_facts(listing, terminal)


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    rows = (
        [*flat_row(record).values(), frame["period"] or "", str(score)]
        for record, score, frame in answers(listing)
    )
    return _table((*FLAT_COLUMNS, "period", "score"), rows)


def render_timeline(listing: Listing, terminal: Terminal) -> Chunks:
    rows = ([timeline_date(record), *flat_row(record).values()] for record in listing.stream())
    return _table(("date", *FLAT_COLUMNS), rows)


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks:
    rows = ([_cell(s.to_json()[column]) for column in SOURCE_COLUMNS] for s in sources)
    return _table(SOURCE_COLUMNS, rows)


def _cell(value: object) -> str:
    return "" if value is None else str(value)  # a detail not stated is an empty cell


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> Chunks:
    from factcli.extract.candidates import CANDIDATE_COLUMNS, candidate_row

    return _table(CANDIDATE_COLUMNS, (list(candidate_row(c).values()) for c in candidates))


def render_series(listing: SeriesListing, terminal: Terminal) -> Chunks:
    return _table(SERIES_COLUMNS, (list(point.row().values()) for point in listing.stream()))


def render_questions(questions: AnsweredQuestions, terminal: Terminal) -> Chunks:
    """question, value, id, source: one row per question (empty cells when unanswered)."""
    return _table(QUESTION_COLUMNS, (answered.row() for answered in questions.questions))
