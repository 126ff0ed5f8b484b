"""Checking every fact against the exact text of its source document.

A dataset that passed the schema can still be wrong: a quote edited by hand, offsets
that drifted, a value that does not say what the text says. `verify_dataset` finds
each such problem and returns it; it never prints.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcli.inputs import MAX_INPUT_BYTES
from factcli.language.currencies import DEFAULT_CURRENCY
from factcli.language.figures import statement_disagreement
from factcli.language.readers import Reading, UnreadableText, fiscal_year_end, read_value
from factcli.language.tables import column_unit
from factcli.language.values import QUALIFIER_WORDS, Money, PartialDate, Value, date_from_iso
from factcli.model.dataset import LoadedDataset
from factcli.model.records import SourceInfo, SourceSummary, source_info
from factcli.model.schema import Fact
from factcli.model.sourcefiles import UnsafeSource, read_source_file


@dataclass(frozen=True)
class Problem:
    """One provenance problem: the fact or source it concerns and what is wrong."""

    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass(frozen=True)
class SourceStatus:
    """What was found of one source's file: its text, or why there is none."""

    source: SourceInfo
    path: Path
    text: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class VerifyReport:
    """The result of checking a dataset: its sources and every problem found."""

    path: Path
    sources: list[SourceStatus]
    fact_count: int
    unchecked_count: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_source(source: SourceInfo, folder: Path) -> SourceStatus:
    """Read a source's file and compare it with its recorded sha256.

    The file must stay inside the dataset's folder once every symbolic link is resolved,
    be a regular file, and be at most `MAX_SOURCE_BYTES` long: nothing in a dataset can
    make factcli read (and tell the hash of, or whether a quote occurs in) a file outside
    its folder, read without end from a device, or wait forever on a FIFO.
    """
    path = folder / source.file
    try:
        raw = read_source_bytes(folder, source.file)
    except FileNotFoundError:
        return SourceStatus(source, path, problem=f"source file {source.file} is missing")
    except UnsafeSource as error:
        return SourceStatus(source, path, problem=f"source file {source.file} {error}")
    except OSError as error:
        return SourceStatus(
            source, path, problem=f"cannot read source file {source.file}: {error.strerror}"
        )
    try:
        text: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != source.sha256:
        # The facts are still checked against the text found, to show where it changed.
        return SourceStatus(
            source, path, text=text,
            problem=f"source file {source.file} has sha256 {digest}, expected {source.sha256}",
        )  # fmt: skip
    if text is None:
        return SourceStatus(source, path, problem=f"source file {source.file} is not UTF-8 text")
    return SourceStatus(source, path, text=text)


# A source text larger than this is refused: the one limit of what factcli reads.
MAX_SOURCE_BYTES = MAX_INPUT_BYTES


def read_source_bytes(folder: Path, relative: str) -> bytes:
    """The bytes of a source file inside ``folder``, read safely (see `check_source`)."""
    return read_source_file(folder, relative, MAX_SOURCE_BYTES)


def check_fact(
    fact: Fact, source_text: str, published: str | None = None, currency: str | None = None
) -> list[Problem]:
    """Every way a fact can disagree with its source text: its quote and offsets, its text
    in the quote, the value its text says, its qualifier, its statement's figure.

    Its frame (subject, measure, when) is what it is about, read from the sentence, its
    headings and its document, or written by a person: not checked against the text.
    ``published`` is the source's date: a month or day written without a year takes its
    year from it, as extraction did; ``currency`` the source's (what a bare "$" is in,
    None: the U.S. dollar). The text is read with what the document around the quote
    says, as extraction read it: the unit of the table column the quote stands in, and
    the month the document says its fiscal year ends in.
    """
    problems = []
    ref = fact.source

    def problem(message: str) -> None:
        problems.append(Problem(fact.id, message))

    found = source_text[ref.start : ref.end]
    if found != ref.quote:
        where = _other_places(source_text, ref.quote)
        problem(f"quote does not match source text at {ref.start}-{ref.end}{where}")
    if fact.text not in ref.quote:
        problem(f"text {fact.text!r} does not occur in the quote")
    try:
        reading = _reading_in_quote(fact, published, currency, source_text)
    except UnreadableText as error:
        problem(f"text cannot be read as a {fact.kind}: {error}")
        return problems
    document = date_from_iso(published) if published else None
    document_date = document if isinstance(document, PartialDate) else None
    if reading.value != fact.plain_value():
        problem(
            f"value {_said(fact.plain_value(), reading.value)} differs from "
            f"{_said(reading.value, fact.plain_value())}, "
            f"which the text {fact.text!r} says"
        )
    # A statement is held to the value once the value is what the text says (else that
    # is the one problem to fix), unless it says the value in the text's own words.
    elif _words(fact.text) not in _words(fact.statement) and (
        stated := statement_disagreement(
            fact.statement, fact.plain_value(), document_date, currency or DEFAULT_CURRENCY
        )
    ):
        problem(
            f"the statement states {stated.words!r}, which is not the value {fact.machine_value()}"
        )
    if reading.qualifier != fact.qualifier:
        said = QUALIFIER_WORDS[reading.qualifier] or "no qualifier"
        problem(
            f"qualifier {fact.qualifier!r} differs from {reading.qualifier!r} "
            f"({said!r} in the text {fact.text!r})"
        )
    return problems


