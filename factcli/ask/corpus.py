"""What ask reads of a dataset: each fact's evidence as word sets, by field, and the corpus.

A fact's evidence is, from strongest to weakest: its own words (statement, value text and
quote, plus whatever a curator added: tags, subject, population, attribution), the
paragraph of its document around the quote (who took part, what the event was for), and
its document's title. A dataset made by ``factcli extract`` has no curated
fields; the rest is always there, so the same engine answers from either.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from factcli.ask.fields import FREQUENCY_FIELDS, dataset_acronyms, fact_texts, field_word_sets
from factcli.ask.lexicon import NUMBER_WORDS, InitialismCounter
from factcli.language.words import stem, stems, tokens
from factcli.model.records import FactRecord

if TYPE_CHECKING:
    from factcli.language.values import DateLike, Kind

# Fields that hold a fact's own claim: its sentences and what a curator said of it.
CLAIM_FIELDS = ("tags", "subject", "population", "statement", "text", "attributed_to", "quote")
OWN_FIELDS = ("statement", "text", "quote")
# A broad question ("what did agencies report about women?") may hold words most facts
# hold: at most this many candidates are read and scored (see `preference_order`), so a
# question costs as much over a million facts as over a thousand.
CANDIDATE_LIMIT = 300
# Only the heaviest words of a question order the candidates of a broad one: at most
# 2**4 sets, each one query of the index.
PREFERRED_WORDS = 4
# How much of a paragraph around the quote is context (a one-paragraph document is common).
CONTEXT_REACH = 400
# Source files larger than this are not read for context.
MAX_SOURCE_BYTES = 20_000_000
# A document's header is its lines before the first line of prose (a line of this many
# words), within its first characters; a dateline may open the lead paragraph.
HEADER_REACH = 2000
LEAD_WORDS = 15
DATELINE_REACH = 60
# Sentences of a document's first characters that say something was done "today".
TODAY_REACH = 5000
_TODAY = re.compile(r"\btoday\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
# Clauses of a sentence, and the figures in them (numbers; not years, nor days of a month).
_CLAUSE = re.compile(r"(?:[^,;:()–—]|(?<=\d)[,:](?=\d))+")  # "$50,000" and "9:30" are not cut
_FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*")
# A ratio in words ("one out of five adults") is a figure too.
_SPELLED_RATIO = re.compile(
    rf"\b(?:{'|'.join(NUMBER_WORDS)})\s+(?:out\s+of|in)\s+"
    rf"(?:{'|'.join(NUMBER_WORDS)}|(?!(?:1[89]|20)\d\d\b)\d+)\b",
    re.IGNORECASE,
)
# Where a clause's parts join: each part may be about a figure of its own.
_COORDINATOR = re.compile(r"\s(?:and|but|while|whereas)\s", re.IGNORECASE)
# A clause joined by "and"... that starts with its figure, so shares the first clause's
# subject and verb: ", and nearly 24,000 disaster loans" (not ", and women were 40 percent").
_JOINED_FIGURE = re.compile(
    r"\s*(?:and|or|but)\s+(?:(?:nearly|about|almost|approximately|roughly|some|over|more\s+than|"
    r"another|an\s+additional)\s+)*[$\d]",
    re.IGNORECASE,
)
# Ranges: a figure followed or preceded by another across "to", "through" or a dash, or
# "between ... and" ("4 to 8 applications", "from 30% to 90%", "between $1 and $2 million").
_RANGE_FIGURE = r"\$?\s?\d[\d,.]*\s*(?:%|percent|thousand|million|billion|trillion)?"
# A figure's text that is its number alone (with its scale, unit sign or percent).
_BARE_FIGURE = re.compile(_RANGE_FIGURE + "$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"\s*(?:to|through|-|–)\s*\$?\s?\d", re.IGNORECASE)
_RANGE_BEFORE = re.compile(_RANGE_FIGURE + r"\s*(?:to|through|-|–)\s*\$?\s?$", re.IGNORECASE)
_BETWEEN_AFTER = re.compile(r"\s+and\s+\$?\s?\d", re.IGNORECASE)
_BETWEEN_JUST_BEFORE = re.compile(r"\bbetween\s+\$?\s?$", re.IGNORECASE)
# "between 4 and": one range, not two parts joined by "and".
_BETWEEN_FIGURE = re.compile(r"\bbetween\s+" + _RANGE_FIGURE + r"\s*$", re.IGNORECASE)
_BETWEEN_AND_BEFORE = re.compile(
    r"\bbetween\s+" + _RANGE_FIGURE + r"\s+and\s+\$?\s?$", re.IGNORECASE
)
_RANGE_JOIN = re.compile(r"^\s*(?:to|through|and|-|–)\s*", re.IGNORECASE)
_ANAPHOR = re.compile(r"\bof\s+(?:them|it)\b", re.IGNORECASE)
_MONTH_STARTS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")
# Words that end what a statistic counts, after its value ("1 in 3 women and ...").
_MEASURE_STOP = frozenset(
    "a an and or but in of on for to at by with who which that have has had were was is are "
    "from as than this these those over under about nearly almost approximately roughly".split()
)


# What a share counts may follow "of" or "for" ("53 percent of men", "40 percent for women").
_MEASURE_OF = frozenset("of for among".split())
_MEASURE_DETERMINERS = frozenset("the those these all".split())
# Verbs of a change stated by a bare number ("employment increased by 156,000").
_CHANGE_VERBS = frozenset(
    "increased decreased rose risen fell fallen grew grown declined dropped climbed gained "
    "jumped".split()
)
_AUXILIARIES = frozenset("has have had".split())
# How far after a figure what it counts is read (characters): the range's other end, "of
# the", and four words fit.
_MEASURE_REACH = 160
_RANGE_WORDS = frozenset("to through".split())
_SCALE_WORDS = frozenset("thousand million billion trillion percent".split())
# Words that stand for what an earlier figure of the sentence counts ("39 percent of them").
_MEASURE_PRONOUNS = frozenset("them it".split())


@dataclass(frozen=True)
class FactWords:
    """A fact's word stems by field (acronyms expanded), its place, and what it measures."""

    record: FactRecord
    position: int
    fields: dict[str, frozenset[str]]
    # Text beyond the fact's own whose words typos may be of: the header of a dateline.
    spelled: str = ""

    @cached_property
    def all_words(self) -> frozenset[str]:
        return frozenset().union(*self.fields.values())

    @cached_property
    def own_words(self) -> frozenset[str]:
        """The words of the fact's own sentences and curated fields (not its context)."""
        return frozenset().union(
            *(words for name, words in self.fields.items() if name not in ("context", "document"))
        )

    @cached_property
    def claim_words(self) -> frozenset[str]:
        """The words of the fact's claim: its sentences and curated fields."""
        return frozenset().union(*(self.fields[name] for name in CLAIM_FIELDS))

    @cached_property
    def measure(self) -> frozenset[str]:
        """What a statistic counts: its unit, its population, and the words its sentence
        puts right after its value ("1 in 3 *women*", "10 *community-based organizations*")."""
        return frozenset(measure_words(self.record))


