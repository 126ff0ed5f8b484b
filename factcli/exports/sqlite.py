"""``factcli export -f sqlite``: a database datasette and sqlite-utils open as it is.

Tables ``sources`` and ``facts`` (the flat columns, ``number`` as REAL, offsets as
INTEGER, ``source_id`` a foreign key), and ``facts_fts``, an FTS5 table over the facts'
words in the layout sqlite-utils makes (``content="facts"``), which datasette offers as
a search box. ``tags`` and ``related`` hold JSON arrays (datasette facets them with
``_facet_array``, SQLite reads them with ``json_each``); ``date_start`` and ``date_end``
are ISO 8601 days declared ``DATE TEXT``: tools that read declared types see dates, and
SQLite keeps them as text (a column declared ``DATE`` alone has numeric affinity, which
sqlite-utils reads as a float). Dates at their own precision (``when``, ``published``:
2021, 2022-10) are ISO text. The file is written by factcli's one writer
(`factcli.atomic`): a failed export leaves no half-written database, and the target keeps
its kind, mode and links.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from factcli.atomic import write_built
from factcli.controls import visible
from factcli.errors import FactcliError
from factcli.exports import ExportRows, export_row
from factcli.model.records import FLAT_COLUMNS, SOURCE_KEYS, FactRecord, numeric_fields

# Null where the document does not state them (schema 1.2), or not recorded.
OPTIONAL_SOURCE_KEYS = ("publisher", "published", "url", "rights", "accessed")
# Column types other than TEXT.
COLUMN_TYPES = {
    "number": "REAL", "start": "INTEGER", "end": "INTEGER",
    "date_start": "DATE TEXT", "date_end": "DATE TEXT",
}  # fmt: skip
# The words datasette's search box looks in.
SEARCHED = ("text", "statement", "quote", "subject", "tags")


def _quoted(name: str) -> str:
    return f'"{name}"'


def _source_column(key: str) -> str:
    if key == "id":
        return f"{_quoted(key)} TEXT PRIMARY KEY"
    return f"{_quoted(key)} TEXT" + ("" if key in OPTIONAL_SOURCE_KEYS else " NOT NULL")


def schema_sql() -> str:
    """The tables of the database, with their keys."""
    sources = ", ".join(map(_source_column, SOURCE_KEYS))
    facts = ", ".join(
        f"{_quoted(column)} {COLUMN_TYPES.get(column, 'TEXT')}"
        + (" PRIMARY KEY" if column == "id" else "")
        + (" NOT NULL REFERENCES sources(id)" if column == "source_id" else "")
        for column in FLAT_COLUMNS
    )
    searched = ", ".join(_quoted(column) for column in SEARCHED)
    return (
        f"CREATE TABLE sources ({sources});\n"
        f"CREATE TABLE facts ({facts});\n"
        "CREATE INDEX facts_source_id ON facts(source_id);\n"
        "CREATE INDEX facts_kind ON facts(kind);\n"
        f"CREATE VIRTUAL TABLE facts_fts USING fts5({searched}, content=[facts]);\n"
    )


def write_sqlite(path: Path, rows: ExportRows) -> int:
    """Write the database to ``path`` through the one writer (`factcli.atomic`): built in
    a file of its own, then put in place as any output is; return the facts written."""
    try:
        return write_built(path, lambda built: _fill(built, rows))
    except sqlite3.Error as error:
        raise FactcliError(f"cannot write {visible(str(path))}: {error}") from None


def _fill(temporary: Path, rows: ExportRows) -> int:
    with closing(sqlite3.connect(temporary)) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(schema_sql())
        marks = ", ".join("?" * len(SOURCE_KEYS))
        db.executemany(
            f"INSERT INTO sources VALUES ({marks})",
            ([getattr(source, key) for key in SOURCE_KEYS] for source in rows.sources),
        )
        marks = ", ".join("?" * len(FLAT_COLUMNS))
        db.executemany(f"INSERT INTO facts VALUES ({marks})", map(_fact_row, rows.facts))
        searched = ", ".join(_quoted(column) for column in SEARCHED)
        db.execute(f"INSERT INTO facts_fts (rowid, {searched}) SELECT rowid, {searched} FROM facts")
        (count,) = db.execute("SELECT count(*) FROM facts").fetchone()
        db.commit()
    return int(count)


def _fact_row(record: FactRecord) -> list[object]:
    row: dict[str, object] = {**export_row(record)}
    number = numeric_fields(record)["number"]
    row["number"] = float(number) if number is not None else None
    row["start"], row["end"] = record.start, record.end
    return [row[column] if row[column] != "" else None for column in FLAT_COLUMNS]
