"""Reading a dataset's source file safely: inside its folder, a regular file, under a cap.

Kept apart from `provenance` (which needs the models) so that ask, served from an index,
reads documents for context without importing pydantic.
"""

from __future__ import annotations

from pathlib import Path

from factcli.inputs import InputRefused, read_beneath


class UnsafeSource(Exception):
    """A source file factcli will not read; the message says why."""


def read_source_file(folder: Path, relative: str, limit: int) -> bytes:
    """The bytes of a source file inside ``folder``, at most ``limit`` of them, read as
    `factcli.inputs.read_beneath` reads: inside the folder once links are resolved, a
    regular file (a FIFO never blocks), the very file that was checked."""
    try:
        return read_beneath(folder, relative, limit=limit)
    except InputRefused as error:
        raise UnsafeSource(error.strerror) from None
