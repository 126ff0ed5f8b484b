"""``factcli export``: the whole dataset (or what the filters keep) in one format."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcli.cli.options import DataOption, with_filters
from factcli.cli.output import emit_chunks
from factcli.errors import UsageProblem

if TYPE_CHECKING:
    from factcli.query import Filters

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


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
    from factcli.exporting import export_dataset

    chunks = export_dataset(data, fmt.value, filters)
    if output is None or output == STDOUT:
        emit_chunks(chunks)
    else:
        from factcli.files import write_atomically

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
