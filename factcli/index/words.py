"""The words an index stores for each fact, cut batch by batch, on every core for large builds.

Cutting words (tokens, stems, acronyms both ways) is most of an index build's time and is
pure Python, so a large build hands each batch to worker processes, one per core, as soon
as it is read, while the main process reads on and writes the rows they send back (see
`build._write_index`). Workers are forked: they inherit what they need instead of having
it sent, and they ignore Ctrl-C, which the main process handles. A worker dies with the
main process, however that one ends (even by SIGKILL), and never holds the main process's
stdout, so ``factcli ... | wc -l`` ends when factcli does.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from factcli.text import TokenCache

# Each worker holds a copy of a batch and its words; past a few, writing is the bottleneck.
MAX_WORKERS = 8

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from factcli.ask.corpus import Surroundings
    from factcli.data.records import FactRecord


@dataclass(frozen=True)
class WordTexts:
    """The word rows of one batch of facts that hang on the acronyms they were cut with."""

    search: list[tuple[str, ...]]  # one text per search column
    ask: list[tuple[str, ...]]  # one text per ask column, then the measure
    frequency: Counter[str]  # in how many of the batch's facts each ask word occurs

    def digest(self) -> bytes:
        """What the rows say, in 16 bytes: rows cut again must be the rows written."""
        import hashlib

        digest = hashlib.blake2b(digest_size=16)
        for row in (*self.search, *self.ask):
            digest.update("\x1f".join(row).encode("utf-8", "surrogatepass") + b"\x1e")
        return digest.digest()


@dataclass(frozen=True)
class WordRows:
    """The rows of one batch of facts, as the index stores them, in the batch's order."""

    facts: list[tuple[Any, ...]]  # the facts table's columns after `pos`
    tags: dict[str, list[int]]  # each folded tag, with the places in the batch of its facts
    reversed_ids: list[str]
    words: WordTexts
    digest: bytes  # of ``words`` (`WordTexts.digest`)
    spellings: dict[str, str]  # every word of the batch, with its stem
    initialisms: Counter[str]  # runs of words of its quotes (see `ask.lexicon`)
    vocabulary: WordFilter  # every word cut, before acronyms: what acronyms can change