def measure_words(record: FactRecord, tokenize: Callable[[str], list[str]] = tokens) -> list[str]:
    """The stems of what a fact counts (see `FactWords.measure`)."""
    unit = record.value_detail.get("unit")
    found = [stem(word) for word in tokenize(f"{unit or ''} {record.population or ''}")]
    # The words of the figure's own text after its number ("7,300 *prisoners*", "21,200
    # *fewer*", "one out of five *adults*").
    words = tokenize(record.text)
    digits = [at for at, word in enumerate(words) if _is_number(word)]
    if digits:
        found.extend(
            stem(word) for word in words[digits[-1] + 1 :]
            if word not in _MEASURE_STOP and not _is_number(word)
        )  # fmt: skip
    for sentence in dict.fromkeys((record.quote, record.statement)):  # often the same
        at = sentence.find(record.text)
        if at < 0:
            continue
        # The words right after the figure: a few are read, so a few are cut.
        end = at + len(record.text)
        after = tokens(sentence[end : end + _MEASURE_REACH])
        # The lower end of a range counts what its upper end counts ("4 to 8 applications").
        headless = bool(words) and _is_number(words[-1])
        if headless and len(after) > 1 and after[0] in _RANGE_WORDS and after[1][0].isdigit():
            after = after[2:]
            if after[:1] and after[0] in _SCALE_WORDS:
                after = after[1:]
        # "53 percent of men", "40 percent for women", "half of the patients".
        if after[:1] and after[0] in _MEASURE_OF:
            after = after[2:] if after[1:2] and after[1] in _MEASURE_DETERMINERS else after[1:]
            if after[:1] and after[0] in _MEASURE_PRONOUNS:
                # "one out of five adults ... and only 39 percent of them": what the
                # figure before it in the sentence counts.
                after = _after_last_figure(tokens(sentence[:at]))
        run = _measure_run(after, headless)
        if headless and not run and record.kind == "statistic":
            # "Nonfarm payroll employment increased by 156,000": what changed is counted.
            run = _what_changed(tokens(sentence[max(0, at - 80) : at]))
        found.extend(run)
    return found


