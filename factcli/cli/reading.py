"""The reading commands: stats, money, dates, list, show, get, search, timeline, series,
sources.

Each parses its options, asks the dataset, and hands the result to the chosen format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcli.cli.options import (
    HEADINGS,
    AllOption,
    ColorChoice,
    ColorOption,
    DataOption,
    FieldsOption,
    FormatOption,
    KindOption,
    LimitOption,
    NoColorOption,
    choose_fields,
    choose_format,
    complete_fact_ids,
    open_data,
    rows_to_show,
    terminal,
    with_filters,
)
from factcli.cli.output import SHAPED_FORMATS, emit, emit_chunks, listing, require_found
from factcli.cli.status import NoMatch
from factcli.controls import visible
from factcli.errors import NotFound
from factcli.render import OutputFormat, Terminal

if TYPE_CHECKING:
    from factcli.language.values import Kind
    from factcli.store.filters import Filters

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


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
    dataset = open_data(data)
    records = dataset.facts(kind, filters)
    missing = NoMatch() if filters.active else NotFound(f"no such facts in {dataset.path.name}")
    require_found(records, missing, chosen, dataset, lambda r: r.render_facts, look, columns)
    shown_facts = listing(
        dataset, records, heading=HEADINGS[kind], kind=kind, fields=columns, limit=shown
    )
    emit_chunks(chosen.renderer().render_facts(shown_facts, look))


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
    look = terminal(no_color, color)
    show_facts(kind, data, fmt, look, filters, fields, limit, every)


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
    dataset = open_data(data)
    chosen, columns = choose_fields(fmt, fields)
    shown = listing(dataset, dataset.get(fact_ids), fields=columns)
    emit_chunks(chosen.renderer().render_details(shown, terminal(no_color, color)))


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
    from factcli.model.records import get_field

    (record,) = open_data(data).get([fact_id])
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
    chosen, columns = choose_fields(fmt, fields)
    shown = rows_to_show(limit, every, chosen)
    dataset = open_data(data)
    look = terminal(no_color, color)
    found = dataset.search(query, kind, filters, shown)
    missing = NoMatch(query, kind)
    require_found(found, missing, chosen, dataset, lambda r: r.render_facts, look, columns)
    shown_facts = listing(dataset, found, heading=f"Search: {query}", fields=columns, limit=shown)
    emit_chunks(chosen.renderer().render_facts(shown_facts, look))


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
    dataset = open_data(data)
    look = terminal(no_color, color)
    records = dataset.timeline(filters)
    missing = NoMatch() if filters.active else NotFound(f"no such facts in {dataset.path.name}")
    require_found(records, missing, chosen, dataset, lambda r: r.render_timeline, look)
    dated = listing(dataset, records, heading="Timeline", limit=shown)
    emit_chunks(chosen.renderer().render_timeline(dated, look))


class SeriesBy(str, Enum):
    """What the rows of a series are keyed on (the choice of --by)."""

    PERIOD = "period"
    SUBJECT = "subject"


@commands.command()
def series(
    measure: Annotated[
        list[str], typer.Argument(metavar="MEASURE...", help="Words of the measure.")
    ],
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject", metavar="WORDS", help="Only facts whose subject holds these words."
        ),
    ] = None,
    by: Annotated[
        SeriesBy,
        typer.Option(
            "--by", help="Rows by period (earliest first) or by subject (largest value first)."
        ),
    ] = SeriesBy.PERIOD,
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
    limit: LimitOption = None,
    every: AllOption = False,
) -> None:
    """One measure across periods or subjects; a bar chart in a terminal.

    Facts whose measure holds every word, each unit (currency, percent, a count's
    unit) apart: never summed or converted.

    Example: factcli series GDP per capita --by subject
    """
    from factcli.model.series import SeriesListing

    query = " ".join(measure)
    chosen = choose_format(fmt)
    shown = rows_to_show(limit, every, chosen)
    dataset = open_data(data)
    look = terminal(no_color, color)
    points = dataset.series(query, subject=subject, by=by.value)
    heading = f"Series: {query}" + (f" · {subject}" if subject else "")
    shaped = SeriesListing([], visible(heading), visible(dataset.title), by.value)
    if not points.any():
        if chosen in SHAPED_FORMATS:
            emit_chunks(chosen.renderer().render_series(shaped, look))
        raise NoMatch(query)
    found = replace(shaped, points=points, limit=shown)
    emit_chunks(chosen.renderer().render_series(found, look))


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
    summaries = open_data(data).sources()
    emit_chunks(choose_format(fmt).renderer().render_sources(summaries, terminal(no_color, color)))
