"""Fact records: one fact with its source's metadata embedded, ready to query and render.

A record is what every output format shows and what ``-f json`` prints. It is built once
from a validated dataset and needs no pydantic afterwards, so querying and rendering
stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.language.values import DateLike, Kind, Qualifier
    from factcli.model.schema import Dataset, Fact, Source


@dataclass(frozen=True)
class SourceInfo:
    """A document's metadata, as embedded in each of its facts."""

    id: str
    title: str
    # None: the document does not state it (schema 1.2).
    publisher: str | None
    published: str | None
    url: str | None
    rights: str | None
    file: str
    sha256: str
    accessed: str | None = None
    # The PDF or HTML file the text was read from: its format and sha256, and where each
    # of a PDF's pages starts in the text (schema 1.2).
    original_format: str | None = None
    original_sha256: str | None = None
    pages: tuple[int, ...] | None = None
    # What a bare "$" of the document is in (schema 1.3; None: the U.S. dollar).
    currency: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in SOURCE_KEYS}

    def stored(self) -> dict[str, Any]:
        """Every field, for keeping the metadata where a `SourceInfo` is made again from it."""
        return {**self.to_json(), **{key: getattr(self, key) for key in _STORED_ONLY_KEYS}}

    def page_of(self, offset: int) -> int | None:
        """The page (from 1) of a PDF's text that holds ``offset``; None for other sources."""
        if not self.pages:
            return None
        from bisect import bisect_right

        return max(bisect_right(self.pages, offset), 1)


SOURCE_KEYS = (
    "id", "title", "publisher", "published", "url", "rights", "file", "sha256", "accessed",
)  # fmt: skip
_STORED_ONLY_KEYS = ("original_format", "original_sha256", "pages", "currency")
# How a source's detail its document does not state is shown (null in the file, since 1.2).
NOT_STATED = "not stated"


@dataclass(frozen=True)
class FactRecord:
    """One fact, flattened for people and scripts: machine value and display side by side."""

    id: str
    kind: Kind
    value: str
    display: str
    qualifier: Qualifier
    text: str
    statement: str
    when: str | None
    subject: str | None
    measure: str | None
    population: str | None
    attributed_to: str | None
    tags: tuple[str, ...]
    related: tuple[str, ...]
    note: str | None
    value_detail: Mapping[str, Any]
    quote: str
    start: int
    end: int
    source: SourceInfo

    @property
    def page(self) -> int | None:
        """The page of a PDF source its quote starts on (None for other sources)."""
        return self.source.page_of(self.start)

    @cached_property
    def date(self) -> DateLike | None:
        """The date this fact is about: a date fact's value, else its ``when`` (read once:
        an index build and a listing ask each record for it more than once)."""
        from factcli.language.values import date_from_iso

        if self.kind == "date":
            return date_from_iso(self.value)
        return date_from_iso(self.when) if self.when else None

    def to_json(self) -> dict[str, Any]:
        """The fact object of ``-f json``: stable keys, values at full precision."""
        return {
            "id": self.id,
            "kind": self.kind,
            "value": self.value,
            "display": self.display,
            **numeric_fields(self, json_number=True),
            "qualifier": self.qualifier,
            "text": self.text,
            "statement": self.statement,
            "when": self.when,
            "subject": self.subject,
            "measure": self.measure,
            "population": self.population,
            "attributed_to": self.attributed_to,
            "tags": list(self.tags),
            "related": list(self.related),
            "note": self.note,
            "value_detail": dict(self.value_detail),
            "source": {
                **self.source.to_json(),
                "quote": self.quote,
                "start": self.start,
                "end": self.end,
                "page": self.page,
            },
        }


def source_info(source: Source) -> SourceInfo:
    """The metadata of a source model."""
    return SourceInfo(
        id=source.id,
        title=source.title,
        publisher=source.publisher,
        published=source.published,
        url=source.url,
        rights=source.rights,
        file=source.file,
        sha256=source.sha256,
        accessed=source.accessed,
        original_format=source.original.format if source.original else None,
        original_sha256=source.original.sha256 if source.original else None,
        pages=tuple(source.original.pages) if source.original and source.original.pages else None,
        currency=source.currency,
    )


