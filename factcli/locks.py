"""One writer of a dataset at a time: a lock held for the whole read, change and write.

Two commands that change one dataset at once (two ``add``, an ``add`` and a ``source
add``) would each read it, each add their change, and the second write would lose the
first's. Every writer of a dataset takes its lock first: a lock file beside it
(``.facts.json.lock``) locked by the operating system (``flock``), so a writer that dies
lets go of it at once. The file is removed when the lock is let go, so no listing shows
it: a writer that opened it meanwhile sees that the name no longer leads to the file it
locked, and locks the new one instead. A second writer waits up to `WAIT_SECONDS`, then
gives up with `DatasetBusy`.

POSIX only (Linux, macOS, the BSDs): where ``fcntl`` is missing (Windows), writers are
not locked, and the README says so.
"""

from __future__ import annotations

import errno
import functools
import inspect
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from factcli.controls import visible
from factcli.errors import FactcliError

# How long a writer waits for another to finish before giving up, and how often it
# tries again meanwhile.
WAIT_SECONDS = 60.0
RETRY_SECONDS = 0.05

P = ParamSpec("P")
R = TypeVar("R")
# The locks this process holds (a writer calling another takes its lock once).
_held: dict[Path, int] = {}


class DatasetBusy(FactcliError):
    """Another process is changing the dataset at ``path``, and did not finish in time."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"another factcli is changing {visible(str(path))}; try again")
        self.path = path


def lock_path(dataset: Path) -> Path:
    """The lock file of a dataset: beside the file its links lead to, so every name of
    one dataset takes the same lock."""
    real = dataset.resolve()
    return real.with_name(f".{real.name}.lock")


@contextmanager
def dataset_lock(dataset: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of ``dataset`` (waiting up to ``wait`` seconds, `WAIT_SECONDS` unless
    given); `DatasetBusy` when another writer holds it longer. A folder that does not
    exist yet is not locked (its writer fails on writing)."""
    where = lock_path(dataset)
    if where in _held or not where.parent.is_dir():
        _held[where] = _held.get(where, 0) + 1
        try:
            yield
        finally:
            _held[where] -= 1
            if not _held[where]:
                del _held[where]
        return
    try:
        handle = _acquire(where, dataset, WAIT_SECONDS if wait is None else wait)
    except OSError as error:
        reason = error.strerror or error
        raise FactcliError(f"cannot lock {visible(str(dataset))}: {reason}") from None
    _held[where] = 1
    try:
        yield
    finally:
        del _held[where]
        _release(where, handle)


def _acquire(where: Path, dataset: Path, wait: float) -> int | None:
    """The open, locked lock file (None where the system has no ``flock``)."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    deadline = time.monotonic() + wait
    while True:
        handle = os.open(where, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise DatasetBusy(dataset) from None
                    time.sleep(RETRY_SECONDS)
            if _same_file(where, handle):
                return handle
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)  # its holder removed it as we waited: lock the file there now


def _same_file(where: Path, handle: int) -> bool:
    try:
        named = os.stat(where)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _release(where: Path, handle: int | None) -> None:
    if handle is None:
        return
    try:
        where.unlink(missing_ok=True)  # while still locked: the next writer sees it go
    except OSError:
        pass  # a folder made read-only meanwhile: the file stays, harmless
    finally:
        os.close(handle)  # closing lets go of the lock


def changes_dataset(argument: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A function that changes the dataset named by its parameter ``argument``, run while
    holding that dataset's lock."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def locked(*args: P.args, **kwargs: P.kwargs) -> R:
            dataset = signature.bind(*args, **kwargs).arguments[argument]
            with dataset_lock(Path(dataset)):
                return function(*args, **kwargs)

        return locked

    return decorate
