"""The command line: parses arguments and wires the domain modules together.

Commands hold no querying or formatting logic. Every error, whichever module raised it,
is turned into one ``factcli: error: ...`` line and an exit code in `FactcliGroup.main`.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from factcli import __version__
from factcli.controls import safe_output, visible
from factcli.errors import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    FactcliError,
    IndexDamaged,
    UsageProblem,
)
from factcli.render import OutputFormat, Terminal

if TYPE_CHECKING:
    from factcli.catalog import Catalog
    from factcli.data.values import Kind
    from factcli.query import Filters

DEBUG_ENV = "FACTCLI_DEBUG"
# Python itself exits with 1 when its stdout pipe is closed; factcli does the same.
EXIT_PIPE_CLOSED = 1


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


class FactcliGroup(TyperGroup):
    """The root command: runs a subcommand and turns every failure into one error line."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(command_builders())

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        var = complete_var or "_FACTCLI_COMPLETE"
        if instruction := os.environ.get(var):
            # Click's completion protocol (Typer's reads its instruction the other way round).
            def complete() -> int:
                from factcli.completion import run_completion

                emit(run_completion(self, prog_name or "factcli", var, instruction))
                return EXIT_OK

            code = run_guarded(complete)
            if standalone_mode:
                sys.exit(code)
            return code

        def invoke() -> Any:
            check_arguments(arguments)
            return super(FactcliGroup, self).main(
                args=arguments, prog_name=prog_name or "factcli", complete_var=complete_var,
                standalone_mode=False, **extra,
            )  # fmt: skip

        code = run_guarded(invoke)
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


def run_guarded(invoke: Any) -> int:
    """Run the parsed command; return its exit code, reporting errors on stderr.

    A command that met a damaged index (which is then removed) runs once more, the index
    rebuilt, unless it had already written part of its answer (output streams).
    """
    global _written
    _written = False
    try:
        try:
            result = invoke()
        except IndexDamaged:
            if _written:
                raise
            result = invoke()
        flush_stdout()
    except FactcliError as error:
        report_error(
            error.message, hint=error.hint, details=error.details, prefix=error.show_as_error
        )
        return error.exit_code
    except typer.TyperException as error:  # usage errors: bad option value, unknown command
        ctx = getattr(error, "ctx", None)
        hint = f"try '{ctx.command_path} --help'" if ctx is not None else None
        report_error(error.format_message(), hint=hint)
        return error.exit_code
    except typer.Abort:  # end of input at a prompt
        report_error("aborted")
        return EXIT_USAGE
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


def silence_stdout() -> None:
    """After the reader of our stdout went away, send what is left to /dev/null.

    This is what Python's documentation on SIGPIPE advises, so that `factcli ... | head`
    does not print a BrokenPipeError when the interpreter flushes stdout at exit.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# Set when this run prints a colored table: its escape sequences are rich's own styling.
_styled_output = False
# Set once this run wrote part of its answer.
_written = False


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
    global _written
    if not _styled_output:
        text = safe_output(text)
    _written = True
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(EXIT_PIPE_CLOSED) from None
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


class KindChoice(str, Enum):
    """The kinds of fact, as --kind takes them."""

    STATISTIC = "statistic"
    DATE = "date"
    MONEY = "money"


class ExportFormat(str, Enum):
    """The formats of a whole-dataset export."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    SQLITE = "sqlite"
    DATAPACKAGE = "datapackage"


# Exports that are files of their own (a database, a folder): -o names where, never stdout.
FILE_EXPORTS = (ExportFormat.SQLITE, ExportFormat.DATAPACKAGE)
STDOUT = Path("-")


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

# The subcommands, registered here and built on demand by `FactcliGroup`.
commands = typer.Typer()

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Dataset file to read (default: $FACTCLI_DATA, else the bundled dataset).",
        metavar="PATH",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table on a terminal, plain when piped).",
        show_default=False,
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="No color, even on a terminal (as NO_COLOR does).")
]


