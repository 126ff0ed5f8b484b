"""The index's tables, the word columns search and ask match, and how a fact is stored in a row.

Each text is kept once: the facts table holds each fact's record, compressed, and the
full-text tables are contentless (``content=''``): they hold only the index of their words,
not the words themselves. Search scores a match by the field groups its words are found
in (column filters), and ask cuts a candidate's words again from its record (see
`read.IndexCorpus`), with the code that cut them for the index.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from factcli.data.records import FactRecord, SourceInfo
from factcli.search import matches_prefix
from factcli.weights import FIELD_FACTORS, FIELD_WEIGHTS, OWN_WORD_FIELDS

_TOKENIZER = "unicode61 tokenchars '.,'"
# Search matches words as `search.words` folds them, accents kept (as the memory catalog
# compares them): `remove_diacritics 0`, so "zurich" does not find "zürich".
_SEARCH_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '.,'"


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
# Ask matches a word in a fact's own words (`OWN_WORD_FIELDS`) or anywhere in its evidence,
# and weighs each field itself (`ask.rank`, from the words cut again): two columns do.
ASK_OWN_COLUMN = "own"
ASK_GROUPS = (
    (ASK_OWN_COLUMN, OWN_WORD_FIELDS),
    ("around", tuple(field for field in FIELD_FACTORS if field not in OWN_WORD_FIELDS)),
)
ASK_COLUMNS = tuple(column for column, _ in ASK_GROUPS)


def grouped_words(
    fields: dict[str, frozenset[str]], groups: Sequence[Sequence[str]]
) -> list[set[str]]:
    """The words of each group of fields, each word in the first group that holds it only.

    A query of the index asks whether a word is in a group, or in any of the groups before
    it as well, never in a later group alone; so a later group need not hold it again, and
    the full-text tables index each word of a fact once or nearly (statement and quote
    share most of theirs). Every fact of an index build goes through here twice, so each
    group's set is made once and cut down in place."""
    found: list[set[str]] = []
    before: set[str] | None = None
    for group in groups:
        words: set[str] = set().union(*[fields[field] for field in group])
        if before is None:
            before = words.copy() if len(groups) > 1 else words
        else:
            words -= before
            before |= words
        found.append(words)
    return found


SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE facts (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    date_first TEXT,
    date_last TEXT,
    magnitude REAL,
    source_id TEXT NOT NULL,
    attributed TEXT NOT NULL,
    record BLOB NOT NULL
);
CREATE TABLE tag_names (number INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE);
CREATE TABLE tags (number INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (number, pos))
    WITHOUT ROWID;
CREATE TABLE reversed_ids (reversed TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE search_words USING fts5(
    {", ".join(SEARCH_COLUMNS)}, content='', columnsize=0,
    tokenize="{_SEARCH_TOKENIZER}", detail=column
);
CREATE VIRTUAL TABLE ask_words USING fts5(
    {", ".join(ASK_COLUMNS)}, measure, content='', columnsize=0, tokenize="{_TOKENIZER}",
    detail=column
);
CREATE TABLE ask_terms (term TEXT PRIMARY KEY, frequency INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE initialisms (
    initials TEXT PRIMARY KEY, run TEXT NOT NULL, count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE linked_initialisms (
    initials TEXT PRIMARY KEY, run TEXT NOT NULL, count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE spellings (
    word TEXT PRIMARY KEY, stem TEXT NOT NULL, first TEXT NOT NULL, length INTEGER NOT NULL
) WITHOUT ROWID;
"""
# Made once the rows are in: faster than keeping them up to date row by row (ids come in
# no order; the dataset's reader has already refused a repeated one).
INDEXES = """
CREATE UNIQUE INDEX facts_by_id ON facts (id);
CREATE INDEX facts_by_kind ON facts (kind, date_first, date_last);
CREATE INDEX facts_by_date ON facts (date_first, date_last);
CREATE INDEX facts_by_magnitude ON facts (magnitude);
CREATE INDEX facts_by_source ON facts (source_id);
CREATE INDEX spellings_by_shape ON spellings (first, length);
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


def phrase(term: str) -> str:
    """A word as an FTS5 string: quoted, so no word is read as an operator."""
    return '"' + term.replace('"', '""') + '"'


def search_match(term: str, columns: Sequence[str] = ()) -> str:
    """The FTS5 query of one search term (a prefix where `matches_prefix`), in ``columns``
    only when given."""
    query = phrase(term) + ("*" if matches_prefix(term) else "")
    return f"{{{' '.join(columns)}}} : {query}" if columns else query


def search_score(terms: Sequence[str], rowid: str) -> tuple[str, list[str]]:
    """The score of `search.rank_search` as SQL over the search table's rows: for each term,
    the weight of the best field group it is found in (each group's matches are found
    once by FTS5), summed; with its parameters."""
    cases = " ".join(
        f"WHEN {rowid} IN (SELECT rowid FROM search_words WHERE search_words MATCH ?) "
        f"THEN {group.weight!r}"
        for group in SEARCH_GROUPS
    )
    sql = " + ".join([f"(CASE {cases} END)"] * len(terms))
    return sql, [search_match(term, (group.column,)) for term in terms for group in SEARCH_GROUPS]


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
    """A record as the index keeps it (see `decoder`)."""
    return [*_OWN_FIELDS(record), record.source.id]


def stored_json(fields: list[object]) -> bytes:
    """A record's fields as compact UTF-8 JSON. Written by pydantic's serializer, which
    validation has loaded already: four times quicker than the `json` module's encoder,
    and every index build writes each fact once (read back by `json.loads`)."""
    from pydantic_core import to_json

    return to_json(fields)


def make_dictionary(samples: Iterable[bytes]) -> bytes:
    """The preset dictionary of an index's records, from a sample of them (stored JSON)."""
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
