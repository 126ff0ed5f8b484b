"""``factcli export -f datapackage``: a Frictionless (Tabular) Data Package.

A folder with ``facts.csv`` and ``sources.csv`` (the csv export's rows) and
``datapackage.json`` describing them: Table Schema types (``number`` a number, offsets
integers, ``date_start``/``date_end`` dates), ``id`` primary keys, and ``source_id`` a
foreign key to ``sources``. `frictionless validate DIR/datapackage.json` accepts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from factcli.atomic import write_atomically
from factcli.controls import visible
from factcli.errors import FactcliError
from factcli.exports import ExportRows
from factcli.exports.shapes import csv_table
from factcli.language.values import KINDS, QUALIFIERS
from factcli.model.records import FLAT_COLUMNS, SOURCE_KEYS, FactRecord, flat_row

# Table Schema types other than string.
FIELD_TYPES = {
    "number": "number", "start": "integer", "end": "integer",
    "date_start": "date", "date_end": "date",
}  # fmt: skip
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
    "tags": "tags, separated by '; '",
    "related": "ids of related facts, separated by '; '",
}
PACKAGE_FILE = "datapackage.json"


def _facts_field(column: str) -> dict[str, Any]:
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


def descriptor(title: str) -> dict[str, Any]:
    """The ``datapackage.json`` of the package."""
    sources_fields: list[dict[str, Any]] = [{"name": key, "type": "string"} for key in SOURCE_KEYS]
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
                    "fields": [_facts_field(column) for column in FLAT_COLUMNS],
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

    def counted(facts: Iterable[FactRecord]) -> Iterator[FactRecord]:
        nonlocal written
        for written, record in enumerate(facts, 1):  # noqa: B007 (the count is the point)
            yield record

    fact_rows = (list(flat_row(record).values()) for record in counted(rows.facts))
    write_atomically(folder / "facts.csv", csv_table(FLAT_COLUMNS, fact_rows))
    source_rows = ([getattr(s, key) or "" for key in SOURCE_KEYS] for s in rows.sources)
    write_atomically(folder / "sources.csv", csv_table(SOURCE_KEYS, source_rows))
    package = json.dumps(descriptor(rows.title), indent=2, ensure_ascii=False) + "\n"
    write_atomically(folder / PACKAGE_FILE, package)
    return written
