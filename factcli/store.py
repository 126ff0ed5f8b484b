"""The indexed store: a SQLite copy of a validated dataset, kept in the user's cache.

The first command that reads a dataset validates it with the models and writes an index
of it (FTS5 for words, plain columns and indexes for kind, dates, amounts, sources and
tags). Later commands read facts from the index without pydantic, so their cost stays
nearly flat as the dataset grows. The index is keyed to the dataset file (path, size,
modification time) and to factcli's version; it is written to a temporary file and
renamed into place, so a crash or a race never leaves a broken one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcli import __version__
from factcli.catalog import Catalog, Progress, Selection
from factcli.errors import FactcliError
from factcli.query import Filters, magnitude
from factcli.records import FactRecord, SourceInfo

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.ask import FactWords, Narrowing
    from factcli.dataset import LoadedDataset
    from factcli.models import Dataset, Fact
    from factcli.values import Kind
    from factcli.word_rows import WordRows

NO_CACHE_ENV = "FACTCLI_NO_CACHE"
# Raised whenever the tables or what is stored in them change.
INDEX_FORMAT = 7
# Show a progress bar only for builds long enough to wonder about.
PROGRESS_FROM = 20_000
# Builds of this many facts cut their words in worker processes (see `word_rows`).
PARALLEL_FROM = 20_000
_BATCH = 5_000
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
CREATE INDEX tags_by_tag ON tags (tag);
CREATE INDEX spellings_by_shape ON spellings (first, length);
"""


def cache_enabled() -> bool:
    """False when FACTCLI_NO_CACHE is set to anything but empty or 0."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/factcli``, or the platform's cache folder for factcli."""
    if xdg := os.environ.get("XDG_CACHE_HOME"):
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


def dataset_key(dataset: Path) -> str:
    """What an index must match to serve a dataset: its file, and this factcli."""
    stat = dataset.stat()
    return json.dumps(
        {
            "path": str(dataset.resolve()),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "format": INDEX_FORMAT,
            "factcli": __version__,
        },
        sort_keys=True,
    )


def open_index(
    dataset: Path, load: Callable[[], LoadedDataset], progress: Progress | None = None
) -> IndexedCatalog | LoadedDataset:
    """The dataset's index, built first if it is missing, stale or damaged.

    Returns the validated dataset itself when the cache is off or cannot be written:
    working from memory is never an error.
    """
    if not cache_enabled() or not dataset.is_file():
        return load()  # a missing or odd path is reported by the loader
    target = index_path(dataset)
    key = dataset_key(dataset)
    if fresh := IndexedCatalog.open(target, key):
        return fresh
    try:
        build_index(dataset, target, key, load, progress)
    except (OSError, sqlite3.Error):
        return load()
    return IndexedCatalog.open(target, key) or load()


def build_index(
    dataset: Path,
    target: Path,
    key: str,
    load: Callable[[], LoadedDataset],
    progress: Progress | None = None,
) -> None:
    """Index a dataset in a temporary file, then rename it into place.

    The dataset is read and validated fact by fact (`stream_dataset`), so memory stays
    flat however many facts it holds. A file that cannot be streamed is validated whole
    by ``load``, which reports a broken dataset as it always does.
    """
    from factcli.dataset import stream_dataset
    from factcli.jsonstream import NotStreamable

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    name = dataset.resolve().name  # a dataset with no title is headed by its file's name
    try:
        try:
            header, facts = stream_dataset(dataset)
            _write_index(temporary, key, header, dataset.parent, name, facts, progress)
        except NotStreamable:
            loaded = load()
            header = loaded.dataset
            _write_index(temporary, key, header, dataset.parent, name, header.facts, progress)
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            temporary.unlink()


