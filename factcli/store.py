"""The indexed store: a SQLite copy of a validated dataset, kept in the user's cache.

The first command that reads a dataset validates it with the models and writes an index
of it (FTS5 for words, plain columns and indexes for kind, dates, amounts, sources and
tags). Later commands read facts from the index without pydantic, so their cost stays
nearly flat as the dataset grows. The index is written to a temporary file and renamed
into place, so a crash or a race never leaves a broken one.

An index is keyed to the sha256 of the dataset's bytes (hashed as the build reads them)
and to factcli's version, never to a file's size and time alone. Hashing a large file on
every call would cost more than the query, so the index also records the file's status
(device, inode, size, modification and change times) when that status is trustworthy,
as git does: the change time cannot be set back by tools such as ``touch -r``, and a
status taken more than `RACY_NS` before the build began cannot match a later edit, even
on a filesystem with coarse times. When the status differs, the file is hashed again.

The cache folder is private (0700) and an index owned by another user is never read.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import stat
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from factcli import __version__
from factcli.catalog import NEAR_IDS, Catalog, Progress, Selection
from factcli.data.records import FactRecord, Rows, SourceInfo
from factcli.errors import FactcliError, IndexDamaged
from factcli.query import Filters, magnitude

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.ask import FactWords, Narrowing
    from factcli.data.dataset import LoadedDataset
    from factcli.data.models import Dataset, Fact
    from factcli.data.values import Kind
    from factcli.index.words import WordRows

NO_CACHE_ENV = "FACTCLI_NO_CACHE"
# Raised whenever the tables or what is stored in them change.
INDEX_FORMAT = 8
# A file status this close to a build's start may not tell a later edit apart (coarse
# file times): the file is then hashed on every call until its status is older.
RACY_NS = 3_000_000_000
_HASH_CHUNK = 1 << 20
# SQLite error codes that mean the file itself is broken (SQLITE_CORRUPT, SQLITE_NOTADB).
_CORRUPTION_CODES = (11, 26)
# The first call on a dataset of this many bytes or more reads the JSON itself, which is
# several times faster than building the index (100,000 facts, 65 MB: ~7 s read, ~30 s
# built); the index is built by the next call, when the dataset proves to be used again.
# Smaller datasets are indexed at once (a build of under ~1,500 facts takes well under a
# second, and spares every later call the models). Larger ones too: held in memory, a
# dataset takes several times its size, and an index is read in flat memory.
READ_FIRST_FROM = 1_000_000
READ_FIRST_UNTIL = 100_000_000
# Beside an index's name: the mark of a dataset whose first call read its JSON.
READ_MARK = ".read"
# Show a progress bar only for builds long enough to wonder about.
PROGRESS_FROM = 20_000
# Builds of this many facts cut their words in worker processes (see `word_rows`).
PARALLEL_FROM = 20_000
_BATCH = 5_000
# Rows fetched from SQLite at a time when streaming.
_STREAM_BATCH = 500
_TOKENIZER = "unicode61 tokenchars '.,'"
SEARCH_COLUMNS = ("tags", "subject", "population", "statement", "text", "attributed_to",
                  "quote", "source")  # fmt: skip
ASK_COLUMNS = ("tags", "subject", "population", "statement", "text", "attributed_to", "date",
               "quote", "context", "document")  # fmt: skip

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE facts (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    date_first TEXT,
    date_last TEXT,
    magnitude REAL,
    source_id TEXT NOT NULL,
    attributed TEXT NOT NULL,
    reversed_id TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE tags (tag TEXT NOT NULL, pos INTEGER NOT NULL);
CREATE VIRTUAL TABLE search_words USING fts5(
    {", ".join(SEARCH_COLUMNS)}, tokenize="{_TOKENIZER}", detail=none
);
CREATE VIRTUAL TABLE ask_words USING fts5(
    {", ".join(ASK_COLUMNS)}, measure, tokenize="{_TOKENIZER}", detail=column
);
CREATE TABLE ask_terms (term TEXT PRIMARY KEY, frequency INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE initialisms (
    initials TEXT PRIMARY KEY, run TEXT NOT NULL, count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE spellings (
    word TEXT PRIMARY KEY, stem TEXT NOT NULL, first TEXT NOT NULL, length INTEGER NOT NULL
) WITHOUT ROWID;
"""
# Made once the rows are in: faster than keeping them up to date row by row.
INDEXES = """
CREATE INDEX facts_by_kind ON facts (kind, date_first, date_last);
CREATE INDEX facts_by_date ON facts (date_first, date_last);
CREATE INDEX facts_by_magnitude ON facts (magnitude);
CREATE INDEX facts_by_source ON facts (source_id);
CREATE INDEX facts_by_reversed_id ON facts (reversed_id);
CREATE INDEX tags_by_tag ON tags (tag);
CREATE INDEX spellings_by_shape ON spellings (first, length);
"""


