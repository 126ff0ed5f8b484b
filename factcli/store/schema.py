"""The store's tables, the search columns, and how a fact is stored in a row.

Each text is kept once: the facts table holds each fact's record, compressed, and the
full-text table is contentless (``content=''``): it holds only the index of its words, not
the words themselves. SQLite's own tokenizer cuts them (`search.fts_text` only folds what
it cannot), so a build runs no word cutting of its own.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from factcli.model.records import FactRecord, SourceInfo

# Search: how much a query word counts, by the field of a fact it is found in: what the
# fact is about counts more than the wording around it.
FIELD_WEIGHTS = {
    "tags": 3.0,
    "subject": 3.0,
    "measure": 3.0,
    "population": 3.0,
    "statement": 2.0,
    "text": 2.0,
    "attributed_to": 2.0,
    "quote": 1.0,
    "source": 0.5,
}


@dataclass(frozen=True)
class SearchGroup:
    """Search fields of one weight, indexed as one column: a search term counts the best
    weight of the fields it is found in, so which field of a group holds it never matters."""

    column: str
    weight: float
    fields: tuple[str, ...]


SEARCH_GROUPS = tuple(
    SearchGroup(f"weight{rank}", weight,
                tuple(field for field, w in FIELD_WEIGHTS.items() if w == weight))
    for rank, weight in enumerate(sorted(set(FIELD_WEIGHTS.values()), reverse=True))
)  # fmt: skip
SEARCH_COLUMNS = tuple(group.column for group in SEARCH_GROUPS)
# Words are Unicode words as `language.words.words` cuts them: letters and digits of any
# script, accents kept ("zurich" does not find "zürich"); text is folded before it is
# stored (`search.fts_text`), so the tokenizer sees what a query sees.
TOKENIZER = "unicode61 remove_diacritics 0"

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE facts (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    date_first TEXT,
    date_last TEXT,
    magnitude REAL,
    exact_magnitude TEXT,
    currency TEXT,
    source_id TEXT NOT NULL,
    attributed TEXT NOT NULL,
    series_unit TEXT,
    series_number REAL,
    subject TEXT,
    record BLOB NOT NULL
);
CREATE TABLE tag_names (number INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE);
CREATE TABLE tags (number INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (number, pos))
    WITHOUT ROWID;
CREATE TABLE reversed_ids (reversed TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE search_words USING fts5(
    {", ".join(SEARCH_COLUMNS)}, content='', columnsize=0, tokenize="{TOKENIZER}",
    detail=column
);
CREATE VIRTUAL TABLE frame_words USING fts5(
    measure, subject, content='', columnsize=0, tokenize="{TOKENIZER}", detail=column
);
"""
# Made once the rows are in: faster than keeping them up to date row by row (ids come in
# no order; the dataset's reader has already refused a repeated one).
INDEXES = """
CREATE UNIQUE INDEX facts_by_id ON facts (id);
CREATE INDEX facts_by_kind ON facts (kind, date_first, date_last);
CREATE INDEX facts_by_date ON facts (date_first, date_last);
CREATE INDEX facts_by_magnitude ON facts (magnitude);
CREATE INDEX facts_by_source ON facts (source_id);
"""

# Records are compressed one by one (each is read alone), with a preset dictionary made
# of the dataset's first records: what facts share (keys, sources, common words) is then
# not stored again in every row. Raw deflate, fast level: building stays quick. A record is
# a few hundred bytes, so a 16 KiB window and a small hash table lose little (about 6% more
# bytes a record) and make copying the compressor for each record a third quicker.
_WBITS = -14
_LEVEL = 1
_MEMORY_LEVEL = 6
_DICTIONARY_BYTES = 16_384
DICTIONARY_SAMPLE = 64  # records the dictionary is made of


# A record is stored as an array of its fields in `FactRecord`'s order, its document last
# and named by id: arrays decode twice as fast as objects.
_FIELDS = tuple(field.name for field in dataclasses.fields(FactRecord))
assert _FIELDS[-1] == "source", "a record's document is its last field"
_OWN_FIELDS = operator.attrgetter(*_FIELDS[:-1])
# Fields held as tuples (JSON gives lists back).
_TUPLES = tuple(
    position
    for position, field in enumerate(dataclasses.fields(FactRecord))
    if str(field.type).startswith("tuple[")
)


def record_fields(record: FactRecord) -> list[object]:
    """A record as the store keeps it (see `decoder`)."""
    return [*_OWN_FIELDS(record), record.source.id]


def stored_json(fields: list[object]) -> bytes:
    """A record's fields as compact UTF-8 JSON. Written by pydantic's serializer, which
    validation has loaded already: four times quicker than the `json` module's encoder,
    and every build writes each fact once (read back by `json.loads`)."""
    from pydantic_core import to_json

    return to_json(fields)


def make_dictionary(samples: Iterable[bytes]) -> bytes:
    """The preset dictionary of a store's records, from a sample of them (stored JSON)."""
    return b"".join(samples)[-_DICTIONARY_BYTES:]


def compressor(dictionary: bytes) -> Callable[[bytes], bytes]:
    base = zlib.compressobj(
        _LEVEL, zlib.DEFLATED, _WBITS, _MEMORY_LEVEL, zlib.Z_DEFAULT_STRATEGY, dictionary
    )

    def compress(data: bytes) -> bytes:
        one = base.copy()  # the dictionary is loaded once, not for each record
        return one.compress(data) + one.flush()

    return compress


def reader(documents: Iterable[SourceInfo]) -> Callable[[list[Any]], FactRecord]:
    """Makes records from arrays written by `record_fields`, each with its document's
    shared metadata."""
    by_id = {document.id: document for document in documents}

    def read(row: list[Any]) -> FactRecord:
        if len(row) != len(_FIELDS):
            raise ValueError("a record of another layout")
        values = row.copy()  # the caller may store the row as it is
        for position in _TUPLES:
            values[position] = tuple(values[position])
        values[-1] = by_id[values[-1]]
        return FactRecord(*values)

    return read


def decoder(documents: Iterable[SourceInfo], dictionary: bytes) -> Callable[[bytes], FactRecord]:
    """Reads records as the facts table stores them (compressed `stored_json`)."""
    read = reader(documents)
    base = zlib.decompressobj(_WBITS, zdict=dictionary)
    # The records are UTF-8 (`stored_json`): decoded as text and parsed by a decoder made
    # once, a third quicker than `json.loads` guessing each one's encoding.
    loads = json.JSONDecoder().decode

    def decode(stored: bytes) -> FactRecord:
        one = base.copy()
        data = one.decompress(stored)
        if not one.eof:
            raise ValueError("a truncated record")
        return read(loads(data.decode("utf-8")))

    return decode
