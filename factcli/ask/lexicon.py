"""Lexical resources of ask: common English abbreviations, and initialisms read from the data.

Word forms (stems), synonyms and typo distance live in `factcli.language.words`, shared with search.
Here are the two ways a question shortens what the data spells out:

- *Common English abbreviations* ("govt", "approx.", "orgs", "yrs", "Oct.", "U.S."), a
  general list of the abbreviations English writers use, not words of any one dataset.
- *Initialisms the document never spells out* ("DV" for "domestic violence"): a run of
  words in the facts' own sentences whose initials spell the short word. They are read from
  the data (`InitialismCounter`), so they follow each dataset.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable

from factcli.language.values import MONTH_NAMES
from factcli.language.words import tokens

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
    "bn": "billion",
    "bil": "billion",
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
    "k": "thousand",
    "mil": "million",
    "mgmt": "management",
    "mo": "month",
    "mos": "months",
    "mln": "million",
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
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
    "usa": "united states",
    "uk": "united kingdom",
}
# Words for a country's people or things, and the country's name (a general list): a fact
# that names the country covers the word ("American women": "women in the United States").
DEMONYMS: dict[str, str] = {
    "american": "united states",
    "americans": "united states",
    "british": "united kingdom",
    "canadian": "canada",
    "canadians": "canada",
    "mexican": "mexico",
    "mexicans": "mexico",
}
# Abbreviations that are also ordinary words: read as abbreviations only with their dot
# ("no." is "number", "no" is no).
DOTTED_ONLY = frozenset({"no", "mar", "est", "fed", "pop", "tot", "mo", "k", "dec", "jan", "jun"})
# The months' names as words are compared (folded).
MONTHS = tuple(name.casefold() for name in MONTH_NAMES)
# A month's name or abbreviation, and the month's name.
_MONTH_OF_WORD = {
    **{name: name for name in MONTHS},
    **{short: long for short, long in ABBREVIATIONS.items() if long in MONTHS},
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
# Numbers as words, and as digits ("five years" states the 5 of "over 5 yrs").
NUMBER_WORDS = {
    word: str(number)
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
# Small words a long form may skip in its initialism ("Prevention and Services Act").
LINK_WORDS = frozenset("of on for and the in to at by".split())
INITIALISM_LENGTHS = range(2, 7)
# Words that join clauses or stand for things: no long form runs across them.
_RUN_BREAKS = frozenset(
    "a an is was were are be been that which who whom with from as than more most has have "
    "had it its this these those their they he she we you or but not".split()
)
_NO_RUN_START = LINK_WORDS | _RUN_BREAKS
# How many words, link words included, a run may span.
_RUN_REACH = 10


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


def initialism_runs(
    text: str,
    tokenize: Callable[[str], list[str]] = tokens,
    known: dict[str, list[str]] | None = None,
) -> list[str]:
    """Each run of words of a sentence that may be spelled out by an initialism: 2 to 6
    words that are not link words ("family violence prevention and services act", for
    "fvpsa"), link words kept inside the run. A run stops at a word that joins clauses.

    Every sentence of an index build goes through here, so the sentence is split once at
    the words that join clauses, and each run is a slice of its part, joined once. With
    ``known``, the runs of each part are kept there (up to `KNOWN_PARTS` parts): the
    sentences of a dataset repeat names and phrases."""
    known = {} if known is None else known
    runs: list[str] = []
    part: list[str] = []
    for word in [*(w for w in tokenize(text) if w.isalpha()), ""]:  # "" ends the last part
        if word and word not in _RUN_BREAKS:
            part.append(word)
            continue
        if len(part) > 1:
            joined = " ".join(part)
            found = known.get(joined)
            if found is None:
                found = _part_runs(part, joined)
                if len(known) < KNOWN_PARTS:
                    known[joined] = found
            runs.extend(found)
        part = []
    return runs


# How many parts of sentences `initialism_runs` keeps the runs of, when asked to.
KNOWN_PARTS = 5_000


def _part_runs(part: list[str], joined: str) -> list[str]:
    """The runs of one part of a sentence (its words, and them joined by spaces)."""
    runs: list[str] = []
    append = runs.append
    most = INITIALISM_LENGTHS[-1] - 1  # words after the first
    starts, at = [], 0
    for kept in part:
        starts.append(at)
        at += len(kept) + 1
    content = [i for i, kept in enumerate(part) if kept not in LINK_WORDS]
    for number, first in enumerate(content):
        begin = starts[first]
        for last in content[number + 1 : number + 1 + most]:
            if last - first >= _RUN_REACH:
                break
            append(joined[begin : starts[last] + len(part[last])])
    return runs


def initials(run: str) -> str:
    """The initials of a run of words, link words skipped."""
    return "".join(word[0] for word in run.split() if word not in LINK_WORDS)


# A run's link words past this many are never kept in its initialisms (2^4 ways at most).
_MOST_LINKS_KEPT = 4


def linked_initials(run: str) -> list[str]:
    """The initials of a run of words that keep the letters of some of its link words, one
    way for each choice of them: "coc" for "continuum of care"; "doi" and "doti" for
    "department of the interior", whose initialism skips "the" and keeps "of"."""
    words = run.split()
    links = [at for at, word in enumerate(words) if word in LINK_WORDS]
    content = len(words) - len(links)
    links = links[:_MOST_LINKS_KEPT]
    found = []
    # No initialism is longer than the longest run of words (`INITIALISM_LENGTHS`).
    for kept in range(1, min(len(links), INITIALISM_LENGTHS[-1] - content) + 1):
        for chosen in itertools.combinations(links, kept):
            found.append("".join(
                word[0] for at, word in enumerate(words) if word not in LINK_WORDS or at in chosen
            ))  # fmt: skip
    return found


class InitialismCounter:
    """How often each run of words occurs, by its initials: what "dv" may stand for.

    Bounded: past ``limit`` distinct runs, runs seen once are dropped (a long form worth
    knowing recurs)."""

    def __init__(self, limit: int = 200_000) -> None:
        self.counts: Counter[str] = Counter()
        self.limit = limit
        self._known: dict[str, list[str]] = {}  # the runs of parts of sentences added

    def add_text(self, text: str, tokenize: Callable[[str], list[str]] = tokens) -> None:
        self.counts.update(initialism_runs(text, tokenize, self._known))
        if len(self.counts) > self.limit:
            self.counts = Counter({key: n for key, n in self.counts.items() if n > 1})

    def merge(self, other: Counter[str]) -> None:
        self.counts.update(other)
        if len(self.counts) > self.limit:
            self.counts = Counter({key: n for key, n in self.counts.items() if n > 1})

    def best(self) -> dict[str, tuple[str, int]]:
        """For each initialism, its most frequent run of words (ties: the first in order)."""
        return self._best(lambda run: [initials(run)])

    def best_linked(self) -> dict[str, tuple[str, int]]:
        """The same for initialisms that keep the letters of some link words inside their
        runs ("coc": "continuum of care", "doi": "department of the interior"; see
        `linked_initials`). Looked up by these initials themselves: the most frequent run
        of "cc" may be another ("child care") than the one "coc" stands for."""
        return self._best(linked_initials)

    def _best(self, keys_of: Callable[[str], list[str]]) -> dict[str, tuple[str, int]]:
        found: dict[str, tuple[str, int]] = {}
        for run, count in sorted(self.counts.items()):
            for key in keys_of(run):
                if count > found.get(key, ("", 0))[1]:
                    found[key] = (run, count)
        return found