def cache_enabled() -> bool:
    """False when FACTCLI_NO_CACHE is set to anything but empty or 0."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/factcli``, or the platform's cache folder for factcli.

    As the XDG spec says, a relative ``XDG_CACHE_HOME`` is ignored (it would put a cache
    in every folder factcli is run from).
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "factcli"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "factcli"
    if sys.platform == "win32" and (local := os.environ.get("LOCALAPPDATA")):
        return Path(local) / "factcli" / "Cache"
    return Path.home() / ".cache" / "factcli"


def index_path(dataset: Path) -> Path:
    """Where the index of a dataset file lives: one file per dataset path.

    The name only spreads datasets over files (crc32 is cheap to import); the key inside
    the index says which dataset it really holds.
    """
    resolved = str(dataset.resolve()).encode("utf-8")
    return cache_dir() / f"{zlib.crc32(resolved):08x}-{len(resolved)}.sqlite"


def dataset_key(dataset: Path, sha256: str | None = None) -> str:
    """What an index must match to serve a dataset: its file's content, and this factcli."""
    return json.dumps(
        {
            "path": str(dataset.resolve()),
            "sha256": sha256 if sha256 is not None else file_sha256(dataset),
            "format": INDEX_FORMAT,
            "factcli": __version__,
        },
        sort_keys=True,
    )


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_status(path: Path) -> str:
    """A file's status as an index records it: device, inode, size, mtime and ctime."""
    found = path.stat()
    return json.dumps(
        [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]
    )


def trusted_status(before: str, after: str, since_ns: int) -> str:
    """The status to record for a file read between ``before`` and ``after``: the status,
    if it did not change and is older than `RACY_NS` before the reading began; else ""."""
    if before != after or json.loads(before)[4] >= since_ns - RACY_NS:
        return ""
    return before


def open_index(
    dataset: Path, load: Callable[[], LoadedDataset], progress: Progress | None = None
) -> IndexedCatalog | LoadedDataset:
    """The dataset's index, built first if it is missing, stale or damaged.

    Returns the validated dataset itself when the cache is off or cannot be written:
    working from memory is never an error.
    """
    try:
        usable = cache_enabled() and dataset.is_file()
        target = index_path(dataset)
        status = file_status(dataset) if usable else ""
    except (OSError, ValueError):  # a name too long, a NUL: the loader says what is wrong
        usable = False
    if not usable:
        return load()  # a missing or odd path is reported by the loader
    if fresh := IndexedCatalog.open(target, dataset, status):
        return fresh
    if _read_first(dataset, target):
        return load()
    try:
        build_index(dataset, target, load, progress)
    except (OSError, sqlite3.Error):
        return load()
    with suppress(OSError):
        _read_mark(target).unlink()
    return IndexedCatalog.open(target, dataset, file_status(dataset)) or load()


def _read_mark(target: Path) -> Path:
    return target.with_suffix(READ_MARK)


def _read_first(dataset: Path, target: Path) -> bool:
    """Whether this call reads the dataset's JSON instead of building its index: the
    first call on a dataset of a middling size (see `READ_FIRST_FROM`), which leaves a
    mark so that the next call builds."""
    try:
        size = dataset.stat().st_size
        if not READ_FIRST_FROM <= size <= READ_FIRST_UNTIL:
            return False
        mark = _read_mark(target)
        if mark.exists():
            return False
        private_cache_dir()
        mark.write_text(json.dumps({"path": str(dataset.resolve())}), encoding="utf-8")
    except OSError:
        return False  # a mark that cannot be written: build, as before
    return True


