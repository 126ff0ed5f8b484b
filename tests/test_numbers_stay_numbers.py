"""Numbers stay numbers: number, currency, unit and date columns; one currency per filter."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.model.records import FLAT_COLUMNS
from tests.conftest import WriteDataset, fact_index

runner = CliRunner()
MONEY = "acf-case-management-awards-2022"
NUMERIC = ("number", "currency", "unit", "date_start", "date_end")


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def csv_rows(*args: str) -> dict[str, dict[str, str]]:
    result = run(*args, "-f", "csv")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def with_value(raw: dict[str, Any], fact_id: str, value: dict[str, Any], **fields: Any) -> None:
    raw["facts"][fact_index(raw, fact_id)].update(value=value, **fields)


class TestColumns:
    def test_listed_once(self) -> None:
        """The numeric columns are part of the one list of flat columns."""
        assert set(NUMERIC) <= set(FLAT_COLUMNS)

    def test_shipped_values(self) -> None:
        """Money keeps its currency; ratios and counts are plain decimals; dates cover days."""
        rows = csv_rows("list")
        money = rows[MONEY]
        assert (money["number"], money["currency"]) == ("8500000", "USD")
        assert (money["date_start"], money["date_end"]) == ("2022-10-01", "2022-10-31")
        ratio = rows["us-women-violence-lifetime-ratio"]
        assert Decimal(ratio["number"]).quantize(Decimal("0.0001")) == Decimal("0.3333")
        assert rows["fvpsa-program-years"]["number"] == "38"
        assert rows["fvpsa-program-years"]["unit"] == "years"
        assert rows["ofvps-established-date"]["number"] == ""
        assert rows["ofvps-established-date"]["date_end"] == "2023-03-31"

    @pytest.mark.parametrize(
        ("value", "when", "expected"),
        [
            ({"percent": "12.5"}, None, ("0.125", "", "", "")),
            ({"percentage_points": "0.4", "change": "increase"}, None, ("0.004", "", "", "")),
            ({"amount": "35000", "unit": "jobs", "change": "decrease"}, None,
             ("-35000", "jobs", "", "")),
            ({"amount": "178000", "per": "month"}, "FY2018", ("178000", "per month",
                                                             "2017-10-01", "2018-09-30")),
            ({"numerator": "12.4", "denominator": 1000}, "2010/2014",
             ("0.0124", "", "2010-01-01", "2014-12-31")),
        ],
    )  # fmt: skip
    def test_value_forms(
        self,
        shipped_raw: dict[str, Any],
        write_dataset: WriteDataset,
        value: dict[str, Any],
        when: str | None,
        expected: tuple[str, ...],
    ) -> None:
        """Shares are fractions of 1, decreases negative, fiscal years and ranges are days."""
        fact_id = "fvpsa-program-years"
        with_value(shipped_raw, fact_id, value, when=when)
        row = csv_rows("list", "--data", str(write_dataset(shipped_raw)))[fact_id]
        assert (row["number"], row["unit"], row["date_start"], row["date_end"]) == expected

    def test_json_number_is_a_number(self) -> None:
        """In JSON, number is a JSON number: jq can compare it."""
        result = run("list", "-f", "json")
        facts = {fact["id"]: fact for fact in json.loads(result.stdout)}
        assert facts[MONEY]["number"] == 8500000
        assert facts[MONEY]["currency"] == "USD"
        assert isinstance(facts["us-women-violence-lifetime-ratio"]["number"], float)

    def test_export_csv_has_them(self) -> None:
        """export -f csv holds the same columns."""
        result = run("export", "-f", "csv")
        header = next(csv.reader(io.StringIO(result.stdout)))
        assert header == list(FLAT_COLUMNS)


class TestCurrency:
    @pytest.fixture()
    def euros(self, shipped_raw: dict[str, Any], write_dataset: WriteDataset) -> str:
        """The shipped dataset with its $8.5 million made €40 million."""
        with_value(shipped_raw, MONEY, {"amount": "40000000", "currency": "EUR"})
        return str(write_dataset(shipped_raw))

    def test_mixed_amount_filter_is_an_error(self, euros: str) -> None:
        """--min over dollars and euros says so, and names the currencies."""
        result = run("money", "--min", "30M", "--data", euros)
        assert result.exit_code == 2
        assert "different currencies (EUR, USD)" in result.stderr
        assert "--currency" in result.stderr

    def test_mixed_search_filter_is_an_error(self, euros: str) -> None:
        """search with --max over two currencies is refused as well."""
        result = run("search", "domestic", "violence", "--max", "1B", "--data", euros)
        assert result.exit_code == 2, result.output
        assert "different currencies" in result.stderr

    @pytest.mark.parametrize(
        ("code", "expected"), [("EUR", [MONEY]), ("usd", ["arp-domestic-violence-funding-2021"])]
    )
    def test_currency_picks_one(self, euros: str, code: str, expected: list[str]) -> None:
        """--currency keeps one currency's money, so the amounts compare."""
        rows = csv_rows("money", "--min", "30M", "--currency", code, "--data", euros)
        assert list(rows) == expected

    def test_bad_code(self) -> None:
        """A currency code that is not three letters is a usage error."""
        result = run("money", "--currency", "dollars")
        assert result.exit_code == 2
        assert result.stderr.startswith("factcli: error: --currency:")
