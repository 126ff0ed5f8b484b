"""Reading values from a document's words: money, statistics, dates, qualifiers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from factcli.language.calendar import MONTH_NAMES
from factcli.language.readers import (
    UnreadableText,
    read_amount,
    read_date,
    read_money,
    read_statistic,
    read_value,
    split_qualifier,
)
from factcli.language.values import Money, PartialDate, Percent, Quantity, Ratio


class TestMoney:
    @pytest.mark.parametrize(
        ("text", "amount", "currency"),
        [
            ("$8.5 million", "8500000", "USD"),
            ("$1 billion", "1000000000", "USD"),
            ("$2,500", "2500", "USD"),
            ("$1.2M", "1200000", "USD"),
            ("$3bn", "3000000000", "USD"),
            ("$750K", "750000", "USD"),
            ("8.5 million dollars", "8500000", "USD"),
            ("€40 million", "40000000", "EUR"),
            ("500 GBP", "500", "GBP"),
            ("US$ 12", "12", "USD"),
        ],
    )
    def test_amounts(self, text: str, amount: str, currency: str) -> None:
        """Symbols, codes, separators and scale words give the exact Decimal amount."""
        reading = read_money(text)
        assert reading.value == Money(Decimal(amount), currency)
        assert reading.qualifier == "exact"

    @pytest.mark.parametrize("text", ["$", "8.5 million", "$five", "$5 EUR", "about"])
    def test_unreadable(self, text: str) -> None:
        """Words that are not money, or whose currency is unclear, are refused."""
        with pytest.raises(UnreadableText):
            read_money(text)

    @given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
    def test_million_round_trip(self, amount: Decimal) -> None:
        """Any amount written as "$X million" reads back as X times a million."""
        assert read_money(f"${amount} million").value == Money(amount * 10**6, "USD")

    @given(st.integers(min_value=0, max_value=10**15))
    def test_grouped_digits_round_trip(self, amount: int) -> None:
        """Any whole amount written with thousands separators reads back exactly."""
        assert read_money(f"${amount:,}").value == Money(Decimal(amount), "USD")


class TestStatistic:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("1 in 3", Ratio(1, 3)),
            ("one in four", Ratio(1, 4)),
            ("One out of five", Ratio(1, 5)),
            ("1 in 3 women", Ratio(1, 3)),
            ("41%", Percent(Decimal("41"))),
            ("41 percent", Percent(Decimal("41"))),
            ("12.5 per cent", Percent(Decimal("12.5"))),
            (
                "10 community-based organizations",
                Quantity(Decimal("10"), "community-based organizations"),
            ),
            ("38 years", Quantity(Decimal("38"), "years")),
            ("twenty-one days", Quantity(Decimal("21"), "days")),
            ("2 million people", Quantity(Decimal("2000000"), "people")),
            ("1,500 shelters", Quantity(Decimal("1500"), "shelters")),
        ],
    )
    def test_shapes(self, text: str, value: object) -> None:
        """Ratios, percents and counts with units are told apart by their words."""
        assert read_statistic(text).value == value

    @pytest.mark.parametrize("text", ["1 in 0", "many", "4 in 3", "in 3"])
    def test_unreadable(self, text: str) -> None:
        """A zero denominator, a share over one, or words without a number are refused."""
        with pytest.raises(UnreadableText):
            read_statistic(text)

    @given(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=1000))
    def test_ratio_round_trip(self, numerator: int, denominator: int) -> None:
        """Any "N in M" (a share: N at most M) reads back as the ratio N/M."""
        assume(numerator <= denominator)
        assert read_statistic(f"{numerator} in {denominator}").value == Ratio(
            numerator, denominator
        )


class TestQualifier:
    @pytest.mark.parametrize(
        ("text", "qualifier"),
        [
            ("over 1 in 3", "more_than"),
            ("more than 1 in 3", "more_than"),
            ("approximately $1 billion", "approximately"),
            ("about 40%", "approximately"),
            ("nearly 40%", "less_than"),
            ("close to 40%", "approximately"),
            ("almost 40%", "less_than"),
            ("at least 10 organizations", "at_least"),
            ("up to $2,500", "at_most"),
            ("less than 5%", "less_than"),
            ("Over 1 in 3", "more_than"),
            ("1 in 3", "exact"),
        ],
    )
    def test_phrases(self, text: str, qualifier: str) -> None:
        """Leading words set the qualifier, whatever their case."""
        assert split_qualifier(text)[0] == qualifier
        assert read_value(text, "money" if "$" in text else "statistic").qualifier == qualifier

    def test_rest_is_the_value(self) -> None:
        """The qualifier's words are removed from what is read as the value."""
        assert split_qualifier("more  than 1 in 3") == ("more_than", "1 in 3")


class TestDate:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("April 26, 2023", PartialDate(2023, 4, 26)),
            ("March 2023", PartialDate(2023, 3)),
            ("In 2021", PartialDate(2021)),
            ("2021", PartialDate(2021)),
            ("Oct. 2022", PartialDate(2022, 10)),
            ("Sept. 2022", PartialDate(2022, 9)),
            ("26 April 2023", PartialDate(2023, 4, 26)),
            ("on April 26th, 2023", PartialDate(2023, 4, 26)),
            ("2023-04-26", PartialDate(2023, 4, 26)),
            ("2023-03", PartialDate(2023, 3)),
        ],
    )
    def test_forms(self, text: str, value: PartialDate) -> None:
        """Each written form keeps its true precision: no day is invented."""
        assert read_date(text) == value

    @pytest.mark.parametrize("text", ["February 30, 2023", "Smarch 2023", "2023-13", "yesterday"])
    def test_unreadable(self, text: str) -> None:
        """Dates that do not exist, or are not dates, are refused with an example."""
        with pytest.raises(UnreadableText, match="date"):
            read_date(text)

    @given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
    def test_written_day_round_trip(self, day: date) -> None:
        """Any day written as "Month D, YYYY" reads back as that day."""
        text = f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
        assert read_date(text) == PartialDate(day.year, day.month, day.day)

    @given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
    def test_written_month_round_trip(self, day: date) -> None:
        """Any month written as "Mon. YYYY" reads back at month precision."""
        text = f"{MONTH_NAMES[day.month - 1][:3]}. {day.year}"
        assert read_date(text) == PartialDate(day.year, day.month)

    @given(st.dates(min_value=date(1000, 1, 2)))
    def test_display_round_trip(self, day: date) -> None:
        """What factcli displays for a date, it reads back."""
        for value in (
            PartialDate(day.year),
            PartialDate(day.year, day.month),
            PartialDate(day.year, day.month, (day - timedelta(days=1)).day)
            if day.day > 1
            else PartialDate(day.year, day.month, 1),
        ):
            assert read_date(value.display()) == value


class TestAmount:
    @pytest.mark.parametrize(
        ("text", "amount"),
        [("1000000", "1000000"), ("1M", "1000000"), ("$8.5 million", "8500000"), ("2,500", "2500")],
    )
    def test_filter_amounts(self, text: str, amount: str) -> None:
        """Bare amounts for filters accept digits, scale letters and money words."""
        assert read_amount(text) == Decimal(amount)

    def test_unreadable(self) -> None:
        """A word that is no amount is refused with accepted examples."""
        with pytest.raises(UnreadableText, match="1M"):
            read_amount("lots")