def range_end(record: FactRecord) -> str | None:
    """ "lower" or "upper" when the fact's figure is an end of a range its sentence states:
    the lower end is a bare figure ("4", "$50,000", "30%"), the other end is written alike
    ("$5 million to 10 organizations" is no range)."""
    sentence = record.quote
    at = sentence.find(record.text)
    if at < 0:
        return None
    before, after = sentence[:at], sentence[at + len(record.text) :]
    money = "$" in record.text
    if _BARE_FIGURE.search(record.text) and (
        _RANGE_AFTER.match(after)
        or (_BETWEEN_AFTER.match(after) and _BETWEEN_JUST_BEFORE.search(before))
    ):
        other = _RANGE_JOIN.sub("", after, count=1)
        if other.startswith("$") == money:
            return "lower"
    ahead = _RANGE_BEFORE.search(before) or _BETWEEN_AND_BEFORE.search(before)
    if ahead and ("$" in before[max(0, ahead.start() - 2) : ahead.end()]) == money:
        return "upper"
    return None


def _is_number(word: str) -> bool:
    return word[0].isdigit() or word in NUMBER_WORDS


def _measure_run(after: list[str], headless: bool) -> list[str]:
    """The stems of the words right after a figure that say what it counts. A word ending in
    "-ing" or "-ed" ends them ("10 organizations receiving ..."), unless the figure's text
    ends with its number and a noun follows the word: then it says what kind ("more than
    2,600 manufacturing loans")."""
    run: list[str] = []
    for at, word in enumerate(after[:4]):
        kind_of = headless and at == 0 and len(after) > 1 and not _ends_measure(after[1])
        if word in _MEASURE_STOP or word[0].isdigit() or (_verb_like(word) and not kind_of):
            break
        # An ASCII token cuts to itself alone; others are cut again, as before.
        run.extend([stem(word)] if word.isascii() else stems(word))
    return run


def _verb_like(word: str) -> bool:
    return word.endswith(("ing", "ed"))


def _ends_measure(word: str) -> bool:
    return word in _MEASURE_STOP or word[0].isdigit() or _verb_like(word)


def _what_changed(before: list[str]) -> list[str]:
    """The stems of the up to three words before a change verb that ends ``before`` (past
    "by" and a qualifier): "(nonfarm payroll employment) increased by"."""
    words = before[:]
    while words and (words[-1] == "by" or words[-1] in _MEASURE_STOP):
        words.pop()
    if not words or words[-1] not in _CHANGE_VERBS:
        return []
    words.pop()
    if words and words[-1] in _AUXILIARIES:
        words.pop()
    subject: list[str] = []
    for word in reversed(words[-3:]):
        if word in _MEASURE_STOP or word[0].isdigit():
            break
        subject.append(stem(word))
    return subject[::-1]


