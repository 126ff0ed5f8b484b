"""Money as people write it, for tables: never more precise than the text it was read from."""

from __future__ import annotations

from decimal import Decimal

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.language.spoken import spoken_money
from factcli.language.values import Money, Qualifier

runner = CliRunner()


@pytest.mark.parametrize(
    ("amount", "currency", "qualifier", "text", "said"),
    [
        ("1000000000", "USD", "approximately", "approximately $1 billion", "about $1 billion"),
        ("8500000", "USD", "exact", "$8.5 million", "$8.5 million"),
        ("120000000", "CAD", "exact", "$120 million", "C$120 million"),
        ("120000000", "CAD", "exact", "C$120 million", "C$120 million"),
        ("7000000000", "NZD", "more_than", "over NZ$7 billion", "over NZ$7 billion"),
        ("5000000", "EUR", "exact", "5 million euros", "€5 million"),
        ("120000000", "CHF", "exact", "CHF 120 million", "CHF 120 million"),
        ("1234500000", "USD", "exact", "$1.2345 billion", "$1.2345 billion"),
        # Written out in full: scaled when that is as short as people write it ...
        ("8500000", "USD", "exact", "$8,500,000", "$8.5 million"),
        # ... else every digit, as the text wrote it.
        ("4242825", "USD", "exact", "$4,242,825", "$4,242,825"),
        # Cents written out are written out too (a trailing 0 is no reason to scale).
        ("1250000.50", "USD", "approximately", "about $1,250,000.50", "about $1,250,000.50"),
        # More digits than a decimal context holds: scaled exactly, never rounded.
        (
            "1234567890123456789012345678901.1",
            "USD",
            "exact",
            "$1,234,567,890,123,456,789,012,345,678,901.10",
            "$1,234,567,890,123,456,789.0123456789011 trillion",
        ),
        # Under a million, written out; cents with two digits.
        ("850000", "USD", "at_least", "at least $850,000", "at least $850,000"),
        ("0.78", "USD", "exact", "78 cents", "$0.78"),
        ("2.5", "GBP", "less_than", "under £2.50", "under £2.50"),
    ],
)
def test_said_as_people_write_it(
    amount: str, currency: str, qualifier: Qualifier, text: str, said: str
) -> None:
    """The sign of its currency, a scale word, the qualifier in plain words."""
    assert spoken_money(Money(Decimal(amount), currency), qualifier, text) == said


def test_never_more_precise_than_the_text() -> None:
    """ "$1 billion" is never shown as $1,000,000,000, and a table's "$4,242,825" under
    "In Millions of Dollars" keeps its precision, a millionth of a trillion."""
    assert spoken_money(Money(Decimal("1000000000"), "USD"), "exact", "$1 billion") == "$1 billion"
    in_millions = Money(Decimal("4242825000000"), "USD")
    assert spoken_money(in_millions, "exact", "$4,242,825") == "$4.242825 trillion"


class TestOnlyTablesSayIt:
    def test_table_says_it(self) -> None:
        """A table (and a fact's panel) says "about $1 billion" and "$8.5 million"."""
        result = runner.invoke(app, ["money", "-f", "table"])
        assert result.exit_code == 0, result.output
        assert "about $1 billion" in result.stdout and "$8.5 million" in result.stdout
        assert "1,000,000,000" not in result.stdout
        shown = runner.invoke(app, ["show", "acf-case-management-awards-2022", "-f", "table"])
        assert "$8.5 million   machine: 8500000" in shown.stdout

    @pytest.mark.parametrize("fmt", ["plain", "csv", "json", "jsonl", "markdown"])
    def test_other_formats_stay_exact(self, fmt: str) -> None:
        """Plain, CSV, JSON and markdown keep the exact amount."""
        result = runner.invoke(app, ["money", "-f", fmt])
        assert result.exit_code == 0, result.output
        assert "1000000000" in result.stdout or "1,000,000,000" in result.stdout
        assert "about $1 billion" not in result.stdout
