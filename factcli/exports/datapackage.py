"""``factcli export -f datapackage``: a Frictionless (Tabular) Data Package.

A folder with ``facts.csv`` and ``sources.csv`` (the csv export's columns; ``tags`` and
``related`` as JSON arrays) and ``datapackage.json`` describing them: Table Schema types
(``number`` a number, offsets integers, ``date_start``/``date_end`` dates, lists arrays,
``kind`` and ``qualifier`` their values), ``id`` primary keys, and ``source_id`` a foreign
key to ``sources``. A date stated at its own precision (``when``, ``published``,
``accessed``) is typed ``date`` when every one of the export is a whole day, else a string
of the dataset's date forms (2021, 2022-10, 2010/2014, FY2007).
`frictionless validate DIR/datapackage.json` accepts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from factcli.atomic import write_atomically
from factcli.controls import visible
from factcli.errors import FactcliError
from factcli.exports import ExportRows, export_row, whole_days
from factcli.exports.shapes import csv_table
from factcli.language.values import KINDS, QUALIFIERS
from factcli.model.records import FLAT_COLUMNS, SOURCE_KEYS, FactRecord
from factcli.model.schema import DATE_PATTERN

# Table Schema types other than string.
FIELD_TYPES = {
    "number": "number", "start": "integer", "end": "integer",
    "date_start": "date", "date_end": "date", "tags": "array", "related": "array",
}  # fmt: skip
# Dates at their own precision: typed date when every one is a whole day.
STATED_DATES = ("when", "source_published", "source_accessed")
SOURCE_DATES = ("published", "accessed")
DATE_FORMS_DESCRIPTION = "a date at its own precision: 2021, 2022-10, 2023-04-26, 2010/2014, FY2007"
FIELD_DESCRIPTIONS = {
    "value": "the value for machines: 8500000, 1/3, 12%, 2023-03",
    "display": "the value as people say it",
    "number": "the value as one number: an amount or count, a share as a fraction of 1",
    "currency": "ISO 4217 code of a money value",
    "unit": "what a count or duration counts",
    "date_start": "first day the fact's date (or its when) covers",
    "date_end": "last day the fact's date (or its when) covers",
    "quote": "the verbatim sentence of the source the fact comes from",
    "start": "where the quote starts in the source text, in Unicode code points",
    "end": "where the quote ends in the source text (exclusive)",
    "tags": "tags, a JSON array",
    "related": "ids of related facts, a JSON array",
}
PACKAGE_FILE = "datapackage.json"


def _date_field(name: str, days: bool) -> dict[str, Any]:
    """A date stated at its own precision: a date when all are whole days, else a string
    of the dataset's date forms."""
    if days:
        return {"name": name, "type": "date"}
    return {
        "name": name,
        "type": "string",
        "description": DATE_FORMS_DESCRIPTION,
        "constraints": {"pattern": DATE_PATTERN},
    }


def _facts_field(column: str, days: dict[str, bool]) -> dict[str, Any]:
    if column in days:
        return _date_field(column, days[column])
    field: dict[str, Any] = {"name": column, "type": FIELD_TYPES.get(column, "string")}
    if column in FIELD_DESCRIPTIONS:
        field["description"] = FIELD_DESCRIPTIONS[column]
    constraints = {
        "id": {"required": True, "unique": True},
        "kind": {"required": True, "enum": list(KINDS)},
        "qualifier": {"required": True, "enum": list(QUALIFIERS)},
        "source_id": {"required": True},
    }.get(column)
    if constraints:
        field["constraints"] = constraints
    return field


def descriptor(title: str, days: dict[str, bool] | None = None) -> dict[str, Any]:
    """The ``datapackage.json`` of the package; ``days`` says, of each column of dates at
    their own precision, whether all its dates are whole days (none are, when not given)."""
    days = dict.fromkeys((*STATED_DATES, *SOURCE_DATES), False) | (days or {})
    sources_fields: list[dict[str, Any]] = [
        _date_field(key, days[key]) if key in SOURCE_DATES else {"name": key, "type": "string"}
        for key in SOURCE_KEYS
    ]
    sources_fields[0]["constraints"] = {"required": True, "unique": True}
    return {
        "profile": "tabular-data-package",
        "name": "factcli-facts",
        "title": title,
        "resources": [
            {
                "name": "facts",
                "path": "facts.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [_facts_field(column, days) for column in FLAT_COLUMNS],
                    "primaryKey": ["id"],
                    "foreignKeys": [
                        {
                            "fields": ["source_id"],
                            "reference": {"resource": "sources", "fields": ["id"]},
                        }
                    ],
                },
            },
            {
                "name": "sources",
                "path": "sources.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": sources_fields, "primaryKey": ["id"]},
            },
        ],
    }


def write_datapackage(folder: Path, rows: ExportRows) -> int:
    """Write the package into ``folder`` (made if missing); return the facts written."""
    if folder.exists() and not folder.is_dir():
        raise FactcliError(f"cannot write a data package to {visible(str(folder))}: not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FactcliError(f"cannot make {visible(str(folder))}: {error.strerror}") from None
    written = 0
    # Whether each column of dates at their own precision holds whole days only, learnt
    # as the facts stream by (the descriptor is written last).
    days = dict.fromkeys(STATED_DATES, True)

    def counted(facts: Iterable[FactRecord]) -> Iterator[list[str]]:
        nonlocal written
        for written, record in enumerate(facts, 1):  # noqa: B007 (the count is the point)
            row = export_row(record)
            for column in STATED_DATES:
                days[column] = days[column] and whole_days([row[column]])
            yield list(row.values())

    write_atomically(folder / "facts.csv", csv_table(FLAT_COLUMNS, counted(rows.facts)))
    source_rows = ([getattr(s, key) or "" for key in SOURCE_KEYS] for s in rows.sources)
    write_atomically(folder / "sources.csv", csv_table(SOURCE_KEYS, source_rows))
    for key in SOURCE_DATES:
        days[key] = whole_days(getattr(source, key) for source in rows.sources)
    package = json.dumps(descriptor(rows.title, days), indent=2, ensure_ascii=False) + "\n"
    write_atomically(folder / PACKAGE_FILE, package)
    return written
