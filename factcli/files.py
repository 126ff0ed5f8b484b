"""Writing output files so that a reader never sees a half-written one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from factcli.errors import FactcliError


def write_atomically(path: Path, text: str) -> None:
    """Write text to a temporary file beside ``path``, then rename it into place.

    If anything fails, ``path`` keeps its old content (or stays absent) and no
    temporary file is left behind.
    """
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FactcliError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FactcliError(f"cannot write {path}: {error.strerror or error}") from None
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
