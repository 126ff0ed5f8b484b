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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcli.data.records import SourceInfo
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
    DICTIONARY_SAMPLE,
    INDEXES,
    SCHEMA,
    SEARCH_COLUMNS,
    compressor,
    make_dictionary,
    reader,
    stored_json,
)

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
    """Write the index in two passes: the facts validated and staged as they come, then
    their rows made (columns, compressed record, words) and written.

    Rows are made only once every fact is in, because acronyms found in any fact expand in
    all of them; the second pass reads the facts back from a staging file beside the
    index (pickled batches, deleted after), not from the JSON, and makes each batch's rows
    on every core (`words.cut_words`), while this process writes them.
    """
    from factcli.acronyms import AcronymFinder
    from factcli.data.records import fact_record, source_info
    from factcli.index.words import stage

    with suppress(FileNotFoundError):
        temporary.unlink()  # left by a stream that gave up half-way
    documents = [source_info(source) for source in header.sources]
    by_id = {document.id: document for document in documents}
    acronyms = AcronymFinder()
    staging = _staging_path(temporary)
    try:
        offsets: list[int] = []
        total = 0
        with staging.open("wb") as staged:
            records = (fact_record(fact, by_id[fact.source.id]) for fact in facts)
            for total, batch in _batches(records, _BATCH):
                for record in batch:
                    acronyms.add_record(record)
                offsets.append(staged.tell())
                staged.write(stage(batch))
                if progress and total >= PROGRESS_FROM:
                    progress("reading", total, None)
            offsets.append(staged.tell())
        with closing(sqlite3.connect(temporary)) as db:
            for pragma in _PRAGMAS:
                db.execute(pragma)
            db.executescript(SCHEMA)
            dictionary = _insert_rows(db, staging, offsets, total, acronyms.found(), documents,
                                      folder, progress)  # fmt: skip
            meta = {
                "key": key(),  # once every fact was read: the hash of all the bytes
                "title": header.title or file_name,
                "documents": json.dumps([document.to_json() for document in documents]),
                "facts": str(total),
                "acronyms": json.dumps(acronyms.found(), ensure_ascii=False),
                "dictionary": dictionary.hex(),
            }
            db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            db.executescript(INDEXES)
            db.commit()
    finally:
        with suppress(OSError):
            staging.unlink()


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


def _insert_rows(
    db: sqlite3.Connection,
    staging: Path,
    offsets: Sequence[int],
    total: int,
    acronyms: dict[str, str],
    documents: Sequence[SourceInfo],
    folder: Path,
    progress: Progress | None,
) -> bytes:
    """The rows of every fact (see `words.WordCutter`), then the words' frequencies,
    spellings and initialisms; returns the records' compression dictionary."""
    from factcli.ask import ContextReader
    from factcli.ask.lexicon import InitialismCounter
    from factcli.index.words import WordCutter, cut_words, unstage

    def batches() -> Iterator[bytes]:
        with staging.open("rb") as staged:
            for start, end in itertools.pairwise(offsets):
                yield staged.read(end - start)

    with staging.open("rb") as staged:
        sample = unstage(staged.read(offsets[1]))[:DICTIONARY_SAMPLE] if total else []
    dictionary = make_dictionary(stored_json(row) for row in sample)
    cutter = WordCutter(reader(documents), compressor(dictionary), acronyms, ASK_COLUMNS,
                        ContextReader(folder))  # fmt: skip
    frequency: Counter[str] = Counter()
    spellings: dict[str, str] = {}
    initialisms = InitialismCounter()
    first = 0
    tag_numbers: dict[str, int] = {}
    for rows in cut_words(batches(), cutter, parallel=total >= PARALLEL_FROM):
        _insert_batch(db, rows, first, tag_numbers)
        frequency.update(rows.frequency)
        spellings.update(rows.spellings)
        initialisms.merge(rows.initialisms)
        first += len(rows.facts)
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
    return dictionary


def _insert_batch(
    db: sqlite3.Connection, rows: WordRows, first: int, tag_numbers: dict[str, int]
) -> None:
    """A batch's rows; tags are stored by number (``tag_numbers``, filled as they come)."""
    db.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((pos, *row) for pos, row in enumerate(rows.facts, first)),
    )
    for tag, _ in rows.tags:
        if tag not in tag_numbers:
            tag_numbers[tag] = len(tag_numbers) + 1
            db.execute("INSERT INTO tag_names VALUES (?, ?)", (tag_numbers[tag], tag))
    db.executemany(
        "INSERT INTO tags VALUES (?, ?)", ((tag_numbers[tag], first + at) for tag, at in rows.tags)
    )
    db.executemany("INSERT INTO reversed_ids VALUES (?)", ((id_,) for id_ in rows.reversed_ids))
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
