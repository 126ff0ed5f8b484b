"""Output formats: pure functions from results to text. Only the CLI writes.

Each format is one module with the same functions (`Renderer`); `OutputFormat` is both
the CLI's choice and the way to that module, which mypy checks against `Renderer`.
Every function returns an iterator of text chunks (whole lines, a row or a few rows
each) that the CLI writes as they come: facts streamed from the index are rendered as
they are read, in flat memory, and ``| head -1`` ends the command at the first row. `text`
joins the chunks, for tests and files.
"""

from __future__ import annotations

from enum import Enum
from typing import NoReturn

from factcli.render.base import Chunks, Renderer, Terminal, plural, text

__all__ = ["Chunks", "OutputFormat", "Renderer", "Terminal", "plural", "text"]


class OutputFormat(str, Enum):
    """The output formats of every reading command."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"

    def renderer(self) -> Renderer:
        """The module that renders this format (imported only when used, so plain output
        never loads rich).

        Each module is returned as a `Renderer`, so mypy checks that it has every render
        function of the Protocol with its signature; the last line makes it check that
        every format has a branch.
        """
        if self is OutputFormat.TABLE:
            from factcli.render import table_format

            return table_format
        if self is OutputFormat.PLAIN:
            from factcli.render import plain_format

            return plain_format
        if self is OutputFormat.JSON:
            from factcli.render import json_format

            return json_format
        if self is OutputFormat.JSONL:
            from factcli.render import jsonl_format

            return jsonl_format
        if self is OutputFormat.CSV:
            from factcli.render import csv_format

            return csv_format
        if self is OutputFormat.MARKDOWN:
            from factcli.render import markdown_format

            return markdown_format
        return unreachable(self)


def unreachable(value: NoReturn) -> NoReturn:
    """A branch mypy proves is never taken (as `typing.assert_never`, new in 3.11): a value
    reaches it only when a case was forgotten."""
    raise AssertionError(f"unhandled value: {value!r}")
