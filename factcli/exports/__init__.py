"""``factcli export``: the dataset, or the part the filters keep, in another shape.

- `dataset_json`: the dataset file's own shape, streamed from the store;
- `sqlite` and `datapackage`: files of their own kind, a SQLite database and a
  Frictionless data package, both of the flat fact rows (`records.flat_row`);
- `shapes`: the CSV and JSON writers every output shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcli.store.filters import NO_FILTERS, Filters

if TYPE_CHECKING:
    from factcli.library import Dataset
    from factcli.model.records import FactRecord, SourceInfo


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
