"""Currencies: signs, codes and names read as ISO 4217 codes; a source's currency for its
bare "$" (`source add --currency`), stated in the dataset (schema 1.3), read alike by
extraction and verify, and carried by money facts through the formats."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from factcli.cli import app
from factcli.extract import extract_text
from factcli.language.currencies import currency_of, read_code
from factcli.language.readers import UnreadableText, read_money
from factcli.language.values import Money
from factcli.model.dataset import load_dataset
from factcli.model.provenance import verify_dataset
from factcli.model.schema import Dataset
from tests.test_authoring import snapshot

runner = CliRunner()
# A Canadian bulletin's sentence: its "$" is the Canadian dollar, which it does not say.
CANADIAN = (
    "Payroll employment, January 2017\n\n"
    "Average weekly earnings were $967 in January, up 1.8% from January 2016. "
    "Exports to the United States reached US$4.2 billion.\n"
)


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


class TestReading:
    @pytest.mark.parametrize(
        ("text", "amount", "currency"),
        [
            ("$5 million", "5000000", "USD"),
            ("US$5", "5", "USD"),
            ("C$120 million", "120000000", "CAD"),
            ("CA$3.5 billion", "3500000000", "CAD"),
            ("A$40", "40", "AUD"),
            ("AU$40", "40", "AUD"),
            ("NZ$7\nbillion", "7000000000", "NZD"),
            ("HK$9,000", "9000", "HKD"),
            ("€ 594.3\u00a0million", "594300000", "EUR"),
            ("£2.1bn", "2100000000", "GBP"),
            ("¥300 billion", "300000000000", "JPY"),
            ("EUR 120 million", "120000000", "EUR"),
            ("NZD\u00a0600,000,000", "600000000", "NZD"),
            ("600 million NZD", "600000000", "NZD"),
            ("5 million euros", "5000000", "EUR"),
            ("New Zealand dollar 600 million", "600000000", "NZD"),
            ("40 Canadian dollars", "40", "CAD"),
            ("78 cents", "0.78", "USD"),
            ("+$70", "70", "USD"),
        ],
    )
    def test_signs_codes_and_names(self, text: str, amount: str, currency: str) -> None:
        """Each sign, code or name says its currency; the amount is as written, unconverted."""
        assert read_money(text).value == Money(Decimal(amount), currency)

    @pytest.mark.parametrize("text", ["$967", "967 dollars", "78 cents"])
    def test_a_bare_dollar_is_the_documents(self, text: str) -> None:
        """'$', 'dollars' and 'cents' name no country: they are in the document's currency."""
        assert read_money(text, currency="CAD").value.currency == "CAD"  # type: ignore[union-attr]
        assert read_money(text).value.currency == "USD"  # type: ignore[union-attr]

    def test_a_country_sign_keeps_its_own(self) -> None:
        """In a Canadian document, 'US$' and 'NZ$' are still U.S. and New Zealand dollars."""
        assert read_money("US$5", currency="CAD").value == Money(Decimal(5), "USD")
        assert read_money("NZ$5", currency="CAD").value == Money(Decimal(5), "NZD")

    def test_two_currencies_are_refused(self) -> None:
        """A sign and a code that disagree ('$5 EUR') say no one currency."""
        with pytest.raises(UnreadableText, match="currency"):
            read_money("$5 EUR")

    def test_codes_of_users(self) -> None:
        """A user's code is any ISO 4217 currency in use, in any case; anything else is refused."""
        assert read_code(" cad ") == "CAD" and read_code("XOF") == "XOF"
        with pytest.raises(ValueError, match="ISO 4217"):
            read_code("CDN")
        assert currency_of("dollars", "AUD") == "AUD" and currency_of("NZ$") == "NZD"


class TestExtraction:
    def test_bare_dollar_in_the_given_currency(self) -> None:
        """extract_text reads '$' in the document's currency, 'US$' in its own."""
        found = extract_text(CANADIAN, doc="d", file="d.txt", currency="CAD")
        money = [(c.text, c.value) for c in found if c.kind == "money"]
        assert money == [
            ("$967", Money(Decimal(967), "CAD")),
            ("US$4.2 billion", Money(Decimal(4200000000), "USD")),
        ]

    def test_without_a_currency_a_dollar_is_american(self) -> None:
        """No country is guessed from words ('Canada', 'Canadian'): '$' stays USD."""
        text = "Canadian earnings in Canada were $967 in January 2017."
        (money,) = [c for c in extract_text(text, doc="d", file="d.txt") if c.kind == "money"]
        assert money.value == Money(Decimal(967), "USD")

    def test_extract_option(self, tmp_path: Path) -> None:
        """`extract --currency` gives a file's currency; a bad code is a usage error."""
        document = tmp_path / "bulletin.txt"
        document.write_text(CANADIAN, encoding="utf-8")
        result = invoke("extract", str(document), "--currency", "cad", "-f", "jsonl",
                        "--kind", "money")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert [json.loads(line)["currency"] for line in result.stdout.splitlines()] == [
            "CAD", "USD",
        ]  # fmt: skip
        refused = invoke("extract", str(document), "--currency", "dollars")
        assert refused.exit_code == 2
        assert "'dollars' is not an ISO 4217 currency code" in refused.stderr


@pytest.fixture()
def canadian(tmp_path: Path) -> tuple[Path, Path]:
    """A new dataset and a Canadian bulletin beside it: (facts.json, the document)."""
    assert invoke("init", str(tmp_path / "ds")).exit_code == 0
    document = tmp_path / "bulletin.txt"
    document.write_text(CANADIAN, encoding="utf-8")
    return tmp_path / "ds" / "facts.json", document


