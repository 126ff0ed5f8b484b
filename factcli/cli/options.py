"""The options commands share, and how the CLI reads and words them.

Option names and hints ("--since", "try 'factcli list'") are the CLI's words: they are
written here and in the command modules, never in the domain.
"""

from __future__ import annotations

import functools
import inspect
import shutil
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcli.cli.output import allow_styles
from factcli.cli.settings import settings
from factcli.cli.status import NoMatch
from factcli.errors import (
    ChangesNotAccepted,
    DatasetExists,
    DatasetInvalid,
    DatasetMissing,
    DetailsDoNotFit,
    FactcliError,
    MissingDetails,
    MixedCurrencies,
    NoCandidatesNamed,
    NoDatasetToChange,
    NoIdFromName,
    NoSuchCandidate,
    NoSuchSource,
    NotACandidateId,
    OneDocumentDetails,
    SourceIdTaken,
    SourceStillCited,
    StatementOfOne,
    TextFileInTheWay,
    UnknownSource,
    UnreadableFilter,
    UsageProblem,
)
from factcli.language.values import Kind
from factcli.render import OutputFormat, Terminal

if TYPE_CHECKING:
    from factcli.library import Dataset

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Dataset file to read (default: $FACTCLI_DATA, else the bundled dataset).",
        metavar="PATH",
        show_default=False,
    ),
]
WriteDataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Dataset file to change (default: $FACTCLI_DATA, else ./facts.json).",
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
    """When a table is colored (a choice of the CLI alone: the domain has no such notion)."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


ColorOption = Annotated[
    ColorChoice,
    typer.Option("--color", help="Color tables: auto (on a terminal), always (even piped), never."),
]
# The kinds --kind takes are the values' own `Kind`: a new kind is a new choice.
KindOption = Annotated[
    Kind | None, typer.Option("--kind", help="Only facts of this kind.", show_default=False)
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
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,...",
        help="Only these columns, in this order (json, jsonl, csv, plain): id,value,currency.",
        show_default=False,
    ),
]
# The heading of a table of facts, by the kind it lists (None: every kind); search, ask and
# timeline word their own (see their commands).
HEADINGS: dict[Kind | None, str] = {
    "statistic": "Statistics",
    "money": "Money",
    "date": "Dates",
    None: "Facts",
}
# A table in a terminal is for people: it shows this many rows, then how many more.
TABLE_ROWS = 50
# The formats --fields shapes; a table or markdown keeps its own columns.
FIELD_FORMATS = (OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.CSV, OutputFormat.PLAIN)


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


def choose_fields(
    requested: OutputFormat | None, fields: str | None
) -> tuple[OutputFormat, tuple[str, ...] | None]:
    """The format and the columns to show: with --fields and no format, plain even on a
    terminal (a table has its own columns)."""
    if fields is None:
        return choose_format(requested), None
    columns = read_fields(fields)
    chosen = requested or OutputFormat.PLAIN
    if chosen not in FIELD_FORMATS:
        names = ", ".join(f.value for f in FIELD_FORMATS)
        raise UsageProblem(f"--fields works with -f {names}, not with -f {chosen.value}")
    return chosen, columns


def read_fields(text: str) -> tuple[str, ...]:
    """The flat columns --fields names (``a,b,c``), in that order; an unknown one is a
    usage error naming the known ones."""
    from factcli.model.records import FLAT_COLUMNS

    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in FLAT_COLUMNS]
    if unknown or not names:
        said = f"unknown field {unknown[0]!r}" if unknown else "no field named"
        raise UsageProblem(f"--fields: {said}", hint=f"known fields: {','.join(FLAT_COLUMNS)}")
    return names


def terminal(no_color: bool, color: ColorChoice = ColorChoice.AUTO) -> Terminal:
    """The width and color a table may use on this stdout (COLUMNS and NO_COLOR honoured).

    --color always colors even a pipe (an fzf preview); never, --no-color and NO_COLOR
    turn color off; auto colors a terminal.
    """
    if color is ColorChoice.ALWAYS:
        colored = not no_color
    else:
        colored = color is ColorChoice.AUTO and sys.stdout.isatty() and not no_color
        colored = colored and not settings().no_color
    if colored:
        allow_styles()
    return Terminal(width=shutil.get_terminal_size().columns, color=colored)


# The filter options every listing command takes: parameter (a field of `Filters`), flag,
# metavar, help.
FILTERS = (
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
)  # fmt: skip
FILTER_OPTIONS = {
    name: Annotated[str | None, typer.Option(flag, metavar=metavar, help=text, show_default=False)]
    for name, flag, metavar, text in FILTERS
}
FILTER_FLAGS = {name: flag for name, flag, _, _ in FILTERS}


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a listing command the filter options, handed to it as one `Filters`.

    Typer reads a command's options from its signature, so the wrapper's signature is the
    command's own (without ``filters``) plus one keyword parameter per filter option.
    """
    # Annotations are evaluated here for Typer; `Filters` is only a placeholder, as the
    # filters parameter is replaced (and importing factcli.store.filters would slow every start).
    namespace = {**command.__globals__, "Filters": object}
    own = inspect.signature(command, globals=namespace, eval_str=True)
    options = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in FILTER_OPTIONS.items()
    ]
    parameters = [p for p in own.parameters.values() if p.name != "filters"] + options

    @functools.wraps(command)
    def run_with_filters(*args: Any, **kwargs: Any) -> None:
        from factcli.store.filters import read_filters

        values = {name: kwargs.pop(name) for name in FILTER_OPTIONS}
        command(*args, filters=read_filters(**values), **kwargs)

    run_with_filters.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
    run_with_filters.__annotations__ = {p.name: p.annotation for p in parameters}
    return run_with_filters


