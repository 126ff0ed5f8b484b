"""Tables written as text: the unit a column's header (or the line above the table) gives
its cells.

A table of figures states its unit once: "In Millions of Dollars" above it, "(in
billions)" or "(NZ$ million)" in a column's header, "Fiscal Year" over a column of years.
A cell's figure means that unit: "$4,242,825" under "In Millions of Dollars" is
4,242,825,000,000 dollars, "10,061" under "GDP 2023 (NZ$ million)" is NZ$10,061 million,
"2026" under "Fiscal Year" is FY2026. Extraction reads a cell with the unit of its column,
and `verify` reads a fact's text back with the unit of the column its quote stands in, from
the same document text, so what is extracted verifies.

A table here is a block of lines (between blank lines) of cells parted by "|": a markdown
table, or a table a converter wrote out. Its header is the lines before a "---|---" rule;
without a rule, the rows at its top with no figure in any cell.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcli.language.currencies import CODE_PATTERN, NAME_AFTER_PATTERN, SIGN_PATTERN
from factcli.language.patterns import any_word
from factcli.language.scales import PLURAL_SCALES, SCALE_ABBREVIATIONS, SCALE_WORDS

# The short blocks above a table that may state its unit ("In Millions of Dollars").
CAPTION_BLOCKS = 2
MAX_CAPTION_CHARACTERS = 300

# The scale words a header writes: a word, its plural, or a short form ("(NZ$ m)"), but
# not a lone "b" or "t".
_SCALE_WORDS = {
    **SCALE_WORDS,
    **PLURAL_SCALES,
    **{short: n for short, n in SCALE_ABBREVIATIONS.items() if short not in ("b", "t")},
}
_SCALE = any_word(_SCALE_WORDS)
# A unit in parentheses: "(in billions)", "(NZ$ million)", "(NZ$)", "($ millions)", "(EUR
# million)", "(millions of dollars)".
_PARENTHESIZED_UNIT = re.compile(
    rf"\(\s*(?:in\s+)?(?:(?P<currency>{SIGN_PATTERN}|{CODE_PATTERN})\s*)?"
    rf"(?:(?P<scale>{_SCALE})\s*)?(?:of\s+(?P<name>{NAME_AFTER_PATTERN}|{CODE_PATTERN})\s*)?\)",
    re.IGNORECASE,
)
# A unit in words: "In Millions of Dollars", "in thousands", "billions of euros".
_WORDED_UNIT = re.compile(
    rf"\b(?:in\s+)?(?P<scale>{any_word(PLURAL_SCALES)})"
    rf"(?:\s+of\s+(?P<name>{NAME_AFTER_PATTERN}|{CODE_PATTERN}))?\b",
    re.IGNORECASE,
)
_FISCAL_YEAR_HEADER = re.compile(r"\b(?:fiscal\s+years?|FY)\b", re.IGNORECASE)
_PERIOD_HEADER = re.compile(
    r"^\W*(?:fiscal\s+|calendar\s+|financial\s+)?(?:years?|FY|period|quarter|month|date)\W*$",
    re.IGNORECASE,
)
# A header's rule, of a line stripped of its blanks: "---|---", "| :--- | ---: |".
_RULE = re.compile(r"\|?\s*:?-{3,}:?(?:\s*\|\s*:?-{3,}:?)*\s*\|?")
# A cell that is a figure: a number with its sign, currency sign and percent.
_FIGURE_CELL = re.compile(rf"[+−‑-]?\s?(?:{SIGN_PATTERN})?\s?\d[\d,.]*(?:\s?%)?", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnUnit:
    """What a table's header says its column's figures are.

    ``scale`` multiplies a figure written without its own scale word; ``currency`` is the
    currency as written ("NZ$", "dollars", "EUR"), which makes a bare number money;
    ``fiscal_years``: a bare year in the column is a fiscal year.
    """

    scale: int | None = None
    currency: str | None = None
    fiscal_years: bool = False

    def __bool__(self) -> bool:
        return bool(self.scale or self.currency or self.fiscal_years)


@dataclass
class _Table:
    start: int  # where the table's block starts in the text
    end: int
    rows: list[tuple[int, str]]  # each line: where it starts, and its text
    header: int  # how many of the rows are header (a rule line counts as one)
    caption: str

    @functools.cached_property
    def row_starts(self) -> list[int]:
        return [start for start, _ in self.rows]

    def column_at(self, row: int, position: int) -> int:
        """The column of a position in a row: the cells before it ("| a | b" starts with
        an empty one that is no column). Each row's borders are found once."""
        if row not in self._borders:
            line_start, line = self.rows[row]
            self._borders[row] = [line_start + at for at, c in enumerate(line) if c == "|"]
        borders = self._borders[row]
        before = bisect.bisect_left(borders, position)
        return before - 1 if self.rows[row][1].lstrip().startswith("|") else before

    @functools.cached_property
    def _borders(self) -> dict[int, list[int]]:
        return {}


