"""Issue 14, point 3: search ranks score by score in SQL, so a limit reads only the rows it
shows, and the order is the full ranking's (ties in dataset order), in memory as in the index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import factcli.index.read
from factcli.catalog import MemoryCatalog
from factcli.data.dataset import load_dataset
from factcli.data.records import FactRecord
from factcli.data.values import date_from_iso
from factcli.filters import Filters
from factcli.index import open_catalog
from factcli.index.read import IndexedCatalog
from factcli.search import words
from tests.conftest import count_decoded, generate_dataset

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
def memory(generated: Path) -> MemoryCatalog:
    return MemoryCatalog.from_loaded(load_dataset(generated))


def indexed(generated: Path) -> IndexedCatalog:
    catalog = open_catalog(generated)
    assert isinstance(catalog, IndexedCatalog)
    return catalog


def ids(records: Sequence[FactRecord]) -> list[str]:
    return [record.id for record in records]


def vm_steps(catalog: IndexedCatalog, work: Callable[[], object]) -> int:
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
    def test_the_index_ranks_as_memory_does(
        self, generated: Path, memory: MemoryCatalog, query: str, kind: Any, filters: Filters
    ) -> None:
        every = ids(list(memory.word_search(words(query), kind, filters, None)))
        assert ids(list(indexed(generated).word_search(words(query), kind, filters, None))) == every

    @pytest.mark.parametrize("query", [*QUERIES, MANY_WORDS])
    @pytest.mark.parametrize(("kind", "filters"), FILTERS)
    def test_top_k_is_the_first_k_of_the_full_ranking(
        self, generated: Path, query: str, kind: Any, filters: Filters
    ) -> None:
        catalog = indexed(generated)
        every = ids(list(catalog.word_search(words(query), kind, filters, None)))
        for limit in (1, 50):
            found = catalog.word_search(words(query), kind, filters, limit)
            first = ids([next(found) for _ in range(min(limit, len(every)))])
            assert first == every[:limit]
            assert found.rest() == len(every) - len(first)

    def test_the_ranking_has_ties_across_the_limit(self, memory: MemoryCatalog) -> None:
        """The check above is about ties: many facts score alike around the 50th."""
        from factcli.search import _score, iter_search_fields

        terms = words("the")
        ranked = list(memory.word_search(terms, None, Filters(), None))
        fields = dict(zip(ids(memory.records), iter_search_fields(memory.records), strict=True))
        scores = [_score(terms, fields[record.id]) for record in ranked]
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
        monkeypatch.setattr(factcli.index.read, "_STREAM_BATCH", 5)
        decoded = count_decoded(catalog)
        found: list[FactRecord] = []
        steps = vm_steps(
            catalog, lambda: found.extend(catalog.word_search(words(query), None, Filters(), 5))
        )
        assert len(found) == len(decoded) == 5
        assert sum(read) <= 10  # five positions, then their five records
        every = indexed(generated)
        ranking: list[FactRecord] = []
        all_steps = vm_steps(
            every, lambda: ranking.extend(every.word_search(words(query), None, Filters(), None))
        )
        assert len(ranking) > 50
        assert all_steps > 10 * steps  # nothing scored every match to find the first five

    def test_without_a_limit_the_first_rows_come_before_all_are_read(
        self, generated: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Streamed in order: SQLite works far less for the first row than for all of them
        (nothing scores and sorts every match before the first row)."""
        monkeypatch.setattr(factcli.index.read, "_STREAM_BATCH", 5)
        catalog = indexed(generated)
        found = catalog.word_search(words("the"), None, Filters(), None)
        first = vm_steps(catalog, lambda: next(found))
        every = vm_steps(catalog, lambda: list(found))
        assert found.taken > 300
        assert first * 10 < every
