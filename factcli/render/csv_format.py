"""csv: a header row, then one row per fact with its source flattened (RFC 4180 quoting).

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, which a dataset could use to run commands or
send data away. As OWASP advises, such cells of text columns get a leading ``'``, which
spreadsheets show as text. Numeric columns (value, start, end, score, facts) are never
changed: their cells are what factcli itself writes, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from factcli.extract.candidates import CANDIDATE_COLUMNS, Candidate, candidate_row
from factcli.records import FLAT_COLUMNS, Listing, SourceSummary, flat_row, timeline_date
from factcli.render import Terminal

SOURCE_COLUMNS = ("id", "title", "publisher", "published", "url", "rights", "file", "sha256",
                  "facts", "file_status")  # fmt: skip


NUMERIC_COLUMNS = frozenset(("value", "start", "end", "score", "facts"))
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    text = [column not in NUMERIC_COLUMNS for column in header]
    writer.writerows(
        [neutralised(cell) if is_text else cell for cell, is_text in zip(row, text, strict=True)]
        for row in rows
    )
    return out.getvalue()


def render_facts(listing: Listing, terminal: Terminal) -> str:
    rows = (list(flat_row(record).values()) for record in listing.records)
    return _table(FLAT_COLUMNS, rows)


def render_details(listing: Listing, terminal: Terminal) -> str:
    return render_facts(listing, terminal)


def render_answers(listing: Listing, terminal: Terminal) -> str:
    rows = (
        [*flat_row(record).values(), str(score)]
        for record, score in zip(listing.records, listing.scores, strict=True)
    )
    return _table((*FLAT_COLUMNS, "score"), rows)


def render_timeline(listing: Listing, terminal: Terminal) -> str:
    rows = ([timeline_date(record), *flat_row(record).values()] for record in listing.records)
    return _table(("date", *FLAT_COLUMNS), rows)


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> str:
    rows = ([str(s.to_json()[column]) for column in SOURCE_COLUMNS] for s in sources)
    return _table(SOURCE_COLUMNS, rows)


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> str:
    return _table(CANDIDATE_COLUMNS, (list(candidate_row(c).values()) for c in candidates))
