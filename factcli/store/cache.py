"""What a store must match to serve a dataset, where in a cache folder it lives; listing and
clearing a cache folder (which folder is the caller's choice: the CLI's settings say).

An index is keyed to the sha256 of the dataset's bytes (hashed as the build reads them)
and to factcli's version, never to a file's size and time alone. Hashing a large file on
every call would cost more than the query, so the index also records the file's status
(device, inode, size, modification and change times) when that status is trustworthy,
as git does: the change time cannot be set back by tools such as ``touch -r``, and a
status taken more than `RACY_NS` before the build began cannot match a later edit, even
on a filesystem with coarse times. When the status differs, the file is hashed again.

The cache folder is private (0700) and a store owned by another user is never read.
This module imports neither pydantic nor rich: ``factcli cache info`` and ``cache clear``
stay quick.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import zlib
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from factcli.version import __version__

# Raised whenever the tables or what is stored in them change (16: one engine; words cut by
# SQLite's tokenizer, ask's words kept apart from the store; 17: a fact's measure;
# 18: series, a fact's unit, number and subject, and the words of its measure and subject;
# 19: a change is in its value's unit, signed).
INDEX_FORMAT = 19
# A file status this close to a build's start may not tell a later edit apart (coarse
# file times): the file is then hashed on every call until its status is older.
RACY_NS = 3_000_000_000
_HASH_CHUNK = 1 << 20


def store_path(folder: Path, dataset: Path) -> Path:
    """Where the store of a dataset file lives in a cache folder: one file per dataset path.

    The name only spreads datasets over files (crc32 is cheap to import); the key inside
    the store says which dataset it really holds.
    """
    resolved = str(dataset.resolve()).encode("utf-8")
    return folder / f"{zlib.crc32(resolved):08x}-{len(resolved)}.sqlite"


def dataset_key(dataset: Path, sha256: str | None = None) -> str:
    """What an index must match to serve a dataset: its file's content, and this factcli."""
    return json.dumps(
        {
            "path": str(dataset.resolve()),
            "sha256": sha256 if sha256 is not None else file_sha256(dataset),
            "format": INDEX_FORMAT,
            "factcli": __version__,
        },
        sort_keys=True,
    )


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks."""
    import hashlib

    from factcli.inputs import open_input

    digest = hashlib.sha256()
    with open_input(path, limit=None) as file:
        while chunk := file.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_status(path: Path) -> str:
    """A file's status as an index records it: device, inode, size, mtime and ctime."""
    found = path.stat()
    return json.dumps(
        [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]
    )


def trusted_status(before: str, after: str, since_ns: int) -> str:
    """The status to record for a file read between ``before`` and ``after``: the status,
    if it did not change and is older than `RACY_NS` before the reading began; else ""."""
    if before != after or json.loads(before)[4] >= since_ns - RACY_NS:
        return ""
    return before


def private_cache_dir(folder: Path) -> Path:
    """The cache folder, made if missing, private (0700) and owned by this user.

    Raises OSError when it cannot be: factcli then works from memory.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    found = folder.lstat()
    if not stat.S_ISDIR(found.st_mode) or not owned(found):
        raise OSError(f"{folder} is not a folder of this user")
    if found.st_mode & 0o077:
        folder.chmod(0o700)
    return folder


def owned(found: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or found.st_uid == os.getuid()


def record_status(index: Path, status: str) -> None:
    with closing(sqlite3.connect(index)) as db:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('status', ?)", (status,))
        db.commit()


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files of builds whose process is gone (killed mid-build)."""
    for path in _temporaries(folder):
        pid = path.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _alive(int(pid)):
            with suppress(OSError):
                path.unlink()


def _temporaries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.glob(".*.tmp"))
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive, not ours to judge
    return True


def read_only_uri(path: Path) -> str:
    """A SQLite URI opening ``path`` read-only; ``%``, ``?`` and ``#`` in it are escaped,
    else SQLite would read them as an escape, the query or the fragment."""
    quoted = str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode=ro"


@dataclass(frozen=True)
class CacheEntry:
    """One store in the cache folder (or a build's leftover temporary file)."""

    path: Path
    size: int
    dataset: str | None
    fresh: bool
    leftover: bool = False


def _cache_files(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """The cache folder's stores and temporary files, with their status (not following
    links): dangling links and folders named like a store do not stop a listing."""
    found = []
    try:
        paths = sorted([*folder.glob("*.sqlite"), *folder.glob(".*.tmp")])
    except OSError:
        return []
    for path in paths:
        with suppress(OSError):
            found.append((path, path.lstat()))
    return found


def cache_entries(folder: Path) -> list[CacheEntry]:
    """The index files in the cache folder, with the dataset each was built from, then
    the temporary files of builds that were killed (the next build removes them)."""
    entries = []
    for path, found in _cache_files(folder):
        if not stat.S_ISREG(found.st_mode) or not owned(found):
            continue
        if path.name.endswith(".tmp"):
            entries.append(CacheEntry(path, found.st_size, None, False, leftover=True))
            continue
        dataset, fresh = None, False
        with suppress(sqlite3.Error, OSError, KeyError, ValueError, TypeError):
            with closing(sqlite3.connect(read_only_uri(path), uri=True)) as db:
                key = dict(db.execute("SELECT key, value FROM meta").fetchall())["key"]
            # Tables derived from a store (ask's: `factcli.ask.tables`) carry its key.
            key = json.loads(key).get("store", key)
            dataset = json.loads(key)["path"]
            fresh = Path(dataset).is_file() and dataset_key(Path(dataset)) == key
        entries.append(CacheEntry(path, found.st_size, dataset, fresh))
    return sorted(entries, key=lambda entry: entry.leftover)


def clear_cache(folder: Path) -> tuple[int, int]:
    """Delete every index and leftover temporary file (a link: the link, not what it
    points to; folders are left alone); return how many and their bytes."""
    removed = freed = 0
    for path, found in _cache_files(folder):
        if stat.S_ISDIR(found.st_mode):
            continue
        with suppress(FileNotFoundError):
            path.unlink()
            removed, freed = (
                removed + 1,
                freed + (found.st_size if stat.S_ISREG(found.st_mode) else 0),
            )
    return removed, freed
