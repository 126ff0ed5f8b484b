"""Frames: what each figure of a document is about, what it measures, and when.

A figure alone is a bare number. Its frame says who or what it is about (``subject``: a
place, a body, a population, an index), the quantity in words (``measure``: "average
weekly earnings", "unemployment rate", "number of amendments"; for a date, what it dates:
"year of the peak", "reference month", "deadline") and the time it applies to
(``period``: an ISO date, an interval such as "2024-07/2024-09", or a fiscal year
"FY2026", "FY2026/FY2035").

`read_frames` reads frames from the document's own structure (punctuation, lines,
capitals, prepositions, closed classes of English words), never from a list of one
document's words; `explain_frames` also names the rule that gave each field. Each field is
looked for in the narrowest context first; the first context that says something wins.

1. The figure's place.
   - A table cell (markdown pipe tables, header lines wrapped or not, and tables written
     as text, "Region  value  value", columns apart by two spaces) takes its row's label
     as subject, its column's header (and the row's other words) as measure, and a date
     of the header, of the row label ("Fiscal Year" column: FY2026) or of the table as
     period. A date in a header dates its column.
   - A figure in a heading or the title line takes the rest of the line ("Released:
     2017-03-31" is a release date).
   - A short line holding only a figure (an indicator box) takes the heading above it,
     split as "Measure — Subject", the date line under that heading, and a caption line
     in parentheses below it ("(12-month change)").
2. The sentence, cut into one zone per figure at the other figures and at semicolons:
   - a count's own noun: "16 amendments" is a number of amendments;
   - a name before the figure's parentheses: "followed by Waikato (7.5 percent)";
   - the noun phrase the figure is linked to ("the unemployment rate was 4.1 per cent"),
     read back over the linking words: a possessive gives the subject ("Auckland's
     contribution to national GDP remained at 37.9 percent"), a proper name is the
     subject (a sentence's first word is one only if the document never writes it in
     lower case), "M of <plural noun>" splits into a measure and the population it is of
     ("average weekly earnings of non-farm payroll employees"), anything else is the
     measure;
   - a change: "the index for shelter rose x%" has the index as subject and "percent
     change in index for shelter" as measure; a quantity without article ("unemployment
     rose 170%") is only the measure's; "A fell to x" and "raised A from x to y" give
     A's levels, so A is their measure, and "A rose x%, to y" makes y a level of A;
   - a figure used as an adjective takes the noun after it ("the 2.5 per cent midpoint of
     the inflation target", "a 0.2-percent increase");
   - after the figure: "x for A" and "x in A" name the subject, "x% of N" is a share of N
     ("x% of N are ..." makes N the subject), "N of the M regions" counts regions;
   - a figure that says none of these shares its neighbour's frame: the one before it in
     a list ("followed by Marlborough at $65,084"), the one after it in a range
     ("between 6% and 8% of their income");
   - the sentence's head, the noun phrase before its first verb, past opening phrases
     such as "In FY 2014," or "Abstracting from these effects,".
   For a date, the measure says what it dates: a range's start or end, a deadline ("by
   May 15, 2026"), the noun it qualifies ("a 26 December 2019 ruling", "the peak in
   2022"), the clause it opens ("On April 23, 2026, the Senate adopted ..."; a level
   stated there makes it a reference date), else its precision ("month"). A date's
   subject is the figure it dates ("$967 in January": average weekly earnings of
   non-farm payroll employees), else the sentence's head, put with the document's
   subject when it is a common noun phrase ("Reserve Bank of Australia: headline
   inflation").
3. The document: the line ending in ":" above a list or table (its date), the heading
   above, the title (a name in it: "Economy of New Zealand" is about New Zealand; a title
   that names nothing is the document's measure), and the publisher, who is the default
   subject. Acronyms the document spells out ("gross domestic product (GDP)", or words
   whose initials spell it) are written beside a measure in both forms, so "GDP" and
   "gross domestic product" meet; an acronym of common words is a measure, not a name.

Periods follow the same order. A date figure is its own period. Otherwise: a date after
the figure in its clause ("4.1 per cent in September"; never the base of a comparison,
"up 1.8% from January 2016", nor a deadline), a date before it in its zone, the sentence's
nearest date (a length of time, "a two and a half year block", takes none), the list's
lead-in, the table's, the date line under the heading, the heading's date, then, for a
sentence told in the past, the period of the last sentence before it in its section that
has one ("The cuts ... were estimated to reduce revenue by $2.46 billion" after "The 2010
budget ..."), then the document's reference period: the date standing apart at the end of
its title or of a heading at its top ("..., January 2017", ": Year ended March 2018").
Periods are read from the words: "the 12 months ending July", "over the last 12 months",
"over the month" (reckoned back from the reference period), "year ended March 2018"
(April to March), "the September quarter", "between 1985 and 2012", "2022–23",
"FY2026-FY2035", "the 1970s", "today" (the publication date), "the same day" (the date
before it). A year written alone in a document or table that reports a year ended in
another month than December ("In 2018", under "year to March 2018") is that year. A
fiscal year is written as the text names it ("FY2014"), whatever the country's fiscal
calendar.

Every regular expression here runs in linear time (no nested quantifiers that can
backtrack), a document is read once into lines, headings, tables, sentences and dates, a
sentence is cut into words once for all its figures, and a "sentence" longer than 800
characters (a text without full stops) is read in windows around its figures, so a
10,000-word document is framed in a fraction of a second.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from factcli.language.calendar import MONTH_WORD_PATTERN, QUARTER_END_MONTHS, month_number
from factcli.language.patterns import any_word
from factcli.language.readers import UnreadableText, read_date, read_statistic
from factcli.language.scales import PLURAL_SCALES, SCALE_WORDS
from factcli.language.sentences import split_sentences
from factcli.language.values import (
    DateInterval,
    FiscalYear,
    Kind,
    PartialDate,
    Quantity,
    Value,
    date_from_iso,
)

__all__ = ["DocumentInfo", "Figure", "Frame", "FrameReading", "explain_frames", "read_frames"]


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class Figure:
    """A figure found in a document: its kind, where it stands, its words and its value.

    ``value`` is the value read (a `factcli.language.values` value) or its machine text
    ("2017-01", "FY2026/FY2035", "0.018"); only a date's value is used: it is its period.
    """

    kind: Kind
    start: int
    end: int
    text: str
    value: Value | str | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What is known of a document besides its text."""

    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None


@dataclass(frozen=True)
class Frame:
    """What a figure is about (subject), what it measures (measure), and when (period)."""

    subject: str | None
    measure: str | None
    period: str | None


@dataclass(frozen=True)
class FrameReading:
    """A frame with the rule that gave each of its fields (for evaluation and debugging)."""

    frame: Frame
    subject_rule: str
    measure_rule: str
    period_rule: str

    @property
    def basis(self) -> dict[str, str]:
        return {
            "subject": self.subject_rule,
            "measure": self.measure_rule,
            "period": self.period_rule,
        }


def read_frames(text: str, figures: Sequence[Figure], info: DocumentInfo) -> list[Frame]:
    """The frame of each figure of a document, in the order of ``figures``."""
    return [reading.frame for reading in explain_frames(text, figures, info)]


def explain_frames(text: str, figures: Sequence[Figure], info: DocumentInfo) -> list[FrameReading]:
    """The frame of each figure, with the name of the rule that gave each field."""
    document = _Document(text, figures, info)
    # in reading order: a figure may take its period or frame from one before it
    frames = {n: document.frame(n) for n in document.order}
    return [frames[n] for n in range(len(figures))]


# --------------------------------------------------------------------------- words

# English closed classes: how a phrase is cut, never what a document is about.
DETERMINERS = frozenset(
    "the a an this that these those its their his her our your each every all both some any "
    "no another such".split()
)
LINK_VERBS = frozenset(
    "is are was were be been being am remains remained remain stood stands stand reached "
    "reaches reaching totalled totaled totals totalling amounted amounts averaged averaging "
    "sitting sat stayed stays held holds came comes equalled equals represented represents "
    "unchanged estimated".split()
)
CHANGE_VERBS = frozenset(
    "rose rise rises risen rising grew grow grows grown growing increased increases "
    "increasing decreased decreases decreasing declined declines declining fell fall falls "
    "fallen falling dropped drops dropping climbed climbs jumped jumps gained gains lost "
    "slipped dipped eased eases expanded expands contracted shrank shrunk raised reduced "
    "cut cuts".split()
)
# The noun a change is measured as: "rose 0.2 percent" is a percent change.
CHANGE_NOUNS = {"grew": "growth", "grow": "growth", "grows": "growth", "growing": "growth",
                "expanded": "expansion", "expands": "expansion"}  # fmt: skip