def open_data(data: Path | None) -> Dataset:
    """The dataset --data names (else $FACTCLI_DATA, else the bundled one), served from the
    cache the settings name, with a progress bar on a terminal while its store is built."""
    from factcli.library import open_dataset
    from factcli.progress import terminal_progress

    run = settings()
    return open_dataset(run.dataset(data), cache=run.cache, progress=terminal_progress())


# More ids than a shell shows usefully; a longer prefix narrows them.
MAX_COMPLETIONS = 200


def complete_fact_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Fact ids for shell completion that start with what is typed, from the dataset --data
    names (if given yet); none when it cannot be read (a completion never prints an error)."""
    data = ctx.params.get("data")  # as typed: completion parses without converting
    try:
        with open_data(Path(data) if data else None) as dataset:
            return dataset.store.ids_starting(incomplete, MAX_COMPLETIONS)
    except (FactcliError, OSError):
        return []


# What a value of each kind of filter looks like, for the hint under an unreadable one.
FILTER_EXAMPLES = {
    "date": "2022, 2022-10 or 2022-10-15",
    "amount": "1000000, 1M, '$8.5 million' or 2,500",
}


def worded(error: FactcliError) -> tuple[str, str | None]:
    """What the command line says for an error: its message and hint, in the option names
    and commands a user types (the domain raises the error with its data, and words it
    without them)."""
    if isinstance(error, UnreadableFilter):
        flag = FILTER_FLAGS.get(error.name, error.name)
        if error.expected == "currency code":
            return (
                f"{flag}: {error.text!r} is not a currency code",
                "use an ISO 4217 code: USD, EUR",
            )
        example = FILTER_EXAMPLES.get(error.expected)
        message = error.message.replace(f"{error.name}:", f"{flag}:", 1)
        return message, f"use {flag} {example}" if example else error.hint
    if isinstance(error, MixedCurrencies):
        amounts = f"{FILTER_FLAGS['minimum']}/{FILTER_FLAGS['maximum']}"
        currency = FILTER_FLAGS["currency"]
        return (
            f"{amounts} would compare amounts in different currencies "
            f"({', '.join(error.currencies)})",
            f"pick one with {currency}, e.g. {currency} {error.currencies[0]}",
        )
    if isinstance(error, UnknownSource):
        return f"{FILTER_FLAGS['source']}: no source {error.source!r}", error.hint
    if isinstance(error, OneDocumentDetails):
        flags = ", ".join(f"--{name}" for name in error.names)
        return (
            f"{flags} name the details of one document, and {error.count} are given",
            "give each document's details in a sidecar file: --metadata FILE",
        )
    if isinstance(error, StatementOfOne):
        return "--statement names the statement of one candidate: give exactly one", None
    if isinstance(error, NoCandidatesNamed):
        return "name the candidates to add (ids from 'factcli extract'), or use --all", None
    if isinstance(error, NotACandidateId):
        return (
            f"{error.name!r} is not a candidate id (SOURCE-ID:START-END, as 'factcli extract' "
            "shows)"
        ), None
    if isinstance(error, NoMatch):
        if error.query is None:
            return error.message, "loosen them, or try 'factcli list'"
        return error.message, "try fewer or other words, or 'factcli list' to see every fact"
    for kind, hint in _HINTS.items():
        if isinstance(error, kind):
            return error.message, hint(error)
    return error.message, error.hint


def worded_details(error: FactcliError) -> tuple[str, ...]:
    """The detail lines the command line prints under an error: a source detail that does
    not fit is named by its option."""
    if isinstance(error, DetailsDoNotFit):
        return tuple(f"--{field} {given!r}: {wrong}" for field, given, wrong in error.problems)
    return error.details


# Errors whose message stands as the domain says it, and the hint the command line gives
# under it (the commands and options to use).
_HINTS: dict[type[FactcliError], Callable[[Any], str]] = {
    DatasetMissing: lambda _: "check --data or FACTCLI_DATA",
    NoDatasetToChange: lambda _: "create one with 'factcli init', or point --data at a facts.json",
    DatasetInvalid: lambda _: "run 'factcli schema' to see the expected format",
    DatasetExists: lambda e: f"add documents to it with 'factcli source add FILE --data {e.path}'",
    SourceIdTaken: lambda _: "pass --id with another id",
    TextFileInTheWay: lambda _: "pass --id with another id, or move that file away",
    NoIdFromName: lambda _: "pass --id with an id such as my-report-2024",
    MissingDetails: lambda e: "pass " + " ".join(f"--{name} ..." for name in e.missing),
    NoSuchSource: lambda _: "bring the document in first with 'factcli source add FILE'",
    NoSuchCandidate: lambda e: f"list them with 'factcli extract {e.source_id}'",
    SourceStillCited: lambda _: "remove those facts too with --with-facts",
    ChangesNotAccepted: lambda _: (
        "pass --accept to take the new text in: changed quotes take their new place, "
        "facts whose value changed or vanished are removed"
    ),
}