def _after_last_figure(before: list[str]) -> list[str]:
    """The words after the last figure (digits or a number word) of ``before``."""
    for at in range(len(before) - 1, -1, -1):
        if _is_number(before[at]):
            return before[at + 1 :]
    return []


@dataclass(frozen=True)
class Narrowing:
    """What a question rules out before its words are weighed, for a corpus to filter early.

    Only facts of ``kind`` can answer; only facts whose date (a date fact's value, else its
    ``when``) overlaps each of ``dates``, or undated facts; with ``dated``, only facts that
    have a date.
    """

    kind: Kind | None = None
    dates: tuple[DateLike, ...] = ()
    dated: bool = False  # only facts with a date: a date fact's value, or a `when`

    def keeps(self, record: FactRecord) -> bool:
        """Whether a fact may answer, as far as its kind and date say."""
        if self.kind is not None and record.kind != self.kind:
            return False
        day = record.date
        if day is None:
            return not self.dated  # an undated fact stands at its document's date
        return all(
            day.first_day() <= other.last_day() and other.first_day() <= day.last_day()
            for other in self.dates
        )


def preference_order(prefer: Sequence[tuple[str, float]]) -> list[tuple[int, ...]]:
    """Every set of the preferred words (by their places in ``prefer``, word and weight),
    heaviest first; sets of equal weight by their places.

    When more than `CANDIDATE_LIMIT` facts are candidates, those kept are the ones whose
    own words (`OWN_WORD_FIELDS`) hold the heaviest set of these words, then the first in
    dataset order: a fact's set comes before each of its parts (every word weighs more
    than nothing), so a fact holding more of the question is never left out for one
    holding less. Memory and the index keep the same facts (`rank_of_held`).
    """
    weights = [weight for _, weight in prefer[:PREFERRED_WORDS]]
    sets = itertools.chain.from_iterable(
        itertools.combinations(range(len(weights)), size) for size in range(len(weights) + 1)
    )
    return sorted(sets, key=lambda places: (-math.fsum(weights[i] for i in places), places))


def rank_of_held(
    order: Sequence[tuple[int, ...]], prefer: Sequence[str]
) -> Callable[[FactWords], int]:
    """For a fact, the place in ``order`` of the set of ``prefer`` its own words hold."""
    places = {places: rank for rank, places in enumerate(order)}

    def rank(fact: FactWords) -> int:
        own = fact.own_words
        return places[tuple(i for i, word in enumerate(prefer) if word in own)]

    return rank


class AskCorpus(Protocol):
    """What answering needs of a dataset; kept in memory or read from the index."""

    def fact_count(self) -> int: ...

    def document_frequency(self, term: str) -> int:
        """In how many facts a stem occurs (document titles aside)."""
        ...

    def spellings(self, first: str, shortest: int, longest: int) -> Iterable[tuple[str, str]]:
        """Known words (and their stems) starting with ``first``, of a length in the range."""
        ...

    def initialism(self, word: str) -> str | None:
        """The run of words of the facts' sentences that ``word`` abbreviates, if any."""
        ...

    def linked_initialism(self, word: str) -> str | None:
        """The same for an initialism that keeps the letters of some of the run's link
        words ("coc": "continuum of care"; see `InitialismCounter.best_linked`)."""
        ...

    def candidates(
        self,
        anyof: Collection[str],
        names: Collection[str],
        measured: Collection[str],
        within: Narrowing | None = None,
        prefer: Sequence[tuple[str, float]] = (),
    ) -> list[FactWords]:
        """In dataset order, the facts holding one of ``anyof`` (any stem when empty),
        every stem of ``names`` in their evidence, and, unless ``measured`` is empty, one
        of its stems in what they measure. A corpus may also leave out the facts
        ``within`` rules out, or keep them: `rank` checks every candidate again.

        At most `CANDIDATE_LIMIT` of them: past that many, those whose own words hold the
        heaviest set of the ``prefer`` words (word, weight; heaviest first), then the first
        (see `preference_order`)."""
        ...


