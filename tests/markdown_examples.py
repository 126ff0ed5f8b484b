"""The `$ command` examples of Markdown files: found, run in a terminal, compared, rewritten.

An example is a fenced ``console`` block holding ``$ `` lines. Each ``$ `` line is a command
(continued on the next line after a trailing backslash); the lines after it, up to the next
``$ `` line, are what it prints (stdout and stderr together, as a terminal shows them).

A block is exempted by an HTML comment on the line before its fence,
``<!-- docs-test: skip (why) -->``; any other ``docs-test:`` comment is an error.

Commands run through bash in a pseudo-terminal 100 columns wide, so a command prints what it
prints in a terminal (a table), and a command piped into another prints what it prints into
a pipe (plain lines). The output is compared after these normalisations, each documented
where the examples are:

- ``\\r\\n`` (a terminal's line end) is ``\\n``;
- colours and styles are left out: factcli prints none under ``NO_COLOR``, but other tools
  do on a terminal (jq, frictionless), and Markdown cannot show them;
- trailing spaces of each line and blank lines at the end of an output are left out (rich pads
  table lines to the terminal's width; Markdown hides both);
- the paths given to `run_example` as ``shown`` pairs (a temporary folder shown as
  ``/tmp/demo``, and so on), and the names of index files, keyed to the crc32 of the
  dataset's path (``<key>.sqlite``, ``<key>.ask.sqlite``), and the size of a ``.read``
  mark, which holds that path (``<n> B``).
"""

from __future__ import annotations

import difflib
import os
import re
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

FENCE = "```console"
MARKER = re.compile(r"^<!-- docs-test: (.*) -->$")
SKIP = re.compile(r"^skip \((.+)\)$")
# Names in command position that are the shell's own, never looked up on PATH.
SHELL_WORDS = frozenset(
    "if then else elif fi for while do done case esac in ! { } echo cd eval export test [ "
    "true false printf set unset source . read exit".split()
)
COLUMNS = 100
LINES = 50
# Volatile output, and how it is shown: the cache's key for a dataset path (crc32 and
# length), and the size of a `.read` mark (which holds that path).
KEY = (re.compile(r"\b[0-9a-f]{8}-\d+\.(sqlite|ask\.sqlite|read)\b"), r"<key>.\1")
STYLE = re.compile(r"\x1b\[[0-9;]*m")
READ_SIZE = (re.compile(r"^(<key>\.read\t)\d+ B\t", re.MULTILINE), r"\1<n> B\t")


@dataclass(frozen=True)
class Command:
    """One ``$ `` line (with its continuation lines) and the output shown after it."""

    text: str
    shown: str
    # Blank lines between the output and the next command, kept when the block is rewritten.
    gap: int


@dataclass(frozen=True)
class Example:
    """One console block of a Markdown file."""

    path: Path
    line: int
    section: str
    commands: tuple[Command, ...]
    skip: str | None
    # The block's lines between its fences, exactly as written.
    body: str

    @property
    def name(self) -> str:
        return f"{self.path.name}:{self.line}"


class MarkdownError(ValueError):
    """A docs-test comment that cannot be read, or a console block that is not closed."""


def parse_examples(path: Path, text: str | None = None) -> list[Example]:
    """Every console block of a Markdown file that holds at least one ``$ `` command."""
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    examples: list[Example] = []
    section = ""
    number = 0
    while number < len(lines):
        line = lines[number]
        if line.startswith("```") and line.strip() != FENCE:
            number = _closing_fence(lines, number, path) + 1
            continue
        if line.startswith("## "):
            section = line[3:].strip()
        if line.strip() == FENCE:
            end = _closing_fence(lines, number, path)
            body = lines[number + 1 : end]
            commands = parse_block(body)
            if commands:
                skip = _marker(lines, number, path)
                examples.append(
                    Example(path, number + 1, section, tuple(commands), skip,
                            "".join(f"{b}\n" for b in body))
                )  # fmt: skip
            number = end
        number += 1
    return examples


def _closing_fence(lines: Sequence[str], opening: int, path: Path) -> int:
    for number in range(opening + 1, len(lines)):
        if lines[number].strip() == "```":
            return number
    raise MarkdownError(f"{path.name}:{opening + 1}: code block never closed")


def _marker(lines: Sequence[str], fence: int, path: Path) -> str | None:
    """The reason of a skip marker on the line before a fence; an unknown marker is an error."""
    before = lines[fence - 1].strip() if fence else ""
    found = MARKER.match(before)
    if found is None:
        return None
    skip = SKIP.match(found.group(1).strip())
    if skip is None:
        raise MarkdownError(f"{path.name}:{fence}: unknown docs-test comment {before!r}")
    return skip.group(1)


