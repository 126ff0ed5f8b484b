"""The index's tables, the word columns search and ask match, and how a fact is stored in a row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from factcli.data.records import FactRecord, SourceInfo

if TYPE_CHECKING:
    pass

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


def stored_json(record: FactRecord) -> str:
    """A record as the index keeps it: a JSON array in `FactRecord`'s field order, its
    document named by id (see `decoder`). Arrays decode twice as fast as objects."""
    return json.dumps(
        [
            record.id, record.kind, record.value, record.display, record.qualifier,
            record.text, record.statement, record.when, record.subject, record.population,
            record.attributed_to, record.tags, record.related, record.note,
            record.value_detail, record.quote, record.start, record.end, record.source.id,
        ],
        ensure_ascii=False,
    )  # fmt: skip


def decoder(documents: Iterable[SourceInfo]) -> Callable[[str], FactRecord]:
    """Reads records written by `stored_json`, each with its document's shared metadata."""
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