class ColorChoice(str, Enum):
    """When a table is colored."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


ColorOption = Annotated[
    ColorChoice,
    typer.Option("--color", help="Color tables: auto (on a terminal), always (even piped), never."),
]
KindOption = Annotated[
    KindChoice | None, typer.Option("--kind", help="Only facts of this kind.", show_default=False)
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=1,
        metavar="N",
        help="Show at most N facts (default: all; a table shows the first 50).",
        show_default=False,
    ),
]
AllOption = Annotated[
    bool, typer.Option("--all", help="Show every fact, even in a table.", show_default=False)
]
# A table in a terminal is for people: it shows this many rows, then how many more.
TABLE_ROWS = 50


def rows_to_show(limit: int | None, every: bool, chosen: OutputFormat) -> int | None:
    """How many facts a listing shows: --limit N, every one with --all, else a table's
    first `TABLE_ROWS` (other formats, made for scripts, are complete)."""
    if every and limit is not None:
        raise UsageProblem("--limit and --all cannot be used together")
    if every:
        return None
    if limit is not None:
        return limit
    return TABLE_ROWS if chosen is OutputFormat.TABLE else None


def choose_format(requested: OutputFormat | None) -> OutputFormat:
    """The format asked for, else table for a terminal and plain for a pipe or file."""
    if requested is not None:
        return requested
    return OutputFormat.TABLE if sys.stdout.isatty() else OutputFormat.PLAIN


def terminal(no_color: bool, color: ColorChoice = ColorChoice.AUTO) -> Terminal:
    """The width and color a table may use on this stdout (COLUMNS and NO_COLOR honoured).

    --color always colors even a pipe (an fzf preview); never, --no-color and NO_COLOR
    turn color off; auto colors a terminal.
    """
    global _styled_output
    if color is ColorChoice.ALWAYS:
        colored = not no_color
    else:
        colored = color is ColorChoice.AUTO and sys.stdout.isatty() and not no_color
        colored = colored and not os.environ.get("NO_COLOR")
    _styled_output = _styled_output or colored
    return Terminal(width=shutil.get_terminal_size().columns, color=colored)


# The filter options every listing command takes: parameter, flag, metavar, help.
FILTER_OPTIONS = {
    name: Annotated[str | None, typer.Option(flag, metavar=metavar, help=text, show_default=False)]
    for name, flag, metavar, text in (
        ("since", "--since", "DATE", "Only facts dated on or after: 2022, 2022-10, 2022-10-15."),
        ("until", "--until", "DATE", "Only facts dated on or before this date."),
        ("minimum", "--min", "AMOUNT", "Only amounts, counts or shares (in %) of at least: 1M."),
        ("maximum", "--max", "AMOUNT", "Only amounts, counts or shares (in %) of at most this."),
        ("source", "--source", "ID", "Only facts from this source id."),
        ("tag", "--tag", "TAG", "Only facts with this tag (any case)."),
        ("attributed_to", "--attributed-to", "TEXT",
         "Only facts credited to someone whose name holds TEXT."),
        ("currency", "--currency", "CODE",
         "Only money in this currency (USD, EUR); --min/--max over several need it."),
    )
}  # fmt: skip


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a listing command the filter options, handed to it as one `Filters`.

    Typer reads a command's options from its signature, so the wrapper's signature is the
    command's own (without ``filters``) plus one keyword parameter per filter option.
    """
    # Annotations are evaluated here for Typer; `Filters` is only a placeholder, as the
    # filters parameter is replaced (and importing factcli.query would slow every start).
    namespace = {**command.__globals__, "Filters": object}
    own = inspect.signature(command, globals=namespace, eval_str=True)
    options = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in FILTER_OPTIONS.items()
    ]
    parameters = [p for p in own.parameters.values() if p.name != "filters"] + options

    @functools.wraps(command)
    def run_with_filters(*args: Any, **kwargs: Any) -> None:
        from factcli.query import read_filters

        values = {name: kwargs.pop(name) for name in FILTER_OPTIONS}
        command(*args, filters=read_filters(**values), **kwargs)

    run_with_filters.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
    run_with_filters.__annotations__ = {p.name: p.annotation for p in parameters}
    return run_with_filters


