"""The whole dataset (or the part the filters keep) in one format, for ``factcli export``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcli.filters import NO_FILTERS, Filters
from factcli.render import Chunks, OutputFormat, Terminal

if TYPE_CHECKING:
    from factcli.data.dataset import LoadedDataset


def export_dataset(data: Path | None, format_name: str, filters: Filters = NO_FILTERS) -> Chunks:
    """Render a dataset: json in the dataset file's own shape, else one row per fact,
    streamed from the index as it is read.

    json is built from the validated dataset itself (read once, never from the index), so
    it round-trips through the models.
    """
    from factcli.catalog import Catalog, MemoryCatalog
    from factcli.data.dataset import load_dataset
    from factcli.index import open_catalog

    loaded = load_dataset(data) if format_name == "json" else None
    catalog: Catalog = MemoryCatalog.from_loaded(loaded) if loaded else open_catalog(data)
    records = catalog.of_kind(None, filters) if filters.active else catalog.all_records()
    if loaded is not None:
        return iter([_dataset_json(loaded, {record.id for record in records})])
    renderer = OutputFormat(format_name).renderer()
    return renderer.render_facts(catalog.listing(records), Terminal())


def _dataset_json(loaded: LoadedDataset, kept: set[str]) -> str:
    """The dataset file's shape holding the kept facts, still valid on its own.

    Links to facts that were filtered out are dropped from ``related``, and sources
    no kept fact cites are left out.
    """
    raw: dict[str, Any] = loaded.dataset.model_dump(mode="json", exclude_none=True)
    facts = [fact for fact in raw["facts"] if fact["id"] in kept]
    for fact in facts:
        fact["related"] = [other for other in fact.get("related", []) if other in kept]
    cited = {fact["source"]["id"] for fact in facts}
    raw["facts"] = facts
    raw["sources"] = [source for source in raw["sources"] if source["id"] in cited]
    return json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
