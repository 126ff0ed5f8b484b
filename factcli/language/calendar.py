"""The months: their names and abbreviations, the one table every reader of dates uses.

English, whatever the user's locale: the documents are in English. Every pattern that
finds a month in a text is made from this table (`patterns.any_word`), and every reader
turns the word it found into a number with `month_number`.
"""

from __future__ import annotations

from factcli.language.patterns import any_word

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# How documents abbreviate a month: its first three letters, and "Sept" ("May" is its name).
MONTH_ABBREVIATIONS: dict[str, int] = {
    **{name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1) if len(name) > 3},
    "sept": 9,
}
# Every word that names a month, in lower case: its name and its abbreviations.
MONTHS: dict[str, int] = {
    **{name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)},
    **MONTH_ABBREVIATIONS,
}
# A month's first three letters: BibTeX's month macros, and how a dateline's month starts.
MONTH_STARTS = tuple(name[:3].lower() for name in MONTH_NAMES)
# The letters a month's name starts with, in both cases: a one-character test that spares
# trying every month's name at every word of a text.
_INITIALS = "".join(dict.fromkeys(name[0] for name in MONTH_NAMES))
MONTH_INITIALS = _INITIALS + _INITIALS.lower()
# Months' words that are other words too ("may", "march", a name "Jan"): named alone, they
# say a month only with a date word near them.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "dec", "sept", "sep", "oct", "nov"})
# The months a quarter ends in, as Australia and New Zealand name quarters ("the September
# quarter" is July to September).
QUARTER_END_MONTHS = {MONTH_NAMES[n - 1]: n for n in (3, 6, 9, 12)}

# A month's name or abbreviation, and the full stop after it ("Oct.", and "October." at
# the end of a sentence); used without regard to case.
MONTH_PATTERN = any_word(MONTHS) + r"\.?"
# A month's name, or its abbreviation with or without a full stop ("Oct", "Oct.").
MONTH_WORD_PATTERN = any_word([*MONTHS, *(f"{short}." for short in MONTH_ABBREVIATIONS)])
# A month as people type it, misspelled inside (its first letters and its last: "febuary",
# "decmber"), as a whole word: "mar" and "march", never "marketing" or "novel". Lower case.
MISSPELT_MONTH_PATTERN = (
    r"(?:jan(?:[a-z]*ary)?|feb(?:[a-z]*ary)?|mar(?:[a-z]*ch)?|apr(?:[a-z]*il)?|may|june?|july?"
    r"|aug(?:[a-z]*st)?|sept?(?:[a-z]*ber)?|oct(?:[a-z]*ber)?|nov(?:[a-z]*ber)?"
    r"|dec(?:[a-z]*ber)?)(?![a-z])"
)


def month_number(word: str) -> int:
    """The number of the month a word names: its name, an abbreviation with or without its
    full stop, or a misspelling that keeps its first three letters ("febuary" is 2)."""
    return MONTHS[word.lower()[:3]]
