"""csv: a header row, then one row per fact with its source flattened (RFC 4180 quoting).

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, which a dataset could use to run commands or
send data away. As OWASP advises, such cells of text columns get a leading ``'``, which
spreadsheets show as text. Numeric columns (value, number, start, end, score, facts) are
never changed: their cells are what factcli itself writes, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from factcli.data.records import FLAT_COLUMNS, Listing, SourceSummary, flat_row, timeline_date
from factcli.render.base import Chunks, Terminal

if TYPE_CHECKING:
    # Only for annotations: the extraction package is heavy, and only `extract` draws it.
    from factcli.extract.candidates import Candidate

SOURCE_COLUMNS = ("id", "title", "publisher", "published", "url", "rights", "file", "sha256",
                  "facts", "file_status")  # fmt: skip


NUMERIC_COLUMNS = frozenset(("value", "number", "start", "end", "score", "facts"))
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Chunks:
    """The header, then one chunk per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    is_text = [column not in NUMERIC_COLUMNS for column in header]
    writer.writerow(header)
    yield _taken(out)
    for row in rows:
        writer.writerow([neutralised(c) if t else c for c, t in zip(row, is_text, strict=True)])
        yield _taken(out)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Chunks:
    """Any table in this module's csv: the header, then one chunk per row."""
    return _table(header, rows)


def _taken(out: io.StringIO) -> str:
    """What was written to ``out``, which is then emptied."""
    written = out.getvalue()
    out.seek(0)
    out.truncate()
    return written


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    columns = listing.fields or FLAT_COLUMNS
    rows = ([flat_row(record)[c] for c in columns] for record in listing.stream())
    return _table(columns, rows)


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    return render_facts(listing, terminal)


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    rows = (
        [*flat_row(record).values(), str(score)]
        for record, score in zip(listing.stream(), listing.scores, strict=False)
    )
    return _table((*FLAT_COLUMNS, "score"), rows)


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
