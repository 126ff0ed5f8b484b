"""How values are said to people and to machines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcli.language.values import (
    Money,
    PartialDate,
    Percent,
    Quantity,
    Ratio,
    display_value,
    plain_decimal,
)


class TestDisplay:
    @pytest.mark.parametrize(
        ("value", "qualifier", "expected"),
        [
            (Ratio(1, 3), "more_than", "over 1 in 3 (≈ 33%)"),
            (Ratio(1, 4), "exact", "1 in 4 (25%)"),
            (Money(Decimal("8500000"), "USD"), "exact", "$8,500,000"),
            (Money(Decimal("1000000000"), "USD"), "approximately", "approximately $1,000,000,000"),
            (Money(Decimal("2500.50"), "EUR"), "at_most", "at most €2,500.50"),
            (Money(Decimal("12"), "CHF"), "exact", "12 CHF"),
            (Percent(Decimal("41")), "less_than", "under 41%"),
            (Quantity(Decimal("38"), "years"), "exact", "38 years"),
            (Quantity(Decimal("1500"), "people"), "at_least", "at least 1,500 people"),
            (PartialDate(2023, 3), "exact", "March 2023"),
            (PartialDate(2023, 4, 26), "exact", "April 26, 2023"),
            (PartialDate(2021), "exact", "2021"),
        ],
    )
    def test_display(self, value: object, qualifier: str, expected: str) -> None:
        """Each value type reads as people say it, with its qualifier in front."""
        assert display_value(value, qualifier) == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Ratio(1, 3), "1/3"),
            (Money(Decimal("8500000.0"), "USD"), "8500000"),
            (Money(Decimal("1E+9"), "USD"), "1000000000"),
            (Money(Decimal("2.50"), "USD"), "2.5"),
            (Percent(Decimal("41.0")), "41%"),
            (Quantity(Decimal("10"), "organizations"), "10"),
            (PartialDate(2023, 3), "2023-03"),
        ],
    )
    def test_machine(self, value: object, expected: str) -> None:
        """Machine forms are plain: no separators, no exponent, dates in ISO 8601."""
        assert value.machine() == expected  # type: ignore[attr-defined]


class TestPartialDate:
    def test_bounds_follow_precision(self) -> None:
        """A month covers its whole month, a year its whole year."""
        assert PartialDate(2024, 2).first_day() == date(2024, 2, 1)
        assert PartialDate(2024, 2).last_day() == date(2024, 2, 29)
        assert PartialDate(2021).last_day() == date(2021, 12, 31)

    @pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "23-01", "2023-1-1", "2023/01"])
    def test_rejects_unreal_or_malformed(self, text: str) -> None:
        """Only YYYY, YYYY-MM and YYYY-MM-DD naming a real day are dates."""
        with pytest.raises(ValueError):
            PartialDate.from_iso(text)

    def test_round_trip(self) -> None:
        """ISO text reads back to the same precision."""
        for text in ("2021", "2023-03", "2023-04-26"):
            assert PartialDate.from_iso(text).iso() == text


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_plain_decimal_is_positional_and_exact(number: Decimal) -> None:
    """Whatever its exponent (1E+9, 1.50, 1E-7), a number is written out in full, with no
    needless zeros, and reads back as the same number."""
    text = plain_decimal(number)
    assert "E" not in text and "e" not in text
    assert Decimal(text) == number
    if "." in text:
        assert not text.endswith(("0", "."))
