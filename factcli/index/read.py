"""`IndexedCatalog`: the catalog served from an index, and `IndexCorpus`, ask's corpus over it."""

from __future__ import annotations

import itertools
import json
import sqlite3
import stat
import time
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from factcli import __version__
from factcli.catalog import NEAR_IDS, Catalog, Selection
from factcli.data.records import FactRecord, Rows, SourceInfo
from factcli.errors import FactcliError, IndexDamaged
from factcli.filters import Filters
from factcli.index.cache import (
    INDEX_FORMAT,
    file_sha256,
    file_status,
    owned,
    read_only_uri,
    record_status,
    trusted_status,
)
from factcli.index.schema import (
    ASK_COLUMNS,
    ASK_OWN_COLUMN,
    SEARCH_GROUPS,
    decoder,
    phrase,
    search_match,
    search_score,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.ask import ContextReader, FactWords, Narrowing
    from factcli.data.values import Kind

# SQLite error codes that mean the file itself is broken (SQLITE_CORRUPT, SQLITE_NOTADB).
_CORRUPTION_CODES = (11, 26)
# Rows fetched from SQLite at a time when streaming.
_STREAM_BATCH = 500


class IndexedCatalog(Catalog):
    """A dataset read from its index: facts come from SQLite, not from the JSON file."""

    def __init__(
        self, db: sqlite3.Connection, index: Path, path: Path, meta: dict[str, str]
    ) -> None:
        documents = [SourceInfo(**document) for document in json.loads(meta["documents"])]
        super().__init__(path, meta["title"], documents, int(meta["facts"]))
        self.db = db
        self.index = index
        self.decode = decoder(documents, bytes.fromhex(meta["dictionary"]))
        # The dataset's acronyms, as its words were cut with them (see `IndexCorpus`).
        self.acronyms: dict[str, str] = json.loads(meta["acronyms"])

    @classmethod
    def open(cls, target: Path, dataset: Path, status: str) -> IndexedCatalog | None:
        """The index at ``target`` if it holds ``dataset`` as it is now (``status`` is the
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

    def _decode(self, stored: bytes) -> FactRecord:
        try:
            return self.decode(stored)
        except (ValueError, TypeError, KeyError, zlib.error) as error:
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

    def all_records(self) -> Rows:
        return Rows(
            (self._decode(row[0]) for row in self.stream("SELECT record FROM facts ORDER BY pos")),
            lambda: self.total_facts,
        )

    def word_search(
        self, terms: Sequence[str], kind: Kind | None, filters: Filters, limit: int | None
    ) -> Rows:
        """FTS5 finds the facts holding every term, best first by the rule of
        `search.rank_search`, score by score (see `_score_levels`): the facts of one score
        come in position order, so nothing is sorted, the first rows come at once, and a
        limit stops the reading however many facts match. The records are read by
        position, a batch at a time, so memory stays flat."""
        where, parameters = _conditions(Selection(kind=kind), filters, "f.")
        exact = filters.minimum is None and filters.maximum is None
        levels = _score_levels(terms)
        if levels is None:
            return self._scored_search(terms, where, parameters, filters, limit)
        positions = self._level_positions(levels, where, parameters, limit if exact else None)
        found = (record for record in self._by_positions(positions) if filters.keep(record))
        if not exact:
            return Rows(found)
        match = " AND ".join(search_match(term) for term in terms)
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
        return Rows(found, lambda: int(self.rows(count_sql, arguments)[0][0]))

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
        self,
        terms: Sequence[str],
        where: str,
        parameters: Sequence[Any],
        filters: Filters,
        limit: int | None,
    ) -> Rows:
        """The search of many words: SQL scores every match and sorts them (with a limit,
        SQLite keeps just the best ones, and counts the rest in the same pass)."""
        match = " AND ".join(search_match(term) for term in terms)
        score, score_parameters = search_score(terms, "f.pos")
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
            record_status(index, trusted)
    return True


# A search of more words is scored row by row (see `_scored_search`): each word has as
# many best groups as there are groups, and each combination is a part of a query.
_MAX_SCORE_PATTERNS = 256


def _score_levels(terms: Sequence[str]) -> list[str] | None:
    """FTS5 queries, best score first, matching the facts of each score `search.rank_search`
    gives: a fact's score is the sum of each term's best field group weight, so the facts
    of one score are those whose terms' best groups make that sum. None when the words
    have too many combinations of best groups (see `_MAX_SCORE_PATTERNS`)."""
    if len(SEARCH_GROUPS) ** len(terms) > _MAX_SCORE_PATTERNS:
        return None
    best_in: list[list[tuple[float, str]]] = []
    for term in terms:
        ways = []
        for rank, group in enumerate(SEARCH_GROUPS):
            found = search_match(term, (group.column,))
            heavier = [heavy.column for heavy in SEARCH_GROUPS[:rank]]
            ways.append((group.weight, f"({found} NOT {search_match(term, heavier)})" if heavier
                         else found))  # fmt: skip
        best_in.append(ways)
    levels: dict[float, list[str]] = {}
    for pattern in itertools.product(*best_in):
        score = sum(weight for weight, _ in pattern)
        levels.setdefault(score, []).append(" AND ".join(query for _, query in pattern))
    return [
        " OR ".join(f"({pattern})" for pattern in levels[score])
        for score in sorted(levels, reverse=True)
    ]


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether an SQLite error means the index file is broken, not that a query failed."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _CORRUPTION_CODES:
        return True
    message = str(error)
    return message.startswith(("no such table", "no such column")) or "malformed" in message


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
        clauses.append(
            f"{t}pos IN (SELECT tags.pos FROM tags WHERE tags.number = "
            f"(SELECT number FROM tag_names WHERE tag = ?))"
        )
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
    _context: ContextReader | None = field(default=None, init=False, repr=False)

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

    def linked_initialism(self, word: str) -> str | None:
        rows = self.catalog.rows("SELECT run FROM linked_initialisms WHERE initials = ?", (word,))
        return str(rows[0][0]) if rows else None

    def initialism(self, word: str) -> str | None:
        rows = self.catalog.rows("SELECT run FROM initialisms WHERE initials = ?", (word,))
        return str(rows[0][0]) if rows else None

    def candidates(
        self,
        anyof: Collection[str],
        names: Collection[str],
        measured: Collection[str],
        within: Narrowing | None = None,
        prefer: Sequence[tuple[str, float]] = (),
    ) -> list[FactWords]:
        """See `AskCorpus.candidates`. FTS5 finds the facts in position order, so the first
        `CANDIDATE_LIMIT` + 1 say whether the question is broad, at the cost of reading them;
        a broad one reads, for each set of the preferred words, heaviest first (see
        `preference_order`), the first facts whose own words hold the set, until enough are
        found: no query reads more facts than it keeps, however many hold its words."""
        from factcli.ask.corpus import CANDIDATE_LIMIT, PREFERRED_WORDS, preference_order

        every = "{" + " ".join(ASK_COLUMNS) + "}"
        required = [f"{every} : {phrase(name)}" for name in sorted(set(names))]
        if measured:
            required.append(f"measure : ({' OR '.join(phrase(t) for t in sorted(set(measured)))})")
        either = [f"{every} : ({' OR '.join(phrase(t) for t in sorted(set(anyof)))})"] * bool(anyof)
        clauses, parameters = _narrowed(within)
        first = self._positions([*required, *either], clauses, parameters, (), CANDIDATE_LIMIT + 1)
        if len(first) <= CANDIDATE_LIMIT:
            return self._facts(first)
        own = ASK_OWN_COLUMN
        words = [word for word, _ in prefer[:PREFERRED_WORDS]]
        kept: list[int] = []
        for held in preference_order(prefer):
            held_words = [words[i] for i in held]
            # A fact holding one of `anyof` in its own words holds it in its evidence.
            needed = either if set(anyof).isdisjoint(held_words) else []
            parts = [*required, *needed, *(f"{own} : {phrase(word)}" for word in held_words)]
            kept += self._positions(parts, clauses, parameters, kept, CANDIDATE_LIMIT - len(kept))
            if len(kept) >= CANDIDATE_LIMIT:
                break
        return self._facts(sorted(kept))

    def _positions(
        self,
        parts: Sequence[str],
        clauses: Sequence[str],
        parameters: Sequence[Any],
        leave_out: Sequence[int],
        limit: int,
    ) -> list[int]:
        """The first ``limit`` positions of facts matching every FTS5 part and SQL clause,
        but those of ``leave_out``."""
        where = list(clauses)
        arguments = list(parameters)
        if leave_out:
            where.append(f"f.pos NOT IN ({', '.join('?' * len(leave_out))})")
            arguments += leave_out
        if parts:
            # In the FTS5 table's order: SQLite then stops at the limit (ordered by the
            # facts' position, it sorts every match first).
            query = (
                f"SELECT f.pos FROM ask_words AS w JOIN facts AS f ON f.pos = w.rowid "
                f"WHERE ask_words MATCH ? AND {' AND '.join(where) or '1'} ORDER BY w.rowid"
            )
            arguments.insert(0, " AND ".join(parts))
        else:  # no words: every fact (a contentless table keeping no sizes cannot be scanned)
            query = f"SELECT pos FROM facts AS f WHERE {' AND '.join(where) or '1'} ORDER BY pos"
        rows = self.catalog.rows(f"{query} LIMIT ?", [*arguments, limit])
        return [row[0] for row in rows]

    def _facts(self, positions: Sequence[int]) -> list[FactWords]:
        if not positions:
            return []
        rows = self.catalog.rows(
            f"SELECT pos, record FROM facts "
            f"WHERE pos IN ({', '.join('?' * len(positions))}) ORDER BY pos",
            positions,
        )
        return self.fact_words([row[0] for row in rows],
                               [self.catalog._decode(row[1]) for row in rows])  # fmt: skip

    def fact_words(
        self, positions: Sequence[int], records: Sequence[FactRecord]
    ) -> list[FactWords]:
        """The words of facts by field, cut again from their records: the index keeps only
        the index of their words (see `schema`). The code and the acronyms that cut them
        for the index cut them again, and the same documents give their context."""
        from factcli.ask import ContextReader, FactWords, iter_fact_words

        if self._context is None:
            self._context = ContextReader(self.catalog.path.parent)
        cut = iter_fact_words(records, self.catalog.acronyms, self._context)
        return [
            FactWords(words.record, position, words.fields, words.spelled)
            for position, words in zip(positions, cut, strict=True)
        ]


def _narrowed(within: Narrowing | None) -> tuple[list[str], list[Any]]:
    """The SQL that leaves out facts a question rules out by kind and date."""
    clauses: list[str] = []
    parameters: list[Any] = []
    if within and within.kind:
        clauses.append("f.kind = ?")
        parameters.append(within.kind)
    if within and within.dated:
        clauses.append("f.date_first IS NOT NULL")
    for day in within.dates if within else ():
        # An undated fact stands at its document's date: `rank` checks that one.
        clauses.append("(f.date_first IS NULL OR (f.date_first <= ? AND f.date_last >= ?))")
        parameters += [day.last_day().isoformat(), day.first_day().isoformat()]
    return clauses, parameters
