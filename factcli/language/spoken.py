"""Money as people write it, for displays meant for people: "about $1 billion", "$8.5
million", "C$120 million", never more precise than the words the figure was read from.

Machine shapes (plain, CSV, JSON) keep the exact amount; this is only how a table says it.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from factcli.language.values import CURRENCY_SYMBOLS, Money, Qualifier, plain_decimal

# The sign people write before an amount of each currency; others are written as their
# code ("CHF 120 million"). "$" alone is the U.S. dollar: other dollars carry their
# country's letters, so a table mixing documents never leaves a reader guessing.
SPOKEN_SIGNS = {
    **CURRENCY_SYMBOLS,
    "CAD": "C$", "AUD": "A$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$",
    "JPY": "¥", "INR": "₹",
}  # fmt: skip
# How a qualifier is said before an amount in writing ("about", not "approximately").
SPOKEN_QUALIFIERS: dict[Qualifier, str] = {
    "exact": "",
    "approximately": "about",
    "more_than": "over",
    "less_than": "under",
    "at_least": "at least",
    "at_most": "at most",
}
# The scale words an amount is said with, largest first: a million and more.
SCALE_WORDS = (("trillion", 12), ("billion", 9), ("million", 6))
# More decimals than this in "4.242825 million" is not how people write an amount that
# the text wrote out in full: it is then shown with every digit, as written ("$4,242,825").
MAX_SCALED_DECIMALS = 2


def spoken_money(money: Money, qualifier: Qualifier, text: str) -> str:
    """An amount as people write it: in millions, billions or trillions with the digits
    the text states ("$1 billion" stays "$1 billion", never "$1,000,000,000"), with its
    currency's sign and its qualifier ("about", "over").

    ``text`` is the figure as its document wrote it: an amount written out in full
    ("$4,242,825") keeps every digit unless its scaled form is as short as people write
    it ("$8,500,000" is "$8.5 million"); a smaller amount is written out.
    """
    words = SPOKEN_QUALIFIERS[qualifier]
    shown = _amount(money, text)
    return f"{words} {shown}" if words else shown


def _amount(money: Money, text: str) -> str:
    amount = money.amount
    number = _grouped(amount)
    for word, power in SCALE_WORDS:
        if abs(amount) < Decimal(10) ** power:
            continue
        with localcontext() as exact:  # (scaled exactly, however many digits it has)
            exact.prec = len(amount.as_tuple().digits) + 1
            scaled = plain_decimal(amount.scaleb(-power))
        if len(scaled.partition(".")[2]) <= MAX_SCALED_DECIMALS or not _written_out(amount, text):
            number = f"{Decimal(scaled):,} {word}"
        break
    sign = SPOKEN_SIGNS.get(money.currency)
    return f"{sign}{number}" if sign else f"{money.currency} {number}"


def _grouped(amount: Decimal) -> str:
    """An amount written out: 850,000; cents with two digits, 2.50."""
    digits = plain_decimal(amount)
    if len(digits.partition(".")[2]) == 1:
        digits += "0"
    return f"{Decimal(digits):,}"


def _written_out(amount: Decimal, text: str) -> bool:
    """Whether the text wrote every digit of the amount ("$4,242,825"), rather than a
    scaled figure ("$4.2 million") or one scaled by its table's header."""
    written = "".join(char for char in text if char.isdigit()).lstrip("0")
    # the amount with as many decimals as the text writes ("$1,250,000.50": two)
    decimals = len(found[1]) if (found := _DECIMALS.search(text)) else 0
    digits = f"{abs(amount):.{decimals}f}".replace(".", "").lstrip("0")
    return written == digits


_DECIMALS = re.compile(r"\d\.(\d+)")
