"""Dates, amounts and shares named in free text: a question, a heading, a title, a sentence.

Free text writes dates loosely ("jan 2017", "fiscal 2018", "FY18", "2022/23", "jun/jul 2022",
"Q2 2024", "September quarter 2024"), often in lower case: `date_mentions` finds them where
the extraction's span finder, made for documents, would read a capitalized word before a
year as a name. Each mention is read into the same values (`language.values`) every other
reader gives, with its place in the text, so a caller can take it out of the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcli.language.calendar import AMBIGUOUS_MONTHS, MISSPELT_MONTH_PATTERN, month_number
from factcli.language.scales import SCALE_OR_SHORT_PATTERN, SCALES
from factcli.language.words import fold

if TYPE_CHECKING:
    from factcli.language.values import DateLike

# A month's name or abbreviation as a whole word, misspelled inside as people do.
_MONTH = MISSPELT_MONTH_PATTERN
_YEAR = r"(?:1[5-9]|20)\d{2}"
# Months of one year named as a span ("june/july 2022", "jun - aug 2022", "may to june
# 2023"), or two months in a row joined by "and" or "or": every month of it is meant.
_MONTH_SPAN = (
    rf"\b(?P<span_from>{_MONTH})\.?\s*"
    r"(?P<span_join>/|-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\band\b|\bor\b)\s*"
    rf"(?P<span_to>{_MONTH})\.?,?\s+(?P<span_year>\d{{4}})\b"
)
# Years written as one span ("2022/2023", "2015-2016", "2019–2021", "2022/23", "2026–27").
_YEAR_SPAN = rf"\b(?P<years_from>{_YEAR})\s*[/–—-]\s*(?P<years_to>{_YEAR}|\d{{2}})\b(?![/.-]\d)"
# Quarters: "Q2 2024", "second quarter of 2015", "2024 Q3", "September quarter 2024" (the
# quarter ending in that month, as Australia and New Zealand name them).
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4}  # fmt: skip
_QUARTER = (
    rf"\bq(?P<q>[1-4])\s*(?:of\s+)?'?(?P<q_year>{_YEAR}|\d{{2}})\b"
    rf"|\b(?P<q_year2>{_YEAR})\s*q(?P<q2>[1-4])\b"
    r"|\b(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>quarter|half)"
    rf"\s+(?:of\s+)?(?:(?:calendar|fiscal)\s+)?(?:year\s+)?(?P<part_year>{_YEAR})\b"
    rf"|\b(?P<q_month>{_MONTH})\s+quarter\s+(?:of\s+)?(?P<q_month_year>{_YEAR})\b"
)
_FISCAL = r"\b(?:fiscal(?:\s+year)?|fy)\s?'?(?P<fiscal>\d{4}|\d{2})\b"
# Twelve months to a month: "year ended March 2018", "the year to June 2023", "12 months
# ending September 2024".
_YEAR_ENDED = (
    rf"\b(?:year|12\s+months|twelve\s+months)\s+(?:ended|ending|to)\s+(?P<ended_month>{_MONTH})"
    rf"\.?,?\s+(?P<ended_year>{_YEAR})\b"
)
# Decades: "the 1990s", "1970s".
_DECADE = r"\b(?P<decade>(?:1[5-9]|20)\d)0s\b"
_DATE_MENTION = re.compile(
    rf"{_YEAR_ENDED}|{_DECADE}|{_QUARTER}|{_MONTH_SPAN}|{_YEAR_SPAN}|{_FISCAL}|"
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month3>{_MONTH})\.?,?\s+"
    rf"(?P<year4>\d{{4}})\b"
    rf"|\b(?P<month2>{_MONTH})\.?,?\s+(?:of\s+)?(?P<year2>\d{{4}})\b"
    rf"|\b(?P<iso>\d{{4}}-\d{{2}}(?:-\d{{2}})?)\b|(?<![\d.,$])\b(?P<year3>{_YEAR})\b(?![.,]?\d)"
)
# A month named without a year ("in July", "the jul/aug revisions").
_LONE_MONTH = re.compile(rf"\b(?P<month>{_MONTH})\b")
# Month names that are other words too: named alone, they say a month only with a date word
# before them ("in may", "since march"). In lower-case text, "jun" and "aug" are too.
_AMBIGUOUS_MONTHS = AMBIGUOUS_MONTHS | {"jun", "aug"}
_MONTH_CUE = re.compile(r"\b(?:in|during|since|until|through|by|of|from|to|early|late|mid)\s*$")

_SCALE = SCALE_OR_SHORT_PATTERN
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_CURRENCY = r"(?:[a-z]{1,2}\$|\$|€|£|¥)"
_AMOUNT_MENTION = re.compile(
    rf"{_CURRENCY}\s?{_NUMBER}(?:\s*(?:{_SCALE}|[kmb])\b)?"
    rf"|(?:\b{_NUMBER}|\b(?:an?|one))\s+{_SCALE}(?:\s+(?:in\s+)?(?:dollars?|euros?|pounds?))?\b"
    rf"|\b{_NUMBER}\s+(?:dollars?|euros?|pounds?)\b"
)
_PERCENT_MENTION = re.compile(rf"(?<![\d.,]){_NUMBER}\s*(?:%|per\s?cent\b|percent\b)")


@dataclass(frozen=True)
class Mention:
    """A value named in a text, and where: ``text[start:end]`` names it."""

    start: int
    end: int
    value: object


def date_mentions(text: str) -> list[Mention]:
    """The dates a text names, each with its place (in the folded text, which keeps the
    text's length for ASCII text)."""
    lowered = fold(text)
    found: list[Mention] = []
    for match in _DATE_MENTION.finditer(lowered):
        try:
            value = _read(match)
        except ValueError:  # February 30th, a range that runs backwards
            continue
        if value is not None:
            found.append(Mention(match.start(), match.end(), value))
    return found


def _read(match: re.Match[str]) -> DateLike | None:
    from factcli.language.values import DateInterval as interval
    from factcli.language.values import FiscalYear as fiscal
    from factcli.language.values import PartialDate as partial

    if match["iso"]:
        return partial.from_iso(match["iso"])
    if match["ended_month"]:
        last = month_number(match["ended_month"])
        year = int(match["ended_year"])
        start = partial(year - 1, last + 1) if last < 12 else partial(year, 1)
        return interval(start, partial(year, last))
    if match["decade"]:
        first = int(match["decade"]) * 10
        return interval(partial(first), partial(first + 9))
    if match["q"] or match["q2"]:
        number = int(match["q"] or match["q2"])
        return _quarter(number, _full_year(match["q_year"] or match["q_year2"]))
    if match["ordinal"]:
        number = _ORDINALS[match["ordinal"]]
        year = int(match["part_year"])
        if match["part"] == "half":
            if number > 2:
                return None
            return interval(partial(year, 6 * number - 5), partial(year, 6 * number))
        return _quarter(number, year)
    if match["q_month"]:
        last = month_number(match["q_month"])
        year = int(match["q_month_year"])
        first = last - 2
        start = partial(year, first) if first >= 1 else partial(year - 1, first + 12)
        return interval(start, partial(year, last))
    if match["span_year"]:
        return _month_span(match)
    if match["years_from"]:
        first = int(match["years_from"])
        last_text = match["years_to"]
        last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
        if last <= first:
            return None
        return interval(partial(first), partial(last))
    if match["fiscal"]:
        year = _full_year(match["fiscal"])
        return fiscal(year)
    month = match["month"] or match["month2"] or match["month3"]
    year = int(match["year"] or match["year2"] or match["year3"] or match["year4"])
    day = match["day"] or match["day2"]
    return partial(year, month_number(month) if month else None, int(day) if day else None)


def _full_year(text: str) -> int:
    year = int(text)
    return year if year >= 100 else 2000 + year


def _quarter(number: int, year: int) -> DateLike:
    from factcli.language.values import DateInterval, PartialDate

    first = 3 * number - 2
    return DateInterval(PartialDate(year, first), PartialDate(year, first + 2))


def _month_span(match: re.Match[str]) -> DateLike | None:
    """The months of a `_MONTH_SPAN`, as one period. A span that runs backwards starts in
    the year before ("Dec/Jan 2022"). Two months not in a row joined by "and" or "or" are
    no span: the last is read as a date."""
    from factcli.language.values import DateInterval, PartialDate

    year = int(match["span_year"])
    first, last = (month_number(match[name]) for name in ("span_from", "span_to"))
    if match["span_join"] in ("and", "or") and (last - first) % 12 != 1:
        return PartialDate(year, last)
    if first == last:
        return PartialDate(year, first)
    start = PartialDate(year if first < last else year - 1, first)
    return DateInterval(start, PartialDate(year, last))


def lone_months(text: str) -> list[Mention]:
    """Months named without a year ("in July", "jul/aug"), by number, outside the dates
    `date_mentions` finds: a month that is also a word ("may") only after a date word."""
    lowered = fold(text)
    taken = [(m.start, m.end) for m in date_mentions(text)]
    found = []
    for match in _LONE_MONTH.finditer(lowered):
        if any(start <= match.start() < end for start, end in taken):
            continue
        word = match["month"]
        joined = re.search(rf"{_MONTH}\s*[/–—-]\s*$", lowered[: match.start()]) or re.match(
            rf"\s*[/–—-]\s*{_MONTH}", lowered[match.end() :]
        )
        if word in _AMBIGUOUS_MONTHS and not (
            _MONTH_CUE.search(lowered[max(0, match.start() - 12) : match.start()]) or joined
        ):
            continue
        found.append(Mention(match.start(), match.end(), month_number(word)))
    return found


def amount_mentions(text: str) -> list[Mention]:
    """The amounts of money a text names ("$8.5 million", "a billion dollars", "€500"), as
    decimal amounts (their currency aside)."""
    from decimal import Decimal

    lowered = fold(text)
    found = []
    for match in _AMOUNT_MENTION.finditer(lowered):
        words = re.sub(r"\b(?:in\s+)?(?:dollars?|euros?|pounds?)\b", "", match.group())
        words = re.sub(r"^(?:an?|one)\b", "1", words)
        words = re.sub(_CURRENCY, "", words).replace(",", "").strip()
        number, _, scale = words.partition(" ")
        if not scale and number[-1:] in ("k", "m", "b"):  # "$8.5m"
            number, scale = number[:-1], number[-1]
        try:
            amount = Decimal(number) * SCALES.get(scale.strip(), 1)
        except ArithmeticError:
            continue
        whole = amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount
        found.append(Mention(match.start(), match.end(), whole))
    return found


def percent_mentions(text: str) -> list[Mention]:
    """The percentages a text names ("5.2%", "41 percent"), as the number of percent."""
    from decimal import Decimal

    lowered = fold(text)
    return [
        Mention(m.start(), m.end(), Decimal(re.sub(r"[^\d.]", "", m.group().split("%")[0]
                                                   .replace("per", " ").split()[0])))
        for m in _PERCENT_MENTION.finditer(lowered)
    ]  # fmt: skip
