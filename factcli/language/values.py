"""Plain value types of facts and how to say them to people and to machines.

These are frozen dataclasses with no dependency on pydantic, so that parsing
(`readers.py`), checking (`provenance.py`) and rendering can share them cheaply.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, get_args

from factcli.language.calendar import MONTH_NAMES

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

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def plain_decimal(number: Decimal) -> str:
    """Write a Decimal in positional notation, without exponent or needless zeros.

    Exact at any size: only string operations, no arithmetic, which would round to the
    decimal context's 28 digits (or fail) past them.
    """
    text = str(number)  # positional unless it holds an exponent; quicker than format()
    if "E" in text:
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


Change = Literal["increase", "decrease"]


def _with_change(shown: str, change: Change | None) -> str:
    return f"{shown} ({change})" if change else shown


@dataclass(frozen=True)
class Ratio:
    """A share said as "N in M" (1 in 3, 12.4 out of every 1,000) or as a fraction word (half)."""

    numerator: Decimal
    denominator: Decimal

    def __init__(self, numerator: Decimal | int, denominator: Decimal | int) -> None:
        object.__setattr__(self, "numerator", Decimal(numerator))
        object.__setattr__(self, "denominator", Decimal(denominator))

    def display(self) -> str:
        percent = Decimal(100) * self.numerator / self.denominator
        rounded = percent.to_integral_value()
        said = f"{plain_decimal(self.numerator)} in {_grouped(self.denominator)}"
        if percent == rounded:
            return f"{said} ({rounded}%)"
        if abs(percent) < 10:
            return f"{said} (≈ {percent.quantize(Decimal('0.01')).normalize()}%)"
        return f"{said} (≈ {rounded}%)"

    def machine(self) -> str:
        return f"{plain_decimal(self.numerator)}/{plain_decimal(self.denominator)}"


@dataclass(frozen=True)
class Percent:
    """A share said as a percentage (41%), or a change by a percentage (grew by 1.4%)."""

    percent: Decimal
    change: Change | None = None

    def display(self) -> str:
        return _with_change(f"{plain_decimal(self.percent)}%", self.change)

    def machine(self) -> str:
        return f"{plain_decimal(self.percent)}%"


@dataclass(frozen=True)
class PercentagePoints:
    """A difference of two percentages (0.4 percentage point higher)."""

    points: Decimal
    change: Change | None = None

    def display(self) -> str:
        unit = "percentage point" if self.points == 1 else "percentage points"
        return _with_change(f"{plain_decimal(self.points)} {unit}", self.change)

    def machine(self) -> str:
        return f"{plain_decimal(self.points)}pp"


@dataclass(frozen=True)
class Quantity:
    """A count, a duration or a rate, with its unit if the words give one.

    ``10 organizations``, ``38 years``, ``178,000 per month`` (a rate: ``per`` is "month"),
    ``156,000`` (no head noun), and changes: ``+35,000`` (``change`` is "increase").
    """

    amount: Decimal
    unit: str | None = None
    per: str | None = None
    change: Change | None = None

    def display(self) -> str:
        shown = f"{_grouped(self.amount)} {self.unit}" if self.unit else _grouped(self.amount)
        return _with_change(shown, self.change)

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
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"there is no month {self.month}")
        # date() rejects month 13, February 30 and friends, and (through the last day)
        # a year whose days cannot all be counted: 0, 9999's December.
        try:
            self.first_day()
            self.last_day()
        except (ValueError, OverflowError):
            raise ValueError("no such calendar date") from None

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


# U.S. federal fiscal years start on October 1 and are named by the year they end in.
FISCAL_YEAR_START_MONTH = 10


@dataclass(frozen=True)
class FiscalYear:
    """A U.S. federal fiscal year: FY2007 runs from 2006-10-01 to 2007-09-30."""

    year: int

    def __post_init__(self) -> None:
        # Every date printed, sorted or compared is one of its days: FY0000 has none.
        try:
            self.first_day()
            self.last_day()
        except (ValueError, OverflowError):
            raise ValueError(f"there is no fiscal year {self.year}") from None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return "year"

    def iso(self) -> str:
        return f"FY{self.year:04d}"

    def first_day(self) -> date:
        return date(self.year - 1, FISCAL_YEAR_START_MONTH, 1)

    def last_day(self) -> date:
        return date(self.year, FISCAL_YEAR_START_MONTH, 1) - timedelta(days=1)

    def display(self) -> str:
        return f"fiscal year {self.year}"

    def machine(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DateInterval:
    """A period written as one range: ``2010 to 2014``, ``May 23 - June 5``, a quarter, or a
    range of fiscal years (``FY2026-FY2035``)."""

    start: PartialDate | FiscalYear
    end: PartialDate | FiscalYear

    def __post_init__(self) -> None:
        if isinstance(self.start, FiscalYear) != isinstance(self.end, FiscalYear):
            raise ValueError("a range of fiscal years must start and end with one")
        if self.end.last_day() < self.start.first_day():
            raise ValueError("a date range must not end before it starts")

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return self.start.precision

    def iso(self) -> str:
        return f"{self.start.iso()}/{self.end.iso()}"

    def first_day(self) -> date:
        return self.start.first_day()

    def last_day(self) -> date:
        return self.end.last_day()

    def display(self) -> str:
        start, end = self.start, self.end
        if isinstance(start, FiscalYear) or isinstance(end, FiscalYear):
            return f"fiscal years {start.year} to {end.year}"
        if start.year == end.year and start.month and end.month:
            head = start.display().rsplit(" ", 1)[0].rstrip(",") if start.day else start.display()
            head = head.removesuffix(f" {start.year}")
            return f"{head} to {end.display()}"
        return f"{start.display()} to {end.display()}"

    def machine(self) -> str:
        return self.iso()


DateLike = PartialDate | DateInterval | FiscalYear
_FISCAL = re.compile(r"FY(\d{4})")


@functools.lru_cache(maxsize=4096)
def date_from_iso(text: str) -> DateLike:
    """Read a stored date: ``2023-04-26``, ``2023-03``, ``2021``, ``FY2007``, ``2010/2014``.

    Raise ValueError for anything else. Dates are immutable, and a listing reads the same
    few thousand again and again: each is read once.
    """
    if match := _FISCAL.fullmatch(text):
        return FiscalYear(int(match[1]))
    if "/" in text:
        first, _, last = text.partition("/")
        start: PartialDate | FiscalYear
        end: PartialDate | FiscalYear
        if (fiscal_first := _FISCAL.fullmatch(first)) and (fiscal_last := _FISCAL.fullmatch(last)):
            start, end = FiscalYear(int(fiscal_first[1])), FiscalYear(int(fiscal_last[1]))
        else:
            start, end = PartialDate.from_iso(first), PartialDate.from_iso(last)
        try:
            return DateInterval(start, end)
        except ValueError as error:
            raise ValueError(f"{text!r}: {error}") from None
    return PartialDate.from_iso(text)


Value = (
    Money | Ratio | Percent | PercentagePoints | Quantity | PartialDate | DateInterval | FiscalYear
)


def value_object(value: Value) -> dict[str, Any]:
    """The value as the dataset file writes it (the ``value`` object of a fact)."""
    if isinstance(value, Money):
        return {"amount": plain_decimal(value.amount), "currency": value.currency}
    if isinstance(value, PartialDate | DateInterval | FiscalYear):
        return {"date": value.iso()}
    if isinstance(value, Ratio):
        return {"numerator": _whole_or_text(value.numerator),
                "denominator": _whole_or_text(value.denominator)}  # fmt: skip
    detail: dict[str, Any]
    if isinstance(value, Percent):
        detail = {"percent": plain_decimal(value.percent)}
    elif isinstance(value, PercentagePoints):
        detail = {"percentage_points": plain_decimal(value.points)}
    else:
        detail = {"amount": plain_decimal(value.amount), "unit": value.unit, "per": value.per}
    detail["change"] = value.change
    return {key: item for key, item in detail.items() if item is not None}


def _whole_or_text(number: Decimal) -> int | str:
    # Whole numbers stay JSON integers, as schema 1.0 wrote them.
    return int(number) if number == number.to_integral_value() else plain_decimal(number)


def display_value(value: Value, qualifier: Qualifier) -> str:
    """The value as people say it: ``over 1 in 3 (≈ 33%)``, ``approximately $1,000,000,000``."""
    words = QUALIFIER_WORDS[qualifier]
    shown = value.display()
    return f"{words} {shown}" if words else shown
