"""Writing an index: the dataset streamed and validated fact by fact, then its words cut.

The index is written to a temporary file and renamed into place, so a crash or a race
never leaves a broken one.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from factcli.index.cache import (
    dataset_key,
    file_status,
    private_cache_dir,
    record_status,
    remove_leftovers,
    trusted_status,
)
from factcli.index.schema import (
    ASK_COLUMNS,
    ASK_GROUPS,
    DICTIONARY_SAMPLE,
    INDEXES,
    SCHEMA,
    SEARCH_COLUMNS,
    compressor,
    make_dictionary,
    reader,
    record_fields,
    stored_json,
)

if TYPE_CHECKING:
    from factcli.data.dataset import LoadedDataset
    from factcli.data.models import Dataset, Fact
    from factcli.index.words import Cutting, WordFilter, WordRows, WordTexts
    from factcli.progress import Progress

# Show a progress bar only for builds long enough to wonder about.
PROGRESS_FROM = 20_000
# Once this many facts are read, batches are cut in worker processes (`words.Cutting`).
PARALLEL_FROM = 5_000
_BATCH = 5_000


def build_index(
    dataset: Path,
    target: Path,
    load: Callable[[], LoadedDataset],
    progress: Progress | None = None,
) -> None:
    """Index a dataset in a temporary file, then rename it into place.

    The dataset is read and validated fact by fact (`stream_dataset`), so memory stays
    flat however many facts it holds, and hashed as it is read: the index is keyed to
    the bytes it was built from. A file that cannot be streamed is validated whole by
    ``load``, which reports a broken dataset as it always does.
    """
    import hashlib

    from factcli.data.dataset import stream_dataset
    from factcli.data.jsonstream import NotStreamable

    private_cache_dir()
    remove_leftovers()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    name = dataset.resolve().name  # a dataset with no title is headed by its file's name
    started = time.time_ns()
    before = file_status(dataset)
    try:
        try:
            digest = hashlib.sha256()
            header, facts = stream_dataset(dataset, digest)
            _write_index(
                temporary, lambda: dataset_key(dataset, digest.hexdigest()), header,
                dataset.parent, name, facts, progress,
            )  # fmt: skip
        except NotStreamable:
            loaded = load()
            header = loaded.dataset
            _write_index(
                temporary, lambda: dataset_key(dataset, loaded.sha256), header, dataset.parent,
                name, header.facts, progress,
            )  # fmt: skip
        record_status(temporary, trusted_status(before, file_status(dataset), started))
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            temporary.unlink()


def _write_index(
    temporary: Path,
    key: Callable[[], str],
    header: Dataset,
    folder: Path,
    file_name: str,
    facts: Iterable[Fact],
    progress: Progress | None,
) -> None:
    """Write the index in one pass over the facts: each batch is validated and staged as
    it comes, and its rows made (columns, compressed record, words) on every core
    (`words.Cutting`) while this process reads on and writes the rows that are done.

    Acronyms found in any fact expand in all of them, so a batch is cut with the acronyms
    found so far, and at the end the batches whose words an acronym found later changes
    (`_stale_batches`) have those rows cut again and replaced. A staging file beside the
    index (pickled batches, deleted after) keeps the batches for that.
    """
    from factcli.acronyms import AcronymFinder
    from factcli.ask import ContextReader
    from factcli.data.records import fact_record, source_info
    from factcli.index.words import Cutting, WordCutter, stage

    with suppress(FileNotFoundError):
        temporary.unlink()  # left by a stream that gave up half-way
    documents = [source_info(source) for source in header.sources]
    by_id = {document.id: document for document in documents}
    acronyms = AcronymFinder()
    staging = _staging_path(temporary)
    records = (fact_record(fact, by_id[fact.source.id]) for fact in facts)
    batches = _batches(records, _BATCH)
    try:
        with closing(sqlite3.connect(temporary)) as db, staging.open("w+b") as staged:
            for pragma in _PRAGMAS:
                db.execute(pragma)
            db.executescript(SCHEMA)
            first = next(batches, (0, []))
            dictionary = make_dictionary(stored_json(record_fields(record))
                                         for record in first[1][:DICTIONARY_SAMPLE])  # fmt: skip
            ask_groups = [fields for _, fields in ASK_GROUPS]
            cutter = WordCutter(reader(documents), compressor(dictionary), ask_groups,
                                ContextReader(folder))  # fmt: skip
            rows = _RowWriter(db)
            kept = _Staging(staged)
            total = 0
            with Cutting(cutter) as cutting:
                for total, batch in itertools.chain([first], batches) if first[1] else ():
                    for record in batch:
                        acronyms.add_record(record)
                    staged_batch = stage(batch)
                    cut_with = kept.add(staged_batch, acronyms.found())
                    if total >= PARALLEL_FROM:
                        cutting.start_workers()
                    cutting.submit("cut", staged_batch, cut_with)
                    rows.insert_all(cutting.ready())
                    if progress and total >= PROGRESS_FROM:
                        progress("reading", total, None)
                rows.insert_all(cutting.finish())
                final = acronyms.found()
                stale = _stale_batches(kept.acronyms, rows.vocabularies, final)
                _cut_again(cutting, rows, kept, stale, final)
            if progress and total >= PROGRESS_FROM:
                progress("indexing", total, total)
            rows.finish(final)
            meta = {
                "key": key(),  # once every fact was read: the hash of all the bytes
                "title": header.title or file_name,
                "documents": json.dumps([document.stored() for document in documents]),
                "facts": str(total),
                "acronyms": json.dumps(final, ensure_ascii=False),
                "dictionary": dictionary.hex(),
            }
            db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            db.executescript(INDEXES)
            db.commit()
    finally:
        with suppress(OSError):
            staging.unlink()


def _stale_batches(
    cut_with: Sequence[dict[str, str]], vocabularies: Sequence[WordFilter], final: dict[str, str]
) -> list[int]:
    """The batches whose words the acronyms found after them may change: a text holding
    an acronym whose long form changed, or every word of a long form whose acronym did
    (`search.acronym_changes`, for search's words and for ask's stems)."""
    from factcli.search import acronym_changes, words
    from factcli.text import stems

    stale = []
    changes: dict[int, tuple[set[str], list[tuple[str, ...]]]] = {}
    for number, (before, vocabulary) in enumerate(zip(cut_with, vocabularies, strict=True)):
        if list(before.items()) == list(final.items()):
            continue  # cut with the acronyms as they ended
        if id(before) not in changes:
            acronyms: set[str] = set()
            long_forms: set[tuple[str, ...]] = set()
            for split in (words, stems):
                some, more = acronym_changes(before, final, split)
                acronyms |= some
                long_forms |= more
            changes[id(before)] = (acronyms, sorted(long_forms))
        changed, forms = changes[id(before)]
        if any(word in vocabulary for word in changed) or any(
            all(word in vocabulary for word in form) for form in forms
        ):
            stale.append(number)
    return stale


class _Staging:
    """The batches of a build as they were handed to the workers, in a file beside the
    index, with the acronyms each was cut with: what is cut again at the end."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._spans: list[tuple[int, int]] = []  # where each batch is in the file, and its size
        self.acronyms: list[dict[str, str]] = []  # what each batch was cut with

    def add(self, batch: bytes, acronyms: dict[str, str]) -> dict[str, str]:
        """Keep a batch, to be cut with ``acronyms``; returns them (the same dictionary as
        the batch before's when they did not change)."""
        if self.acronyms and list(acronyms.items()) == list(self.acronyms[-1].items()):
            acronyms = self.acronyms[-1]
        self.acronyms.append(acronyms)
        self._spans.append((self._file.seek(0, os.SEEK_END), len(batch)))
        self._file.write(batch)
        return acronyms

    def batch(self, number: int) -> bytes:
        start, size = self._spans[number]
        self._file.seek(start)
        return self._file.read(size)