class TestSourceCurrency:
    def test_source_add_records_it_and_add_verify_use_it(self, canadian: tuple[Path, Path]) -> None:
        """`source add --currency CAD` records the source's currency (schema 1.3); add
        --all makes its '$967' CAD 967, and verify reads it back so."""
        dataset, document = canadian
        added = invoke("source", "add", str(document), "--currency", "CAD", "--published",
                       "2017-03-31", "--data", str(dataset))  # fmt: skip
        assert added.exit_code == 0, added.output
        raw = json.loads(dataset.read_text(encoding="utf-8"))
        assert raw["schema_version"] == "1.3" and raw["sources"][0]["currency"] == "CAD"
        assert invoke("add", "--all", "--data", str(dataset)).exit_code == 0
        values = {f["text"]: f["value"] for f in json.loads(dataset.read_text())["facts"]}
        assert values["$967"] == {"amount": "967", "currency": "CAD"}
        assert values["US$4.2 billion"] == {"amount": "4200000000", "currency": "USD"}
        assert verify_dataset(load_dataset(dataset)).ok

    def test_verify_reads_dollars_in_the_sources_currency(
        self, canadian: tuple[Path, Path]
    ) -> None:
        """A fact that says USD for a CAD source's '$967' is a problem verify reports."""
        dataset, document = canadian
        invoke("source", "add", str(document), "--currency", "CAD", "--data", str(dataset))
        invoke("add", "--all", "--data", str(dataset))
        raw = json.loads(dataset.read_text(encoding="utf-8"))
        fact = next(f for f in raw["facts"] if f["text"] == "$967")
        fact["value"]["currency"] = "USD"
        dataset.write_text(json.dumps(raw), encoding="utf-8")
        problems = [str(p) for p in verify_dataset(load_dataset(dataset)).problems]
        assert problems == [
            f"{fact['id']}: value 967 USD differs from 967 CAD, which the text '$967' says"
        ]

    def test_a_code_that_is_none_is_refused_and_nothing_written(
        self, canadian: tuple[Path, Path]
    ) -> None:
        """An unknown code: exit 2, one error line naming it, the folder as it was."""
        dataset, document = canadian
        before = snapshot(dataset.parent.parent)
        result = invoke("source", "add", str(document), "--currency", "CDN", "--data",
                        str(dataset))  # fmt: skip
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            "factcli: error: the source's details do not fit the dataset format",
            "  --currency 'CDN': 'CDN' is not an ISO 4217 code of a currency in use "
            "(e.g. USD, CAD, EUR)",
        ]
        assert snapshot(dataset.parent.parent) == before

    def test_sidecar_gives_it(self, canadian: tuple[Path, Path], tmp_path: Path) -> None:
        """A sidecar's 'currency' column gives each file's currency."""
        dataset, document = canadian
        sidecar = tmp_path / "sources.csv"
        sidecar.write_text(f"file,currency\n{document.name},nzd\n", encoding="utf-8")
        result = invoke("source", "add", str(document), "--metadata", str(sidecar), "--data",
                        str(dataset))  # fmt: skip
        assert result.exit_code == 0, result.output
        assert json.loads(dataset.read_text())["sources"][0]["currency"] == "NZD"


class TestSchema:
    @pytest.mark.parametrize("version", ["1.0", "1.1", "1.2", "1.3"])
    def test_earlier_versions_load(self, version: str) -> None:
        """A source without a currency loads at every 1.x version; its '$' is USD."""
        source = {
            "id": "s", "title": "t", "publisher": "p", "published": "2024-01-01",
            "url": "https://example.org", "file": "s.txt", "sha256": "0" * 64, "rights": "r",
        }  # fmt: skip
        dataset = Dataset.model_validate(
            {"schema_version": version, "sources": [source], "facts": []}
        )
        assert dataset.sources[0].currency is None

    def test_the_field_is_in_the_json_schema(self) -> None:
        """`factcli schema` describes the source's currency."""
        result = invoke("schema")
        source = json.loads(result.stdout)["$defs"]["Source"]["properties"]
        assert "currency" in source and "bare" in source["currency"]["description"]


class TestFormats:
    def test_money_carries_its_code(self, canadian: tuple[Path, Path]) -> None:
        """Every format that shows a money value shows its currency: json and csv in a
        column, markdown beside the amount, the table by its sign as people write it (C$),
        plain through --fields."""
        dataset, document = canadian
        invoke("source", "add", str(document), "--currency", "CAD", "--data", str(dataset))
        invoke("add", "--all", "--data", str(dataset))
        data = ("--data", str(dataset), "--kind", "money")

        def shown(fmt: str, *more: str) -> str:
            result = invoke("list", *data, "-f", fmt, *more)
            assert result.exit_code == 0, result.output
            return result.stdout

        assert [f["currency"] for f in json.loads(shown("json"))] == ["CAD", "USD"]
        assert [json.loads(line)["display"] for line in shown("jsonl").splitlines()] == [
            "967 CAD", "$4,200,000,000",
        ]  # fmt: skip
        assert ",967,967 CAD,967,CAD," in shown("csv")
        assert "967 CAD" in shown("markdown")
        assert "C$967" in shown("table") and "$4.2 billion" in shown("table")
        assert shown("plain", "--fields", "value,currency").splitlines() == [
            "967\tCAD", "4200000000\tUSD",
        ]  # fmt: skip
