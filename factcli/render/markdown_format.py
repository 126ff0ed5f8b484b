"""markdown: a GitHub-flavoured table for reports, each fact linked to its document.

Text from the dataset cannot break out of its cell or inject markup: ``&``, ``<`` and
``>`` are written as HTML entities (no tag or comment reaches a renderer), ``|`` is
escaped in every cell, link addresses included, and so are the characters of emphasis,
code and links (``*``, ``_``, backticks, ``[``, ``]``): a fact's words show as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from factcli.model.records import (
    NOT_STATED,
    QUESTION_COLUMNS,
    AnsweredQuestions,
    FactRecord,
    Listing,
    SourceSummary,
    answers,
    frame_text,
    timeline_date,
)
from factcli.model.series import SERIES_COLUMNS, SeriesListing
from factcli.render.base import Chunks, Terminal

if TYPE_CHECKING:
    # Only for annotations: the extraction package is heavy, and only `extract` draws it.
    from factcli.extract.candidates import Candidate

FACT_COLUMNS = ("id", "kind", "value", "statement", "quote", "source")
SOURCE_COLUMNS = ("id", "title", "publisher", "published", "facts", "file")


# Markdown's own characters in a cell, each written with a backslash (CommonMark 2.4).
_MARKUP = str.maketrans({char: "\\" + char for char in "\\|*_`[]"})


def cell(text: str) -> str:
    """Text safe inside a table cell: HTML, markup, pipes and line breaks escaped."""
    escaped = (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").translate(_MARKUP)
    )
    return "<br>".join(escaped.splitlines()) if escaped else ""


# Characters of an address that could end a link or a cell, percent-encoded.
_URL_ESCAPES = {"(": "%28", ")": "%29", "|": "%7C", "<": "%3C", ">": "%3E", " ": "%20",
                "\\": "%5C", "[": "%5B", "]": "%5D", "`": "%60", '"': "%22"}  # fmt: skip
_URL_TABLE = str.maketrans(_URL_ESCAPES)


def link(text: str, url: str | None) -> str:
    """A markdown link whose text and address cannot break out of it (the text alone when
    the document states no address)."""
    label = cell(text)
    return f"[{label}]({url.translate(_URL_TABLE)})" if url else label


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Chunks:
    yield "| " + " | ".join(header) + " |\n" + "|" + "---|" * len(header) + "\n"
    for row in rows:
        yield "| " + " | ".join(row) + " |\n"


def _fact_cells(r: FactRecord) -> tuple[str, ...]:
    return (
        f"`{r.id}`",
        r.kind,
        cell(r.display),
        cell(r.statement),
        cell(f"“{r.quote}”"),
        link(r.source.title, r.source.url),
    )


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    return _table(FACT_COLUMNS, (_fact_cells(r) for r in listing.stream()))


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    rows = (
        (*_fact_cells(r), frame_text(frame), str(score)) for r, score, frame in answers(listing)
    )
    return _table((*FACT_COLUMNS, "frame", "score"), rows)


def render_timeline(listing: Listing, terminal: Terminal) -> Chunks:
    rows = ((timeline_date(r), *_fact_cells(r)) for r in listing.stream())
    return _table(("date", *FACT_COLUMNS), rows)


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    return render_facts(listing, terminal)


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks:
    rows = (
        (
            f"`{s.info.id}`",
            link(s.info.title, s.info.url),
            cell(s.info.publisher or NOT_STATED),
            s.info.published or NOT_STATED,
            str(s.fact_count),
            s.file_status,
        )
        for s in sources
    )
    return _table(SOURCE_COLUMNS, rows)


CANDIDATE_COLUMNS = ("candidate", "kind", "value", "qualifier", "sentence")


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> Chunks:
    rows = (
        (
            f"`{c.id}`",
            c.kind,
            cell(c.value.machine()),
            c.qualifier,
            cell(c.sentence[: c.start - c.sentence_start])
            + "**"
            + cell(c.text)
            + "**"
            + cell(c.sentence[c.end - c.sentence_start :]),
        )
        for c in candidates
    )
    return _table(CANDIDATE_COLUMNS, rows)


def render_series(listing: SeriesListing, terminal: Terminal) -> Chunks:
    rows = ([cell(value) for value in point.row().values()] for point in listing.stream())
    return _table(SERIES_COLUMNS, rows)


def render_questions(questions: AnsweredQuestions, terminal: Terminal) -> Chunks:
    """One row per question: its answer's value, id and document (empty cells when none)."""
    rows = (
        (cell(a.question), cell(a.record.display), f"`{a.record.id}`",
         link(a.record.source.title, a.record.source.url))
        if a.record is not None
        else (cell(a.question), "", "", "")
        for a in questions.questions
    )  # fmt: skip
    return _table(QUESTION_COLUMNS, rows)
