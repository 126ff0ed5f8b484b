"""A new, empty dataset: a folder with ``facts.json`` (no sources, no facts) and ``sources/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factcli.authoring.save import save_dataset
from factcli.errors import DatasetExists, FactcliError, UsageProblem
from factcli.locks import dataset_lock, lock_path
from factcli.model.schema import SCHEMA_VERSION, Dataset

SOURCES_FOLDER = "sources"
# The dataset file `init` makes in its folder.
DATASET_NAME = "facts.json"


@dataclass(frozen=True)
class NewDataset:
    """What `init_dataset` made: the dataset file and the folder for source texts."""

    path: Path
    sources: Path


def init_dataset(folder: Path, title: str | None = None) -> NewDataset:
    """Make ``folder`` (and its parents, if missing) a dataset: ``facts.json`` and ``sources/``.

    A folder that already holds a ``facts.json`` is refused, whatever that file holds; on
    any failure, the folders this call created are removed again.
    """
    path = folder / DATASET_NAME
    if folder.exists() and not folder.is_dir():
        raise UsageProblem(f"{folder} is a file, not a folder")
    if path.exists() or path.is_symlink():
        raise DatasetExists(folder, path)
    if title is not None and not title.strip():
        raise UsageProblem("the title is empty")
    # Only the fields given are set, so a dataset without a title has no "title": null.
    fields: dict[str, object] = {"schema_version": SCHEMA_VERSION, "sources": [], "facts": []}
    if title is not None:
        fields["title"] = title.strip()
    dataset = Dataset.model_validate(fields)
    sources = folder / SOURCES_FOLDER
    created = _make_folders(sources)
    try:
        with dataset_lock(path):  # another init may have written one since
            if path.exists() or path.is_symlink():
                raise UsageProblem(f"{folder} already holds a dataset ({path}); nothing changed")
            save_dataset(path, dataset)
    except BaseException:
        if created:
            lock_path(path).unlink(missing_ok=True)
        for made in reversed(created):
            made.rmdir()
        raise
    return NewDataset(path=path, sources=sources)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        for made in reversed(missing):
            if made.is_dir():
                made.rmdir()
        raise FactcliError(f"cannot create {folder}: {error.strerror or error}") from None
    return missing
