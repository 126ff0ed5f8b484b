"""``factcli cite``: facts cited as text, or their documents as CSL-JSON or BibTeX."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from factcli.citations import CITATIONS
from factcli.cli.options import DataOption, complete_fact_ids, open_data
from factcli.cli.output import emit

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


if TYPE_CHECKING:
    CiteFormat = str
else:  # the forms of a citation, as `factcli.citations` writes them
    CiteFormat = Literal[tuple(CITATIONS)]


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
    ] = "text",
    data: DataOption = None,
) -> None:
    """Cite facts: each value with its sentence and its document.

    -f csl-json (Zotero, pandoc) and -f bibtex cite the documents, one entry per document.

    Example: factcli cite acf-case-management-awards-2022 -f bibtex >> refs.bib
    """
    records = open_data(data).get(fact_ids)
    emit(CITATIONS[fmt](records))
