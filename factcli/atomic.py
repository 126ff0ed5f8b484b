"""Writing output files so that a reader never sees a half-written one, into what is there.

``-o FILE`` writes into whatever ``FILE`` is, as a shell's ``>`` would, without replacing
it by something else:

- missing, or a regular file: written beside it and renamed into place (atomic), keeping
  the file's permissions (a 0600 file stays 0600) and, where allowed, its owner;
- a regular file with other hard links: written in place, so every link sees the text;
- a symbolic link: what it points to is written, as above; the link stays a link;
- a character device (``/dev/null``, a terminal) or a FIFO: written through;
- a folder, a socket or a block device: refused with a clear error.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from factcli.controls import visible
from factcli.errors import FactcliError


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write text (or text chunks, written as they come) to ``path`` as the module says:
    atomically where ``path`` is (or will be) a regular file of its own, through it where
    it is a device or a FIFO.

    If an atomic write fails, ``path`` keeps its old content (or stays absent) and no
    temporary file is left behind.
    """
    try:
        target = _final_target(path)
        found = _status(target)
    except (OSError, ValueError) as error:
        raise _cannot_write(path, error) from None
    if found is None:
        _replace(target, text, None)
    elif stat.S_ISREG(found.st_mode):
        if found.st_nlink > 1:
            _write_through(target, text, truncate=True)
        else:
            _replace(target, text, found)
    elif stat.S_ISCHR(found.st_mode) or stat.S_ISFIFO(found.st_mode):
        _write_through(target, text, truncate=False)
    else:
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "not a file, a FIFO or a device"
        raise FactcliError(f"cannot write {visible(str(path))}: it is {kind}")


def _final_target(path: Path) -> Path:
    """Where a path's symbolic links lead (the path itself when it is no link)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _replace(path: Path, text: str | Iterable[str], old: os.stat_result | None) -> None:
    """Write beside ``path`` and rename into place, with the old file's mode and owner."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            _put(out, text)
            out.flush()
            os.fsync(out.fileno())
        if old is None:
            os.chmod(temporary, 0o666 & ~_umask())
        else:
            os.chmod(temporary, stat.S_IMODE(old.st_mode))
            if hasattr(os, "chown"):
                try:
                    os.chown(temporary, old.st_uid, old.st_gid)
                except PermissionError:
                    pass  # only root may give a file away: it stays this user's
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise


def _write_through(path: Path, text: str | Iterable[str], *, truncate: bool) -> None:
    """Write into the file that is there (a device, a FIFO, a hard-linked file)."""
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else 0)
    try:
        handle = os.open(path, flags)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            _put(out, text)
    except OSError as error:
        raise _cannot_write(path, error) from None


def _put(out: TextIO, text: str | Iterable[str]) -> None:
    if isinstance(text, str):
        out.write(text)
    else:
        out.writelines(text)


def _cannot_write(path: Path, error: Exception) -> FactcliError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else error
    return FactcliError(f"cannot write {visible(str(path))}: {reason}")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
