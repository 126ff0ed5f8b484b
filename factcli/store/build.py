"""Writing a store: the dataset streamed and validated fact by fact, each fact one row.

A store is written to a temporary file and renamed into place (or, for a dataset read
without the cache, written in memory), so a crash or a race never leaves a broken one. The
facts' words are cut by SQLite's tokenizer as the rows go in: a build runs no word cutting
of its own, and needs no worker processes.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from factcli.store.cache import (
    dataset_key,
    file_status,
    private_cache_dir,
    record_status,
    remove_leftovers,
    trusted_status,
)
from factcli.store.schema import (
    DICTIONARY_SAMPLE,
    INDEXES,
    SCHEMA,
    SEARCH_COLUMNS,
    compressor,
    make_dictionary,
    record_fields,
    stored_json,
)

if TYPE_CHECKING:
    from factcli.model.dataset import LoadedDataset
    from factcli.model.records import FactRecord
    from factcli.model.schema import Dataset, Fact


class Progress(Protocol):
    """Told as a build goes: (phase, done, total); total is None while unknown."""

    def __call__(self, phase: str, done: int, total: int | None, /) -> None: ...


# Tell progress only for builds long enough to wonder about.
PROGRESS_FROM = 20_000
_BATCH = 5_000
# The build writes a new file nobody reads until it is renamed into place: no journal,
# no syncs; a large page cache keeps the full-text index's merges and the indexes made at
# the end in memory.
_PRAGMAS = (
    "PRAGMA journal_mode = OFF",
    "PRAGMA synchronous = OFF",
    "PRAGMA cache_size = -262144",
    "PRAGMA temp_store = MEMORY",
)


def build_store(
    dataset: Path,
    target: Path,
    load: Callable[[], LoadedDataset],
    progress: Progress | None = None,
) -> None:
    """Write the store of a dataset in a temporary file, then rename it into place.

    The dataset is read and validated fact by fact (`stream_dataset`), so memory stays
    flat however many facts it holds, and hashed as it is read: the store is keyed to
    the bytes it was built from. A file that cannot be streamed is validated whole by
    ``load``, which reports a broken dataset as it always does.
    """
    import hashlib

    from factcli.model.dataset import stream_dataset
    from factcli.model.jsonstream import NotStreamable

    private_cache_dir(target.parent)
    remove_leftovers(target.parent)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    name = dataset.resolve().name  # a dataset with no title is headed by its file's name
    started = time.time_ns()
    before = file_status(dataset)
    try:
        try:
            digest = hashlib.sha256()
            header, facts = stream_dataset(dataset, digest)
            _write(temporary, header, name, facts, progress,
                   lambda: dataset_key(dataset, digest.hexdigest()))  # fmt: skip
        except NotStreamable:
            loaded = load()
            _write(temporary, loaded.dataset, name, loaded.dataset.facts, progress,
                   lambda: dataset_key(dataset, loaded.sha256))  # fmt: skip
        record_status(temporary, trusted_status(before, file_status(dataset), started))
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            temporary.unlink()


def build_in_memory(loaded: LoadedDataset) -> sqlite3.Connection:
    """The store of a validated dataset, held in memory (a dataset read without the cache)."""
    db = sqlite3.connect(":memory:")
    key = json.dumps({"path": str(loaded.path), "sha256": loaded.sha256})
    _fill(db, loaded.dataset, loaded.path.name, loaded.dataset.facts, None, lambda: key)
    return db


def _write(
    temporary: Path,
    header: Dataset,
    file_name: str,
    facts: Iterable[Fact],
    progress: Progress | None,
    key: Callable[[], str],
) -> None:
    with suppress(FileNotFoundError):
        temporary.unlink()  # left by a stream that gave up half-way
    db = sqlite3.connect(temporary)
    try:
        _fill(db, header, file_name, facts, progress, key)
    finally:
        db.close()


def _fill(
    db: sqlite3.Connection,
    header: Dataset,
    file_name: str,
    facts: Iterable[Fact],
    progress: Progress | None,
    key: Callable[[], str],
) -> None:
    """Write every table of a store in one pass over the facts."""
    from factcli.language.acronyms import AcronymFinder
    from factcli.model.records import fact_record, source_info

    documents = [source_info(source) for source in header.sources]
    by_id = {document.id: document for document in documents}
    records = (fact_record(fact, by_id[fact.source.id]) for fact in facts)
    for pragma in _PRAGMAS:
        db.execute(pragma)
    db.executescript(SCHEMA)
    acronyms = AcronymFinder()
    rows = _Rows(db)
    dictionary = b""
    total = 0
    for total, batch in _batches(records, _BATCH):
        if not dictionary:
            dictionary = make_dictionary(
                stored_json(record_fields(record)) for record in batch[:DICTIONARY_SAMPLE]
            )
            rows.compress = compressor(dictionary)
        for record in batch:
            acronyms.add_texts((record.quote, record.statement, record.source.title))
            acronyms.add_tags(record.tags)
        rows.insert(batch)
        if progress and total >= PROGRESS_FROM:
            progress("reading", total, None)
    if progress and total >= PROGRESS_FROM:
        progress("indexing", total, total)
    head = header.model_dump(mode="json", exclude_none=True, by_alias=True)
    head.pop("facts", None)
    meta = {
        "key": key(),  # once every fact was read: the hash of all the bytes
        "title": header.title or file_name,
        "header": json.dumps(head, ensure_ascii=False),
        "documents": json.dumps([document.stored() for document in documents]),
        "facts": str(total),
        "acronyms": json.dumps(acronyms.found(), ensure_ascii=False),
        "dictionary": dictionary.hex(),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.executescript(INDEXES)
    db.commit()


def _batches(rows: Iterable[Any], size: int) -> Iterator[tuple[int, list[Any]]]:
    done = 0
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        done += len(batch)
        yield done, batch


class _Rows:
    """Writes the rows of each batch of records: the facts, their tags (by number), their
    reversed ids, and their search words."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.written = 0
        self.compress: Callable[[bytes], bytes] = lambda data: data
        self._tag_numbers: dict[str, int] = {}

    def insert(self, batch: list[FactRecord]) -> None:
        from factcli.model.series import series_point
        from factcli.store.filters import magnitude
        from factcli.store.search import fts_text, group_texts

        db, first = self._db, self.written
        facts = []
        frames = []
        for pos, record in enumerate(batch, first):
            day = record.date
            size = magnitude(record)
            point = series_point(record)
            facts.append((
                pos, record.id, record.kind,
                day.first_day().isoformat() if day else None,
                day.last_day().isoformat() if day else None,
                float(size) if size is not None else None,
                str(size) if size is not None else None,
                record.value_detail.get("currency"),
                record.source.id, (record.attributed_to or "").casefold(),
                point.unit if point else None,
                float(point.number) if point else None,
                record.subject.casefold() if record.subject else None,
                self.compress(stored_json(record_fields(record))),
            ))  # fmt: skip
            if point and record.measure:
                frames.append((pos, fts_text(record.measure), fts_text(record.subject or "")))
        db.executemany(f"INSERT INTO facts VALUES (?{', ?' * (len(facts[0]) - 1)})", facts)
        db.executemany("INSERT INTO frame_words (rowid, measure, subject) VALUES (?, ?, ?)", frames)
        for at, record in enumerate(batch, first):
            for tag in sorted({tag.casefold() for tag in record.tags}):
                number = self._tag_numbers.get(tag)
                if number is None:
                    number = self._tag_numbers[tag] = len(self._tag_numbers) + 1
                    db.execute("INSERT INTO tag_names VALUES (?, ?)", (number, tag))
                db.execute("INSERT INTO tags VALUES (?, ?)", (number, at))
        db.executemany("INSERT INTO reversed_ids VALUES (?)", ((r.id[::-1],) for r in batch))
        columns = ", ".join(SEARCH_COLUMNS)
        db.executemany(
            f"INSERT INTO search_words (rowid, {columns}) VALUES (?{', ?' * len(SEARCH_COLUMNS)})",
            ((pos, *group_texts(record)) for pos, record in enumerate(batch, first)),
        )
        self.written += len(batch)