def private_cache_dir() -> Path:
    """The cache folder, made if missing, private (0700) and owned by this user.

    Raises OSError when it cannot be: factcli then works from memory.
    """
    folder = cache_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    found = folder.lstat()
    if not stat.S_ISDIR(found.st_mode) or not _owned(found):
        raise OSError(f"{folder} is not a folder of this user")
    if found.st_mode & 0o077:
        folder.chmod(0o700)
    return folder


def _owned(found: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or found.st_uid == os.getuid()


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
        _record_status(temporary, trusted_status(before, file_status(dataset), started))
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            temporary.unlink()


def _record_status(index: Path, status: str) -> None:
    with closing(sqlite3.connect(index)) as db:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('status', ?)", (status,))
        db.commit()


def remove_leftovers() -> None:
    """Remove temporary files of builds whose process is gone (killed mid-build)."""
    for path in _temporaries():
        pid = path.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _alive(int(pid)):
            with suppress(OSError):
                path.unlink()


def _temporaries() -> list[Path]:
    folder = cache_dir()
    try:
        return sorted(folder.glob(".*.tmp"))
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive, not ours to judge
    return True


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
        _insert_words(db, total, acronyms.found(), _decoder(documents), folder, progress)
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
            _stored_json(record),
        ))  # fmt: skip
        tags.extend((tag.casefold(), pos) for tag in set(record.tags))
    db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", facts)
    db.executemany("INSERT INTO tags VALUES (?, ?)", tags)


def _stored_json(record: FactRecord) -> str:
    """A record as the index keeps it: a JSON array in `FactRecord`'s field order, its
    document named by id (see `_decoder`). Arrays decode twice as fast as objects."""
    return json.dumps(
        [
            record.id, record.kind, record.value, record.display, record.qualifier,
            record.text, record.statement, record.when, record.subject, record.population,
            record.attributed_to, record.tags, record.related, record.note,
            record.value_detail, record.quote, record.start, record.end, record.source.id,
        ],
        ensure_ascii=False,
    )  # fmt: skip


def _decoder(documents: Iterable[SourceInfo]) -> Callable[[str], FactRecord]:
    """Reads records written by `_stored_json`, each with its document's shared metadata."""
    by_id = {document.id: document for document in documents}

    def decode(text: str) -> FactRecord:
        row = json.loads(text)
        (id_, kind, value, display, qualifier, text_, statement, when, subject, population,
         attributed_to, tags, related, note, detail, quote, start, end, source) = row  # fmt: skip
        return FactRecord(
            id_, kind, value, display, qualifier, text_, statement, when, subject, population,
            attributed_to, tuple(tags), tuple(related), note, detail, quote, start, end,
            by_id[source],
        )  # fmt: skip

    return decode


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


def _phrase(term: str) -> str:
    """A word as an FTS5 string: quoted, so no word is read as an operator."""
    return '"' + term.replace('"', '""') + '"'


