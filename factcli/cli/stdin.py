"""Standard input, where a command reads a file or a question: the argument ``-``.

Standard input is read here alone, bounded as a file is: a command never holds more of it
than a source file may be. `read_input` reads a file a user names, or standard input for
``-``, bounded alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

from factcli import inputs
from factcli.errors import UsageProblem
from factcli.inputs import MAX_INPUT_BYTES

# The argument that names standard input.
STDIN = "-"
# What a text read from standard input is called where a file's name would be said, and
# the name its id is made from ("stdin").
STDIN_NAME = "<stdin>"
# As much as any file factcli reads whole (`factcli.inputs`, the one bounded reader).
MAX_STDIN_BYTES = MAX_INPUT_BYTES


def read_stdin() -> bytes:
    """All of standard input, at most `MAX_STDIN_BYTES` (more is a usage error)."""
    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        raise UsageProblem(
            f"standard input is larger than the limit of {MAX_STDIN_BYTES // 2**20} MiB"
        )
    return data


def read_stdin_text() -> str:
    """Standard input as UTF-8 text (bounded as `read_stdin`)."""
    try:
        return read_stdin().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageProblem("standard input is not UTF-8 text") from None


def read_input(name: Path) -> bytes:
    """The bytes of a file a user names (standard input for ``-``), at most
    `MAX_STDIN_BYTES` of them."""
    if str(name) == STDIN:
        return read_stdin()
    try:  # a regular file only (never a FIFO or a device), bounded: factcli.inputs
        return inputs.read_input(name, limit=MAX_STDIN_BYTES)
    except OSError as error:
        raise UsageProblem(f"cannot read {name}: {error.strerror or error}") from None