class Tables:
    """The tables of a document, read once (a line at a time: linear in the text): the
    unit of each cell's column, and where the headers stand."""

    def __init__(self, text: str) -> None:
        self._tables: list[_Table] = []
        if "|" in text:
            for block_start, block in _blocks(text):
                if (table := _table_of(text, block_start, block)) is not None:
                    self._tables.append(table)
        self._starts = [table.start for table in self._tables]
        self._units: dict[tuple[int, int], ColumnUnit] = {}

    def unit_at(self, position: int) -> ColumnUnit | None:
        """The unit the table gives the cell at ``position``: from its column's header,
        else from a unit line above the table; None outside a table's data rows."""
        found = self._cell_at(position)
        if found is None:
            return None
        if found not in self._units:
            number, column = found
            table = self._tables[number]
            self._units[found] = _unit(" ".join(_header_cells(table, column)), table.caption)
        return self._units[found]

    def header_words(self, position: int) -> str | None:
        """The header's words of the column of the cell at ``position``, or None where the
        position is in no table's data row."""
        found = self._cell_at(position)
        if found is None:
            return None
        number, column = found
        return " ".join(_header_cells(self._tables[number], column))

    def header_spans(self) -> list[tuple[int, int]]:
        """Where each table's header stands (start and end)."""
        spans = []
        for table in self._tables:
            if table.header:
                last_start, last = table.rows[table.header - 1]
                spans.append((table.start, last_start + len(last)))
        return spans

    def data_cells(self) -> Iterator[tuple[int, str, ColumnUnit]]:
        """Each cell of the tables' data rows: where its text starts, the text, and the
        unit of its column."""
        for number, table in enumerate(self._tables):
            for line_start, line in table.rows[table.header :]:
                offset = line_start
                for column, cell in enumerate(line.split("|")):
                    if column or not line.lstrip().startswith("|"):
                        index = column - 1 if line.lstrip().startswith("|") else column
                        unit = self._units.get((number, index))
                        if unit is None:
                            header = " ".join(_header_cells(table, index))
                            unit = self._units[number, index] = _unit(header, table.caption)
                        yield offset, cell, unit
                    offset += len(cell) + 1

    def _cell_at(self, position: int) -> tuple[int, int] | None:
        """The table and the column of a position in a data row."""
        number = bisect.bisect_right(self._starts, position) - 1
        if number < 0 or position >= self._tables[number].end:
            return None
        table = self._tables[number]
        row = bisect.bisect_right(table.row_starts, position) - 1
        if row < table.header:
            return None
        return number, table.column_at(row, position)


@functools.lru_cache(maxsize=8)
def document_tables(text: str) -> Tables:
    """The tables of a document's text, read once for all its figures (extraction reads
    every cell of a table, and `verify` every fact of a source)."""
    return Tables(text)