class IndexedCatalog(Catalog):
    """A dataset read from its index: facts come from SQLite, not from the JSON file."""

    def __init__(
        self, db: sqlite3.Connection, index: Path, path: Path, meta: dict[str, str]
    ) -> None:
        documents = [SourceInfo(**document) for document in json.loads(meta["documents"])]
        super().__init__(path, meta["title"], documents, int(meta["facts"]))
        self.db = db
        self.index = index
        self.decode = _decoder(documents)

    @classmethod
    def open(cls, target: Path, dataset: Path, status: str) -> IndexedCatalog | None:
        """The index at ``target`` if it holds ``dataset`` as it is now (``status`` is the
        file's `file_status`); None if missing, stale, damaged or not this user's."""
        try:
            found = target.lstat()
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode) or not _owned(found):
            return None
        try:
            db = sqlite3.connect(_read_only_uri(target), uri=True)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not _serves(meta, target, dataset, status):
                db.close()
                return None
            return cls(db, target, Path(json.loads(meta["key"])["path"]), meta)
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError):
            return None  # damaged or from another factcli: built anew

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            self.failed(error)

    def stream(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a query as SQLite steps to them: memory stays flat however many."""
        try:
            cursor = self.db.execute(sql, parameters)
            while batch := cursor.fetchmany(_STREAM_BATCH):
                yield from batch
        except sqlite3.DatabaseError as error:
            self.failed(error)

    def failed(self, error: sqlite3.DatabaseError) -> NoReturn:
        """A query failed: a clear error when SQLite could not run it (too large, say),
        which says nothing of the index; real damage drops the index."""
        if not _is_damage(error):
            raise FactcliError(
                f"the index of {self.path} cannot answer this query ({error})",
                hint="ask with fewer words",
            ) from None
        self.damaged(str(error))

    def damaged(self, reason: str) -> NoReturn:
        """Damage the opening checks could not see: drop the index, so that the command
        runs again and builds it anew (see `cli.run_guarded`)."""
        self.db.close()
        with suppress(OSError):
            self.index.unlink()
        raise IndexDamaged(
            f"the index of {self.path} was damaged ({reason}) and has been removed",
            hint="run the command again: the index is rebuilt from the dataset",
        )

    def _decode(self, text: str) -> FactRecord:
        try:
            return self.decode(text)
        except (ValueError, TypeError, KeyError) as error:
            self.damaged(f"a record cannot be read: {error}")

    def _records(self, sql: str, parameters: Sequence[Any] = ()) -> list[FactRecord]:
        return [self._decode(row[0]) for row in self.rows(sql, parameters)]

    def select(self, selection: Selection, filters: Filters) -> Rows:
        where, parameters = _conditions(selection, filters)
        if selection.chronological:
            # Dated facts in the order of the (kind,) date_first, date_last index, then the
            # undated ones: no query sorts the rows, so the first one comes at once.
            # (Undated facts have neither date: in that index they stand in `pos` order.)
            order = "date_first, date_last, pos"
            queries = [(f"{where} AND date_first IS NOT NULL", order)]
            if not selection.dated_only:
                queries.append((f"{where} AND date_first IS NULL", order))
        else:
            # In dataset order: the kind (a third of the facts) is tested on each row as
            # the table is read in order, rather than found by its index and sorted.
            kind_read_in_order = where.replace("kind = ?", "+kind = ?", 1)
            queries = [(kind_read_in_order, "pos")]
        found = (
            self._decode(row[0])
            for clause, order in queries
            for row in self.stream(f"SELECT record FROM facts WHERE {clause} ORDER BY {order}",
                                   parameters)
        )  # fmt: skip
        # SQL narrows with floats and folded text; the exact test is the shared one.
        kept = (record for record in found if filters.keep(record))
        return Rows(kept, self._counter(f"SELECT count(*) FROM facts WHERE {where}", parameters,
                                        filters))  # fmt: skip

    def _counter(
        self, sql: str, parameters: Sequence[Any], filters: Filters
    ) -> Callable[[], int] | None:
        """How to count a query's rows in SQL, where SQL's narrowing is exact (amounts are
        compared as floats there: those are counted by reading the rows)."""
        if filters.minimum is not None or filters.maximum is not None:
            return None
        return lambda: int(self.rows(sql, parameters)[0][0])

    def fact(self, fact_id: str) -> FactRecord | None:
        found = self._records("SELECT record FROM facts WHERE id = ?", (fact_id,))
        return found[0] if found else None

    def fact_ids(self) -> list[str]:
        return [row[0] for row in self.rows("SELECT id FROM facts ORDER BY pos")]

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        # A range on the unique index of ids: as fast at a million facts as at ten.
        rows = self.rows(
            "SELECT id FROM facts WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [row[0] for row in rows]

    def near_ids(self, wrong: str) -> list[str]:
        """The ids next to a wrong one in the index's order of ids, and in the order of
        reversed ids: a typo late in an id leaves its start, one early leaves its end,
        so the id meant is among its neighbours in one order or the other. Four range
        scans on two indexes: as fast at a million facts as at ten."""
        if self.total_facts <= NEAR_IDS:
            return self.fact_ids()
        side = NEAR_IDS // 4
        found: dict[str, None] = {}
        for column, key in (("id", wrong), ("reversed_id", wrong[::-1])):
            for compare, order in (("<", "DESC"), (">=", "ASC")):
                rows = self.rows(
                    f"SELECT id FROM facts WHERE {column} {compare} ? "
                    f"ORDER BY {column} {order} LIMIT ?",
                    (key, side),
                )
                found.update((row[0], None) for row in rows)
        return list(found)

    def all_records(self) -> Rows:
        return Rows(
            (self._decode(row[0]) for row in self.stream("SELECT record FROM facts ORDER BY pos")),
            lambda: self.total_facts,
        )

    def word_search(
        self, terms: Sequence[str], kind: Kind | None, filters: Filters, limit: int | None
    ) -> Rows:
        """FTS5 finds the facts holding every term; SQL scores and orders them by the rule of
        `query.rank_search`. Only positions and scores are sorted (with a limit, SQLite
        keeps just the best ones, and counts the rest in the same pass); the records are
        then read by position, a batch at a time, so memory stays flat."""
        from factcli.query import matches_prefix, score_sql

        match = " AND ".join(_phrase(t) + ("*" if matches_prefix(t) else "") for t in terms)
        score, score_parameters = score_sql(terms, lambda field: f"w.{field}")
        where, parameters = _conditions(Selection(kind=kind), filters, "f.")
        scored = (
            f"SELECT f.pos AS pos, {score} AS score "
            f"FROM search_words AS w JOIN facts AS f ON f.pos = w.rowid "
            f"WHERE search_words MATCH ? AND {where}"
        )
        arguments = [*score_parameters, match, *parameters]
        exact = filters.minimum is None and filters.maximum is None
        if limit is not None and exact:
            # Top-k: the best `limit` positions, and how many matched in all.
            found = self.rows(
                f"SELECT pos, count(*) OVER () FROM ({scored}) WHERE score IS NOT NULL "
                f"ORDER BY score DESC, pos LIMIT ?",
                [*arguments, limit],
            )
            total = int(found[0][1]) if found else 0
            return Rows(self._by_positions(row[0] for row in found), lambda: total)
        positions = (
            row[0]
            for row in self.stream(
                f"SELECT pos FROM ({scored}) WHERE score IS NOT NULL ORDER BY score DESC, pos",
                arguments,
            )
        )
        return Rows(r for r in self._by_positions(positions) if filters.keep(r))

    def _by_positions(self, positions: Iterable[int]) -> Iterator[FactRecord]:
        """The records at these positions, in their order, read a batch at a time."""
        iterator = iter(positions)
        while batch := list(itertools.islice(iterator, _STREAM_BATCH)):
            marks = ", ".join("?" * len(batch))
            found = dict(self.rows(f"SELECT pos, record FROM facts WHERE pos IN ({marks})", batch))
            yield from (self._decode(found[pos]) for pos in batch)

    def ask_corpus(self) -> IndexCorpus:
        return IndexCorpus(self)

    def source_counts(self) -> Counter[str]:
        rows = self.rows("SELECT source_id, count(*) FROM facts GROUP BY source_id")
        return Counter(dict(rows))


def _read_only_uri(path: Path) -> str:
    """A SQLite URI opening ``path`` read-only; ``%``, ``?`` and ``#`` in it are escaped,
    else SQLite would read them as an escape, the query or the fragment."""
    quoted = str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode=ro"


def _serves(meta: dict[str, str], index: Path, dataset: Path, status: str) -> bool:
    """Whether an index's meta says it holds the dataset's current bytes."""
    key = json.loads(meta["key"])
    if (key["path"], key["format"], key["factcli"]) != (
        str(dataset.resolve()), INDEX_FORMAT, __version__,
    ):  # fmt: skip
        return False
    if status and meta.get("status") == status:
        return True  # recorded when trustworthy: the bytes hashed then are the bytes now
    started = time.time_ns()
    if file_sha256(dataset) != key["sha256"]:
        return False
    if trusted := trusted_status(status, file_status(dataset), started):
        # Hashed for nothing this time; record the status so the next call need not hash.
        with suppress(sqlite3.Error, OSError):
            _record_status(index, trusted)
    return True


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether an SQLite error means the index file is broken, not that a query failed."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _CORRUPTION_CODES:
        return True
    message = str(error)
    return message.startswith(("no such table", "no such column")) or "malformed" in message


def _word_sets(columns: Sequence[str], texts: Sequence[str]) -> dict[str, frozenset[str]]:
    # map() keeps the loop in C: thousands of candidates are read for a broad question.
    return dict(zip(columns, map(frozenset, map(str.split, texts)), strict=True))


def _conditions(selection: Selection, filters: Filters, t: str = "") -> tuple[str, list[Any]]:
    """The SQL that narrows a selection; `Filters.keep` then decides exactly. ``t``: the
    prefix of the facts table's columns (``"f."`` in a join)."""
    clauses: list[str] = ["1"]
    parameters: list[Any] = []
    if selection.kind is not None:
        clauses.append(f"{t}kind = ?")
        parameters.append(selection.kind)
    if selection.dated_only:
        clauses.append(f"{t}date_first IS NOT NULL")
    if filters.since is not None:
        clauses.append(f"{t}date_last >= ?")
        parameters.append(filters.since.first_day().isoformat())
    if filters.until is not None:
        clauses.append(f"{t}date_first <= ?")
        parameters.append(filters.until.last_day().isoformat())
    for bound, compare in ((filters.minimum, ">="), (filters.maximum, "<=")):
        if bound is not None:
            clauses.append(f"{t}magnitude {compare} ?")
            parameters.append(_loosened(bound, compare))
    if filters.source is not None:
        clauses.append(f"{t}source_id = ?")
        parameters.append(filters.source)
    if filters.tag is not None:
        clauses.append(f"{t}pos IN (SELECT tags.pos FROM tags WHERE tags.tag = ?)")
        parameters.append(filters.tag.casefold())
    if filters.attributed_to is not None:
        clauses.append(f"instr({t}attributed, ?) > 0")
        parameters.append(filters.attributed_to.casefold())
    return " AND ".join(clauses), parameters


def _loosened(bound: Decimal, compare: str) -> float:
    # Stored magnitudes are floats; widen the bound a hair so rounding never drops a fact
    # that the exact Decimal comparison afterwards would keep.
    slack = abs(float(bound)) * 1e-9 + 1e-9
    return float(bound) - slack if compare == ">=" else float(bound) + slack


@dataclass
class IndexCorpus:
    """The `AskCorpus` of an index: frequencies, spellings and candidate facts from SQLite."""

    catalog: IndexedCatalog

    def fact_count(self) -> int:
        return self.catalog.total_facts

    def document_frequency(self, term: str) -> int:
        rows = self.catalog.rows("SELECT frequency FROM ask_terms WHERE term = ?", (term,))
        return int(rows[0][0]) if rows else 0

    def spellings(self, first: str, shortest: int, longest: int) -> Iterable[tuple[str, str]]:
        return [
            (word, stem)
            for word, stem in self.catalog.rows(
                "SELECT word, stem FROM spellings WHERE first = ? AND length BETWEEN ? AND ?",
                (first, shortest, longest),
            )
        ]

    def initialism(self, word: str) -> str | None:
        rows = self.catalog.rows("SELECT run FROM initialisms WHERE initials = ?", (word,))
        return str(rows[0][0]) if rows else None

    def candidates(
        self,
        anyof: Collection[str],
        names: Collection[str],
        measured: Collection[str],
        within: Narrowing | None = None,
    ) -> list[FactWords]:
        every = "{" + " ".join(ASK_COLUMNS) + "}"
        parts = [f"{every} : {_phrase(name)}" for name in sorted(set(names))]
        if anyof:
            parts.append(f"{every} : ({' OR '.join(_phrase(t) for t in sorted(set(anyof)))})")
        if measured:
            parts.append(f"measure : ({' OR '.join(_phrase(t) for t in sorted(set(measured)))})")
        clauses, parameters = (["ask_words MATCH ?"], [" AND ".join(parts)]) if parts else ([], [])
        if within and within.kind:
            clauses.append("f.kind = ?")
            parameters.append(within.kind)
        if within and within.dated:
            clauses.append("f.date_first IS NOT NULL")
        for day in within.dates if within else ():
            # An undated fact stands at its document's date: `rank` checks that one.
            clauses.append("(f.date_first IS NULL OR (f.date_first <= ? AND f.date_last >= ?))")
            parameters += [day.last_day().isoformat(), day.first_day().isoformat()]
        return self._facts(f"WHERE {' AND '.join(clauses)}" if clauses else "", parameters)

    def _facts(self, where: str, parameters: list[Any]) -> list[FactWords]:
        from factcli.ask import FactWords

        columns = ", ".join(f"w.{column}" for column in ASK_COLUMNS)
        rows = self.catalog.rows(
            f"SELECT f.pos, f.record, {columns} FROM ask_words AS w "
            f"JOIN facts AS f ON f.pos = w.rowid {where} ORDER BY f.pos",
            parameters,
        )
        return [
            FactWords(self.catalog._decode(row[1]), row[0], _word_sets(ASK_COLUMNS, row[2:]))
            for row in rows
        ]


@dataclass(frozen=True)
class CacheEntry:
    """One index file in the cache folder (or a build's leftover temporary file)."""

    path: Path
    size: int
    dataset: str | None
    fresh: bool
    leftover: bool = False
    # A mark, not an index: the dataset's last call read its JSON (no index yet).
    read: bool = False


def _cache_files() -> list[tuple[Path, os.stat_result]]:
    """The cache folder's index and temporary files, with their status (not following
    links): dangling links and folders named like an index do not stop a listing."""
    folder = cache_dir()
    found = []
    try:
        paths = sorted([*folder.glob("*.sqlite"), *folder.glob(f"*{READ_MARK}"),
                        *folder.glob(".*.tmp")])  # fmt: skip
    except OSError:
        return []
    for path in paths:
        with suppress(OSError):
            found.append((path, path.lstat()))
    return found


def cache_entries() -> list[CacheEntry]:
    """The index files in the cache folder, with the dataset each was built from, then
    the temporary files of builds that were killed (the next build removes them)."""
    entries = []
    for path, found in _cache_files():
        if not stat.S_ISREG(found.st_mode) or not _owned(found):
            continue
        if path.name.endswith(".tmp"):
            entries.append(CacheEntry(path, found.st_size, None, False, leftover=True))
            continue
        if path.name.endswith(READ_MARK):
            with suppress(OSError, ValueError, KeyError, TypeError):
                marked = str(json.loads(path.read_text(encoding="utf-8"))["path"])
                entries.append(CacheEntry(path, found.st_size, marked, False, read=True))
            continue
        dataset, fresh = None, False
        with suppress(sqlite3.Error, OSError, KeyError, ValueError, TypeError):
            with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as db:
                key = dict(db.execute("SELECT key, value FROM meta").fetchall())["key"]
            dataset = json.loads(key)["path"]
            fresh = Path(dataset).is_file() and dataset_key(Path(dataset)) == key
        entries.append(CacheEntry(path, found.st_size, dataset, fresh))
    return sorted(entries, key=lambda entry: entry.leftover)


def clear_cache() -> tuple[int, int]:
    """Delete every index and leftover temporary file (a link: the link, not what it
    points to; folders are left alone); return how many and their bytes."""
    removed = freed = 0
    for path, found in _cache_files():
        if stat.S_ISDIR(found.st_mode):
            continue
        with suppress(FileNotFoundError):
            path.unlink()
            removed, freed = (
                removed + 1,
                freed + (found.st_size if stat.S_ISREG(found.st_mode) else 0),
            )
    return removed, freed
