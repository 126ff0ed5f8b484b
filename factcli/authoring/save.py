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

from factcli.atomic import write_atomically
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
    try:
        return uses_ascii_escapes(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def load_dataset_to_change(path: Path) -> LoadedDataset:
    """The dataset a writing command changes, loaded and validated; a clear error when
    there is none yet."""
    if not path.exists():
        raise NoDatasetToChange(path)
    return load_dataset(path)


def save_dataset_with_file(path: Path, dataset: Dataset, file: Path, content: bytes) -> None:
    """Write a new file (a source's text) and the dataset that records it: both or neither.

    Both are written to temporary files first; then the new file is renamed into place and
    then the dataset. If the dataset's rename fails, the new file is removed again, so the
    folder is as it was. ``file`` must not exist yet (the caller checked).
    """
    escapes = _escapes_in(path)
    file_temp = _temporary_with(file, content)
    try:
        data_temp = _temporary_with(path, dataset_json(dataset, ensure_ascii=escapes).encode())
    except BaseException:
        file_temp.unlink(missing_ok=True)
        raise
    placed = False
    try:
        os.replace(file_temp, file)
        placed = True
        os.replace(data_temp, path)
    except BaseException as error:
        if placed:
            file.unlink(missing_ok=True)
        file_temp.unlink(missing_ok=True)
        data_temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FactcliError(f"cannot write {path}: {error.strerror or error}") from None
        raise


def _temporary_with(path: Path, content: bytes) -> Path:
    """A temporary file beside ``path`` holding ``content``, flushed to disk."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise FactcliError(f"cannot write {path}: {error.strerror or error}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FactcliError(f"cannot write {path}: {error.strerror or error}") from None
        raise
    return temporary


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def save_dataset_with_files(
    path: Path, dataset: Dataset, files: Mapping[Path, bytes | None]
) -> None:
    """Write several files (the texts of a batch of sources, a source's new text), remove
    those mapped to None, and write the dataset that records them: all or none.

    Every new content is written to a temporary file first. Files that are there already
    are moved aside, the new ones renamed into place, then the dataset; if any step fails,
    what was placed is removed and what was moved aside is put back, so the folder is as
    it was. Only once the dataset is in place are the old files deleted.
    """
    escapes = _escapes_in(path)
    temporaries: dict[Path, Path] = {}
    try:
        for target, content in files.items():
            if content is not None:
                temporaries[target] = _temporary_with(target, content)
        data_temp = _temporary_with(path, dataset_json(dataset, ensure_ascii=escapes).encode())
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    aside: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for target in files:
            if target.exists() or target.is_symlink():
                aside[target] = _moved_aside(target)
        for target, temporary in temporaries.items():
            os.replace(temporary, target)
            placed.append(target)
        os.replace(data_temp, path)
    except BaseException as error:
        for target in placed:
            target.unlink(missing_ok=True)
        for target, old in aside.items():
            os.replace(old, target)
        for temporary in (*temporaries.values(), data_temp):
            temporary.unlink(missing_ok=True)
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
