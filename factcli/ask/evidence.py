"""What ask knows of a fact: its words by field, the period it applies to, and its shape.

A fact's evidence, from most to least its own:

- ``near``: the words around its figure in its sentence (up to `NEAR_WORDS` on each side,
  not past another figure or a clause's end): of several figures in one sentence, what
  each one is said of;
- ``own``: its sentence and words (statement, quote, the value's text);
- ``measure``: what its figure measures (its frame's measure, population and unit);
- ``subject``: who or what it is about (its frame's subject, credit and tags);
- ``context``: the headings above it in its document;
- ``document``: its document's title and publisher.

Its period is its own date (a date's value, a figure's ``when``) when it has one, else the
date its headings name, else the date its document's title names: a figure of a bulletin on
"January 2017" applies to January 2017 when nothing closer says otherwise. Where the period
came from is kept, so that a weaker source counts less.

Acronyms the data defines ("gross disposable household income (GDHI)") expand in every field
both ways, as search expands them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from factcli.language.words import tokens, word_stem

if TYPE_CHECKING:
    from factcli.language.sentences import Heading
    from factcli.language.values import DateLike
    from factcli.model.records import FactRecord

FIELDS = ("near", "own", "measure", "subject", "context", "document")
# How many words on each side of a figure are its near words.
NEAR_WORDS = 6
# Another figure: a word holding a digit.
_FIGURE = re.compile(r"\d")
# A clause's end: no near word is taken past it.
_CLAUSE_END = re.compile(r"[;:()\[\]]|[.!?](?=\s)|\s[–—-]\s")
Origin = Literal["own", "heading", "document", ""]
# How many headings above a fact are its context, and how far above it they may stand.
CONTEXT_HEADINGS = 2
CONTEXT_REACH = 3000


@dataclass(frozen=True)
class Evidence:
    """A fact's evidence as ask stores it: each field's stems, and its period."""

    pos: int
    fields: Mapping[str, frozenset[str]]
    period: str | None  # ISO date, interval or fiscal year
    origin: Origin

    def holds(self, stem: str) -> bool:
        return any(stem in words for words in self.fields.values())

    @property
    def all_words(self) -> frozenset[str]:
        return frozenset().union(*self.fields.values())

    @property
    def own_words(self) -> frozenset[str]:
        """The words of the fact itself: its sentence, near words, measure and subject (not
        its headings or its document)."""
        fields = self.fields
        return fields["near"] | fields["own"] | fields["measure"] | fields["subject"]


def stems_of(text: str) -> list[str]:
    """The stems of a text's words, numbers left out (figures are matched as values)."""
    return [word_stem(token) for token in tokens(text) if not token[0].isdigit()]


def field_texts(record: FactRecord, headings: Sequence[str]) -> dict[str, str]:
    """The texts of each field of a fact's evidence."""
    detail = record.value_detail
    unit = " ".join(str(detail[key]) for key in ("unit", "per") if detail.get(key))
    return {
        "near": near_text(record.quote, record.text),
        "own": " \n ".join((record.statement, record.quote, record.text)),
        "measure": " \n ".join(filter(None, (record.measure, record.population, unit))),
        "subject": " \n ".join(
            filter(None, (record.subject, record.attributed_to, *record.tags))
        ),  # fmt: skip
        "context": " \n ".join(headings),
        "document": " \n ".join(filter(None, (record.source.title, record.source.publisher))),
    }


def near_text(quote: str, text: str) -> str:
    """The words around a figure's text in its quote: up to `NEAR_WORDS` on each side, not
    past a clause's end, and not past another figure. Words between two figures belong to
    the nearer side of a joining word: in "1 in 3 women and 1 in 4 men", "women" is said of
    1 in 3 and "men" of 1 in 4."""
    at = quote.find(text)
    if at < 0:
        return text
    before = _CLAUSE_END.split(quote[:at])[-1].split()[-NEAR_WORDS:]
    after = _CLAUSE_END.split(quote[at + len(text) :])[0].split()[:NEAR_WORDS]
    kept_before = list(reversed(_up_to_figure(list(reversed(before)))))
    kept_after = _up_to_figure(after)
    return " ".join([*kept_before, text, *kept_after])


