"""Frames: what each figure of a document is about, what it measures, and when.

A figure alone is a bare number. Its frame says who or what it is about (``subject``: a
place, a body, a population, an index), the quantity in words (``measure``: "average
weekly earnings", "unemployment rate", "number of amendments"; for a date, the event it
dates: "date of the ruling", "reference month") and the time it applies to (``period``:
an ISO date, an interval such as "2024-07/2024-09", or a fiscal year "FY2026").

`read_frames` reads them from the document's own structure, never from a list of a
document's words. Each field is looked for in the narrowest context first, and the first
context that says something wins:

1. The figure's place. A table cell takes its row's label as subject, its column's header
   as measure and a date of the header or of the row label as period (markdown pipe
   tables, header lines wrapped or not, and tables written as text, "Region  value  value",
   columns apart by two spaces). A figure in a heading line takes the rest of the line.
   A short line holding only a figure (an indicator box) takes the heading above it and
   a caption line in parentheses below it ("(12-month change)").
2. The sentence, cut at the other figures and at semicolons into one zone per figure:
   a name right before the figure's parentheses ("Waikato (7.5 percent)"); a possessive
   ("Auckland's contribution ... 37.9 percent"); the noun phrase before the words that
   link it to the figure ("the unemployment rate was 4.1 per cent"), with "M of <plural
   noun>" split into measure and population; "x for A" / "x in A" after the figure; a
   change ("A rose x%": A is the subject and the measure is the change in A; "to y" after
   it is A's new level); a share ("x% of GDP"); a count's unit ("16 amendments": number
   of amendments). A figure of a list that says none of these shares the one before it
   ("followed by Marlborough at $65,084").
3. The document around the sentence: the lead-in line ending in ":" above a list or a
   table, the heading above (a heading "Measure — Subject" is split in two), the title
   (its name: "Economy of New Zealand" is about New Zealand; a title that is not a name
   is the document's measure), and the publisher, who is the document's default subject.

Periods follow the same order: a date figure is its own period; else the date attached
to the figure in its zone ("4.1 per cent in September"), then any date of the sentence
that is not the base of a comparison ("up 1.8% from January 2016" is measured in January
2017, not from it), then the lead-in's, the table's, a date line under the heading, a
heading's date, then for a sentence told in the past the last date written before it in
its section ("The cuts ... were estimated to reduce revenue by $2.46 billion", after "The
2010 budget"), then the document's reference period: the date standing apart at the end
of its title or of a heading at its top ("Payroll employment, earnings and hours, January
2017"; "Regional gross domestic product: Year ended March 2018"). Periods are read from
the words: "the 12 months ending July", "over the last 12 months" and "over the month"
(reckoned back from the document's reference month), "year ended March 2018" (April to
March), "the September quarter", "between 1985 and 2012", "2022–23", "FY2026-FY2035",
"the 1970s", "today" (the publication date). A year written alone inside a document that
reports a year ended in another month than December ("In 2018", in a release on the year
ended March 2018) is that year.

Every regular expression here runs in linear time (no nested quantifiers that can
backtrack), and a document is read once into lines, headings, tables, sentences and
dates, so a 10,000-word document is framed in a fraction of a second.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from factcli.data.readers import UnreadableText, read_date, read_statistic
from factcli.data.values import (
    MONTH_NAMES,
    DateInterval,
    FiscalYear,
    Kind,
    PartialDate,
    Quantity,
    Value,
    date_from_iso,
)
from factcli.extract.sentences import split_sentences

__all__ = ["DocumentInfo", "Figure", "Frame", "FrameReading", "explain_frames", "read_frames"]


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class Figure:
    """A figure found in a document: its kind, where it stands, its words and its value.

    ``value`` is the value read (a `factcli.data.values` value) or its machine text
    ("2017-01", "FY2026/FY2035", "0.018"); only a date's value is used, as its period.
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


def explain_frames(
    text: str, figures: Sequence[Figure], info: DocumentInfo
) -> list[FrameReading]:
    """The frame of each figure, with the name of the rule that gave each field."""
    document = _Document(text, figures, info)
    for n in document.order:  # in reading order: a figure may look back at earlier ones
        document.frame(n)
    return [document.frame(n) for n in range(len(figures))]


# --------------------------------------------------------------------------- words

# English closed classes: how a phrase is cut, never what a document is about.
DETERMINERS = frozenset(
    "the a an this that these those its their his her our your each every all both some any "
    "no another such".split()
)
LINK_VERBS = frozenset(
    "is are was were be been being am remains remained remain stood stands stand reached "
    "reaches reaching totalled totaled totals totalling amounted amounts averaged averaging "
    "sitting sat stayed stays held holds hit came comes equalled equals represented "
    "represents unchanged estimated".split()
)
CHANGE_VERBS = frozenset(
    "rose rise rises risen rising grew grow grows grown growing increased increases "
    "increasing decreased decreases decreasing declined declines declining fell fall falls "
    "fallen falling dropped drops dropping climbed climbs jumped jumps gained gains lost "
    "slipped dipped eased eases expanded expands contracted shrank shrunk raised reduced "
    "cut cuts exceeded exceeds".split()
)
# The noun of each change verb, for a measure: "rose 0.2 percent" is a percent change.
CHANGE_NOUNS = {"grew": "growth", "grow": "growth", "grows": "growth", "growing": "growth",
                "expanded": "expansion", "expands": "expansion"}  # fmt: skip
OTHER_VERBS = frozenset(
    "had has have having show shows showed shown made makes make include includes included "
    "including received receive paid pay pays spend spends spent predicted announced reported "
    "ranked ranks gave give gives gets got took take takes sent send sends contributed "
    "contributes overtook followed according say says said will would can could may might "
    "must shall should do does did began begin begins continued continues started starts "
    "led leads".split()
)
# The finite verbs that tell a sentence's tense (a participle's "-ed" is read apart).
PRESENT_MARKERS = frozenset(
    "is are has have does do will would can may might must shall should remains remain".split()
)
PAST_MARKERS = frozenset(
    "was were had did gave rose fell grew took made came went sent led held began became saw "
    "got paid spent stood brought bought sold told found left lost met ran won wrote overtook "
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
    "like including versus amid despite around".split()
)
# Words joined to a figure that say nothing of what it measures ("was", "at", "to").
LINK_WORDS = LINK_VERBS | frozenset(
    "at to of by about around approximately nearly some over under than with between from "
    "up down only just roughly almost more less".split()
)
# Words of a period that come with a figure's unit ("19 years", "three months").
TIME_UNITS = frozenset("year years month months week weeks day days quarter quarters".split())
# Noun phrase words that are rank, not measure ("the largest percentage increase").
_SUPERLATIVE = re.compile(r"(?:largest|highest|lowest|smallest|biggest|greatest|least|most)$")
_FOLLOWING_MONTHS = {"March": 3, "June": 6, "September": 9, "December": 12}

# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class _Period:
    """A period: the text the dataset writes and its first and last day."""

    iso: str
    first: date
    last: date
    bare_year: bool = False


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


