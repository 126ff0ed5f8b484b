"""Reading a question: what kind of answer it wants, the periods and values it names, what it
measures, and its words.

Nothing here knows a dataset: the rules are about English questions. A date, an amount or
a share the question names is read as a value (`language.mentions`), not kept as a word to
match; what kind of answer is wanted comes from cue words ("when", "how much", "how many",
"what share", "how long"); what it measures is the phrase a cue points to ("how many
*organizations*", "what was the *unemployment rate*").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from factcli.ask.lexicon import expand_abbreviations
from factcli.language.mentions import (
    amount_mentions,
    date_mentions,
    lone_months,
    percent_mentions,
)
from factcli.language.words import fold, tokens, word_stem

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.language.values import DateLike

# A question's words beyond these are not read: a pasted paragraph is not a question, and
# bounded work keeps a 300-word question as fast as a short one.
MAX_CHARACTERS = 1000
MAX_TERMS = 30

Wanted = Literal["date", "money", "share", "count", "duration", "amount"]

# Words that carry no content in a question: question words, auxiliaries, pronouns,
# prepositions, politeness, and light verbs whose meaning comes from their object.
STOPWORDS = frozenset(
    """a about according after all also am an and any are as at be been before being between
    by can could did do does done during for from had has have how i in into is it its last
    many me much my of on or our over please s say says said since so some such tell than that
    the their them there these they this those through to under until up us was we were
    what when where which while who whom whose why will with would you your
    go goes went gone going get gets got getting give gives gave given take takes took taken
    put puts come comes came happen happens happened occur occurs occurred out off away back
    need needs want wants know find like just ve re d ll t m if then not no yes per each
    according reported report reports show shows showed state states stated""".split()
)
# Words that only say what kind of answer is wanted.
CUE_WORDS = frozenset(
    """amount date day dollar dollars figure month number value year years when long often
    percent percentage pct share proportion fraction ratio""".split()
)
_WHEN = re.compile(
    r"\bwhen\b|\b(?:what|which)\s+(?:date|day|month|year|time)\b|\bin\s+what\s+year\b"
    r"|\bdate\s+(?:of|when|on)\b|\b(?:date|dates)\s*\??$|\bsince\s+when\b"
)
_DURATION = re.compile(r"\bhow\s+long\b|\bduration\b|\bhow\s+many\s+(?:years|months|weeks|days)\b")
_COUNT = re.compile(r"\bhow\s+many\b|\b(?:number|count)\s+of\b")
_SHARE = re.compile(
    r"\b(?:percent|percentage|pct|share|proportion|fraction|ratio)\b|%"
    r"|\b(?:rate|rates)\b|\bgrowth\b|\bby\s+how\s+much\b|\bchange\b"
)
# Nouns of money in general English: "how much" with one of them asks for an amount of money.
MONEY_NOUNS = frozenset(
    """money dollar dollars cash fund funds funding grant grants award awards budget budgets
    cost costs spending spend spent revenue revenues sales profit profits loss losses price
    prices salary salaries wage wages earnings income incomes pay paid debt deficit surplus
    outlays outlay expenditure expenditures investment investments tax taxes value worth
    gdp fee fees bond bonds dividend dividends euro euros pound pounds yen""".split()
)
_HOW_MUCH = re.compile(r"\bhow\s+much\b|\bwhat\s+(?:was|is|were|are)\s+the\s+(?:total|amount)\b")
# Verbs of a change: "how much did hours fall" asks for the change, not for money.
_CHANGE = re.compile(
    r"\b(?:rise|rose|risen|fall|fell|fallen|grow|grew|grown|increase[sd]?|decrease[sd]?"
    r"|decline[sd]?|drop(?:ped)?|climb(?:ed)?|gain(?:ed)?|change[sd]?|up|down)\b"
)
_UP = re.compile(
    r"\b(?:rise|rose|risen|grow|grew|grown|increase[sd]?|climb(?:ed)?|gain(?:ed)?|up)\b"
)
_DOWN = re.compile(r"\b(?:fall|fell|fallen|decrease[sd]?|decline[sd]?|drop(?:ped)?|down)\b")
# What a cue points to: "how many X", "number of X", "share of X", "what was the X".
_FOCUS = re.compile(
    r"\bhow\s+many\s+(?P<many>.*)"
    r"|\b(?:number|count)\s+of\s+(?P<number>.*)"
    r"|\b(?:share|percent|percentage|fraction|proportion)\s+of\s+(?P<of>.*)"
    r"|\b(?:what|which)\s+(?:was|is|were|are)\s+(?:the\s+)?(?P<what>.*)"
)
# Words that end the phrase a cue points to.
_FOCUS_ENDS = frozenset(
    "in for of at on during by from to since between among across within over under than "
    "did does do was were is are has have had will would and or that which who".split()
)


@dataclass(frozen=True)
class Term:
    """A content word of a question: as written (folded), its stem, and whether it is part
    of a name (a capitalized word or an acronym the question writes)."""

    word: str
    stem: str
    name: bool = False


@dataclass(frozen=True)
class Question:
    """What a question asks."""

    text: str
    wanted: Wanted | None
    periods: tuple[DateLike, ...]
    months: tuple[int, ...]  # months named without a year, by number
    amounts: tuple[Decimal, ...]  # amounts of money named
    percents: tuple[Decimal, ...]  # shares named, in percent
    terms: tuple[Term, ...]
    focus: frozenset[str]  # the stems of what is measured or counted
    # The last word of what is counted ("how many human trafficking *survivors*"), a stem.
    focus_head: str | None = None
    direction: Literal["increase", "decrease"] | None = None
    # The names the question writes, each as its folded words ("prince edward island").
    name_runs: tuple[tuple[str, ...], ...] = ()
    # Content words side by side, as stems ("human trafficking"): together they name one
    # thing, which a fact holding one of them elsewhere may not be about.
    pairs: tuple[tuple[str, str], ...] = ()
    # Stems of places and groups the question names: capitalized, or right after "in",
    # "among", "across" ("seat belt use in canada").
    places: frozenset[str] = frozenset()
    # Words asking for a part, a rate or an average of what is stated in total ("each",
    # "per", "average", "annual", "specifically"), as stems.
    distributive: frozenset[str] = frozenset()

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(term.stem for term in self.terms))

    @property
    def names(self) -> frozenset[str]:
        return frozenset(term.stem for term in self.terms if term.name)


def read_question(text: str) -> Question:
    """Read what a question asks."""
    text = text[:MAX_CHARACTERS]
    expanded = expand_abbreviations(text)
    lowered = " ".join(fold(expanded).split())
    dates = date_mentions(lowered)
    amounts = amount_mentions(lowered)
    percents = percent_mentions(lowered)
    months = lone_months(lowered)
    named = [(m.start, m.end) for m in (*dates, *amounts, *percents, *months)]
    bare = _without(lowered, named)
    wanted = _wanted(bare)
    words = [t for t in tokens(bare) if t not in STOPWORDS and not t[0].isdigit()]
    focus = _focus(bare)
    capitalized = _capitalized(expanded)
    terms = tuple(
        dict.fromkeys(
            Term(word, word_stem(word), name=word in capitalized)
            for word in words
            if word not in CUE_WORDS and len(word) > 1
        )
    )[:MAX_TERMS]
    direction: Literal["increase", "decrease"] | None = None
    if _UP.search(bare) and not _DOWN.search(bare):
        direction = "increase"
    elif _DOWN.search(bare) and not _UP.search(bare):
        direction = "decrease"
    return Question(
        text=text,
        wanted=wanted,
        periods=tuple(dict.fromkeys(m.value for m in dates)),  # type: ignore[misc]
        months=tuple(dict.fromkeys(m.value for m in months)),  # type: ignore[misc]
        amounts=tuple(dict.fromkeys(m.value for m in amounts)),  # type: ignore[misc]
        percents=tuple(dict.fromkeys(m.value for m in percents)),  # type: ignore[misc]
        terms=terms,
        focus=frozenset(focus),
        focus_head=focus[-1] if focus and wanted in ("count", "duration") else None,
        direction=direction,
        name_runs=_name_runs(expanded),
        pairs=_pairs(bare),
        places=_places(bare) | frozenset(t.stem for t in terms if t.name),
        distributive=frozenset(word_stem(w) for w in tokens(bare) if w in DISTRIBUTIVE),
    )


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with these spans blanked out (a break, so no two words meet across one)."""
    out = list(text)
    for start, end in spans:
        out[start:end] = " " * (end - start)
        if start < len(out):
            out[start] = "|"
    return "".join(out)


