"""Reading values from the words of a document: "$8.5 million", "over 1 in 3", "March 2023".

Every reader returns plain values from `values.py` and raises `UnreadableText`
(a ValueError) with an example of what it accepts when the words do not fit. The
extractor finds spans and reads them with these same functions, and `verify` reads a
fact's text back with them, so what is extracted is what verifies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from factcli.language.calendar import MONTH_PATTERN, month_number
from factcli.language.currencies import (
    CENTS_PATTERN,
    CODE_PATTERN,
    DEFAULT_CURRENCY,
    NAME_AFTER_PATTERN,
    NAME_BEFORE_PATTERN,
    SIGN_PATTERN,
    currency_of,
)
from factcli.language.scales import SCALE_PATTERN, SCALE_WORD_PATTERN, SCALES
from factcli.language.tables import ColumnUnit
from factcli.language.values import (
    Change,
    DateInterval,
    DateLike,
    FiscalYear,
    Kind,
    Money,
    PartialDate,
    Percent,
    PercentagePoints,
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


# Words in front of a value and the qualifier they give it. "nearly" and "almost" say the
# true value is close to the figure and below it (the annotation guidelines' reading).
QUALIFIER_PHRASES: dict[str, Qualifier] = {
    "approximately": "approximately",
    "approx.": "approximately",
    "about": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "close to": "approximately",
    "nearly": "less_than",
    "almost": "less_than",
    "just under": "less_than",
    "just below": "less_than",
    "under": "less_than",
    "less than": "less_than",
    "fewer than": "less_than",
    "below": "less_than",
    "over": "more_than",
    "just over": "more_than",
    "more than": "more_than",
    "above": "more_than",
    "in excess of": "more_than",
    "exceeding": "more_than",
    "exceeded": "more_than",
    "upwards of": "more_than",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "a minimum of": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "as many as": "at_most",
    "as much as": "at_most",
    "a maximum of": "at_most",
}
# Hedges that do not change the figure: "an estimated 27.5 million" states 27.5 million.
HEDGES = ("an estimated", "estimated")
# Longest phrase first, so "more than" wins over a shorter phrase it starts with.
QUALIFIER_PATTERN = (
    r"(?:" + "|".join(re.escape(p) for p in sorted(QUALIFIER_PHRASES, key=len, reverse=True)) + ")"
)
_QUALIFIER_RE = re.compile(rf"(?P<phrase>{QUALIFIER_PATTERN})\s+", re.IGNORECASE)
_HEDGE_RE = re.compile(r"(?:" + "|".join(HEDGES) + r")\s+", re.IGNORECASE)

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

# Fraction words and the ratio they say: "half", "two-thirds", "three-quarters".
_DENOMINATOR_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
FRACTION_PATTERN = (
    r"(?:(?:one|a|two|three|four|five|six|seven|eight|nine)[-\s])?"
    r"(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)"
)

DIGITS_PATTERN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS = DIGITS_PATTERN
# Every key of WORD_NUMBERS, written compactly (a long alternation costs compile time on
# every call): the teens before the units they start with, tens with an optional unit.
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
WORDS_PATTERN = (
    "(?:thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|eleven|twelve|ten|zero|"
    f"{_UNITS}|(?:{'|'.join(_TENS)})(?:-(?:{_UNITS}))?)"
)
# A number: digits, or number words with an optional "hundred" ("two hundred").
NUMBER_PATTERN = rf"(?:{_DIGITS}|(?:{WORDS_PATTERN})(?:[-\s]hundred)?\b)"
_NUMBER = NUMBER_PATTERN
_SCALE = rf"(?:\s*(?P<scale>{SCALE_PATTERN})\b)?"
_WORD_SCALE = rf"(?:\s+(?P<scale>{SCALE_WORD_PATTERN})\b)?"

# Amounts of money: a sign before the number ("$8.5 million", "NZ$7 billion", "€ 594.3
# million", "+$70"), a code or a dollar's country and name before it ("EUR 120 million",
# "New Zealand dollar 600 million"), a name or a code after it ("75 million dollars", "5
# million euros", "500 EUR"), or cents ("78 cents").
_PLUS = r"(?:\+\s*)?"
_SIGN_MONEY_RE = re.compile(
    rf"{_PLUS}(?P<symbol>{SIGN_PATTERN})\s*{_PLUS}(?P<number>{_DIGITS}){_SCALE}"
    rf"(?:\s+(?:in\s+)?(?P<code>{NAME_AFTER_PATTERN}|{CODE_PATTERN}))?",
    re.IGNORECASE,
)
_CODE_FIRST_MONEY_RE = re.compile(
    rf"(?P<code>{CODE_PATTERN}|{NAME_BEFORE_PATTERN})\s*{_PLUS}(?P<number>{_DIGITS}){_SCALE}",
    re.IGNORECASE,
)
_NAME_AFTER_MONEY_RE = re.compile(
    rf"(?P<number>{_DIGITS}|{WORDS_PATTERN}){_SCALE}\s+(?:in\s+)?"
    rf"(?P<code>{NAME_AFTER_PATTERN}|{CODE_PATTERN})",
    re.IGNORECASE,
)
# A table's cell that is a number alone ("10,061", "+70"), which its column's header makes
# money, a count in thousands or a fiscal year.
_BARE_CELL_RE = re.compile(rf"\+?(?P<number>{_DIGITS})")
_CENTS_RE = re.compile(rf"(?P<number>{_DIGITS}|{WORDS_PATTERN}){CENTS_PATTERN}", re.IGNORECASE)
_AMOUNT_RE = re.compile(rf"(?:{SIGN_PATTERN})?\s*(?P<number>{_DIGITS}){_SCALE}", re.IGNORECASE)
_RATIO_RE = re.compile(
    rf"(?P<num>{_NUMBER})\s+(?:in|out\s+of|of\s+every|of\s+the|of|per)\s+(?:every\s+)?"
    rf"(?P<den>{_NUMBER})(?:\s+\S.*)?"
    # "776.4 deaths per 100,000 population": the counted thing between the two numbers
    rf"|(?P<num2>{_NUMBER})\s+(?:[^\d\s]\S*\s+){{1,4}}?per\s+(?:every\s+)?(?P<den2>{_NUMBER})"
    r"(?:\s+\S.*)?",
    re.IGNORECASE | re.DOTALL,
)
_ORDINAL_WORDS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
ORDINAL_PATTERN = r"(?:" + "|".join(_ORDINAL_WORDS) + r"|\d+(?:st|nd|rd|th))"
_ORDINAL_COUNT_RE = re.compile(
    rf"(?P<ordinal>{ORDINAL_PATTERN})\s+(?P<unit>(?:consecutive|straight|successive|annual)\s+\S.*"
    r"|(?:year|anniversary)\b.*)",
    re.IGNORECASE | re.DOTALL,
)
_FRACTION_RE = re.compile(rf"(?P<fraction>{FRACTION_PATTERN})(?:\s+of\b.*)?", re.I | re.DOTALL)
# A written sign: a plus, or a minus as a hyphen, the minus sign (U+2212) or a hyphen that
# does not break (U+2011). A written minus says a decrease, a plus an increase.
MINUS = "−‑-"  # the hyphen last, so that a class [+...] holds it as itself
SIGN_PATTERN_OF_FIGURES = rf"[+{MINUS}]"
_SIGN = rf"(?:(?P<sign>{SIGN_PATTERN_OF_FIGURES})\s?)?"
_PERCENT_RE = re.compile(
    rf"{_SIGN}(?P<number>{_DIGITS})(?:\s*%|[\s-]*(?:percent|per\s+cent)\b)"
    rf"|(?P<words>{WORDS_PATTERN})[\s-]+(?:percent|per\s+cent)\b",  # "Twenty percent"
    re.IGNORECASE,
)
_POINTS_RE = re.compile(
    rf"{_SIGN}(?P<number>{_DIGITS})\s*(?:-\s*)?(?:percentage[\s-]+points?|%\s*points?|pp)\b",
    re.IGNORECASE,
)
# Basis points: hundredths of a percentage point ("60 basis points", "25bp").
_BASIS_POINTS_RE = re.compile(
    rf"{_SIGN}(?P<number>{_DIGITS})\s*(?:-\s*)?(?:basis[\s-]+points?|bps?)\b", re.IGNORECASE
)
_QUANTITY_RE = re.compile(
    rf"(?P<sign>{SIGN_PATTERN_OF_FIGURES})?(?P<number>{_NUMBER}){_WORD_SCALE}"
    r"(?:\s+(?P<unit>[^\d\s].*))?",
    re.IGNORECASE | re.DOTALL,
)
# Counts of other forms: a number with spaces between its thousands ("600 000 displaced
# people"), a duration before its noun ("7-year bond", "five-year plan"), a multiple
# ("11-fold", "twofold").
_OTHER_COUNT_RE = re.compile(
    r"(?P<spaced>\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?:\s+(?P<unit>[^\d\s].*))?"
    rf"|(?P<hyphenated>{_NUMBER})-(?P<duration>(?:year|month|week|day|hour|decade)s?\b.*)"
    rf"|(?P<number>{_DIGITS}|{WORDS_PATTERN})-?(?P<fold>fold)",
    re.IGNORECASE | re.DOTALL,
)
_RATE_RE = re.compile(
    r"(?:(?P<head>.*?)\s+)?(?:per|a|an|each|every)\s+"
    r"(?P<per>second|minute|hour|day|week|month|quarter|year)$",
    re.IGNORECASE | re.DOTALL,
)

_MONTH = rf"(?P<month>{MONTH_PATTERN})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})(?:-(?P<month_num>\d{2})(?:-(?P<day>\d{2}))?)?"),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I),
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}", re.I),
    re.compile(r"(?P<month_num>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"),
    # Without a year: the year comes from the document's date.
    re.compile(rf"{_MONTH}\s+{_DAY}", re.I),
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH}", re.I),
    re.compile(_MONTH, re.I),
]
_DATE_LEAD_RE = re.compile(
    r"(?:in|on|since|as\s+of|during|from)\s+|(?:early|late|mid)[-\s]+", re.IGNORECASE
)
FISCAL_PATTERN = r"(?:fiscal\s+year|FY)\s*(?:\(FY\)\s*)?'?(?P<fy>\d{4}|\d{2})\b"
_FISCAL_RE = re.compile(FISCAL_PATTERN, re.IGNORECASE)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4}  # fmt: skip
PERIOD_PATTERN = (
    r"(?:(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>quarter|half)\s+of\s+"
    r"(?:(?:calendar\s+)?year\s+)?(?P<year>\d{4})|Q(?P<q>[1-4])\s*(?P<qyear>\d{4}))"
)
_PERIOD_RE = re.compile(PERIOD_PATTERN, re.IGNORECASE)
RANGE_SEPARATOR = r"\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b)\s*"
_RANGE_RE = re.compile(rf"(?P<first>.+?){RANGE_SEPARATOR}(?P<last>.+)", re.IGNORECASE)

# Periods other genres name by convention (tests/data/extract/corpus2/README_1.md).
# A decade: "the 1990s", "the early 1970s" (approximately: `read_value`), "mid-1980s".
DECADE_PATTERN = r"(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?P<decade>1[5-9]\d|20\d)0s"
_DECADE_RE = re.compile(DECADE_PATTERN, re.IGNORECASE)
# Months that end at a date: "year ended March 2018" (April 2017 to March 2018), "the
# financial year ending March 2016", "the year to March 2018", "the quarter ended June 30".
_MONTHS_ENDED_RE = re.compile(
    r"(?:the\s+)?(?:(?:financial|fiscal|calendar|tax|business)\s+)?"
    r"(?P<length>year|quarter|half[-\s]year|(?:three|six|nine|twelve|3|6|9|12)\s+months)\s+"
    r"(?:ended|ending|to)\s+(?:the\s+)?(?P<date>.+)",
    re.IGNORECASE | re.DOTALL,
)
_MONTHS_OF_LENGTH = {"year": 12, "quarter": 3, "half year": 6, "half-year": 6, "three months": 3,
                     "six months": 6, "nine months": 9, "twelve months": 12, "3 months": 3,
                     "6 months": 6, "9 months": 9, "12 months": 12}  # fmt: skip
# A quarter named by its last month, as Australia and New Zealand name them: "the
# September quarter" (July to September), "June quarter 2024".
_MONTH_QUARTER_RE = re.compile(
    rf"(?:the\s+)?{_MONTH}\s+quarter(?:,?\s+(?:of\s+)?{_YEAR})?", re.IGNORECASE
)
# A quarter or a half as results name them: "second quarter 2004", "the first quarter",
# "Q1", "Q2 FY2025", "the first half of fiscal 2005", "H1 2025". Without a year, the one
# nearest the document's date.
_PART_OF_YEAR_RE = re.compile(
    r"(?:the\s+)?(?:(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>quarter|half)"
    r"|(?P<letter>[QH])(?P<number>[1-4]))"
    r"(?:,?\s+(?:of\s+)?(?:(?:the\s+)?(?P<fiscal>fiscal\s+year|fiscal|FY)\s*)?(?P<year>\d{4}))?",
    re.IGNORECASE,
)
# The month a document says its fiscal year ends in: "fiscal year ends January 31", "our
# fiscal year ending in June", "the fiscal year ended September 30, 2024". Its quarters
# and halves are counted from it (a company's "second quarter 2004" of a year ending in
# January is May to July 2003), and named, as U.S. federal fiscal years are, by the year
# they end in.
_FISCAL_YEAR_END_RE = re.compile(
    rf"\bfiscal\s+years?\s+(?:that\s+)?(?:ends?|ended|ending)\s+(?:in\s+|on\s+)?(?:the\s+)?"
    rf"(?:\d{{1,2}}\s+)?(?P<month>{MONTH_PATTERN})(?!\w)",
    re.IGNORECASE,
)

DATE_EXAMPLES = (
    "'April 26, 2023', 'March 2023', 'Oct. 2022', 'In 2021', '2023-04-26', 'FY 2018', "
    "'2010 to 2014' or 'second quarter of 2015'"
)
MONEY_EXAMPLES = (
    "'$8.5 million', '$2,500', '$1.2M', 'NZ$7 billion', 'EUR 120 million' or '78 cents'"
)
STATISTIC_EXAMPLES = (
    "'1 in 3', 'one in four', '12.4 out of every 1,000', 'half', '41%', '-0.5%', '41 percent', "
    "'0.4 percentage point', '25 basis points', '38 years' or '178,000 per month'"
)
AMOUNT_EXAMPLES = "'1000000', '1M', '$8.5 million' or '2,500'"

# Words before a figure that say it is a change, and which way.
_UP_WORDS = (
    "increase|increased|increases|increasing|rose|rise|rises|risen|rising|grew|grow|grows|"
    "grown|growing|gain|gained|gains|added|adding|climbed|jumped|up|higher|raised|boosted|expanded"
)
_DOWN_WORDS = (
    "decrease|decreased|decreases|decreasing|fell|fall|falls|fallen|falling|declined|decline|"
    "declines|dropped|drop|drops|down|lower|reduced|reduce|reduces|cut|cuts|shrank|shrunk|"
    "lost|loss|losses"
)
_CHANGE_BEFORE_RE = re.compile(
    rf"\b(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))\b(?:\s+\S+){{0,6}}?\s+by\s+$"
    rf"|\b(?:(?P<up2>{_UP_WORDS})|(?P<down2>{_DOWN_WORDS}))\s+(?:at\s+an?\s+)?$",
    re.IGNORECASE,
)
_CHANGE_AFTER_RE = re.compile(r"^\s*(?:(?P<up>higher|more|up)|(?P<down>lower|less|down))\b", re.I)


def _squash(text: str) -> str:
    return " ".join(text.split())


def read_number(word: str) -> Decimal:
    """Read "2,500", "8.5", a number word ("four", "twenty-one") or "two hundred"."""
    lowered = _squash(word.lower())
    hundred = re.fullmatch(r"(.+?)[-\s]hundred", lowered)
    if hundred and hundred[1] in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[hundred[1]] * 100)
    if lowered in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[lowered])
    # thousands parted by commas, or by spaces as much of the world writes them ("600 000")
    return Decimal(re.sub(r"[,\s]", "", word))


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
    if hedge := _HEDGE_RE.match(text):
        text = text[hedge.end() :]
    match = _QUALIFIER_RE.match(text)
    if not match:
        return "exact", text
    return QUALIFIER_PHRASES[match["phrase"].lower()], text[match.end() :]


_SHARED_SCALE_RE = re.compile(
    rf"\s*(?:to|-|–|and|or)\s*(?:{SIGN_PATTERN})?\s*(?:{_DIGITS})\s*"
    rf"(?P<scale>{SCALE_WORD_PATTERN})\b",
    re.IGNORECASE,
)


def read_money(
    text: str,
    *,
    after: str = "",
    currency: str = DEFAULT_CURRENCY,
    unit: ColumnUnit | None = None,
) -> Reading:
    """Read "$8.5 million", "approximately $1 billion", "NZ$7 billion", "EUR 120 million",
    "5 million euros", "78 cents".

    ``currency`` is the document's own: what a bare "$", "dollars" and "cents" are in (the
    U.S. dollar unless the source says otherwise); a sign with a country's letters, a code
    or a currency's name says its own. ``after`` is the text that follows: in "$3 to $4
    billion", "$3" shares the scale word. ``unit`` is what a table's header says of the
    column the text stands in (`factcli.language.tables`): "$4,242,825" under "In Millions
    of Dollars" is 4,242,825 million dollars; "10,061" under "(NZ$ million)" is money.
    """
    qualifier, rest = split_qualifier(text)
    if match := _CENTS_RE.fullmatch(rest):
        return Reading(Money(read_number(match["number"]) / 100, currency), qualifier)
    if unit is not None and unit.currency and (bare := _BARE_CELL_RE.fullmatch(rest)):
        amount = _scaled(bare["number"], None) * (unit.scale or 1)
        return Reading(Money(amount, currency_of(unit.currency, currency)), qualifier)
    match = (
        _SIGN_MONEY_RE.fullmatch(rest)
        or _CODE_FIRST_MONEY_RE.fullmatch(rest)
        or _NAME_AFTER_MONEY_RE.fullmatch(rest)
    )
    if not match:
        raise UnreadableText(f"cannot read {text!r} as an amount of money (e.g. {MONEY_EXAMPLES})")
    fields = match.groupdict()
    said = {currency_of(fields[name], currency) for name in ("symbol", "code") if fields.get(name)}
    if len(said) != 1:
        raise UnreadableText(f"cannot tell the currency of {text!r} (e.g. {MONEY_EXAMPLES})")
    scale = match["scale"]
    if not scale and (shared := _SHARED_SCALE_RE.match(after)):
        scale = shared["scale"]
    amount = _scaled(match["number"], scale)
    if not scale and unit is not None and unit.scale:
        amount *= unit.scale
    return Reading(Money(amount, said.pop()), qualifier)


def read_amount(text: str) -> Decimal:
    """Read a bare amount for a filter: "1000000", "1M", "$8.5 million", "2,500"."""
    match = _AMOUNT_RE.fullmatch(_squash(text))
    if not match:
        raise UnreadableText(f"cannot read {text!r} as an amount (e.g. {AMOUNT_EXAMPLES})")
    return _scaled(match["number"], match["scale"])


def read_change(before: str = "", after: str = "") -> Change | None:
    """Whether the words around a figure say it is an increase or a decrease.

    ``before`` is the text just before the figure ("has grown by "), ``after`` the text
    just after it (" higher than the previous year").
    """
    if match := _CHANGE_BEFORE_RE.search(before[-120:]):
        return "increase" if match["up"] or match["up2"] else "decrease"
    if match := _CHANGE_AFTER_RE.match(after):
        return "increase" if match["up"] else "decrease"
    return None


def _fraction(words: str) -> Ratio:
    parts = re.split(r"[-\s]+", words.lower())
    denominator = _DENOMINATOR_WORDS[parts[-1]]
    numerator = 1 if len(parts) == 1 or parts[0] in ("a", "one") else WORD_NUMBERS[parts[0]]
    return Ratio(numerator, denominator)


def read_statistic(
    text: str, *, before: str = "", after: str = "", unit: ColumnUnit | None = None
) -> Reading:
    """Read a ratio ("1 in 3", "half"), a percent ("41%"), percentage points, or a count.

    A count may carry its unit ("38 years"), a period ("178,000 per month"), or a sign
    ("+35,000"). ``before``/``after`` are the words around the figure in its sentence:
    they tell whether a percent or a count is a change ("rose by 1.8 percent"). ``unit``
    is what a table's header says of the text's column: a count written alone under
    "(thousands)" is in thousands.
    """
    qualifier, rest = split_qualifier(text)
    value: Value
    change = read_change(before, after)
    if match := _RATIO_RE.fullmatch(rest):
        numerator = read_number(match["num"] or match["num2"])
        denominator = read_number(match["den"] or match["den2"])
        if denominator == 0 or numerator > denominator:
            raise UnreadableText(f"cannot read {text!r} as a ratio (the share must be at most 1)")
        value = Ratio(numerator, denominator)
    elif match := _FRACTION_RE.fullmatch(rest):
        value = _fraction(match["fraction"])
    elif match := _POINTS_RE.fullmatch(rest):
        value = PercentagePoints(read_number(match["number"]), _signed(match, change))
    elif match := _BASIS_POINTS_RE.fullmatch(rest):
        value = PercentagePoints(read_number(match["number"]) / 100, _signed(match, change))
    elif match := _PERCENT_RE.fullmatch(rest):
        value = Percent(read_number(match["number"] or match["words"]), _signed(match, change))
    elif match := _ORDINAL_COUNT_RE.fullmatch(rest):
        value = Quantity(_ordinal(match["ordinal"]), match["unit"])
    elif match := _OTHER_COUNT_RE.fullmatch(rest):
        amount = read_number(match["number"] or match["spaced"] or match["hyphenated"])
        unit_words = match["unit"] or match["duration"] or match["fold"]
        value = Quantity(amount, unit_words.lower() if match["fold"] else unit_words, None, change)
    elif match := _QUANTITY_RE.fullmatch(rest):
        value = _quantity(match, change)
        if unit is not None and unit.scale and not unit.currency and not match["unit"]:
            value = replace(value, amount=value.amount * unit.scale)
    else:
        raise UnreadableText(f"cannot read {text!r} as a statistic (e.g. {STATISTIC_EXAMPLES})")
    return Reading(value, qualifier)


def _ordinal(word: str) -> Decimal:
    lowered = word.lower()
    if lowered in _ORDINAL_WORDS:
        return Decimal(_ORDINAL_WORDS[lowered])
    return Decimal(lowered[:-2])


def _signed(match: re.Match[str], change: Change | None) -> Change | None:
    """The change a written sign says ("-0.5%" a decrease, "+35,000" an increase), else
    the one the words around the figure say."""
    if not match["sign"]:
        return change
    return "increase" if match["sign"] == "+" else "decrease"


def _quantity(match: re.Match[str], change: Change | None) -> Quantity:
    amount = _scaled(match["number"], match["scale"])
    change = _signed(match, change)
    unit, per = match["unit"], None
    if unit and (rate := _RATE_RE.fullmatch(unit)):
        per = rate["per"].lower()
    return Quantity(amount, unit, per, change)


def read_date(
    text: str, reference: PartialDate | None = None, fiscal_year_end: int | None = None
) -> DateLike:
    """Read a date, a range, a quarter or a fiscal year.

    "April 26, 2023", "March 2023", "In 2021", "2023-04-26", "FY 2018", "fiscal year (FY)
    2018", "2010 to 2014", "May 23 - June 5", "April 10 to 16", "second quarter of 2015",
    and the conventions of other genres: "the 1990s", "2026–27", "FY2026-FY2035", "year
    ended March 2018", "the September quarter", "Q1", "second quarter 2004". A month, a
    day or a quarter written without a year takes its year from ``reference`` (the
    document's date): the year that puts it nearest to that date. ``fiscal_year_end`` is
    the month a document says its fiscal year ends in (`fiscal_year_end`): its quarters
    are counted from it.
    """
    rest = _squash(text)
    while lead := _DATE_LEAD_RE.match(rest):
        rest = rest[lead.end() :]
    if match := _FISCAL_RE.fullmatch(rest):
        year = match["fy"]
        return FiscalYear(int(year) if len(year) == 4 else 2000 + int(year))
    if match := _PERIOD_RE.fullmatch(rest):
        return _period(match, fiscal_year_end)
    if (period := _conventional_period(rest, reference, fiscal_year_end, text)) is not None:
        return period
    try:
        return _single_date(rest, reference, text)
    except UnreadableText:
        if not (match := _RANGE_RE.fullmatch(rest)):
            raise
    return _date_range(match["first"], match["last"], reference, text)


def fiscal_year_end(text: str) -> int | None:
    """The month a document says its fiscal year ends in ("our fiscal year ends January
    31"), or None: quarters are then those of the calendar year (or of the U.S. federal
    fiscal year where "fiscal" is written). Extraction and `verify` read it alike, from the
    whole text of the document."""
    match = _FISCAL_YEAR_END_RE.search(text)
    return month_number(match["month"]) if match else None


def _period(match: re.Match[str], fiscal_end: int | None = None) -> DateInterval:
    if match["q"]:
        part, number, year = "quarter", int(match["q"]), int(match["qyear"])
    else:
        part, number, year = (
            match["part"].lower(),
            _ORDINALS[match["ordinal"].lower()],
            int(match["year"]),
        )
    return _part_of_year(part, number, year, fiscal_end)


def _part_of_year(part: str, number: int, year: int, fiscal_end: int | None) -> DateInterval:
    """A quarter or a half of a year: of the calendar year, or of a fiscal year that ends
    in ``fiscal_end`` of ``year`` (so starts the month after, a year before)."""
    if part == "half" and number > 2:
        raise UnreadableText(f"a year has two halves, not {number}")
    months = 3 if part == "quarter" else 6
    # Months counted from January of the year: a fiscal year ending in June starts at -5.
    first = (number - 1) * months + 1 + (fiscal_end - 12 if fiscal_end else 0)
    return DateInterval(_month_at(year, first), _month_at(year, first + months - 1))


def _month_at(year: int, month: int) -> PartialDate:
    """The month counted from January of ``year`` (0 is the December before)."""
    shifted = year * 12 + month - 1
    return PartialDate(shifted // 12, shifted % 12 + 1)


def _conventional_period(
    rest: str, reference: PartialDate | None, fiscal_end: int | None, text: str
) -> DateInterval | None:
    """A decade, months ended at a date, a quarter named by its month, a quarter or a half
    as results name them; None for other words."""
    if match := _DECADE_RE.fullmatch(rest):
        first = int(match["decade"]) * 10
        return DateInterval(PartialDate(first), PartialDate(first + 9))
    if match := _MONTHS_ENDED_RE.fullmatch(rest):
        end = _single_date(match["date"], reference, text)
        if end.month is None:
            raise UnreadableText(f"{text!r}: the months must end at a month")
        length = _MONTHS_OF_LENGTH[" ".join(match["length"].lower().split())]
        return DateInterval(
            _month_at(end.year, end.month - length + 1), PartialDate(end.year, end.month)
        )
    if match := _MONTH_QUARTER_RE.fullmatch(rest):
        last = month_number(match["month"])
        if match["year"]:
            return DateInterval(
                _month_at(int(match["year"]), last - 2), PartialDate(int(match["year"]), last)
            )
        return _nearest_period(
            lambda year: DateInterval(_month_at(year, last - 2), PartialDate(year, last)),
            reference,
            text,
        )
    if match := _PART_OF_YEAR_RE.fullmatch(rest):
        if match["letter"]:
            part = "quarter" if match["letter"].lower() == "q" else "half"
            number = int(match["number"])
        else:
            part, number = match["part"].lower(), _ORDINALS[match["ordinal"].lower()]
        # Without a fiscal year of its own, a document's "fiscal" year is the U.S. federal
        # one: October to September.
        ends = fiscal_end or (9 if match["fiscal"] else None)
        if match["year"]:
            return _part_of_year(part, number, int(match["year"]), ends)
        return _nearest_period(
            lambda year: _part_of_year(part, number, year, ends), reference, text
        )
    return None


def _nearest_period(
    period: Callable[[int], DateInterval], reference: PartialDate | None, text: str
) -> DateInterval:
    """The period of the year nearest to the reference date (a quarter named without a year)."""
    if reference is None:
        raise UnreadableText(f"{text!r} gives no year, and there is no document date to take it")
    around = reference.first_day()

    def distance(interval: DateInterval) -> int:
        if interval.first_day() <= around <= interval.last_day():
            return 0
        return min(
            abs((interval.first_day() - around).days), abs((interval.last_day() - around).days)
        )

    return min(
        (period(year) for year in range(reference.year - 1, reference.year + 2)), key=distance
    )


def _date_range(first: str, last: str, reference: PartialDate | None, text: str) -> DateInterval:
    first, last = first.strip(), last.strip()
    if (years := _short_year_range(first, last)) is not None:
        return years
    if (fiscal := _fiscal_year_range(first, last)) is not None:
        return fiscal
    if re.fullmatch(r"\d{1,2}", last) and not re.fullmatch(r"\d{1,2}", first):
        # "April 10 to 16": the day of the first date's month
        start = _single_date(first, reference, text)
        if start.day is None:
            raise UnreadableText(f"cannot read {text!r} as a range of days")
        return _interval(start, PartialDate(start.year, start.month, int(last)), text)
    end = _single_date(last, reference, text)
    if re.fullmatch(r"\d{1,2}", first) and end.day is not None:
        start = PartialDate(end.year, end.month, int(first))  # "May 23-27, 2016"
    else:
        start = _single_date(first, end if reference is None else reference, text)
        if not re.search(r"\d{4}", first) and end.precision != "year":
            start = PartialDate(end.year, start.month, start.day)  # "May 23 - June 5, 2016"
    return _interval(start, end, text)


def _interval(
    start: PartialDate | FiscalYear, end: PartialDate | FiscalYear, text: str
) -> DateInterval:
    try:
        return DateInterval(start, end)
    except ValueError as error:
        raise UnreadableText(f"{text!r}: {error}") from None


# Years a range written with two digits may span ("1990–99"): "2023-13" is none.
MAX_SHORT_RANGE = 30


def _short_year_range(first: str, last: str) -> DateInterval | None:
    """ "2026–27": the last year written by its last two digits, in the first's century
    (or the next: "1999–00")."""
    if not (re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{2}", last)):
        return None
    start = int(first)
    end = start // 100 * 100 + int(last)
    if end <= start:
        end += 100
    if end - start > MAX_SHORT_RANGE:
        raise UnreadableText(
            f"cannot read {first}-{last} as a date: a range written with two digits spans "
            f"at most {MAX_SHORT_RANGE} years"
        )
    return DateInterval(PartialDate(start), PartialDate(end))


def _fiscal_year_range(first: str, last: str) -> DateInterval | None:
    """ "FY2026-FY2035", "FY2026–35", "fiscal years 2026 to 2035": a range of fiscal years."""
    begin = re.fullmatch(r"(?:fiscal\s+years?|FYs?)\s*'?(\d{4})", first, re.IGNORECASE)
    if not begin:
        return None
    finish = re.fullmatch(r"(?:fiscal\s+year|FY)?\s*'?(\d{4}|\d{2})", last, re.IGNORECASE)
    if not finish:
        return None
    start = int(begin[1])
    end = int(finish[1]) if len(finish[1]) == 4 else start // 100 * 100 + int(finish[1])
    return _interval(FiscalYear(start), FiscalYear(end), f"{first}-{last}")


def _single_date(rest: str, reference: PartialDate | None, text: str) -> PartialDate:
    rest = rest.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(rest)
        if not match:
            continue
        fields = match.groupdict()
        month = month_number(fields["month"]) if fields.get("month") else None
        if fields.get("month_num"):
            month = int(fields["month_num"])
        day = int(fields["day"]) if fields.get("day") else None
        try:
            if fields.get("year"):
                return PartialDate(int(fields["year"]), month, day)
            return _nearest(month, day, reference, text)
        except ValueError:
            raise UnreadableText(f"{text!r} is not a real calendar date") from None
    raise UnreadableText(f"cannot read {text!r} as a date (e.g. {DATE_EXAMPLES})")


def _nearest(
    month: int | None, day: int | None, reference: PartialDate | None, text: str
) -> PartialDate:
    """The month or day of the year nearest to the reference date."""
    if reference is None or month is None:
        raise UnreadableText(f"{text!r} gives no year, and there is no document date to take it")
    around = reference.first_day()
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = PartialDate(year, month, day)
        except ValueError:
            continue
        if candidate.first_day() <= around <= candidate.last_day():
            distance = 0
        else:
            distance = min(
                abs((candidate.first_day() - around).days),
                abs((candidate.last_day() - around).days),
            )
        candidates.append((distance, candidate))
    if not candidates:
        raise ValueError("not a real calendar date")
    return min(candidates, key=lambda pair: pair[0])[1]


def read_value(
    text: str,
    kind: Kind,
    *,
    reference: PartialDate | None = None,
    before: str = "",
    after: str = "",
    currency: str = DEFAULT_CURRENCY,
    fiscal_year_end: int | None = None,
    unit: ColumnUnit | None = None,
) -> Reading:
    """Read the value a fact's ``text`` states, for a fact of the given kind.

    ``reference`` is the document's date (for a month or day written without a year);
    ``before`` and ``after`` are the words around the text in its sentence (for the
    direction of a change); ``currency`` is the document's (what a bare "$" is in);
    ``fiscal_year_end`` the month its fiscal year ends in, if it says (`fiscal_year_end`);
    ``unit`` what a table's header says of the column the text stands in.
    """
    if kind == "money":
        return read_money(text, after=after, currency=currency, unit=unit)
    if kind == "statistic":
        return read_statistic(text, before=before, after=after, unit=unit)
    qualifier, rest = split_qualifier(text)
    try:
        if unit is not None and unit.fiscal_years and re.fullmatch(r"\d{4}", rest):
            return Reading(FiscalYear(int(rest)), qualifier)  # a year under "Fiscal Year"
        value = read_date(rest, reference, fiscal_year_end)
    except UnreadableText:
        raise
    except ValueError as error:  # a date no calendar has: FY0000, December 9999
        raise UnreadableText(str(error)) from None
    if qualifier == "exact" and (decade := _DECADE_RE.search(rest)) and decade["part"]:
        qualifier = "approximately"  # "the early 1970s": some years of the decade
    return Reading(value, qualifier)
