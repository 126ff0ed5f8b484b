"""The store: a dataset's facts in SQLite, kept in the user's cache or built in memory.

The first command that reads a dataset validates it with the models and writes a store of
it (FTS5 for words, plain columns and indexes for kind, dates, amounts, sources and tags).
Later commands read facts from the store without pydantic, so their cost stays nearly
flat as the dataset grows. A store is written to a temporary file and renamed into place,
so a crash or a race never leaves a broken one.

- `cache`: where stores live, what key a store must match, listing and clearing them;
- `schema`: the tables, and how a fact is stored in a row;
- `build`: writing a store from a dataset;
- `store`: `Store`, the facts read from SQLite; `filters` and `search`, their SQL.

`open_store` is the one way in.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factcli.store.build import Progress
    from factcli.store.store import Store


def open_store(dataset: Path, *, cache: Path | None, progress: Progress | None = None) -> Store:
    """The store of a dataset file: from ``cache`` (a folder) when one holds it fresh,
    built there when not; in memory when ``cache`` is None or cannot be written.

    A dataset is only ever stored after it passed the models: a broken one raises the
    loader's `DatasetError`.
    """
    from factcli.model.dataset import load_dataset
    from factcli.store.cache import file_status, store_path
    from factcli.store.store import Store

    def in_memory() -> Store:
        from factcli.store.build import build_in_memory

        loaded = load_dataset(dataset)
        return Store.in_memory(build_in_memory(loaded), loaded.path)

    try:
        usable = cache is not None and dataset.is_file()
        target = store_path(cache, dataset) if cache is not None else None
        status = file_status(dataset) if usable else ""
    except (OSError, ValueError):  # a name too long, a NUL: the loader says what is wrong
        usable = False
    if not usable or target is None:
        return in_memory()  # a missing or odd path is reported by the loader
    if fresh := Store.open(target, dataset, status):
        return fresh
    from factcli.store.build import build_store  # only to build: reading needs none of it

    try:
        build_store(dataset, target, lambda: load_dataset(dataset), progress)
    except (OSError, sqlite3.Error):
        return in_memory()
    return Store.open(target, dataset, file_status(dataset)) or in_memory()
