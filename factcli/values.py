"""Plain value types of facts and how to say them to people and to machines.

These are frozen dataclasses with no dependency on pydantic, so that parsing
(`numbers.py`), checking (`provenance.py`) and rendering can share them cheaply.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal, get_args

Qualifier = Literal["exact", "approximately", "more_than", "less_than", "at_least", "at_most"]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)

Kind = Literal["statistic", "date", "money"]
KINDS: tuple[Kind, ...] = get_args(Kind)

# How a qualifier is said in front of a value shown to people.
QUALIFIER_WORDS: dict[Qualifier, str] = {
    "exact": "",
    "approximately": "approximately",
    "more_than": "over",
    "less_than": "under",
    "at_least": "at least",
    "at_most": "at most",
}

# English, whatever the user's locale: the documents are in English.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def plain_decimal(number: Decimal) -> str:
    """Write a Decimal in positional notation, without exponent or needless zeros.

    Exact at any size: only string operations, no arithmetic, which would round to the
    decimal context's 28 digits (or fail) past them.
    """
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").removesuffix(".")
    return "0" if text in ("-0", "") else text


def _grouped(number: Decimal) -> str:
    """Write a Decimal with thousands separators: 8500000 -> 8,500,000."""
    return format(Decimal(plain_decimal(number)), ",")


@dataclass(frozen=True)
class Money:
    """An amount of money in an ISO 4217 currency."""

    amount: Decimal
    currency: str

    def display(self) -> str:
        text = plain_decimal(self.amount)
        if "." in text and len(text.partition(".")[2]) == 1:  # cents take two digits: $2.50
            text += "0"
        amount = Decimal(text)
        symbol = CURRENCY_SYMBOLS.get(self.currency)
        return f"{symbol}{amount:,}" if symbol else f"{amount:,} {self.currency}"

    def machine(self) -> str:
        return plain_decimal(self.amount)


@dataclass(frozen=True)
class Ratio:
    """A share said as "N in M" (1 in 3)."""

    numerator: int
    denominator: int

    def display(self) -> str:
        percent = Decimal(100 * self.numerator) / Decimal(self.denominator)
        rounded = percent.to_integral_value()
        if percent == rounded:
            return f"{self.numerator} in {self.denominator} ({rounded}%)"
        return f"{self.numerator} in {self.denominator} (≈ {rounded}%)"

    def machine(self) -> str:
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class Percent:
    """A share said as a percentage (41%)."""

    percent: Decimal

    def display(self) -> str:
        return f"{plain_decimal(self.percent)}%"

    def machine(self) -> str:
        return f"{plain_decimal(self.percent)}%"


@dataclass(frozen=True)
class Quantity:
    """A count or a duration with its unit (10 organizations, 38 years)."""

    amount: Decimal
    unit: str

    def display(self) -> str:
        return f"{_grouped(self.amount)} {self.unit}"

    def machine(self) -> str:
        return plain_decimal(self.amount)


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day (EDTF level 0)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a date with a day needs a month")
        # date() rejects month 13, February 30 and friends.
        date(self.year, self.month or 1, self.day or 1)

    @classmethod
    @functools.lru_cache(maxsize=1 << 12)  # noqa: B019 (a class lives as long as its cache)
    def from_iso(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        match = _ISO_DATE.fullmatch(text)
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        try:
            return cls(year, month, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a real calendar date") from None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        following = date(self.year + 1, 1, 1) if month == 12 else date(self.year, month + 1, 1)
        return following - timedelta(days=1)

    def display(self) -> str:
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{month} {self.day}, {self.year}"

    def machine(self) -> str:
        return self.iso()


Value = Money | Ratio | Percent | Quantity | PartialDate


def display_value(value: Value, qualifier: Qualifier) -> str:
    """The value as people say it: ``over 1 in 3 (≈ 33%)``, ``approximately $1,000,000,000``."""
    words = QUALIFIER_WORDS[qualifier]
    shown = value.display()
    return f"{words} {shown}" if words else shown
