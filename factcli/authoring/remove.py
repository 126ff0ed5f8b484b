"""A source taken out of a dataset: ``factcli source remove ID``.

Refused while facts cite the source, unless the user asks for those facts to go too; the
dataset is written first, then the source's text file is deleted, in one write
(`save.save_dataset_with_files`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from factcli.authoring.save import load_dataset_to_change, save_dataset, save_dataset_with_files
from factcli.errors import NotFound, SourceStillCited
from factcli.locks import changes_dataset
from factcli.model.schema import SCHEMA_VERSION, Dataset


@dataclass(frozen=True)
class RemovedSource:
    """What `remove_source` did: the source, the facts removed with it, the file deleted."""

    dataset_path: Path
    source_id: str
    facts: list[str]
    file: str
    file_deleted: bool


@changes_dataset("dataset_path")
def remove_source(
    dataset_path: Path, source_id: str, *, with_facts: bool = False, keep_file: bool = False
) -> RemovedSource:
    """Take a source out of the dataset and delete its text file (unless ``keep_file``).

    Raises `NotFound` for an unknown source, `SourceStillCited` while facts cite it and
    ``with_facts`` is not given; then nothing is written.
    """
    loaded = load_dataset_to_change(dataset_path)
    dataset = loaded.dataset
    source = next((s for s in dataset.sources if s.id == source_id), None)
    if source is None:
        known = ", ".join(s.id for s in dataset.sources) or "none"
        raise NotFound(f"the dataset has no source {source_id!r} (sources: {known})")
    citing = [fact.id for fact in dataset.facts if fact.source.id == source_id]
    if citing and not with_facts:
        raise SourceStillCited(source_id, citing)
    kept = without_facts(dataset, set(citing)).model_copy(
        update={
            "schema_version": SCHEMA_VERSION,
            "sources": [s for s in dataset.sources if s.id != source_id],
        }
    )
    text_path = loaded.folder / source.file
    # A text file another source also names, or that leads outside the folder, stays.
    shared = any(s.file == source.file for s in kept.sources)
    inside = _inside(text_path, loaded.folder)
    delete = not keep_file and not shared and inside and text_path.is_file()
    if delete:
        save_dataset_with_files(loaded.path, kept, {text_path: None})
    else:
        save_dataset(loaded.path, kept)
    return RemovedSource(loaded.path, source_id, citing, source.file, delete)


def without_facts(dataset: Dataset, removed: Collection[str]) -> Dataset:
    """The dataset without the facts ``removed``, and without links to them in ``related``
    (a link must resolve)."""
    if not removed:
        return dataset
    facts = [
        fact.model_copy(update={"related": [r for r in fact.related if r not in removed]})
        if any(r in removed for r in fact.related)
        else fact
        for fact in dataset.facts
        if fact.id not in removed
    ]
    return dataset.model_copy(update={"facts": facts})


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve()) and not path.is_symlink()
    except (OSError, RuntimeError):
        return False
