"""The command line: parses arguments and wires the domain modules together.

Commands hold no querying or formatting logic. Every error, whichever module raised it,
is turned into one ``factcli: error: ...`` line and an exit code in `FactcliGroup.main`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from factcli import __version__
from factcli.errors import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, FactcliError

DEBUG_ENV = "FACTCLI_DEBUG"
# Python itself exits with 1 when its stdout pipe is closed; factcli does the same.
EXIT_PIPE_CLOSED = 1


class FactcliGroup(TyperGroup):
    """The root command: runs a subcommand and turns every failure into one error line."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = run_guarded(
            lambda: super(FactcliGroup, self).main(
                args=args, prog_name=prog_name or "factcli", complete_var=complete_var,
                standalone_mode=False, **extra,
            )
        )  # fmt: skip
        if standalone_mode:
            sys.exit(code)
        return code


def run_guarded(invoke: Any) -> int:
    """Run the parsed command; return its exit code, reporting errors on stderr."""
    try:
        result = invoke()
        sys.stdout.flush()
    except FactcliError as error:
        report_error(error.message, hint=error.hint, details=error.details)
        return error.exit_code
    except typer.TyperException as error:  # usage errors: bad option value, unknown command
        ctx = getattr(error, "ctx", None)
        hint = f"try '{ctx.command_path} --help'" if ctx is not None else None
        report_error(error.format_message(), hint=hint)
        return error.exit_code
    except typer.Abort:
        report_error("aborted")
        return EXIT_NOT_FOUND
    except BrokenPipeError:
        silence_stdout()
        return EXIT_PIPE_CLOSED
    except Exception as error:  # a bug: say so in one line unless asked for the traceback
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        report_error(
            f"internal error: {type(error).__name__}: {error}",
            hint=f"set {DEBUG_ENV}=1 to see the traceback",
        )
        return EXIT_USAGE
    return result if isinstance(result, int) else EXIT_OK


def report_error(message: str, *, hint: str | None = None, details: Sequence[str] = ()) -> None:
    """Write ``factcli: error: MESSAGE`` (then details and a hint) to stderr."""
    lines = [f"factcli: error: {message}", *(f"  {line}" for line in details)]
    if hint:
        lines.append(f"hint: {hint}")
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def silence_stdout() -> None:
    """After the reader of our stdout went away, send what is left to /dev/null.

    This is what Python's documentation on SIGPIPE advises, so that `factcli ... | head`
    does not print a BrokenPipeError when the interpreter flushes stdout at exit.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def emit(text: str) -> None:
    """Write a command's result to stdout; a reader that went away ends the command quietly."""
    if not text:
        return
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(EXIT_PIPE_CLOSED) from None


app = typer.Typer(
    name="factcli",
    cls=FactcliGroup,
    help="Answers questions with sourced facts: every value with its sentence and its document.",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: no box drawing when piped, and no rich import just to print help.
    rich_markup_mode=None,
    invoke_without_command=True,
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Dataset file to read (default: $FACTCLI_DATA, else the bundled dataset).",
        metavar="PATH",
        show_default=False,
    ),
]


def _print_version(value: bool) -> None:
    if value:
        emit(f"factcli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Answers questions with sourced facts: every value with its sentence and its document."""
    if ctx.invoked_subcommand is None:
        emit(ctx.get_help())
        raise typer.Exit()


@app.command()
def verify(data: DataOption = None) -> None:
    """Check every fact against its source text (hash, quote, offsets, value).

    Exit 0 when clean, 1 when problems were found, 2 when the dataset cannot be loaded.

    Example: factcli verify --data my/facts.json
    """
    from factcli.dataset import load_dataset
    from factcli.provenance import verify_dataset
    from factcli.render.report import render_verify_report

    report = verify_dataset(load_dataset(data))
    emit(render_verify_report(report))
    if not report.ok:
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the dataset file.

    The schema is generated from the models factcli validates with.

    Example: factcli schema > facts.schema.json
    """
    from factcli.render.report import render_schema

    emit(render_schema())


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the ``factcli`` console script."""
    app(args=argv, prog_name="factcli")
    raise AssertionError("unreachable: the app always exits")  # pragma: no cover
