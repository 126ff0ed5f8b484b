"""``factcli cite``: facts cited as text, or their documents as CSL-JSON or BibTeX."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from factcli.cli.options import DataOption, complete_fact_ids, open_catalog
from factcli.cli.output import emit

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


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