def _wanted(bare: str) -> Wanted | None:
    if _WHEN.search(bare):
        return "date"
    if _DURATION.search(bare):
        return "duration"
    if _COUNT.search(bare) and not re.search(r"\bhow\s+many\s+(?:dollars|euros|pounds)\b", bare):
        return "count"
    words = set(tokens(bare))
    if _HOW_MUCH.search(bare):
        # "How much did hours fall", "how much did wages grow": a change, of money or not.
        if _CHANGE.search(bare):
            return "amount"
        return "money" if words & MONEY_NOUNS else "amount"
    if _SHARE.search(bare):
        return "share"
    if _CHANGE.search(bare) and words & MONEY_NOUNS:
        return "amount"  # "what was the 12-month increase in average weekly earnings"
    if re.search(r"\bhow\s+many\s+(?:dollars|euros|pounds)\b", bare):
        return "money"
    if re.search(r"\b(?:date|dates|day|month|year)\s*$", bare):
        return "date"  # a keyword query: "ofvps creation date"
    if words & MONEY_NOUNS:
        return "money"  # "what were average weekly earnings", "full year 2018 revenues"
    return None


def _capitalized(text: str) -> set[str]:
    """The folded words a question writes capitalized: names of places, bodies, programs
    (its first word too, unless it is a question word or a stopword: "Nunavut weekly
    earnings" names Nunavut, "What was" names nothing)."""
    found: set[str] = set()
    for match in re.finditer(r"[^\W\d_][\w'’.-]*", text):
        word = match.group().rstrip(".'’")
        if word[:1].isupper() and word.lower() not in STOPWORDS | CUE_WORDS:
            found.update(tokens(word))
    return found