def _months_ending(year: int, month: int, count: int) -> _Period:
    """The ``count`` months that end with a month: the 12 months ending July 2025."""
    first_index = year * 12 + month - 1 - (count - 1)
    first = PartialDate(first_index // 12, first_index % 12 + 1)
    last = PartialDate(year, month)
    if count == 1:
        return _period_of(last)  # type: ignore[return-value]  # a PartialDate always reads
    return _period_of(DateInterval(first, last))  # type: ignore[return-value]


def _march_year(period: _Period, reference: _Period | None) -> _Period:
    """A year written alone in a document that reports years ending in another month."""
    if (
        period.bare_year
        and reference is not None
        and reference.last.year == period.first.year
        and reference.last.month != 12
        and (reference.last - reference.first).days > 300
    ):
        return _Period(reference.iso, reference.first, reference.last)
    return period


_MONTH_WORDS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
_MONTH_WORDS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)})
_MONTH_WORDS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|"
_MONTH += r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
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
_RELATIVE_RE = re.compile(  # "over the last 12 months", "over the month", "over the year"
    rf"\b(?:over|in|during|for)\s+the\s+(?:(?:last|past|latest|previous)\s+)?"
    rf"(?:(?P<count>{_COUNT})\s+months|(?P<unit>month|year))\b",
    re.IGNORECASE,
)
_QUARTER_RE = re.compile(rf"\b(?P<month>March|June|September|December)\s+quarter(?:\s+(?P<year>{_YEAR}))?\b")
_YEARS_RE = re.compile(  # "between 1985 and 2012", "from 1976 to 1978"
    rf"\b(?:[Bb]etween|[Ff]rom)\s+(?P<first>{_YEAR})\s+(?:and|to|through|until|[-–])\s+"
    rf"(?P<last>{_YEAR})\b"
)
_FISCAL_RANGE_RE = re.compile(
    r"\b(?:FY|[Ff]iscal\s+[Yy]ears?)\s?(?P<first>\d{4})\s*(?:[-–—]|to|through)\s*"
    r"(?:FY\s?)?(?P<last>\d{4})\b"
)
_FISCAL_RE = re.compile(r"\b(?:FY|[Ff]iscal\s+[Yy]ear)\s*(?P<year>\d{4})\b")
_SHORT_RANGE_RE = re.compile(rf"\b(?P<first>{_YEAR})\s?[–-]\s?(?P<last>\d\d)\b(?![\d,.]\d)")
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
    """Every period the text writes, found once, in order."""

    def __init__(
        self,
        text: str,
        figures: Sequence[Figure],
        reference: PartialDate | None,
        relative_to: _Period | None,
        published: PartialDate | None,
    ) -> None:
        self.text = text
        self.reference = reference
        covered = bytearray(len(text))
        stamps: list[_Stamp] = []

        def take(start: int, end: int, period: _Period | None, range_part: bool = False) -> None:
            if period is None or any(covered[start:end]):
                return
            covered[start:end] = b"\x01" * (end - start)
            stamps.append(_Stamp(start, end, period, range_part))

        for match in _SPAN_RE.finditer(text):
            take(match.start(), match.end(), self._span(match))
        for match in _QUARTER_RE.finditer(text):
            take(match.start(), match.end(), self._quarter(match))
        for match in _RELATIVE_RE.finditer(text):
            take(match.start(), match.end(), self._relative(match, relative_to))
        for match in _FISCAL_RANGE_RE.finditer(text):
            take(match.start(), match.end(), _period_of(f"FY{match['first']}/FY{match['last']}"))
        for match in _YEARS_RE.finditer(text):
            take(match.start(), match.end(), _period_of(f"{match['first']}/{match['last']}"))
            for name in ("first", "last"):  # each year is a date figure of its own too
                stamps.append(_Stamp(match.start(name), match.end(name),
                                     _period_of(match[name]), True))  # type: ignore[arg-type]  # fmt: skip
        for match in _FISCAL_RE.finditer(text):
            take(match.start(), match.end(), _period_of(f"FY{match['year']}"))
        for match in _SHORT_RANGE_RE.finditer(text):
            last = int(match["first"][:2] + match["last"])
            if last > int(match["first"]):
                take(match.start(), match.end(), _period_of(f"{match['first']}/{last}"))
        for match in _DECADE_RE.finditer(text):
            decade = int(match["decade"])
            take(match.start(), match.end(), _period_of(f"{decade}/{decade + 9}"))
        for match in _DATE_RE.finditer(text):
            if match[0][:1].islower() and not match[0][:1].isdigit():
                if not re.match(r"(?:early|mid|late)", match[0]):
                    continue  # "may", "march": words, not months
            take(match.start(), match.end(), self._date(match[0]))
        for match in _SAME_RE.finditer(text):
            earlier = [s for s in stamps if s.end <= match.start() and not s.range_part]
            if earlier:
                take(match.start(), match.end(), max(earlier, key=lambda s: s.start).period)
        if published is not None:
            for match in _TODAY_RE.finditer(text):
                take(match.start(), match.end(), _period_of(published))
        for figure in figures:
            if figure.kind == "date":
                self._place_figure(figure, stamps)
        stamps.sort(key=lambda s: (s.start, -s.end))
        self.stamps = stamps
        self.starts = [s.start for s in stamps]

    def _place_figure(self, figure: Figure, stamps: list[_Stamp]) -> None:
        """A date figure's own value replaces what the scan read at its place."""
        period = _period_of(figure.value) or self._date(figure.text)
        if period is None:
            return
        inside = [s for s in stamps if figure.start <= s.start and s.end <= figure.end]
        around = [s for s in stamps if s.start <= figure.start and figure.end <= s.end]
        if around and not inside:
            return  # a construct around the figure: "the 12 months ending July"
        for stamp in inside:
            stamps.remove(stamp)
        range_part = any(s.range_part for s in inside)
        stamps.append(_Stamp(figure.start, figure.end, period, range_part))

    def _date(self, words: str) -> _Period | None:
        try:
            return _period_of(read_date(" ".join(words.split()), self.reference))
        except (UnreadableText, ValueError):
            return None

    def _year_of(self, month: int, written: str | None) -> int | None:
        if written:
            return int(written)
        if self.reference is None:
            return None
        year = self.reference.year
        # the latest such month not after the reference month
        return year if month <= (self.reference.month or 12) else year - 1

    def _span(self, match: re.Match[str]) -> _Period | None:
        month = _MONTH_WORDS.get(match["month"].lower().rstrip(".")[:4].rstrip("t")) or \
            _MONTH_WORDS.get(match["month"].lower()[:3])  # fmt: skip
        if month is None:
            return None
        year = self._year_of(month, match["year"])
        if year is None:
            return None
        if match["quarter"]:
            return _months_ending(year, month, 3)
        count = 12 if match["year_word"] else _count(match["count"])
        return _months_ending(year, month, count) if count else None

    def _quarter(self, match: re.Match[str]) -> _Period | None:
        month = _FOLLOWING_MONTHS[match["month"]]
        year = self._year_of(month, match["year"])
        return _months_ending(year, month, 3) if year else None

    def _relative(self, match: re.Match[str], relative_to: _Period | None) -> _Period | None:
        if relative_to is None or relative_to.first.month == relative_to.last.month - 0 and False:
            return None
        if relative_to is None:
            return None
        last = relative_to.last
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

    def before(self, end: int, floor: int) -> list[_Stamp]:
        """The periods written between ``floor`` and ``end``, nearest first."""
        return list(reversed(self.within(floor, end)))


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


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


_MD_HEADING_RE = re.compile(r"#{1,6}\s+")
_UNDERLINE_RE = re.compile(r"\s*(?:=+|-+)\s*")
_SEPARATOR_RE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*")
_BULLET_RE = re.compile(r"\s*(?:[-•*–]\s|\d{1,2}[.)]\s)")
_GAP_RE = re.compile(r"\t|\s{2,}")
_UNIT_LINE_RE = re.compile(
    r"\(?\s*(?:in\s+)?(?:thousands|millions|billions|trillions)(?:\s+of\s+[\w$ ]+)?\s*\)?",
    re.IGNORECASE,
)
_FINAL_PUNCTUATION = ".,;:!?"
# A line may end in an abbreviation's full stop and still be a heading ("... — N.L.", "Que.").
_ABBREVIATED_END = re.compile(r"(?:\b[A-Z]\.[A-Z.]*|\b[A-Z][a-z]{1,3}\.)$")
HEADING_WORDS = 14
HEADING_CHARS = 100
# How many words may stand between a figure and the date it is of ("0.2 percent on a
# seasonally adjusted basis in July").
ATTACHED_WORDS = 8
# A prose cell of a table row (a footnote's text) is read as a sentence.
CELL_WORDS = 12


