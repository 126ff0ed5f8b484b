"""Saving a dataset file: the models written back in the file's own layout, atomically.

The layout is that of ``data/facts.json``: 2-space indent, one trailing newline, and only
the fields the file (or the code that built a model) set, so loading and saving an
unchanged dataset gives back the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from factcli.atomic import PendingWrite, prepare_write, write_atomically
from factcli.errors import FactcliError, NoDatasetToChange
from factcli.model.dataset import LoadedDataset, load_dataset
from factcli.model.schema import Dataset


def dataset_json(dataset: Dataset, *, ensure_ascii: bool = False) -> str:
    """The dataset file's text: 2-space indented JSON and a trailing newline.

    Fields left unset keep out of the file (a fact with no ``qualifier`` stays without one).
    Non-ASCII characters are written as they are unless ``ensure_ascii`` asks for ``\\u`` escapes.
    """
    raw = dataset.model_dump(mode="json", exclude_unset=True)
    return json.dumps(raw, indent=2, ensure_ascii=ensure_ascii) + "\n"


def uses_ascii_escapes(text: str) -> bool:
    """Whether a dataset file's text writes non-ASCII characters as ``\\u`` escapes."""
    return text.isascii() and "\\u" in text


def save_dataset(path: Path, dataset: Dataset) -> None:
    """Replace the dataset file at ``path`` with ``dataset``, atomically.

    A reader sees the old file or the new one, never half of one. The escaping of non-ASCII
    characters follows the file being replaced (escaped if it escapes them, else as is).
    Raises `FactcliError` if the file cannot be written.
    """
    write_atomically(path, dataset_json(dataset, ensure_ascii=_escapes_in(path)))


def _escapes_in(path: Path) -> bool:
    from factcli.inputs import read_input

    try:
        return uses_ascii_escapes(read_input(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def load_dataset_to_change(path: Path) -> LoadedDataset:
    """The dataset a writing command changes, loaded and validated; a clear error when
    there is none yet."""
    if not path.exists():
        raise NoDatasetToChange(path)
    return load_dataset(path)


def save_dataset_with_file(path: Path, dataset: Dataset, file: Path, content: bytes) -> None:
    """Write a new file (a source's text) and the dataset that records it: both or neither
    (``file`` must not exist yet: the caller checked)."""
    save_dataset_with_files(path, dataset, {file: content})


def save_dataset_with_files(
    path: Path, dataset: Dataset, files: Mapping[Path, bytes | None]
) -> None:
    """Write several files (the texts of a batch of sources, a source's new text), remove
    those mapped to None, and write the dataset that records them: all or none.

    Every new content is written beside its place first, by the one writer
    (`factcli.atomic`: the dataset keeps its mode, owner and hard links). Files that are
    there already are moved aside, the new ones put in place, then the dataset; if any
    step fails, what was placed is removed and what was moved aside is put back, so the
    folder is as it was. Only once the dataset is in place are the old files deleted.
    """
    escapes = _escapes_in(path)
    pending: dict[Path, PendingWrite] = {}
    try:
        for target, content in files.items():
            if content is not None:
                pending[target] = prepare_write(target, content)
        data = prepare_write(path, dataset_json(dataset, ensure_ascii=escapes).encode())
    except BaseException:
        for write in pending.values():
            write.discard()
        raise
    aside: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for target in files:
            if target.exists() or target.is_symlink():
                aside[target] = _moved_aside(target)
                if target in pending:
                    pending[target].found = None  # a new file now: renamed into place
        for target, write in pending.items():
            write.commit()
            placed.append(target)
        data.commit()
    except BaseException as error:
        for target in placed:
            target.unlink(missing_ok=True)
        for target, old in aside.items():
            os.replace(old, target)
        for write in (*pending.values(), data):
            write.discard()
        if isinstance(error, OSError):
            raise FactcliError(f"cannot write {path}: {error.strerror or error}") from None
        raise
    for old in aside.values():
        old.unlink(missing_ok=True)


def _moved_aside(path: Path) -> Path:
    """Rename a file to a new name beside it (to put back, or delete once all is written)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(handle)
    try:
        os.replace(path, name)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