def _up_to_figure(words: list[str]) -> list[str]:
    """Words going away from a figure, up to another figure; when one is met, only those
    before the last joining word on the way are kept."""
    for n, word in enumerate(words):
        if _FIGURE.search(word):
            kept = words[:n]
            joins = [i for i, w in enumerate(kept) if w.lower().strip(",") in _JOINS]
            return kept[: joins[0]] if joins else kept
    return words


# Words that join two figures' phrases ("1 in 3 women and 1 in 4 men").
_JOINS = frozenset({"and", "or", "but", "while", "whereas", "versus", "vs", "vs.", "compared"})


def with_acronyms(stems: list[str], long_forms: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """Stems, plus the long form of each acronym among them and the acronym of each long
    form they hold whole."""
    held = set(stems)
    for acronym, long in long_forms.items():
        if acronym in held:
            held.update(long)
        elif long and all(word in held for word in long):
            held.add(acronym)
    return frozenset(held)


def headings_above(headings: Sequence[Heading], start: int) -> list[str]:
    """The texts of the nearest headings ending before a place, nearest first."""
    found = []
    for heading in reversed(headings):
        if heading.end <= start and start - heading.end <= CONTEXT_REACH:
            found.append(heading.text)
            if len(found) == CONTEXT_HEADINGS:
                break
        elif heading.end <= start:
            break
    return found


def period_of(
    record: FactRecord, headings: Sequence[str], title: str
) -> tuple[DateLike | None, Origin]:
    """The period a fact applies to, and where it came from."""
    from factcli.language.mentions import date_mentions

    if record.date is not None:
        return record.date, "own"
    for heading in headings:
        if found := date_mentions(heading):
            return found[-1].value, "heading"  # type: ignore[return-value]
    if found := date_mentions(title):
        return found[-1].value, "document"  # type: ignore[return-value]
    return None, ""


def period_words(period: str | None) -> str:
    """A period as words the ask tables can match, so that of many facts alike the one of
    the period asked is among the candidates: its years (``y2015``), its months
    (``m2015x03``), its day (``d2015x03x12``) and its fiscal years (``fy2026``), a span of
    at most `PERIOD_MONTHS` months and `PERIOD_YEARS` years (a longer one gives no months,
    or no words)."""
    if not period:
        return ""
    from factcli.language.values import date_from_iso

    try:
        found = date_from_iso(period)
    except ValueError:
        return ""
    first, last = found.first_day(), found.last_day()
    words = []
    if first == last:
        words.append(f"d{first.year}x{first.month:02}x{first.day:02}")
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= PERIOD_MONTHS:
        year, month = first.year, first.month
        for _ in range(months):
            words.append(f"m{year}x{month:02}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if last.year - first.year < PERIOD_YEARS:
        words += [f"y{year}" for year in range(first.year, last.year + 1)]
    words += [f"fy{part[2:]}" for part in period.split("/") if part.startswith("FY")]
    return " ".join(words)


# The longest spans `period_words` spells out month by month, and year by year.
PERIOD_MONTHS = 24
PERIOD_YEARS = 12


def evidence_of(
    pos: int,
    record: FactRecord,
    headings: Sequence[str],
    long_forms: Mapping[str, Sequence[str]],
) -> Evidence:
    """A fact's evidence (``headings``: the headings above it, nearest first)."""
    texts = field_texts(record, headings)
    fields = {name: with_acronyms(stems_of(text), long_forms) for name, text in texts.items()}
    period, origin = period_of(record, headings, record.source.title)
    return Evidence(pos, fields, period.iso() if period else None, origin)


def stored_fields(evidence: Evidence) -> list[str]:
    """The fields as the ask tables store them: stems between spaces."""
    return [" ".join(sorted(evidence.fields[name])) for name in FIELDS]


def read_stored(pos: int, texts: Iterable[str], period: str | None, origin: str) -> Evidence:
    """Evidence as the ask tables give it back."""
    fields = {name: frozenset(text.split()) for name, text in zip(FIELDS, texts, strict=True)}
    return Evidence(pos, fields, period, origin)  # type: ignore[arg-type]
