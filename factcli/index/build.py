"""Writing an index: the dataset streamed and validated fact by fact, then its words cut.

The index is written to a temporary file and renamed into place, so a crash or a race
never leaves a broken one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcli.data.records import FactRecord
from factcli.index.cache import (
    dataset_key,
    file_status,
    private_cache_dir,
    record_status,
    remove_leftovers,
    trusted_status,
)
from factcli.index.schema import ASK_COLUMNS, INDEXES, SCHEMA, SEARCH_COLUMNS, decoder, stored_json
from factcli.query import magnitude

if TYPE_CHECKING:
    from factcli.data.dataset import LoadedDataset
    from factcli.data.models import Dataset, Fact
    from factcli.index.words import WordRows
    from factcli.progress import Progress

# Show a progress bar only for builds long enough to wonder about.
PROGRESS_FROM = 20_000
# Builds of this many facts cut their words in worker processes (see `word_rows`).
PARALLEL_FROM = 20_000
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
    """Write the index in two passes: the facts as they come, then their words.

    Words are cut only once every fact is in, because acronyms found in any fact expand in
    all of them; the second pass reads the facts back from the index, not from the JSON.
    """
    from factcli.data.records import fact_record, source_info
    from factcli.query import AcronymFinder

    with suppress(FileNotFoundError):
        temporary.unlink()  # left by a stream that gave up half-way
    documents = [source_info(source) for source in header.sources]
    by_id = {document.id: document for document in documents}
    acronyms = AcronymFinder()
    with closing(sqlite3.connect(temporary)) as db:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(SCHEMA)
        records = (fact_record(fact, by_id[fact.source.id]) for fact in facts)
        total = 0
        for total, batch in _batches(records, _BATCH):
            _insert_facts(db, batch, total - len(batch))
            for record in batch:
                acronyms.add_record(record)
            if progress and total >= PROGRESS_FROM:
                progress("reading", total, None)
        _insert_words(db, total, acronyms.found(), decoder(documents), folder, progress)
        meta = {
            "key": key(),  # once every fact was read: the hash of all the bytes
            "title": header.title or file_name,
            "documents": json.dumps([document.to_json() for document in documents]),
            "facts": str(total),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.executescript(INDEXES)
        db.commit()


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


def _insert_facts(db: sqlite3.Connection, batch: Sequence[FactRecord], first: int) -> None:
    facts: list[tuple[Any, ...]] = []
    tags: list[tuple[str, int]] = []
    for pos, record in enumerate(batch, first):
        day = record.date
        size = magnitude(record)
        facts.append((
            pos, record.id, record.kind,
            day.first_day().isoformat() if day else None,
            day.last_day().isoformat() if day else None,
            float(size) if size is not None else None,
            record.source.id, (record.attributed_to or "").casefold(), record.id[::-1],
            stored_json(record),
        ))  # fmt: skip
        tags.extend((tag.casefold(), pos) for tag in set(record.tags))
    db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", facts)
    db.executemany("INSERT INTO tags VALUES (?, ?)", tags)


def _insert_words(
    db: sqlite3.Connection,
    total: int,
    acronyms: dict[str, str],
    decode: Callable[[str], FactRecord],
    folder: Path,
    progress: Progress | None,
) -> None:
    """The search and ask words of every fact, their frequencies, spellings and
    initialisms."""
    from factcli.ask import ContextReader
    from factcli.ask.lexicon import InitialismCounter
    from factcli.index.words import WordCutter, cut_words

    def batches() -> Iterator[list[str]]:
        for first in range(0, total, _BATCH):
            rows = db.execute(
                "SELECT record FROM facts WHERE pos >= ? AND pos < ? ORDER BY pos",
                (first, first + _BATCH),
            )
            yield [row[0] for row in rows]

    cutter = WordCutter(decode, acronyms, SEARCH_COLUMNS, ASK_COLUMNS, ContextReader(folder))
    frequency: Counter[str] = Counter()
    spellings: dict[str, str] = {}
    initialisms = InitialismCounter()
    first = 0
    for rows in cut_words(batches(), cutter, parallel=total >= PARALLEL_FROM):
        _insert_batch(db, rows, first)
        frequency.update(rows.frequency)
        spellings.update(rows.spellings)
        initialisms.merge(rows.initialisms)
        first += len(rows.search)
        if progress and total >= PROGRESS_FROM:
            progress("indexing", first, total)
    db.executemany("INSERT INTO ask_terms VALUES (?, ?)", frequency.items())
    db.executemany(
        "INSERT INTO initialisms VALUES (?, ?, ?)",
        ((initials, run, count) for initials, (run, count) in initialisms.best().items()),
    )
    db.executemany(
        "INSERT INTO spellings VALUES (?, ?, ?, ?)",
        ((word, stem, word[:1], len(word)) for word, stem in spellings.items()),
    )


def _insert_batch(db: sqlite3.Connection, rows: WordRows, first: int) -> None:
    columns = ", ".join(SEARCH_COLUMNS)
    db.executemany(
        f"INSERT INTO search_words (rowid, {columns}) VALUES (?{', ?' * len(SEARCH_COLUMNS)})",
        ((pos, *texts) for pos, texts in enumerate(rows.search, first)),
    )
    columns = ", ".join(ASK_COLUMNS)
    db.executemany(
        f"INSERT INTO ask_words (rowid, {columns}, measure) "
        f"VALUES (?{', ?' * len(ASK_COLUMNS)}, ?)",
        ((pos, *texts) for pos, texts in enumerate(rows.ask, first)),
    )
