"""Finding the spans of a document that state a date, a dollar figure or a statistic.

Finders run in order over the whole text: first the spans that are *not* facts (phone
numbers, identifiers, clock times, ages, relative times, numbers inside names), then
dates, money and statistics. A span that overlaps one found earlier is skipped, so a
date's day is not also a count and a phone number is not a statistic. What counts as a
fact follows the annotation guidelines of the extraction corpus
(tests/data/extract/GUIDELINES.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcli.language.calendar import (
    AMBIGUOUS_MONTHS,
    MONTH_INITIALS,
    MONTH_NAMES,
    MONTH_PATTERN,
    MONTHS,
)
from factcli.language.currencies import (
    CENTS_PATTERN,
    CODE_PATTERN,
    CODES,
    NAME_AFTER_PATTERN,
    NAME_BEFORE_PATTERN,
    SIGN_PATTERN,
)
from factcli.language.patterns import any_word
from factcli.language.readers import (
    DIGITS_PATTERN,
    FISCAL_PATTERN,
    FRACTION_PATTERN,
    MINUS,
    NUMBER_PATTERN,
    ORDINAL_PATTERN,
    PERIOD_PATTERN,
    QUALIFIER_PATTERN,
    RANGE_SEPARATOR,
    WORDS_PATTERN,
    read_number,
)
from factcli.language.scales import (
    SCALE_LETTERS,
    SCALE_OR_SHORT_PATTERN,
    SCALE_WORD_PATTERN,
    SHORT_SCALES,
)
from factcli.language.tables import document_tables, header_spans
from factcli.language.values import Kind

_PER_BASE = r"(?:100|1,000|10,000|100,000|1,000,000|one\s+(?:hundred|thousand|million))"


# How far back a rule looks for the words before a figure.
LOOK_BACK = 80


@functools.cache
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _re_finditer(pattern: str, text: str, flags: int = 0) -> Iterator[re.Match[str]]:
    return _compiled(pattern, flags).finditer(text)


def _re_findall(pattern: str, text: str, flags: int = 0) -> list[str]:
    return _compiled(pattern, flags).findall(text)


def _re_match(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    return _compiled(pattern, flags).match(text)


def _re_search(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    return _compiled(pattern, flags).search(text)


def _re_fullmatch(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    return _compiled(pattern, flags).fullmatch(text)


def _before(text: str, start: int) -> str:
    """The few words before a position (not the whole text: rules look only this far)."""
    return text[max(0, start - LOOK_BACK) : start]


def _after(text: str, end: int) -> str:
    """The few words after a position."""
    return text[end : end + LOOK_BACK]


def _number(words: str) -> float:
    try:
        return float(read_number(words))
    except ArithmeticError:
        return 0.0


# Figures start where a word starts: a cheap test that spares the long alternations below.
START = r"(?<![A-Za-z0-9])"
# A number starts with a digit or with a letter that starts a number word: a one-character
# test that spares trying every number word at every word of the text.
_NUMBER_START = r"(?=[\dzotfsenZOTFSEN])"
NUM = _NUMBER_START + NUMBER_PATTERN
WORDNUM = rf"{_NUMBER_START}(?:{WORDS_PATTERN})"
# A scale after an amount of money: a word or a short form of two letters in any case ("$5
# Million", "€2bn"), or one capital letter ("$3M").
_SCALE_AFTER = rf"(?:\s*(?i:{SCALE_OR_SHORT_PATTERN})\b|[{SCALE_LETTERS.upper()}]\b)?"
TIME_UNITS = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?)"
# Not inside a larger token: no letter, digit or joining mark right before or after.
BEFORE = r"(?<![\w$€£.,/:#-])"
AFTER = r"(?![\w%/]|[.,:]\d)"
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# A month's name or abbreviation, as a whole word.
_MONTH_WORD = any_word(MONTHS)
# Capitalized words that may stand right before a figure without making it part of a name.
LEADING_WORDS = (
    frozenset(
        "in over about nearly since from for by of to until through during between and than some "
        "almost approximately around roughly under just up at only all each every total totaling "
        "totalling more less fewer with without across among after before when while as the a an "
        "another these those its their our his her this that estimated on "
        "serving reaching including includes included nationwide year years fy fiscal calendar "
        "quarter q1 q2 q3 q4".split()
    )
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS)
)


@dataclass(frozen=True)
class Span:
    """A stretch of the document: what it is, and where."""

    kind: Kind | None  # None: a stretch that is not a fact (masked)
    start: int
    end: int


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Stretches that hold digits or number words but state no fact.
_NOT_FACTS = [
    # phone numbers, toll-free lines
    re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b"),
    re.compile(r"\b1-8\d\d-\d{3}-[\dA-Z]{4}\b"),
    # clock times
    _compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)|\b\d{1,2}:\d{2}\b"),
    # footnote markers, web and mail addresses
    re.compile(r"\[\d+\]"),
    _compile(r"\bhttps?://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"),
    # identifiers, statutes, forms, pages: "HUD No. 24-018", "Section 8", "42 U.S.C. 1983";
    # not a possessive's "s" ("the nation's 34 million" is no Senate bill "S. 34")
    _compile(
        r"(?<!['’])\b(?:No|Nos|Number|Section|Sec|Title|Chapter|Part|Article|Form|Rule|Docket|Case|"
        r"Public\s+Law|Pub\.\s?L|P\.\s?L|Executive\s+Order|E\.\s?O|H\.\s?R|S|Page|pp?|Vol|"
        r"Volume|Release|Bulletin|Room|Suite|Box|Grant|Award|Contract|CFDA|ALN|Opportunity)"
        r"\.?\s*(?:No\.?\s*)?#?\d[\w.()-]*"
    ),
    _compile(
        r"§+\s*\d[\w.()-]*|\b\d+\s+(?:U\.S\.C\.?|C\.F\.R\.?|CFR\b|Stat\.)(?:\s*§*\s*\d[\w.()-]*)?"
    ),
    # codes: "COVID-19", "H1N1", "K-12", "24/7", "9/11", "401(k)", "Form W-2"
    re.compile(r"\b[A-Z]{2,}[A-Z\d]*-?\d+[A-Za-z\d]*\b(?<!\bFY\d{4})|\b[A-Z]-\d+\b"),
    re.compile(r"\b\d+/\d+\b(?!/)|\b\d+\(\w\)"),
    # the year in a statute's name: "the Appropriations Act, 2014", "the Recovery Act of 2009"
    re.compile(r"\b[A-Z][A-Za-z]+\s+Act,?\s+(?:of\s+)?(?:1[89]|20)\d{2}\b"),
    # street addresses and ZIP codes
    re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|"
        r"Blvd\.|Drive|Dr\.|Lane|Way|Place|Court|Plaza|Parkway|Highway)"
    ),
    re.compile(r"(?:\b[A-Z]{2}|D\.C\.)\s+\d{5}(?:-\d{4})?\b"),
    # ages that define a population: "ages 18 to 34", "age 21", "less than four years of age"
    _compile(
        rf"{START}\b(?:ages?|aged)\s+{NUM}(?:\s*(?:to|-|–|and|through)\s*{NUM})?"
        r"(?:\s+(?:and|or)\s+(?:older|over|up|under|younger|above|below))?"
    ),
    _compile(
        rf"{START}{BEFORE}{NUM}(?:\s*(?:to|-|–)\s*{NUM})?[\s-]+(?:years?|months?)[\s-]+"
        r"(?:of[\s-]+age|old(?:er)?|olds?)\b"
    ),
    _compile(rf"{BEFORE}{NUM}\s+(?:and|or)\s+(?:older|younger|over|under)\b"),
    _compile(rf"\b(?:under|over|younger\s+than|older\s+than)\s+(?:the\s+)?age\s+(?:of\s+)?{NUM}"),
    # relative times: "the past 12 months", "two years ago", "the last three years"
    _compile(
        rf"\b(?:the\s+)?(?:past|last|next|previous|prior|coming|following|preceding|first|"
        rf"initial|final)\s+(?:{NUM}\s+)?(?:\w+\s+)?{TIME_UNITS}\b"
    ),
    _compile(rf"{BEFORE}{NUM}\s+{TIME_UNITS}\s+(?:ago|earlier|later|before|prior|from\s+now)\b"),
    _compile(rf"\b(?:the|these|those)\s+{NUM}\s+{TIME_UNITS}\b"),
    # anaphoric counts: "these two programs", "both", "the three agencies"
    _compile(
        rf"\b(?:these|those|the|both|all|its|their|our|his|her|each\s+of\s+the)\s+{WORDNUM}\b"
    ),
    # ordinal ranks and words like "one-on-one", "one-time"
    _compile(r"\b\d+(?:st|nd|rd|th)\b|\b(?:one|two|three)-(?:on-one|time|way|stop|of-a-kind)\b"),
    # numbered list items at the start of a line
    re.compile(r"(?m)^\s*\d{1,2}[.)](?=\s)"),
]

_YEAR = r"(?:1[89]\d{2}|20\d{2})"
_MONTH_START = rf"(?=[{MONTH_INITIALS}])"  # as a number's first character does
_MONTH = _MONTH_START + rf"(?:{MONTH_PATTERN})"
_MONTH_DAY = rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!:)"
_FULL_DATE = rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
_DAY_FIRST = rf"\d{{1,2}}\s+(?:of\s+)?(?:{MONTH_PATTERN}),?\s+{_YEAR}\b"
_ORDINAL_DAY = rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)\b(?:,?\s+{_YEAR}\b)?(?!:)"
_MONTH_YEAR = rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}\b"
_ISO = r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b"
_DAY_RANGE = rf"{_MONTH}\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}},?\s+{_YEAR}\b"
_ONE_DATE = (
    rf"(?=[\d{MONTH_INITIALS}])"
    rf"(?:{_FULL_DATE}|{_DAY_FIRST}|{_MONTH_YEAR}|{_MONTH_DAY}|{BEFORE}{_YEAR}{AFTER})"
)
_MONTH_CUES = (
    r"(?:in|during|since|until|through|by|of|from|to|and|early|late|mid|mid-|last|this|next|"
    r"before|after|between|or|each|every)"
)
_CHANGE_VERBS = (
    "increased|increases|rose|risen|grew|grown|gained|climbed|jumped|decreased|decreases|fell|"
    "fallen|declined|dropped|reduced|shrank|went|changed|moved|doubled|tripled|halved"
)
# "an increase of 10 percent over 1996": the year a change is measured from, not a count.
_COMPARED_YEAR = re.compile(
    r"(?:\b(?:increase[sd]?|decrease[sd]?|rise|rose|drop|dropped|decline[sd]?|growth|grew|"
    r"gain|gained|up|down)\b|%|\bpercent\b)(?:[^.;:!?]|\.(?=\d)){0,40}?\bover\s+$",
    re.IGNORECASE,
)
_NO_NOUN_AFTER = r"\s*(?:[.,;:!?)\"”]|$)|\s+(?:and|or|but|when|while|as|in|for|to|at)\b"
_PLURAL_NOUN = re.compile(r"\s+(?!was\b|is\b|has\b|as\b|this\b|its\b|thus\b|plus\b)[a-z]+s\b")
_DATE_PREPOSITIONS = re.compile(
    r"\b(?:in|since|of|for|during|from|to|until|through|by|between|and|year|years|before|"
    r"after|early|late|mid|around|circa|spring|summer|fall|autumn|winter|end|start|calendar)"
    r"\s+$",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(rf"\b{QUALIFIER_PATTERN}\s+$", re.IGNORECASE)


_ORDINAL_COUNT = (
    r"\s+(?:(?:consecutive|straight|successive)\s+" + TIME_UNITS + r"\b"
    r"|annual\s+\w+|(?:year|anniversary)\b)"
)


def find_spans(text: str) -> list[Span]:
    """Every fact span of the text, in order, and none that overlaps another."""
    taken = bytearray(len(text))  # 1 where a span was found
    found: list[Span] = []

    def take(kind: Kind | None, start: int, end: int) -> None:
        if start < end and not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            if kind is not None:
                found.append(Span(kind, start, end))

    # A reference list cites: nothing in it is a fact (masked whole, whatever it holds).
    for start, end in _reference_lists(text):
        taken[start:end] = b"\x01" * (end - start)
    # Before relative times ("the first ...") are masked: a quarter or a half named as
    # results name them ("the first quarter", "First Quarter 2025", "Q1").
    for kind, start, end in _parts_of_years(text):
        take(kind, start, end)
    # Before ordinal ranks ("13th") are masked: a day written as an ordinal ("June 13th"),
    # and ordinals in digits that count ("the 72nd anniversary", "the 3rd straight year").
    for match in _re_finditer(START + _ORDINAL_DAY, text, re.IGNORECASE):
        if _is_month_name(text, match.start()):
            take("date", match.start(), match.end())
    for match in _re_finditer(r"\b\d+(?:st|nd|rd|th)" + _ORDINAL_COUNT, text, re.IGNORECASE):
        take("statistic", match.start(), match.end())
    for pattern in _NOT_FACTS:
        for match in pattern.finditer(text):
            take(None, match.start(), match.end())
    for kind, start, end in (
        *_not_facts_of_other_genres(text),
        *_table_cells(text),
        *_money_in_currencies(text),
        *_years_before_names(text),
        *_durations_before_nouns(text),
    ):
        take(kind, start, end)
    for kind, start, end in _names(text):
        take(kind, start, end)
    for kind, start, end in (*_conventional_dates(text), *_other_statistics(text)):
        take(kind, start, end)
    for kind, start, end in (*_dates(text), *_money(text), *_statistics(text)):
        take(kind, start, end)
    return sorted(found, key=lambda span: span.start)


def _names(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Numbers inside names: "the 2016 National Click It or Ticket", "Phase 2", "Census 2020"."""
    for match in _re_finditer(rf"{BEFORE}(\d[\d,.]*){AFTER}", text):
        start, end = match.span(1)
        word_before = _re_search(r"(?:^|[ \t])([A-Z][A-Za-z]*)\.?[ \t]+$", _before(text, start))
        line_before = text[text.rfind("\n", 0, start) + 1 : start]
        if word_before and word_before[1].lower() not in LEADING_WORDS:
            # A capitalized word right before: a name ("Phase 2"), unless it begins its
            # sentence as a verb would ("Serving 500 families").
            head = line_before[: len(line_before) - len(word_before[0])].rstrip()
            starts_sentence = not head or _re_search(r"[.!?:;\"“”—–-]$", head)
            if not starts_sentence or not _re_search(r"(?:ing|ed|s)$", word_before[1]):
                yield None, start, end
                continue
        if _re_fullmatch(_YEAR, match[1]) and _re_match(r"[ \t]+[A-Z]", _after(text, end)):
            if line_before.upper() == line_before:
                continue  # an all-capitals headline, not a name
            following = _re_match(r"[ \t]+([A-Za-z]+)", _after(text, end))
            if following and following[1].lower() not in LEADING_WORDS:
                yield None, start, end  # a year inside a name or a title


