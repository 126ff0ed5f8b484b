"""Standard output of a run: what commands write, made safe, and a reader that went away.

Commands write only through `emit` and `emit_chunks`. Each run (`run_output`, entered
by the root command for every invocation) has its own `RunOutput`: whether part of the
answer was written (a command that met a damaged index runs again only if not) and
whether rich's own styling may pass (a colored table). Nothing of one run is left for
the next, so two runs in one process (tests, a notebook) do not leak into each other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup

from factcli.cli.status import PIPE_CLOSED
from factcli.controls import safe_output, visible
from factcli.errors import FactcliError
from factcli.render import Chunks, OutputFormat, Renderer, Terminal

if TYPE_CHECKING:
    from typer import _click as click

    from factcli.library import Dataset
    from factcli.model.records import FactRecord, Listing, Rows


@dataclass
class RunOutput:
    """What one run wrote so far."""

    # Set when this run prints a colored table: its escape sequences are rich's own styling.
    styled: bool = False
    # Set once this run wrote part of its answer.
    written: bool = False


_CURRENT: ContextVar[RunOutput | None] = ContextVar("factcli_run_output", default=None)


@contextmanager
def run_output() -> Iterator[RunOutput]:
    """A run starts: nothing of its answer is written or styled yet. Its state ends with
    it."""
    state = RunOutput()
    token = _CURRENT.set(state)
    try:
        yield state
    finally:
        _CURRENT.reset(token)


def _current() -> RunOutput:
    """This run's output state; outside a run, a fresh one that nothing keeps (its output
    is made safe, as a run's is)."""
    return _CURRENT.get() or RunOutput()


def allow_styles() -> None:
    """This run prints a colored table: rich's escape sequences pass."""
    _current().styled = True


def emit(text: str) -> None:
    """Write a command's result to stdout; a reader that went away ends the command quietly.

    Output that is not a colored table is made safe first (`controls.safe_output`): no
    control sequence from a document or a dataset reaches a terminal, whatever path it
    took.
    """
    if text:
        _write(text if text.endswith("\n") else text + "\n")


def emit_chunks(chunks: Iterable[str]) -> None:
    """Write a rendering chunk by chunk, as each is made (see `factcli.render`): rows
    streamed from the index reach the reader at once, and memory stays flat."""
    last = ""
    for chunk in chunks:
        if chunk:
            _write(chunk)
            last = chunk
    if last and not last.endswith("\n"):
        _write("\n")


def _write(text: str) -> None:
    run = _current()
    if not run.styled:
        text = safe_output(text)
    run.written = True
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(PIPE_CLOSED) from None
    except OSError as error:  # a full disk, a device gone: one error line, not a traceback
        silence_stdout()
        raise FactcliError(f"cannot write to standard output: {error.strerror or error}") from None


def flush_stdout() -> None:
    """Flush stdout, where a write error shows when the text was buffered."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        silence_stdout()
        raise FactcliError(f"cannot write to standard output: {error.strerror or error}") from None


def silence_stdout() -> None:
    """After the reader of our stdout went away, send what is left to /dev/null.

    This is what Python's documentation on SIGPIPE advises, so that `factcli ... | head`
    does not print a BrokenPipeError when the interpreter flushes stdout at exit.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def show_help_without_command(ctx: typer.Context) -> None:
    """A group called without a command prints its help (and exits 0)."""
    if ctx.invoked_subcommand is None:
        emit(ctx.get_help())
        raise typer.Exit()


class WholeSummaries(TyperGroup):
    """A group whose help lists each command with its whole summary (the first sentence of
    its help), never cut with "...": a narrow terminal wraps it onto the next line instead."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=sys.maxsize)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


# Formats whose empty result still has a shape: [] for json, a header row for csv and markdown.
SHAPED_FORMATS = (OutputFormat.JSON, OutputFormat.CSV, OutputFormat.MARKDOWN)


def listing(
    dataset: Dataset,
    records: Iterable[FactRecord],
    *,
    heading: str = "",
    kind: str | None = None,
    scores: Sequence[float] = (),
    periods: Sequence[str | None] = (),
    fields: Sequence[str] | None = None,
    limit: int | None = None,
) -> Listing:
    """Records with what a table needs to name the dataset and its documents, under the
    heading the command words.

    A heading may echo the user's words and a title may be a file's name: both are made
    visible, so no control character in them reaches the terminal.
    """
    from factcli.model.records import Listing

    return Listing(
        records=records,
        heading=visible(heading),
        dataset_title=visible(dataset.title),
        documents=dataset.documents(),
        total_facts=dataset.fact_count,
        kind=kind,  # type: ignore[arg-type]
        scores=scores,
        periods=periods,
        fields=fields,
        limit=limit,
    )


def require_found(
    rows: Rows,
    missing: FactcliError,
    chosen: OutputFormat,
    dataset: Dataset,
    pick: Callable[[Renderer], Callable[[Listing, Terminal], Chunks]],
    look: Terminal,
    fields: Sequence[str] | None = None,
) -> None:
    """When nothing was found, still print an empty result of the format's shape, so that
    `jq length` reads 0 and a CSV has its header; then fail with ``missing`` (exit 1).

    ``pick`` names the render function of the command's output: ``lambda r: r.render_facts``.
    """
    if rows.any():
        return
    if chosen in SHAPED_FORMATS:
        render = pick(chosen.renderer())
        emit_chunks(render(listing(dataset, [], fields=fields), look))
    raise missing