def _cut_again(
    cutting: Cutting, rows: _RowWriter, kept: _Staging, stale: Sequence[int], final: dict[str, str]
) -> None:
    """Replace the word rows of the ``stale`` batches by rows cut with the ``final``
    acronyms; the rows they replace are cut again too, as FTS5 needs them to delete."""
    waiting: deque[int] = deque()
    results: list[WordTexts] = []

    def take(done: Iterable[WordTexts]) -> None:
        results.extend(done)
        while len(results) >= 2:
            old, new = results.pop(0), results.pop(0)
            rows.replace(waiting.popleft(), old, new)

    for number in stale:
        batch = kept.batch(number)
        cutting.submit("words", batch, kept.acronyms[number])
        cutting.submit("words", batch, final)
        waiting.append(number)
        take(cutting.ready())
    take(cutting.finish())


# The build writes a new file nobody reads until it is renamed into place: no journal,
# no syncs; a large page cache keeps the full-text index's merges and the indexes made at
# the end in memory.
_PRAGMAS = (
    "PRAGMA journal_mode = OFF",
    "PRAGMA synchronous = OFF",
    "PRAGMA cache_size = -262144",
    "PRAGMA temp_store = MEMORY",
)


def _staging_path(temporary: Path) -> Path:
    """Beside the temporary index, named so that `cache.remove_leftovers` finds it too."""
    stem, pid, suffix = temporary.name.rsplit(".", 2)
    return temporary.with_name(f"{stem}-staged.{pid}.{suffix}")


def _batches(rows: Iterable[Any], size: int) -> Iterator[tuple[int, list[Any]]]:
    batch: list[Any] = []
    done = 0
    for row in rows:
        batch.append(row)
        done += 1
        if len(batch) == size:
            yield done, batch
            batch = []
    if batch:
        yield done, batch