def _write_index(
    temporary: Path,
    key: str,
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
    from factcli.query import AcronymFinder
    from factcli.records import fact_record, source_info

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
            "key": key,
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
            record.source.id, (record.attributed_to or "").casefold(),
            _stored_json(record),
        ))  # fmt: skip
        tags.extend((tag.casefold(), pos) for tag in set(record.tags))
    db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", facts)
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
    from factcli.word_rows import WordCutter, cut_words

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
    def open(cls, target: Path, key: str) -> IndexedCatalog | None:
        """The index at ``target`` if it matches ``key``; None if missing, stale or damaged."""
        if not target.is_file():
            return None
        try:
            db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error:
            return None
        if meta.get("key") != key:
            db.close()
            return None
        return cls(db, target, Path(json.loads(key)["path"]), meta)

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            # Damage the opening checks could not see: drop the index so the next
            # command builds it anew.
            self.db.close()
            with suppress(OSError):
                self.index.unlink()
            raise FactcliError(
                f"the index of {self.path} was damaged ({error}) and has been removed",
                hint="run the command again: the index is rebuilt from the dataset",
            ) from None

    def _records(self, sql: str, parameters: Sequence[Any] = ()) -> list[FactRecord]:
        return [self.decode(row[0]) for row in self.rows(sql, parameters)]

    def select(self, selection: Selection, filters: Filters) -> list[FactRecord]:
        where, parameters = _conditions(selection, filters)
        order = (
            "date_first IS NULL, date_first, date_last, pos" if selection.chronological else "pos"
        )
        found = self._records(
            f"SELECT record FROM facts WHERE {where} ORDER BY {order}", parameters
        )
        # SQL narrows with floats and folded text; the exact test is the shared one.
        return [record for record in found if filters.keep(record)]

    def fact(self, fact_id: str) -> FactRecord | None:
        found = self._records("SELECT record FROM facts WHERE id = ?", (fact_id,))
        return found[0] if found else None

    def fact_ids(self) -> list[str]:
        return [row[0] for row in self.rows("SELECT id FROM facts ORDER BY pos")]

    def all_records(self) -> list[FactRecord]:
        return self._records("SELECT record FROM facts ORDER BY pos")

    def word_search(self, terms: Sequence[str], kind: Kind | None) -> list[FactRecord]:
        """FTS5 finds the facts holding every term; SQL scores and orders them by the rule of
        `query.rank_search`, so only the records shown are read into Python."""
        from factcli.query import matches_prefix, score_sql

        match = " AND ".join(_phrase(t) + ("*" if matches_prefix(t) else "") for t in terms)
        score, score_parameters = score_sql(terms, lambda field: f"w.{field}")
        narrow, parameters = ("AND f.kind = ?", [kind]) if kind else ("", [])
        rows = self.rows(
            f"SELECT record FROM (SELECT f.pos AS pos, f.record AS record, {score} AS score "
            f"FROM search_words AS w JOIN facts AS f ON f.pos = w.rowid "
            f"WHERE search_words MATCH ? {narrow}) "
            "WHERE score IS NOT NULL ORDER BY score DESC, pos",
            [*score_parameters, match, *parameters],
        )
        return [self.decode(row[0]) for row in rows]

    def ask_corpus(self) -> IndexCorpus:
        return IndexCorpus(self)

    def source_counts(self) -> Counter[str]:
        rows = self.rows("SELECT source_id, count(*) FROM facts GROUP BY source_id")
        return Counter(dict(rows))


def _word_sets(columns: Sequence[str], texts: Sequence[str]) -> dict[str, frozenset[str]]:
    # map() keeps the loop in C: thousands of candidates are read for a broad question.
    return dict(zip(columns, map(frozenset, map(str.split, texts)), strict=True))


def _conditions(selection: Selection, filters: Filters) -> tuple[str, list[Any]]:
    """The SQL that narrows a selection; `Filters.keep` then decides exactly."""
    clauses: list[str] = ["1"]
    parameters: list[Any] = []
    if selection.kind is not None:
        clauses.append("kind = ?")
        parameters.append(selection.kind)
    if selection.dated_only:
        clauses.append("date_first IS NOT NULL")
    if filters.since is not None:
        clauses.append("date_last >= ?")
        parameters.append(filters.since.first_day().isoformat())
    if filters.until is not None:
        clauses.append("date_first <= ?")
        parameters.append(filters.until.last_day().isoformat())
    for bound, compare in ((filters.minimum, ">="), (filters.maximum, "<=")):
        if bound is not None:
            clauses.append(f"magnitude {compare} ?")
            parameters.append(_loosened(bound, compare))
    if filters.source is not None:
        clauses.append("source_id = ?")
        parameters.append(filters.source)
    if filters.tag is not None:
        clauses.append("pos IN (SELECT pos FROM tags WHERE tag = ?)")
        parameters.append(filters.tag.casefold())
    if filters.attributed_to is not None:
        clauses.append("instr(attributed, ?) > 0")
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
            FactWords(self.catalog.decode(row[1]), row[0], _word_sets(ASK_COLUMNS, row[2:]))
            for row in rows
        ]


@dataclass(frozen=True)
class CacheEntry:
    """One index file in the cache folder."""

    path: Path
    size: int
    dataset: str | None
    fresh: bool


def cache_entries() -> list[CacheEntry]:
    """The index files in the cache folder, with the dataset each was built from."""
    folder = cache_dir()
    if not folder.is_dir():
        return []
    entries = []
    for path in sorted(folder.glob("*.sqlite")):
        dataset, fresh = None, False
        with suppress(sqlite3.Error, OSError, KeyError, ValueError):
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                key = dict(db.execute("SELECT key, value FROM meta").fetchall())["key"]
            dataset = json.loads(key)["path"]
            fresh = Path(dataset).is_file() and dataset_key(Path(dataset)) == key
        entries.append(CacheEntry(path, path.stat().st_size, dataset, fresh))
    return entries


def clear_cache() -> tuple[int, int]:
    """Delete every index (and leftover temporary) file; return how many and their bytes."""
    folder = cache_dir()
    removed = freed = 0
    if folder.is_dir():
        for path in [*folder.glob("*.sqlite"), *folder.glob(".*.tmp")]:
            size = path.stat().st_size
            path.unlink()
            removed, freed = removed + 1, freed + size
    return removed, freed