def parse_block(body: Sequence[str]) -> list[Command]:
    """The commands of a console block's lines, each with the output shown after it."""
    commands: list[Command] = []
    number = 0
    while number < len(body) and not body[number].startswith("$ "):
        number += 1
    while number < len(body):
        command = [body[number][2:]]
        number += 1
        while command[-1].endswith("\\") and number < len(body):
            command.append(body[number])
            number += 1
        output: list[str] = []
        while number < len(body) and not body[number].startswith("$ "):
            output.append(body[number])
            number += 1
        shown = clean(output)
        gap = len(output) - len(shown.splitlines())
        commands.append(Command("\n".join(command), shown, gap))
    return commands


def clean(lines: Iterable[str]) -> str:
    """Lines without trailing spaces and without blank lines at the end, each ending in \\n."""
    kept = [line.rstrip() for line in lines]
    while kept and not kept[-1]:
        kept.pop()
    return "".join(f"{line}\n" for line in kept)


def normalise(output: str, shown: Sequence[tuple[str, str]]) -> str:
    """A terminal's output as the docs show it (see the module's docstring)."""
    text = STYLE.sub("", output.replace("\r\n", "\n"))
    for real, placeholder in shown:
        text = text.replace(real, placeholder)
    text = KEY[0].sub(KEY[1], text)
    text = READ_SIZE[0].sub(READ_SIZE[1], text)
    return clean(text.splitlines())


def programs(command: str) -> list[str]:
    """The programs a command line calls (the words in command position), the shell's aside."""
    import shlex

    lexer = shlex.shlex(command.replace("\\\n", " "), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    found: list[str] = []
    at_start = True
    for token in lexer:
        if set(token) <= set("();|&"):
            at_start = True
        elif at_start and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", token):
            continue  # VAR=value before a command
        elif at_start and not set(token) <= set("<>"):
            if token not in SHELL_WORDS:
                found.append(token)
            at_start = token in ("if", "then", "else", "elif", "do", "while", "!", "{")
    return found


def missing_programs(command: str, path: str) -> list[str]:
    """The programs of a command line that are not on PATH."""
    return [name for name in programs(command) if shutil.which(name, path=path) is None]


def run_in_terminal(command: str, cwd: Path, env: Mapping[str, str], timeout: float = 120) -> str:
    """What bash prints running a command line in a pseudo-terminal (stdout and stderr)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    process = subprocess.Popen(
        ["bash", "-c", command], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
        cwd=cwd, env=dict(env), start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.killpg(process.pid, signal.SIGKILL)
                raise TimeoutError(f"{command!r} ran more than {timeout} s")
            ready, _, _ = select.select([master], [], [], min(left, 1.0))
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer of the terminal has closed it
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        process.wait()
    return b"".join(chunks).decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Outcome:
    """What each command of an example printed, normalised, beside what the docs show."""

    example: Example
    printed: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return all(c.shown == p for c, p in zip(self.example.commands, self.printed, strict=True))

    def diff(self) -> str:
        """A unified diff of the block as written and the block with the real output."""
        return "".join(
            difflib.unified_diff(
                self.example.body.splitlines(keepends=True),
                self.rewritten().splitlines(keepends=True),
                f"{self.example.name} (as written)",
                f"{self.example.name} (as run)",
            )
        )

    def rewritten(self) -> str:
        """The block's lines with each command's real output."""
        lines: list[str] = []
        for command, printed in zip(self.example.commands, self.printed, strict=True):
            lines.append(f"$ {command.text}\n")
            lines.append(printed)
            lines.append("\n" * command.gap)
        return "".join(lines)


def run_example(
    example: Example, cwd: Path, env: Mapping[str, str], shown: Sequence[tuple[str, str]]
) -> Outcome:
    """Run each command of an example in order, in one folder."""
    printed = tuple(
        normalise(run_in_terminal(command.text, cwd, env), shown) for command in example.commands
    )
    return Outcome(example, printed)


def rewrite(outcome: Outcome) -> None:
    """Put an example's real output into its Markdown file, in place of what it shows."""
    path = outcome.example.path
    text = path.read_text(encoding="utf-8")
    old = f"{FENCE}\n{outcome.example.body}```"
    assert old in text, f"{outcome.example.name}: the block changed since it was read"
    text = text.replace(old, f"{FENCE}\n{outcome.rewritten()}```", 1)
    path.write_text(text, encoding="utf-8")


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a Markdown text (repeated headings get -1, -2, ...)."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = re.match(r"^#{1,6} (.+)$", line)
        if heading and not fenced:
            base = slug(heading.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(text: str) -> list[str]:
    """The targets of the Markdown links of a text, code blocks and code spans aside."""
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    return re.findall(r"\]\(([^)\s]+)\)", prose)