# Small words inside a name ("Newfoundland and Labrador", "Bank of England").
NAME_LINKS = frozenset("of on for and the in to at by de".split())


def _name_runs(text: str) -> tuple[tuple[str, ...], ...]:
    """The capitalized runs of a question (small link words inside them kept), each as its
    folded words: the names a fact's abbreviations may stand for."""
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    for word in [*words, ""]:
        bare_word = word.rstrip(".'’")
        capital = bare_word[:1].isupper() and bare_word.lower() not in STOPWORDS | CUE_WORDS
        if capital or (run and bare_word.lower() in NAME_LINKS):
            run.append(bare_word.lower())
            continue
        while run and run[-1] in NAME_LINKS:
            run.pop()
        if run:
            runs.append(tuple(run))
        run = []
    return tuple(dict.fromkeys(runs))


PLACE_PREPOSITIONS = frozenset("in among across at".split())
DISTRIBUTIVE = frozenset(
    "each per average apiece annual annually yearly monthly weekly daily specifically".split()
)


def _places(bare: str) -> frozenset[str]:
    """The stems of the words right after "in", "among", "across" or "at"."""
    found = set()
    for piece in bare.split("|"):
        words = tokens(piece)
        for before, word in zip(words, words[1:], strict=False):
            if before in PLACE_PREPOSITIONS and _is_content(word):
                found.add(word_stem(word))
    return frozenset(found)


def _pairs(bare: str) -> tuple[tuple[str, str], ...]:
    """Content words side by side (not across a date, an amount or a cue word)."""
    found = []
    for piece in bare.split("|"):
        words = tokens(piece)
        for first, second in zip(words, words[1:], strict=False):
            if all(_is_content(word) for word in (first, second)):
                found.append((word_stem(first), word_stem(second)))
    return tuple(dict.fromkeys(found))[:MAX_TERMS]


def _is_content(word: str) -> bool:
    return (
        word not in STOPWORDS and word not in CUE_WORDS and len(word) > 1
        and not word[0].isdigit()
    )  # fmt: skip


def _focus(bare: str) -> list[str]:
    """The stems of what a question measures or counts, in order: the phrase its cue points
    to, up to a word that ends it."""
    match = _FOCUS.search(bare)
    if not match:
        return []
    phrase = match["many"] or match["number"] or match["of"] or match["what"] or ""
    found: list[str] = []
    for word in tokens(phrase.split("|")[0]):
        if word in _FOCUS_ENDS or (found and re.search(r"(?:ed|ing)$", word)):
            break
        if word not in STOPWORDS and word not in CUE_WORDS and not word[0].isdigit():
            found.append(word_stem(word))
    return found[:6]
