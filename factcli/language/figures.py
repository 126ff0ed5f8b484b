"""The figures and dates a sentence states, so that `verify` can hold a fact's statement
and its quote to its value.

Each finder looks for the spans that read as one kind of value ("$85 million", "1 in 3",
"41%", "38 years", "March 2023", "in 2021") and reads each span with `factcli.language.readers`,
so a sentence is read exactly as a fact's ``text`` is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from factcli.language.calendar import MONTH_PATTERN
from factcli.language.currencies import DEFAULT_CURRENCY, SIGN_PATTERN
from factcli.language.readers import (
    WORD_NUMBERS,
    UnreadableText,
    read_date,
    read_money,
    read_number,
    read_statistic,
)
from factcli.language.scales import SCALE_PATTERN, SCALE_WORD_PATTERN, SCALES
from factcli.language.values import (
    DateInterval,
    DateLike,
    FiscalYear,
    Money,
    PartialDate,
    Percent,
    Quantity,
    Ratio,
    Value,
)

_SCALE = rf"(?:\s*{SCALE_PATTERN}\b)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_NUMBER = rf"(?:{_DIGITS}|\b(?:{_WORD})\b)"
_MONEY_RE = re.compile(rf"(?:{SIGN_PATTERN})\s*(?:{_DIGITS}){_SCALE}", re.IGNORECASE)
_RATIO_RE = re.compile(
    rf"(?<![\d.,]){_NUMBER}\s+(?:in|out\s+of)\s+(?:every\s+)?{_NUMBER}", re.IGNORECASE
)
_PERCENT_RE = re.compile(rf"(?<![\d.,])(?:{_DIGITS})\s*(?:%|percent\b|per\s+cent\b)", re.I)
_MONTH = MONTH_PATTERN
_YEAR = r"(?:1[5-9]\d\d|2\d\d\d)"
_DATE_RE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"
    rf"|\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b"
    rf"|(?<![\d,.$])\b{_YEAR}-\d\d(?:-\d\d)?\b"
    rf"|\b(?:in|on|since|during|by|until|as\s+of|from|through)\s+(?P<year>{_YEAR})\b(?![,.]?\d)"
    # A month without a year ("in September"): its year is the document's, if known.
    rf"|\b(?:in|during|since|by|until|through|from)\s+(?P<month>{_MONTH})(?![\w.]|\s*,?\s*\d)",
    re.IGNORECASE,
)

_BARE_YEAR_RE = re.compile(r"(?<![\d,.$€£-])\b((?:19|20)\d\d)\b(?![,.]?\d)")


@dataclass(frozen=True)
class Stated:
    """A value a sentence states, and the words that state it."""

    value: Value
    words: str


def stated_money(text: str, currency: str = DEFAULT_CURRENCY) -> Iterator[Stated]:
    """Amounts of money written with their currency: "$8.5 million", "€500", "NZ$7
    billion"; ``currency`` is what a bare "$" is in (the document's)."""
    for match in _MONEY_RE.finditer(text):
        yield from _read(match.group(), lambda words: read_money(words, currency=currency).value)


def stated_dates(text: str, reference: PartialDate | None = None) -> Iterator[Stated]:
    """Dates: "April 26, 2023", "March 2023", "2023-03", years after "in", "since"..., and
    months after them ("in September", in the year nearest ``reference``, if given)."""
    for match in _DATE_RE.finditer(text):
        if year := match.group("year"):
            yield Stated(PartialDate(int(year)), match.group())
        elif month := match.group("month"):
            if reference is not None:
                yield from _read(month, lambda words: read_date(words, reference))
        else:
            yield from _read(match.group(), read_date)


def stated_ratios(text: str) -> Iterator[Stated]:
    """Shares said as N in M: "1 in 3", "one out of four"."""
    for match in _RATIO_RE.finditer(text):
        yield from _read(match.group(), lambda words: read_statistic(words).value)


def stated_percents(text: str) -> Iterator[Stated]:
    """Percentages: "41%", "12.5 percent"."""
    for match in _PERCENT_RE.finditer(text):
        yield from _read(match.group(), lambda words: read_statistic(words).value)


def stated_quantities(text: str, unit: str) -> Iterator[Stated]:
    """Counts of a unit: "10 community-based organizations" for the unit's first word."""
    first = unit.split()[0] if unit.split() else ""
    if not first:
        return
    pattern = re.compile(
        rf"(?<![\d.,$€£])(?P<number>{_NUMBER})(?:\s+(?P<scale>{SCALE_WORD_PATTERN}))?"
        rf"\s+{re.escape(first)}(?![\w-])",
        re.IGNORECASE,
    )
    for match in pattern.finditer(text):
        try:
            amount = read_number(match["number"])
        except ArithmeticError:
            continue
        if match["scale"]:
            amount *= SCALES[match["scale"].lower()]
        yield Stated(Quantity(amount, unit), match.group())


def _read(words: str, reader: Callable[[str], Value]) -> Iterator[Stated]:
    try:
        value = reader(words)
    except (UnreadableText, ArithmeticError, ValueError):
        return
    yield Stated(value, words)


def statement_disagreement(
    statement: str,
    value: Value,
    published: PartialDate | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Stated | None:
    """A figure of the value's kind the statement states, when none it states is the
    value ("$85 million" for 8500000); None when it agrees or states no such figure.
    (``published`` is the document's date, for dates: see `date_disagreement`;
    ``currency`` the document's, what a bare "$" is in.)"""
    if isinstance(value, Money):
        found = list(stated_money(statement, currency))
        agrees = any(
            isinstance(s.value, Money) and (s.value.amount, s.value.currency)
            == (value.amount, value.currency) for s in found
        )  # fmt: skip
    elif isinstance(value, Ratio):
        found = list(stated_ratios(statement))
        agrees = any(s.value == value for s in found)
    elif isinstance(value, Percent):
        found = list(stated_percents(statement))
        agrees = any(
            isinstance(s.value, Percent) and s.value.percent == value.percent for s in found
        )
    elif isinstance(value, Quantity) and value.unit:
        found = list(stated_quantities(statement, value.unit))
        agrees = any(
            isinstance(s.value, Quantity) and s.value.amount == value.amount for s in found
        )
    elif isinstance(value, PartialDate | DateInterval | FiscalYear):
        return date_disagreement(statement, value, published)
    else:  # a value shape this check does not read
        return None
    return found[0] if found and not agrees else None


def date_disagreement(
    text: str, day: DateLike, published: PartialDate | None = None
) -> Stated | None:
    """A date the text states, when none it states overlaps ``day``; None otherwise.

    With ``published`` (the document's date), a month without a year takes the nearest
    year, and the document's own date (a dateline) is not taken for the fact's.
    """
    found = [
        (s, s.value)
        for s in stated_dates(text, published)
        if isinstance(s.value, PartialDate | DateInterval | FiscalYear)
    ]
    # A bare year ("the 2006 rate") may be a count, so it only ever agrees.
    years = [PartialDate(int(year)) for year in _BARE_YEAR_RE.findall(_DATE_RE.sub(" ", text))]
    if any(_overlap(said, day) for said in [*(said for _, said in found), *years]):
        return None
    others = [stated for stated, said in found if said != published]
    return others[0] if others else None


def _overlap(one: DateLike, other: DateLike) -> bool:
    return one.first_day() <= other.last_day() and other.first_day() <= one.last_day()