class WordFilter:
    """A set of words that may answer "yes" for a word it does not hold, never "no" for
    one it holds (a Bloom filter: two bits of a fixed bitmap a word). A batch's filter
    says, at the end of a build, whether an acronym found later can change its words."""

    _BITS = 1 << 19  # 64 KiB a batch: about 1 false "yes" in 200 for 20,000 words

    def __init__(self, words: Iterable[str]) -> None:
        bits = bytearray(self._BITS // 8)
        mask = self._BITS - 1
        for word in words:
            # Workers are forked, so they hash strings as the main process does.
            code = hash(word)
            for bit in (code & mask, (code >> 20) & mask):
                bits[bit >> 3] |= 1 << (bit & 7)
        self._bits = bytes(bits)

    def __contains__(self, word: str) -> bool:
        code = hash(word)
        mask = self._BITS - 1
        return all(self._bits[bit >> 3] >> (bit & 7) & 1
                   for bit in (code & mask, (code >> 20) & mask))  # fmt: skip

    def __getstate__(self) -> bytes:
        return self._bits

    def __setstate__(self, state: bytes) -> None:
        self._bits = state


def stage(batch: Sequence[FactRecord]) -> bytes:
    """A batch of records as a build hands it to `WordCutter` and keeps it in case its
    words are cut again: pickled field lists, much quicker to write than JSON."""
    from factcli.index.schema import record_fields

    return pickle.dumps([record_fields(record) for record in batch], pickle.HIGHEST_PROTOCOL)


def unstage(staged: bytes) -> list[list[Any]]:
    loaded: list[list[Any]] = pickle.loads(staged)  # written by `stage` in this build
    return loaded


@dataclass(frozen=True)
class WordCutter:
    """Makes the rows of a batch of staged records with the acronyms known when it is cut:
    the facts' columns and compressed records, and their words."""

    read: Callable[[list[Any]], FactRecord]
    compress: Callable[[bytes], bytes]
    ask_groups: Sequence[Sequence[str]]  # the fields of each ask column
    context: Callable[[FactRecord], Surroundings]

    def __call__(self, staged: bytes, acronyms: dict[str, str]) -> WordRows:
        from factcli.ask import count_initialisms, known_spellings
        from factcli.filters import magnitude
        from factcli.index.schema import stored_json

        fields = unstage(staged)
        records = [self.read(row) for row in fields]
        facts: list[tuple[Any, ...]] = []
        # By tag, in the order tags first occur: a list of (tag, place) pairs would be pickled
        # with a string for each pair, and unpickled in the main process, which is busy.
        tags: dict[str, list[int]] = {}
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
            for tag in sorted({tag.casefold() for tag in record.tags}):
                tags.setdefault(tag, []).append(at)
        vocabulary: set[str] = set()
        cache = TokenCache()  # the sentences are cut for their stems, spellings, initialisms
        words, spelled = self._words(records, acronyms, vocabulary, cache)
        return WordRows(
            facts,
            tags,
            [record.id[::-1] for record in records],
            words,
            words.digest(),
            # The acronyms' own spellings are added once, for the whole dataset.
            known_spellings(records, {}, spelled, cache.tokens),
            count_initialisms(records, cache.tokens).counts,
            WordFilter(vocabulary),
        )

    def words(self, staged: bytes, acronyms: dict[str, str]) -> WordTexts:
        """Only the rows that hang on the acronyms (see `WordRows.words`)."""
        records = [self.read(row) for row in unstage(staged)]
        return self._words(records, acronyms, None, TokenCache())[0]

    def _words(
        self,
        records: Sequence[FactRecord],
        acronyms: dict[str, str],
        vocabulary: set[str] | None,
        cache: TokenCache,
    ) -> tuple[WordTexts, list[str]]:
        from factcli.ask import frequency_words, iter_fact_words, measure_words
        from factcli.index.schema import SEARCH_GROUPS, grouped_words
        from factcli.search import field_word_sets, search_texts, words

        # Word order in a column means nothing: they are read back as sets.
        groups = [group.fields for group in SEARCH_GROUPS]
        search = [
            tuple(" ".join(found) for found in grouped_words(fields, groups))
            for fields in field_word_sets(records, search_texts, words, acronyms, vocabulary)
        ]
        ask = []
        frequency: Counter[str] = Counter()
        spelled: list[str] = []
        ask_groups = self.ask_groups
        for fact in iter_fact_words(records, acronyms, self.context, vocabulary, cache.stems):
            found = grouped_words(fact.fields, ask_groups)
            ask.append((
                *[" ".join(group) for group in found],
                " ".join(frozenset(measure_words(fact.record, cache.tokens))),
            ))  # fmt: skip
            frequency.update(frequency_words(fact))
            spelled.append(fact.spelled)
        return WordTexts(search, ask, frequency), spelled


Task = Literal["cut", "words"]  # `WordCutter.__call__` or `WordCutter.words`


class Cutting:
    """Batches cut as they are handed in, their results given back in the same order: here,
    at once, until `start_workers`; then in worker processes, one per core, where the
    platform forks (Linux) and this process may use more than one core."""

    def __init__(self, cutter: WordCutter) -> None:
        self._cutter = cutter
        self._pending: deque[Future[Any]] = deque()
        self._pool: ProcessPoolExecutor | None = None
        self._workers = worker_count()
        # Bounded: past this many batches in flight, the reader waits for the workers.
        self._limit = 2 * self._workers

    def start_workers(self) -> None:
        """Cut the batches handed in from now on in worker processes (if there are cores)."""
        if self._pool is not None or self._workers < 2:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(
            self._workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(self._cutter, os.getpid()),
        )

    def submit(self, task: Task, staged: bytes, acronyms: dict[str, str]) -> None:
        if self._pool is not None:
            self._pending.append(self._pool.submit(_in_worker, task, staged, acronyms))
            return
        from concurrent.futures import Future

        done: Future[Any] = Future()
        done.set_result(_run(self._cutter, task, staged, acronyms))
        self._pending.append(done)

    def ready(self) -> Iterator[Any]:
        """The results that are done, in order; waits only while too many are in flight."""
        while self._pending and (len(self._pending) > self._limit or self._pending[0].done()):
            yield self._result(self._pending.popleft())

    def finish(self) -> Iterator[Any]:
        """Every result not given back yet, in order."""
        while self._pending:
            yield self._result(self._pending.popleft())

    def _result(self, future: Future[Any]) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool as error:
            raise OSError(f"a worker process of the index build died: {error}") from None

    def __enter__(self) -> Cutting:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _run(cutter: WordCutter, task: Task, staged: bytes, acronyms: dict[str, str]) -> Any:
    return cutter(staged, acronyms) if task == "cut" else cutter.words(staged, acronyms)


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


def _in_worker(task: Task, staged: bytes, acronyms: dict[str, str]) -> Any:
    assert _cutter is not None, "worker started without its cutter"
    return _run(_cutter, task, staged, acronyms)
