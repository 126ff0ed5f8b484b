"""Text shapes every writer of facts shares: CSV tables that no spreadsheet runs as
formulas, and JSON arrays written an element at a time.

The output formats (`factcli.render`) and the file exports both write through these, so a
CSV cell or a JSON array reads the same wherever factcli wrote it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence

# Columns whose cells factcli writes itself as numbers: never a formula, never changed.
NUMERIC_COLUMNS = frozenset(("value", "number", "start", "end", "score", "facts"))
# A spreadsheet runs a cell that begins with these as a formula (a tab or a carriage
# return may stand before one).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula: as OWASP advises, a leading
    ``'``, which spreadsheets show as text."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def csv_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """A CSV table (RFC 4180 quoting, CRLF line ends): the header, then one chunk per row;
    text cells neutralised, numeric columns (`NUMERIC_COLUMNS`) as written."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    is_text = [column not in NUMERIC_COLUMNS for column in header]
    writer.writerow(header)
    yield _taken(out)
    for row in rows:
        writer.writerow([neutralised(c) if t else c for c, t in zip(row, is_text, strict=True)])
        yield _taken(out)


def _taken(out: io.StringIO) -> str:
    """What was written to ``out``, which is then emptied."""
    written = out.getvalue()
    out.seek(0)
    out.truncate()
    return written


def dumps(value: object) -> str:
    """JSON as factcli writes it: indented, UTF-8 characters kept, newline at the end."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def json_array(objects: Iterable[object], indent: str = "") -> Iterator[str]:
    """A JSON array written one element at a time, the very text `json.dumps` with an
    indent of 2 gives for the whole list standing at ``indent`` (no newline after it)."""
    inner = indent + "  "
    first = True
    for obj in objects:
        yield ("[\n" if first else ",\n") + inner + indented(obj, inner)
        first = False
    yield "[]" if first else "\n" + indent + "]"


# One encoder for every scalar (json.dumps makes a new one per call when given options).
_scalar = json.JSONEncoder(ensure_ascii=False).encode


def indented(value: object, indent: str) -> str:
    """``json.dumps(value, indent=2)`` as it stands at ``indent``.

    json.dumps with an indent runs the pure-Python encoder, whose nested functions form a
    reference cycle on every call: with the cycle collector off (`factcli.entry`), a
    million calls would hold gigabytes. Scalars go through the C encoder instead.
    """
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = (
            f"{inner}{_scalar(str(key))}: {indented(item, inner)}" for key, item in value.items()
        )
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list | tuple) and value:
        items = (inner + indented(item, inner) for item in value)
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return _scalar(value)
