"""Saving a dataset file: the models written back in the file's own layout, atomically.

The layout is that of ``data/facts.json``: 2-space indent, one trailing newline, and only
the fields the file (or the code that built a model) set, so loading and saving an
unchanged dataset gives back the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from factcli.files import write_atomically
from factcli.models import Dataset


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
