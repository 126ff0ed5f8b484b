"""Common English abbreviations in questions ("govt", "approx.", "orgs", "yrs", "Oct.", "U.S.").

A general list of the abbreviations English writers use, from style guides and dictionaries,
not words of any one dataset; each is written out before a question is read.
"""

from __future__ import annotations

import re

from factcli.language.calendar import MONTH_ABBREVIATIONS, MONTH_NAMES
from factcli.language.scales import SCALE_SPELLINGS

# Common English abbreviations and what they stand for, as written in general English
# (style guides and dictionaries list them); not words chosen for one dataset.
ABBREVIATIONS: dict[str, str] = {
    "admin": "administration",
    "admins": "administrations",
    "approx": "approximately",
    "appt": "appointment",
    "assn": "association",
    "assoc": "association",
    "avg": "average",
    "ctr": "center",
    "dept": "department",
    "depts": "departments",
    "est": "established",
    "estd": "established",
    "fed": "federal",
    "govt": "government",
    "gov": "government",
    "govts": "governments",
    "hr": "hour",
    "hrs": "hours",
    "info": "information",
    "intl": "international",
    "mgmt": "management",
    "mo": "month",
    "mos": "months",
    "natl": "national",
    "no": "number",
    "num": "number",
    "org": "organization",
    "orgs": "organizations",
    "pct": "percent",
    "pop": "population",
    "ppl": "people",
    "prog": "program",
    "progs": "programs",
    "svc": "service",
    "svcs": "services",
    "tot": "total",
    "wk": "week",
    "wks": "weeks",
    "yr": "year",
    "yrs": "years",
    "usa": "united states",
    "uk": "united kingdom",
    **SCALE_SPELLINGS,
    **{short: MONTH_NAMES[n - 1].lower() for short, n in MONTH_ABBREVIATIONS.items()},
}
# Abbreviations that are also ordinary words: read as abbreviations only with their dot
# ("no." is "number", "no" is no).
DOTTED_ONLY = frozenset({"no", "mar", "est", "fed", "pop", "tot", "mo", "k", "dec", "jan", "jun"})
# A month's name or abbreviation, and the month's name, as words are compared (folded).
_MONTH_OF_WORD = {
    **{name.casefold(): name.casefold() for name in MONTH_NAMES},
    **{short: MONTH_NAMES[n - 1].casefold() for short, n in MONTH_ABBREVIATIONS.items()},
}
# Two words joined as months are ("jun/jul", "Jan.-Mar.", "dec to feb"): when both are months,
# each is one, even an abbreviation that is also a word or a name ("jun", "mar", "jan").
_JOINED_WORDS = re.compile(
    r"\b([A-Za-z]{3,9})\.?(\s*[/–—-]\s*|\s+(?:to|through|thru)\s+)([A-Za-z]{3,9})\b\.?"
)
# "U.S.", "U.S.A.", "D.C.": letters with dots, read as one word.
_DOTTED_LETTERS = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_DOTTED_WORD = re.compile(r"\b([A-Za-z]{1,5})\.")
# Before "us" these make it the pronoun ("tell us"), not the country.
_PRONOUN_US_AFTER = frozenset("tell told give gave show let help send sent for with to".split())


def expand_abbreviations(text: str) -> str:
    """The text with common abbreviations and dotted letters written out."""
    text = _JOINED_WORDS.sub(_joined_months, text)
    text = _DOTTED_LETTERS.sub(lambda m: m.group().replace(".", "") + " ", text)

    def dotted(match: re.Match[str]) -> str:
        word = match[1].casefold()
        return ABBREVIATIONS.get(word, match[1]) if word in DOTTED_ONLY else match.group()

    text = _DOTTED_WORD.sub(dotted, text)
    # "jul/aug": two words.
    text = re.sub(r"(?<=[A-Za-z])/(?=[A-Za-z])", " / ", text)
    out: list[str] = []
    for raw in re.findall(r"\S+", text):
        core = raw.strip("?!.,;:()\"'").casefold()
        previous = out[-1].casefold() if out else ""
        if core == "us" and (raw.strip("?!.,;:") == "US" or previous not in _PRONOUN_US_AFTER):
            out.append(raw.replace(raw.strip("?!.,;:()\"'"), "united states"))
        elif core in ABBREVIATIONS and core not in DOTTED_ONLY:
            out.append(raw.replace(raw.strip("?!.,;:()\"'"), ABBREVIATIONS[core]))
        else:
            out.append(raw)
    return " ".join(out)


def _joined_months(match: re.Match[str]) -> str:
    first, second = (_MONTH_OF_WORD.get(match[n].casefold()) for n in (1, 3))
    if first is None or second is None:
        return match[0]
    join = match[2].strip()
    return f"{first} {join} {second}" if join.isalpha() else f"{first} / {second}"
