"""What every output format shares: the `Renderer` Protocol, the terminal a table is for,
and the chunks of text renderings return.

The format modules import this module, never the package's `OutputFormat`, which imports
them: so no format imports its own importer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from factcli.extract.candidates import Candidate
    from factcli.model.records import AnsweredQuestions, Listing, SourceSummary
    from factcli.model.series import SeriesListing


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

    def render_series(self, listing: SeriesListing, terminal: Terminal) -> Chunks: ...

    def render_questions(self, questions: AnsweredQuestions, terminal: Terminal) -> Chunks: ...
