"""A dataset ready to answer: its facts as records, its documents, and a word index.

Commands ask a `Catalog` for facts; how it was loaded (validated JSON today) is
not their concern.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from factcli.errors import FactcliError, NotFound, UsageProblem
from factcli.query import Filters, SearchIndex, by_kind, find_fact
from factcli.records import (
    FactRecord,
    Listing,
    SourceInfo,
    SourceSummary,
    dataset_records,
    flat_row,
    sort_chronologically,
    source_info,
)
from factcli.values import Kind

HEADINGS: dict[Kind | None, str] = {
    "statistic": "Statistics",
    "money": "Money",
    "date": "Dates",
    None: "Facts",
}


@dataclass(frozen=True)
class Catalog:
    """The facts and documents of one dataset file."""

    path: Path
    title: str
    documents: Sequence[SourceInfo]
    records: Sequence[FactRecord]

    def listing(
        self,
        records: Sequence[FactRecord],
        *,
        heading: str | None = None,
        kind: Kind | None = None,
        scores: Sequence[float] = (),
    ) -> Listing:
        """Records with what a table needs to name the dataset and its documents."""
        return Listing(
            records=records,
            heading=heading or HEADINGS[kind],
            dataset_title=self.title,
            documents=self.documents,
            total_facts=len(self.records),
            kind=kind,
            scores=scores,
        )

    def filtered(self, records: Sequence[FactRecord], filters: Filters) -> list[FactRecord]:
        """The records that pass the filters; `NotFound` when none do."""
        if filters.source is not None and filters.source not in {d.id for d in self.documents}:
            known = ", ".join(d.id for d in self.documents)
            raise UsageProblem(f"--source: no source {filters.source!r}", hint=f"sources: {known}")
        kept = [record for record in records if filters.keep(record)]
        if not kept and filters.active:
            raise NotFound("no fact matches the filters", hint="loosen them, or try 'factcli list'")
        if not kept:
            raise NotFound(f"no such facts in {self.path.name}")
        return kept

    def of_kind(self, kind: Kind | None, filters: Filters | None = None) -> list[FactRecord]:
        """The facts of one kind (all when kind is None), dated kinds in time order."""
        records = by_kind(self.records, kind)
        if kind in ("date", "money"):
            records = sort_chronologically(records)
        return self.filtered(records, filters or Filters())

    def timeline(self, filters: Filters | None = None) -> list[FactRecord]:
        """Every dated fact (date facts, and facts with a `when`), earliest first."""
        dated = [record for record in self.records if record.date is not None]
        return self.filtered(sort_chronologically(dated), filters or Filters())

    def by_ids(self, fact_ids: Sequence[str]) -> list[FactRecord]:
        """The facts with these ids, in the order asked; an unknown id raises `NotFound`."""
        return [find_fact(self.records, fact_id) for fact_id in fact_ids]

    @cached_property
    def search_index(self) -> SearchIndex:
        return SearchIndex.build(self.records)

    def search(
        self, query: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> list[FactRecord]:
        """Facts holding every word of the query, best first; `NotFound` when none do."""
        found = [r for r in self.search_index.search(query, kind) if (filters or Filters()).keep(r)]
        if not found:
            narrowed = f" among {kind} facts" if kind else ""
            raise NotFound(
                f"no fact matches {query!r}{narrowed}",
                hint="try fewer or other words, or 'factcli list' to see every fact",
            )
        return found

    def ask(self, question: str, top: int = 1) -> Listing:
        """The best sourced answer to a question and up to ``top - 1`` runners-up."""
        from factcli.ask import MemoryCorpus, ask

        answers = ask(MemoryCorpus(self.records), question, top)
        return self.listing(
            [answer.record for answer in answers],
            heading=f"Question: {question}",
            scores=[answer.score for answer in answers],
        )

    def source_summaries(self) -> list[SourceSummary]:
        """Each document with its fact count and the state of its file."""
        from factcli.provenance import summarize_sources

        return summarize_sources(
            self.documents, [r.source.id for r in self.records], self.path.parent
        )


def load_catalog(data: Path | None = None) -> Catalog:
    """Load and validate a dataset (see `dataset.load_dataset`) as a catalog."""
    from factcli.dataset import load_dataset

    loaded = load_dataset(data)
    dataset = loaded.dataset
    return Catalog(
        path=loaded.path,
        title=dataset.title or loaded.path.name,
        documents=[source_info(source) for source in dataset.sources],
        records=dataset_records(dataset),
    )


GET_FIELDS = (
    "value", "display", "text", "statement", "quote", "kind", "qualifier", "when", "subject",
    "population", "attributed_to", "tags", "related", "note", "start", "end", "id",
    "source_id", "source_title", "source_publisher", "source_published", "source_url",
)  # fmt: skip


def get_field(record: FactRecord, name: str) -> str:
    """One field of a fact as bare text, for ``factcli get``."""
    fields = field_values(record)
    if name not in fields:
        raise FactcliError(f"unknown field {name!r}", hint=f"valid fields: {', '.join(GET_FIELDS)}")
    value = fields[name]
    if value == "":
        raise NotFound(f"fact {record.id!r} has no {name}")
    return value


def field_values(record: FactRecord) -> dict[str, str]:
    """The fields ``get`` can print, each as text (lists joined by "; ")."""
    row = flat_row(record)
    return {name: row[name] for name in GET_FIELDS}