def fact_record(fact: Fact, source: SourceInfo) -> FactRecord:
    """Flatten a validated fact with its source's metadata."""
    machine, display = fact.machine_and_display()
    return FactRecord(
        id=fact.id,
        kind=fact.kind,
        value=machine,
        display=display,
        qualifier=fact.qualifier,
        text=fact.text,
        statement=fact.statement,
        when=fact.when,
        subject=fact.subject,
        measure=fact.measure,
        population=fact.population,
        attributed_to=fact.attributed_to,
        tags=tuple(fact.tags),
        related=tuple(fact.related),
        note=fact.note,
        value_detail=fact.value.model_dump(mode="json", exclude_none=True),
        quote=fact.source.quote,
        start=fact.source.start,
        end=fact.source.end,
        source=source,
    )


def dataset_records(dataset: Dataset) -> list[FactRecord]:
    """Every fact of a dataset as a record, in the dataset's order."""
    sources = {source.id: source_info(source) for source in dataset.sources}
    return [fact_record(fact, sources[fact.source.id]) for fact in dataset.facts]


def fact_objects(listing: Listing) -> Iterator[dict[str, Any]]:
    """The fact objects of a listing: whole, or only its chosen flat columns (--fields)."""
    if listing.fields:
        return (flat_json(record, listing.fields) for record in listing.stream())
    return (record.to_json() for record in listing.stream())


def answers(listing: Listing) -> Iterator[tuple[FactRecord, float, dict[str, str | None]]]:
    """Each answer of a listing: its record, its score, and its frame (subject, measure,
    period)."""
    periods = [*listing.periods, *([None] * len(listing.scores))]
    for record, score, period in zip(listing.stream(), listing.scores, periods, strict=False):
        yield record, score, frame_of(record, period)


def frame_of(record: FactRecord, period: str | None) -> dict[str, str | None]:
    """An answer's frame: what it is about, what it measures, and the period the question
    matched (else the fact's own date)."""
    own = record.date.iso() if record.date is not None else None
    return {"subject": record.subject, "measure": record.measure, "period": period or own}


def frame_text(frame: dict[str, str | None]) -> str:
    """A frame as one line: subject · measure · period (the parts it has)."""
    return " · ".join(part for part in frame.values() if part)


def answer_objects(listing: Listing) -> Iterator[dict[str, Any]]:
    """Fact objects of answers, each with its frame and its score (the likelihood that it
    is the right answer)."""
    return (answer_object(record, score, frame) for record, score, frame in answers(listing))


def answer_object(record: FactRecord, score: float, frame: dict[str, str | None]) -> dict[str, Any]:
    """The fact object of an answer, with its frame and its score."""
    return {**record.to_json(), "frame": frame, "score": score}


def timeline_objects(listing: Listing) -> Iterator[dict[str, Any]]:
    """Fact objects of a timeline, each led by the date it stands at."""
    return ({"date": timeline_date(record), **record.to_json()} for record in listing.stream())


def timeline_date(record: FactRecord) -> str:
    """The ISO date a fact stands at in a timeline: its value, or its ``when``."""
    day = record.date
    assert day is not None, "a timeline holds dated facts only"
    return day.iso()


# One row per fact, source flattened: the columns of csv (and of export -f csv), in order.
FLAT_COLUMNS = (
    "id", "kind", "value", "display", "number", "currency", "unit", "date_start", "date_end",
    "qualifier", "text", "statement", "when", "subject", "measure",
    "population", "attributed_to", "tags", "related", "note", "quote", "start", "end",
    "source_id", "source_title", "source_publisher", "source_published", "source_url",
    "source_accessed",
)  # fmt: skip
LIST_SEPARATOR = "; "


