"""The index: a SQLite copy of a validated dataset, kept in the user's cache.

The first command that reads a dataset validates it with the models and writes an index
of it (FTS5 for words, plain columns and indexes for kind, dates, amounts, sources and
tags). Later commands read facts from the index without pydantic, so their cost stays
nearly flat as the dataset grows. The index is written to a temporary file and renamed
into place, so a crash or a race never leaves a broken one.

- `cache`: where indexes live, what key an index must match, listing and clearing them;
- `schema`: the tables, and how a fact is stored in a row;
- `build`: writing an index from a dataset;
- `read`: `IndexedCatalog`, the catalog served from an index, and ask's corpus over it;
- `words`: cutting facts into the words search and ask match (in worker processes).

`open_catalog` is the one way in: it serves the index when it is fresh, builds it when it
is not, and falls back to the validated dataset in memory when no index can be used.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factcli.catalog import Catalog
    from factcli.progress import Progress


def open_catalog(data: Path | None = None, progress: Progress | None = None) -> Catalog:
    """The dataset's catalog: from the index when it is fresh, else validated anew.

    A dataset is only ever indexed after it passed the models; when the cache is off or
    cannot be written, the freshly validated dataset is used from memory: working from
    memory is never an error.
    """
    from factcli.catalog import MemoryCatalog
    from factcli.data.dataset import load_dataset, locate_dataset
    from factcli.index.cache import cache_enabled, file_status, index_path, read_first, read_mark
    from factcli.index.read import IndexedCatalog

    dataset = locate_dataset(data)

    def from_memory() -> Catalog:
        return MemoryCatalog.from_loaded(load_dataset(dataset))

    try:
        usable = cache_enabled() and dataset.is_file()
        target = index_path(dataset)
        status = file_status(dataset) if usable else ""
    except (OSError, ValueError):  # a name too long, a NUL: the loader says what is wrong
        usable = False
    if not usable:
        return from_memory()  # a missing or odd path is reported by the loader
    if fresh := IndexedCatalog.open(target, dataset, status):
        return fresh
    if read_first(dataset, target):
        return from_memory()
    from factcli.index.build import build_index  # only to build: reading needs none of it

    try:
        build_index(dataset, target, lambda: load_dataset(dataset), progress)
    except (OSError, sqlite3.Error):
        return from_memory()
    with suppress(OSError):
        read_mark(target).unlink()
    return IndexedCatalog.open(target, dataset, file_status(dataset)) or from_memory()