def open_catalog(data: Path | None) -> Catalog:
    """The dataset's catalog, with a progress bar on a terminal while its index is built."""
    from factcli.index import open_catalog
    from factcli.progress import terminal_progress

    return open_catalog(data, progress=terminal_progress())


FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,...",
        help="Only these columns, in this order (json, jsonl, csv, plain): id,value,currency.",
        show_default=False,
    ),
]
# The formats --fields shapes; a table or markdown keeps its own columns.
FIELD_FORMATS = (OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.CSV, OutputFormat.PLAIN)


def choose_fields(
    requested: OutputFormat | None, fields: str | None
) -> tuple[OutputFormat, tuple[str, ...] | None]:
    """The format and the columns to show: with --fields and no format, plain even on a
    terminal (a table has its own columns)."""
    if fields is None:
        return choose_format(requested), None
    from factcli.data.records import read_fields

    columns = read_fields(fields)
    chosen = requested or OutputFormat.PLAIN
    if chosen not in FIELD_FORMATS:
        names = ", ".join(f.value for f in FIELD_FORMATS)
        raise UsageProblem(f"--fields works with -f {names}, not with -f {chosen.value}")
    return chosen, columns


# Formats whose empty result still has a shape: [] for json, a header row for csv and markdown.
SHAPED_FORMATS = (OutputFormat.JSON, OutputFormat.CSV, OutputFormat.MARKDOWN)


@contextlib.contextmanager
def empty_shape(
    chosen: OutputFormat,
    catalog: Catalog,
    method: str,
    look: Terminal,
    fields: Sequence[str] | None = None,
) -> Iterator[None]:
    """When nothing is found, still print an empty result of the format's shape (then the
    error and exit code 1, as before), so `jq length` reads 0 and a CSV has its header."""
    from factcli.errors import NotFound

    try:
        yield
    except NotFound:
        if chosen in SHAPED_FORMATS:
            render = getattr(chosen.renderer(), method)
            emit_chunks(render(catalog.listing([], fields=fields), look))
        raise


def show_facts(
    kind: Kind | None,
    data: Path | None,
    fmt: OutputFormat | None,
    look: Terminal,
    filters: Filters,
    fields: str | None = None,
    limit: int | None = None,
    every: bool = False,
) -> None:
    """Print the facts of one kind (all kinds when None) that pass the filters."""
    chosen, columns = choose_fields(fmt, fields)
    shown = rows_to_show(limit, every, chosen)
    catalog = open_catalog(data)
    with empty_shape(chosen, catalog, "render_facts", look, columns):
        records = catalog.of_kind(kind, filters)
    listing = catalog.listing(records, kind=kind, fields=columns, limit=shown)
    emit_chunks(chosen.renderer().render_facts(listing, look))


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


def show_help_without_command(ctx: typer.Context) -> None:
    """A group called without a command prints its help (and exits 0)."""
    if ctx.invoked_subcommand is None:
        emit(ctx.get_help())
        raise typer.Exit()


def kind_command(kind: Kind) -> Callable[..., None]:
    """The command that lists the facts of one kind (stats, money, dates)."""

    def command(
        data: DataOption = None,
        fmt: FormatOption = None,
        no_color: NoColorOption = False,
        color: ColorOption = ColorChoice.AUTO,
        fields: FieldsOption = None,
        limit: LimitOption = None,
        every: AllOption = False,
        *,
        filters: Filters,
    ) -> None:
        show_facts(kind, data, fmt, terminal(no_color, color), filters, fields, limit, every)

    return command


for _name, _kind, _help in (
    ("stats", "statistic", "The statistics: shares, counts and durations.\n\n"
                           "Example: factcli stats | grep -i women"),
    ("money", "money", "The dollar figures, earliest first.\n\n"
                       "Example: factcli money -f json | jq '.[].value'"),
    ("dates", "date", "The dates, in chronological order.\n\n"
                      "Example: factcli dates -f csv > dates.csv"),
):  # fmt: skip
    commands.command(_name, help=_help)(with_filters(kind_command(_kind)))  # type: ignore[arg-type]


