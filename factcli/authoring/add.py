"""Turning candidates into facts: ``factcli add``.

A candidate id (``SOURCE-ID:START-END``) names a figure of one of the dataset's sources.
The source's text is extracted again, so a candidate is always what extraction finds in
the very text the dataset records; each new fact is verified before the dataset is saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from factcli.authoring.save import load_dataset_to_change, save_dataset
from factcli.errors import (
    DatasetError,
    NoCandidatesNamed,
    NoSuchCandidate,
    NoSuchSource,
    NotACandidateId,
    StatementOfOne,
    UsageProblem,
)
from factcli.extract import Candidate, extract_text
from factcli.extract.candidates import candidate_document
from factcli.language.currencies import DEFAULT_CURRENCY
from factcli.language.values import PartialDate, value_object
from factcli.locks import changes_dataset
from factcli.model.dataset import LoadedDataset
from factcli.model.schema import SCHEMA_VERSION, Dataset, Fact, Source

MAX_FACT_ID = 80


@dataclass(frozen=True)
class AddReport:
    """What ``add`` did: facts added, and candidates that already were facts."""

    dataset_path: Path
    added: list[tuple[str, Fact]] = field(default_factory=list)
    already: list[tuple[str, str]] = field(default_factory=list)
    # With --all or shards: candidates that could not be made facts, and why (the rest are
    # added).
    skipped: list[tuple[str, str]] = field(default_factory=list)


@changes_dataset("dataset_path")
def add_candidates(
    dataset_path: Path,
    names: Sequence[str],
    *,
    every: bool = False,
    statement: str | None = None,
    shards: Sequence[Path] = (),
) -> AddReport:
    """Add the named candidates (or, with ``every``, every candidate of the named sources,
    or of all sources when none is named; or every candidate of ``shards``, files written
    by extraction elsewhere) to the dataset, verified, in one atomic write.

    Named candidates are added all or none. With ``every`` or ``shards``, a candidate that
    cannot be made a fact that verifies against its source's text (extraction and
    verification disagree on it, or a shard was edited) is left out and reported in
    `AddReport.skipped`, and the others are added. A shard's candidate of a document that
    is no source of the dataset is an error, and nothing is added.
    """
    loaded = load_dataset_to_change(dataset_path)
    if shards and (names or every):
        raise UsageProblem("candidates come from shard files or from the dataset's sources, "
                           "not both")  # fmt: skip
    if statement is not None and (every or shards or len(names) != 1):
        raise StatementOfOne()
    texts: dict[str, str] = {}  # each source's text, read and hash-checked once
    if shards:
        chosen: Iterable[Candidate] = _from_shards(loaded, shards)
    else:
        chosen = _every(loaded, names, texts) if every else _named(loaded, names, texts)
    one_by_one = every or bool(shards)
    report = AddReport(loaded.path)
    facts = list(loaded.dataset.facts)
    ids = {fact.id for fact in facts}
    existing = _Existing(facts)
    for candidate in chosen:
        already = existing.stating(candidate)
        if already is not None:
            report.already.append((candidate.id, already))
            continue
        try:
            fact = _fact(candidate, _unique_id(candidate, ids), statement)
            if one_by_one:
                _check(loaded, [fact], texts)
        except (ValidationError, DatasetError) as error:
            if not one_by_one:
                raise
            report.skipped.append((candidate.id, _reason(error)))
            continue
        ids.add(fact.id)
        facts.append(fact)
        existing.add(fact)
        report.added.append((candidate.id, fact))
    if report.added:
        if not one_by_one:
            _check(loaded, [fact for _, fact in report.added], texts)
        _save(loaded, facts)
    return report


def _reason(error: ValidationError | DatasetError) -> str:
    """Why a candidate could not be a fact, in one line."""
    if isinstance(error, DatasetError):
        return "; ".join(error.details) or error.message
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())


def _text_of(loaded: LoadedDataset, source: Source, texts: dict[str, str]) -> str:
    """The source's text, once its file is found whole (read once per source)."""
    from factcli.model.provenance import check_source
    from factcli.model.records import source_info

    if source.id not in texts:
        status = check_source(source_info(source), loaded.folder)
        if status.text is None or not status.ok:
            raise DatasetError(f"source {source.id}: {status.problem}")
        texts[source.id] = status.text
    return texts[source.id]