def _lines(text: str) -> list[_Line]:
    lines, start = [], 0
    for piece in text.split("\n"):
        lines.append(_Line(start, start + len(piece), piece))
        start += len(piece) + 1
    return lines


def _wrap_width(lines: Sequence[_Line]) -> int | None:
    """The width a hard-wrapped text was wrapped at (as sentences.py reads it), or None."""
    lengths = sorted((len(line.text.rstrip()) for line in lines), reverse=True)
    # the longest length that three lines come within a few characters of (a table's rule
    # or a URL may run longer than the width a text was wrapped at)
    for k in range(len(lengths) - 2):
        if lengths[k + 2] >= lengths[k] - 3:
            width = lengths[k]
            return width if 40 <= width <= 130 else None
    return None


# --------------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(r"[^\W_](?:[\w’'.\-/&]*[\w’'])?|[^\w\s]")
_POSSESSIVE_RE = re.compile(r"(?P<name>.+?)[’']s?$")
_MARKUP_RE = re.compile(r"\[(?P<label>[^\]\n]{0,200})\]\([^)\s]{0,500}\)|\*\*|__|\^|\\")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalpha()


def _clean_view(text: str) -> str:
    """The text with markdown marks blanked out, offsets unchanged."""

    def blank(match: re.Match[str]) -> str:
        label = match["label"]
        if label is None:
            return " " * len(match[0])
        return " " + label + " " * (len(match[0]) - len(label) - 1)

    return _MARKUP_RE.sub(blank, text)


def _phrase(text: str, tokens: Sequence[_Token]) -> str | None:
    """The words of a run of tokens as the text writes them, tidied for a frame."""
    while tokens and (tokens[0].lower in DETERMINERS or not tokens[0].text[:1].isalnum()):
        tokens = tokens[1:]
    while tokens and not tokens[-1].text[:1].isalnum() and tokens[-1].text not in ")":
        tokens = tokens[:-1]
    if not tokens:
        return None
    words = " ".join(text[tokens[0].start : tokens[-1].end].split())
    words = words.replace("( ", "(").replace(" )", ")")
    if words.count("(") != words.count(")"):
        words = words.replace("(", "").replace(")", "")
    return _possessive_free(words) or None


def _possessive_free(words: str) -> str:
    if words.endswith(("’s", "'s")):
        return words[:-2]
    return words


def _is_name(tokens: Sequence[_Token]) -> bool:
    """Whether every content word of a run is capitalized (a proper name)."""
    content = [t for t in tokens if t.word and t.lower not in DETERMINERS | PREPOSITIONS | CONJUNCTIONS]
    return bool(content) and all(t.capital for t in content)


def _is_verb(token: _Token, following: _Token | None) -> bool:
    word = token.lower
    if word in LINK_VERBS or word in CHANGE_VERBS or word in OTHER_VERBS:
        return True
    if not token.word or token.capital or not word.endswith("ed") or len(word) < 5:
        return False
    # a participle inside a noun phrase: "the interest rate paid on ..."
    return following is None or following.lower not in INNER_PREPOSITIONS


# --------------------------------------------------------------------------- the document


