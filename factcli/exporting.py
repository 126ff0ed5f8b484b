"""The whole dataset in one format, for ``factcli export``."""

from __future__ import annotations

import json
from pathlib import Path

from factcli.render import OutputFormat, Terminal


def export_dataset(data: Path | None, format_name: str) -> str:
    """Render a dataset whole: json in the dataset file's own shape, else one row per fact."""
    if format_name == "json":
        from factcli.dataset import load_dataset

        dataset = load_dataset(data).dataset
        raw = dataset.model_dump(mode="json", exclude_none=True)
        return json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
    from factcli.catalog import load_catalog

    catalog = load_catalog(data)
    renderer = OutputFormat(format_name).renderer()
    return renderer.render_facts(catalog.listing(catalog.records), Terminal())