def _candidates_of(loaded: LoadedDataset, source: Source, texts: dict[str, str]) -> list[Candidate]:
    return extract_text(
        _text_of(loaded, source, texts),
        doc=source.id,
        file=source.file,
        source=source.id,
        published=PartialDate.from_iso(source.published) if source.published else None,
        title=source.title,
        publisher=source.publisher,
        currency=source.currency or DEFAULT_CURRENCY,
    )


def _source(loaded: LoadedDataset, source_id: str) -> Source:
    for source in loaded.dataset.sources:
        if source.id == source_id:
            return source
    raise NoSuchSource(source_id, [s.id for s in loaded.dataset.sources])


def _named(loaded: LoadedDataset, names: Sequence[str], texts: dict[str, str]) -> list[Candidate]:
    if not names:
        raise NoCandidatesNamed()
    by_source: dict[str, dict[str, Candidate]] = {}
    chosen = []
    for name in dict.fromkeys(names):
        source_id = candidate_document(name)
        if source_id is None:
            raise NotACandidateId(name)
        if source_id not in by_source:
            candidates = _candidates_of(loaded, _source(loaded, source_id), texts)
            by_source[source_id] = {c.id: c for c in candidates}
        if name not in by_source[source_id]:
            raise NoSuchCandidate(name, source_id)
        chosen.append(by_source[source_id][name])
    return chosen


def _every(loaded: LoadedDataset, names: Sequence[str], texts: dict[str, str]) -> list[Candidate]:
    sources = [_source(loaded, name) for name in dict.fromkeys(names)] or list(
        loaded.dataset.sources
    )
    return [candidate for source in sources for candidate in _candidates_of(loaded, source, texts)]


def _from_shards(loaded: LoadedDataset, shards: Sequence[Path]) -> Iterator[Candidate]:
    """The candidates of shard files, each named by its source: the source extraction
    named (a source id), else the document's id, which must be a source of the dataset."""
    from factcli.extract.shards import read_shards

    sources = {source.id for source in loaded.dataset.sources}
    for candidate in read_shards(shards):
        doc = candidate.source or candidate.doc
        if doc not in sources:
            _source(loaded, doc)  # raises NotFound, naming the sources there are
        yield candidate if doc == candidate.doc else replace(candidate, doc=doc)


def _span(fact: Fact) -> tuple[int, int] | None:
    """Where the fact's text stands in its source: its first place in the quote that is a
    figure of its own ("0.2 percentage points", not the end of "-0.2 percentage points")."""
    quote, text = fact.source.quote, fact.text
    places = [match.start() for match in re.finditer(re.escape(text), quote)]
    if not places:
        return None
    at = next((n for n in places if not _GLUED_BEFORE.search(quote, 0, n)), places[0])
    return fact.source.start + at, fact.source.start + at + len(text)


# A character that makes a text found in a quote part of a longer figure.
_GLUED_BEFORE = re.compile(r"[\w.,+$€£¥−‑-]\Z")


