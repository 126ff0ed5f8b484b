"""``factcli export``: the dataset, or the part the filters keep, in another shape.

- `formats`: text formats written to stdout or a file (json in the dataset file's own
  shape, jsonl, csv, markdown);
- `sqlite` and `datapackage`: files of their own kind, a SQLite database and a
  Frictionless data package, both of the flat fact rows (`records.flat_row`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factcli.filters import NO_FILTERS, Filters

if TYPE_CHECKING:
    from factcli.data.records import FactRecord, SourceInfo


@dataclass(frozen=True)
class ExportRows:
    """What an export holds: the facts kept, the documents they cite, the dataset's title."""

    title: str
    facts: Iterable[FactRecord]
    sources: Sequence[SourceInfo]


def export_rows(data: Path | None, filters: Filters = NO_FILTERS) -> ExportRows:
    """The facts the filters keep (all when none is set), and every document of the dataset."""
    from factcli.index import open_catalog

    catalog = open_catalog(data)
    facts = catalog.of_kind(None, filters) if filters.active else catalog.all_records()
    return ExportRows(title=catalog.title, facts=facts, sources=catalog.documents)
