"""Ask's own tables: each fact's evidence, its words' index, their frequencies and spellings.

They are derived from a store and kept apart from it, in a file of their own beside the
store's (``….ask.sqlite``), keyed to the store's key and to `ASK_FORMAT`: changing how ask
reads words rebuilds these tables and never the store. A store held in memory gets its ask
tables in memory too. They are built on the first question a store is asked, in one pass
over its facts, each source text read once for its headings; the words are cut once, here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcli.ask.evidence import (
    FIELDS,
    Evidence,
    evidence_of,
    headings_above,
    period_words,
    read_stored,
)
from factcli.ask.evidence import stored_fields as stored
from factcli.inputs import MAX_INPUT_BYTES
from factcli.version import __version__

if TYPE_CHECKING:
    from factcli.language.sentences import Heading
    from factcli.model.records import FactRecord
    from factcli.store.store import Store

# Raised whenever what the ask tables hold, or how their words are cut, changes.
ASK_FORMAT = 4
SUFFIX = ".ask.sqlite"
# How many facts a question's words may bring in as candidates, best matches first: a
# question costs as much over a million facts as over a thousand.
CANDIDATE_LIMIT = 200
# How much a word counts in each field when candidates are first ranked (the answer's own
# score is the fitted model's: see `model`).
RETRIEVAL_WEIGHTS = {
    "near": 1.0, "own": 1.0, "measure": 2.0, "subject": 1.5, "context": 0.8, "document": 0.3,
    "period_words": 2.0,
}  # fmt: skip
_BATCH = 2000
# A source file larger than this gives no headings (every read is bounded).
MAX_SOURCE_BYTES = MAX_INPUT_BYTES

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE evidence (
    pos INTEGER PRIMARY KEY, {", ".join(f"{name} TEXT NOT NULL" for name in FIELDS)},
    period TEXT, origin TEXT NOT NULL, period_words TEXT NOT NULL
);
CREATE VIRTUAL TABLE words USING fts5(
    {", ".join(FIELDS)}, period_words, content='evidence', content_rowid='pos',
    tokenize="unicode61 remove_diacritics 0"
);
CREATE TABLE spellings (word TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID;
"""


class AskTables:
    """The ask tables of one store."""

    def __init__(self, db: sqlite3.Connection, facts: int) -> None:
        self.db = db
        self.fact_count = facts
        self._frequencies: dict[str, int] = {}

    @classmethod
    def of(cls, store: Store) -> AskTables:
        """The ask tables of a store: read from beside its file when fresh, else built
        there; in memory for a store in memory or a folder that cannot be written."""
        key = _key(store)
        if store.file is None:
            return cls._in_memory(store, key)
        target = store.file.with_name(store.file.name.removesuffix(".sqlite") + SUFFIX)
        if (found := cls._open(target, key, store.total_facts)) is not None:
            return found
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with suppress(FileNotFoundError):
                temporary.unlink()
            db = sqlite3.connect(temporary)
            try:
                _build(db, store, key)
            finally:
                db.close()
            os.replace(temporary, target)
        except (OSError, sqlite3.Error):
            return cls._in_memory(store, key)
        finally:
            with suppress(OSError):
                temporary.unlink()
        return cls._open(target, key, store.total_facts) or cls._in_memory(store, key)

    @classmethod
    def _open(cls, target: Path, key: str, facts: int) -> AskTables | None:
        from factcli.store.cache import owned, read_only_uri

        try:
            found = target.lstat()
            if not stat.S_ISREG(found.st_mode) or not owned(found):
                return None
            db = sqlite3.connect(read_only_uri(target), uri=True)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except (OSError, sqlite3.Error):
            return None
        if meta.get("key") != key:
            db.close()
            return None
        return cls(db, facts)

    @classmethod
    def _in_memory(cls, store: Store, key: str) -> AskTables:
        db = sqlite3.connect(":memory:")
        _build(db, store, key)
        return cls(db, store.total_facts)

    def close(self) -> None:
        self.db.close()

    def frequency(self, stem: str) -> int:
        """In how many facts' evidence a stem occurs."""
        if stem not in self._frequencies:
            row = self.db.execute("SELECT doc FROM frequency WHERE term = ?", (stem,)).fetchone()
            self._frequencies[stem] = int(row[0]) if row else 0
        return self._frequencies[stem]

    def spellings(self, first: str, shortest: int, longest: int) -> list[tuple[str, str]]:
        """The words the evidence spells (with their stems) that start with a letter and
        are of a length: what a typo is compared with."""
        rows = self.db.execute(
            "SELECT word, stem FROM spellings WHERE word >= ? AND word < ? "
            "AND length(word) BETWEEN ? AND ?",
            (first, first + "\U0010ffff", shortest, longest),
        ).fetchall()
        return [(str(word), str(stem)) for word, stem in rows]

    def candidates(
        self, stems: Sequence[str], periods: Sequence[str] = (), limit: int = CANDIDATE_LIMIT
    ) -> list[tuple[int, float]]:
        """The positions of the facts whose evidence holds any of the stems or whose period
        meets one of the periods named (ISO), best matches first (bm25 over the fields,
        weighted by `RETRIEVAL_WEIGHTS`), each with its score over the best one's (1 for
        the best)."""
        words = [*stems, *(word for period in periods for word in period_words(period).split())]
        if not words:
            return []
        match = " OR ".join('"' + word.replace('"', '""') + '"' for word in dict.fromkeys(words))
        weights = ", ".join(str(RETRIEVAL_WEIGHTS[name]) for name in (*FIELDS, "period_words"))
        rows = self.db.execute(
            f"SELECT rowid, bm25(words, {weights}) AS score FROM words WHERE words MATCH ? "
            "ORDER BY score LIMIT ?",
            (match, limit),
        ).fetchall()
        best = rows[0][1] if rows and rows[0][1] else -1.0
        return [(int(pos), float(score) / best) for pos, score in rows]

    def evidence(self, positions: Iterable[int]) -> dict[int, Evidence]:
        """The evidence of the facts at these positions."""
        wanted = list(positions)
        found: dict[int, Evidence] = {}
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            rows = self.db.execute(
                f"SELECT pos, {', '.join(FIELDS)}, period, origin FROM evidence "
                f"WHERE pos IN ({', '.join('?' * len(batch))})",
                batch,
            ).fetchall()
            for row in rows:
                found[row[0]] = read_stored(row[0], row[1:-2], row[-2], row[-1])
        return found