# Nouns of change after a figure: "a 0.7 percentage point increase in the unemployment rate".
CHANGE_WORDS = frozenset(
    "increase increases decrease decreases rise rises fall falls decline declines gain gains "
    "drop drops growth change changes reduction cut".split()
)
OTHER_VERBS = frozenset(
    "had has have having show shows showed shown made makes make include includes included "
    "received receive paid pay pays spend spends spent predicted announced reported ranked "
    "ranks gave give gives gets got took take takes sent send sends contributed contributes "
    "followed say says said began begin begins continued continues started starts "
    "led leads exceeded exceeds means according".split()
)
MODALS = frozenset("will would can could may might must shall should do does did".split())
# Participles not in -ed that may sit inside a noun phrase ("the interest rate paid on").
PARTICIPLES = frozenset("paid held made led spent sent given taken shown set".split())
# The finite verbs that tell a sentence's tense (a participle's "-ed" is read apart).
PRESENT_MARKERS = frozenset(
    "is are has have does do will would can may might must shall should remains remain".split()
)
PAST_MARKERS = frozenset(
    "was were had did gave rose fell grew took made came went sent led held began became saw "
    "got paid spent stood brought bought sold told found left lost met ran won wrote "
    "hit".split()
)
CONJUNCTIONS = frozenset(
    "and or but nor yet so while whereas although though because since when where if unless "
    "that which who whom whose as than versus vs whether".split()
)
PRONOUNS = frozenset("it they he she we i you there this these those them its".split())
# Prepositions a noun phrase keeps inside it ("GDP per capita", "index for shelter",
# "income from the rest of the world"); any other ends it.
INNER_PREPOSITIONS = frozenset("of for in on to from per away".split())
PREPOSITIONS = frozenset(
    "of in on at for to from by with over under between during since until after before into "
    "through about against among per than via within without upon across toward towards near "
    "like including versus amid despite around prior".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Words that join a figure to the phrase it is of, and say nothing of it ("was", "at").
LINK_WORDS = LINK_VERBS | frozenset(
    "at to of by about around approximately nearly some over under than with between from "
    "up down only just roughly almost more less still little".split()
)
# Words that join the two ends of a range of figures ("between 6% and 8%").
RANGE_JOINERS = frozenset(["and", "or", "to", "-", "–", "through"])
ARTICLES = frozenset(["a", "an", "the"])
COMPARATIVES = frozenset("more less fewer higher lower greater larger smaller".split())
CLOSED_WORDS = DETERMINERS | PREPOSITIONS | CONJUNCTIONS | PRONOUNS
TIME_UNITS = frozenset("year years month months week weeks day days hour hours".split())
# Noun phrase words that are rank, not measure ("the largest percentage increase").
_SUPERLATIVE = re.compile(r"(?:largest|highest|lowest|smallest|biggest|greatest|least|most)")
# How many words may stand between a figure and the date it is of ("0.2 percent on a
# seasonally adjusted basis in July").
ATTACHED_WORDS = 8
# A "sentence" longer than this is no sentence (a text without full stops): a figure is
# read in the characters around it, so the work for each figure stays bounded.
LONGEST_SENTENCE = 800
# How many sentences back a sentence told in the past looks for its period.
EARLIER_SENTENCES = 6


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class _Period:
    """A period: the text the dataset writes, and its first and last day."""

    iso: str
    first: date
    last: date
    bare_year: bool = False  # a year written alone, which a March year may rename


def _period_of(value: object) -> _Period | None:
    """A period from a date value or its machine text ("FY2026/FY2035" too)."""
    if isinstance(value, PartialDate | DateInterval | FiscalYear):
        bare = isinstance(value, PartialDate) and value.month is None
        return _Period(value.iso(), value.first_day(), value.last_day(), bare)
    if not isinstance(value, str):
        return None
    first_text, _, last_text = value.partition("/")
    try:
        first, last = date_from_iso(first_text), date_from_iso(last_text or first_text)
    except ValueError:
        return None
    bare = not last_text and isinstance(first, PartialDate) and first.month is None
    return _Period(value, first.first_day(), last.last_day(), bare)


def _months_ending(year: int, month: int, count: int) -> _Period | None:
    """The ``count`` months that end with a month: the 12 months ending July 2025."""
    index = year * 12 + month - 1 - (count - 1)
    if count == 1:
        return _period_of(PartialDate(year, month))
    return _period_of(
        DateInterval(PartialDate(index // 12, index % 12 + 1), PartialDate(year, month))
    )


def _march_year(period: _Period, reference: _Period | None) -> _Period:
    """A year written alone where the document reports years ending in another month."""
    if (
        period.bare_year
        and reference is not None
        and reference.last.year == period.first.year
        and reference.last.month != 12
        and (reference.last - reference.first).days > 300
    ):
        return _Period(reference.iso, reference.first, reference.last)
    return period


def _joined(first: _Period, last: _Period) -> _Period | None:
    """The period from the start of one to the end of another."""
    if first == last:
        return first
    return _period_of(f"{first.iso.partition('/')[0]}/{last.iso.rpartition('/')[2]}")


_MONTH = MONTH_WORD_PATTERN
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9,
                 "twelve": 12, "eighteen": 18, "twenty-four": 24}  # fmt: skip
_COUNT = r"(?:\d{1,2}|one|two|three|four|five|six|nine|twelve|eighteen|twenty-four)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

# Period expressions, most specific first; a match never overlaps an earlier one.
_SPAN_RE = re.compile(  # "the 12 months ending July", "year ended March 2018"
    rf"\b(?:the\s+)?(?:(?P<count>{_COUNT})[\s-]+months?|(?P<year_word>year))\s+"
    rf"(?:ending|ended|to)\s+(?:the\s+)?(?P<month>{_MONTH})(?:\s+(?P<quarter>quarter))?"
    rf"(?:,?\s+(?P<year>{_YEAR}))?\b",
    re.IGNORECASE,
)
_QUARTER_RE = re.compile(
    rf"\b(?P<month>{any_word(QUARTER_END_MONTHS)})\s+quarter(?:\s+(?P<year>{_YEAR}))?\b"
)
_RELATIVE_RE = re.compile(  # "over the last 12 months", "over the month", "over the year"
    rf"\b(?:over|in|during|for)\s+the\s+(?:(?:last|past|latest|previous)\s+)?"
    rf"(?:(?P<count>{_COUNT})\s+months|(?P<unit>month|year))\b",
    re.IGNORECASE,
)
_FISCAL_RANGE_RE = re.compile(
    r"\b(?:FY|[Ff]iscal\s+[Yy]ears?)\s?(?P<first>\d{4})\s*(?:[-–—]|to|through)\s*"
    r"(?:FY\s?)?(?P<last>\d{4})\b"
)
_YEARS_RE = re.compile(  # "between 1985 and 2012", "from 1976 to 1978"
    rf"\b(?:[Bb]etween|[Ff]rom)\s+(?P<first>{_YEAR})\s+(?:and|to|through|until|[-–])\s+"
    rf"(?P<last>{_YEAR})\b"
)
_FISCAL_RE = re.compile(r"\b(?:FY|[Ff]iscal\s+[Yy]ear)\s*(?P<year>\d{4})\b")
# A period named as one stretch of time, not written as its two ends.
_NAMED_PERIODS = (
    _SPAN_RE, _QUARTER_RE, _RELATIVE_RE, re.compile(r"\b(?:FY|[Ff]iscal\s+[Yy]ear)")
)  # fmt: skip
# "2022–23", "2021–2023"
_SHORT_RANGE_RE = re.compile(rf"\b(?P<first>{_YEAR})\s?[–-]\s?(?P<last>\d\d|{_YEAR})\b(?![\d,.]\d)")
_DECADE_RE = re.compile(r"\b(?:(?:early|mid|late)[\s-]+)?(?P<decade>1[89]\d0|20\d0)s\b")
_DATE_RE = re.compile(
    rf"(?:\b(?:early|mid|late)[\s-]+)?(?:"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
    rf"|\b\d{{1,2}}\s+{_MONTH},?\s+{_YEAR}\b"
    rf"|\b{_MONTH},?\s+{_YEAR}\b"
    rf"|\b{_YEAR}-[01]\d-[0-3]\d\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}\b(?![,.]?\d)"
    rf"|\b\d{{1,2}}\s+{_MONTH}\b"
    rf"|\b{_MONTH}(?![\w-])"
    rf"|(?<![\w$.,/-]){_YEAR}(?![\w%/]|[.,]\d))",
    re.IGNORECASE,
)
_TODAY_RE = re.compile(r"\b[Tt]oday\b")
# "On the same day": the date written last before it.
_SAME_RE = re.compile(r"\b(?:the\s+)?same\s+(?:day|date|month|year)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Stamp:
    """A period written in the text, where it stands."""

    start: int
    end: int
    period: _Period
    range_part: bool = False  # a year inside "between 2013 and 2018"


class _Dates:
    """Every period a text writes, found once, in order."""

    def __init__(
        self,
        text: str,
        figures: Sequence[Figure] = (),
        reference: PartialDate | None = None,
        relative_to: _Period | None = None,
        published: PartialDate | None = None,
    ) -> None:
        self.reference = reference
        self.relative_to = relative_to
        covered = bytearray(len(text))
        stamps: list[_Stamp] = []

        def take(start: int, end: int, period: _Period | None) -> None:
            if period is None or any(covered[start:end]):
                return
            covered[start:end] = b"\x01" * (end - start)
            stamps.append(_Stamp(start, end, period))

        for match in _SPAN_RE.finditer(text):
            take(match.start(), match.end(), self._span(match))
        for match in _QUARTER_RE.finditer(text):
            take(match.start(), match.end(), self._quarter(match))
        for match in _RELATIVE_RE.finditer(text):
            take(match.start(), match.end(), self._relative(match))
        for match in _FISCAL_RANGE_RE.finditer(text):
            take(match.start(), match.end(), _period_of(f"FY{match['first']}/FY{match['last']}"))
        ranges: list[_Stamp] = []
        for match in _YEARS_RE.finditer(text):
            if not any(covered[match.start() : match.end()]):
                take(match.start(), match.end(), _period_of(f"{match['first']}/{match['last']}"))
                for name in ("first", "last"):  # each end is a date of its own as well
                    year = _period_of(match[name])
                    if year is not None:
                        ranges.append(_Stamp(match.start(name), match.end(name), year, True))
        for match in _FISCAL_RE.finditer(text):
            take(match.start(), match.end(), _period_of(f"FY{match['year']}"))
        for match in _SHORT_RANGE_RE.finditer(text):
            last = int(
                match["last"] if len(match["last"]) == 4 else match["first"][:2] + match["last"]
            )
            if last > int(match["first"]):
                take(match.start(), match.end(), _period_of(f"{match['first']}/{last}"))
        for match in _DECADE_RE.finditer(text):
            decade = int(match["decade"])
            take(match.start(), match.end(), _period_of(f"{decade}/{decade + 9}"))
        for match in _DATE_RE.finditer(text):
            if match[0][:1].islower() and not re.match(r"early|mid|late", match[0]):
                continue  # "may", "march": words, not months
            take(match.start(), match.end(), self._date(match[0]))
        stamps.sort(key=lambda s: s.start)
        for match in _SAME_RE.finditer(text):
            k = bisect.bisect_left([s.start for s in stamps], match.start()) - 1
            if k >= 0:
                take(match.start(), match.end(), stamps[k].period)
        if published is not None:
            for match in _TODAY_RE.finditer(text):
                take(match.start(), match.end(), _period_of(published))
        stamps.extend(ranges)
        self.stamps = self._with_figures(sorted(stamps, key=lambda s: (s.start, -s.end)), figures)
        self.starts = [s.start for s in self.stamps]

    def _with_figures(self, stamps: list[_Stamp], figures: Sequence[Figure]) -> list[_Stamp]:
        """A date figure's own value replaces what the scan read at its place; a
        construct around it ("the 12 months ending July") stays."""
        starts = [s.start for s in stamps]
        dropped: set[int] = set()
        added: list[_Stamp] = []
        for figure in figures:
            if figure.kind != "date":
                continue
            period = _period_of(figure.value) or self._date(figure.text)
            if period is None:
                continue
            k = bisect.bisect_right(starts, figure.start) - 1
            around = k >= 0 and stamps[k].end >= figure.end and stamps[k].start < figure.start
            if around and not stamps[k].range_part:
                continue
            inside = []
            j = max(0, k)
            while j < len(stamps) and stamps[j].start < figure.end:
                if stamps[j].start >= figure.start and stamps[j].end <= figure.end:
                    inside.append(j)
                j += 1
            dropped.update(inside)
            range_part = any(stamps[j].range_part for j in inside)
            added.append(_Stamp(figure.start, figure.end, period, range_part))
        kept = [s for j, s in enumerate(stamps) if j not in dropped] + added
        return sorted(kept, key=lambda s: (s.start, -s.end))

    def _date(self, words: str) -> _Period | None:
        try:
            return _period_of(read_date(" ".join(words.split()), self.reference))
        except (UnreadableText, ValueError):
            return None

    def _year_of(self, month: int, written: str | None) -> int | None:
        """The year a month belongs to: written, else the latest not after the reference."""
        if written:
            return int(written)
        if self.reference is None:
            return None
        year = self.reference.year
        return year if month <= (self.reference.month or 12) else year - 1

    def _span(self, match: re.Match[str]) -> _Period | None:
        month = month_number(match["month"])
        year = self._year_of(month, match["year"])
        if year is None:
            return None
        if match["quarter"]:
            return _months_ending(year, month, 3)
        count = 12 if match["year_word"] else _count(match["count"])
        return _months_ending(year, month, count) if count else None

    def _quarter(self, match: re.Match[str]) -> _Period | None:
        month = QUARTER_END_MONTHS[match["month"]]
        year = self._year_of(month, match["year"])
        return _months_ending(year, month, 3) if year else None

    def _relative(self, match: re.Match[str]) -> _Period | None:
        if self.relative_to is None:
            return None
        last = self.relative_to.last
        if match["unit"] and match["unit"].lower() == "month":
            return _months_ending(last.year, last.month, 1)
        count = 12 if match["unit"] else _count(match["count"])
        return _months_ending(last.year, last.month, count) if count else None

    def within(self, start: int, end: int) -> list[_Stamp]:
        """The periods written between two offsets, in order."""
        n = bisect.bisect_left(self.starts, start)
        found = []
        while n < len(self.stamps) and self.stamps[n].start < end:
            if self.stamps[n].end <= end:
                found.append(self.stamps[n])
            n += 1
        return found

    def read(self, words: str) -> _Period | None:
        return self._date(words)


def _brackets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the bracketed asides, "(...)" and "[...]", between two offsets (nested
    ones too; an unclosed bracket is not an aside)."""
    found: list[tuple[int, int]] = []
    opened: list[int] = []
    for n in range(start, min(end, len(text))):
        char = text[n]
        if char in "([":
            opened.append(n)
        elif char in ")]" and opened:
            found.append((opened.pop(), n + 1))
    return found


def _within(item: _Stamp | Figure, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= item.start and item.end <= b for a, b in spans)


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


def _unit_of(period: _Period | None) -> str:
    """The word a date's span is said in: date, month, quarter, year, decade, period."""
    if period is None:
        return "date"
    if period.iso.startswith("FY"):
        return "fiscal year" if "/" not in period.iso else "period"
    days = (period.last - period.first).days
    if days == 0:
        return "date"
    if days < 32:
        return "month"
    if days < 93:
        return "quarter"
    if days < 367:
        return "year"
    first, last = period.first.year, period.last.year
    return "decade" if first % 10 == 0 and last == first + 9 else "period"


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def bare(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class _Heading:
    line: int  # index of its line
    start: int
    end: int
    text: str  # without markdown marks
    level: int  # 1-6 for markdown and underlined headings, 7 for a plain short line


@dataclass
class _Table:
    start: int
    end: int
    header: list[tuple[int, int]]  # cells of the header: (start, end) in the text
    rows: list[list[tuple[int, int]]]  # cells of each body row
    groups: int = 1  # the header repeats its columns this many times side by side
    caption: _Heading | None = None
    period: _Period | None = None
    period_rule: str = ""


_MD_HEADING_RE = re.compile(r"#{1,6}\s+")
_UNDERLINE_RE = re.compile(r"\s*(?:=+|-+)\s*")
_SEPARATOR_RE = re.compile(r"\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+(?:\|\s*)?")
_BULLET_RE = re.compile(r"\s*(?:[-•*–]\s|\d{1,2}[.)]\s)")
_GAP_RE = re.compile(r"\t|\S {2,}\S")
_CELL_RE = re.compile(r"\S+(?: \S+)*")
_NUMBER_CELL_RE = re.compile(r"[-+−]?[$€£]?\d[\d.,]*%?")
# The scale words up to "billion", and their plurals: what a count's noun may follow, and
# what is taken out of a heading with its dates.
_SCALE_TO_BILLION = any_word(word for word, factor in SCALE_WORDS.items() if factor <= 10**9)
_SCALES_TO_BILLION = any_word(f"{word}s" for word, factor in SCALE_WORDS.items() if factor <= 10**9)
_UNIT_LINE_RE = re.compile(
    rf"\(?\s*(?:in\s+)?{any_word(PLURAL_SCALES)}"
    r"(?:\s+of\s+[\w$]+(?: [\w$]+)*)?\s*\)?",
    re.IGNORECASE,
)
_FINAL_PUNCTUATION = ".,;:!?"
# A line may end in an abbreviation's full stop and still be a heading ("... — N.L.", "Que.").
_ABBREVIATED_END = re.compile(r"(?:\b[A-Z]\.[A-Z.]*|\b[A-Z][a-z]{1,3}\.)$")
HEADING_WORDS = 14
# A heading ending in an abbreviation ("Average weekly earnings — N.L.") is this short.
ABBREVIATED_WORDS = 6
# A title in capitals is a name when it is this short ("Consumer Price Index"); longer, it is
# a headline ("Biden-Harris Administration Announces More than $315 Million ...").
TITLE_NAME_WORDS = 5
HEADING_CHARS = 100
# A prose cell of a table row (a footnote's text) is read as a sentence.
CELL_WORDS = 12


# A sentence cut after a dotted abbreviation before a number ("S.Con.Res. 33") goes on;
# one that ends right before a markdown link ("2025).[S.Con.Res. 33](...)") ends there.
_DOTTED_END_RE = re.compile(r"\b[A-Za-z]+\.(?:[A-Za-z]+\.)+$")
_GLUED_END_RE = re.compile(r"[.!?][)\]]*(?=\[[A-Z])")


def _sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a text (`split_sentences`), mended where markup misleads it."""
    found: list[tuple[int, int]] = []
    for sentence in split_sentences(text):
        start, end = sentence.start, sentence.end
        if (
            found
            and text[start : start + 1].isdigit()
            and _DOTTED_END_RE.search(text[max(found[-1][0], found[-1][1] - 40) : found[-1][1]])
        ):
            found[-1] = (found[-1][0], end)
            continue
        found.append((start, end))
    mended = []
    for start, end in found:
        for match in _GLUED_END_RE.finditer(text, start, end):
            mended.append((start, match.end()))
            start = match.end()
        mended.append((start, end))
    return mended


def _lines(text: str) -> list[_Line]:
    lines, start = [], 0
    for piece in text.split("\n"):
        lines.append(_Line(start, start + len(piece), piece))
        start += len(piece) + 1
    return lines


def _wrap_width(lines: Sequence[_Line]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when lines are paragraphs."""
    lengths = sorted(
        (len(line.text.rstrip()) for line in lines if "|" not in line.text), reverse=True
    )
    # the longest length that three lines come within a few characters of (a table's rule
    # or a URL may run longer than the width the prose was wrapped at)
    for k in range(len(lengths) - 2):
        if lengths[k + 2] >= lengths[k] - 3:
            return lengths[k] if 40 <= lengths[k] <= 130 else None
    return None


# --------------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(r"[^\W_](?:[\w’'.\-/&]*[\w’'])?|[^\w\s]")
_MARKUP_RE = re.compile(r"\[(?P<label>[^\]\n]{0,200})\]\([^)\s]{0,500}\)|\*\*|__|\^|\\")
_STOP_MARKS = frozenset(list(',;:()[]"“”'))
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}(?:-[A-Z])?")


class _Token:
    """A word or mark of a sentence, with what is known of it."""

    __slots__ = ("start", "end", "text", "lower", "capital", "word", "possessive", "verb",
                 "dated", "owner", "initial")  # fmt: skip

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        self.lower = text.lower()
        self.capital = text[:1].isupper()
        self.word = text[:1].isalpha()
        self.possessive = len(text) > 2 and text[-2:] in ("’s", "'s")
        self.verb = False
        self.dated = False  # inside a period the text writes
        self.owner = -1  # the figure (not a date) it is a word of, by its index
        self.initial = False  # the first word of its sentence

    @property
    def figure(self) -> bool:
        return self.owner >= 0


def _clean_view(text: str) -> str:
    """The text with markdown marks blanked out, offsets unchanged."""

    def blank(match: re.Match[str]) -> str:
        label = match["label"]
        if label is None:
            return " " * len(match[0])
        return " " + label + " " * (len(match[0]) - len(label) - 1)

    return _MARKUP_RE.sub(blank, text)


def _is_verb(token: _Token, following: _Token | None, preceding: _Token | None) -> bool:
    """Whether a word is a verb, as far as closed lists and word shape tell."""
    word = token.lower
    if not token.word:
        return False
    if word in LINK_VERBS or word in CHANGE_VERBS or word in OTHER_VERBS or word in MODALS:
        return True
    participle = word in PARTICIPLES or (word.endswith("ed") and len(word) > 4)
    if participle and following is not None and following.lower in INNER_PREPOSITIONS:
        # inside a noun phrase: "the interest rate paid on ...", "provisions related to"
        return preceding is not None and (
            preceding.lower in LINK_VERBS or preceding.lower in MODALS
        )
    if word in LINK_VERBS or word in CHANGE_VERBS or word in OTHER_VERBS or word in MODALS:
        return True
    if preceding is not None and not token.capital and word not in CLOSED_WORDS:
        if preceding.lower in MODALS:  # "would extend"
            return True
    if preceding is not None and (
        preceding.lower in PREPOSITIONS or preceding.lower in DETERMINERS
    ):
        return False  # an adjective: "of salaried workers", "the combined total"
    return not token.capital and participle


def _tokens_of(text: str, offset: int = 0) -> list[_Token]:
    """The words and marks of a text; an abbreviation keeps its full stop ("S.Con.Res.")."""
    tokens: list[_Token] = []
    for match in _TOKEN_RE.finditer(text):
        at = offset + match.start()
        if match[0] == "." and tokens and "." in tokens[-1].text and tokens[-1].end == at:
            tokens[-1] = _Token(tokens[-1].start, at + 1, tokens[-1].text + ".")
        else:
            tokens.append(_Token(at, offset + match.end(), match[0]))
    return tokens


def _tokenize(
    view: str, start: int, end: int, stamps: Sequence[_Stamp],
    figures: Sequence[tuple[int, int, int]] = (),
) -> list[_Token]:  # fmt: skip
    """A sentence's tokens, each marked: a verb, inside a date, inside which figure."""
    tokens = _tokens_of(view[start:end], start)
    spans = sorted((s.start, s.end) for s in stamps)
    owners = sorted(figures)
    first_word = next((k for k, t in enumerate(tokens) if t.word), None)
    s = f = 0
    for k, token in enumerate(tokens):
        while s < len(spans) and spans[s][1] <= token.start:
            s += 1
        while f < len(owners) and owners[f][1] <= token.start:
            f += 1
        token.dated = (s < len(spans) and spans[s][0] <= token.start) or token.lower in WEEKDAYS
        if f < len(owners) and owners[f][0] <= token.start:
            token.owner = owners[f][2]
        token.initial = k == first_word
    for k, token in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        preceding = tokens[k - 1] if k else None
        if preceding is not None and preceding.lower.endswith("ly") and k > 1 \
                and tokens[k - 2].lower in MODALS:  # fmt: skip
            preceding = tokens[k - 2]  # "would permanently extend"
        token.verb = not token.dated and _is_verb(token, following, preceding)
    return tokens


def _phrase(text: str, tokens: Sequence[_Token]) -> str | None:
    """The words of a run of tokens as the text writes them, tidied for a frame."""
    while tokens and (tokens[0].lower in DETERMINERS or not tokens[0].text[:1].isalnum()):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower in DETERMINERS or not tokens[-1].text[:1].isalnum()) \
            and tokens[-1].text != ")":  # fmt: skip
        tokens = tokens[:-1]
    if not tokens:
        return None
    words = " ".join(text[tokens[0].start : tokens[-1].end].split())
    words = words.replace("( ", "(").replace(" )", ")")
    if words.count("(") != words.count(")"):
        words = words.replace("(", "").replace(")", "").strip()
    if words.endswith(("’s", "'s")):
        words = words[:-2]
    return words or None


def _content(tokens: Sequence[_Token]) -> list[_Token]:
    closed = DETERMINERS | PREPOSITIONS | CONJUNCTIONS
    return [t for t in tokens if t.word and t.lower not in closed]


def _trailing_run(tokens: Sequence[_Token], through_figures: bool = False) -> list[_Token]:
    """The noun phrase that ends a run of tokens, read backwards to where it starts; a
    parenthesis inside it is kept ("underlying inflation (as represented by ...)")."""
    run: list[_Token] = []
    k = len(tokens) - 1
    while k >= 0:
        t = tokens[k]
        if t.text == ")" and run == []:
            opening = next((j for j in range(k - 1, -1, -1) if tokens[j].text == "("), None)
            if opening is not None and opening > 0:
                k = opening - 1
                continue
        joins = t.lower == "and" and bool(run) and k > 0 and tokens[k - 1].word
        joins = joins and not tokens[k - 1].verb  # "food and energy"
        if t.dated or (t.figure and not through_figures) or t.text in _STOP_MARKS:
            break
        if t.lower in PRONOUNS or (t.lower in CONJUNCTIONS and not joins):
            break
        if t.lower in DETERMINERS and not (t.capital and run and run[0].capital and k):
            run.insert(0, t)
            break
        if (t.lower in PREPOSITIONS and t.lower not in INNER_PREPOSITIONS) or t.verb:
            break
        run.insert(0, t)
        k -= 1
    while run and (run[0].lower in INNER_PREPOSITIONS or run[0].lower in CONJUNCTIONS):
        run = run[1:]
    return run


def _leading_run(tokens: Sequence[_Token]) -> list[_Token]:
    """The noun phrase that starts a run of tokens."""
    run: list[_Token] = []
    for k, t in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if (
            t.dated
            or t.figure
            or t.text in ',;:()[]."“”'
            or t.lower in PRONOUNS
            or t.lower in ("last", "next")
        ):
            break
        if t.lower in CONJUNCTIONS and not (
            t.lower == "and" and run and run[-1].capital and following is not None
            and following.capital
        ):  # fmt: skip
            break
        if (t.lower in PREPOSITIONS and t.lower not in INNER_PREPOSITIONS) or (run and t.verb):
            break
        if t.text[:1].isdigit() and not (run and run[-1].capital):
            break  # a number goes on a name only ("Section 1101", "S.Con.Res. 33")
        run.append(t)
    while run and (run[-1].lower in INNER_PREPOSITIONS or run[-1].lower in DETERMINERS):
        run.pop()
    return run


def _opening_end(tokens: Sequence[_Token]) -> int:
    """Where a sentence's opening phrases end: "For example, in 2017, 2021, and 2025, ..."."""
    k = 0
    label = next((j for j in range(min(len(tokens), 4)) if tokens[j].text == ":"), None)
    if label is not None and all(t.word for t in tokens[:label]):
        k = label + 1  # "Source: Section 1101 of ..."
    while k < len(tokens):
        comma = next((j for j in range(k, min(len(tokens), k + 9)) if tokens[j].text == ","), None)
        if comma is None:
            break
        head = tokens[k:comma]
        opens = bool(head) and (
            head[0].dated or head[0].lower in PREPOSITIONS | CONJUNCTIONS
            or head[0].lower.endswith(("ing", "ed")) or len(head) == 1
        )  # fmt: skip
        if not opens or any(t.verb and t.lower not in ("based",) for t in head[1:]):
            break
        k = comma + 1
        while k < len(tokens) and (
            tokens[k].dated or tokens[k].text == "," or tokens[k].lower in ("and", "or")
        ):
            k += 1
    while k < len(tokens) and (tokens[k].dated or tokens[k].lower in PREPOSITIONS):
        k += 1  # "Between 1985 and 2012 the unemployment rate ..."
    return k


def _sentence_head(tokens: Sequence[_Token]) -> list[_Token]:
    """The noun phrase a sentence is about: its first, past its opening phrases."""
    return _leading_run(tokens[_opening_end(tokens) :])


def _name_after_preposition(tokens: Sequence[_Token]) -> list[_Token]:
    """The name a caption is about: "Budgetary Totals Included in S.Con.Res. 33"."""
    for k in range(len(tokens)):
        if tokens[k].lower in ("in", "of", "for", "under", "to"):
            run = [t for t in tokens[k + 1 :] if t.text not in ".:"]
            if run and _is_name(run):
                return run
    return []


def _is_name(tokens: Sequence[_Token]) -> bool:
    """Whether every content word of a run is capitalized (a proper name)."""
    content = _content(tokens)
    return bool(content) and all(t.capital for t in content)


def _measure_tokens(tokens: Sequence[_Token]) -> list[_Token]:
    """A measure's words without rank ("the largest percentage increase")."""
    return [t for t in tokens if not _SUPERLATIVE.fullmatch(t.lower)]


def _adverb_or_gerund(token: _Token) -> bool:
    """Words between a phrase and its figure that say nothing of it: "was little changed
    at", "grew strongly", "totaling", "reaching"."""
    word = token.lower
    return (
        token.word
        and not token.capital
        and len(word) > 4
        and (word.endswith("ly") or word.endswith("ing") or word == "changed")
    )


def _common(long_form: str | None) -> bool:
    """Whether an acronym's long form is of common words ("gross domestic product"; its
    first word may stand capitalized at a sentence's start)."""
    return long_form is not None and all(w[:1].islower() for w in long_form.split()[1:])


def _is_duration(figure: Figure) -> bool:
    """A length of time ("38 years", "a two and a half year block"), not a point in it."""
    words = re.findall(r"[A-Za-z]+", figure.text.lower())
    rate = len(words) > 1 and words[-2] in ("per", "a", "an", "each", "every")
    return bool(words) and words[-1] in TIME_UNITS and not rate


def _is_percent(figure: Figure) -> bool:
    return bool(re.search(r"%|per\s*cent|\bpercentage\b", figure.text, re.IGNORECASE))


def _is_share(figure: Figure) -> bool:
    """A percent or a fraction ("three-fifths", "one third"): a share when "of" follows."""
    fraction = r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|tenths?)\b"
    return _is_percent(figure) or bool(re.search(fraction, figure.text, re.IGNORECASE))


def _unit_words(figure: Figure) -> str | None:
    """The noun a count's own words give it: "16 amendments", "19th birthday"."""
    try:
        value = read_statistic(figure.text).value
    except (UnreadableText, ValueError, ArithmeticError):
        value = None
    if isinstance(value, Quantity):
        if not value.unit:
            return None
        unit = value.unit
    else:
        match = re.search(
            rf"\d(?:st|nd|rd|th)?(?:\s+{_SCALE_TO_BILLION})?\s+(?P<unit>[A-Za-z][\w\s-]*)$",
            figure.text,
        )
        if not match:
            return None
        unit = match["unit"]
    unit = " ".join(unit.split())
    if re.fullmatch(
        r"(?:(?:percent|per\s*cent|percentage\s+points?)\b.*|out\s+of.*|of\s.*|in\s.*|fold)",
        unit,
        re.I,
    ):
        return None
    return unit


def _change_measure(figure: Figure, change: str, thing: str | None) -> str:
    noun = CHANGE_NOUNS.get(change, "change")
    said = f"percent {noun}" if _is_percent(figure) else noun
    return f"{said} in {thing}" if thing else said


def _date_label(label: str) -> str:
    word = label.strip().lower()
    return word if "date" in word else f"{word} date"


def _split_heading(text: str) -> tuple[str | None, str | None]:
    """A heading "Average weekly earnings — Canada": (subject, measure)."""
    parts = [p.strip(" :") for p in re.split(r"\s+[–—-]\s+|:\s+", text) if p.strip(" :")]
    if len(parts) >= 2:
        names = [p for p in parts if _looks_named(p)]
        others = [p for p in parts if not _looks_named(p)]
        if names and others:
            return names[-1], others[0]
        return parts[-1], parts[0]
    if len(parts) == 1:
        return (parts[0], None) if _looks_named(parts[0]) else (None, parts[0])
    return None, None


def _looks_named(text: str) -> bool:
    return _is_name(_tokens_of(text))


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return ", ".join(kept) if kept else None


def _tidy(text: str) -> str:
    return " ".join(text.replace("*", " ").split()).strip(" :")


def _strip_notes(label: str) -> str:
    """A row label without its footnote marks and map references: "Northland (1)"."""
    return re.sub(r" ?\([\d\s/]{1,12}\)|\^", "", label)


def _strip_dates_units(text: str) -> str:
    text = re.sub(r"\([^()]{0,40}\)", " ", text)
    text = re.sub(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", " ", text, flags=re.I)
    for pattern in (_SPAN_RE, _FISCAL_RANGE_RE, _SHORT_RANGE_RE, _FISCAL_RE, _DATE_RE):
        text = pattern.sub(" ", text)
    text = re.sub(rf"\b(?:in\s+)?{_SCALES_TO_BILLION}(?:\s+of\s+\w+)?\b", " ", text, flags=re.I)
    return " ".join(text.split()).strip(" ,:;–—-")


def _publisher(publisher: str | None) -> str | None:
    """The publisher's name, before a comma: "Congressional Research Service, Library ..."."""
    if not publisher:
        return None
    return publisher.split(",")[0].strip() or None


# --------------------------------------------------------------------------- the document

# Rules that read the document, not the sentence: a neighbour's field read by one of them
# is not passed on (the figure reads the document itself).
DOCUMENT_RULES = frozenset([None, "title", "publisher"])


@dataclass
class _Reading:
    subject: str | None = None
    measure: str | None = None
    period: _Period | None = None
    rules: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: object, rule: str) -> None:
        if value is not None and getattr(self, name) is None:
            setattr(self, name, value)
            self.rules[name] = rule


@dataclass
class _Zone:
    """A figure's part of its sentence."""

    tokens: list[_Token]
    low: int  # the zone: tokens[low:high]
    first: int  # the figure: tokens[first:last]
    last: int
    high: int

    @property
    def before(self) -> list[_Token]:
        return self.tokens[self.low : self.first]

    @property
    def after(self) -> list[_Token]:
        return self.tokens[self.last : self.high]


class _Document:
    """A document read once: lines, headings, tables, sentences, dates and its own frame."""

    def __init__(self, text: str, figures: Sequence[Figure], info: DocumentInfo) -> None:
        self.text = text
        self.view = _clean_view(text)
        self.figures = list(figures)
        self.info = info
        self.order = sorted(range(len(figures)), key=lambda n: figures[n].start)
        self.figure_starts = [figures[n].start for n in self.order]
        self.lines = _lines(text)
        self.line_starts = [line.start for line in self.lines]
        self.width = _wrap_width(self.lines)
        self.sentences = _sentences(text)
        self.sentence_starts = [s for s, _ in self.sentences]
        # The reference period: the date apart at the end of the title, or of a heading at
        # the top; from it "over the month" and "the last 12 months" are reckoned.
        self.reference = self._title_period()
        reading_date = info.published or (
            PartialDate(self.reference.last.year, self.reference.last.month)
            if self.reference else None
        )  # fmt: skip
        self.dates = _Dates(text, figures, reading_date, self.reference, info.published)
        self.title_line = self._title_line()
        self.headings = self._headings()
        self.heading_lines = {h.line: h for h in self.headings}
        self.heading_starts = [h.line for h in self.headings]
        self.tables = self._tables()
        self.cells = sorted(
            (a, b, t, r, c)
            for t, table in enumerate(self.tables)
            for r, row in enumerate([table.header, *table.rows])
            for c, (a, b) in enumerate(row)
        )
        self.cell_starts = [cell[0] for cell in self.cells]
        if self.reference is None:
            self.reference = self._reference_in_text()
        self.document_period = self.reference or self._title_year()
        self.aside_spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.title_subject, self.title_measure = self._title_frame()
        self.publisher = _publisher(info.publisher)
        self.acronyms: dict[str, str | None] = {}
        self.lower_words = frozenset(re.findall(r"\b[a-z][a-z-]+\b", self.view))
        self.readings: dict[int, _Reading] = {}
        self.tokens: dict[tuple[int, int], list[_Token]] = {}

    # ---- layout

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def _line_view(self, n: int) -> str:
        line = self.lines[n]
        return self.view[line.start : line.end].strip()

    def _title_line(self) -> int | None:
        """The line that repeats the title, if the text starts with it."""
        title = self.info.title
        for n, line in enumerate(self.lines[:3]):
            if title and line.bare and title.startswith(line.bare.rstrip(" .")[:40]):
                return n
        return None

    def _headings(self) -> list[_Heading]:
        found = []
        for n, line in enumerate(self.lines):
            bare = self._line_view(n)
            if not bare:
                continue
            lead = len(line.text) - len(line.text.lstrip())
            end = line.start + len(line.text.rstrip())
            if match := _MD_HEADING_RE.match(bare):
                level = len(bare) - len(bare.lstrip("#"))
                found.append(
                    _Heading(n, line.start + lead + match.end(), end, bare[match.end() :], level)
                )
                continue
            following = self.lines[n + 1].bare if n + 1 < len(self.lines) else ""
            if len(following) >= 3 and _UNDERLINE_RE.fullmatch(following) and "|" not in bare:
                level = 1 if following.startswith("=") else 2
                found.append(_Heading(n, line.start + lead, end, bare, level))
            elif self._plain_heading(n, bare):
                found.append(_Heading(n, line.start + lead, end, bare, 7))
        return found

    def _plain_heading(self, n: int, bare: str) -> bool:
        """A short line standing alone, without final punctuation: a heading or a caption."""
        if (
            len(bare) > HEADING_CHARS
            or len(bare.split()) > HEADING_WORDS
            or bare.split()[-1].lower() in PREPOSITIONS | DETERMINERS | CONJUNCTIONS
            or (self.width and len(bare) >= 0.8 * self.width)
            or (
                bare[-1] in _FINAL_PUNCTUATION
                and not (_ABBREVIATED_END.search(bare) and len(bare.split()) <= ABBREVIATED_WORDS)
            )
            or (
                len(bare.split()) > ABBREVIATED_WORDS
                and any(
                    w in LINK_VERBS or w in CHANGE_VERBS or w in OTHER_VERBS for w in bare.split()
                )
            )  # a line of prose: "The North Isle contributed 77.6 percent ..."
            or not bare[0].isupper()
            or "|" in bare
            or _BULLET_RE.match(bare)
            or _UNDERLINE_RE.fullmatch(bare)
            or not re.search(r"[A-Za-z]{3,}", bare)
        ):
            return False
        previous = self.lines[n - 1].bare if n else ""
        following = self.lines[n + 1].bare if n + 1 < len(self.lines) else ""
        if following[:1].islower():
            return False  # a wrapped line of prose goes on below
        wrapped = self.width and len(previous) >= 0.7 * self.width
        return not (wrapped and previous[-1] not in _FINAL_PUNCTUATION + ")")

    def _tables(self) -> list[_Table]:
        tables: list[_Table] = []
        n = 0
        while n < len(self.lines):
            if "|" in self.lines[n].text and self.lines[n].bare:
                end = n
                while end + 1 < len(self.lines) and (
                    "|" in self.lines[end + 1].text
                    or (self.lines[end + 1].bare and self._separator_below(end + 1))
                ):
                    end += 1
                if table := self._pipe_table(n, end):
                    tables.append(table)
                n = end + 1
                continue
            if _GAP_RE.search(self.lines[n].bare):
                end = n
                while end + 1 < len(self.lines) and _GAP_RE.search(self.lines[end + 1].bare):
                    end += 1
                if end > n and (table := self._spaced_table(n, end)):
                    tables.append(table)
                n = end + 1
                continue
            n += 1
        for table in tables:
            table.period, table.period_rule = self._table_period(table)
        return tables

    def _separator_below(self, n: int) -> bool:
        return any(_SEPARATOR_RE.fullmatch(line.text) for line in self.lines[n : n + 3])

    def _cells(self, start: int, end: int) -> list[tuple[int, int]]:
        """The cells of a row of a pipe table: (start, end) of each cell's text."""
        cells = []
        position = start
        for piece in self.text[start:end].split("|"):
            inner = piece.strip()
            lead = len(piece) - len(piece.lstrip())
            cells.append((position + lead, position + lead + len(inner)))
            position += len(piece) + 1
        # a row's leading pipe makes an empty first cell, a trailing one an empty last
        if cells and cells[0][0] == cells[0][1] and self.text[start:end].lstrip().startswith("|"):
            cells.pop(0)
        if cells and cells[-1][0] == cells[-1][1]:
            cells.pop()
        return cells

    def _pipe_table(self, first: int, last: int) -> _Table | None:
        lines = self.lines[first : last + 1]
        separator = next(
            (k for k, line in enumerate(lines) if _SEPARATOR_RE.fullmatch(line.text)), None
        )
        if separator is not None:
            header = self._cells(lines[0].start, lines[separator - 1].end) if separator else []
            body = lines[separator + 1 :]
        else:
            # header rows: the leading rows without a figure in any cell
            heads = 0
            for line in lines:
                cells = self._cells(line.start, line.end)
                if any(_NUMBER_CELL_RE.fullmatch(self.text[a:b]) for a, b in cells):
                    break
                heads += 1
            body = lines[heads:]
            header = self._cells(lines[heads - 1].start, lines[heads - 1].end) if heads else []
        rows = [self._cells(line.start, line.end) for line in body if line.bare]
        if not rows:
            return None
        table = _Table(lines[0].start, lines[-1].end, header, rows)
        table.groups = self._groups(header)
        table.caption = self._caption(first)
        return table

    def _spaced_table(self, first: int, last: int) -> _Table | None:
        """A table written as text: columns apart by two spaces or a tab."""
        rows = []
        for line in self.lines[first : last + 1]:
            rows.append(
                [
                    (line.start + m.start(), line.start + m.end())
                    for m in _CELL_RE.finditer(line.text)
                ]
            )
        numeric = [
            any(_NUMBER_CELL_RE.fullmatch(self.text[a:b]) for a, b in row[1:]) for row in rows
        ]
        if sum(numeric) < 2 and not (numeric[-1] and not numeric[0]):
            return None
        header, body = (rows[0], rows[1:]) if not numeric[0] else ([], rows)
        table = _Table(self.lines[first].start, self.lines[last].end, header, body)
        table.groups = self._groups(header)
        table.caption = self._caption(first)
        return table

    def _groups(self, header: list[tuple[int, int]]) -> int:
        """How often a header repeats its columns ("Committee | Amount | Committee | Amount")."""
        names = [" ".join(self.text[a:b].split()).lower() for a, b in header]
        for size in range(1, len(names) // 2 + 1):
            if len(names) % size == 0 and names == names[:size] * (len(names) // size):
                return len(names) // size
        return 1

    def _caption(self, first: int) -> _Heading | None:
        """The heading just above a table (a unit line, "In Millions of Dollars", skipped)."""
        for n in range(first - 1, max(-1, first - 6), -1):
            heading = self.heading_lines.get(n)
            if heading and not _UNIT_LINE_RE.fullmatch(heading.text):
                return heading
            if self.lines[n].bare and not heading:
                return None
        return None

    def _table_at(self, offset: int) -> tuple[_Table, int, int] | None:
        """The table, row and column of a figure in a table cell (row -1: the header)."""
        k = bisect.bisect_right(self.cell_starts, offset) - 1
        if k < 0:
            return None
        start, end, t, row, column = self.cells[k]
        if not start <= offset < max(end, start + 1):
            return None
        return self.tables[t], row - 1, column

    def _table_period(self, table: _Table) -> tuple[_Period | None, str]:
        """A table's period: its lead-in's, its caption's, or the one its header names."""
        if (lead_in := self._lead_in_before(self._line_of(table.start))) is not None:
            return lead_in, "lead-in date"
        if table.caption and (stamps := self.dates.within(table.caption.start, table.caption.end)):
            return stamps[-1].period, "heading date"
        periods = {self._period_in(cell) for cell in table.header} - {None}
        if len(periods) == 1:
            return periods.pop(), "the one period of the table's header"
        return None, ""

    def _lead_in_before(self, line: int) -> _Period | None:
        """The period of the line ending in ':' that introduces the list or table at ``line``."""
        n = line - 1
        while n >= 0 and (
            not self.lines[n].bare
            or _BULLET_RE.match(self.lines[n].text)
            or "|" in self.lines[n].text
        ):
            n -= 1
        if n < 0 or not self.lines[n].bare.endswith(":"):
            return None
        start = self.lines[n].start
        k = bisect.bisect_right(self.sentence_starts, start) - 1
        if k >= 0:  # a lead-in wrapped over several lines
            start = min(start, self.sentences[k][0])
        stamps = self.dates.within(start, self.lines[n].end)
        return stamps[-1].period if stamps else None

    def _period_in(self, cell: tuple[int, int]) -> _Period | None:
        stamps = self.dates.within(*cell)
        return stamps[-1].period if stamps else None

    # ---- the document's own frame

    @functools.cached_property
    def _title_stamps(self) -> list[_Stamp]:
        """The periods the title writes, read once."""
        return _Dates(self.info.title or "", reference=self.info.published).stamps

    def _title_period(self) -> _Period | None:
        """The date standing apart at the end of the title: ", January 2017"."""
        title = self.info.title or ""
        for stamp in reversed(self._title_stamps):
            before = title[: stamp.start].rstrip()
            after = re.sub(r"\([^()]*\)$", "", title[stamp.end :]).strip()
            if before and before[-1] in ",:–—-(" and after in ("", ")"):
                return stamp.period
        return None

    def _title_year(self) -> _Period | None:
        """The one calendar year a title names, wherever it stands: what the document
        reports on ("Official results for the 2023 General Election", "Prisoners in 2016").
        A full date in a title says when it was issued; a fiscal year in one mostly names
        a bill or a budget ("The FY2026 Budget Resolution"), whose rules have no period."""
        stamps = [s for s in self._title_stamps if not s.range_part]
        if len({s.period.iso for s in stamps}) != 1:
            return None
        period = stamps[0].period
        return period if period.bare_year else None

    def _reference_in_text(self) -> _Period | None:
        """Without a title's date: a date apart at the end of a heading among the first lines."""
        for heading in self.headings:
            if heading.line > 12:
                break
            stamps = self.dates.within(heading.start, heading.end)
            if not stamps:
                continue
            before = self.view[heading.start : stamps[-1].start].rstrip()
            after = self.view[stamps[-1].end : heading.end].strip()
            if before and before[-1] in ",:–—-(" and not after:
                return stamps[-1].period
        return None

    def _title_frame(self) -> tuple[str | None, str | None]:
        """The document's subject (a title that names something) or measure (one that does not)."""
        title = self.info.title
        if not title:
            return None, None
        if self.reference is not None and self._title_stamps:
            title = title[: self._title_stamps[-1].start].rstrip(" ,:–—-(")
        head = re.split(r"\s+[–—-]\s+|:\s|\s\(", title)[0].strip()
        if not head or re.search(r"\bby\b", head):
            return None, None  # "Statement by the Board": who wrote it, not what it is about
        tokens = _tokens_of(head)
        of = next((k for k, t in enumerate(tokens) if t.lower == "of"), None)
        if of is not None and _is_name(tokens[of + 1 :]):
            return _phrase(head, tokens[of + 1 :]), None
        if _is_name(tokens) and len(_content(tokens)) <= TITLE_NAME_WORDS:
            return head, None  # a name; a longer title in capitals is a headline
        if (
            not _is_name(tokens)
            and len(tokens) <= 8
            and not any(t.lower in OTHER_VERBS | LINK_VERBS for t in tokens)
        ):
            return None, head
        return None, None

    def _default_subject(self) -> str | None:
        return self.title_subject or self.publisher

    # ---- acronyms the document spells out

    def _long_form(self, acronym: str) -> str | None:
        """The words whose initials spell an acronym, first as the document writes them."""
        if acronym not in self.acronyms:
            letters = acronym.replace("-", "").lower()
            pattern = r"\b" + r"[\w’'-]*\s+".join(f"{c}" for c in letters) + r"[\w’'-]*"
            found = re.search(pattern, self.view, re.IGNORECASE)
            words = found[0].split() if found else []
            good = len(words) == len(letters) and not found[0].isupper() if found else False
            self.acronyms[acronym] = " ".join(words) if good else None
        return self.acronyms[acronym]

    def _common_acronym(self, token: _Token) -> bool:
        """An acronym of common words ("GDP": gross domestic product) names no one."""
        return _ACRONYM_RE.fullmatch(token.text) is not None and _common(
            self._long_form(token.text)
        )

    def _named(self, tokens: Sequence[_Token]) -> bool:
        """A proper name: its words capitalized (a sentence's first word only if the document
        never writes it in lower case), and not only acronyms of common words."""
        content = _content(tokens)
        if not _is_name(tokens) or all(self._common_acronym(t) for t in content):
            return False
        word = content[0].lower
        written_low = word in self.lower_words or word.removesuffix("s") in self.lower_words
        return not (len(content) == 1 and content[0].initial and written_low)

    def _both_forms(self, words: str | None) -> str | None:
        """A measure with the acronym beside the long form of common words it spells out
        ("gross domestic product (GDP)"), and a measure that is a bare acronym written out
        ("GDP (gross domestic product)")."""
        if not words:
            return words
        extra = []
        if _ACRONYM_RE.fullmatch(words):
            long_form = self._long_form(words)
            if long_form is not None and _common(long_form):
                extra.append(long_form)  # "GDP" alone says little in words
        for acronym, spelled in self.acronyms.items():
            if spelled is not None and _common(spelled) and spelled.lower() in words.lower():
                if acronym not in words:
                    extra.append(acronym)
        return f"{words} ({', '.join(sorted(extra))})" if extra else words

    # ---- one figure

    def frame(self, n: int) -> FrameReading:
        figure = self.figures[n]
        reading = self._read(n)
        period, period_rule = reading.period, reading.rules.get("period", "none")
        if figure.kind == "date" and (own := self._own_period(figure)):
            period, period_rule = own, "own value"
        in_range = any(s.range_part for s in self.dates.within(figure.start, figure.end))
        if period is not None and period.bare_year and not in_range:
            refined = _march_year(period, self._context_period(figure))
            if refined != period:
                period, period_rule = refined, f"{period_rule}, a year ended in another month"
        measure = self._both_forms(reading.measure)
        subject = reading.subject
        if subject and not _looks_named(subject):
            subject = self._both_forms(subject)
        return FrameReading(
            Frame(subject, measure, period.iso if period else None),
            reading.rules.get("subject", "none"),
            reading.rules.get("measure", "none"),
            period_rule,
        )

    def _own_period(self, figure: Figure) -> _Period | None:
        return _period_of(figure.value) or self.dates.read(figure.text)

    def _context_period(self, figure: Figure) -> _Period | None:
        """The period of the list or table a figure stands in, else the document's."""
        if (cell := self._table_at(figure.start)) is not None and cell[0].period:
            return cell[0].period
        line = self._line_of(figure.start)
        return self._lead_in_before(self._item_start(line)) or self.reference

    def _read(self, n: int) -> _Reading:
        if n in self.readings:
            return self.readings[n]  # read already, or being read (a neighbour's neighbour)
        figure = self.figures[n]
        reading = _Reading()
        self.readings[n] = reading
        cell = self._table_at(figure.start)
        if cell is not None:
            self._read_cell(figure, reading, *cell)
        line = self._line_of(figure.start)
        framed_by_line = True
        if self._box_line(figure, line) and line != self.title_line:
            self._read_box(figure, reading, line)
        elif line in self.heading_lines or line == self.title_line:
            self._read_heading_line(figure, reading, line)
        else:
            framed_by_line = False
        if (cell is None and not framed_by_line) or (cell is not None and self._prose_cell(cell)):
            self._read_sentence(n, figure, reading)
        self._read_surroundings(figure, reading)
        return reading

    # ---- tables

    def _prose_cell(self, cell: tuple[_Table, int, int]) -> bool:
        table, row, column = cell
        cells = table.header if row < 0 else table.rows[row]
        a, b = cells[column]
        return len(self.text[a:b].split()) > CELL_WORDS

    def _read_cell(
        self, figure: Figure, reading: _Reading, table: _Table, row: int, column: int
    ) -> None:
        if self._prose_cell((table, row, column)):
            return
        view = self.view
        if row == -1:  # a date in a column's header dates that column
            words = _strip_dates_units(self._header_text(table, column))
            unit = _unit_of(self._own_period(figure))
            reading.set("measure", f"{unit} of {words}" if words else unit, "table header date")
            caption = _tidy(table.caption.text) if table.caption else None
            reading.set("subject", caption, "table caption")
            return
        cells = table.rows[row]
        label_column = self._label_column(table, column, len(cells))
        label = cells[label_column] if label_column < len(cells) else None
        label_text = _tidy(_strip_notes(view[label[0] : label[1]])) if label else ""
        label_period = self._period_in(label) if label else None
        if (
            label_period
            and label_period.bare_year
            and "fiscal" in self._header_text(table, label_column).lower()
        ):
            label_period = _period_of(f"FY{label_period.first.year}")
        if column == label_column:
            if figure.kind == "date":
                reading.set(
                    "measure", _tidy(self._header_text(table, column)) or None, "table label header"
                )
                reading.set("subject", self._table_subject(table), "table caption")
            return
        aligned = len(cells) == len(table.header)
        if not aligned:  # a summary row: its label names what it holds
            reading.set("measure", label_text or None, "table row label (summary row)")
            reading.set("subject", self._table_subject(table), "table caption")
            reading.set("period", table.period, table.period_rule)
            return
        if label_period is None:
            reading.set("subject", label_text or None, "table row label")
        else:
            reading.set("subject", self._table_subject(table), "table caption")
        group = self._group(table, column, len(cells))
        others = [
            _tidy(view[a:b]) for k, (a, b) in enumerate(cells)
            if k not in (column, label_column) and self._group(table, k, len(cells)) == group
            and re.search(r"[A-Za-z]{2,}", view[a:b]) and not re.search(r"\d", view[a:b])
        ]  # fmt: skip
        header = _strip_dates_units(self._header_text(table, column))
        reading.set("measure", _join(header, *others), "table column header")
        reading.set("period", self._period_in(table.header[column]), "table column header date")
        reading.set("period", label_period, "table row label date")
        reading.set("period", table.period, table.period_rule)

    def _header_text(self, table: _Table, column: int) -> str:
        if column >= len(table.header):
            return ""
        a, b = table.header[column]
        return " ".join(self.view[a:b].split())

    def _group(self, table: _Table, column: int, width: int) -> int:
        if table.groups > 1 and width % table.groups == 0:
            return column // (width // table.groups)
        return 0

    def _label_column(self, table: _Table, column: int, width: int) -> int:
        if table.groups > 1 and width % table.groups == 0:
            return self._group(table, column, width) * (width // table.groups)
        return 0

    def _table_subject(self, table: _Table) -> str | None:
        if table.caption:
            tokens = _tokens_of(
                self.view[table.caption.start : table.caption.end], table.caption.start
            )
            if named := _name_after_preposition(tokens):
                return _phrase(self.view, named)
        return None

    # ---- headings, boxes

    def _read_heading_line(self, figure: Figure, reading: _Reading, line: int) -> None:
        """A figure in a heading or the title line: the rest of the line frames it."""
        bounds = self.lines[line]
        rest = self.view[bounds.start : figure.start] + " " + self.view[figure.end : bounds.end]
        rest = _strip_dates_units(rest.strip()).strip(" :,–—-")
        if figure.kind == "date":
            label = re.fullmatch(r"([A-Z][\w ]{0,30}?):?", rest)
            if label and len(rest.split()) <= 2:
                reading.set("measure", _date_label(label[1]), "heading label")
                return
            reading.set("subject", rest or None, "heading line")
            reading.set(
                "measure", f"reference {_unit_of(self._own_period(figure))}", "heading line date"
            )
            return
        subject, measure = _split_heading(rest)
        tokens = _tokens_of(rest)
        if subject and len(_content(tokens)) > TITLE_NAME_WORDS:  # a headline
            named = _name_after_preposition(tokens)
            subject = _phrase(rest, named) if named else None
        reading.set("subject", subject, "heading line")
        reading.set("measure", measure, "heading line")

    def _box_line(self, figure: Figure, line: int) -> bool:
        """A short line that holds the figure and little else (an indicator box)."""
        bounds = self.lines[line]
        if bounds.end - bounds.start > 2 * (figure.end - figure.start) + 40:
            return False  # a line of prose
        bare = bounds.bare
        if figure.kind == "date":
            return bool(bare) and len(bare.split()) <= 4 and self._only_date(line)
        rest = (
            self.text[bounds.start : figure.start] + " " + self.text[figure.end : bounds.end]
        ).split()
        return (
            bool(bare) and len(rest) <= 2 and bare[-1] not in ".:;" and figure.start >= bounds.start
        )

    def _only_date(self, line: int) -> bool:
        bounds = self.lines[line]
        stamps = self.dates.within(bounds.start, bounds.end)
        return bool(stamps) and sum(s.end - s.start for s in stamps) >= len(bounds.bare) - 1

    def _read_box(self, figure: Figure, reading: _Reading, line: int) -> None:
        heading = self._heading_above(line, reach=8)
        if heading is None:
            return
        subject, measure = _split_heading(_strip_dates_units(heading.text))
        if figure.kind == "date":
            reading.set("subject", _join(measure, subject), "box heading")
            reading.set("measure", f"reference {_unit_of(self._own_period(figure))}", "date line")
            return
        reading.set("subject", subject, "box heading")
        reading.set("measure", _join(measure, self._caption_below(line)), "box heading")
        reading.set("period", self._date_line_below(heading, line), "date line")

    def _caption_below(self, line: int) -> str | None:
        """A line in parentheses under a figure's line: "(12-month change)"."""
        for n in range(line + 1, min(len(self.lines), line + 3)):
            if bare := self.lines[n].bare:
                match = re.fullmatch(r"\(([^()]{1,60})\)", bare)
                return match[1] if match else None
        return None

    def _heading_above(self, line: int, reach: int | None = None) -> _Heading | None:
        """The nearest heading above a line that is not a date line."""
        k = bisect.bisect_left(self.heading_starts, line) - 1
        while k >= 0:
            heading = self.headings[k]
            if reach is not None and line - heading.line > reach:
                return None
            if not self._only_date(heading.line):
                return heading
            k -= 1
        return None

    def _date_line_below(self, heading: _Heading, line: int) -> _Period | None:
        """The period of a line that holds only a date, between a heading and a line."""
        for n in range(heading.line + 1, line):
            if self._only_date(n):
                return self.dates.within(self.lines[n].start, self.lines[n].end)[-1].period
        return None

    # ---- sentences

    def _sentence_of(self, figure: Figure) -> tuple[int, int]:
        k = bisect.bisect_right(self.sentence_starts, figure.start) - 1
        if k >= 0 and self.sentences[k][1] >= figure.end:
            start, end = self.sentences[k]
        else:
            start, end = figure.start, figure.end
        if end - start > LONGEST_SENTENCE:
            # not a sentence (a text without full stops): the words around the figure, in
            # windows that the figures near each other share
            block = LONGEST_SENTENCE // 2
            k = (figure.start - start) // block
            low = start + max(0, k - 1) * block
            high = max(min(end, start + (k + 2) * block), figure.end)
            space = self.view.find(" ", low, figure.start)
            low = space + 1 if space >= 0 and low > start else low
            space = self.view.rfind(" ", figure.end, high)
            high = space if space > 0 and high < end else high
            start, end = low, high
        # a table row's prose cell: keep to its cell
        line = self.lines[self._line_of(figure.start)]
        if "|" in line.text:
            start, end = max(start, line.start), min(end, line.end)
            cut = self.text.rfind("|", start, figure.start)
            start = cut + 1 if cut >= 0 else start
        return start, end

    def _figures_in(self, start: int, end: int) -> list[int]:
        k = bisect.bisect_left(self.figure_starts, start)
        found = []
        while k < len(self.order) and self.figure_starts[k] < end:
            found.append(self.order[k])
            k += 1
        return found

    def _sentence_tokens(self, start: int, end: int) -> list[_Token]:
        """A sentence's tokens, made once for all its figures."""
        key = (start, end)
        if key not in self.tokens:
            owners = [
                (self.figures[k].start, self.figures[k].end, k)
                for k in self._figures_in(start, end)
                if self.figures[k].kind != "date"
            ]
            self.tokens[key] = _tokenize(
                self.view, start, end, self.dates.within(start, end), owners
            )
        return self.tokens[key]

    def _zone(self, n: int, figure: Figure) -> _Zone:
        """A figure's part of its sentence: from the figure or semicolon before it to the
        one after it (dates do not cut)."""
        tokens = self._sentence_tokens(*self._sentence_of(figure))
        first = bisect.bisect_right([t.end for t in tokens], figure.start)
        last = bisect.bisect_left([t.start for t in tokens], figure.end, lo=first)
        low, high = 0, len(tokens)
        for i in range(first - 1, -1, -1):
            if tokens[i].text == ";" or tokens[i].owner not in (-1, n):
                low = i + 1
                break
        for i in range(last, len(tokens)):
            if tokens[i].text == ";" or tokens[i].owner not in (-1, n):
                high = i
                break
        return _Zone(tokens, low, first, last, high)

    def _read_sentence(self, n: int, figure: Figure, reading: _Reading) -> None:
        zone = self._zone(n, figure)
        if figure.kind == "date":
            self._read_date(figure, reading, zone)
            return
        self._read_figure(n, figure, reading, zone)
        self._sentence_period(figure, reading, zone)

    def _read_figure(self, n: int, figure: Figure, reading: _Reading, zone: _Zone) -> None:
        view, tokens = self.view, zone.tokens
        # the figure's own noun: "16 amendments", "19th birthday"
        if figure.kind == "statistic" and (unit := _unit_words(figure)):
            ordinal = re.match(r"\s*\d+(?:st|nd|rd|th)\b", figure.text)
            counted = (
                unit if ordinal or unit.split()[-1].lower() in TIME_UNITS else f"number of {unit}"
            )
            reading.set("measure", counted, "count's noun")
        # a name before the figure's parentheses: "Waikato (7.5 percent)"
        if zone.first > zone.low and tokens[zone.first - 1].text == "(":
            run = _trailing_run(tokens[zone.low : zone.first - 1])
            if run and self._named(run):
                reading.set("subject", _phrase(view, run), "name before parentheses")
            elif run:
                reading.set(
                    "measure", _phrase(view, _measure_tokens(run)), "phrase before parentheses"
                )
        # a figure used as an adjective: "the 2.5 per cent midpoint", "a 0.2-percent increase"
        if zone.first > zone.low and tokens[zone.first - 1].lower in ARTICLES:
            self._read_noun_after(figure, reading, zone)
        # what follows: "for the South Island", "x% of GDP", "14 of the 15 regions"
        self._read_after(figure, reading, zone)
        # the phrase the figure is linked to, read back over the linking words
        i, change, level, nearer = zone.first - 1, None, False, ""
        while i >= zone.low:
            word = tokens[i].lower
            if word in CHANGE_VERBS:
                change = change or word
            elif word in ("from", "to") and change is None:
                level = True  # "dropped to 13.0 percent", "raised GST from 12.5%"
            elif not (
                word in LINK_WORDS
                or word in ARTICLES
                or word == "("
                or _adverb_or_gerund(tokens[i])
                or (word == "," and nearer in ("with", "at", "to"))  # ", with 0.6 percent"
            ):
                break
            nearer = word
            i -= 1
        change = None if level else change
        phrase = _trailing_run(tokens[zone.low : i + 1])
        if phrase:
            self._read_phrase(reading, phrase, change, figure, "phrase before")
        self._read_noun_after(figure, reading, zone)
        if change:
            reading.set("measure", _change_measure(figure, change, None), "change")
        self._read_neighbours(n, figure, reading, zone)
        if reading.subject is None or reading.measure is None:
            if head := _sentence_head(tokens):
                self._read_phrase(reading, head, None, figure, "sentence head")

    def _read_phrase(self, reading: _Reading, phrase: list[_Token], change: str | None,
                     figure: Figure, rule: str) -> None:  # fmt: skip
        """What a noun phrase says of a figure: its subject, its measure, or both."""
        view = self.view
        owner = next(
            (
                k
                for k in range(len(phrase) - 1, -1, -1)
                if phrase[k].possessive and phrase[k].capital
            ),
            None,
        )
        if owner is not None:
            k = owner
            while k > 0 and (
                phrase[k - 1].capital
                or (phrase[k - 1].lower in ("of", "and") and k > 1 and phrase[k - 2].capital)
            ):
                k -= 1
            reading.set("subject", _phrase(view, phrase[k : owner + 1]), f"{rule}, possessive")
            rest = _phrase(view, _measure_tokens(phrase[owner + 1 :]))
            said = _change_measure(figure, change, rest) if change else rest
            reading.set("measure", said, f"{rule}, possessive")
            return
        if self._named(phrase):
            reading.set("subject", _phrase(view, phrase), f"{rule}, name")
            if change:
                reading.set("measure", _change_measure(figure, change, None), "change")
            return
        if split := self._population(phrase):
            measure, population = split
            reading.set("subject", _phrase(view, population), f"{rule}, population")
            reading.set(
                "measure",
                _phrase(view, _measure_tokens(measure)),
                f"{rule}, measure of a population",
            )
            return
        thing = _phrase(view, _measure_tokens(phrase))
        if change:
            # "the index for shelter rose 0.2 percent": a thing; "unemployment rose 170%":
            # a quantity without article, whose change is the measure
            if phrase[0].lower in DETERMINERS:
                reading.set("subject", _phrase(view, phrase), "changed thing")
            reading.set("measure", _change_measure(figure, change, thing), "change")
            return
        reading.set("measure", thing, rule)

    def _population(self, phrase: list[_Token]) -> tuple[list[_Token], list[_Token]] | None:
        """ "Average weekly earnings of non-farm payroll employees": measure, population;
        "top income-earners in New Zealand": what is counted, and where."""
        for k, t in enumerate(phrase):
            if t.lower in ("of", "in", "for", "on") and 0 < k < len(phrase) - 1:
                content = [x for x in phrase[k + 1 :] if x.lower not in DETERMINERS]
                if not content or (t.lower == "on" and not self._named(content)):
                    continue
                head = content[-1].lower
                plural = head.endswith("s") and not head.endswith("ss") and content[-1].word
                if self._named(content) or (plural and t.lower == "of" and len(content) >= 2):
                    return phrase[:k], phrase[k + 1 :]
        return None

    def _read_after(self, figure: Figure, reading: _Reading, zone: _Zone) -> None:
        """What follows a figure: "for the South Island", "of GDP", "of the 15 regions"."""
        view, after = self.view, zone.after
        k = 0
        while k < len(after) and after[k].text in (")", ","):
            k += 1
        if k + 1 < len(after) and after[k].lower in ("for", "in") and not after[k + 1].dated:
            run = _leading_run(after[k + 1 :])
            if run and self._named(run):
                reading.set("subject", _phrase(view, run), f"'{after[k].lower} A' after")
        if not after or after[0].lower not in ("of", "to") or len(after) < 2:
            return
        if (
            after[0].lower == "of"
            and zone.high < len(zone.tokens)
            and all(t.lower in DETERMINERS for t in after[1:])
        ):  # "14 of the 15 regions": counted as the next figure is
            nxt = self._figures_in(zone.tokens[zone.high].start, zone.tokens[zone.high].end + 1)
            unit = _unit_words(self.figures[nxt[0]]) if nxt else None
            reading.set(
                "measure", f"number of {unit}" if unit else None, "one of the next figure's"
            )
            return
        if not _is_share(figure):
            return
        run = _leading_run(after[1:])
        if not run:
            return
        rest = after[1 + len(run) :]
        if after[0].lower == "of" and rest and rest[0].lower in LINK_VERBS | {"have", "has", "had"}:
            # "85 percent of the articles on Wikipedia are in languages other than English"
            reading.set("subject", _phrase(view, run), "share of a group")
            cut = next((j for j, t in enumerate(rest[1:8]) if t.text in ",.;"), len(rest[1:8]))
            said = _phrase(view, rest[1 : 1 + cut])
            reading.set("measure", f"share {said}" if said else "share", "share of a group")
            return
        reading.set("measure", f"share of {_phrase(view, run)}", "share of")

    def _read_noun_after(self, figure: Figure, reading: _Reading, zone: _Zone) -> None:
        """A figure used as an adjective takes the noun after it: "three-fifths vote
        thresholds", "a 0.7% percentage point increase in the unemployment rate"."""
        after = zone.after
        if not after or not after[0].word or after[0].capital or after[0].verb:
            return
        if after[0].lower in CLOSED_WORDS or after[0].lower in COMPARATIVES:
            return  # "$113 billion more than ...": a comparison, not a noun
        run = _leading_run(after)
        if not run:
            return
        if run[0].lower in CHANGE_WORDS:
            said = " ".join(["percent"] * _is_percent(figure) + [_phrase(self.view, run) or ""])
            reading.set("measure", said.strip(), "change after the figure")
            return
        reading.set("measure", _phrase(self.view, _measure_tokens(run)), "noun after the figure")

    def _read_neighbours(self, n: int, figure: Figure, reading: _Reading, zone: _Zone) -> None:
        """A figure of a list or range takes what its neighbour says."""
        if reading.subject is not None and reading.measure is not None:
            return
        tokens = zone.tokens
        joined = [t.lower for t in zone.after if t.text not in ")"]
        if joined and all(w in RANGE_JOINERS for w in joined) and zone.high < len(tokens):
            nxt = self._figures_in(tokens[zone.high].start, tokens[zone.high].end + 1)
            if nxt and nxt[0] != n:  # "between 6% and 8% of their income"
                partner = self._read(nxt[0])
                reading.set("measure", partner.measure, "range partner")
                reading.set("subject", partner.subject, "range partner")
        previous = [
            k for k in self._figures_in(tokens[0].start if tokens else figure.start, figure.start)
            if k != n and self.figures[k].kind != "date" and self.figures[k].end <= figure.start
        ]  # fmt: skip
        if not previous:
            return
        prior = self._read(previous[-1])
        words = [t.lower for t in zone.before if t.text != ","]
        if words == ["to"] and prior.rules.get("subject") == "changed thing":
            # "increased 11-fold, to NZ$182 billion": the level the thing changed to
            reading.set("measure", prior.subject, "level after a change")
            return
        if prior.rules.get("measure") not in DOCUMENT_RULES:
            reading.set("measure", prior.measure, "list neighbour")
        if prior.rules.get("subject") not in DOCUMENT_RULES:
            reading.set("subject", prior.subject, "list neighbour")

    def _read_date(self, figure: Figure, reading: _Reading, zone: _Zone) -> None:
        """What a date in a sentence dates, and whose it is."""
        view, tokens = self.view, zone.tokens
        unit = _unit_of(self._own_period(figure))
        # the words around the date, past other dates of a list ("in 2017, 2021, and 2025")
        b = zone.first - 1
        while b >= 0 and (
            tokens[b].dated or tokens[b].text == "," or tokens[b].lower in ("and", "or")
        ):
            b -= 1
        while b >= 0 and tokens[b].lower in DETERMINERS:
            b -= 1
        lead = tokens[b].lower if b >= 0 else ""
        a = zone.last
        while a < len(tokens) and (
            tokens[a].dated
            or tokens[a].lower in ("and", "or")
            or (tokens[a].text == "," and a + 1 < len(tokens) and tokens[a + 1].dated)
        ):
            a += 1
        opens_clause = a < len(tokens) and tokens[a].text == ","
        noun_before = b > 0 and tokens[b - 1].word and not tokens[b - 1].verb and \
            tokens[b - 1].lower not in CLOSED_WORDS  # fmt: skip
        if b > 0 and tokens[b - 1].figure:  # "the trough of 3.5 per cent in late 2022"
            j = b - 1
            while j >= 0 and (tokens[j].figure or tokens[j].lower == "of"):
                j -= 1
            noun_before, b_noun = (
                j >= 0 and tokens[j].word and tokens[j].lower not in CLOSED_WORDS,
                j + 1,
            )
        else:
            b_noun = b
        event, rule = None, "date event"
        if (construct := self._range_around(figure)) is not None:
            starts = figure.start - construct.start < construct.end - figure.end
            event, rule = f"{'start' if starts else 'end'} {unit}", "end of a range"
        elif (lead == "by" and b > 0) or " ".join(
            t.lower for t in tokens[max(0, b - 2) : b + 1]
        ) == "not later than":
            event, rule = "deadline", "deadline"
        elif lead == "since":
            thing = _phrase(view, _trailing_run(tokens[:b]))
            event = f"start {unit} of {thing}" if thing else f"start {unit}"
        elif a < len(tokens) and tokens[a].word and not tokens[a].capital and not tokens[a].verb \
                and tokens[a].lower not in CLOSED_WORDS:  # fmt: skip
            run = _leading_run(tokens[a:])  # "a 26 December 2019 ruling by the Court"
            event = f"{unit} of {_phrase(view, _measure_tokens(run))}" if run else None
            rest = tokens[a + len(run) :]
            if rest[:1] and rest[0].lower in ("by", "of") and (named := _leading_run(rest[1:])):
                if self._named(named):
                    reading.set("subject", _phrase(view, named), "name after the date's noun")
        elif lead in ("in", "of", "during") and noun_before:
            run = _trailing_run(
                tokens[:b_noun]
            )  # "the peak in 2022", "Britain's decision ... in 1973"
            owner = next((t for t in run if t.possessive and t.capital), None)
            if owner is not None:
                reading.set("subject", _phrase(view, [owner]), "possessive before the date")
                run = run[run.index(owner) + 1 :]
            if run and not self._named(run):
                event = f"{unit} of {_phrase(view, _measure_tokens(run))}"
        elif lead == "(" and b > 0:
            run = _trailing_run(
                tokens[:b], through_figures=True
            )  # "nine fiscal years (FY2027-FY2035)"
            if run and not _is_name(run):  # not a dateline: "WASHINGTON (May 25, 2023)"
                event = f"{unit} of {_phrase(view, run)}"
        if event is None and opens_clause:
            # "On April 23, 2026, the Senate adopted ...": what the clause after it says
            clause = tokens[a + 1 :]
            head = _leading_run(clause)
            verb = clause[len(head)] if len(head) < len(clause) else None
            if head and self._named(head):
                reading.set("subject", _phrase(view, head), "clause after the date")
            if verb is not None and verb.lower in LINK_VERBS:
                event, rule = f"reference {unit}", "a level stated at the date"
            elif head and verb is not None and verb.verb:
                rest = clause[len(head) :]
                cut = next(
                    (j for j, t in enumerate(rest) if t.text in ",.;:(" or t.dated), len(rest)
                )
                event = f"{unit} {_phrase(view, head)} {_phrase(view, rest[: min(cut, 6)])}"
        if event is None and lead == "on" and b > 0:
            at = next((j for j in range(b - 1, -1, -1) if tokens[j].verb), None)
            if at is not None:  # "... was introduced in the Senate on April 21, 2026"
                said = _phrase(view, [t for t in tokens[at:b] if t.lower not in LINK_VERBS])
                event = f"{unit} {said}" if said else None
        reading.set("measure", event, rule)
        reading.set("measure", unit, "date's precision")
        self._date_subject(figure, reading, tokens, event)

    def _date_subject(self, figure: Figure, reading: _Reading, tokens: list[_Token],
                      event: str | None) -> None:  # fmt: skip
        """Whose a date is: the figure it dates ("$967 in January": average weekly earnings
        of non-farm payroll employees), else the sentence's head, else what it dates; a
        common noun phrase is put with the document's subject ("Reserve Bank of
        Australia: headline inflation")."""
        for k in self._figures_in(tokens[0].start if tokens else figure.start, figure.start):
            dated = self.figures[k]
            if dated.kind != "date" and dated.end <= figure.start and self._attached(dated, figure):
                prior = self._read(k)
                if prior.rules.get("subject") not in DOCUMENT_RULES:
                    reading.set(
                        "subject", _join(prior.measure, prior.subject), "the figure it dates"
                    )
                    return
        head = _sentence_head(tokens)
        said = _phrase(self.view, head) if head else None
        if head and self._named(head):
            reading.set("subject", said, "sentence head (date)")
            return
        said = said or (event.split(" of ", 1)[1] if event and " of " in event else None)
        default = self._default_subject()
        if said and default:
            reading.set(
                "subject",
                f"{default}: {self._both_forms(said)}",
                "document subject and sentence head (date)",
            )
        else:
            reading.set("subject", said, "sentence head (date)")

    def _range_around(self, figure: Figure) -> _Stamp | None:
        """The range a date is an end of ("between 1985 and 2012"), if it is one."""
        own = self._own_period(figure)
        if (own is not None and "/" in own.iso) or not any(
            s.range_part for s in self.dates.within(figure.start, figure.end)
        ):
            return None  # "2010 to 2014" is the range itself
        k = bisect.bisect_right(self.dates.starts, figure.start) - 1
        while k >= 0:
            stamp = self.dates.stamps[k]
            if not stamp.range_part and stamp.start <= figure.start and figure.end <= stamp.end:
                return stamp
            if figure.start - stamp.start > 60:
                return None
            k -= 1
        return None

    # ---- periods in a sentence

    def _sentence_period(self, figure: Figure, reading: _Reading, zone: _Zone) -> None:
        """The period a sentence gives a figure: the date attached to it, else its zone's,
        else the sentence's nearest (never the base of a comparison, nor a deadline)."""
        if reading.period is not None:
            return
        tokens = zone.tokens
        if not tokens:
            return
        # "78.2% (82.2% in 2020, 79.8% in 2017)": a date in brackets the figure is not in
        # dates what the brackets say
        asides = [
            (a, b) for a, b in self._asides(tokens[0].start, tokens[-1].end)
            if not a <= figure.start < b
        ]  # fmt: skip
        stamps = [
            s for s in self.dates.within(tokens[0].start, tokens[-1].end)
            if not s.range_part and not (s.start < figure.end and figure.start < s.end)
            and not self._comparison_base(s) and not _within(s, asides)
        ]  # fmt: skip
        zone_start = tokens[zone.low].start if zone.low < len(tokens) else figure.start
        zone_end = tokens[zone.high - 1].end if 0 < zone.high <= len(tokens) else figure.end
        after = [
            s for s in stamps if figure.end <= s.start <= zone_end and self._attached(figure, s)
        ]
        inside = [s for s in stamps if zone_start <= s.start and s.end <= figure.start]
        if after:
            stamp, rule = after[0], "date after the figure"
        elif _is_duration(figure):
            return  # "a two and a half year block": a length of time, not a time
        elif inside:
            stamp, rule = inside[-1], "date before the figure"
        else:
            usable = [s for s in stamps if not self._deadline(s)]
            if not usable:
                return
            stamp = min(
                usable, key=lambda s: min(abs(s.start - figure.end), abs(figure.start - s.end))
            )
            rule = "date in the sentence"
        period = stamp.period
        # "increased 11-fold, to NZ$182 billion" between 1984 and 2006: the level at the end;
        # but a period named as one ("the financial year ending March 2016", "the June
        # quarter") is the time the level is of, not a stretch it changed over
        if (
            [t.lower for t in zone.before if t.text != ","] == ["to"]
            and "/" in period.iso
            and not any(
                named.search(self.view[stamp.start : stamp.end]) for named in _NAMED_PERIODS
            )
        ):
            if (end := _period_of(period.iso.partition("/")[2])) is not None:
                period, rule = end, "end of the period of a change"
        reading.set("period", period, rule)

    def _attached(self, figure: Figure, stamp: _Stamp | Figure) -> bool:
        """Whether a date after a figure belongs to it: in its clause, a few words on, and
        not a deadline ("4.1 per cent in September", "2.7 percent for the 12 months ...")."""
        between = self.view[figure.end : stamp.start]
        return (
            len(between.split()) <= ATTACHED_WORDS
            and not re.search(r"[,;:]", between)
            and not self._deadline(stamp)
            and not self._figure_between(figure.end, stamp.start)
        )

    def _asides(self, start: int, end: int) -> list[tuple[int, int]]:
        """The bracketed asides between two offsets that hold a figure of their own (not
        "3.5% (December 2007)", whose brackets hold the figure's date)."""
        if (start, end) not in self.aside_spans:  # read once a sentence: many figures ask
            self.aside_spans[start, end] = [
                (a, b) for a, b in _brackets(self.view, start, end) if self._figure_between(a, b)
            ]
        return self.aside_spans[start, end]

    def _words_before(self, stamp: _Stamp | Figure, count: int) -> list[str]:
        return self.view[max(0, stamp.start - 24) : stamp.start].lower().split()[-count:]

    def _comparison_base(self, stamp: _Stamp) -> bool:
        """A date a change is measured from ("up 1.8% from January 2016", "since 1986")."""
        return self._words_before(stamp, 1) in (["from"], ["than"], ["since"])

    def _deadline(self, stamp: _Stamp | Figure) -> bool:
        """A date a figure must be reached by ("by May 15, 2026", "not later than ...")."""
        words = self._words_before(stamp, 2)
        return words[-1:] in (["by"], ["before"]) or words == ["later", "than"]

    def _figure_between(self, start: int, end: int) -> bool:
        return any(
            self.figures[k].kind != "date" and self.figures[k].start >= start
            for k in self._figures_in(start, end)
        )

    # ---- surroundings

    def _read_surroundings(self, figure: Figure, reading: _Reading) -> None:
        """What the lead-in, the heading, the sentences before and the document say."""
        line = self._line_of(figure.start)
        dated = figure.kind != "date"  # a date is its own period
        if dated:
            reading.set("period", self._lead_in_before(self._item_start(line)), "lead-in date")
        heading = self._heading_above(line + 1 if line in self.heading_lines else line)
        if heading is not None and dated:
            reading.set("period", self._date_line_below(heading, line), "date line")
            stamps = self.dates.within(heading.start, heading.end)
            if stamps and heading.line != self.title_line:
                reading.set("period", stamps[-1].period, "heading date")
        if reading.period is None and dated and self._told_in_past(figure):
            reading.set(
                "period", self._earlier_period(figure, heading), "earlier sentence in the section"
            )
        if dated:
            reading.set("period", self.document_period, "document period")
        reading.set("subject", self.title_subject, "title")
        reading.set("measure", self.title_measure if dated else None, "title")
        reading.set("subject", self.publisher, "publisher")

    def _item_start(self, line: int) -> int:
        """The first line of the list item or paragraph a line belongs to."""
        return self._item_starts[line]

    @functools.cached_property
    def _item_starts(self) -> list[int]:
        """Each line's `_item_start`, found in one pass (walking back from every figure
        took the square of a paragraph's lines)."""
        starts: list[int] = []
        for n, line in enumerate(self.lines):
            joined = n > 0 and self.lines[n - 1].bare and not _BULLET_RE.match(line.text)
            starts.append(starts[-1] if joined else n)
        return starts

    def _told_in_past(self, figure: Figure) -> bool:
        """Whether a figure's sentence is told in the past: its first finite verb is past."""
        tokens = self._sentence_tokens(*self._sentence_of(figure))
        for k, token in enumerate(tokens):
            word = token.lower
            if word in PRESENT_MARKERS:
                return False
            if word in PAST_MARKERS:
                return True
            if token.word and not token.capital and len(word) > 4 and word.endswith("ed"):
                following = tokens[k + 1].lower if k + 1 < len(tokens) else ""
                preceding = tokens[k - 1].lower if k else ""
                if following in PREPOSITIONS or following in PRESENT_MARKERS | PAST_MARKERS:
                    continue  # a participle: "provisions related to", "population employed has"
                if preceding in DETERMINERS or preceding in LINK_VERBS:
                    continue  # an adjective, or a passive told by its verb "be"
                return True
        return False

    def _earlier_period(self, figure: Figure, heading: _Heading | None) -> _Period | None:
        """The period of the last sentence before a figure's, in its section, that has one:
        its last figure's period, else the span of the dates it writes."""
        start, _ = self._sentence_of(figure)
        floor = heading.end if heading is not None else 0
        k = bisect.bisect_right(self.sentence_starts, start - 1) - 1
        for _ in range(EARLIER_SENTENCES):
            if k < 0 or self.sentences[k][1] <= floor:
                break
            # only what stands before the figure's sentence, and not too much of it
            b = min(self.sentences[k][1], start)
            a = max(self.sentences[k][0], b - LONGEST_SENTENCE)
            # what the sentence says, not its asides ("(82.2% in 2020, 79.8% in 2017)")
            asides = self._asides(a, b)
            figures = [
                f for f in self._figures_in(a, b)
                if self.figures[f].kind != "date" and not _within(self.figures[f], asides)
            ]  # fmt: skip
            if figures and (period := self._read(figures[-1]).period) is not None:
                return period
            stamps = [
                s for s in self.dates.within(a, b)
                if not s.range_part and not self._comparison_base(s) and not self._deadline(s)
                and not _within(s, asides)
            ]  # fmt: skip
            if stamps:
                first = min(stamps, key=lambda s: s.period.first).period
                last = max(stamps, key=lambda s: s.period.last).period
                return _joined(first, last)
            k -= 1
        return None
