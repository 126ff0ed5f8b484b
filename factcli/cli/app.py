"""The root command: the Typer group, its subcommands loaded on demand, and the one place
where every failure becomes a ``factcli: error: ...`` line and an exit code.

Each subcommand lives in a module of this package by concern (`COMMANDS`); a call
imports and builds only the module of the command it runs, so ``factcli --version``
loads none of them.
"""

from __future__ import annotations

import functools
import importlib
import io
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import Annotated, Any, NoReturn

import typer

from factcli.cli.output import (
    WholeSummaries,
    emit,
    flush_stdout,
    run_output,
    show_help_without_command,
    silence_stdout,
)
from factcli.cli.settings import DEBUG_ENV, read_settings, running_with
from factcli.cli.status import PIPE_CLOSED, ExitStatus, status_of
from factcli.controls import visible
from factcli.errors import FactcliError, IndexDamaged, UsageProblem
from factcli.version import __version__

# Every subcommand, in the order help lists them, and the module of this package that
# registers it (in its `commands`).
COMMANDS = {
    "stats": "reading", "money": "reading", "dates": "reading", "list": "reading",
    "show": "reading", "cite": "cite", "get": "reading", "search": "reading",
    "sources": "reading", "export": "export", "ask": "ask", "timeline": "reading",
    "series": "reading", "verify": "authoring", "init": "authoring", "extract": "authoring",
    "add": "authoring", "schema": "authoring", "cache": "cache", "source": "authoring",
}  # fmt: skip


def registered_commands(registry: typer.Typer) -> dict[str, Callable[[], Any]]:
    """How to build each command and group a `typer.Typer` registers, by name."""
    from typer.main import get_command, get_command_from_info, get_command_name

    builders: dict[str, Callable[[], Any]] = {}
    for info in registry.registered_commands:
        assert info.callback is not None
        name = info.name or get_command_name(info.callback.__name__)
        builders[name] = functools.partial(
            get_command_from_info, info, pretty_exceptions_short=True, rich_markup_mode=None
        )
    for group in registry.registered_groups:
        assert isinstance(group.name, str) and group.typer_instance is not None
        builders[group.name] = functools.partial(get_command, group.typer_instance)
    return builders


def build_command(name: str) -> Any:
    """The subcommand ``name``, its module imported and its options read now."""
    module = importlib.import_module(f"factcli.cli.{COMMANDS[name]}")
    return registered_commands(module.commands)[name]()


