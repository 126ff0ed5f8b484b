"""`Store`: a dataset's facts and documents in SQLite, and the questions asked of them.

One engine serves every dataset: a store kept in the cache for a dataset file, or one
built in memory when the cache is off. Filters, listings, searches and lookups are SQL,
and facts are read as SQLite steps to them, so memory stays flat however many match.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import stat
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from factcli.errors import FactcliError, IndexDamaged, NotFound, UnknownSource, UsageProblem
from factcli.language.words import words
from factcli.model.records import FactRecord, Rows, SourceInfo
from factcli.store.cache import (
    INDEX_FORMAT,
    file_sha256,
    file_status,
    owned,
    read_only_uri,
    record_status,
    trusted_status,
)
from factcli.store.filters import (
    EXACT_COMPARE,
    NO_FILTERS,
    Filters,
    Selection,
    check_one_currency,
    conditions,
    exact_compare,
)
from factcli.store.schema import decoder
from factcli.store.search import (
    MAX_SEARCH_WORDS,
    Acronyms,
    every_term,
    in_columns,
    score_levels,
    score_sql,
)
from factcli.version import __version__

if TYPE_CHECKING:
    from factcli.language.values import Kind

# SQLite error codes that mean the file itself is broken (SQLITE_CORRUPT, SQLITE_NOTADB).
_CORRUPTION_CODES = (11, 26)
# Rows fetched from SQLite at a time when streaming.
_STREAM_BATCH = 500
# How the facts of a series are ordered within a unit, by what its rows are keyed on.
_SERIES_ORDER = {
    "period": "f.date_first IS NULL, f.date_first, f.date_last, f.subject",
    "subject": "f.series_number DESC, f.subject IS NULL, f.subject, f.date_first",
}
# How many ids a did-you-mean hint compares a wrong id with, at most.
NEAR_IDS = 1_000


class Store:
    """The facts and documents of one dataset file, read from SQLite."""

    def __init__(
        self, db: sqlite3.Connection, path: Path, meta: dict[str, str], file: Path | None = None
    ) -> None:
        self.db = db
        self.path = path
        self.file = file  # the store's own file; None when held in memory
        self.documents = [SourceInfo(**document) for document in json.loads(meta["documents"])]
        self.title = meta["title"]
        # The dataset file's members but its facts ($schema, schema_version, title,
        # sources), as the file writes them.
        self.header: dict[str, Any] = json.loads(meta["header"])
        self.total_facts = int(meta["facts"])
        self.acronyms = Acronyms.of(json.loads(meta["acronyms"]))
        self.decode = decoder(self.documents, bytes.fromhex(meta["dictionary"]))
        db.create_function(EXACT_COMPARE, 2, exact_compare, deterministic=True)

    @classmethod
    def open(cls, target: Path, dataset: Path, status: str) -> Store | None:
        """The store at ``target`` if it holds ``dataset`` as it is now (``status`` is the
        file's `file_status`); None if missing, stale, damaged or not this user's."""
        try:
            found = target.lstat()
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode) or not owned(found):
            return None
        try:
            db = sqlite3.connect(read_only_uri(target), uri=True)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not _serves(meta, target, dataset, status):
                db.close()
                return None
            return cls(db, Path(json.loads(meta["key"])["path"]), meta, target)
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError):
            return None  # damaged or from another factcli: built anew

    @classmethod
    def in_memory(cls, db: sqlite3.Connection, path: Path) -> Store:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        return cls(db, path, meta)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Reading rows.

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
        which says nothing of the store; real damage drops the store's file."""
        if not _is_damage(error):
            raise FactcliError(
                f"the index of {self.path} cannot answer this query ({error})",
                hint="ask with fewer words",
            ) from None
        self.damaged(str(error))

    def damaged(self, reason: str) -> NoReturn:
        """Damage the opening checks could not see: drop the store's file, so that the
        command runs again and builds it anew."""
        self.db.close()
        if self.file is not None:
            with suppress(OSError):
                self.file.unlink()
        raise IndexDamaged(
            f"the index of {self.path} was damaged ({reason}) and has been removed",
            hint="run the command again: the index is rebuilt from the dataset",
        )

    def _decode(self, stored: bytes) -> FactRecord:
        try:
            return self.decode(stored)
        except (ValueError, TypeError, KeyError, zlib.error) as error:
            self.damaged(f"a record cannot be read: {error}")

    def _records(self, sql: str, parameters: Sequence[Any] = ()) -> list[FactRecord]:
        return [self._decode(row[0]) for row in self.rows(sql, parameters)]

    def records_at(self, positions: Iterable[int]) -> Iterator[FactRecord]:
        """The records at these positions, in their order, read a batch at a time."""
        iterator = iter(positions)
        while batch := list(itertools.islice(iterator, _STREAM_BATCH)):
            marks = ", ".join("?" * len(batch))
            found = dict(self.rows(f"SELECT pos, record FROM facts WHERE pos IN ({marks})", batch))
            yield from (self._decode(found[pos]) for pos in batch if pos in found)

    # Listings.

    def select(self, selection: Selection, filters: Filters = NO_FILTERS) -> Rows:
        """The facts of a selection that pass the filters, in the selection's order, as
        they are read (none is an empty result). A source filter naming no source, and
        an amount filter over several currencies, are usage errors."""
        if filters.source is not None and filters.source not in {d.id for d in self.documents}:
            raise UnknownSource(filters.source, [d.id for d in self.documents])
        if selection.kind in (None, "money") and filters.on_amounts and filters.currency is None:
            loose = replace(filters, minimum=None, maximum=None)
            money = replace(selection, kind="money", chronological=False)
            where, parameters = conditions(money, loose)
            currencies = self.rows(f"SELECT DISTINCT currency FROM facts WHERE {where}", parameters)
            check_one_currency((row[0] for row in currencies), filters)
        where, parameters = conditions(selection, filters)
        if selection.chronological:
            # Dated facts in the order of the (kind,) date_first, date_last index, then the
            # undated ones: no query sorts the rows, so the first one comes at once.
            order = "date_first, date_last, pos"
            queries = [(f"{where} AND date_first IS NOT NULL", order)]
            if not selection.dated_only:
                queries.append((f"{where} AND date_first IS NULL", order))
        else:
            # In dataset order: the kind (a third of the facts) is tested on each row as
            # the table is read in order, rather than found by its index and sorted.
            queries = [(where.replace("kind = ?", "+kind = ?", 1), "pos")]
        found = (
            self._decode(row[0])
            for clause, order in queries
            for row in self.stream(f"SELECT record FROM facts WHERE {clause} ORDER BY {order}",
                                   parameters)
        )  # fmt: skip
        count_sql = f"SELECT count(*) FROM facts WHERE {where}"
        return Rows(found, lambda: int(self.rows(count_sql, parameters)[0][0]))

    def of_kind(self, kind: Kind | None = None, filters: Filters = NO_FILTERS) -> Rows:
        """The facts of one kind (all when kind is None), dated kinds in time order."""
        return self.select(Selection(kind=kind, chronological=kind in ("date", "money")), filters)

    def timeline(self, filters: Filters = NO_FILTERS) -> Rows:
        """Every dated fact (date facts, and facts with a `when`), earliest first."""
        return self.select(Selection(dated_only=True, chronological=True), filters)

    def all_records(self) -> Rows:
        """Every fact, in dataset order, as they are read."""
        return Rows(
            (self._decode(row[0]) for row in self.stream("SELECT record FROM facts ORDER BY pos")),
            lambda: self.total_facts,
        )

    def cited_sources(self, filters: Filters = NO_FILTERS) -> list[str]:
        """The ids of the sources the facts passing the filters cite."""
        where, parameters = conditions(Selection(), filters)
        found = self.rows(f"SELECT DISTINCT source_id FROM facts WHERE {where}", parameters)
        return [row[0] for row in found]

    # Facts by id.

    def fact(self, fact_id: str) -> FactRecord | None:
        """The fact with this id, if there is one."""
        found = self._records("SELECT record FROM facts WHERE id = ?", (fact_id,))
        return found[0] if found else None

    def by_ids(self, fact_ids: Sequence[str]) -> list[FactRecord]:
        """The facts with these ids, in the order asked; an unknown id raises `NotFound`
        naming the ids most like it."""
        found = []
        for fact_id in fact_ids:
            record = self.fact(fact_id)
            if record is None:
                raise NotFound(
                    f"no fact {fact_id!r}{did_you_mean(fact_id, self.near_ids(fact_id))}"
                )
            found.append(record)
        return found

    def kept_ids(self, fact_ids: Sequence[str], filters: Filters) -> set[str]:
        """Which of these ids are facts passing the filters."""
        where, parameters = conditions(Selection(), filters)
        marks = ", ".join("?" * len(fact_ids))
        found = self.rows(f"SELECT id FROM facts WHERE id IN ({marks}) AND {where}",
                          [*fact_ids, *parameters])  # fmt: skip
        return {row[0] for row in found}

    def fact_ids(self) -> list[str]:
        """Every fact id, in dataset order."""
        return [row[0] for row in self.rows("SELECT id FROM facts ORDER BY pos")]

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` fact ids that start with ``prefix``, in id order: a range on
        the unique index of ids, as fast at a million facts as at ten."""
        rows = self.rows(
            "SELECT id FROM facts WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [row[0] for row in rows]

    def near_ids(self, wrong: str) -> list[str]:
        """The ids a did-you-mean hint compares a wrong id with: every id of a small
        dataset; else its neighbours in the order of ids and in the order of reversed ids
        (a typo late in an id leaves its start, one early leaves its end). Four range
        scans on two indexes: as fast at a million facts as at ten."""
        if self.total_facts <= NEAR_IDS:
            return self.fact_ids()
        side = NEAR_IDS // 4
        found: dict[str, None] = {}
        # Reversed ids are kept alone, as the key of their own table: read back, turned round.
        for table, column, flip in (("facts", "id", 1), ("reversed_ids", "reversed", -1)):
            for compare, order in (("<", "DESC"), (">=", "ASC")):
                rows = self.rows(
                    f"SELECT {column} FROM {table} WHERE {column} {compare} ? "
                    f"ORDER BY {column} {order} LIMIT ?",
                    (wrong[::flip], side),
                )
                found.update((row[0][::flip], None) for row in rows)
        return list(found)

    # Search.

    def search(
        self,
        query: str,
        kind: Kind | None = None,
        filters: Filters = NO_FILTERS,
        limit: int | None = None,
    ) -> Rows:
        """Facts holding every word of the query, best first (see `store.search`), as they
        are read; ``limit``: at least the first so many are right (the best ``limit`` may
        be found without ordering every match). No match is an empty result."""
        terms = list(dict.fromkeys(words(query)))
        if len(terms) > MAX_SEARCH_WORDS:
            raise UsageProblem(
                f"the search holds {len(terms)} different words; at most {MAX_SEARCH_WORDS}",
                hint="search for the few words that matter",
            )
        if not terms:
            return Rows(())
        if filters.on_amounts and filters.currency is None and kind in (None, "money"):
            loose = replace(filters, minimum=None, maximum=None)
            matched = self._matches(terms, "money", loose, None)
            check_one_currency((r.value_detail.get("currency") for r in matched), filters)
        return self._matches(terms, kind, filters, limit)

    def _matches(
        self, terms: Sequence[str], kind: Kind | None, filters: Filters, limit: int | None
    ) -> Rows:
        """FTS5 finds the facts holding every term, best first, score by score (see
        `search.score_levels`): the facts of one score come in position order, so nothing
        is sorted, the first rows come at once, and a limit stops the reading however many
        facts match."""
        where, parameters = conditions(Selection(kind=kind), filters, "f.")
        levels = score_levels(terms, self.acronyms)
        if levels is None:
            return self._scored_search(terms, where, parameters, limit)
        positions = self._level_positions(levels, where, parameters, limit)
        match = every_term(terms, self.acronyms)
        if where == "1":  # nothing to join: FTS5 counts alone
            count_sql, arguments = (
                "SELECT count(*) FROM search_words WHERE search_words MATCH ?",
                [match],
            )
        else:
            count_sql = (
                "SELECT count(*) FROM search_words AS w JOIN facts AS f ON f.pos = w.rowid "
                f"WHERE search_words MATCH ? AND {where}"
            )
            arguments = [match, *parameters]
        return Rows(self.records_at(positions), lambda: int(self.rows(count_sql, arguments)[0][0]))

    def _level_positions(
        self, levels: Sequence[str], where: str, parameters: Sequence[Any], limit: int | None
    ) -> Iterator[int]:
        """The positions of the facts each FTS5 query matches, query by query, each in
        position order; at most ``limit`` in all."""
        left = limit
        for level in levels:
            sql = (
                "SELECT w.rowid FROM search_words AS w JOIN facts AS f ON f.pos = w.rowid "
                f"WHERE search_words MATCH ? AND {where} ORDER BY w.rowid"
            )
            if left is None:
                yield from (row[0] for row in self.stream(sql, [level, *parameters]))
                continue
            rows = self.rows(f"{sql} LIMIT ?", [level, *parameters, left])
            yield from (row[0] for row in rows)
            left -= len(rows)
            if not left:
                return

    def _scored_search(
        self, terms: Sequence[str], where: str, parameters: Sequence[Any], limit: int | None
    ) -> Rows:
        """The search of many words: SQL scores every match and sorts them (with a limit,
        SQLite keeps just the best ones, and counts the rest in the same pass)."""
        match = every_term(terms, self.acronyms)
        score, score_parameters = score_sql(terms, self.acronyms, "f.pos")
        scored = (
            f"SELECT f.pos AS pos, {score} AS score "
            f"FROM search_words AS w JOIN facts AS f ON f.pos = w.rowid "
            f"WHERE search_words MATCH ? AND {where}"
        )
        arguments = [*score_parameters, match, *parameters]
        if limit is not None:
            # Top-k: the best `limit` positions, and how many matched in all.
            found = self.rows(
                f"SELECT pos, count(*) OVER () FROM ({scored}) WHERE score IS NOT NULL "
                f"ORDER BY score DESC, pos LIMIT ?",
                [*arguments, limit],
            )
            total = int(found[0][1]) if found else 0
            return Rows(self.records_at(row[0] for row in found), lambda: total)
        positions = (
            row[0]
            for row in self.stream(
                f"SELECT pos FROM ({scored}) WHERE score IS NOT NULL ORDER BY score DESC, pos",
                arguments,
            )
        )
        return Rows(self.records_at(positions))

    # Series.

    def series(self, measure: str, subject: str | None = None, by: str = "period") -> Rows:
        """The facts with a number whose measure holds every word of ``measure`` (and whose
        subject holds every word of ``subject``), words matched as `search` matches them,
        as they are read: unit by unit, then by period (earliest first, undated last) or
        by subject (largest value first). None is an empty result."""
        wanted = [("measure", measure), *([("subject", subject)] if subject is not None else [])]
        parts = []
        for column, text in wanted:
            terms = list(dict.fromkeys(words(text)))
            if len(terms) > MAX_SEARCH_WORDS:
                many = len(terms)
                raise UsageProblem(
                    f"the {column} holds {many} different words; at most {MAX_SEARCH_WORDS}",
                    hint="name it by the few words that matter",
                )
            if not terms:
                return Rows(())
            parts.append(in_columns(f"({every_term(terms, self.acronyms)})", (column,)))
        order = _SERIES_ORDER[by]
        sql = (
            "SELECT f.record FROM frame_words AS w JOIN facts AS f ON f.pos = w.rowid "
            f"WHERE frame_words MATCH ? ORDER BY f.series_unit, {order}, f.pos"
        )
        match = " AND ".join(parts)
        count_sql = "SELECT count(*) FROM frame_words WHERE frame_words MATCH ?"
        return Rows(
            (self._decode(row[0]) for row in self.stream(sql, [match])),
            lambda: int(self.rows(count_sql, [match])[0][0]),
        )

    # Documents.

    def source_counts(self) -> Counter[str]:
        """How many facts cite each source."""
        rows = self.rows("SELECT source_id, count(*) FROM facts GROUP BY source_id")
        return Counter(dict(rows))


def did_you_mean(wrong: str, known: Sequence[str]) -> str:
    """A hint naming the known ids closest to a wrong one (empty when none is close): the
    three most alike by the share of their characters in common, in order (rapidfuzz's
    Indel ratio, in C: a thousand ids are compared in a millisecond)."""
    from rapidfuzz import fuzz, process  # only on this error path

    found = process.extract(wrong, known, scorer=fuzz.ratio, limit=3, score_cutoff=40)
    close = [match for match, _, _ in found]
    contained = [k for k in known if wrong and wrong in k and k not in close]
    suggestions = (close + contained)[:3]
    if not suggestions:
        return ""
    return f" (did you mean {' or '.join(repr(s) for s in suggestions)}?)"


def _serves(meta: dict[str, str], store: Path, dataset: Path, status: str) -> bool:
    """Whether a store's meta says it holds the dataset's current bytes."""
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
            record_status(store, trusted)
    return True


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether an SQLite error means the store's file is broken, not that a query failed."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _CORRUPTION_CODES:
        return True
    message = str(error)
    return message.startswith(("no such table", "no such column")) or "malformed" in message
