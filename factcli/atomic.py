"""The one writer of every file factcli writes (``export -o``, a dataset, a source's text):
a reader never sees a half-written file, and what is there stays what it is.

A write goes into whatever the path is, as a shell's ``>`` would, without replacing it by
something else:

- missing, or a regular file of its own: written to a temporary file beside it, flushed
  to disk, and renamed into place (atomic), with the file's permissions (a 0600 file
  stays 0600; a new file gets the umask's) and, where allowed, its owner;
- a regular file with other hard links, or one owned by another user that cannot be
  given back to them: the temporary file is written whole first, then copied into the
  file itself, so every link sees the text and the owner stays;
- a file this user may not write (read-only, another's): refused, "Permission denied",
  as a shell's ``>`` is;
- a symbolic link: what it points to is written, as above; the link stays a link;
- a character device (``/dev/null``, a terminal) or a FIFO: written through;
- a folder, a socket or a block device: refused with a clear error.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from factcli.controls import visible
from factcli.errors import FactcliError

Content = str | bytes | Iterable[str] | Iterable[bytes]
_CHUNK = 1024 * 1024
T = TypeVar("T")


class PendingWrite:
    """A file's new content written beside it, not yet in place: `commit` puts it there
    (by the module's rules), `discard` removes it."""

    def __init__(self, path: Path, content: Content) -> None:
        self.path = path
        try:
            self.target = _final_target(path)
            self.found = _status(self.target)
        except (OSError, ValueError) as error:
            raise _cannot_write(path, error) from None
        _check_target(path, self.target, self.found)
        self.through = self.found is not None and not stat.S_ISREG(self.found.st_mode)
        self.temporary: Path | None = None
        if self.through:
            self.content = content  # a device or a FIFO takes it as it comes
            return
        self.temporary = _temporary(self.target, content)

    @property
    def in_place(self) -> bool:
        """Whether the file is written into (it has other links, or an owner this user
        cannot give a new file to), rather than replaced."""
        found = self.found
        if found is None or not stat.S_ISREG(found.st_mode):
            return False
        foreign = hasattr(os, "geteuid") and found.st_uid != os.geteuid() and os.geteuid() != 0
        return found.st_nlink > 1 or foreign

    def commit(self) -> None:
        """Put the new content in place; on failure, the file keeps its old content (or
        stays absent) and no temporary file is left."""
        try:
            if self.through:
                with _opened(self.target, truncate=False) as out:
                    _put(out, self.content)
            elif self.in_place:
                assert self.temporary is not None
                with self.temporary.open("rb") as new, _opened(self.target, truncate=True) as out:
                    shutil.copyfileobj(new, out, _CHUNK)
                    out.flush()
                    os.fsync(out.fileno())
                self.discard()
            else:
                assert self.temporary is not None
                _keep_mode_and_owner(self.temporary, self.found)
                os.replace(self.temporary, self.target)
                self.temporary = None
        except OSError as error:
            self.discard()
            raise _cannot_write(self.path, error) from None
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the temporary file, if it is still there."""
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
            self.temporary = None


def prepare_write(path: Path, content: Content) -> PendingWrite:
    """The new content of ``path`` written beside it, for a caller that puts several files
    in place together (a dataset and its sources: all or none)."""
    return PendingWrite(path, content)


def write_atomically(path: Path, text: Content) -> None:
    """Write text (or text chunks, written as they come, or bytes) to ``path`` as the
    module says. If it fails, ``path`` keeps its old content (or stays absent) and no
    temporary file is left behind; the error is a `FactcliError`."""
    prepare_write(path, text).commit()


def copy_atomically(path: Path, source: Path) -> None:
    """Write the bytes of the file ``source`` (a database built aside) to ``path``, by the
    same rules as `write_atomically`."""
    write_atomically(path, _chunks(source))


def write_built(path: Path, build: Callable[[Path], T]) -> T:
    """Write to ``path`` a file that ``build`` makes (a SQLite database, given the empty
    file to fill) by the same rules as `write_atomically`: built beside the target, then
    renamed or copied into place, or built aside and streamed into a device or a FIFO."""
    pending = prepare_write(path, b"")
    if pending.temporary is None:
        with tempfile.TemporaryDirectory(prefix="factcli-") as folder:
            built = Path(folder) / "built"
            built.touch(mode=0o600)
            result = build(built)
            pending.content = _chunks(built)
            pending.commit()
            return result
    try:
        result = build(pending.temporary)
    except BaseException:
        pending.discard()
        raise
    pending.commit()
    return result


def _chunks(source: Path) -> Iterator[bytes]:
    with source.open("rb") as file:
        while chunk := file.read(_CHUNK):
            yield chunk


def _final_target(path: Path) -> Path:
    """Where a path's symbolic links lead (the path itself when it is no link)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _check_target(path: Path, target: Path, found: os.stat_result | None) -> None:
    if found is None:
        return
    mode = found.st_mode
    if stat.S_ISREG(mode):
        if not os.access(target, os.W_OK):
            raise _cannot_write(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
        return
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return
    kind = "a folder" if stat.S_ISDIR(mode) else "not a file, a FIFO or a device"
    raise FactcliError(f"cannot write {visible(str(path))}: it is {kind}")


def _temporary(target: Path, content: Content) -> Path:
    """A new file beside ``target`` holding ``content``, flushed to disk."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _cannot_write(target, error) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            _put(out, content)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from None
        raise
    return temporary


def _keep_mode_and_owner(temporary: Path, old: os.stat_result | None) -> None:
    if old is None:
        os.chmod(temporary, 0o666 & ~_umask())
        return
    os.chmod(temporary, stat.S_IMODE(old.st_mode))
    if hasattr(os, "chown"):
        try:
            os.chown(temporary, old.st_uid, old.st_gid)
        except PermissionError:
            pass  # the group of another: only root may give a file away


def _opened(path: Path, *, truncate: bool) -> BinaryIO:
    """The file that is there, opened to write into (a device, a FIFO, a linked file)."""
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else 0) | getattr(os, "O_CLOEXEC", 0)
    return os.fdopen(os.open(path, flags), "wb")


def _put(out: BinaryIO, content: Content) -> None:
    if isinstance(content, bytes):
        out.write(content)
    elif isinstance(content, str):
        out.write(content.encode("utf-8"))
    else:
        for chunk in content:
            out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))


def _cannot_write(path: Path, error: Exception) -> FactcliError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else error
    return FactcliError(f"cannot write {visible(str(path))}: {reason}")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
