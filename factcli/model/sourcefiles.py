"""Reading a dataset's source file safely: inside its folder, a regular file, under a cap.

Kept apart from `provenance` (which needs the models) so that ask, served from an index,
reads documents for context without importing pydantic.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeSource(Exception):
    """A source file factcli will not read; the message says why."""


def read_source_file(folder: Path, relative: str, limit: int) -> bytes:
    """The bytes of a source file inside ``folder``, at most ``limit`` of them, read safely:
    inside the folder once links are resolved, a regular file (a FIFO never blocks)."""
    root = folder.resolve()
    try:
        path = (root / relative).resolve(strict=True)
    except ValueError as error:  # a NUL in the name
        raise UnsafeSource(f"has an unusable name ({error})") from None
    except RuntimeError:  # a loop of links (Python before 3.13)
        raise UnsafeSource("is a loop of symbolic links") from None
    if not path.is_relative_to(root):
        raise UnsafeSource("leads outside the dataset's folder (through a symbolic link)")
    # Opened without waiting (a FIFO would block), then checked on what was opened.
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        found = os.fstat(file.fileno())
        if not stat.S_ISREG(found.st_mode):
            raise UnsafeSource("is not a regular file")
        if found.st_size > limit:
            raise UnsafeSource(f"is larger than the limit of {_megabytes(limit)}")
        raw = file.read(limit + 1)
    if len(raw) > limit:  # it grew while being read
        raise UnsafeSource(f"is larger than the limit of {_megabytes(limit)}")
    return raw


def _megabytes(count: int) -> str:
    return f"{count // (1024 * 1024)} MiB"
