"""Search ranks score by score in SQL, so a limit reads only the rows it shows, and the order
is the full ranking's (ties in dataset order), as the plain definition of the ranking
(`reference_ranking`, written here slowly) orders them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import factcli.store.store
from factcli.language.values import date_from_iso
from factcli.language.words import words
from factcli.model.dataset import load_dataset
from factcli.model.records import FactRecord, dataset_records
from factcli.store.filters import Filters, magnitude
from factcli.store.schema import SEARCH_GROUPS
from factcli.store.search import Acronyms, search_texts
from factcli.store.store import Store
from tests.conftest import count_decoded, generate_dataset, open_store

FACTS = 600
QUERIES = ["the", "award", "women health", "acf award million in 2015"]
# Words most of the facts hold.
BROAD = ["the", "award", "health"]
# More words than the score levels are made for: scored row by row.
MANY_WORDS = "the award million acf health"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_dataset(FACTS, tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def records(generated: Path) -> list[FactRecord]:
    return dataset_records(load_dataset(generated).dataset)


def indexed(generated: Path) -> Store:
    return open_store(generated)


def term_score(term: str, texts: dict[str, str], acronyms: Acronyms) -> float | None:
    """The best weight of the field groups a term is found in, as search defines it: the
    word itself (or a word it starts, from four letters), the whole long form of an
    acronym it is, or an acronym whose long form holds it."""
    best = None
    for group in SEARCH_GROUPS:
        held = {w for field in group.fields for w in words(texts[field])}
        found = any(w == term or (len(term) >= 4 and w.startswith(term)) for w in held)
        long = acronyms.long_forms.get(term)
        found = found or bool(long and set(long) <= held)
        found = found or any(
            acronym in held
            and any(w == term or (len(term) >= 4 and w.startswith(term)) for w in words_)
            for acronym, words_ in acronyms.long_forms.items()
        )
        if found:
            best = group.weight if best is None else max(best, group.weight)
    return best


def reference_ranking(
    records: Sequence[FactRecord], query: str, kind: Any, filters: Filters, acronyms: Acronyms
) -> list[str]:
    """The ids of the facts holding every word, best first, ties in dataset order."""
    terms = list(dict.fromkeys(words(query)))
    scored = []
    for position, record in enumerate(records):
        if kind is not None and record.kind != kind:
            continue
        if filters.since is not None and (
            record.date is None or record.date.last_day() < filters.since.first_day()
        ):
            continue
        if filters.minimum is not None:
            size = magnitude(record)
            if size is None or size < filters.minimum:
                continue
        texts = search_texts(record)
        scores = [term_score(term, texts, acronyms) for term in terms]
        if None in scores:
            continue
        scored.append((-sum(s for s in scores if s is not None), position, record.id))
    return [fact_id for _, _, fact_id in sorted(scored)]


def ids(records: Sequence[FactRecord]) -> list[str]:
    return [record.id for record in records]


def vm_steps(catalog: Store, work: Callable[[], object]) -> int:
    """How much work SQLite does (in hundreds of its virtual machine's steps) for ``work``."""
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    catalog.db.set_progress_handler(step, 100)
    try:
        work()
    finally:
        catalog.db.set_progress_handler(None, 0)
    return steps[0]


FILTERS = [
    (None, Filters()),
    ("money", Filters()),
    (None, Filters(since=date_from_iso("2015"))),
    ("statistic", Filters(minimum=Decimal("10"))),
]


class TestTopK:
    """With a limit, the first N of the full ranking; without one, the full ranking."""

    @pytest.mark.parametrize("query", [*QUERIES, MANY_WORDS])
    @pytest.mark.parametrize(("kind", "filters"), FILTERS)
    def test_the_store_ranks_as_the_definition_does(
        self,
        generated: Path,
        records: list[FactRecord],
        query: str,
        kind: Any,
        filters: Filters,
    ) -> None:
        store = indexed(generated)
        every = reference_ranking(records, query, kind, filters, store.acronyms)
        assert ids(list(store.search(query, kind, filters, None))) == every

    @pytest.mark.parametrize("query", [*QUERIES, MANY_WORDS])
    @pytest.mark.parametrize(("kind", "filters"), FILTERS)
    def test_top_k_is_the_first_k_of_the_full_ranking(
        self, generated: Path, query: str, kind: Any, filters: Filters
    ) -> None:
        catalog = indexed(generated)
        every = ids(list(catalog.search(query, kind, filters, None)))
        for limit in (1, 50):
            found = catalog.search(query, kind, filters, limit)
            first = ids([next(found) for _ in range(min(limit, len(every)))])
            assert first == every[:limit]
            assert found.rest() == len(every) - len(first)

    def test_the_ranking_has_ties_across_the_limit(
        self, generated: Path, records: list[FactRecord]
    ) -> None:
        """The check above is about ties: many facts score alike around the 50th."""
        acronyms = indexed(generated).acronyms
        by_id = {record.id: record for record in records}
        ranked = reference_ranking(records, "the", None, Filters(), acronyms)
        scores = [term_score("the", search_texts(by_id[i]), acronyms) for i in ranked]
        assert len(set(scores)) > 1
        assert scores[49] == scores[50]


class TestBounded:
    """A limit reads as many rows as it shows, however many facts match."""

    @pytest.mark.parametrize("query", BROAD)
    def test_a_limit_reads_only_its_rows(
        self, generated: Path, query: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        catalog = indexed(generated)
        read: list[int] = []
        rows = catalog.rows

        def counting(sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
            found = rows(sql, parameters)
            if "count(*)" not in sql:
                read.append(len(found))
            return found

        monkeypatch.setattr(catalog, "rows", counting)
        monkeypatch.setattr(factcli.store.store, "_STREAM_BATCH", 5)
        decoded = count_decoded(catalog)
        found: list[FactRecord] = []
        steps = vm_steps(catalog, lambda: found.extend(catalog.search(query, None, Filters(), 5)))
        assert len(found) == len(decoded) == 5
        assert sum(read) <= 10  # five positions, then their five records
        every = indexed(generated)
        ranking: list[FactRecord] = []
        all_steps = vm_steps(
            every, lambda: ranking.extend(every.search(query, None, Filters(), None))
        )
        assert len(ranking) > 50
        assert all_steps > 10 * steps  # nothing scored every match to find the first five

    def test_without_a_limit_the_first_rows_come_before_all_are_read(
        self, generated: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Streamed in order: SQLite works far less for the first row than for all of them
        (nothing scores and sorts every match before the first row)."""
        monkeypatch.setattr(factcli.store.store, "_STREAM_BATCH", 5)
        catalog = indexed(generated)
        found = catalog.search("the", None, Filters(), None)
        first = vm_steps(catalog, lambda: next(found))
        every = vm_steps(catalog, lambda: list(found))
        assert found.taken > 300
        assert first * 10 < every
