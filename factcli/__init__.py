"""factcli: answers questions with sourced facts from documents.

The library (see `factcli.library`), loaded on first use so that ``import factcli``
stays cheap::

    with factcli.open_dataset("facts.json") as dataset:
        result = dataset.ask("How much did ACF award in October 2022?")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcli.version import __version__

if TYPE_CHECKING:
    from factcli.errors import DatasetError, FactcliError, NotFound
    from factcli.library import (
        AskResult,
        Dataset,
        extract_document,
        extract_text,
        open_dataset,
        read_document,
        source_document,
        write_shard,
    )
    from factcli.model.dataset import bundled_dataset_path
    from factcli.model.records import FactRecord, SourceInfo
    from factcli.model.series import SeriesPoint
    from factcli.store.filters import Filters, read_filters

# Each public name and the module that defines it.
_PUBLIC = {
    "open_dataset": "factcli.library",
    "extract_text": "factcli.library",
    "read_document": "factcli.library",
    "source_document": "factcli.library",
    "extract_document": "factcli.library",
    "write_shard": "factcli.library",
    "Dataset": "factcli.library",
    "AskResult": "factcli.library",
    "bundled_dataset_path": "factcli.model.dataset",
    "FactRecord": "factcli.model.records",
    "SourceInfo": "factcli.model.records",
    "SeriesPoint": "factcli.model.series",
    "Filters": "factcli.store.filters",
    "read_filters": "factcli.store.filters",
    "FactcliError": "factcli.errors",
    "DatasetError": "factcli.errors",
    "NotFound": "factcli.errors",
}

__all__ = [
    "AskResult",
    "Dataset",
    "DatasetError",
    "FactRecord",
    "FactcliError",
    "Filters",
    "NotFound",
    "SeriesPoint",
    "SourceInfo",
    "__version__",
    "bundled_dataset_path",
    "extract_document",
    "extract_text",
    "open_dataset",
    "read_document",
    "read_filters",
    "source_document",
    "write_shard",
]
assert set(__all__) == {"__version__", *_PUBLIC}


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'factcli' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_PUBLIC[name]), name)
