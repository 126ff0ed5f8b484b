"""Reading a question: the kind of answer it wants, its constraints, and its content words.

Nothing here knows a dataset: the rules are about English questions. What a question names
(a date, an amount, a ratio, a number, a proper name) is a constraint the answer must meet,
not a word to match; the kind of answer comes from its cue words ("when", "how much",
"how many", "what share"...), and what a "how many X" or "share of X" question counts is X.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from factcli.ask.lexicon import MONTHS, NUMBER_WORDS, expand_abbreviations
from factcli.language.words import fold, stem, tokens

if TYPE_CHECKING:
    from collections.abc import Collection

    from factcli.language.values import DateLike, Kind

# A question's words beyond these are not read: a pasted paragraph is not a question, and
# bounded work keeps a 300-word question as fast as a short one.
MAX_TERMS = 40
MAX_NAMES = 8
MAX_CHARACTERS = 4000

# Words that carry no content in a question: question words, auxiliaries, pronouns,
# prepositions, politeness, and light verbs (go, make, get, hold...) whose meaning comes
# from their object.
STOPWORDS = frozenset(
    """a about according after all also am an and any are as at be been before being between
    by can could did do does done during for from had has have how i in into is it its last
    many me much my of on or our over please s say says said since so some such tell than that
    the their them there these they this those through to total under until up us was we were
    what when where which while who whom whose why will with would you your
    go goes went gone going make makes made making get gets got getting give gives gave given
    take takes took taken put puts set sets hold holds held come comes came happen happens
    happened occur occurs occurred receive receives received receiving out off away back
    need needs want wants know find like just ve re d ll t m if then not no without yes""".split()
)
# Words that only say what kind of answer is wanted (or how to show it).
CUE_WORDS = frozenset(
    """amount cash count date day dollar dollars duration figure fraction money month number percent
    percentage portion proportion rate ratio share statistic sum time value year years
    long often common prevalent likely large big size""".split()
)
# Words that ask for a part, a rate or an average of what a sentence states in total: a fact
# answers them only when its own words say the same ("each", "per year"...).
DISTRIBUTIVE = frozenset(
    "each per average apiece annual annually yearly monthly weekly daily specifically".split()
)
# Nouns for money: in a question asking when, a sentence that states an amount of money
# holds them ("the brownfields funding" is the $315 million it announces), whatever its words.
MONEY_NOUNS = frozenset("funding funds money dollars dollar cash".split())
DURATION_UNITS = frozenset(stem(u) for u in "years months weeks days decades hours".split())

# "The previous years rate": "year's" without its apostrophe.
_POSSESSIVE_YEARS = re.compile(r"\b(?:previous|prior|last|next|this|same)\s+years\b")
# A period that is not a date asked for: "each year", one a determiner points to, "the
# previous year's rate", "over the past year", "next fiscal year", a change from one period
# to the next, "year over year", and a length, "a 3-month average". Their "year" is no date
# cue.
_REPEATED_PERIOD = re.compile(
    r"\b(?:each|per|every|a)\s+(?:year|month|week|day)\b"
    r"|\b(?:year|month|week|quarter)[\s-]+(?:over|on|to)[\s-]+(?:year|month|week|quarter|date)\b"
    rf"|\b(?:\d+|{'|'.join(NUMBER_WORDS)})-(?:year|month|week|day)\b"
    r"|\b(?:(?:over|during|in|for)\s+the\s+(?:past\s+|last\s+)?"
    r"|(?:the\s+)?(?:previous|prior|last|past|next|this|same|current|that|one)\s+)"
    r"(?:(?:fiscal|calendar)\s+)?(?:year|month|week|day)(?:'s|’s)?(?!\w)"
)
_KIND_CUES: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (
        re.compile(r"\bwhen\b|\b(?:date|dates|day|month|year)\b(?!\s+(?:old|olds)\b)"),
        "date",
    ),
    (re.compile(r"\bhow\s+many\s+dollars\b"), "money"),
    (
        re.compile(
            r"\bhow\s+(?:many|long|often|common|prevalent|likely)\b|\b(?:number|count)\s+of\b"
            r"|\b(?:share|percent|percentage|fraction|proportion|portion|ratio|rate)\b"
            r"|\b(?:years|duration)\b"
        ),
        "statistic",
    ),
    (
        re.compile(
            r"\bhow\s+much\b|\b(?:amount|sum|budget|total|money|dollars?|cash|funding|funds"
            r"|grants?|cost)\b"
        ),
        "money",
    ),
)
_FOCUS_CUES = re.compile(
    r"\bhow\s+many\s+(?P<many>.*)"
    r"|\b(?:number|count)\s+of\s+(?P<number>.*)"
    r"|\b(?:share|percent|percentage|fraction|proportion|portion)\s+of\s+(?P<of>.*)"
)
# Months by their first three letters (factcli.language.values, with the date types, is
# imported only when a question names a date: it costs start-up time).
_MONTH_STARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A month's name or abbreviation as a whole word, misspelled inside as people do: its first
# letters and its last ("febuary", "decmber"). "mar" and "march", never "marketing" or "novel".
_MONTH = (
    r"(?:jan(?:[a-z]*ary)?|feb(?:[a-z]*ary)?|mar(?:[a-z]*ch)?|apr(?:[a-z]*il)?|may|june?|july?"
    r"|aug(?:[a-z]*st)?|sept?(?:[a-z]*ber)?|oct(?:[a-z]*ber)?|nov(?:[a-z]*ber)?"
    r"|dec(?:[a-z]*ber)?)(?![a-z])"
)
_MONTH_WORD = re.compile(_MONTH)
# Months of one year named as a span ("june/july 2022", "jun - aug 2022", "may to june
# 2023"), or two months in a row joined by "and" or "or": every month of it is asked for.
_MONTH_SPAN = (
    rf"\b(?P<span_from>{_MONTH})\.?\s*"
    r"(?P<span_join>/|-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\band\b|\bor\b)\s*"
    rf"(?P<span_to>{_MONTH})\.?,?\s+(?P<span_year>\d{{4}})\b"
)
# Years written as one span ("2022/2023", "2015-2016", "2019–2021"). "From 2015 to 2016"
# stays two dates: a change from one to the other (see `rank._stated_in_sentence`).
_YEAR_SPAN = r"\b(?P<years_from>(?:1[89]|20)\d{2})\s*[/–—-]\s*(?P<years_to>(?:1[89]|20)\d{2})\b"
# Dates as questions write them; read here, not by `factcli.language.readers` (whose many patterns
# would cost ask more start-up time than answering does).
_DATE_MENTION = re.compile(
    rf"{_MONTH_SPAN}|{_YEAR_SPAN}|"
    r"\b(?:fiscal(?:\s+year)?|fy)\s?'?(?P<fiscal>\d{4}|\d{2})\b|"
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"
    rf"|\b(?P<month2>{_MONTH})\.?,?\s+(?P<year2>\d{{4}})\b"
    r"|\b(?P<iso>\d{4}-\d{2}(?:-\d{2})?)\b|\b(?P<year3>(?:1[89]|20)\d{2})\b"
)
# A year between a determiner and what it describes ("the 2015 NSDUH report").
_DESCRIBED_YEAR = re.compile(
    r"\b(?:the|its|their|this|that|a|an)\s+((?:1[89]|20)\d{2})\s+(?!(?:to|and|through|or)\b)[a-z]"
)
# Names are read from the question as written: its date mentions in any case ("FY 2018").
_DATE_MENTION_ANY_CASE = re.compile(_DATE_MENTION.pattern, re.IGNORECASE)
# What replaces a date, amount or ratio the question names: no word, and no neighbour either
# ("in FY 2018 compared" is not "in compared").
_BREAK = " | "
_SCALE = r"(?:thousand|million|billion|trillion)"
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_AMOUNT_MENTION = re.compile(
    rf"\$\s?{_NUMBER}(?:\s*(?:{_SCALE}|[kmb])\b)?"
    rf"|(?:\b{_NUMBER}|\b(?:an?|one))\s+{_SCALE}(?:\s+(?:in\s+)?dollars?)?\b"
    rf"|\b{_NUMBER}\s+dollars?\b"
)
_RATIO_MENTION = re.compile(r"\b(\d+)\s+(?:in|out\s+of)\s+(\d+)\b")
# "When was X founded?": X is what the fact's sentence must say was founded (after the verb),
# so "When was HHS founded?" is not answered by "HHS established OFVPS".
_PASSIVE = re.compile(
    r"^(?:when|in\s+what\s+\w+|what\s+\w+|which\s+\w+)\s+(?:was|were)\s+(?P<patient>.+?)\s+"
    r"(?P<verb>\w+(?:ed|en)|made|held|built|begun|done|set)\s*[?.!]*$"
)
PLACE_PREPOSITIONS = frozenset("in among across at".split())
# Words that ask for one end of a range ("4 to 8 applications", "30% to 90%").
BOUND_WORDS = {
    "upper": frozenset("max maximum highest largest biggest greatest".split()),
    "lower": frozenset("min minimum lowest smallest fewest".split()),
}
# Words of qualifiers and scales: part of how a value is said, not of what a fact is about.
QUALIFIER_WORDS = frozenset(
    "about approximately around nearly almost over more than less under at least most some "
    "roughly close to estimated".split()
)
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
          "k": 10**3, "m": 10**6, "b": 10**9}  # fmt: skip
# Small words inside a name ("Office of Family Violence Prevention and Services").
_NAME_LINKS = frozenset("of on for and the in to".split())
_MONTH_NUMBERS = {month: number for number, month in enumerate(_MONTH_STARTS, 1)}
# Month names that say a month wherever they stand ("may" is mostly a verb).
_MONTH_WORDS = frozenset(MONTHS) - {"may"}
# Words that end the noun phrase after "how many": an -ed/-ing verb or a stopword.
_VERBISH = re.compile(r"(?:ed|ing)$")
# Phrasal verbs whose meaning is not in their words, said as one word.
PHRASES = (
    (re.compile(r"\bset(?:ting)?\s+up\b"), "established"),
    (re.compile(r"\bset(?:ting)?\s+aside\b"), "allocated"),
    (re.compile(r"\b(?:give|gave|given|giving|hand|handed)\s+out\b"), "awarded"),
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+place\b"), "happened"),
    (re.compile(r"\bper\s+the\b"), "according to the"),
)


@dataclass(frozen=True)
class Question:
    """What a question asks: the kind of answer, its constraints, and its content words.

    ``words`` pairs each content word as written (folded) with its stem: a word the data
    does not know may be a typo or an initialism of the written form.
    """

    text: str
    kind: Kind | None
    wants_duration: bool
    focus: tuple[tuple[str, str], ...]
    patient: tuple[tuple[str, str], ...]
    verb: str | None
    words: tuple[tuple[str, str], ...]
    pairs: tuple[tuple[str, str], ...]
    names: tuple[tuple[tuple[str, str], ...], ...]
    dates: tuple[DateLike, ...]
    amounts: tuple[Decimal, ...]
    ratios: tuple[tuple[int, int], ...]
    numbers: tuple[str, ...]
    distributive: tuple[str, ...]
    money: bool
    # Words right after "in", "among"...: a place or a population when the data does not
    # know them ("in canada"), so a constraint, not a word that may be missing.
    places: tuple[tuple[str, str], ...] = ()
    # "What percent", "pct": a share of a hundred, not a rate per thousand.
    percent: bool = False
    # "The maximum reduction", "the smallest number": which end of a range is asked for.
    bound: str | None = None
    # Months named without a year ("the July and August revisions"), by number; "may" is
    # none: it is a verb more often.
    months: tuple[int, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(word_stem for _, word_stem in self.words))


def read_question(text: str) -> Question:
    """Read the kind, constraints and content words of a question."""
    text = text[:MAX_CHARACTERS]
    expanded = expand_abbreviations(text)
    lowered = " ".join(fold(expanded).split())
    for phrase, meaning in PHRASES:
        lowered = phrase.sub(meaning, lowered)
    # "In fiscal year 2005" names a date; its "year" asks for none.
    without_periods = _REPEATED_PERIOD.sub(" ", _DATE_MENTION.sub(" ", lowered))
    kind = next((k for cue, k in _KIND_CUES if cue.search(without_periods)), None)
    # Dates, amounts and ratios are constraints, not words to match: "in 2021" must not make
    # any 2021 fact look like an answer to a question about something else.
    # "When did SAMHSA release the 2015 report?": a year that describes a thing is the
    # thing's, not the date asked for (released in 2016): a number its evidence must state.
    described = {m.start(1) for m in _DESCRIBED_YEAR.finditer(lowered)} if kind == "date" else set()
    dates = _dates(lowered, described)
    bare = _DATE_MENTION.sub(lambda match: _date_break(match, described), lowered)
    amounts = _amounts(bare)
    bare = _AMOUNT_MENTION.sub(_BREAK, bare)
    ratios = tuple((int(a), int(b)) for a, b in _RATIO_MENTION.findall(bare))
    bare = _RATIO_MENTION.sub(_BREAK, bare)
    words = [t for t in tokens(bare) if t not in STOPWORDS]
    patient, verb = _patient(bare)
    adjacent = [pair for piece in bare.split("|") for pair in itertools.pairwise(tokens(piece))]
    places = tuple(
        dict.fromkeys(
            (word, stem(word))
            for before, word in adjacent
            if before in PLACE_PREPOSITIONS and word.isalpha() and _content(word)
        )
    )[:MAX_NAMES]
    focus = _focus(bare) if kind == "statistic" else ()
    return Question(
        text=text,
        kind=kind,
        wants_duration=kind == "statistic" and _wants_duration(lowered, focus),
        focus=focus,
        patient=patient,
        verb=verb,
        words=tuple(
            dict.fromkeys(
                (w, stem(w))
                for w in words
                if w not in CUE_WORDS
                and w not in DISTRIBUTIVE
                and not (kind == "date" and w in MONEY_NOUNS)
                and not w[0].isdigit()
            )
        )[:MAX_TERMS],
        pairs=tuple(
            dict.fromkeys(
                (first, second)
                for first, second in adjacent
                if _content(first) and _content(second)
            )
        )[:MAX_TERMS],
        names=tuple(_names(expanded))[:MAX_NAMES],
        dates=tuple(dict.fromkeys(dates))[:MAX_NAMES],
        amounts=tuple(dict.fromkeys(amounts))[:MAX_NAMES],
        ratios=tuple(dict.fromkeys(ratios))[:MAX_NAMES],
        numbers=tuple(dict.fromkeys(w for w in words if w[0].isdigit()))[:MAX_NAMES],
        distributive=tuple(dict.fromkeys(stem(w) for w in tokens(lowered) if w in DISTRIBUTIVE)),
        money=kind == "date" and any(w in MONEY_NOUNS for w in words),
        places=places,
        percent=bool(re.search(r"\bpercent(?:age)?\b|%", lowered)),
        bound=_bound(words),
        months=tuple(dict.fromkeys(_MONTH_NUMBERS[w[:3]] for w in words if w in _MONTH_WORDS)),
    )


def _bound(words: list[str]) -> str | None:
    """ "upper" or "lower" when the question asks for one end of a range, and not both."""
    ends = {end for word in words for end, said in BOUND_WORDS.items() if word in said}
    return ends.pop() if len(ends) == 1 else None


def _wants_duration(lowered: str, focus: tuple[tuple[str, str], ...]) -> bool:
    """ "How long", "duration", "how many years"; or "years" as the cue of a keyword query
    ("fvpsa years"), not "in the last three years" of a question counting something else."""
    if re.search(r"\bhow\s+long\b|\bduration\b", lowered):
        return True
    lowered = _POSSESSIVE_YEARS.sub(" ", lowered)
    if focus:
        return any(word_stem in DURATION_UNITS for _, word_stem in focus)
    return bool(re.search(r"\byears\b", lowered))


def _content(word: str) -> bool:
    return (
        word not in STOPWORDS and word not in CUE_WORDS and word not in DISTRIBUTIVE
        and not word[0].isdigit()
    )  # fmt: skip


def _names(text: str) -> list[tuple[tuple[str, str], ...]]:
    """Proper names the question uses: runs of capitalized words (not the first word,
    unless it is an acronym), each word as written and as its stem. A date ("FY 2018",
    "March 2015") is none, and ends a run."""
    names: list[tuple[tuple[str, str], ...]] = []
    for piece, between in enumerate(_DATE_MENTION_ANY_CASE.sub("|", text).split("|")):
        names.extend(_runs(re.findall(r"[^\W\d_][\w'’.-]*", between), first=piece == 0))
    return names


def _runs(words: list[str], *, first: bool) -> list[tuple[tuple[str, str], ...]]:
    names: list[tuple[tuple[str, str], ...]] = []
    run: list[str] = []
    for position, word in enumerate([*words, ""]):
        word = word.rstrip(".'’")
        # Months are dates ("Marshall" and "Novel" are no months); a first word is
        # capitalized anyway.
        if _MONTH_WORD.fullmatch(word.lower()) or (
            first and position == 0 and not _is_acronym(word)
        ):
            word = ""
        if word[:1].isupper() or (run and word.lower() in _NAME_LINKS):
            run.append(word)
            continue
        while run and run[-1].lower() in _NAME_LINKS:
            run.pop()
        content = tuple((t, stem(t)) for w in run for t in tokens(w) if t not in STOPWORDS)
        if content:
            names.append(content)
        run = []
    return names


def _is_acronym(word: str) -> bool:
    letters = word.removesuffix("'s").removesuffix("’s")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _focus(lowered: str) -> tuple[tuple[str, str], ...]:
    """The words (and stems) of what a "how many X" or "share of X" question counts."""
    match = _FOCUS_CUES.search(lowered)
    if not match:
        return ()
    phrase: list[tuple[str, str]] = []
    for word in tokens(match["many"] or match["number"] or match["of"] or ""):
        if (word in STOPWORDS and len(word) > 1) or (_VERBISH.search(word) and phrase):
            break
        if not word[0].isdigit() and len(word) > 1 and word not in CUE_WORDS - {"years"}:
            phrase.append((word, stem(word)))
    return tuple(phrase[:6])


def _patient(lowered: str) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """What a passive question is about, and its verb: "when was X established?"."""
    match = _PASSIVE.search(" ".join(lowered.split()))
    if not match:
        return (), None
    words = [
        t for t in tokens(match["patient"])
        if t not in STOPWORDS and t not in QUALIFIER_WORDS and t not in SCALES and t.isalpha()
    ]  # fmt: skip
    return tuple((word, stem(word)) for word in words), stem(match["verb"])


def _dates(lowered: str, described: Collection[int] = ()) -> list[DateLike]:
    found: list[DateLike] = []
    matches = [m for m in _DATE_MENTION.finditer(lowered) if m.start() not in described]
    if not matches:
        return found
    from factcli.language.values import DateInterval, FiscalYear, PartialDate

    for match in matches:
        try:
            if match["iso"]:
                found.append(PartialDate.from_iso(match["iso"]))
                continue
            if match["span_year"]:
                found.extend(_month_span(match))
                continue
            if match["years_from"]:
                first, last = int(match["years_from"]), int(match["years_to"])
                if first < last:
                    found.append(DateInterval(PartialDate(first), PartialDate(last)))
                continue
            if match["fiscal"]:
                year = int(match["fiscal"])
                found.append(FiscalYear(year if year >= 100 else 2000 + year))
                continue
            month = match["month"] or match["month2"]
            year = int(match["year"] or match["year2"] or match["year3"])
            number = _MONTH_NUMBERS[month[:3]] if month else None
            found.append(PartialDate(year, number, int(match["day"]) if match["day"] else None))
        except ValueError:  # February 30th
            continue
    return found


def _month_span(match: re.Match[str]) -> list[DateLike]:
    """The months of a `_MONTH_SPAN`, as one period. A span that runs backwards starts in
    the year before ("Dec/Jan 2022"). Two months not in a row joined by "and" or "or" are no
    span: the last is read as a date, the first as a month named alone (`_date_break`)."""
    from factcli.language.values import DateInterval, PartialDate

    year = int(match["span_year"])
    first, last = (_MONTH_NUMBERS[match[name][:3]] for name in ("span_from", "span_to"))
    if not _is_span(match):
        return [PartialDate(year, last)]
    if first == last:
        return [PartialDate(year, first)]
    start = PartialDate(year if first < last else year - 1, first)
    return [DateInterval(start, PartialDate(year, last))]


def _is_span(match: re.Match[str]) -> bool:
    if match["span_join"] not in ("and", "or"):
        return True
    first, last = (_MONTH_NUMBERS[match[name][:3]] for name in ("span_from", "span_to"))
    return (last - first) % 12 == 1


def _date_break(match: re.Match[str], described: Collection[int]) -> str:
    """What a date mention becomes in the words of a question: a break, or itself when the
    year describes a thing (`_DESCRIBED_YEAR`). Of two months joined but no span ("March
    and July 2022"), the first stays a word, as a month named without a year."""
    if match.start() in described:
        return match[0]
    if match["span_year"] and not _is_span(match):
        return match[0][: match.start("span_to") - match.start()] + _BREAK
    return _BREAK


def date_mentions(text: str) -> list[DateLike]:
    """The dates a text states: "April 26, 2023", "October 2022", "2021"."""
    return _dates(fold(text))


def amount_mentions(text: str) -> list[Decimal]:
    """The amounts of money a text states: "$8.5 million", "a billion dollars"."""
    return _amounts(fold(text))


def ratio_mentions(text: str) -> set[tuple[int, int]]:
    """The ratios a text states: "1 in 3", "12 out of 1000"."""
    return {(int(a), int(b)) for a, b in _RATIO_MENTION.findall(fold(text))}


def _amounts(lowered: str) -> list[Decimal]:
    found = []
    for match in _AMOUNT_MENTION.finditer(lowered):
        text = re.sub(r"\b(?:in\s+)?dollars?\b", "", match.group())
        text = re.sub(r"^(?:an?|one)\b", "1", text).replace("$", "").replace(",", "").strip()
        number, _, scale = text.partition(" ")
        if not scale and number[-1:] in SCALES:  # "$8.5m"
            number, scale = number[:-1], number[-1]
        try:
            amount = Decimal(number) * SCALES.get(scale.strip(), 1)
        except ArithmeticError:
            continue
        found.append(amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount)
    return found