def _key(store: Store) -> str:
    """What ask tables must match: the store's facts, this ask's format, this factcli."""
    store_key = store.db.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()[0]
    return json.dumps(
        {"store": store_key, "ask_format": ASK_FORMAT, "factcli": __version__}, sort_keys=True
    )


def _build(db: sqlite3.Connection, store: Store, key: str) -> None:
    """Write the ask tables of a store in one pass over its facts."""
    for pragma in ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF"):
        db.execute(pragma)
    db.executescript(SCHEMA)
    spellings: dict[str, str] = {}
    rows = _evidence_rows(store, spellings)
    columns = ", ".join(FIELDS)
    while batch := [row for _, row in zip(range(_BATCH), rows, strict=False)]:
        db.executemany(
            f"INSERT INTO evidence (pos, {columns}, period, origin, period_words) "
            f"VALUES (?{', ?' * len(FIELDS)}, ?, ?, ?)",
            batch,
        )
    db.execute("INSERT INTO words (words) VALUES ('rebuild')")
    db.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, words, 'row')")
    db.execute("CREATE TABLE frequency (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("INSERT INTO frequency SELECT term, doc FROM temp.vocabulary")
    db.executemany("INSERT INTO spellings VALUES (?, ?)", sorted(spellings.items()))
    db.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
    db.commit()


def _evidence_rows(store: Store, spellings: dict[str, str]) -> Iterator[tuple[Any, ...]]:
    """Each fact's evidence row, in the store's order."""
    from factcli.language.words import tokens, word_stem

    headings = _Headings(store.path.parent)
    long_forms = store.acronyms.long_forms
    acronym_stems = {acronym: [word_stem(w) for w in long] for acronym, long in long_forms.items()}
    for pos, record in enumerate(store.all_records()):
        above = headings.above(record)
        evidence = evidence_of(pos, record, above, acronym_stems)
        for token in tokens(f"{record.statement} {record.quote}"):
            if token.isalpha() and token not in spellings:
                spellings[token] = word_stem(token)
        period = evidence.period
        yield (pos, *stored(evidence), period, evidence.origin, period_words(period))


class _Headings:
    """The headings of each source text, found once per source."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._found: dict[str, list[Heading]] = {}

    def above(self, record: FactRecord) -> list[str]:
        from factcli.ask.evidence import CONTEXT_HEADINGS

        source = record.source
        if source.id not in self._found:
            self._found[source.id] = self._read(source.file)
        return headings_above(self._found[source.id], record.start)[:CONTEXT_HEADINGS]

    def _read(self, file: str) -> list[Heading]:
        from factcli.language.sentences import headings
        from factcli.model.sourcefiles import UnsafeSource, read_source_file

        try:
            text = read_source_file(self._folder, file, MAX_SOURCE_BYTES).decode("utf-8")
        except (OSError, UnsafeSource, UnicodeDecodeError):
            return []
        return headings(text)