class _Existing:
    """The facts of a dataset by source and kind, to find the one that already states a
    candidate (same source, kind and span) without reading every fact for each."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self._spans: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        for fact in facts:
            self.add(fact)

    def add(self, fact: Fact) -> None:
        span = _span(fact)
        if span is not None:
            key = (fact.source.id, fact.kind)
            self._spans.setdefault(key, []).append((*span, fact.id))

    def stating(self, candidate: Candidate) -> str | None:
        """The id of the fact that already states this candidate, if one does."""
        for start, end, fact_id in self._spans.get((candidate.doc, candidate.kind), ()):
            if start < candidate.end and candidate.start < end:
                return fact_id
        return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique_id(candidate: Candidate, taken: set[str]) -> str:
    """A readable id: the source's id and the figure's words (``epa-2023-262-communities``)."""
    base = f"{candidate.doc}-{_slug(candidate.text) or candidate.kind}"[:MAX_FACT_ID].strip("-")
    fact_id, n = base, 2
    while fact_id in taken:
        fact_id, n = f"{base}-{n}", n + 1
    return fact_id


def _fact(candidate: Candidate, fact_id: str, statement: str | None) -> Fact:
    raw: dict[str, Any] = {
        "id": fact_id,
        "kind": candidate.kind,
        "value": value_object(candidate.value),
        "qualifier": candidate.qualifier,
        "text": candidate.text,
        "statement": statement or " ".join(candidate.sentence.split()),
    }
    # The candidate's frame: when its figure applies, who or what it is of, what it measures.
    if candidate.when and candidate.kind != "date":
        raw["when"] = candidate.when
    for name in ("subject", "measure"):
        if said := getattr(candidate, name):
            raw[name] = said
    start, end = _quote_span(candidate)
    raw["source"] = {
        "id": candidate.doc,
        "quote": candidate.sentence[
            start - candidate.sentence_start : end - candidate.sentence_start
        ],
        "start": start,
        "end": end,
    }
    return Fact.model_validate(raw)


_CLAUSE_END = re.compile(r"[,;:—–]\s+")


def _quote_span(candidate: Candidate) -> tuple[int, int]:
    """The sentence, or where the figure's words occur twice in it ("90-percent ... 90-percent"),
    its clause (in a table's row, its cells up to the other occurrences): the quote then
    tells which of them the fact is."""
    sentence, offset = candidate.sentence, candidate.sentence_start
    if sentence.count(candidate.text) <= 1:
        return candidate.sentence_start, candidate.sentence_end
    if "|" in sentence and (cells := _cells_holding_once(candidate)) is not None:
        return cells
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]
    at = candidate.start - offset
    for first, last in zip(cuts, cuts[1:], strict=False):
        if first <= at < last:
            clause = sentence[first:last].rstrip(" ,;:—–")
            if clause.count(candidate.text) == 1 and first + len(clause) >= at + len(
                candidate.text
            ):
                return offset + first, offset + first + len(clause)
    return candidate.sentence_start, candidate.sentence_end


def _cells_holding_once(candidate: Candidate) -> tuple[int, int] | None:
    """In a table's row, the cells around the figure up to (not into) the cells of the
    other places its words occur: "Homeland Security | Increase deficit | +$70" for the
    second "+$70" of a row that has two."""
    sentence, offset = candidate.sentence, candidate.sentence_start
    at, text = candidate.start - offset, candidate.text
    borders = [match.start() for match in re.finditer(r"\|", sentence)]
    others = [n for n in _places(sentence, text) if n != at]
    previous = max((n for n in others if n < at), default=-1)
    following = min((n for n in others if n > at), default=len(sentence))
    first = min((b + 1 for b in borders if previous < b < at), default=0)
    last = max((b for b in borders if at + len(text) <= b < following), default=len(sentence))
    piece = sentence[first:last]
    lead = len(piece) - len(piece.lstrip(" |"))
    stripped = piece.strip(" |")
    if len(_places(stripped, text)) != 1:
        return None
    return offset + first + lead, offset + first + lead + len(stripped)


def _places(text: str, words: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(words), text)]


def _check(loaded: LoadedDataset, facts: Sequence[Fact], texts: dict[str, str]) -> None:
    """Every new fact verifies against its source, or nothing is written."""
    from factcli.model.provenance import check_fact

    sources = {source.id: source for source in loaded.dataset.sources}
    for fact in facts:
        source = sources[fact.source.id]
        text = _text_of(loaded, source, texts)
        problems = check_fact(fact, text, source.published, source.currency)
        if problems:
            raise DatasetError(
                f"candidate for {fact.id} does not verify; nothing was added",
                details=[str(problem) for problem in problems],
            )


def _save(loaded: LoadedDataset, facts: list[Fact]) -> None:
    dataset = Dataset.model_validate(
        {
            **loaded.dataset.model_dump(exclude_unset=True),
            "schema_version": SCHEMA_VERSION,
            "facts": [fact.model_dump(exclude_unset=True) for fact in facts],
        }
    )
    save_dataset(loaded.path, dataset)
