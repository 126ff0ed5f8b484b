"""Output formats: pure functions from results to text. Only the CLI writes.

Each format is one module with the same functions (`Renderer`); `OutputFormat` is both
the CLI's choice and the way to that module. Every function returns an iterator of text
chunks (whole lines, a row or a few rows each) that the CLI writes as they come: facts
streamed from the index are rendered as they are read, in flat memory, and ``| head -1``
ends the command at the first row. `text` joins the chunks, for tests and files.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from factcli.data.records import Listing, SourceSummary
    from factcli.extract.candidates import Candidate


@dataclass(frozen=True)
class Terminal:
    """Where a table goes: how wide it may be and whether it may use color."""

    width: int = 100
    color: bool = False


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 fact``, ``3 facts``; ``2 indexes`` with an irregular plural given."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural_form or noun + 's'}"


# What every render function returns: text chunks, in order, to be written as they come.
Chunks = Iterator[str]


def text(chunks: Iterable[str]) -> str:
    """All the chunks of a rendering as one text."""
    return "".join(chunks)


class Renderer(Protocol):
    """What every output format module provides."""

    def render_facts(self, listing: Listing, terminal: Terminal) -> Chunks: ...

    def render_details(self, listing: Listing, terminal: Terminal) -> Chunks: ...

    def render_sources(self, sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks: ...

    def render_answers(self, listing: Listing, terminal: Terminal) -> Chunks: ...

    def render_timeline(self, listing: Listing, terminal: Terminal) -> Chunks: ...

    def render_candidates(self, candidates: Sequence[Candidate], terminal: Terminal) -> Chunks: ...


class OutputFormat(str, Enum):
    """The output formats of every reading command."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"

    def renderer(self) -> Renderer:
        """The module that renders this format (imported only when used)."""
        module = importlib.import_module(f"factcli.render.{self.value}_format")
        return cast(Renderer, module)