@dataclass(frozen=True)
class Surroundings:
    """What a fact's document says around it: the paragraph around its quote (``context``)
    and the document's header lines (``header``: title, byline, dateline)."""

    context: str = ""
    header: str = ""
    dated: str = ""  # for the date of the document: its header and sentences saying "today"


class ContextReader:
    """The paragraph around each fact's quote, read from its document's text.

    Documents are read as facts need them, a few at a time, so a large dataset does not
    hold all its texts at once. A document that cannot be read gives no context.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._texts: dict[str, tuple[str, Opening]] = {}

    def __call__(self, record: FactRecord) -> Surroundings:
        text, opening = self._text(record)
        if not text or record.end > len(text):
            return Surroundings()
        context = paragraph_around(text, record.start, record.end)
        if record.kind == "date" and opening.is_dateline(record):
            # The date of the document: what its header says (remarks delivered, statistics
            # released) and what its sentences say was done "today" was done on it.
            return Surroundings(opening.today_context, opening.header, opening.today)
        return Surroundings(context, opening.header)

    def _text(self, record: FactRecord) -> tuple[str, Opening]:
        key = record.source.id
        if key not in self._texts:
            if len(self._texts) >= 4:
                self._texts.pop(next(iter(self._texts)))
            text = self._read(record.source.file)
            self._texts[key] = (text, Opening.of(text))
        return self._texts[key]

    def _read(self, file: str) -> str:
        if self.folder is None:
            return ""
        # Read as verify reads sources: inside the dataset's folder once links are
        # resolved, a regular file, under the size cap.
        from factcli.model.sourcefiles import UnsafeSource, read_source_file

        try:
            return read_source_file(self.folder, file, MAX_SOURCE_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError, UnsafeSource):
            return ""


@dataclass(frozen=True)
class Opening:
    """A document's opening: its header lines (title, byline, "FOR IMMEDIATE RELEASE",
    dateline), before the first paragraph of prose, and that lead paragraph.

    The dateline is the first full date (day, month and year) of the header or of the
    lead's first words ("WASHINGTON (May 25, 2023) - Today, ..."): the date of the
    document, on which what the lead says was done "today" was done.
    """

    header: str
    lead: str
    lead_start: int
    dateline: str | None
    today_sentences: tuple[str, ...]
    today_paragraphs: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Opening:
        header: list[str] = []
        offset = 0
        lead, lead_start = "", len(text)
        for line in text[:HEADER_REACH].split("\n"):
            # Prose: a long line that ends a sentence (a long title does not).
            if len(tokens(line)) >= LEAD_WORDS and line.rstrip().endswith(
                (".", "!", "?", "”", '"')
            ):
                lead, lead_start = line[: CONTEXT_REACH * 2], offset
                break
            if line.strip():
                header.append(line.strip())
            offset += len(line) + 1
        from factcli.ask.question import date_mentions

        days = [
            day for day in date_mentions("\n".join([*header, lead[:DATELINE_REACH]]))
            if day.precision == "day"
        ]  # fmt: skip
        today = tuple(
            sentence
            for sentence in _SENTENCE_END.split(text[:TODAY_REACH])
            if _TODAY.search(sentence)
        )
        paragraphs = tuple(
            line[: CONTEXT_REACH * 2]
            for line in text[:TODAY_REACH].split("\n")
            if line != lead and _TODAY.search(line)
        )
        dateline = days[0].iso() if days else None
        return cls("\n".join(header), lead, lead_start, dateline, today, paragraphs)

    def is_dateline(self, record: FactRecord) -> bool:
        return (
            self.dateline is not None
            and record.value == self.dateline
            and record.start < self.lead_start + DATELINE_REACH
        )

    @property
    def today_context(self) -> str:
        """The lead, and the paragraphs around what was done "today"."""
        return "\n".join([self.lead, *self.today_paragraphs])

    @property
    def today(self) -> str:
        """The header and the sentences saying what was done "today": what the document's
        own date is the date of."""
        return self.header + "\n" + "\n".join(self.today_sentences)


def near_part(record: FactRecord) -> str | None:
    """The part of a fact's statement about its own figure, when the statement is the
    document's sentence (as `extract` makes it: the quote is in it) and states others.

    The sentence is cut into clauses (at , ; : dashes and brackets); the clauses that hold
    another figure (a number that is not a year or a day of a month) are about that figure,
    not this one ("53 percent of men were unbelted, compared to 40 percent for women").
    None when the sentence states no other figure.
    """
    if record.kind == "date":
        return None  # a date is of the whole sentence: when its figures were so
    sentence, quote = record.statement, record.quote
    at = sentence.find(quote)
    inside = quote.find(record.text)
    if at < 0 or inside < 0:
        return None
    own = at + inside
    own_end = own + len(record.text)
    kept, dropped = [], False

    # Where the sentence's other figures start, found once.
    every = sorted(
        figure.start()
        for pattern in (_FIGURE, _SPELLED_RATIO)
        for figure in pattern.finditer(sentence)
        if not own <= figure.start() < own_end and not _is_date_part(sentence, figure)
    )

    def figures(start: int, end: int) -> list[int]:
        return [at for at in every if start <= at < end]

    lead_in = True
    clauses = list(_CLAUSE.finditer(sentence))
    mine = next((i for i, c in enumerate(clauses) if c.start() <= own < c.end()), None)
    # The clause right before the figure's, when the figure's is joined to it by "and"...
    joined = (
        clauses[mine - 1].start()
        if mine and _JOINED_FIGURE.match(sentence, clauses[mine].start())
        else None
    )
    for clause in clauses:
        start, end = clause.span()
        if not figures(start, end):
            kept.append(clause.group())
            continue
        first_with_figures, lead_in = lead_in, False
        if not (start < own_end and own < end):
            dropped = True
            if first_with_figures and start == joined:
                # What the first figure's clause says before it is said of a figure in a
                # clause joined to it: "The agency approved 2,600 loans for $1.9 billion,
                # and 24,000 disaster loans for $3.7 billion" ($3.7 billion was approved
                # too; not so the parts of "over $80 billion, including $34.9 billion").
                kept.append(sentence[start : figures(start, end)[0]])
        else:
            # Both figures in one clause: its parts joined by "and", "but"... ("one out of
            # five adults met criteria and only 39 percent of them received services").
            # A part that says "of them" is about what the parts before it count: it keeps them.
            joins = [
                m.start()
                for m in _COORDINATOR.finditer(sentence, start, end)
                if not _BETWEEN_FIGURE.search(sentence, start, m.start())
            ]
            cuts = [start, *joins, end]
            parts = list(itertools.pairwise(cuts))
            own_part = next(
                i for i, (first, last) in enumerate(parts) if first < own_end and own < last
            )
            refers_back = bool(_ANAPHOR.search(sentence, *parts[own_part]))
            for i, (first, last) in enumerate(parts):
                if i == own_part or (refers_back and i < own_part) or not figures(first, last):
                    kept.append(sentence[first:last])
                else:
                    dropped = True
    return " ".join(kept) if dropped else None


def _is_date_part(text: str, figure: re.Match[str]) -> bool:
    """A year, or the day of a month ("August 23")."""
    number = figure.group().rstrip(".,")
    if len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2099:
        return True
    before = tokens(text[max(0, figure.start() - 12) : figure.start()])
    return bool(before) and before[-1][:3] in _MONTH_STARTS


def paragraph_around(text: str, start: int, end: int) -> str:
    """The paragraph (line) holding ``text[start:end]``, at most `CONTEXT_REACH` characters
    either side of it; for an item of a list, also the line that heads the list; for the
    short line that heads a list ("April 5, 2012" above what is released that day), the
    list's items, up to `CONTEXT_REACH` characters of them."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    paragraph = text[max(first, start - CONTEXT_REACH) : min(last, end + CONTEXT_REACH)]
    line = text[first:last]
    if _BULLET.match(line):
        heading = _list_heading(text, first)
        if heading:
            paragraph = f"{heading}\n{paragraph}"
    elif len(line.strip()) <= _HEADING_LENGTH and (items := _list_items(text, last)):
        paragraph = f"{paragraph}\n{items}"
    return paragraph