@dataclass
class _Place:
    """What the surroundings of a figure say (before its sentence is read)."""

    subject: str | None = None
    measure: str | None = None
    period: _Period | None = None
    subject_rule: str = ""
    measure_rule: str = ""
    period_rule: str = ""
    sentence: tuple[int, int] | None = None  # the prose the figure is read in


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
        self.title_line = self._title_line()
        self.headings = self._headings()
        self.heading_lines = {h.line: h for h in self.headings}
        self.tables = self._tables()
        self.sentences = [(s.start, s.end) for s in split_sentences(text)]
        self.sentence_starts = [s for s, _ in self.sentences]
        # The document's reference period: the date apart at the end of its title, or of a
        # heading at its top; from it "over the month" and "the last 12 months" are reckoned.
        published = info.published
        first_dates = _Dates(text[:0], [], published, None, None)
        self.reference = self._reference_period(first_dates)
        reading_date = published or (
            PartialDate(self.reference.last.year, self.reference.last.month)
            if self.reference else None
        )  # fmt: skip
        self.dates = _Dates(text, figures, reading_date, self.reference, published)
        if self.reference is None:
            self.reference = self._reference_in_text()
        self.title_subject, self.title_measure = self._title_frame()
        self.publisher = _publisher(info.publisher)
        self.readings: dict[int, _Reading] = {}

    # ---- layout

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

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
            bare = line.bare
            if not bare:
                continue
            lead = len(line.text) - len(line.text.lstrip())
            if match := _MD_HEADING_RE.match(bare):
                level = match.end() - len(match[0].lstrip("#")) if False else len(bare) - len(bare.lstrip("#"))
                found.append(_Heading(n, line.start + lead + match.end(), line.start + len(line.text.rstrip()), bare[match.end():], level))
                continue
            following = self.lines[n + 1].bare if n + 1 < len(self.lines) else ""
            if following and _UNDERLINE_RE.fullmatch(following) and len(following) >= 3:
                level = 1 if following.startswith("=") else 2
                if not (level == 2 and "|" in bare):
                    found.append(_Heading(n, line.start + lead, line.start + len(line.text.rstrip()), bare, level))
                    continue
            if self._plain_heading(n):
                found.append(_Heading(n, line.start + lead, line.start + len(line.text.rstrip()), bare, 7))
        return found

    def _plain_heading(self, n: int) -> bool:
        """A short line standing alone, without final punctuation: a heading or a caption."""
        line = self.lines[n]
        bare = self.view[line.start : line.end].strip()
        if not bare:
            return False
        last_word = bare.split()[-1].lower()
        if (
            len(bare) > HEADING_CHARS
            or last_word in PREPOSITIONS | DETERMINERS | CONJUNCTIONS
            or (self.width and len(bare) >= 0.8 * self.width)
            or len(bare.split()) > HEADING_WORDS
            or (bare[-1] in _FINAL_PUNCTUATION and not _ABBREVIATED_END.search(bare))
            or not (bare[0].isupper() or bare[0] == "*")
            or "|" in bare
            or _BULLET_RE.match(bare)
            or _UNDERLINE_RE.fullmatch(bare)
        ):
            return False
        if not re.search(r"[A-Za-z]{3,}", bare):
            return False
        previous = self.lines[n - 1].bare if n else ""
        following = self.lines[n + 1].bare if n + 1 < len(self.lines) else ""
        if following[:1].islower():
            return False  # a wrapped line of prose goes on below
        if previous and previous[-1] not in _FINAL_PUNCTUATION + ")" and self.width:
            if len(previous) >= 0.7 * self.width:
                return False  # the tail of a wrapped paragraph
        return True

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
                while end + 1 < len(self.lines) and len(_GAP_RE.split(self.lines[end + 1].bare)) >= 2:
                    end += 1
                if end > n and (table := self._spaced_table(n, end)):
                    tables.append(table)
                n = end + 1
                continue
            n += 1
        return tables

    def _separator_below(self, n: int) -> bool:
        for line in self.lines[n : n + 3]:
            if _SEPARATOR_RE.fullmatch(line.text):
                return True
        return False

    def _cells(self, start: int, end: int) -> list[tuple[int, int]]:
        """The cells of a row of a pipe table: (start, end) of each cell's text."""
        cells = []
        position = start
        for piece in self.text[start:end].split("|"):
            inner = piece.strip()
            if inner:
                lead = len(piece) - len(piece.lstrip())
                cells.append((position + lead, position + lead + len(inner)))
            elif cells or position > start:
                cells.append((position, position))
            position += len(piece) + 1
        # a row's leading pipe makes an empty first piece; a trailing one an empty last
        while cells and cells[-1][0] == cells[-1][1]:
            cells.pop()
        if self.text[start:end].lstrip().startswith("|") and cells and cells[0][0] == cells[0][1]:
            cells.pop(0)
        return cells

    def _pipe_table(self, first: int, last: int) -> _Table | None:
        lines = self.lines[first : last + 1]
        separator = next((k for k, line in enumerate(lines) if _SEPARATOR_RE.fullmatch(line.text)), None)
        if separator is not None:
            header = self._cells(lines[0].start, lines[separator - 1].end) if separator else []
            body = lines[separator + 1 :]
        else:
            header_lines = []
            for line in lines:
                cells = self._cells(line.start, line.end)
                if any(re.search(r"\d", self.text[a:b]) and not self._has_letters(a, b) for a, b in cells):
                    break
                header_lines.append(line)
            body = lines[len(header_lines) :]
            header = self._cells(header_lines[-1].start, header_lines[-1].end) if header_lines else []
        rows = [self._cells(line.start, line.end) for line in body if line.bare]
        if not rows:
            return None
        table = _Table(lines[0].start, lines[-1].end, header, rows)
        table.groups = self._groups(header)
        table.caption = self._caption(first)
        return table

    def _has_letters(self, start: int, end: int) -> bool:
        return bool(re.search(r"[A-Za-z]{2,}", self.view[start:end]))

    def _groups(self, header: list[tuple[int, int]]) -> int:
        names = [" ".join(self.text[a:b].split()).lower() for a, b in header]
        for size in range(1, len(names) // 2 + 1):
            if len(names) % size == 0 and names == names[:size] * (len(names) // size):
                return len(names) // size
        return 1

    def _spaced_table(self, first: int, last: int) -> _Table | None:
        """A table written as text: columns apart by two spaces or a tab."""
        def cells(line: _Line) -> list[tuple[int, int]]:
            found, offset = [], line.start
            for match in re.finditer(r"\S+(?: \S+)*", line.text):
                found.append((offset + match.start(), offset + match.end()))
            return found

        rows = [cells(line) for line in self.lines[first : last + 1]]
        numeric = [any(re.fullmatch(r"[-+−]?[$€£]?[\d.,]+%?", self.text[a:b]) for a, b in row[1:]) for row in rows]
        if sum(numeric) < 2 and not (sum(numeric) >= 1 and not numeric[0]):
            return None
        header = rows[0] if not numeric[0] else []
        body = rows[1:] if not numeric[0] else rows
        table = _Table(self.lines[first].start, self.lines[last].end, header, body)
        table.caption = self._caption(first)
        return table

    def _caption(self, first: int) -> _Heading | None:
        """The heading just above a table (unit lines such as "In Millions of Dollars" skipped)."""
        for n in range(first - 1, max(-1, first - 6), -1):
            heading = self.heading_lines.get(n)
            if heading and not _UNIT_LINE_RE.fullmatch(heading.text):
                return heading
            if self.lines[n].bare and not heading:
                return None
        return None

    def _table_at(self, offset: int) -> tuple[_Table, int, int] | None:
        """The table, row and column of a figure inside a table cell (row -1: the header)."""
        for table in self.tables:
            if table.start <= offset <= table.end:
                for column, (a, b) in enumerate(table.header):
                    if a <= offset < b:
                        return table, -1, column
                for row_index, row in enumerate(table.rows):
                    for column, (a, b) in enumerate(row):
                        if a <= offset < b:
                            return table, row_index, column
        return None

    # ---- the document's own frame

    def _standalone_date(self, start: int, end: int, dates: _Dates) -> _Period | None:
        """A date standing apart at the end of a line: ", January 2017", ": Year ended ..."."""
        stamps = dates.within(start, end)
        if not stamps:
            return None
        stamp = stamps[-1]
        before = self.text[start : stamp.start].rstrip()
        after = self.text[stamp.end : end].strip()
        after = re.sub(r"\([^()]*\)$", "", after).strip()
        apart = not before or before[-1] in ",:–—-(|" or before.endswith((" Date", " date"))
        return stamp.period if apart and after in ("", ")") else None

    def _reference_period(self, _: _Dates) -> _Period | None:
        title = self.info.title or ""
        if not title:
            return None
        dates = _Dates(title, [], self.info.published, None, None)
        return self._standalone_title_date(title, dates)

    def _standalone_title_date(self, title: str, dates: _Dates) -> _Period | None:
        stamps = dates.within(0, len(title))
        for stamp in reversed(stamps):
            before = title[: stamp.start].rstrip()
            after = re.sub(r"\([^()]*\)$", "", title[stamp.end :]).strip()
            if before and before[-1] in ",:–—-(" and after in ("", ")"):
                return stamp.period
        return None

    def _reference_in_text(self) -> _Period | None:
        """Without a title's date: a date apart at the end of a heading in the first lines."""
        for heading in self.headings:
            if heading.line > 12:
                break
            if period := self._standalone_date(heading.start, heading.end, self.dates):
                return period
        return None

    def _title_frame(self) -> tuple[str | None, str | None]:
        """The document's subject (a title that names something) or measure (one that does not)."""
        title = self.info.title
        if not title:
            return None, None
        if self.reference is not None:
            dates = _Dates(title, [], self.info.published, None, None)
            stamps = dates.within(0, len(title))
            if stamps:
                title = title[: stamps[-1].start].rstrip(" ,:–—-(")
        head = re.split(r"\s+[–—-]\s+|:\s|\s\(", title)[0].strip()
        if not head or re.search(r"\bby\b", head):
            return None, None
        tokens = [_Token(m.start(), m.end(), m[0]) for m in _TOKEN_RE.finditer(head)]
        if (of := next((k for k, t in enumerate(tokens) if t.lower == "of"), None)) is not None:
            named = tokens[of + 1 :]
            if named and _is_name(named):
                return _phrase(head, named), None
        if _is_name(tokens):
            return head, None
        if len(tokens) <= 8 and not any(_is_verb(t, None) for t in tokens):
            return None, head
        return None, None

    # ---- one figure

    def frame(self, n: int) -> FrameReading:
        figure = self.figures[n]
        reading = self._read(n)
        period, period_rule = reading.period, reading.rules.get("period", "none")
        if figure.kind == "date" and (own := _period_of(figure.value) or self.dates._date(figure.text)):
            period, period_rule = own, "own value"
        in_range = any(s.range_part for s in self.dates.within(figure.start, figure.end))
        if period is not None and period.bare_year and not in_range:
            refined = _march_year(period, self._context_period(figure))
            if refined != period:
                period, period_rule = refined, f"{period_rule}, a year ended in another month"
        frame = Frame(reading.subject, reading.measure, period.iso if period else None)
        return FrameReading(
            frame,
            reading.rules.get("subject", "none"),
            reading.rules.get("measure", "none"),
            period_rule,
        )

    def _context_period(self, figure: Figure) -> _Period | None:
        """The period of the list or table a figure stands in, else the document's."""
        if (cell := self._table_at(figure.start)) is not None:
            if period := self._table_period(cell[0]):
                return period
        line = self._line_of(figure.start)
        return self._lead_in_before(self._item_start(line)) or self.reference

    def _read(self, n: int) -> _Reading:
        if n in self.readings:
            return self.readings[n]
        figure = self.figures[n]
        reading = _Reading()
        self.readings[n] = reading
        if (cell := self._table_at(figure.start)) is not None:
            self._read_cell(figure, reading, *cell)
        line = self._line_of(figure.start)
        if self._box_line(figure, line) and line != self.title_line:
            self._read_box(figure, reading, line)
        elif line in self.heading_lines or line == self.title_line:
            self._read_heading_line(figure, reading, line)
        if cell is None or len(self.text[figure.start : figure.end].split()) > CELL_WORDS:
            self._read_sentence(n, figure, reading)
        self._read_surroundings(figure, reading)
        return reading

    # ---- tables

    def _read_cell(self, figure: Figure, reading: _Reading, table: _Table, row: int, column: int) -> None:
        text = self.view
        header_text = self._header_text(table, column)
        header_period = self._period_in(table.header[column]) if column < len(table.header) else None
        if row == -1:  # a date in a column's header: the year of that column
            words = _strip_dates_units(header_text)
            reading.set("measure", f"{_unit_of(figure, self.dates)} of {words}" if words else None, "table header date")
            reading.set("subject", self._table_subject(table), "table caption")
            return
        cells = table.rows[row]
        if len(cells[0:1]) and len(self.text[cells[column][0]:cells[column][1]].split()) > CELL_WORDS:
            return
        label_column = self._label_column(table, column, len(cells))
        label = cells[label_column] if label_column < len(cells) else None
        label_text = text[label[0] : label[1]] if label else ""
        label_period = self._period_in(label) if label else None
        fiscal_column = "fiscal" in self._header_text(table, label_column).lower()
        if label_period and fiscal_column and label_period.bare_year:
            label_period = _period_of(f"FY{label_period.first.year}")
        if column == label_column:
            if figure.kind == "date":
                reading.set("measure", _tidy(self._header_text(table, label_column)) or None, "table label header")
                reading.set("subject", self._table_subject(table), "table caption")
            return
        if label_period is None:
            reading.set("subject", _tidy(_strip_notes(label_text)) or None, "table row label")
        else:
            reading.set("subject", self._table_subject(table), "table caption")
        words = _strip_dates_units(header_text)
        others = [
            _tidy(text[a:b]) for k, (a, b) in enumerate(cells)
            if k not in (column, label_column) and self._has_letters(a, b)
            and not re.search(r"\d", text[a:b]) and self._group(table, k, len(cells)) == self._group(table, column, len(cells))
        ]  # fmt: skip
        measure = ", ".join(w for w in [words, *others] if w)
        reading.set("measure", measure or None, "table column header")
        reading.set("period", header_period, "table column header date")
        reading.set("period", label_period, "table row label date")
        reading.set("period", self._table_period(table), "table period")

    def _header_text(self, table: _Table, column: int) -> str:
        if column >= len(table.header):
            return ""
        a, b = table.header[column]
        return " ".join(self.view[a:b].split())

    def _group(self, table: _Table, column: int, width: int) -> int:
        size = max(1, width // table.groups) if table.groups > 1 and width % table.groups == 0 else width
        return column // size

    def _label_column(self, table: _Table, column: int, width: int) -> int:
        if table.groups > 1 and width % table.groups == 0:
            size = width // table.groups
            return (column // size) * size
        return 0

    def _period_in(self, cell: tuple[int, int]) -> _Period | None:
        stamps = self.dates.within(*cell)
        return stamps[-1].period if stamps else None

    def _table_subject(self, table: _Table) -> str | None:
        if table.caption:
            tokens = self._tokens(table.caption.start, table.caption.end)
            named = _name_after_preposition(tokens)
            if named:
                return _phrase(self.view, named)
        return None

    def _table_period(self, table: _Table) -> _Period | None:
        lead_in = self._lead_in_before(self._line_of(table.start))
        if lead_in is not None:
            return lead_in
        if table.caption:
            stamps = self.dates.within(table.caption.start, table.caption.end)
            if stamps:
                return stamps[-1].period
        # a header that names one period, whatever the column: the table's period
        periods = {self._period_in(cell) for cell in table.header} - {None}
        return periods.pop() if len(periods) == 1 else None

    def _lead_in_before(self, line: int) -> _Period | None:
        """The period of the line ending in ':' that introduces a list or table at ``line``."""
        n = line - 1
        while n >= 0 and (not self.lines[n].bare or _BULLET_RE.match(self.lines[n].text)
                          or "|" in self.lines[n].text or self.lines[n].bare.startswith("-")):
            n -= 1
        if n < 0 or not self.lines[n].bare.endswith(":"):
            return None
        start = self.lines[n].start
        # a lead-in may be wrapped over several lines: back to its sentence's start
        k = bisect.bisect_right(self.sentence_starts, start) - 1
        if k >= 0:
            start = min(start, self.sentences[k][0])
        stamps = self.dates.within(start, self.lines[n].end)
        return stamps[-1].period if stamps else None

    # ---- headings, boxes

    def _read_heading_line(self, figure: Figure, reading: _Reading, line: int) -> None:
        """A figure in a heading or the title line: the rest of the line frames it."""
        bare = self.lines[line]
        rest = (self.view[bare.start : figure.start] + " " + self.view[figure.end : bare.end])
        rest = _strip_dates_units(re.sub(r"\s+[–—-]\s*$|^\s*[–—-]\s+", "", rest.strip()))
        rest = rest.strip(" :,–—-")
        if figure.kind == "date":
            label = re.fullmatch(r"([A-Z][\w ]{0,30}?):?", rest or "")
            if label and len(rest.split()) <= 2:
                reading.set("measure", _date_label(label[1]), "heading label")
                return
            reading.set("subject", rest or None, "heading line")
            reading.set("measure", f"reference {_unit_of(figure, self.dates)}", "heading line date")
            return
        subject, measure = _split_heading(rest)
        reading.set("subject", subject, "heading line")
        reading.set("measure", measure, "heading line")

    def _box_line(self, figure: Figure, line: int) -> bool:
        """A short line that holds the figure and little else (an indicator box)."""
        words = self.lines[line].bare.split()
        if figure.kind == "date":
            return bool(self.lines[line].bare) and len(words) <= 4 and self._only_date(line)
        return 0 < len(words) <= 4 and self.text[figure.start : figure.end].strip() in self.lines[line].bare

    def _only_date(self, line: int) -> bool:
        ln = self.lines[line]
        stamps = self.dates.within(ln.start, ln.end)
        covered = sum(s.end - s.start for s in stamps)
        return bool(stamps) and covered >= len(ln.bare) - 1

    def _read_box(self, figure: Figure, reading: _Reading, line: int) -> None:
        heading = self._heading_above(line, 8)
        if heading is None:
            return
        subject, measure = _split_heading(_strip_dates_units(heading.text))
        if figure.kind == "date":
            reading.set("subject", _join(measure, subject), "box heading")
            reading.set("measure", f"reference {_unit_of(figure, self.dates)}", "box date line")
            return
        caption = self._caption_below(line)
        reading.set("subject", subject, "box heading")
        reading.set("measure", _join(measure, caption), "box heading")
        for n in range(line - 1, heading.line, -1):
            if self._only_date(n):
                stamps = self.dates.within(self.lines[n].start, self.lines[n].end)
                reading.set("period", stamps[-1].period, "box date line")
                break

    def _caption_below(self, line: int) -> str | None:
        for n in range(line + 1, min(len(self.lines), line + 3)):
            bare = self.lines[n].bare
            if bare:
                match = re.fullmatch(r"\(([^()]{1,60})\)", bare)
                return match[1] if match else None
        return None

    def _heading_above(self, line: int, reach: int | None = None) -> _Heading | None:
        k = bisect.bisect_left([h.line for h in self.headings], line) - 1
        while k >= 0:
            heading = self.headings[k]
            if reach is not None and line - heading.line > reach:
                return None
            if not self._only_date(heading.line):
                return heading
            k -= 1
        return None

    # ---- sentences

    def _tokens(self, start: int, end: int) -> list[_Token]:
        return [
            _Token(start + m.start(), start + m.end(), m[0])
            for m in _TOKEN_RE.finditer(self.view[start:end])
        ]

    def _sentence_of(self, figure: Figure) -> tuple[int, int]:
        k = bisect.bisect_right(self.sentence_starts, figure.start) - 1
        if k >= 0 and self.sentences[k][1] >= figure.end:
            start, end = self.sentences[k]
        else:
            start, end = figure.start, figure.end
        # a table row's prose cell, or a list item run into its neighbours: keep to its line
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

    def _read_sentence(self, n: int, figure: Figure, reading: _Reading) -> None:
        start, end = self._sentence_of(figure)
        tokens = self._tokens(start, end)
        # Other figures that are not dates cut the sentence into one zone per figure.
        occupied = [
            (self.figures[k].start, self.figures[k].end)
            for k in self._figures_in(start, end)
            if k != n and self.figures[k].kind != "date"
        ]
        cuts = {i for i, t in enumerate(tokens) if t.text == ";"}
        cuts |= {i for i, t in enumerate(tokens) for a, b in occupied if a <= t.start < b}
        first = next((i for i, t in enumerate(tokens) if t.end > figure.start), len(tokens))
        last = next((i for i, t in enumerate(tokens) if t.start >= figure.end), len(tokens))
        low = max((i + 1 for i in cuts if i < first), default=0)
        high = min((i for i in cuts if i >= last), default=len(tokens))
        stamps = self.dates.within(start, end)
        in_stamp = [any(s.start <= t.start < s.end for s in stamps) for t in tokens]
        if figure.kind == "date":
            self._read_date_sentence(figure, reading, tokens, first, last, in_stamp)
            return
        self._read_figure_zone(n, figure, reading, tokens, low, first, last, high, in_stamp)
        zone = (tokens[low].start if low < len(tokens) else start,
                tokens[high - 1].end if 0 < high <= len(tokens) else end)  # fmt: skip
        self._sentence_period(figure, reading, (start, end), zone, tokens[low:first])

    def _read_figure_zone(
        self, n: int, figure: Figure, reading: _Reading, tokens: list[_Token],
        low: int, first: int, last: int, high: int, in_stamp: list[bool],
    ) -> None:  # fmt: skip
        view = self.view
        before = tokens[low:first]
        after = tokens[last:high]
        # a name before the figure's parentheses: "Waikato (7.5 percent)"
        if before and before[-1].text == "(":
            run = _trailing_run(tokens[low : first - 1], in_stamp[low : first - 1])
            if run and _is_name(run):
                reading.set("subject", _phrase(view, run), "name before parentheses")
            elif run:
                reading.set("measure", _measure_words(view, run), "phrase before parentheses")
        # skip the words that link the figure to its phrase, noting a change
        i = first - 1
        change = None
        while i >= low and (tokens[i].lower in LINK_WORDS or tokens[i].lower in CHANGE_VERBS or tokens[i].text == "("):
            if tokens[i].lower in CHANGE_VERBS:
                change = tokens[i].lower
            i -= 1
        phrase = _phrase_before(tokens, low, i + 1, in_stamp)
        if phrase:
            self._read_phrase(reading, phrase, change, figure)
        elif change is None and i >= low and not in_stamp[i] and tokens[i].word and not _is_verb(tokens[i], None):
            pass
        # after the figure: "for the South Island", "in Turkey", "of GDP", "of the articles ... are"
        self._read_after(figure, reading, after, in_stamp[last:high])
        if change and reading.measure is None:
            reading.set("measure", _change_measure(figure, change, None), "change")
        self._read_unit(figure, reading, after)
        # a list's figure takes what its neighbour in the sentence says
        if reading.subject is None or reading.measure is None:
            previous = self._previous_in_sentence(n, tokens)
            if previous is not None:
                prior = self._read(previous)
                if reading.measure is None and prior.measure and _after_change(tokens, low, first):
                    reading.set("measure", prior.subject if prior.rules.get("subject") == "changed thing" else None, "level after a change")
                reading.set("measure", prior.measure, "list neighbour")
                reading.set("subject", prior.subject if prior.rules.get("subject") != "none" else None, "list neighbour")
        if reading.subject is None or reading.measure is None:
            head = _sentence_head(tokens, in_stamp)
            if head:
                self._read_phrase(reading, head, None, figure, rule="sentence head")

    def _read_phrase(self, reading: _Reading, phrase: list[_Token], change: str | None, figure: Figure, rule: str = "phrase before") -> None:
        view = self.view
        possessive = next((k for k in range(len(phrase) - 1, -1, -1) if _POSSESSIVE_RE.fullmatch(phrase[k].text) and phrase[k].text[-2:] in ("’s", "'s") and phrase[k].capital), None)
        if possessive is not None:
            name = _trailing_run(phrase[: possessive + 1], [False] * (possessive + 1), names_only=True)
            reading.set("subject", _phrase(view, name or phrase[possessive : possessive + 1]), f"possessive ({rule})")
            rest = phrase[possessive + 1 :]
            if rest:
                measure = _measure_words(view, rest)
                reading.set("measure", _change_measure(figure, change, measure) if change else measure, f"possessive ({rule})")
            elif change:
                reading.set("measure", _change_measure(figure, change, None), "change")
            return
        if _is_name(phrase):
            reading.set("subject", _phrase(view, phrase), f"name ({rule})")
            if change:
                reading.set("measure", _change_measure(figure, change, None), "change")
            return
        split = _split_population(phrase)
        if split:
            measure, population = split
            reading.set("subject", _phrase(view, population), f"population ({rule})")
            reading.set("measure", _measure_words(view, measure), f"measure of population ({rule})")
            return
        if change:
            reading.set("subject", _phrase(view, phrase), "changed thing")
            reading.set("measure", _change_measure(figure, change, None), "change")
            return
        reading.set("measure", _measure_words(view, phrase), rule)

    def _read_after(self, figure: Figure, reading: _Reading, after: list[_Token], in_stamp: list[bool]) -> None:
        if not after:
            return
        view = self.view
        k = 0
        while k < len(after) and after[k].text in (")", ","):
            k += 1
        if k < len(after) and after[k].lower in ("for", "in") and k + 1 < len(after):
            run = _leading_run(after[k + 1 :], in_stamp[k + 1 :])
            if run and _is_name(run):
                reading.set("subject", _phrase(view, run), f"'{after[k].lower} A' after")
        percent = bool(re.search(r"%|per\s*cent", figure.text, re.IGNORECASE))
        if percent and after and after[0].lower == "of" and len(after) > 1:
            run = _leading_run(after[1:], in_stamp[1:])
            if run:
                rest = after[1 + len(run) :]
                if rest and rest[0].lower in LINK_VERBS | {"have", "has", "had"}:
                    reading.set("subject", _phrase(view, run), "share of a group")
                    predicate = [t for t in rest[1:7] if t.text not in ",.;"]
                    cut = next((j for j, t in enumerate(rest[1:7]) if t.text in ",.;"), len(predicate))
                    said = _phrase(view, rest[1 : 1 + cut])
                    reading.set("measure", f"share {said}" if said else "share", "share of a group")
                else:
                    said = _phrase(view, run)
                    reading.set("measure", f"share of {said}" if said else None, "share of")

    def _read_unit(self, figure: Figure, reading: _Reading, after: list[_Token]) -> None:
        if figure.kind != "statistic":
            return
        unit = _unit_words(figure)
        if unit and unit.split()[-1].lower() not in TIME_UNITS:
            reading.set("measure", f"number of {unit}", "count unit")
        elif unit:
            reading.set("measure", unit, "count unit")

    def _previous_in_sentence(self, n: int, tokens: list[_Token]) -> int | None:
        if not tokens:
            return None
        figure = self.figures[n]
        candidates = [
            k for k in self._figures_in(tokens[0].start, figure.start)
            if k != n and self.figures[k].kind != "date" and self.figures[k].end <= figure.start
        ]  # fmt: skip
        return candidates[-1] if candidates else None

    def _read_date_sentence(
        self, figure: Figure, reading: _Reading, tokens: list[_Token], first: int, last: int, in_stamp: list[bool]
    ) -> None:  # fmt: skip
        view = self.view
        unit = _unit_of(figure, self.dates)
        before = tokens[:first]
        after = tokens[last:]
        lead = before[-1].lower if before else ""
        lead2 = " ".join(t.lower for t in before[-3:])
        event = None
        rule = "date event"
        if lead2.endswith("not later than") or lead == "by" or lead == "until":
            event = "deadline" if lead != "until" else f"{unit} until"
            event_words = None
        elif lead == "since":
            event_words = None
            event = f"start {unit}"
        else:
            event_words = None
        if event is None:
            # "a 26 December 2019 ruling": the noun after the date
            if after and after[0].word and not after[0].capital and not _is_verb(after[0], after[1] if len(after) > 1 else None) and after[0].lower not in PREPOSITIONS | CONJUNCTIONS:
                run = _leading_run(after, in_stamp[last:])
                if run:
                    event = f"{unit} of {_measure_words(view, run)}"
            # "the peak in 2022", "the crisis of the 1970s"
            elif lead in ("in", "of") and len(before) >= 2 and before[-2].word and not before[-2].capital and before[-2].lower not in DETERMINERS and not _is_verb(before[-2], None):
                run = _trailing_run(before[:-1], in_stamp[: first - 1])
                if run:
                    event = f"{unit} of {_measure_words(view, run)}"
            # "On April 23, 2026, the Senate adopted S.Con.Res. 33": the clause after it
            elif lead in ("on", "in", "") and after and after[0].text == ",":
                clause = [t for t in after[1:9]]
                cut = next((j for j, t in enumerate(clause) if t.text in ",.;("), len(clause))
                said = _phrase(view, clause[:cut])
                if said:
                    event = f"{unit} {said}"
            elif lead == "on":
                # "... was introduced in the Senate on April 21, 2026": the verb phrase before
                verb = next((j for j in range(first - 2, -1, -1) if _is_verb(tokens[j], tokens[j + 1])), None)
                if verb is not None:
                    said = _phrase(view, [t for t in tokens[verb : first - 1] if t.lower not in LINK_VERBS])
                    if said:
                        event = f"{unit} {said}"
        reading.set("measure", event, rule)
        head = _sentence_head(tokens, in_stamp)
        if head:
            reading.set("subject", _phrase(view, head), "sentence head (date)")
        if reading.measure is None:
            reading.set("measure", unit, "date unit")

    # ---- periods in a sentence

    def _sentence_period(
        self, figure: Figure, reading: _Reading, sentence: tuple[int, int],
        zone: tuple[int, int], before: list[_Token],
    ) -> None:  # fmt: skip
        """The period a sentence gives a figure: the date attached to it, else its zone's,
        else the sentence's nearest (never the base of a comparison, nor a deadline)."""
        if reading.period is not None:
            return
        stamps = [
            s for s in self.dates.within(*sentence)
            if not s.range_part and not (s.start < figure.end and figure.start < s.end)
            and not self._comparison_base(s)
        ]  # fmt: skip
        after = [s for s in stamps if figure.end <= s.start <= zone[1] and self._attached(figure, s)]
        inside = [s for s in stamps if zone[0] <= s.start and s.end <= figure.start]
        if after:
            period, rule = after[0].period, "date after the figure"
        elif _is_duration(figure):
            return  # "a two and a half year block": a length of time, not a time
        elif inside:
            period, rule = inside[-1].period, "date before the figure"
        else:
            usable = [s for s in stamps if not self._deadline(s)]
            if not usable:
                return
            nearest = min(usable, key=lambda s: min(abs(s.start - figure.end), abs(figure.start - s.end)))
            period, rule = nearest.period, "date in the sentence"
        # "increased 11-fold, to NZ$182 billion" between 1984 and 2006: the level at its end
        if [t.lower for t in before if t.text != ","] == ["to"] and "/" in period.iso:
            end_period = _period_of(period.iso.partition("/")[2])
            if end_period is not None:
                period, rule = end_period, "end of the period of a change"
        reading.set("period", period, rule)

    def _attached(self, figure: Figure, stamp: _Stamp) -> bool:
        """Whether a date after a figure belongs to it: in its clause, a few words on, and
        not a deadline ("4.1 per cent in September", "2.7 percent for the 12 months ...")."""
        between = self.view[figure.end : stamp.start]
        return (
            len(between.split()) <= ATTACHED_WORDS
            and not re.search(r"[,;:]", between)
            and not self._deadline(stamp)
            and not self._figure_between(figure.end, stamp.start)
        )

    def _deadline(self, stamp: _Stamp) -> bool:
        """A date a figure must be reached by ("by May 15, 2026", "not later than ...")."""
        before = self.view[max(0, stamp.start - 20) : stamp.start].lower().split()
        return bool(before) and (before[-1] in ("by", "until", "before") or before[-2:] == ["later", "than"])

    def _comparison_base(self, stamp: _Stamp) -> bool:
        before = self.view[max(0, stamp.start - 20) : stamp.start].lower().split()
        return bool(before) and before[-1] in ("from", "than", "since")

    def _figure_between(self, start: int, end: int) -> bool:
        return any(
            self.figures[k].kind != "date" for k in self._figures_in(start, end)
            if self.figures[k].start >= start
        )  # fmt: skip

    # ---- surroundings

    def _read_surroundings(self, figure: Figure, reading: _Reading) -> None:
        line = self._line_of(figure.start)
        if reading.period is None and figure.kind != "date":
            lead_in = self._lead_in_before(self._item_start(line))
            reading.set("period", lead_in, "lead-in date")
        heading = self._heading_above(line + 1 if line in self.heading_lines else line)
        if heading is not None and figure.kind != "date":
            if reading.period is None:
                reading.set("period", self._date_line_below(heading, line), "date line")
                stamps = self.dates.within(heading.start, heading.end)
                if stamps and heading.line != self.title_line:
                    reading.set("period", stamps[-1].period, "heading date")
        if reading.period is None and figure.kind != "date" and self._told_in_past(figure):
            reading.set("period", self._earlier_period(figure, heading), "earlier sentence in the section")
        if figure.kind != "date":
            reading.set("period", self.reference, "document period")
        reading.set("subject", self.title_subject, "title")
        reading.set("measure", self.title_measure if figure.kind != "date" else None, "title")
        reading.set("subject", self.publisher, "publisher")

    def _item_start(self, line: int) -> int:
        """The first line of the list item or paragraph a line belongs to."""
        n = line
        while n > 0 and self.lines[n - 1].bare and not _BULLET_RE.match(self.lines[n].text):
            n -= 1
        return n

    def _date_line_below(self, heading: _Heading, line: int) -> _Period | None:
        for n in range(heading.line + 1, line):
            if self._only_date(n):
                stamps = self.dates.within(self.lines[n].start, self.lines[n].end)
                return stamps[-1].period
        return None

    def _told_in_past(self, figure: Figure) -> bool:
        """Whether a figure's sentence is told in the past: its first finite verb is past."""
        tokens = self._tokens(*self._sentence_of(figure))
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
        while k >= 0 and self.sentences[k][1] > floor:
            a, b = self.sentences[k]
            figures = [f for f in self._figures_in(a, b) if self.figures[f].kind != "date"]
            if figures and (period := self._read(figures[-1]).period) is not None:
                return period
            stamps = [
                s for s in self.dates.within(a, b)
                if not s.range_part and not self._comparison_base(s) and not self._deadline(s)
            ]  # fmt: skip
            if stamps:
                first = min(stamps, key=lambda s: s.period.first).period
                last = max(stamps, key=lambda s: s.period.last).period
                if first == last:
                    return first
                return _period_of(f"{first.iso.partition('/')[0]}/{last.iso.rpartition('/')[2]}")
            k -= 1
        return None


# --------------------------------------------------------------------------- phrases


def _trailing_run(tokens: Sequence[_Token], in_stamp: Sequence[bool], names_only: bool = False) -> list[_Token]:
    """The noun phrase that ends a run of tokens, read backwards to where it starts."""
    run: list[_Token] = []
    for k in range(len(tokens) - 1, -1, -1):
        t = tokens[k]
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if in_stamp[k] or t.text in ",;:()[]\"“”" or t.lower in CONJUNCTIONS or t.lower in PRONOUNS:
            break
        if names_only:
            if t.capital or (t.lower in ("of", "and", "the") and run and run[0].capital and k and tokens[k - 1].capital):
                run.insert(0, t)
                continue
            if t.text[:1].isdigit() and not run:
                run.insert(0, t)
                continue
            break
        if t.lower in DETERMINERS:
            run.insert(0, t)
            break
        if t.lower in PREPOSITIONS and t.lower not in INNER_PREPOSITIONS:
            break
        if t.word and _is_verb(t, following):
            break
        if _POSSESSIVE_RE.fullmatch(t.text) and t.text[-2:] in ("’s", "'s") and run:
            run.insert(0, t)
            continue
        run.insert(0, t)
    while run and (run[0].lower in INNER_PREPOSITIONS):
        run = run[1:]
    return run


def _leading_run(tokens: Sequence[_Token], in_stamp: Sequence[bool]) -> list[_Token]:
    """The noun phrase that starts a run of tokens."""
    run: list[_Token] = []
    for k, t in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if in_stamp[k] if k < len(in_stamp) else False:
            break
        if t.text in ",;:()[].\"“”" or (t.lower in CONJUNCTIONS and t.lower != "and") or t.lower in PRONOUNS:
            break
        if t.lower == "and" and not (run and run[-1].capital and following is not None and following.capital):
            break
        if t.lower in PREPOSITIONS and t.lower not in INNER_PREPOSITIONS:
            break
        if t.word and run and _is_verb(t, following):
            break
        if t.text[:1].isdigit():
            break
        run.append(t)
    while run and (run[-1].lower in INNER_PREPOSITIONS or run[-1].lower in DETERMINERS):
        run.pop()
    return run


def _phrase_before(tokens: list[_Token], low: int, end: int, in_stamp: list[bool]) -> list[_Token]:
    return _trailing_run(tokens[low:end], in_stamp[low:end])


def _sentence_head(tokens: list[_Token], in_stamp: list[bool]) -> list[_Token]:
    """The noun phrase a sentence is about: its first, before its first verb."""
    k = 0
    # an opening phrase of time or place: "In 2018, ...", "Between 1985 and 2012 ..."
    while k < len(tokens) and (in_stamp[k] or tokens[k].lower in PREPOSITIONS or tokens[k].text in ",") and k < 12:
        k += 1
        if k < len(tokens) and tokens[k - 1].text == ",":
            break
    run = _leading_run(tokens[k:], in_stamp[k:])
    return run


def _name_after_preposition(tokens: Sequence[_Token]) -> list[_Token]:
    """The name a caption is about: "Budgetary Totals Included in S.Con.Res. 33"."""
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k].lower in ("in", "of", "for", "under"):
            run = [t for t in tokens[k + 1 :] if t.text not in ".:"]
            if run and _is_name(run):
                return run
    return []


def _split_population(phrase: list[_Token]) -> tuple[list[_Token], list[_Token]] | None:
    """ "Average weekly earnings of non-farm payroll employees": measure, population."""
    for k, t in enumerate(phrase):
        if t.lower in ("of", "in", "for") and 0 < k < len(phrase) - 1:
            after = phrase[k + 1 :]
            content = [x for x in after if x.lower not in DETERMINERS]
            if not content:
                continue
            head = content[-1]
            if _is_name(content) or (head.lower.endswith("s") and not head.lower.endswith("ss") and head.word and t.lower == "of" and len(content) >= 2):
                return phrase[:k], after
    return None


def _measure_words(text: str, tokens: Sequence[_Token]) -> str | None:
    kept = [t for t in tokens if not _SUPERLATIVE.fullmatch(t.lower)]
    return _phrase(text, kept)


def _change_measure(figure: Figure, change: str, measure: str | None) -> str:
    noun = CHANGE_NOUNS.get(change, "change")
    percent = bool(re.search(r"%|per\s*cent", figure.text, re.IGNORECASE))
    said = f"percent {noun}" if percent else noun
    return f"{measure}, {said}" if measure else said


def _after_change(tokens: list[_Token], low: int, first: int) -> bool:
    """Whether a figure follows "to" after a change: "rose 11-fold, to NZ$182 billion"."""
    words = [t.lower for t in tokens[low:first] if t.text not in ","]
    return words == ["to"]


def _unit_words(figure: Figure) -> str | None:
    try:
        value = read_statistic(figure.text).value
    except (UnreadableText, ValueError, ArithmeticError):
        value = None
    if isinstance(value, Quantity) and value.unit:
        unit = value.unit
    else:
        match = re.search(r"[\d.,]+(?:\s+(?:thousand|million|billion))?\s+(?P<unit>[A-Za-z][\w\s-]*)$", figure.text)
        if not match:
            return None
        unit = match["unit"]
    unit = " ".join(unit.split())
    if re.fullmatch(r"(?:percent|per\s*cent|percentage\s+points?|out\s+of.*|of\s.*)", unit, re.IGNORECASE):
        return None
    return unit


def _is_duration(figure: Figure) -> bool:
    """A length of time ("38 years", "a two and a half year block"), not a point in it."""
    words = re.findall(r"[A-Za-z]+", figure.text.lower())
    rate = len(words) > 1 and words[-2] in ("per", "a", "an", "each", "every")
    return bool(words) and words[-1] in TIME_UNITS and not rate

def _unit_of(figure: Figure, dates: _Dates) -> str:
    """The word a date's precision is said in: date, month, quarter, year, period."""
    period = _period_of(figure.value) or dates._date(figure.text)
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
    return "decade" if period.iso.endswith("9") and period.iso[3] == "0" and days > 3000 else "period"


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
    tokens = [_Token(m.start(), m.end(), m[0]) for m in _TOKEN_RE.finditer(text)]
    return _is_name(tokens)


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return ", ".join(kept) if kept else None


def _tidy(text: str) -> str:
    return " ".join(text.replace("*", " ").split()).strip(" :")


def _strip_notes(label: str) -> str:
    """A row label without its footnote marks and map references: "Northland (1)"."""
    return re.sub(r"\s*\([\d\s/]{1,12}\)|\^", "", label)


def _strip_dates_units(text: str) -> str:
    text = re.sub(r"\([^()]{0,40}\)", " ", text)
    text = _DATE_RE.sub(" ", text)
    text = _FISCAL_RANGE_RE.sub(" ", text)
    text = _SHORT_RANGE_RE.sub(" ", text)
    text = re.sub(r"\b(?:in\s+)?(?:thousands|millions|billions)(?:\s+of\s+\w+)?\b", " ", text, flags=re.I)
    return " ".join(text.split()).strip(" ,:;–—-")


def _publisher(publisher: str | None) -> str | None:
    """The publisher's name, before a comma: "Congressional Research Service, Library ..."."""
    if not publisher:
        return None
    return publisher.split(",")[0].strip() or None


def _figures_sorted(figures: Iterable[Figure]) -> list[Figure]:
    return sorted(figures, key=lambda f: f.start)