class _RowWriter:
    """Writes the rows of each batch as they come (`words.WordRows`), and what is counted
    over all of them (the words' frequencies, spellings and initialisms) at the end."""

    def __init__(self, db: sqlite3.Connection) -> None:
        from factcli.ask.lexicon import InitialismCounter

        self._db = db
        self.written = 0
        self.vocabularies: list[WordFilter] = []
        self._firsts: list[int] = []  # the position of each batch's first fact
        self._digests: list[bytes] = []  # of each batch's word rows (`WordTexts.digest`)
        self._tag_numbers: dict[str, int] = {}
        self._frequency: Counter[str] = Counter()
        self._spellings: dict[str, str] = {}
        self._initialisms = InitialismCounter()

    def insert_all(self, done: Iterable[WordRows]) -> None:
        for rows in done:
            self.insert(rows)

    def insert(self, rows: WordRows) -> None:
        """A batch's rows; tags are stored by number (filled as they come)."""
        db, first = self._db, self.written
        db.executemany(
            "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((pos, *row) for pos, row in enumerate(rows.facts, first)),
        )
        for tag, places in rows.tags.items():
            number = self._tag_numbers.get(tag)
            if number is None:
                number = self._tag_numbers[tag] = len(self._tag_numbers) + 1
                db.execute("INSERT INTO tag_names VALUES (?, ?)", (number, tag))
            rows_of_tag = ((number, first + at) for at in places)
            db.executemany("INSERT INTO tags VALUES (?, ?)", rows_of_tag)
        db.executemany("INSERT INTO reversed_ids VALUES (?)", ((id_,) for id_ in rows.reversed_ids))
        self._write_words(enumerate(rows.words.search, first), enumerate(rows.words.ask, first))
        self._frequency.update(rows.words.frequency)
        self._spellings.update(rows.spellings)
        self._initialisms.merge(rows.initialisms)
        self.vocabularies.append(rows.vocabulary)
        self._firsts.append(first)
        self._digests.append(rows.digest)
        self.written += len(rows.facts)

    def replace(self, batch: int, old: WordTexts, new: WordTexts) -> None:
        """Replace a batch's word rows: those that differ are deleted and written again.

        A contentless table deletes a row only when given the words it was written with;
        ``old`` are those words cut again, and must be the same (they are not when a source
        file changed while the index was built: the build then gives up)."""
        if old.digest() != self._digests[batch]:
            raise OSError("a source file changed while the index was built")
        first = self._firsts[batch]
        search = [at for at, row in enumerate(old.search, first) if row != new.search[at - first]]
        ask = [at for at, row in enumerate(old.ask, first) if row != new.ask[at - first]]
        self._write_words(
            ((pos, old.search[pos - first]) for pos in search),
            ((pos, old.ask[pos - first]) for pos in ask),
            delete=True,
        )
        self._write_words(
            ((pos, new.search[pos - first]) for pos in search),
            ((pos, new.ask[pos - first]) for pos in ask),
        )
        self._frequency.subtract(old.frequency)
        self._frequency.update(new.frequency)

    def _write_words(
        self,
        search: Iterable[tuple[int, tuple[str, ...]]],
        ask: Iterable[tuple[int, tuple[str, ...]]],
        delete: bool = False,
    ) -> None:
        """Rows of the full-text tables by position, written (or, with ``delete``, deleted)."""
        for table, rows, columns in (
            ("search_words", search, SEARCH_COLUMNS),
            ("ask_words", ask, (*ASK_COLUMNS, "measure")),
        ):
            names = f"{table}, rowid" if delete else "rowid"
            values = "'delete', ?" if delete else "?"
            self._db.executemany(
                f"INSERT INTO {table} ({names}, {', '.join(columns)}) "
                f"VALUES ({values}{', ?' * len(columns)})",
                ((pos, *texts) for pos, texts in rows),
            )

    def finish(self, acronyms: dict[str, str]) -> None:
        """The words' frequencies, spellings and initialisms, over every batch."""
        for acronym in acronyms:
            self._spellings.setdefault(acronym.lower(), acronym.lower())
        self._db.executemany(
            "INSERT INTO ask_terms VALUES (?, ?)",
            ((term, count) for term, count in self._frequency.items() if count > 0),
        )
        for table, best in (("initialisms", self._initialisms.best()),
                            ("linked_initialisms", self._initialisms.best_linked())):  # fmt: skip
            self._db.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)",
                ((initials, run, count) for initials, (run, count) in best.items()),
            )
        self._db.executemany(
            "INSERT INTO spellings VALUES (?, ?, ?, ?)",
            ((word, stem, word[:1], len(word)) for word, stem in self._spellings.items()),
        )