# The longest line that heads a list.
_HEADING_LENGTH = 80


def _list_heading(text: str, first: int) -> str:
    """The short line above a run of list items ("Key Facts:"), if there is one; blank
    lines between them are skipped."""
    lines = text[max(0, first - 50 * (_HEADING_LENGTH + CONTEXT_REACH)) : first].split("\n")[:-1]
    for line in reversed(lines[-50:]):
        if _BULLET.match(line) or not line.strip():
            continue
        return line.strip() if len(line) <= _HEADING_LENGTH else ""
    return ""


def _list_items(text: str, last: int) -> str:
    """The run of list items right below the line ending at ``last`` (blank lines between
    them skipped), cut at `CONTEXT_REACH` characters; empty when no list follows."""
    items: list[str] = []
    size = 0
    for line in text[last : last + 8 * CONTEXT_REACH].split("\n")[1:]:
        if not line.strip():
            continue
        if not _BULLET.match(line) or size >= CONTEXT_REACH:
            break
        items.append(line.strip()[: CONTEXT_REACH - size])
        size += len(items[-1])
    return "\n".join(items)


def evidence_texts(record: FactRecord, around: Surroundings) -> dict[str, str]:
    """What ask matches, by field: the fact's texts, its date in words (2022-10 October
    2022), the paragraph around its quote, and its document's title and header lines.

    When the fact's statement is its sentence (as `extract` makes it) and the sentence
    states other figures, its statement holds only the part about its figure (see
    `near_part`); the rest of the sentence is still in its paragraph, which counts less.
    """
    day = record.date
    date_words = f"{day.iso()} {day.display()}" if day else ""
    texts = fact_texts(record)
    if around.dated:
        texts["statement"] = f"{texts['statement']}\n{around.dated}"
    if (near := near_part(record)) is not None:
        texts["statement"] = near
        if record.quote == record.statement:
            texts["quote"] = near
    # The title, not the publisher: a document about one office's work is published by
    # another, and every fact of it would otherwise "mention" the publisher.
    return {
        **texts, "date": date_words, "context": around.context,
        "document": f"{record.source.title}\n{around.header}",
    }  # fmt: skip