def _reading_in_quote(
    fact: Fact, published: str | None, currency: str | None, source_text: str
) -> Reading:
    """What the fact's text says where it stands in the quote (and the quote in its
    document: a table's column gives its unit).

    The words around it matter for some values (a change's direction, a shared scale
    word); where the text occurs more than once, the reading that agrees with the value wins.
    """
    reference = PartialDate.from_iso(published) if published else None
    quote, text = fact.source.quote, fact.text
    in_place = source_text[fact.source.start : fact.source.end] == quote
    places = [n for n in range(len(quote)) if quote.startswith(text, n)] or [-1]
    readings = []
    for at in places:
        before, after = (quote[:at], quote[at + len(text) :]) if at >= 0 else ("", "")
        unit = column_unit(source_text, fact.source.start + at) if in_place and at >= 0 else None
        reading = read_value(
            text, fact.kind, reference=reference, before=before, after=after,
            currency=currency or DEFAULT_CURRENCY, fiscal_year_end=_fiscal_end(source_text),
            unit=unit,
        )  # fmt: skip
        if reading.value == fact.plain_value():
            return reading
        readings.append(reading)
    return readings[0]


def _said(value: Value, other: Value) -> str:
    """A value for a problem's message; an amount of money with its currency where the
    other's currency differs ("967 USD differs from 967 CAD")."""
    if isinstance(value, Money) and isinstance(other, Money) and value.currency != other.currency:
        return f"{value.machine()} {value.currency}"
    return value.machine()


def _words(text: str) -> str:
    """A text's words, whatever blanks part them, in one case: "early\n1970s" is in a
    statement that says "early 1970s"."""
    return " ".join(text.split()).casefold()


@functools.lru_cache(maxsize=16)
def _fiscal_end(source_text: str) -> int | None:
    """The month a document says its fiscal year ends in, read once per document (every
    fact of a source asks)."""
    return fiscal_year_end(source_text)


def _other_places(text: str, quote: str) -> str:
    start = text.find(quote)
    if start < 0:
        return " (the quote does not occur in the source)"
    return f" (the quote occurs at {start}-{start + len(quote)})"


def verify_dataset(loaded: LoadedDataset) -> VerifyReport:
    """Check every source's file and every fact of a loaded dataset."""
    dataset = loaded.dataset
    statuses = {
        source.id: check_source(source_info(source), loaded.folder) for source in dataset.sources
    }
    problems = [Problem(s.source.id, s.problem) for s in statuses.values() if s.problem]
    unchecked = 0
    for fact in dataset.facts:
        text = statuses[fact.source.id].text
        if text is None:
            unchecked += 1
        else:
            source = statuses[fact.source.id].source
            problems.extend(check_fact(fact, text, source.published, source.currency))
    return VerifyReport(
        path=loaded.path,
        sources=list(statuses.values()),
        fact_count=len(dataset.facts),
        unchecked_count=unchecked,
        problems=problems,
    )


def file_status(status: SourceStatus) -> str:
    """One word for the state of a source file: ok, missing, changed or unreadable."""
    if status.ok:
        return "ok"
    if status.problem and status.problem.endswith("is missing"):
        return "missing"
    return "changed" if status.text is not None else "unreadable"


def summarize_sources(
    sources: Sequence[SourceInfo], counts: Mapping[str, int], folder: Path
) -> list[SourceSummary]:
    """Each source with the number of facts citing it and whether its file matches its hash."""
    return [
        SourceSummary(info, counts.get(info.id, 0), file_status(check_source(info, folder)))
        for info in sources
    ]


def dataset_sources(loaded: LoadedDataset) -> list[SourceSummary]:
    """Each source of a loaded dataset, with its fact count and file status."""
    from collections import Counter

    counts = Counter(fact.source.id for fact in loaded.dataset.facts)
    infos = [source_info(source) for source in loaded.dataset.sources]
    return summarize_sources(infos, counts, loaded.folder)
