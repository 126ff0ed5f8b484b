"""``factcli export``: the dataset, or the part the filters keep, in another shape.

- `dataset_json`: the dataset file's own shape, streamed from the store;
- `sqlite` and `datapackage`: files of their own kind, a SQLite database and a
  Frictionless data package, both of the flat fact rows (`records.flat_row`);
- `shapes`: the CSV and JSON writers every output shares.

Both file exports write a fact's lists (`records.LIST_COLUMNS`: tags, related) as JSON
arrays, as sqlite-utils and datasette expect of a column of many values, and its dates as
ISO 8601 text (`export_row`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcli.model.records import LIST_COLUMNS, flat_row
from factcli.store.filters import NO_FILTERS, Filters

if TYPE_CHECKING:
    from factcli.library import Dataset
    from factcli.model.records import FactRecord, SourceInfo

# A whole day, YYYY-MM-DD: what a column typed as a date holds (a fact's `when` or a
# document's `published` may be a year, a month, a range or a fiscal year instead).
_WHOLE_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ExportRows:
    """What an export holds: the facts kept, the documents they cite, the dataset's title."""

    title: str
    facts: Iterable[FactRecord]
    sources: Sequence[SourceInfo]


def export_rows(dataset: Dataset, filters: Filters = NO_FILTERS) -> ExportRows:
    """The facts the filters keep (all when none is set), and every document of the dataset."""
    facts = dataset.facts(None, filters) if filters.active else dataset.store.all_records()
    return ExportRows(title=dataset.title, facts=facts, sources=dataset.documents())


def export_row(record: FactRecord) -> dict[str, str]:
    """A fact as a row of the file exports: the flat columns, each list a JSON array
    (``["ACF", "grants"]``, ``[]`` when empty)."""
    row = flat_row(record)
    for column in LIST_COLUMNS:
        row[column] = json.dumps(list(getattr(record, column)), ensure_ascii=False)
    return row


def whole_days(values: Iterable[str | None]) -> bool:
    """Whether every date stated among ``values`` is a whole day (YYYY-MM-DD), so that
    its column may be typed as a date."""
    return all(_WHOLE_DAY.fullmatch(value) for value in values if value)
