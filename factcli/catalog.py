"""A dataset ready to answer: its facts as records, its documents, and how to find them.

Commands ask a `Catalog` for facts. `MemoryCatalog` holds a freshly validated dataset in
memory; the index (`index.read.IndexedCatalog`) reads the same answers from SQLite.
Both share every rule here, so results and their order are the same either way.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from factcli.controls import visible
from factcli.data.records import (
    FLAT_COLUMNS,
    FactRecord,
    Listing,
    Rows,
    SourceInfo,
    SourceSummary,
    dataset_records,
    flat_row,
    sort_chronologically,
    source_info,
)
from factcli.errors import FactcliError, NoMatch, NotFound, UnknownSource, UsageProblem
from factcli.filters import NO_FILTERS, Filters, check_one_currency
from factcli.search import MAX_SEARCH_WORDS, SearchIndex, words

if TYPE_CHECKING:
    from factcli.ask import AskCorpus, Explanation
    from factcli.data.dataset import LoadedDataset
    from factcli.data.values import Kind

# How many ids a did-you-mean hint compares a wrong id with, at most.
NEAR_IDS = 1_000


@dataclass(frozen=True)
class Selection:
    """Which facts a listing asks for: a kind, dated facts only, and in which order."""

    kind: Kind | None = None
    dated_only: bool = False
    chronological: bool = False


class Catalog(ABC):
    """The facts and documents of one dataset file, and the questions asked of them."""

    def __init__(self, path: Path, title: str, documents: Sequence[SourceInfo], total: int):
        self.path = path
        self.title = title
        self.documents = documents
        self.total_facts = total

    # What each way of storing facts provides.

    @abstractmethod
    def select(self, selection: Selection, filters: Filters) -> Rows:
        """The facts of a selection that pass the filters, in the selection's order, as
        they are read."""

    @abstractmethod
    def fact(self, fact_id: str) -> FactRecord | None:
        """The fact with this id, if there is one."""

    @abstractmethod
    def fact_ids(self) -> list[str]:
        """Every fact id, in dataset order."""

    @abstractmethod
    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` fact ids that start with ``prefix``, in id order."""

    @abstractmethod
    def all_records(self) -> Rows:
        """Every fact, in dataset order, as they are read."""

    @abstractmethod
    def word_search(
        self, terms: Sequence[str], kind: Kind | None, filters: Filters, limit: int | None
    ) -> Rows:
        """Facts holding every search word (see `search.rank_search`) that pass the
        filters, best first, as they are read; ``limit``: at least the first so many are
        right (the best ``limit`` may be found without ordering every match)."""

    @abstractmethod
    def ask_corpus(self) -> AskCorpus:
        """The facts as `ask` reads them."""

    @abstractmethod
    def source_counts(self) -> Counter[str]:
        """How many facts cite each source."""

    # What commands ask, the same for every store.

    def listing(
        self,
        records: Iterable[FactRecord],
        *,
        heading: str = "",
        kind: Kind | None = None,
        scores: Sequence[float] = (),
        fields: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> Listing:
        """Records with what a table needs to name the dataset and its documents, under
        the heading the caller words.

        A heading may echo the user's words and a title may be a file's name: both are
        made visible, so no control character in them reaches the terminal.
        """
        return Listing(
            records=records,
            heading=visible(heading),
            dataset_title=visible(self.title),
            documents=self.documents,
            total_facts=self.total_facts,
            kind=kind,
            scores=scores,
            fields=fields,
            limit=limit,
        )

    def _selected(self, selection: Selection, filters: Filters) -> Rows:
        if filters.source is not None and filters.source not in {d.id for d in self.documents}:
            raise UnknownSource(filters.source, [d.id for d in self.documents])
        if selection.kind in (None, "money") and filters.currency is None:
            self._check_one_currency(selection, filters)
        kept = self.select(selection, filters)
        if not kept.any() and filters.active:
            raise NoMatch()
        if not kept.any():
            raise NotFound(f"no such facts in {self.path.name}")
        return kept

    def _check_one_currency(self, selection: Selection, filters: Filters) -> None:
        """--min/--max without --currency: the money the amount filter would compare holds
        one currency at most."""
        if filters.minimum is None and filters.maximum is None:
            return
        loose = replace(filters, minimum=None, maximum=None)
        money = self.select(replace(selection, kind="money", chronological=False), loose)
        check_one_currency((record.value_detail.get("currency") for record in money), filters)

    def of_kind(self, kind: Kind | None, filters: Filters = NO_FILTERS) -> Rows:
        """The facts of one kind (all when kind is None), dated kinds in time order."""
        chronological = kind in ("date", "money")
        return self._selected(Selection(kind=kind, chronological=chronological), filters)

    def timeline(self, filters: Filters = NO_FILTERS) -> Rows:
        """Every dated fact (date facts, and facts with a `when`), earliest first."""
        return self._selected(Selection(dated_only=True, chronological=True), filters)

    def by_ids(self, fact_ids: Sequence[str]) -> list[FactRecord]:
        """The facts with these ids, in the order asked; an unknown id raises `NotFound`."""
        found = []
        for fact_id in fact_ids:
            record = self.fact(fact_id)
            if record is None:
                raise NotFound(
                    f"no fact {fact_id!r}{did_you_mean(fact_id, self.near_ids(fact_id))}"
                )
            found.append(record)
        return found

    def near_ids(self, wrong: str) -> list[str]:
        """The ids a did-you-mean hint compares a wrong id with: every id of a small
        dataset; in a large one, at most `NEAR_IDS` sharing its first letters (comparing
        100,000 ids would take seconds)."""
        if self.total_facts <= NEAR_IDS:
            return self.fact_ids()
        for length in (3, 2, 1):
            if len(wrong) >= length and (near := self.ids_starting(wrong[:length], NEAR_IDS)):
                return near
        return []

    def search(
        self,
        query: str,
        kind: Kind | None = None,
        filters: Filters = NO_FILTERS,
        limit: int | None = None,
    ) -> Rows:
        """Facts holding every word of the query, best first (the first ``limit`` at
        least: see `word_search`); `NoMatch` when none do."""
        terms = list(dict.fromkeys(words(query)))
        if len(terms) > MAX_SEARCH_WORDS:
            raise UsageProblem(
                f"the search holds {len(terms)} different words; at most {MAX_SEARCH_WORDS}",
                hint="search for the few words that matter",
            )
        if terms and filters.currency is None and kind in (None, "money"):
            if filters.minimum is not None or filters.maximum is not None:
                loose = replace(filters, minimum=None, maximum=None)
                matched = self.word_search(terms, "money", loose, None)
                check_one_currency((r.value_detail.get("currency") for r in matched), filters)
        found = self.word_search(terms, kind, filters, limit) if terms else Rows(())
        if not found.any():
            raise NoMatch(query, kind)
        return found

    def ask(self, question: str, top: int = 1, heading: str = "") -> Listing:
        """The best sourced answer to a question and up to ``top - 1`` runners-up."""
        from factcli.ask import ask

        answers = ask(self.ask_corpus(), question, top)
        return self.listing(
            [answer.record for answer in answers],
            heading=heading,
            scores=[answer.score for answer in answers],
        )

    def explain(self, question: str) -> Explanation:
        """The answer to a question as `ask` gives it, with the lines that say why."""
        from factcli.ask import explain

        return explain(self.ask_corpus(), question)

    def source_summaries(self) -> list[SourceSummary]:
        """Each document with its fact count and the state of its file."""
        from factcli.data.provenance import summarize_sources

        return summarize_sources(self.documents, self.source_counts(), self.path.parent)


class MemoryCatalog(Catalog):
    """A validated dataset held in memory."""

    def __init__(
        self, path: Path, title: str, documents: Sequence[SourceInfo], records: Sequence[FactRecord]
    ):
        super().__init__(path, title, documents, len(records))
        self.records = records

    @classmethod
    def from_loaded(cls, loaded: LoadedDataset) -> MemoryCatalog:
        dataset = loaded.dataset
        return cls(
            path=loaded.path,
            title=dataset.title or loaded.path.name,
            documents=[source_info(source) for source in dataset.sources],
            records=dataset_records(dataset),
        )

    def select(self, selection: Selection, filters: Filters) -> Rows:
        records = [
            record
            for record in self.records
            if (selection.kind is None or record.kind == selection.kind)
            and (not selection.dated_only or record.date is not None)
            and filters.keep(record)
        ]
        return _held(sort_chronologically(records) if selection.chronological else records)

    def fact(self, fact_id: str) -> FactRecord | None:
        return self._by_id.get(fact_id)

    @cached_property
    def _by_id(self) -> dict[str, FactRecord]:
        return {record.id: record for record in self.records}

    def fact_ids(self) -> list[str]:
        return [record.id for record in self.records]

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        return sorted(record.id for record in self.records if record.id.startswith(prefix))[:limit]

    def all_records(self) -> Rows:
        return _held(self.records)

    def word_search(
        self, terms: Sequence[str], kind: Kind | None, filters: Filters, limit: int | None
    ) -> Rows:
        found = self._search_index.search(" ".join(terms), kind)
        return _held([record for record in found if filters.keep(record)])

    @cached_property
    def _search_index(self) -> SearchIndex:
        return SearchIndex.build(self.records)

    def ask_corpus(self) -> AskCorpus:
        from factcli.ask import MemoryCorpus

        return MemoryCorpus(self.records, self.path.parent)

    def source_counts(self) -> Counter[str]:
        return Counter(record.source.id for record in self.records)


def did_you_mean(wrong: str, known: Sequence[str]) -> str:
    """A hint naming the known ids closest to a wrong one (empty when none is close): the
    three most alike by the share of their characters in common, in order (rapidfuzz's
    Indel ratio, in C: a thousand ids are compared in a millisecond, where difflib took
    a twentieth of a second)."""
    from rapidfuzz import fuzz, process  # only on this error path

    found = process.extract(wrong, known, scorer=fuzz.ratio, limit=3, score_cutoff=40)
    close = [match for match, _, _ in found]
    contained = [k for k in known if wrong and wrong in k and k not in close]
    suggestions = (close + contained)[:3]
    if not suggestions:
        return ""
    return f" (did you mean {' or '.join(repr(s) for s in suggestions)}?)"


def _held(records: Sequence[FactRecord]) -> Rows:
    """Records already in memory, as `Rows` that count what is left at once."""
    return Rows(records, count=lambda: len(records))


def get_field(record: FactRecord, name: str) -> str:
    """One field of a fact as bare text, for ``factcli get``: any of the flat columns
    (`FLAT_COLUMNS`, as csv and ``--fields`` name them), lists joined by "; "."""
    row = flat_row(record)
    if name not in row:
        raise FactcliError(
            f"unknown field {name!r}", hint=f"valid fields: {', '.join(FLAT_COLUMNS)}"
        )
    if row[name] == "":
        raise NotFound(f"fact {record.id!r} has no {name}")
    return row[name]