def flat_row(record: FactRecord) -> dict[str, str]:
    """A fact as one row of strings (empty where the fact has no such field)."""
    fields = {
        "id": record.id,
        "kind": record.kind,
        "value": record.value,
        "display": record.display,
        **numeric_fields(record),
        "qualifier": record.qualifier,
        "text": record.text,
        "statement": record.statement,
        "when": record.when,
        "subject": record.subject,
        "measure": record.measure,
        "population": record.population,
        "attributed_to": record.attributed_to,
        "tags": LIST_SEPARATOR.join(record.tags),
        "related": LIST_SEPARATOR.join(record.related),
        "note": record.note,
        "quote": record.quote,
        "start": str(record.start),
        "end": str(record.end),
        "source_id": record.source.id,
        "source_title": record.source.title,
        "source_publisher": record.source.publisher,
        "source_published": record.source.published,
        "source_url": record.source.url,
        "source_accessed": record.source.accessed,
    }
    return {column: fields[column] or "" for column in FLAT_COLUMNS}


# Flat columns that hold whole numbers, or lists, in JSON (text in csv and plain).
_INTEGER_COLUMNS = ("start", "end")
LIST_COLUMNS = ("tags", "related")


def flat_json(record: FactRecord, fields: Sequence[str]) -> dict[str, Any]:
    """The chosen flat columns as one JSON object: numbers as numbers, lists as lists,
    null where the fact has no such field."""
    row = flat_row(record)
    shown: dict[str, Any] = {}
    for name in fields:
        if name == "number":
            shown[name] = numeric_fields(record, json_number=True)["number"]
        elif name in _INTEGER_COLUMNS:
            shown[name] = int(row[name])
        elif name in LIST_COLUMNS:
            shown[name] = list(getattr(record, name))
        else:
            shown[name] = row[name] or None
    return shown


def fact_number(record: FactRecord) -> Decimal | None:
    """The value as one plain number: an amount or a count as it is, a share as a fraction
    of 1 (1 in 3 is 0.333..., 12.5% is 0.125, 0.4 percentage points is 0.004), a decrease
    below zero; None for a date."""
    from decimal import Decimal  # not at start-up: plain listings need no numbers

    detail = record.value_detail
    if "amount" in detail:
        number = Decimal(str(detail["amount"]))
    elif "percent" in detail:
        number = Decimal(str(detail["percent"])).scaleb(-2)
    elif "percentage_points" in detail:
        number = Decimal(str(detail["percentage_points"])).scaleb(-2)
    elif "numerator" in detail:
        number = Decimal(str(detail["numerator"])) / Decimal(str(detail["denominator"]))
    else:
        return None
    return -number if detail.get("change") == "decrease" else number


def numeric_fields(record: FactRecord, *, json_number: bool = False) -> dict[str, Any]:
    """The columns that keep a value a number: ``number``, ``currency``, ``unit``, and
    ``date_start``/``date_end``, the first and last day its date (or ``when``) covers.

    ``number`` is a plain decimal string, or for JSON a JSON number (an integer when whole).
    """
    from factcli.language.values import plain_decimal

    detail = record.value_detail
    number = fact_number(record)
    shown: Any = None
    if number is not None:
        shown = plain_decimal(number)
        if json_number:
            shown = int(number) if number == number.to_integral_value() else float(number)
    unit = " ".join(
        filter(None, (detail.get("unit"), f"per {detail['per']}" if detail.get("per") else None))
    )
    day = record.date
    return {
        "number": shown,
        "currency": detail.get("currency"),
        "unit": unit or None,
        "date_start": day.first_day().isoformat() if day else None,
        "date_end": day.last_day().isoformat() if day else None,
    }


class Rows(Iterator[FactRecord]):
    """Records as they are read, one at a time, and how many are left after some were
    taken: counted by ``count`` (e.g. one SQL count) when given, else by reading them."""

    def __init__(self, records: Iterable[FactRecord], count: Callable[[], int] | None = None):
        self._records = iter(records)
        self._count = count
        self._peeked: list[FactRecord] = []
        self.taken = 0

    def __iter__(self) -> Rows:
        return self

    def __next__(self) -> FactRecord:
        record = self._peeked.pop() if self._peeked else next(self._records)
        self.taken += 1
        return record

    def any(self) -> bool:
        """Whether there is a record left (read ahead, and kept for the next `next`)."""
        if not self._peeked:
            try:
                self._peeked.append(next(self._records))
            except StopIteration:
                return False
        return True

    def rest(self) -> int:
        """How many records are left (those not yet taken)."""
        if self._count is not None:
            return max(self._count() - self.taken, 0)
        return len(self._peeked) + sum(1 for _ in self._records)


