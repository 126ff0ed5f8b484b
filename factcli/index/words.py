"""The words an index stores for each fact, cut batch by batch, on every core for large builds.

Cutting words (tokens, stems, acronyms both ways) is most of an index build's time and is
pure Python, so a large build hands batches to worker processes, one per core, while the
main process writes the rows they send back. Workers are forked: they inherit what they
need instead of having it sent, and they ignore Ctrl-C, which the main process handles.
A worker dies with the main process, however that one ends (even by SIGKILL), and never
holds the main process's stdout, so ``factcli ... | wc -l`` ends when factcli does.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# Each worker holds a copy of a batch and its words; past a few, writing is the bottleneck.
MAX_WORKERS = 8

if TYPE_CHECKING:
    from concurrent.futures import Future

    from factcli.ask.corpus import Surroundings
    from factcli.data.records import FactRecord


@dataclass(frozen=True)
class WordRows:
    """The rows of one batch of facts, as the index stores them, in the batch's order."""

    facts: list[tuple[Any, ...]]  # the facts table's columns after `pos`
    tags: list[tuple[str, int]]  # (folded tag, place in the batch)
    reversed_ids: list[str]
    search: list[tuple[str, ...]]  # one text per search column
    ask: list[tuple[str, ...]]  # one text per ask column, then the measure
    frequency: Counter[str]  # in how many of the batch's facts each ask word occurs
    spellings: dict[str, str]  # every word of the batch, with its stem
    initialisms: Counter[str]  # runs of words of its quotes (see `ask.lexicon`)


def stage(batch: Sequence[FactRecord]) -> bytes:
    """A batch of records as the first pass of a build keeps them for the second (see
    `WordCutter`): pickled field lists, much quicker to write than JSON."""
    from factcli.index.schema import record_fields

    return pickle.dumps([record_fields(record) for record in batch], pickle.HIGHEST_PROTOCOL)


def unstage(staged: bytes) -> list[list[Any]]:
    loaded: list[list[Any]] = pickle.loads(staged)  # written by `stage` in this build
    return loaded


@dataclass(frozen=True)
class WordCutter:
    """Makes the rows of a batch of staged records, with the whole dataset's acronyms:
    the facts' columns and compressed records, and their words."""

    read: Callable[[list[Any]], FactRecord]
    compress: Callable[[bytes], bytes]
    acronyms: dict[str, str]
    ask_columns: Sequence[str]
    context: Callable[[FactRecord], Surroundings]

    def __call__(self, staged: bytes) -> WordRows:
        from factcli.ask import count_initialisms, frequency_words, iter_fact_words, known_spellings
        from factcli.filters import magnitude
        from factcli.index.schema import search_row, stored_json
        from factcli.search import iter_search_fields

        fields = unstage(staged)
        records = [self.read(row) for row in fields]
        facts: list[tuple[Any, ...]] = []
        tags: list[tuple[str, int]] = []
        for at, (record, row) in enumerate(zip(records, fields, strict=True)):
            day = record.date
            size = magnitude(record)
            facts.append((
                record.id, record.kind,
                day.first_day().isoformat() if day else None,
                day.last_day().isoformat() if day else None,
                float(size) if size is not None else None,
                record.source.id, (record.attributed_to or "").casefold(),
                self.compress(stored_json(row)),
            ))  # fmt: skip
            tags.extend((tag, at) for tag in sorted({tag.casefold() for tag in record.tags}))
        search = [search_row(found) for found in iter_search_fields(records, self.acronyms)]
        ask = []
        frequency: Counter[str] = Counter()
        extra: list[str] = []
        for words in iter_fact_words(records, self.acronyms, self.context):
            # Word order in a column means nothing: they are read back as sets.
            ask.append((
                *(" ".join(words.fields[column]) for column in self.ask_columns),
                " ".join(words.measure),
            ))  # fmt: skip
            frequency.update(frequency_words(words))
            extra.append(words.spelled)
        return WordRows(
            facts,
            tags,
            [record.id[::-1] for record in records],
            search,
            ask,
            frequency,
            known_spellings(records, self.acronyms, extra),
            count_initialisms(records).counts,
        )


def cut_words(batches: Iterable[bytes], cutter: WordCutter, parallel: bool) -> Iterator[WordRows]:
    """The word rows of each batch, in order; with ``parallel``, cut in worker processes
    where the platform forks (Linux) and this process may use more than one core."""
    workers = worker_count()
    if not parallel or workers < 2:
        yield from map(cutter, batches)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(cutter, os.getpid()),
    )
    pending: deque[Future[WordRows]] = deque()
    try:
        for batch in batches:
            pending.append(pool.submit(_cut_in_worker, batch))
            if len(pending) > 2 * workers:  # bounded: batches are read as they are needed
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as error:
        raise OSError(f"a worker process of the index build died: {error}") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def worker_count() -> int:
    """One worker per core this process may run on (at most `MAX_WORKERS`); 1 where
    workers are not forked (not Linux)."""
    from factcli.workers import usable_cores

    return usable_cores(MAX_WORKERS)


_cutter: WordCutter | None = None


def _start_worker(cutter: WordCutter, parent: int) -> None:
    from factcli.workers import start_quiet_worker

    global _cutter
    _cutter = cutter
    start_quiet_worker(parent)  # Ctrl-C left to the main process, no stdout, dies with it


def _cut_in_worker(staged: bytes) -> WordRows:
    assert _cutter is not None, "worker started without its cutter"
    return _cutter(staged)