def iter_fact_words(
    records: Sequence[FactRecord],
    acronyms: dict[str, str] | None = None,
    context: Callable[[FactRecord], Surroundings] | None = None,
    vocabulary: set[str] | None = None,
    split: Callable[[str], list[str]] = stems,
) -> Iterator[FactWords]:
    """The stems of every fact's evidence (as ``split`` cuts them), with the data's
    acronyms expanded both ways (see `field_word_sets`)."""
    read = context or (lambda record: Surroundings())
    dated: dict[int, str] = {}

    def texts_of(record: FactRecord) -> dict[str, str]:
        around = read(record)
        if around.dated:
            dated[id(record)] = around.dated
        return evidence_texts(record, around)

    fields = field_word_sets(records, texts_of, split, acronyms, vocabulary)
    for position, (record, words) in enumerate(zip(records, fields, strict=True)):
        yield FactWords(record, position, words, dated.pop(id(record), ""))


def frequency_words(fact: FactWords) -> frozenset[str]:
    """The words of a fact that count for word frequencies (see `FREQUENCY_FIELDS`)."""
    return frozenset().union(*(fact.fields[name] for name in FREQUENCY_FIELDS))


def known_spellings(
    records: Sequence[FactRecord],
    acronyms: dict[str, str] | None = None,
    extra: Iterable[str] = (),
    tokenize: Callable[[str], list[str]] | None = None,
) -> dict[str, str]:
    """Every word of the facts' own texts (and of ``extra`` texts, and each acronym) with
    its stem: what typos are fixed to. With ``tokenize`` (a `TokenCache`'s), each text
    is cut by it; else the texts of a fact are cut in one pass."""
    vocabulary: set[str] = set(tokens(" ".join(extra)))
    for record in records:
        if tokenize is None:
            # One pass of the tokenizer over all fields: a space never joins two tokens.
            vocabulary.update(tokens(" ".join(fact_texts(record).values())))
        else:
            for text in fact_texts(record).values():
                vocabulary.update(tokenize(text))
    spellings = {word: stem(word) for word in vocabulary}
    for acronym in dataset_acronyms(records) if acronyms is None else acronyms:
        spellings.setdefault(acronym.lower(), acronym.lower())
    return spellings


