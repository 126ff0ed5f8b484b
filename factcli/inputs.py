"""Reading a file factcli is given, in bounded time and memory: the one reader of every
dataset, source, document and sidecar.

A file is opened without waiting (``O_NONBLOCK``: a FIFO never blocks the open) and
checked on what was opened (``fstat``), before a byte is read:

- only a regular file is read: a device (``/dev/zero``), a FIFO, a socket or a folder is
  refused, whatever link led to it;
- a file read whole holds at most `MAX_INPUT_BYTES`; one that is larger, or that grows
  past the limit while it is read, is refused;
- a file inside a folder (a dataset's source) is opened beneath that folder: resolved,
  checked to stay inside, then opened without following a link (``O_NOFOLLOW``) and
  compared (device and inode) with what was checked, so a file swapped for a link
  between the check and the read is refused.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

# The one size limit of what factcli reads whole (the largest official documents as plain
# text are a few megabytes; a dataset of tens of thousands of facts fits).
MAX_INPUT_BYTES = 64 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


class InputRefused(OSError):
    """A file factcli will not read; ``strerror`` says why (it is not a regular file, it
    is larger than the limit, it leads outside its folder, it changed while checked)."""

    def __init__(self, reason: str) -> None:
        super().__init__(errno.EINVAL, reason)


class TooLarge(InputRefused):
    """A file larger than the limit (``limit`` bytes)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"is larger than the limit of {megabytes(limit)}")
        self.limit = limit


def megabytes(count: int) -> str:
    """A size limit as people read it: ``64 MiB``."""
    return f"{count // (1024 * 1024)} MiB"


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is (``a FIFO``)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _flags(*, follow: bool) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    return flags if follow else flags | getattr(os, "O_NOFOLLOW", 0)


def _checked(handle: int, limit: int | None) -> os.stat_result:
    """The status of an opened file once it is known to be a regular file within the
    limit; the descriptor is closed when it is not."""
    try:
        found = os.fstat(handle)
        if stat.S_ISDIR(found.st_mode):  # as reading one would say where it fails
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file")
        if not stat.S_ISREG(found.st_mode):
            raise InputRefused(f"is not a regular file: it is {kind_of(found.st_mode)}")
        if limit is not None and found.st_size > limit:
            raise TooLarge(limit)
    except BaseException:
        os.close(handle)
        raise
    return found


class BoundedReader(io.RawIOBase):
    """A regular file's bytes, refused (`TooLarge`) once more than ``limit`` are read."""

    def __init__(self, handle: int, limit: int | None) -> None:
        super().__init__()
        self._file = io.FileIO(handle, "r", closefd=True)
        self._left = limit
        self._limit = limit

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._file.fileno()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._file.readinto(buffer) or 0
        if self._left is not None and self._limit is not None:
            self._left -= count
            if self._left < 0:
                raise TooLarge(self._limit)
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


def open_raw_input(path: Path, *, limit: int | None = MAX_INPUT_BYTES) -> BoundedReader:
    """A regular file opened to read, at most ``limit`` bytes of it (None: no limit, for
    a reader that streams and holds nothing whole). Raises `InputRefused` for anything
    else, or the `OSError` of opening it (`FileNotFoundError` ...)."""
    handle = os.open(path, _flags(follow=True))
    _checked(handle, limit)
    return BoundedReader(handle, limit)


def open_input(path: Path, *, limit: int | None = MAX_INPUT_BYTES) -> io.BufferedReader:
    """`open_raw_input`, buffered."""
    return io.BufferedReader(open_raw_input(path, limit=limit))


def read_input(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (see `open_input`)."""
    with open_input(path, limit=limit) as file:
        return file.read()


def read_beneath(folder: Path, relative: str, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file inside ``folder``, read as what was checked.

    The path is resolved through every link and must end inside the folder; the file it
    ends at is then opened without following a link and must be the same file (device
    and inode) that was resolved. Raises `InputRefused` when it is not, or the `OSError`
    of opening it.
    """
    root = folder.resolve()
    try:
        path = (root / relative).resolve(strict=True)
    except ValueError as error:  # a NUL in the name
        raise InputRefused(f"has an unusable name ({error})") from None
    except RuntimeError:  # a loop of links (Python before 3.13)
        raise InputRefused("is a loop of symbolic links") from None
    if not path.is_relative_to(root):
        raise InputRefused("leads outside the dataset's folder (through a symbolic link)")
    resolved = path.lstat()
    try:
        handle = _open_beneath(root, path.relative_to(root).parts)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):  # a link put in since it was resolved
            raise InputRefused("was replaced by a symbolic link while it was read") from None
        raise
    found = _checked(handle, limit)
    if (found.st_dev, found.st_ino) != (resolved.st_dev, resolved.st_ino):
        os.close(handle)
        raise InputRefused("was replaced by another file while it was read")
    with io.BufferedReader(BoundedReader(handle, limit)) as file:
        return file.read()


def _open_beneath(root: Path, parts: tuple[str, ...]) -> int:
    """Open ``root/parts...`` one name at a time, following no link on the way (every
    name of a resolved path is a real folder or file, so a link found now was put there
    since)."""
    if os.open not in os.supports_dir_fd or not parts:
        return os.open(root.joinpath(*parts), _flags(follow=False))
    folder_flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    folder = os.open(root, folder_flags)
    try:
        for name in parts[:-1]:
            inner = os.open(name, folder_flags | getattr(os, "O_NOFOLLOW", 0), dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], _flags(follow=False), dir_fd=folder)
    finally:
        os.close(folder)
