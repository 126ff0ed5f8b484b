"""``factcli export``: the whole dataset (or what the filters keep) in one format."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from factcli.cli.options import DataOption, open_data, with_filters
from factcli.cli.output import emit_chunks, listing
from factcli.errors import UsageProblem
from factcli.render import OutputFormat

if TYPE_CHECKING:
    from factcli.store.filters import Filters

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


# The text formats of an export are the output formats made for files: a table is for
# people, plain lines for pipes.
TEXT_EXPORTS = tuple(f for f in OutputFormat if f not in (OutputFormat.TABLE, OutputFormat.PLAIN))
# Exports that are files of their own (a database, a folder: `factcli.exports`): -o names
# where, never stdout.
FILE_EXPORTS = ("sqlite", "datapackage")
EXPORT_FORMATS = (*(f.value for f in TEXT_EXPORTS), *FILE_EXPORTS)
if TYPE_CHECKING:
    ExportFormat = str
else:  # the choices Typer offers, derived from the lists above
    ExportFormat = Literal[EXPORT_FORMATS]
STDOUT = Path("-")


@commands.command()
@with_filters
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.JSON.value,
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
    """The dataset as json, jsonl, csv, markdown, sqlite or datapackage.

    json is the dataset file's own shape; the others hold one row per fact. sqlite
    (-o FILE) is a database for datasette and sqlite-utils; datapackage (-o DIR) a
    Frictionless data package of CSV files.

    Example: factcli export -f sqlite -o facts.db && datasette facts.db
    """
    if fmt in FILE_EXPORTS:
        export_file(fmt, output, data, filters)
        return
    dataset = open_data(data)
    if fmt == OutputFormat.JSON.value:
        from factcli.exports.dataset_json import dataset_json

        chunks = dataset_json(dataset, filters)
    else:
        from factcli.render import Terminal

        records = dataset.facts(None, filters) if filters.active else dataset.store.all_records()
        chunks = OutputFormat(fmt).renderer().render_facts(listing(dataset, records), Terminal())
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
        where = "FILE" if fmt == "sqlite" else "DIR"
        raise UsageProblem(
            f"-f {fmt} writes files, not standard output",
            hint=f"name where with -o {where}",
        )
    from factcli.exports import export_rows

    rows = export_rows(open_data(data), filters)
    if fmt == "sqlite":
        from factcli.exports.sqlite import write_sqlite

        write_sqlite(output, rows)
    else:
        from factcli.exports.datapackage import write_datapackage

        write_datapackage(output, rows)