def count_initialisms(
    records: Iterable[FactRecord], tokenize: Callable[[str], list[str]] = tokens
) -> InitialismCounter:
    """Runs of words of the facts' quotes (the document's own words), each quote once."""
    counter = InitialismCounter()
    seen: set[str] = set()
    for record in records:
        if record.quote not in seen:
            seen.add(record.quote)
            counter.add_text(record.quote, tokenize)
    return counter


class MemoryCorpus:
    """An `AskCorpus` built in memory from a dataset's records (and its folder, for the
    documents' texts)."""

    def __init__(self, records: Sequence[FactRecord], folder: Path | None = None) -> None:
        self._facts = list(iter_fact_words(records, context=ContextReader(folder)))
        self._frequency = Counter(word for fact in self._facts for word in frequency_words(fact))
        self._spellings = known_spellings(records, extra=(f.spelled for f in self._facts))
        initialisms = count_initialisms(records)
        self._initialisms = initialisms.best()
        self._linked_initialisms = initialisms.best_linked()

    def fact_count(self) -> int:
        return len(self._facts)

    def document_frequency(self, term: str) -> int:
        return self._frequency[term]

    def spellings(self, first: str, shortest: int, longest: int) -> Iterable[tuple[str, str]]:
        return (
            (word, word_stem)
            for word, word_stem in self._spellings.items()
            if word[:1] == first and shortest <= len(word) <= longest
        )

    def initialism(self, word: str) -> str | None:
        found = self._initialisms.get(word)
        return found[0] if found else None

    def linked_initialism(self, word: str) -> str | None:
        found = self._linked_initialisms.get(word)
        return found[0] if found else None

    def candidates(
        self,
        anyof: Collection[str],
        names: Collection[str],
        measured: Collection[str],
        within: Narrowing | None = None,
        prefer: Sequence[tuple[str, float]] = (),
    ) -> list[FactWords]:
        # `rank` checks kind and dates of each fact anyway; `within` leaves out what the
        # index leaves out, so that both keep the same facts of a broad question.
        wanted, named, counted = set(anyof), set(names), set(measured)
        found = (
            fact
            for fact in self._facts
            if (within is None or within.keeps(fact.record))
            and (not wanted or not wanted.isdisjoint(fact.all_words))
            and fact.all_words.issuperset(named)
            and (not counted or not counted.isdisjoint(fact.measure))
        )
        # A bounded heap: the same facts the index keeps (see `preference_order`).
        words = [word for word, _ in prefer[:PREFERRED_WORDS]]
        rank = rank_of_held(preference_order(prefer), words)
        kept = heapq.nsmallest(CANDIDATE_LIMIT, found, key=lambda f: (rank(f), f.position))
        return sorted(kept, key=lambda fact: fact.position)