class LazyCommands(MutableMapping[str, Any]):
    """Subcommands built only when asked for: a call builds (and pays for) just its own.

    Typer turns each command's signature into options when the command is built; doing
    that for every command on every call would cost each call several milliseconds.
    """

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._builders[name]()
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._builders[name] = lambda: command
        self._built.pop(name, None)

    def __delitem__(self, name: str) -> None:
        del self._builders[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


# The widest terminal a table is drawn for: COLUMNS=9999999 would pad every row to it.
MAX_COLUMNS = 500


def _tame_terminal() -> None:
    """What the terminal says of itself, held to what factcli can print: ``COLUMNS`` and
    ``LINES`` at most `MAX_COLUMNS` (rich reads them), and a character the output's
    encoding cannot write (``PYTHONIOENCODING=ascii``) written as ``?``, never a crash."""
    for name in ("COLUMNS", "LINES"):
        given = os.environ.get(name, "")
        if given.strip().isdigit() and int(given) > MAX_COLUMNS:
            os.environ[name] = str(MAX_COLUMNS)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


class FactcliGroup(WholeSummaries):
    """The root command: runs a subcommand and turns every failure into one error line."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(
            {name: functools.partial(build_command, name) for name in COMMANDS}
        )

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        _tame_terminal()
        var = complete_var or "_FACTCLI_COMPLETE"
        if instruction := os.environ.get(var):
            # Click's completion protocol (Typer's reads its instruction the other way round).
            def complete() -> int:
                from factcli.completion import run_completion

                emit(run_completion(self, prog_name or "factcli", var, instruction))
                return ExitStatus.OK

            code = run_guarded(complete)
            if standalone_mode:
                sys.exit(code)
            return code

        settings = read_settings()

        def invoke() -> Any:
            check_arguments(arguments)
            return super(FactcliGroup, self).main(
                args=arguments, prog_name=prog_name or "factcli", complete_var=complete_var,
                standalone_mode=False, obj=settings, **extra,
            )  # fmt: skip

        with running_with(settings):
            code = run_guarded(invoke, debug=settings.debug)
        if standalone_mode:
            sys.exit(code)
        return code


# Options whose value is a file name: any bytes the system allows, so not checked as text.
PATH_OPTIONS = ("--data", "--output", "-o")


def check_arguments(arguments: Sequence[str]) -> None:
    """Refuse an argument that holds a NUL, or that is not valid UTF-8 (Python holds its
    bad bytes as lone surrogates, which no output or query can take); file names may
    hold any bytes but NUL."""
    for n, argument in enumerate(arguments):
        if "\x00" in argument:  # (no real command line holds one; no file name either)
            raise UsageProblem(f"the argument {visible(argument)} holds a NUL character")
        surrogates = {char for char in argument if "\ud800" <= char <= "\udfff"}
        if not surrogates:
            continue
        is_path = (n and arguments[n - 1] in PATH_OPTIONS) or argument.startswith(
            tuple(f"{option}=" for option in PATH_OPTIONS)
        )
        # A file name's bytes that are not UTF-8 come as U+DC80-U+DCFF (surrogateescape).
        if is_path and all("\udc80" <= char <= "\udcff" for char in surrogates):
            continue
        raise UsageProblem(f"the argument {visible(argument)} is not valid UTF-8 text")


def run_guarded(invoke: Any, *, debug: bool = False) -> int:
    """Run the parsed command; return its exit code, reporting errors on stderr.

    A command that met a damaged index (which is then removed) runs once more, the index
    rebuilt, unless it had already written part of its answer (output streams).
    """
    with run_output() as run:
        try:
            try:
                result = invoke()
            except IndexDamaged:
                if run.written:
                    raise
                result = invoke()
            flush_stdout()
        except FactcliError as error:
            from factcli.cli.options import worded, worded_details

            message, hint = worded(error)
            details = worded_details(error)
            report_error(message, hint=hint, details=details, prefix=error.show_as_error)
            return status_of(error)
        except typer.TyperException as error:  # usage errors: bad option value, unknown command
            ctx = getattr(error, "ctx", None)
            hint = f"try '{ctx.command_path} --help'" if ctx is not None else None
            report_error(error.format_message(), hint=hint)
            return error.exit_code
        except typer.Abort:  # end of input at a prompt
            report_error("aborted")
            return ExitStatus.USAGE
        except BrokenPipeError:
            silence_stdout()
            return PIPE_CLOSED
        except Exception as error:  # a bug: say so in one line unless asked for the traceback
            if debug:
                raise
            report_error(
                f"internal error: {type(error).__name__}: {error}",
                hint=f"set {DEBUG_ENV}=1 to see the traceback",
            )
            return ExitStatus.USAGE
        return result if isinstance(result, int) else ExitStatus.OK


def report_error(
    message: str, *, hint: str | None = None, details: Sequence[str] = (), prefix: bool = True
) -> None:
    """Write ``factcli: error: MESSAGE`` (then details and a hint) to stderr."""
    # Messages quote file names, arguments and data: each line is made visible, so no
    # control sequence in them reaches the terminal.
    first = f"factcli: error: {visible(message)}" if prefix else visible(message)
    lines = [first, *(f"  {visible(line)}" for line in details)]
    if hint:
        lines.append(f"hint: {visible(hint)}")
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


# Listed under the root help; \b keeps Click from re-flowing the lines.
ENVIRONMENT_HELP = """\b
Environment:
  FACTCLI_DATA      dataset file to read when --data is not given
  FACTCLI_NO_CACHE  1: keep no index of datasets (validate the file on every call)
  FACTCLI_DEBUG     1: show the traceback of an internal error
  NO_COLOR          set: no color in tables (as --no-color)
  XDG_CACHE_HOME    where the index cache lives (default ~/.cache/factcli)
  _FACTCLI_COMPLETE shell completion: eval "$(_FACTCLI_COMPLETE=bash_source factcli)"
"""


app = typer.Typer(
    name="factcli",
    cls=FactcliGroup,
    help="Answers questions with sourced facts: every value with its sentence and its document.",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    epilog=ENVIRONMENT_HELP,
    pretty_exceptions_enable=False,
    # Plain help: no box drawing when piped, and no rich import just to print help.
    rich_markup_mode=None,
    invoke_without_command=True,
)


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
    show_help_without_command(ctx)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the ``factcli`` console script."""
    app(args=argv, prog_name="factcli")
    raise AssertionError("unreachable: the app always exits")  # pragma: no cover