def _dates(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    for match in _re_finditer(FISCAL_PATTERN, text, re.IGNORECASE):
        if _re_match(r"[ \t]+[A-Z][a-z]", _after(text, match.end())) and not _re_match(
            rf"[ \t]+{_MONTH_WORD}\b", _after(text, match.end()), re.I
        ):
            yield None, match.start(), match.end()  # "the FY 2019 Mid-Session Review"
        else:
            yield "date", match.start(), match.end()
    for match in _re_finditer(PERIOD_PATTERN, text, re.IGNORECASE):
        yield "date", match.start(), match.end()
    for match in _re_finditer(
        rf"{START}(?P<first>{_ONE_DATE}){RANGE_SEPARATOR}(?P<last>{_ONE_DATE})", text, re.IGNORECASE
    ):
        if _is_range(text, match):
            yield "date", match.start(), match.end()
    months = rf"{START}{_MONTH}{RANGE_SEPARATOR}{_MONTH_YEAR}"
    for match in _re_finditer(months, text, re.IGNORECASE):  # "January–March 2022"
        if _is_month_name(text, match.start()):
            yield "date", match.start(), match.end()
    for match in _re_finditer(rf"\b(?:early|mid|late)-{_YEAR}\b", text, re.IGNORECASE):
        yield "date", match.start(), match.end()  # "mid-2021"
    for pattern in (_DAY_RANGE, _FULL_DATE, _DAY_FIRST, _ISO, _MONTH_YEAR, _MONTH_DAY):
        for match in _re_finditer(START + pattern, text, re.IGNORECASE):
            if _is_month_name(text, match.start()):
                yield "date", match.start(), match.end()
    yield from _months(text)
    yield from _years(text)


def _is_range(text: str, match: re.Match[str]) -> bool:
    """Two dates joined into one period ("2010 to 2014"), not "between 2018 and 2019"."""
    first, last = match["first"], match["last"]
    if not (_is_month_name(text, match.start()) or _re_fullmatch(_YEAR, first)):
        return False
    before = text[max(0, match.start() - 80) : match.start()]
    if _re_search(r"\bbetween\s+$", before, re.IGNORECASE):
        return False
    clause = re.split(r"[.!?;\n]", before)[-1]
    if _re_search(rf"\b(?:{_CHANGE_VERBS})\b", clause, re.IGNORECASE):
        return False  # "fell by 1 percent from 2015 to 2016": two points compared
    years = _re_fullmatch(_YEAR, first) and _re_fullmatch(_YEAR, last)
    if years and (
        int(last) <= int(first) or _QUALIFIER_BEFORE.search(_before(text, match.start()))
    ):
        return False
    if _re_search(r"\bfrom\s+$", _before(text, match.start()), re.IGNORECASE):
        return True
    return not _re_match(r"\s*(?:%|percent|[a-z]+s\b)", _after(text, match.end()), re.IGNORECASE)


def _is_month_name(text: str, start: int) -> bool:
    """Whether a date starting here starts with a capitalized month (or is numeric)."""
    return not text[start].isalpha() or text[start].isupper()


def _months(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """A month named alone ("in September", "July and August", "late September")."""
    pattern = rf"\b(?:(?:early|late|mid)[-\s]+)?(?P<month>{MONTH_PATTERN})(?![\w-])"
    for match in _re_finditer(pattern, text, re.IGNORECASE):
        month = match["month"]
        if not month[0].isupper() or (len(month) == 3 and not month.endswith(".")):
            if not (month[0].isupper() and month.lower() in ("may", "june", "july")):
                continue
        before = _before(text, match.start())
        cue = _re_search(rf"\b{_MONTH_CUES}\s+$", before, re.IGNORECASE)
        if month.rstrip(".").lower() in AMBIGUOUS_MONTHS and not cue and not match[0][0].islower():
            continue
        if _re_match(r"\s+(?:of\s+)?[A-Z][a-z]", _after(text, match.end())) and not cue:
            continue  # a name: "March of Dimes"
        yield "date", match.start(), match.end()


def _years(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """A year alone ("in 2003"), unless the number counts things ("2000 people")."""
    for match in _re_finditer(rf"{BEFORE}{_YEAR}{AFTER}", text):
        before, after = _before(text, match.start()), text[match.end() : match.end() + 80]
        if _re_match(r"\s+dollars\b", after):
            yield None, match.start(), match.end()  # the base year of constant dollars
            continue
        if _QUALIFIER_BEFORE.search(before) and not (
            _COMPARED_YEAR.search(before) and _re_match(_NO_NOUN_AFTER, after)
        ):
            continue
        if _PLURAL_NOUN.match(after) and not _DATE_PREPOSITIONS.search(before):
            continue
        yield "date", match.start(), match.end()


_CURRENCY_CODES = r"(?:USD|EUR|GBP|CAD|AUD|JPY|CHF|CNY|MXN|INR)"


def _money(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    patterns = (
        rf"{START}(?:US)?[$€£]\s?(?:{DIGITS_PATTERN}){_SCALE_AFTER}",
        rf"{START}{_CURRENCY_CODES}\s+(?:{DIGITS_PATTERN}){_SCALE_AFTER}",
        rf"{START}{BEFORE}(?:{DIGITS_PATTERN}|{WORDNUM})(?:\s+{SCALE_WORD_PATTERN})?\s+(?:dollars?|{_CURRENCY_CODES})\b",
    )
    for pattern in patterns:
        for match in _re_finditer(pattern, text, re.IGNORECASE if "dollars" in pattern else 0):
            yield "money", _qualified(text, match.start()), match.end()


_QUALIFIER_ENDS_HERE = re.compile(rf"\b(?:{QUALIFIER_PATTERN})\s+$", re.IGNORECASE)
_TOTAL_BEFORE = re.compile(r"\badd(?:s|ed|ing)?\s+up\s+to\s+$", re.IGNORECASE)


def _qualified(text: str, start: int) -> int:
    """Where a figure starts with its qualifier words ("more than $215 million").

    "add up to $5.7 million" states a total, not a ceiling: no qualifier there.
    """
    before = _before(text, start)
    match = _QUALIFIER_ENDS_HERE.search(before)
    if match is None or _TOTAL_BEFORE.search(before):
        return start
    return start - (len(before) - match.start())


# Words that end a figure's head noun ("906,000 children across the country").
_STOP_WORDS = frozenset(
    "a an the of in on at to for from by with without across among about into onto over under "
    "and or but nor so yet as than that which who whom whose what where when while if because "
    "is are was were be been being has have had do does did will would shall should can could "
    "may might must this these those it its their they them he she his her we our you your "
    "also still now only just even each every all both either neither more most less least "
    "per since until through during before after between within around nationwide statewide "
    "there here then thus today yesterday percent approximately nearly almost roughly "
    "not no nearly some such other another last next ago later earlier annually yearly monthly "
    "weekly daily overall combined alone altogether "
    # frequent verbs that follow a count ("331 million people live ...")
    "live lives use uses work works need needs receive receives get gets make makes say says "
    "remain remains represent represents account accounts come comes go goes see sees".split()
)
_HEAD_WORD = re.compile(r"([ \t]+|[ \t]*\n[ \t]*)((?:[A-Za-z][\w'’]*)(?:-[A-Za-z][\w'’]*)*)")
MAX_HEAD_WORDS = 4
_RATE_AFTER = re.compile(
    r"(?:[ \t]+[a-z]+){0,2}?[ \t]+(?:per|a|an|each|every)[ \t]+"
    r"(?:second|minute|hour|day|week|month|quarter|year)\b"
)


def _head_end(text: str, end: int) -> int:
    """Where a figure's head noun ends: up to a few words that are no function words."""
    position, words = end, 0
    if rate := _RATE_AFTER.match(text, end):
        return rate.end()  # "178,000 per month"
    while words < MAX_HEAD_WORDS:
        match = _HEAD_WORD.match(text, position)
        if not match or "\n\n" in match[1]:
            break
        word = match[2]
        lowered = word.lower()
        if lowered in _STOP_WORDS or _re_fullmatch(r"[a-z]+(?:ed|ing|ly)", word):
            break
        position, words = match.end(), words + 1
    return position


def _statistics(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    ratio = (
        rf"{START}{BEFORE}(?P<part>{NUM})\s+(?:"
        rf"(?:in|out\s+of|of\s+every)\s+(?:every\s+)?{NUM}{AFTER}"
        rf"|(?:[a-z][\w-]*\s+){{0,3}}?per\s+(?:every\s+)?{_PER_BASE}{AFTER}"
        rf"|of\s+the\s+(?P<whole>{NUM}){AFTER})"
    )
    for match in _re_finditer(ratio, text, re.IGNORECASE):
        if match["whole"] and _number(match["part"]) > _number(match["whole"]):
            continue
        yield "statistic", _qualified(text, match.start()), _head_end(text, match.end())
    fraction = rf"{START}\b{FRACTION_PATTERN}\b(?P<of>(?=\s+(?:of|the)\b|\s*\())?"
    for match in _re_finditer(fraction, text, re.IGNORECASE):
        start = _qualified(text, match.start())
        before = _before(text, start)
        if (start < match.start() or match["of"] is not None) and not _re_search(
            r"\b(?:first|second|third|fourth|last|next|past|this|each|per)\s+$", before, re.I
        ):
            yield "statistic", start, match.end()
    ordinal = rf"\b{ORDINAL_PATTERN}{_ORDINAL_COUNT}"
    for match in _re_finditer(ordinal, text, re.IGNORECASE):
        yield "statistic", match.start(), match.end()
    points = (
        rf"{START}{BEFORE}(?:{DIGITS_PATTERN})\s*(?:-\s*)?"
        r"(?:percentage[\s-]+points?|%\s*points?)"
    )
    percent = rf"{START}{BEFORE}(?:{DIGITS_PATTERN})(?:\s*%|[\s-]*(?:percent|per\s+cent)\b)"
    for pattern in (points, percent):
        for match in _re_finditer(pattern, text, re.IGNORECASE):
            yield "statistic", _qualified(text, match.start()), match.end()
    yield from _counts(text)


def _counts(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    count = (
        rf"{START}(?:(?<=\()[+−-])?{BEFORE}(?P<number>{DIGITS_PATTERN}|{WORDNUM}(?:[-\s]hundred)?)"
        rf"(?:\s+{SCALE_WORD_PATTERN})?{AFTER}"
    )
    for match in _re_finditer(count, text, re.IGNORECASE):
        number = match["number"]
        after = _after(text, match.end())
        if number[0].isalpha():
            scaled = not _re_fullmatch(WORDNUM, match[0].split()[-1], re.IGNORECASE)
            if after.startswith("-") or (number.lower() == "one" and not scaled):
                continue
            if not scaled and not _HEAD_WORD.match(text, match.end()):
                continue
            end = _head_end(text, match.end())
            if end == match.end() and not scaled:
                continue  # a number word with no noun after it
        else:
            if after.startswith("-") and not _re_match(r"-\d", after):
                continue  # "30-day", "10-year": a modifier, not a stated figure
            end = _head_end(text, match.end())
        yield "statistic", _qualified(text, match.start()), end


# Conventions of other genres (tests/data/extract/corpus2/README_1.md): statistical
# bulletins, central banks, company results, encyclopedias, papers, budget reports.
# Each finder is its own function; `find_spans` runs them in two groups, those a name would
# hide first ("EUR 120 million", "In 2018 New Zealand ..."), the others before the
# finders of federal releases, so their longer spans win ("NZ$7 billion", "2013–18").
# Each pattern runs only on a text that holds the words it needs (a test at the speed of
# C: most documents hold none of them), and a pattern of words runs on the text in lower
# case (`_lowered`), without IGNORECASE, which makes a scan several times slower.


def _has(lowered: str, *words: str) -> bool:
    """Whether a text, in lower case, holds any of the words."""
    return any(word in lowered for word in words)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lowered(text: str) -> str:
    """The text in lower case letter for letter, so that its offsets are the text's (a
    text with a letter whose lower case is longer, such as "İ", is lowered in ASCII only)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


# Stretches that are no facts in those genres either, each after the words (lower case)
# without which a text holds none, and whether it runs on the text in lower case.
_OTHER_NOT_FACTS: list[tuple[tuple[str, ...], re.Pattern[str], bool]] = [
    # bills and resolutions: "S.Con.Res. 33", "H.J.Res. 7", "H.R. 1"
    (("res.", "h.r", "h. r"),
     re.compile(r"\b(?:[HS]\.\s?(?:Con\.\s?|J\.\s?)?Res\.|H\.\s?R\.)\s*\d+[A-Za-z]?\b"), False),
    # sections named together: "Sections 2001 and 2002", "Sections 4106-4108"
    (("sections",),
     re.compile(r"\bSections\s+\d[\w.()]*(?:\s*(?:,|and|or|to|through|-|–)\s*\d[\w.()]*)*"),
     False),
    # numbered parts of a document: "Table 1", "Chart 2", "Figure 3.1", "Map 4", "Box 2"
    (("table", "chart", "fig", "map", "box", "exhibit", "appendix", "annex", "graph"),
     re.compile(r"\b(?:table|chart|figure|fig\.|map|box|exhibit|appendix|annex|graph)\s+"
                r"[a-z]?\d+(?:\.\d+)*[a-z]?\b"), True),
    # international telephone numbers: "+49 69 1344 7455"
    (("+",), re.compile(r"\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,5}(?!\d)"), False),
    # file sizes of downloads: "89 KB", "1.8 MB"
    (("kb", "mb", "gb", "tb", "bytes"),
     re.compile(r"\b\d+(?:\.\d+)?\s?(?:[KMGT]i?B|bytes)\b"), False),
    # versions, bugs, issues and tickets: "version 2.3.1", "v1.2", "Bug 759422", "#1234"
    (("version", "release", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v0"),
     re.compile(r"\b(?:version|release|v)\.?\s?\d+(?:\.\d+)+\b"), True),
    (("bug", "issue", "ticket"), re.compile(r"\b(?:bug|issue|ticket)\s+#?\d+\b"), True),
    (("#",), re.compile(r"#(?<![\w&]#)\d+\b"), False),
    # reference, list and map markers: a small number alone in parentheses, "(1)", "(10 / 11)"
    (("(",), re.compile(r"\(\d{1,3}(?:\s*/\s*\d{1,3})?\)"), False),
    # a number alone in a table's cell with its full stop: a footnote's number "| 1. |"
    (("|",), re.compile(r"(?m)(?:^|(?<=\|))[ \t]*\d{1,3}\.[ \t]*(?=\|)"), False),
    # when a reference was read or archived: "Retrieved 5 May 2020", "Accessed March 3, 2019"
    (("retrieved", "accessed", "archived"),
     re.compile(rf"\b(?:retrieved|accessed|archived)(?:\s+(?:on|from\s+the\s+original\s+on))?"
                rf"\s+(?:{_FULL_DATE}|{_DAY_FIRST}|{_ISO}|{_MONTH_YEAR})"), True),
]  # fmt: skip


def _not_facts_of_other_genres(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Bill numbers, numbered tables and charts, telephone numbers of other countries,
    file sizes, versions and bug numbers, reference markers, footnote numbers, the dates a
    reference was retrieved (a reference list is masked whole: `_reference_lists`)."""
    lowered = _lowered(text)
    for words, pattern, in_lower_case in _OTHER_NOT_FACTS:
        if _has(lowered, *words):
            for match in pattern.finditer(lowered if in_lower_case else text):
                yield None, match.start(), match.end()


_REFERENCE_HEADING = re.compile(
    r"(?im)^[ \t]*(?:#{1,6}[ \t]*)?(?:references|bibliography|works\s+cited|further\s+reading|"
    r"external\s+links|citations)[ \t]*:?[ \t]*$"
)
_ANY_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+\S")


def _reference_lists(text: str) -> Iterator[tuple[int, int]]:
    """A reference list, from its heading ("References", "Bibliography") to the next
    markdown heading or the end: its dates and numbers cite, they state nothing."""
    if not _has(text.lower(), "references", "bibliography", "works cited", "reading", "links",
                "citations"):  # fmt: skip
        return
    for heading in _REFERENCE_HEADING.finditer(text):
        following = _ANY_HEADING.search(text, heading.end())
        yield heading.start(), following.start() if following else len(text)


# A pattern run on the text in lower case (`_lowered`), in the place of its flags.
_LOWER_CASE = -1
# Lower-case words that name a currency after an amount, or cents.
_CURRENCY_WORDS = ("dollar", "euro", "sterling", "yen", "yuan", "renminbi", "franc", "cent", "¢")


def _money_in_currencies(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Money in any currency: a sign with its country ("NZ$7 billion", "C$120 million",
    "+$70"), a code or a dollar's country before the amount ("EUR 120 million", "NZD
    600,000,000", "New Zealand dollar 600 million"), a currency's name or code after it
    ("5 million euros", "600 million NZD"), and cents ("78 cents")."""
    lowered = _lowered(text)
    number = rf"(?:{DIGITS_PATTERN})"
    codes = not CODES.isdisjoint(_re_findall(r"\b[A-Z]{3}\b", text))
    scale = rf"(?:\s+{SCALE_WORD_PATTERN}\b|\s*{any_word(SHORT_SCALES)}\b|[{SCALE_LETTERS}]\b)?"
    patterns = (
        (_has(text, "$", "€", "£", "¥", "₹"),
         rf"(?=[+$€£¥₹A-Z]){START}(?:\+\s?)?{SIGN_PATTERN}\s?(?:\+\s?)?{number}{_SCALE_AFTER}",
         0),
        (codes, rf"(?=[A-Z]){START}{CODE_PATTERN}\s?(?:\+\s?)?{number}{_SCALE_AFTER}", 0),
        (_has(lowered, "dollar"), rf"{START}{NAME_BEFORE_PATTERN}\s+{number}{_SCALE_AFTER}", 0),
        (codes, rf"{START}{BEFORE}{number}{_SCALE_AFTER}\s+{CODE_PATTERN}\b", 0),
        (_has(lowered, *_CURRENCY_WORDS),
         rf"{START}{BEFORE}(?:{number}|{WORDNUM}){scale}\s+(?:in\s+)?"
         rf"{NAME_AFTER_PATTERN.lower()}\b", _LOWER_CASE),
        ("¢" in text or bool(_re_search(r"(?<!per)(?<!per )\bcents?\b", lowered)),
         rf"{START}{BEFORE}(?:{number}|{WORDNUM}){CENTS_PATTERN}", _LOWER_CASE),
    )  # fmt: skip
    for needed, pattern, flags in patterns:
        if needed:
            scanned = lowered if flags == _LOWER_CASE else text
            for match in _re_finditer(pattern, scanned):
                if _re_match(rf"{_YEAR}\s+[a-z]", match[0]):
                    continue  # the base year of constant dollars: "in 2015 dollars"
                yield "money", _qualified(text, match.start()), match.end()


def _years_before_names(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """A year right after "in", "since", "by" ... is a date even before a capitalized word
    ("In 2018 New Zealand ranked"), where a year before a name would be part of it."""
    word = r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y)[ \t]+$"
    for match in _re_finditer(rf"{_YEAR}(?=[ \t]+[A-Z])", text):
        if _re_search(word, text[max(0, match.start() - 10) : match.start()]):
            yield "date", match.start(), match.end()


def _durations_before_nouns(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """A duration before its noun: "five-year plan", "a 7-Year Benchmark Bond" (also after
    a capitalized word, where a number would be part of a name). Not an age ("5-year-old")
    nor the window of a measure ("12-month change", "three-month average")."""
    lowered = _lowered(text)
    if not _has(lowered, "-year", "-month", "-week", "-day", "-hour", "-decade"):
        return
    duration = (
        rf"{START}{BEFORE}(?:{DIGITS_PATTERN}|{WORDNUM})-(?:year|month|week|day|hour|decade)s?\b"
        r"(?!-)(?![ \t]+(?:changes?|averages?|periods?|highs?|lows?|rolling|moving|window|basis)\b)"
    )
    for match in _re_finditer(duration, lowered):
        start = _qualified(text, match.start())
        yield "statistic", start, _head_end(text, match.end())


def _table_cells(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Cells a table's header makes money ("10,061" under "(NZ$ million)") or fiscal years
    ("2026" under "Fiscal Year"), and the years and ranges of years of its headers ("GDP
    2023", "2022–23"): the period of their column."""
    if "|" not in text:
        return
    for start, end in header_spans(text):
        header = text[start:end]
        for _, first, last in _year_ranges(header):
            yield "date", start + first, start + last
        for match in _re_finditer(rf"{BEFORE}{_YEAR}{AFTER}", header):
            yield "date", start + match.start(), start + match.end()
    for start, cell, unit in document_tables(text).data_cells():
        figure = _re_fullmatch(rf"[ \t*_]*\+?(?P<number>{DIGITS_PATTERN})[ \t*_]*", cell)
        if figure is None:
            continue
        number = start + figure.start("number"), start + figure.end("number")
        if unit.fiscal_years and _re_fullmatch(_YEAR, figure["number"]):
            yield "date", *number
        elif unit.currency:
            yield "money", *number


def _conventional_dates(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Decades, ranges of years and of fiscal years, months ended at a date, quarters
    named by their month or as results name them, ranges of days, a year of levels."""
    lowered = _lowered(text)
    if "0s" in lowered:
        decade = r"(?=[tems\d])(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?:1[5-9]\d|20\d)0s\b"
        for match in _re_finditer(START + decade, lowered):
            yield "date", match.start(), match.end()  # "the 1990s", "early 1970s"
    if _has(lowered, "fy", "fiscal years"):
        fiscal = (
            rf"(?=f){START}(?:fy\s?|fiscal\s+years?\s+)'?{_YEAR}\s*(?:[-–—]|\bto\b|"
            rf"\bthrough\b)\s*(?:fy\s?|fiscal\s+year\s+)?'?(?:{_YEAR}|\d{{2}})\b(?![-–]\d)"
        )
        for match in _re_finditer(fiscal, lowered):
            yield "date", match.start(), match.end()  # "FY2026-FY2035"
    yield from _year_ranges(text)
    if _has(lowered, "ended", "ending", " to "):
        yield from _months_ended(text)
    if "quarter" in lowered:
        month_quarter = rf"{START}(?P<month>{_MONTH})\s+quarter(?:,?\s+(?:of\s+)?{_YEAR})?\b"
        for match in _re_finditer(month_quarter, lowered):
            if _is_month_name(text, match.start()):
                yield "date", match.start(), match.end()  # "September quarter"
    days = (
        rf"{START}{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b)"
        rf"\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?(?![\d:%]|\s*(?:percent|per\s+cent))"
    )
    for match in _re_finditer(days, lowered):
        if _is_month_name(text, match.start()):
            yield "date", match.start(), match.end()  # "April 10 to 16"
    if _has(lowered, "ending", "ended", "ends", "end of"):
        ending = (
            rf"(?:ending|ended|ends|end\s+of)\s+(?P<month>{any_word(MONTH_NAMES)})"
            r"(?=[.,;:)]|\s+(?:and|when)\b)"
        )
        for match in _re_finditer(ending, text):
            yield "date", match.start("month"), match.end("month")  # "12 months ending June."
    if _has(lowered, "level", "prices"):
        levels = rf"\b(?:at|to|from|above|below|near|of)\s+({_YEAR})[-\s]+(?:levels?|prices)\b"
        for match in _re_finditer(levels, lowered):
            yield "date", match.start(1), match.end(1)  # "still only at 2016 levels"


def _year_ranges(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """ "2026–27", "2013–18", "2021-2027": one period. A hyphen before two digits of a
    month's number ("2011-12") is left to the readers of ISO dates."""
    pattern = (
        rf"(?=[12]){START}{BEFORE}(?P<first>{_YEAR})(?P<dash>\s*[–—]\s*|-)"
        r"(?P<last>(?:1[89]|20)\d{2}|\d{2})(?![\w%/]|[.,:]\d|[-–]\d)"
    )
    for match in _re_finditer(pattern, text):
        first, last = int(match["first"]), match["last"]
        if len(last) == 2:
            if match["dash"] == "-" and int(last) <= 12 or int(last) <= first % 100:
                continue
        elif int(last) <= first:
            continue
        if _re_search(r"\bbetween\s+$", _before(text, match.start()), re.IGNORECASE):
            continue
        yield "date", match.start(), match.end()


def _months_ended(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """ "year ended March 2018", "the financial year ending March 2016", "year to March
    2018", "the quarter ended June 30, 2024": the months that end there."""
    ended = rf"(?:{_FULL_DATE}|{_DAY_FIRST}|{_MONTH_YEAR}|{_MONTH_DAY}|{_MONTH}(?![\w.]))"
    pattern = (
        r"(?=[yqhtsn369fcb])(?:(?:financial|fiscal|calendar|tax)\s+)?(?:year|quarter|"
        r"half[-\s]year|(?:three|six|nine|3|6|9)\s+months)\s+(?:ended|ending|to)\s+"
        rf"(?P<date>{ended})(?!\s+quarter)"
    )
    for match in _re_finditer(START + pattern, _lowered(text)):
        date = match.start("date")
        if text[date].isupper() or text[date].isdigit():
            yield "date", match.start(), match.end()


def _parts_of_years(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Quarters and halves as results name them: "second quarter 2004", "the first
    quarter", "Q1", "Q2 FY2025", "first-half 2025", "H1 2025"."""
    if not _has(text.lower(), "quarter", "half", "q1", "q2", "q3", "q4", "h1", "h2"):
        return
    year = rf"(?:,?\s+(?:of\s+)?(?:(?:the\s+)?(?i:fiscal\s+year|fiscal|FY)\s*)?{_YEAR}\b)"
    pattern = (
        rf"(?=[fstFSTQH]){START}(?:(?i:first|second|third|fourth)[-\s]+(?i:quarter{year}?|"
        rf"half{year})|Q[1-4]{year}?|H[12]{year})(?![-\w])"
    )
    for match in _re_finditer(pattern, text):
        yield "date", match.start(), match.end()


_SIGN_BEFORE = frozenset(" \t\n\r([;:/")


def _starts_word(lowered: str, start: int) -> bool:
    """Whether a word starts at ``start`` (no letter or digit right before it)."""
    return start == 0 or not lowered[start - 1].isalnum()


def _other_statistics(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Signed percents and points ("-0.5%", "−7.8%", "-0.4 percentage points"), signed
    counts ("(-36,000; -0.5%)"), basis points, vote tallies ("52-46"), counts written as
    words after a change ("has gained two", "One more seat"), fractions as adjectives
    ("three-fifths vote"), multiples ("11-fold"), and numbers with spaces between their
    thousands ("600 000")."""
    lowered = _lowered(text)
    yield from _signed_figures(text)
    if _has(lowered, "basis", "bp"):
        basis = rf"{START}{BEFORE}(?:{DIGITS_PATTERN})\s*(?:-\s*)?(?:basis[\s-]+points?|bps?)\b"
        for match in _re_finditer(basis, lowered):
            yield "statistic", _qualified(text, match.start()), match.end()
    if _has(lowered, "vot", "tally", "margin", "decision", "ruling"):
        vote = (
            r"\b(?:votes?|voted|tally|margin)\s+(?:of\s+|was\s+)?(?P<a>\d{1,3})\s*[-–—]\s*"
            r"(?P<b>\d{1,3})\b(?![-–—]\d)|\b(?P<c>\d{1,3})\s*[-–—]\s*(?P<d>\d{1,3})\s+"
            r"(?:votes?|vote\s+margin|decision|ruling)\b"
        )
        for match in _re_finditer(vote, lowered):
            for group in ("a", "b", "c", "d"):
                if match[group]:
                    yield "statistic", match.start(group), match.end(group)
    if _has(lowered, "gain", "lost", "won", "added", "picked", "dropped", "shed"):
        changed = (
            r"(?:gained|gains|lost|won|added|picked\s+up|dropped|shed)\s+"
            rf"(?P<number>{WORDNUM})(?=[ \t]+(?:more|fewer|less)\b|[ \t]*[,.;)]|[ \t]+and\b)"
        )
        for match in _re_finditer(changed, lowered):
            if _starts_word(lowered, match.start()):
                yield "statistic", match.start("number"), match.end("number")
    if _has(lowered, " more ", " fewer ", " additional ", " extra "):
        more = r"(?:more|fewer|additional|extra)\s+[a-z]+\b"
        number = rf"{START}\b{WORDNUM}\s+$"
        for match in _re_finditer(more, lowered):
            before = lowered[max(0, match.start() - 20) : match.start()]
            if _starts_word(lowered, match.start()) and (word := _re_search(number, before)):
                start = match.start() - (len(before) - word.start())
                yield "statistic", _qualified(text, start), match.end()
    if _has(lowered, "half", "halves", "quarter", "third", "fourth", "fifth", "sixth",
            "seventh", "eighth", "ninth", "tenth"):  # fmt: skip
        yield from _fractions(text)
    if _has(lowered, "percent", "per cent"):
        number = rf"{START}\b{WORDNUM}[\s-]+$"
        for match in _re_finditer(r"(?:percent|per\s+cent)\b", lowered):
            before = lowered[max(0, match.start() - 24) : match.start()]
            if word := _re_search(number, before):  # "Twenty percent"
                start = match.start() - len(before) + word.start()
                yield "statistic", _qualified(text, start), match.end()
    # A number word that opens a sentence as its subject: "Fourteen were female."
    opening = (
        rf"(?:^|[.!?\n] {{0,2}})(?P<number>{WORDS_PATTERN})\s+"
        r"(?:were|was|are|is|have|has|had|will|would|could|did|died|remain|remained)\b"
    )
    for match in _re_finditer(opening, lowered):
        start = match.start("number")
        if text[start].isupper() and match["number"] != "one":
            yield "statistic", start, match.end("number")
    if "fold" in lowered:
        fold = rf"{START}{BEFORE}(?:{DIGITS_PATTERN}|{WORDNUM})-?fold\b"
        for match in _re_finditer(fold, lowered):
            yield "statistic", _qualified(text, match.start()), match.end()
    spaced = r"\d(?<![\w.,]\d)\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?![\w.,%]|[ \u00a0\u202f]\d)"
    for match in _re_finditer(spaced, text):
        yield "statistic", _qualified(text, match.start()), _head_end(text, match.end())


def _signed_figures(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """A figure with its sign written right before it, after a blank or an opening mark:
    "-0.5%", "−7.8%", "+6.4%", "-0.4 percentage points", "(-36,000": a written minus is a
    decrease (not a range's dash: "15-20")."""
    points = r"(?:\s*(?:-\s*)?(?:percentage[\s-]+points?|%\s*points?|basis[\s-]+points?|bps?\b))"
    percent = r"(?:\s*%|[\s-]*(?:percent|per\s+cent)\b)"
    signed = rf"[+{MINUS}](?:{DIGITS_PATTERN})(?P<unit>{points}|{percent})?{AFTER}"
    for match in _re_finditer(signed, text, re.IGNORECASE):
        start = match.start()
        if start and text[start - 1] not in _SIGN_BEFORE:
            continue
        if match["unit"]:
            yield "statistic", start, match.end()
        elif not _re_match(r"\s*%", text[match.end() : match.end() + 4]):
            yield "statistic", start, _head_end(text, match.end())


def _fractions(text: str) -> Iterator[tuple[Kind | None, int, int]]:
    """Fractions as adjectives or before a year: "three-fifths vote", "one third in 1997",
    "two-thirds": one part, or several of them (plural); "quarters" and "halves" only with
    a hyphen ("one quarter" and "a four-quarter pace" are times)."""
    part = r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    numerators = r"two|three|four|five|six|seven|eight|nine"
    fraction = (
        rf"\b(?:one-(?:half|quarter|{part})|one\s+(?:{part})"
        rf"|(?:{numerators})(?:-(?:halves|quarters)|[-\s](?:{part.replace('|', 's|')}s)))\b"
    )
    lowered = _lowered(text)
    # The part's word found first (a word is quick to find), then its numerator before it.
    parts = rf"(?:{part.replace('|', 's?|')}s?|half|halves|quarters?)\b"
    for found in _re_finditer(parts, lowered):
        before = lowered[max(0, found.start() - 7) : found.end()]
        if match := _re_search(rf"{START}{fraction}$", before):
            start = found.end() - len(before) + match.start()
            yield "statistic", _qualified(text, start), found.end()