@dataclass(frozen=True)
class Page:
    """The records a table shows, and how many more matched."""

    records: list[FactRecord]
    more: int


@dataclass(frozen=True)
class Listing:
    """Facts to show, with what a table needs to say where they come from.

    ``records`` may be a one-shot iterator (facts streamed from the index): read it once,
    through `stream` (every format that writes row by row) or `page` (tables).
    """

    records: Iterable[FactRecord]
    heading: str
    dataset_title: str
    documents: Sequence[SourceInfo]
    total_facts: int
    kind: Kind | None = None
    # For answers to a question: each record's score, in the same order, and the period
    # ask read it to apply to (its own, or inherited from its headings or its document).
    scores: Sequence[float] = ()
    periods: Sequence[str | None] = ()
    # Show at most this many records (None: all of them).
    limit: int | None = None
    # The flat columns to show, in this order (--fields); None: the format's own.
    fields: Sequence[str] | None = None

    def stream(self) -> Iterator[FactRecord]:
        """The records to show, as they are read (at most `limit`)."""
        return self.stream_of(iter(self.records))

    def page(self) -> Page:
        """The records to show, held (a table needs them all), and how many more matched:
        counted without rendering them, so a table costs what it shows."""
        rows = self.records if isinstance(self.records, Rows) else Rows(self.records)
        shown = list(self.stream_of(rows))
        return Page(shown, rows.rest() if self.limit is not None else 0)

    def stream_of(self, rows: Iterator[FactRecord]) -> Iterator[FactRecord]:
        """At most `limit` of ``rows``."""
        return rows if self.limit is None else islice(rows, self.limit)


@dataclass(frozen=True)
class SourceSummary:
    """A document of the dataset, how many facts cite it, and whether its file is intact."""

    info: SourceInfo
    fact_count: int
    file_status: str

    def to_json(self) -> dict[str, object]:
        return {**self.info.to_json(), "facts": self.fact_count, "file_status": self.file_status}


def get_field(record: FactRecord, name: str) -> str:
    """One field of a fact as bare text, for ``factcli get``: any of the flat columns
    (`FLAT_COLUMNS`, as csv and ``--fields`` name them), lists joined by "; "."""
    from factcli.errors import FactcliError, NotFound

    row = flat_row(record)
    if name not in row:
        raise FactcliError(
            f"unknown field {name!r}", hint=f"valid fields: {', '.join(FLAT_COLUMNS)}"
        )
    if row[name] == "":
        raise NotFound(f"fact {record.id!r} has no {name}")
    return row[name]


@dataclass(frozen=True)
class AnsweredQuestion:
    """One question of many, and its best answer (no record: no sourced answer)."""

    question: str
    record: FactRecord | None = None
    score: float | None = None
    period: str | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"question": ..., "answer": <the answer's fact object, or null>}``."""
        if self.record is None or self.score is None:
            return {"question": self.question, "answer": None}
        frame = frame_of(self.record, self.period)
        return {"question": self.question, "answer": answer_object(self.record, self.score, frame)}

    def row(self) -> list[str]:
        """The question's line of `QUESTION_COLUMNS`: empty value, id and source when it
        has no answer, so that lines still pair with questions."""
        if self.record is None:
            return [self.question, "", "", ""]
        return [self.question, self.record.value, self.record.id, self.record.source.id]


# The columns of many questions' answers in plain and csv: one line per question.
QUESTION_COLUMNS = ("question", "value", "id", "source")


@dataclass(frozen=True)
class AnsweredQuestions:
    """Questions with their answers, as they are asked (streamed), and what a table needs
    to name the dataset and its documents."""

    questions: Iterable[AnsweredQuestion]
    dataset_title: str
    documents: Sequence[SourceInfo]