@commands.command("list")
@with_filters
def list_(
    kind: KindOption = None,
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    every: AllOption = False,
    *,
    filters: Filters,
) -> None:
    """All facts, in the dataset's order.

    Example: factcli list -f jsonl | head -1
    """
    chosen: Kind | None = kind.value if kind else None
    look = terminal(no_color, color)
    show_facts(chosen, data, fmt, look, filters, fields, limit, every)


def complete_fact_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Fact ids for shell completion, from the dataset --data names (if given yet)."""
    from factcli.completion import fact_ids

    data = ctx.params.get("data")  # as typed: completion parses without converting
    return fact_ids(Path(data) if data else None, incomplete)


@commands.command()
def show(
    fact_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="Ids of facts to show.", autocompletion=complete_fact_ids
        ),
    ],
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
    fields: FieldsOption = None,
) -> None:
    """One fact in full: value, statement, quote, document, offsets.

    Example: factcli show acf-case-management-awards-2022
    """
    catalog = open_catalog(data)
    chosen, columns = choose_fields(fmt, fields)
    listing = catalog.listing(catalog.by_ids(fact_ids), fields=columns)
    emit_chunks(chosen.renderer().render_details(listing, terminal(no_color, color)))


class CiteFormat(str, Enum):
    """The forms of a citation."""

    TEXT = "text"
    CSL_JSON = "csl-json"
    BIBTEX = "bibtex"


@commands.command()
def cite(
    fact_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="Ids of facts to cite.", autocompletion=complete_fact_ids
        ),
    ],
    fmt: Annotated[
        CiteFormat,
        typer.Option("--format", "-f", help="text (value, quote, document), csl-json or bibtex."),
    ] = CiteFormat.TEXT,
    data: DataOption = None,
) -> None:
    """Cite facts: each value with its sentence and its document, or the documents
    as CSL-JSON (Zotero, pandoc) or BibTeX entries, one per document.

    Example: factcli cite acf-case-management-awards-2022 -f bibtex >> refs.bib
    """
    from factcli import citations

    records = open_catalog(data).by_ids(fact_ids)
    write = {
        CiteFormat.TEXT: citations.text_citations,
        CiteFormat.CSL_JSON: citations.csl_json,
        CiteFormat.BIBTEX: citations.bibtex,
    }[fmt]
    emit(write(records))


@commands.command()
def get(
    fact_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="Id of the fact.", autocompletion=complete_fact_ids),
    ],
    field: Annotated[
        str, typer.Option("--field", help="Field to print: value, display, text, quote, ...")
    ] = "value",
    data: DataOption = None,
) -> None:
    """Print one bare field of a fact, for $(...) in scripts.

    Example: AMOUNT=$(factcli get acf-case-management-awards-2022 --field value)
    """
    from factcli.catalog import get_field

    (record,) = open_catalog(data).by_ids([fact_id])
    emit(get_field(record, field))


@commands.command()
@with_filters
def search(
    words: Annotated[list[str], typer.Argument(metavar="WORDS...", help="Words to look for.")],
    kind: KindOption = None,
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    every: AllOption = False,
    *,
    filters: Filters,
) -> None:
    """Facts holding every word, best matches first.

    Case does not matter; an acronym finds its long form and the other way round.

    Example: factcli search ACF awards --kind money
    """
    query = " ".join(words)
    of_kind: Kind | None = kind.value if kind else None
    chosen, columns = choose_fields(fmt, fields)
    shown = rows_to_show(limit, every, chosen)
    catalog = open_catalog(data)
    look = terminal(no_color, color)
    with empty_shape(chosen, catalog, "render_facts", look, columns):
        found = catalog.search(query, of_kind, filters, shown)
    listing = catalog.listing(found, heading=f"Search: {query}", fields=columns, limit=shown)
    emit_chunks(chosen.renderer().render_facts(listing, look))


@commands.command()
def sources(
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
) -> None:
    """The documents, with fact counts and file status.

    A file whose sha256 differs from the dataset's record is shown as changed.

    Example: factcli sources -f json | jq '.[].url'
    """
    summaries = open_catalog(data).source_summaries()
    emit_chunks(choose_format(fmt).renderer().render_sources(summaries, terminal(no_color, color)))


@commands.command()
@with_filters
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.JSON,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout ('-' is stdout); "
            "for datapackage, a folder.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    *,
    filters: Filters,
) -> None:
    """The whole dataset as json, jsonl, csv, markdown, a SQLite database or a data package.

    json is the dataset file's own shape; the others hold one row per fact. sqlite
    (-o FILE) is a database for datasette and sqlite-utils; datapackage (-o DIR) a
    Frictionless data package of CSV files.

    Example: factcli export -f sqlite -o facts.db && datasette facts.db
    """
    if fmt in FILE_EXPORTS:
        export_file(fmt, output, data, filters)
        return
    from factcli.exports.formats import export_dataset

    chunks = export_dataset(data, fmt.value, filters)
    if output is None or output == STDOUT:
        emit_chunks(chunks)
    else:
        from factcli.atomic import write_atomically

        write_atomically(output, chunks)


def export_file(
    fmt: ExportFormat, output: Path | None, data: Path | None, filters: Filters
) -> None:
    """Write a database or a data package where -o says."""
    if output is None or output == STDOUT:
        where = "FILE" if fmt is ExportFormat.SQLITE else "DIR"
        raise UsageProblem(
            f"-f {fmt.value} writes files, not standard output",
            hint=f"name where with -o {where}",
        )
    from factcli.exports import export_rows

    rows = export_rows(data, filters)
    if fmt is ExportFormat.SQLITE:
        from factcli.exports.sqlite import write_sqlite

        write_sqlite(output, rows)
    else:
        from factcli.exports.datapackage import write_datapackage

        write_datapackage(output, rows)


@commands.command()
def ask(
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="A question, in quotes.")],
    top: Annotated[
        int, typer.Option("--top", min=1, help="Also show the next candidates, up to N in all.")
    ] = 1,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say why: how the question was read, which words matched where, "
            "and why other facts were not taken (plain lines, instead of the answer).",
        ),
    ] = False,
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
) -> None:
    """The best sourced answer to a question (exit 1 when there is none).

    Example: factcli ask "How much did ACF award in October 2022?" --explain
    """
    catalog = open_catalog(data)
    if explain:
        from factcli.ask import NoSourcedAnswer

        explanation = catalog.explain(question)
        emit("\n".join(explanation.lines))
        if not explanation.answers:
            raise NoSourcedAnswer(f"No sourced answer for: {question}")
        return
    chosen, look = choose_format(fmt), terminal(no_color, color)
    with empty_shape(chosen, catalog, "render_answers", look):
        listing = catalog.ask(question, top)
    emit_chunks(chosen.renderer().render_answers(listing, look))


@commands.command()
@with_filters
def timeline(
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
    limit: LimitOption = None,
    every: AllOption = False,
    *,
    filters: Filters,
) -> None:
    """Every dated fact in chronological order, grouped by year.

    Example: factcli timeline --since 2022
    """
    chosen = choose_format(fmt)
    shown = rows_to_show(limit, every, chosen)
    catalog = open_catalog(data)
    look = terminal(no_color, color)
    with empty_shape(chosen, catalog, "render_timeline", look):
        records = catalog.timeline(filters)
    listing = catalog.listing(records, heading="Timeline", limit=shown)
    emit_chunks(chosen.renderer().render_timeline(listing, look))


@commands.command()
def verify(
    data: DataOption = None,
    fix_offsets: Annotated[
        bool,
        typer.Option(
            "--fix-offsets",
            help="First move each misplaced quote found exactly once in its source to that "
            "place (the dataset file is rewritten), and list what changed.",
        ),
    ] = False,
) -> None:
    """Check every fact against its source text.

    Checks each source file's hash, each quote at its offsets, and each value.

    Exit 0 when clean, 1 when problems were found, 2 when the dataset cannot be loaded.

    Example: factcli verify --data my/facts.json
    """
    from factcli.data.dataset import load_dataset
    from factcli.data.provenance import verify_dataset
    from factcli.render.report import render_verify_report

    if fix_offsets:
        from factcli.authoring.offsets import fix_offsets as repair_offsets
        from factcli.render.authoring_report import render_offset_repair

        emit(render_offset_repair(repair_offsets(load_dataset(data))))
    report = verify_dataset(load_dataset(data))
    emit(render_verify_report(report))
    if not report.ok:
        raise typer.Exit(EXIT_NOT_FOUND)


WriteDataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Dataset file to change (default: $FACTCLI_DATA, else ./facts.json).",
        metavar="PATH",
        show_default=False,
    ),
]


@commands.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="[DIR]", help="Folder of the new dataset (made if missing).", show_default=False
        ),
    ] = Path("."),
    title: Annotated[
        str | None,
        typer.Option("--title", help="What the dataset holds, shown above tables.", metavar="T"),
    ] = None,
) -> None:
    """Start a new dataset: DIR/facts.json (no sources, no facts) and DIR/sources/.

    DIR is the current folder when not given. A folder holding a facts.json is refused.

    Example: factcli init my-dataset --title "Press releases on housing, 2024"
    """
    from factcli.authoring.init import init_dataset
    from factcli.render.authoring_report import render_new_dataset

    emit(render_new_dataset(init_dataset(folder, title)))


source_app = typer.Typer(
    name="source",
    help="Bring documents into a dataset.\n\nExample: factcli source add report.txt",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    invoke_without_command=True,
)


@source_app.callback()
def source_root(ctx: typer.Context) -> None:
    """Bring documents into a dataset."""
    show_help_without_command(ctx)


def _source_option(name: str, text: str, metavar: str = "TEXT") -> Any:
    return typer.Option(f"--{name}", help=text, metavar=metavar, show_default=False)


@source_app.command("add")
def source_add(
    document: Annotated[
        Path, typer.Argument(metavar="FILE", help="A UTF-8 text file, or an HTML page.")
    ],
    source_id: Annotated[
        str | None, _source_option("id", "Source id (default: from the file name).", "ID")
    ] = None,
    title: Annotated[
        str | None, _source_option("title", "Title (default: the page's, or a short first line).")
    ] = None,
    publisher: Annotated[
        str | None, _source_option("publisher", "Who published it (default: the page's site).")
    ] = None,
    published: Annotated[
        str | None,
        _source_option("published", "Date published: YYYY-MM-DD, YYYY-MM or YYYY.", "DATE"),
    ] = None,
    url: Annotated[
        str | None, _source_option("url", "Where it is published (http or https).", "URL")
    ] = None,
    rights: Annotated[
        str | None,
        _source_option("rights", "Terms of reuse, e.g. 'Public domain (U.S. government work)'."),
    ] = None,
    accessed: Annotated[
        str | None,
        _source_option("accessed", "Date you read it at its URL, for citations.", "DATE"),
    ] = None,
    data: WriteDataOption = None,
) -> None:
    """Copy a document's text into the dataset's sources/ folder, hash it and record it.

    Text files are copied byte for byte; HTML pages (.html, .htm) become their main text
    (needs: pip install 'factcli[html]'). Nothing is written when anything is wrong.

    Example: factcli source add release.txt --publisher HUD --published 2024-05-01
    --url https://www.hud.gov/news/release --rights "Public domain"
    """
    from factcli.authoring.save import dataset_to_change
    from factcli.authoring.sources import SourceDetails, add_source
    from factcli.render.authoring_report import render_added_source

    details = SourceDetails(
        id=source_id, title=title, publisher=publisher, published=published, url=url,
        rights=rights, accessed=accessed,
    )  # fmt: skip
    emit(render_added_source(add_source(document, details, dataset_to_change(data))))


@commands.command()
def extract(
    documents: Annotated[
        list[str],
        typer.Argument(metavar="FILE|SOURCE-ID...", help="Text or HTML files, or source ids."),
    ],
    kind: KindOption = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Date of files that are no source yet (default: their first full date); "
            "months written without a year take theirs from it.",
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
) -> None:
    """Every date, dollar figure and statistic of documents, as candidate facts.

    Writes nothing: accept candidates with 'factcli add CANDIDATE...'. A file already in
    the dataset, or a source id, gives candidate ids that 'add' takes as they are. Exit 1
    when no document holds a figure.

    Example: factcli extract release.txt -f jsonl | jq -r .candidate
    """
    from factcli.extract import extract_documents
    from factcli.extract.documents import read_published, resolve_documents

    chosen = choose_format(fmt)
    renderer = chosen.renderer()
    streamed = chosen in (OutputFormat.PLAIN, OutputFormat.JSONL)
    collected = []
    texts = resolve_documents(documents, data, read_published(published))
    count = 0
    for candidates in extract_documents(texts):
        found = [c for c in candidates if kind is None or c.kind == kind.value]
        count += len(found)
        if streamed:
            emit_chunks(renderer.render_candidates(found, terminal(no_color, color)))
        else:
            collected.extend(found)
    if not streamed:
        emit_chunks(renderer.render_candidates(collected, terminal(no_color, color)))
    if not count:
        raise typer.Exit(EXIT_NOT_FOUND)  # like grep: nothing found


@commands.command()
def add(
    candidates: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CANDIDATE...",
            help="Candidate ids from 'factcli extract' (with --all: source ids, or none).",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every candidate of the named sources (or of all).")
    ] = False,
    statement: Annotated[
        str | None,
        typer.Option(
            "--statement",
            help="The fact's statement (default: its sentence). One candidate only.",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    data: WriteDataOption = None,
) -> None:
    """Make candidates facts: each with an id, its sentence as quote, verified.

    Adding a figure that already is a fact changes nothing and says so.

    Example: factcli add epa-brownfields-2023:612-627 --data my/facts.json
    """
    from factcli.authoring.add import add_candidates
    from factcli.authoring.save import dataset_to_change
    from factcli.render.authoring_report import render_added_facts

    report = add_candidates(
        dataset_to_change(data), candidates or [], every=every, statement=statement
    )
    emit(render_added_facts(report))


@commands.command()
def schema() -> None:
    """Print the JSON Schema of the dataset file.

    The schema is generated from the models factcli validates with.

    Example: factcli schema > facts.schema.json
    """
    from factcli.render.report import render_schema

    emit(render_schema())


cache_app = typer.Typer(
    name="cache",
    help="Show or clear the index factcli keeps of each dataset it reads.\n\n"
    "Example: factcli cache info",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    invoke_without_command=True,
)


@cache_app.callback()
def cache_root(ctx: typer.Context) -> None:
    """Show or clear the index factcli keeps of each dataset it reads."""
    show_help_without_command(ctx)


@cache_app.command("info")
def cache_info() -> None:
    """Where the cache is, and each index in it with its dataset.

    Example: factcli cache info
    """
    from factcli.index.cache import cache_dir, cache_enabled, cache_entries
    from factcli.render.report import render_cache_info

    emit(render_cache_info(cache_dir(), cache_enabled(), cache_entries()))


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every index (each is rebuilt when next needed).

    Example: factcli cache clear
    """
    from factcli.index.cache import cache_dir, clear_cache
    from factcli.render.report import render_cache_cleared

    emit(render_cache_cleared(cache_dir(), *clear_cache()))


def command_builders() -> dict[str, Callable[[], Any]]:
    """How to build each subcommand, by name, in the order help lists them."""
    from typer.main import get_command, get_command_from_info, get_command_name

    builders: dict[str, Callable[[], Any]] = {}
    for info in commands.registered_commands:
        assert info.callback is not None
        name = info.name or get_command_name(info.callback.__name__)
        builders[name] = functools.partial(
            get_command_from_info, info, pretty_exceptions_short=True, rich_markup_mode=None
        )
    builders["cache"] = functools.partial(get_command, cache_app)
    builders["source"] = functools.partial(get_command, source_app)
    return builders


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the ``factcli`` console script."""
    app(args=argv, prog_name="factcli")
    raise AssertionError("unreachable: the app always exits")  # pragma: no cover