def column_unit(text: str, position: int) -> ColumnUnit | None:
    """The unit a table of ``text`` gives the cell at ``position``: from its column's
    header, else from a unit line above the table; None outside a table's data rows."""
    return document_tables(text).unit_at(position)


def header_spans(text: str) -> list[tuple[int, int]]:
    """Where the headers of the document's tables stand (start and end of each), so that
    a year in a column's header ("GDP 2023") is read as the column's period."""
    return document_tables(text).header_spans()


def _cells(line: str) -> list[str]:
    cells = line.split("|")
    return cells[1:] if line.lstrip().startswith("|") else cells


def _header_cells(table: _Table, column: int) -> list[str]:
    lines = [line for _, line in table.rows[: table.header] if not _RULE.fullmatch(line.strip())]
    if table.header < len(table.rows) and _RULE.fullmatch(table.rows[table.header - 1][1].strip()):
        # A header above a rule is one row, its cells wrapped over lines: join them.
        cells = _cells(" ".join(lines))
        return [cells[column]] if column < len(cells) else []
    return [cells[column] for cells in map(_cells, lines) if column < len(cells)]


def _unit(header: str, caption: str) -> ColumnUnit:
    fiscal = bool(_FISCAL_YEAR_HEADER.search(header))
    # A column of periods ("Fiscal Year", "Quarter") takes no unit of the table's caption:
    # its cells are dates, not amounts.
    sources = (header,) if _PERIOD_HEADER.search(header) else (header, caption)
    for words in sources:
        for pattern in (_PARENTHESIZED_UNIT, _WORDED_UNIT):
            for match in pattern.finditer(words):
                fields = match.groupdict()
                currency = fields.get("currency") or fields.get("name")
                scale = fields.get("scale")
                if currency or scale:
                    return ColumnUnit(
                        _SCALE_WORDS[scale.lower()] if scale else None, currency, fiscal
                    )
    return ColumnUnit(fiscal_years=fiscal)


def _blocks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """The blocks of lines between blank lines in ``text[start:end]``, with where each
    starts (read line by line: linear in the text, whatever it holds)."""
    end = len(text) if end is None else end
    found: list[tuple[int, str]] = []
    block_start = None
    offset = start
    while offset <= end:
        line_end = text.find("\n", offset, end)
        if line_end < 0:
            line_end = end
        blank = not text[offset:line_end].strip()
        if blank and block_start is not None:
            found.append((block_start, text[block_start : offset - 1]))
            block_start = None
        elif not blank and block_start is None:
            block_start = offset
        offset = line_end + 1
    if block_start is not None:
        found.append((block_start, text[block_start:end]))
    return found


def _table_of(text: str, block_start: int, block: str) -> _Table | None:
    if "|" not in block:
        return None
    rows: list[tuple[int, str]] = []
    offset = block_start
    for line in block.split("\n"):
        rows.append((offset, line))
        offset += len(line) + 1
    rule = next((n for n, (_, line) in enumerate(rows) if _RULE.fullmatch(line.strip())), None)
    if rule is None and sum("|" in line for _, line in rows) < 2:
        return None
    if rule is not None:
        header = rule + 1
    else:
        header = next((n for n, (_, line) in enumerate(rows) if _has_figure(line)), len(rows))
    return _Table(block_start, block_start + len(block), rows, header, _caption(text, block_start))


def _has_figure(line: str) -> bool:
    return any(_FIGURE_CELL.fullmatch(cell.strip(" \t*_")) for cell in _cells(line)[1:])


def _caption(text: str, block_start: int) -> str:
    """The short blocks just above a table (its title, a line "In Millions of Dollars")."""
    low = max(0, block_start - CAPTION_BLOCKS * MAX_CAPTION_CHARACTERS)
    above = _blocks(text, low, block_start)[-CAPTION_BLOCKS:]
    kept = []
    for _, block in reversed(above):
        if len(block) > MAX_CAPTION_CHARACTERS or "|" in block:
            break
        kept.append(block)
    return " ".join(reversed(kept))
