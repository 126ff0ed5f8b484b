"""Reading values from the words of a document: "$8.5 million", "over 1 in 3", "March 2023".

Every reader returns plain values from `values.py` and raises `UnreadableText`
(a ValueError) with an example of what it accepts when the words do not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from factcli.values import (
    MONTH_NAMES,
    Kind,
    Money,
    PartialDate,
    Percent,
    Qualifier,
    Quantity,
    Ratio,
    Value,
)


class UnreadableText(ValueError):
    """The words do not say a value of the expected kind."""


@dataclass(frozen=True)
class Reading:
    """What a value text says: the value and how exact it is."""

    value: Value
    qualifier: Qualifier


# Words in front of a value and the qualifier they give it. "nearly", "almost" and
# "close to" say the true value is near the figure, so they read as approximately.
QUALIFIER_PHRASES: dict[str, Qualifier] = {
    "approximately": "approximately",
    "approx.": "approximately",
    "about": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "nearly": "approximately",
    "almost": "approximately",
    "close to": "approximately",
    "an estimated": "approximately",
    "some": "approximately",
    "over": "more_than",
    "more than": "more_than",
    "above": "more_than",
    "in excess of": "more_than",
    "under": "less_than",
    "less than": "less_than",
    "fewer than": "less_than",
    "below": "less_than",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
}
# Longest phrase first, so "more than" wins over a shorter phrase it starts with.
_QUALIFIER_RE = re.compile(
    r"(?P<phrase>"
    + "|".join(re.escape(p) for p in sorted(QUALIFIER_PHRASES, key=len, reverse=True))
    + r")\s+",
    re.IGNORECASE,
)

_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_NUMBERS: dict[str, int] = {word: n for n, word in enumerate(_SMALL_NUMBERS)}
WORD_NUMBERS.update({word: 20 + 10 * n for n, word in enumerate(_TENS)})
WORD_NUMBERS.update(
    {
        f"{tens}-{unit}": 20 + 10 * t + u
        for t, tens in enumerate(_TENS)
        for u, unit in enumerate(_SMALL_NUMBERS[1:10], start=1)
    }
)

SCALES: dict[str, int] = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "m": 10**6, "mn": 10**6,
    "billion": 10**9, "b": 10**9, "bn": 10**9,
    "trillion": 10**12, "t": 10**12, "tn": 10**12,
}  # fmt: skip
CURRENCIES: dict[str, str] = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_NUMBER = rf"(?:{_DIGITS}|(?:{_WORDS})\b)"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mn|bn|tn|[kmbt])\b)?"

_MONEY_RE = re.compile(
    rf"(?P<symbol>us\$|[$€£])?\s*(?P<number>{_DIGITS}){_SCALE}(?:\s+(?P<code>dollars|[a-z]{{3}}))?",
    re.IGNORECASE,
)
_AMOUNT_RE = re.compile(rf"(?:us\$|[$€£])?\s*(?P<number>{_DIGITS}){_SCALE}", re.IGNORECASE)
_RATIO_RE = re.compile(
    rf"(?P<num>{_NUMBER})\s+(?:in|out\s+of)\s+(?P<den>{_NUMBER})(?:\s+\S.*)?", re.IGNORECASE
)
_PERCENT_RE = re.compile(rf"(?P<number>{_DIGITS})\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
_QUANTITY_RE = re.compile(
    rf"(?P<number>{_NUMBER})(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"\s+(?P<unit>[^\d\s].*)",
    re.IGNORECASE,
)

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})(?:-(?P<month_num>\d{2})(?:-(?P<day>\d{2}))?)?"),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})", re.I),
    re.compile(
        rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})", re.I
    ),
    re.compile(rf"{_MONTH},?\s+(?:of\s+)?(?P<year>\d{{4}})", re.I),
]
_DATE_LEAD_RE = re.compile(r"(?:in|on|since|as\s+of|during)\s+", re.IGNORECASE)

DATE_EXAMPLES = "'April 26, 2023', 'March 2023', 'Oct. 2022', 'In 2021' or '2023-04-26'"
MONEY_EXAMPLES = "'$8.5 million', '$1 billion', '$2,500' or '$1.2M'"
STATISTIC_EXAMPLES = "'1 in 3', 'one in four', '41%', '41 percent' or '38 years'"
AMOUNT_EXAMPLES = "'1000000', '1M', '$8.5 million' or '2,500'"


def _squash(text: str) -> str:
    return " ".join(text.split())


def read_number(word: str) -> Decimal:
    """Read "2,500", "8.5" or a number word ("four", "twenty-one") as a Decimal."""
    lowered = word.lower()
    if lowered in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[lowered])
    return Decimal(word.replace(",", ""))


def _scaled(number: str, scale: str | None) -> Decimal:
    amount = read_number(number)
    if scale:
        # Exact: the default context would round past 28 digits.
        with localcontext() as exact:
            exact.prec = len(amount.as_tuple().digits) + 16
            amount *= SCALES[scale.lower()]
    return amount


def split_qualifier(text: str) -> tuple[Qualifier, str]:
    """Split leading words such as "over" or "approximately" from a value text."""
    text = _squash(text)
    match = _QUALIFIER_RE.match(text)
    if not match:
        return "exact", text
    return QUALIFIER_PHRASES[match["phrase"].lower()], text[match.end() :]


def read_money(text: str) -> Reading:
    """Read "$8.5 million", "approximately $1 billion", "$2,500", "$1.2M", "500 EUR"."""
    qualifier, rest = split_qualifier(text)
    match = _MONEY_RE.fullmatch(rest)
    if not match:
        raise UnreadableText(f"cannot read {text!r} as an amount of money (e.g. {MONEY_EXAMPLES})")
    symbol, code = match["symbol"], match["code"]
    by_symbol = CURRENCIES[symbol.lower()] if symbol else None
    by_code = ("USD" if code.lower() == "dollars" else code.upper()) if code else None
    if not (by_symbol or by_code) or (by_symbol and by_code and by_symbol != by_code):
        raise UnreadableText(f"cannot tell the currency of {text!r} (e.g. {MONEY_EXAMPLES})")
    currency = by_symbol or by_code
    assert currency is not None
    amount = _scaled(match["number"], match["scale"])
    return Reading(Money(amount, currency), qualifier)


def read_amount(text: str) -> Decimal:
    """Read a bare amount for a filter: "1000000", "1M", "$8.5 million", "2,500"."""
    match = _AMOUNT_RE.fullmatch(_squash(text))
    if not match:
        raise UnreadableText(f"cannot read {text!r} as an amount (e.g. {AMOUNT_EXAMPLES})")
    return _scaled(match["number"], match["scale"])


def read_statistic(text: str) -> Reading:
    """Read a ratio ("1 in 3"), a percent ("41%") or a count with its unit ("38 years")."""
    qualifier, rest = split_qualifier(text)
    value: Value
    if match := _RATIO_RE.fullmatch(rest):
        numerator, denominator = read_number(match["num"]), read_number(match["den"])
        if numerator != int(numerator) or denominator != int(denominator) or denominator == 0:
            raise UnreadableText(f"cannot read {text!r} as a ratio of whole numbers")
        value = Ratio(int(numerator), int(denominator))
    elif match := _PERCENT_RE.fullmatch(rest):
        value = Percent(read_number(match["number"]))
    elif match := _QUANTITY_RE.fullmatch(rest):
        value = Quantity(_scaled(match["number"], match["scale"]), match["unit"])
    else:
        raise UnreadableText(f"cannot read {text!r} as a statistic (e.g. {STATISTIC_EXAMPLES})")
    return Reading(value, qualifier)


def read_date(text: str) -> PartialDate:
    """Read "April 26, 2023", "March 2023", "Oct. 2022", "In 2021", "2023-04-26"."""
    rest = _squash(text)
    if lead := _DATE_LEAD_RE.match(rest):
        rest = rest[lead.end() :]
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(rest)
        if not match:
            continue
        fields = match.groupdict()
        month = _month_number(fields["month"]) if fields.get("month") else None
        if fields.get("month_num"):
            month = int(fields["month_num"])
        day = int(fields["day"]) if fields.get("day") else None
        try:
            return PartialDate(int(fields["year"]), month, day)
        except ValueError:
            raise UnreadableText(f"{text!r} is not a real calendar date") from None
    raise UnreadableText(f"cannot read {text!r} as a date (e.g. {DATE_EXAMPLES})")


def _month_number(name: str) -> int:
    prefix = name.lower().rstrip(".")[:3]
    return next(n for n, month in enumerate(MONTH_NAMES, 1) if month.lower().startswith(prefix))


def read_value(text: str, kind: Kind) -> Reading:
    """Read the value a fact's ``text`` states, for a fact of the given kind."""
    if kind == "money":
        return read_money(text)
    if kind == "statistic":
        return read_statistic(text)
    qualifier, rest = split_qualifier(text)
    return Reading(read_date(rest), qualifier)
