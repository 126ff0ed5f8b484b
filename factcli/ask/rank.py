"""Ranking facts against a question, the threshold, and the reasons behind an answer.

1. The question's words are spelled as the data spells them: a word the data does not know
   may be an initialism of its sentences ("dv": "domestic violence") or a typo of a word it
   knows ("managment"). What is still unknown stays, and weighs the most.
2. Each candidate fact must meet every constraint of the question (`_constraint`): the kind
   of answer; the names, dates, amounts, ratios and numbers it names; what it counts.
   A value the question names picks out the event, so a fact whose own value it names is
   never the answer.
3. Each remaining word weighs its inverse document frequency; a fact's score is the share of
   that weight its evidence holds, a word counting by the field it is found in (its own
   sentences 1, the paragraph around the quote 0.6, its document's title 0.4).
4. The best fact answers only if its score reaches `ANSWER_THRESHOLD`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from factcli.ask.corpus import AskCorpus, FactWords, Narrowing, range_end
from factcli.ask.fields import FIELD_FACTORS
from factcli.ask.lexicon import DEMONYMS, INITIALISM_LENGTHS, NUMBER_WORDS
from factcli.ask.question import (
    BOUND_WORDS,
    DURATION_UNITS,
    Question,
    amount_mentions,
    date_mentions,
    ratio_mentions,
    read_question,
)
from factcli.errors import NotFound
from factcli.language.words import EVENT_VERBS, stem, stems, tokens, typo_distance, typo_limit
from factcli.model.records import FactRecord

if TYPE_CHECKING:
    from factcli.language.values import DateLike

# At least half of the question's word weight must be found in the answer: a fact that
# shares a topic word or two with the question, but not what it asks about, falls short.
ANSWER_THRESHOLD = 0.5
# A fact that only dates its value with `when` answers a date question less directly.
WHEN_ONLY_FACTOR = 0.8
# A word no fact holds (and no typo or initialism of one) counts this much of the weight of
# the rarest word: it may be the user's own paraphrase ("cash") as well as a constraint.
UNKNOWN_FACTOR = 0.6
# A demonym ("American") is held by a fact that names its country ("United States").
DEMONYM_STEMS = {stem(word): frozenset(stems(country)) for word, country in DEMONYMS.items()}
# In a question asking when something happened, the verb of what happened counts this much
# more than other words: "when did HHS open the new office" asks about an opening.
EVENT_FACTOR = 2.0
EVENT_STEMS = frozenset(stem(verb) for verb in EVENT_VERBS)
# A fact whose date is wider than the date the question names ("2010 to 2014" for "in 2014")
# fits it less than one of that very date.
WIDER_DATE_FACTOR = 0.9
# A fact of a part of a period the question names as one ("2010-2014", "jun/jul 2022") fits
# it less than a fact of the whole period.
PART_OF_SPAN_FACTOR = 0.9
# In a question asking when something happened, a date whose own sentence does not say
# it happened (the verb) counts this much.
EVENT_MISSING_FACTOR = 0.8
# A question asking what percent is answered less directly by a rate per thousand or more
# ("6.7 infant deaths per 1,000") than by a percent or a share.
RATE_DENOMINATOR = 1000
RATE_FOR_PERCENT_FACTOR = 0.9
# The shortest part of a word written as two ("seatbelt").
COMPOUND_PART = 3
# Words that ask for one share of a total, whichever a sentence uses (stems), and a sentence
# saying one ("will each receive"; not "each year", which is a period).
_SAME_SHARE = frozenset(stem(word) for word in ("each", "per", "apiece"))
_ONE_SHARE = re.compile(
    r"\b(?:each|per|apiece)\b(?!\s+(?:year|month|week|day|quarter|fiscal|calendar)\b)",
    re.IGNORECASE,
)
# How many rejected candidates `--explain` shows.
EXPLAINED_REJECTIONS = 3


@dataclass(frozen=True)
class Answer:
    """A fact offered as an answer, with its score (its coverage of the question, 0 to 1)."""

    record: FactRecord
    score: float


class NoSourcedAnswer(NotFound):
    """The dataset does not hold an answer to the question."""

    show_as_error = False


@dataclass(frozen=True)
class Resolved:
    """A question's words as the data spells them, and how each was read."""

    terms: list[str]
    names: list[tuple[str, frozenset[str]]]
    pairs: list[tuple[str, str]]
    readings: list[str]
    focus: frozenset[str]
    patient: frozenset[str]
    unknown: frozenset[str]
    named: frozenset[str]  # the stems every answer must hold (a demonym: or its country)
    # The question's word for an end of a range is none the data uses: only an end answers.
    bound_only: bool = False


@dataclass
class Candidate:
    """A fact weighed against the question: its score, and why it was rejected (if it was)."""

    fact: FactWords
    score: float
    matched: dict[str, str] = field(default_factory=dict)
    rejected: str | None = None


def resolve(corpus: AskCorpus, question: Question) -> Resolved:
    """The question's words as the data spells them (initialisms expanded, typos fixed)."""
    readings: list[str] = []
    seen: dict[tuple[str, str], list[str]] = {}

    def spelled(word: str, word_stem: str) -> list[str]:
        # Each word is looked up once, however many roles it has in the question.
        if (word, word_stem) not in seen:
            seen[word, word_stem] = _spelled(corpus, word, word_stem, readings)
        return seen[word, word_stem]

    # A word asking for an end of a range that the data does not use says how to choose,
    # not what the fact is about ("max reduction": the 90 of "30% to 90%").
    bounds = BOUND_WORDS.get(question.bound or "", frozenset())
    unused = {
        w for w, w_stem in question.words if w in bounds and not corpus.document_frequency(w_stem)
    }
    terms = [
        s for word, word_stem in question.words if word not in unused
        for s in spelled(word, word_stem)
    ]  # fmt: skip
    names = [
        (" ".join(word for word, _ in name), frozenset(s for w, ws in name for s in spelled(w, ws)))
        for name in question.names
    ]
    # A place or population the data does not know ("in canada") must be held, like a name.
    for word, word_stem in question.places:
        found = spelled(word, word_stem)
        if not any(corpus.document_frequency(s) for s in found):
            names.append((word, frozenset(found)))
    focus = [s for word, word_stem in question.focus for s in spelled(word, word_stem)]
    patient = [s for word, word_stem in question.patient for s in spelled(word, word_stem)]
    known = {word: found[0] for word, word_stem in question.words
             if len(found := spelled(word, word_stem)) == 1}  # fmt: skip
    pairs = [
        (known[first], known[second])
        for first, second in question.pairs
        if first in known and second in known
        and corpus.document_frequency(known[first]) and corpus.document_frequency(known[second])
    ]  # fmt: skip
    return Resolved(
        terms=list(dict.fromkeys(terms)),
        names=names,
        named=frozenset().union(*(words for _, words in names)) - DEMONYM_STEMS.keys(),
        pairs=pairs,
        readings=readings,
        focus=frozenset(focus),
        patient=frozenset(patient),
        unknown=frozenset(
            t
            for t in [*terms, *(w for _, words in names for w in words)]
            if not corpus.document_frequency(t)
        ),
        bound_only=bool(unused),
    )


def _spelled(corpus: AskCorpus, word: str, word_stem: str, readings: list[str]) -> list[str]:
    """A word's stem as the data knows it; else the run of words it is the initials of; else
    the known word it is a typo of; else itself, unknown. ``readings`` says which."""
    if corpus.document_frequency(word_stem) or not word.isalpha():
        return [word_stem]
    if len(word) <= INITIALISM_LENGTHS[-1] and (
        run := corpus.initialism(word) or corpus.linked_initialism(word)
    ):
        readings.append(f"{word} = {run} (initials of words in the facts)")
        return stems(run)
    if parts := _compound(corpus, word):
        readings.append(f"{word} = {' '.join(parts)} (two words the facts use)")
        return [stem(part) for part in parts]
    corrected = _corrected(corpus, word)
    if corrected is not None and corrected != word_stem:
        readings.append(f"{word} ~ {corrected} (typo)")
        return [corrected]
    if not corpus.document_frequency(word_stem):
        readings.append(f"{word}: not in any fact")
    return [word_stem]


def _compound(corpus: AskCorpus, word: str) -> tuple[str, str] | None:
    """Two words the facts use, written as one ("seatbelt": "seat belt")."""
    for cut in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1):
        first, second = word[:cut], word[cut:]
        if corpus.document_frequency(stem(first)) and corpus.document_frequency(stem(second)):
            return first, second
    return None


def _corrected(corpus: AskCorpus, word: str) -> str | None:
    """The stem of the closest known word within a small typo distance, if there is one.

    Only words with the same first letter are considered: a typo rarely starts a word.
    """
    limit = typo_limit(word)
    if not limit:
        return None
    distance, word_stem = min(
        (
            (typo_distance(word, known, limit), known_stem)
            for known, known_stem in corpus.spellings(word[0], len(word) - limit, len(word) + limit)
        ),
        default=(limit + 1, ""),
    )
    return word_stem if distance <= limit else None


def _weight(corpus: AskCorpus, term: str, asked: Resolved) -> float:
    """Inverse document frequency: rare words weigh more; unknown words (see
    `UNKNOWN_FACTOR`) a share of the most."""
    if term in asked.unknown:
        return UNKNOWN_FACTOR * math.log((corpus.fact_count() + 1) / 0.5)
    return math.log((corpus.fact_count() + 1) / (corpus.document_frequency(term) + 0.5))


def weigh(corpus: AskCorpus, question: Question) -> tuple[Resolved, list[Candidate]]:
    """Every candidate fact, scored, best first; rejected ones carry their reason."""
    asked = resolve(corpus, question)
    measured = asked.focus or (DURATION_UNITS if question.wants_duration else frozenset())
    # A date question may be answered by a fact of another kind that has a "when".
    kind = question.kind if question.kind != "date" else None
    # Of two named dates, a fact may be of one and compared with the other (see
    # `_stated_in_sentence`): only one date narrows.
    dates = question.dates if len(question.dates) == 1 else ()
    within = Narrowing(kind, dates, dated=question.kind == "date")
    telling = _telling_words(corpus, question, asked)
    if telling is None:
        return asked, []
    weights = _weights(corpus, question, asked)
    facts = corpus.candidates(telling, asked.named, measured, within, _preferred(asked, weights))
    named_values = _named_value_weight(corpus, question)
    scored = []
    events = _stated_events(question, asked, facts)
    for fact in facts:
        factor, reason = _constraint(fact, question, asked, events)
        rest = [t for t in asked.terms if t not in asked.named
                and not (t in asked.focus and t in fact.measure)]  # fmt: skip
        total = named_values + sum(weights[t] for t in rest)
        matched = {t: name for t in rest if (name := _best_field(fact, t))}
        found = named_values + sum(weights[t] * FIELD_FACTORS[name] for t, name in matched.items())
        score = round(factor * (found / total if total else 1.0), 3)
        unasked_date = question.kind != "date" and fact.record.kind == "date"
        # Equal scores: the fact whose own sentence holds the names the question uses first
        # (the Chatham-Savannah award, not the total announced beside it).
        names_held = sum(FIELD_FACTORS[_best_field(fact, t) or "document"] for t in asked.named)
        candidate = Candidate(fact, score, matched, reason)
        key = (reason is not None, -score, -names_held, unasked_date, fact.position)
        scored.append((key, candidate))
    return asked, [candidate for _, candidate in sorted(scored, key=lambda item: item[0])]


def _preferred(asked: Resolved, weights: dict[str, float]) -> list[tuple[str, float]]:
    """The words that order the candidates of a broad question, heaviest first: those the
    score weighs and some fact holds (see `AskCorpus.candidates`)."""
    scored = [t for t in asked.terms if t not in asked.named and t not in asked.unknown]
    return sorted(((t, weights[t]) for t in scored), key=lambda item: (-item[1], item[0]))


def _stated_events(
    question: Question, asked: Resolved, facts: Sequence[FactWords]
) -> frozenset[str]:
    """In a question asking when, the verbs of what happened ("released") that some dated
    candidate's own sentence states: then a date whose sentence does not is of another
    event."""
    if question.kind != "date":
        return frozenset()
    asked_events = EVENT_STEMS.intersection(asked.terms)
    if not asked_events or not any(
        fact.record.date is not None and asked_events & fact.claim_words for fact in facts
    ):
        return frozenset()
    return frozenset(asked_events)


def _weights(corpus: AskCorpus, question: Question, asked: Resolved) -> dict[str, float]:
    """Each word's weight (see `_weight`); in a question asking when, what happened weighs
    `EVENT_FACTOR` times more ("opened", "set up")."""
    weights = {term: _weight(corpus, term, asked) for term in asked.terms}
    if question.kind == "date":
        for term in EVENT_STEMS.intersection(weights) - asked.unknown:
            weights[term] *= EVENT_FACTOR
    return weights


def _named_value_weight(corpus: AskCorpus, question: Question) -> float:
    """An amount or ratio the question names is found in every fact that meets the question's
    constraints (its sentence states it): each weighs as a word held by a single fact."""
    named = len(question.amounts) + len(question.ratios)
    return named * math.log((corpus.fact_count() + 1) / 1.5)


def _telling_words(corpus: AskCorpus, question: Question, asked: Resolved) -> list[str] | None:
    """Words of which a fact must hold one to be a candidate ([]: every fact is; None: no
    fact can be the answer, so none is read).

    The rarest words, until they and the words no fact holds weigh more than the part of
    the question a fact may miss and still be the answer: a fact holding none of them cannot
    reach ANSWER_THRESHOLD. The same rule picks candidates in memory and in the index, so
    both rank alike; and a question of words no fact holds costs no reading at all.
    """
    every = _weights(corpus, question, asked)
    total = _named_value_weight(corpus, question) + sum(
        every[t] for t in asked.terms if t not in asked.named
    )
    missed = sum(every[t] for t in asked.terms if t in asked.unknown and t not in asked.named)
    if total and total - missed < ANSWER_THRESHOLD * total:
        return None
    # Demonyms may be held as their country's name: they cannot tell candidates.
    terms = [
        t for t in asked.terms
        if t not in asked.named and t not in asked.focus and t not in asked.unknown
        and t not in DEMONYM_STEMS
    ]  # fmt: skip
    needed = (1 - ANSWER_THRESHOLD) * total - missed
    telling, weight = [], 0.0
    for term in sorted(terms, key=lambda t: (-every[t], t)):
        telling.append(term)
        weight += every[term]
        if weight > needed:
            return telling
    return []


def _best_field(fact: FactWords, term: str) -> str | None:
    """The field of the fact that holds a word and counts the most (own sentences first)."""
    country = DEMONYM_STEMS.get(term, frozenset({term}))
    best = None
    for name in FIELD_ORDER:
        words = fact.fields[name]
        if (term in words or country <= words) and (
            best is None or FIELD_FACTORS[name] > FIELD_FACTORS[best]
        ):
            best = name
    return best


# Fields in the order `--explain` names them when they count alike.
FIELD_ORDER = ("statement", "quote", "text", "date", "subject", "population", "attributed_to",
               "tags", "context", "document")  # fmt: skip


def _constraint(
    fact: FactWords, question: Question, asked: Resolved, events: frozenset[str] = frozenset()
) -> tuple[float, str | None]:
    """1 when a fact fits what is asked, less when it fits less directly; with the reason
    when it does not fit at all. ``events``: what the question asks happened, when some
    candidate's sentence says it did (see `_stated_events`)."""
    record = fact.record
    factor = 1.0
    if question.kind is not None and record.kind != question.kind:
        if not (question.kind == "date" and record.when):
            return 0.0, f"the question wants a {question.kind}, this fact is a {record.kind}"
        factor = WHEN_ONLY_FACTOR
    if reason := _names_value(record, question):
        return 0.0, reason
    if question.dates and question.kind is None and record.kind == "date":
        # The question names the date: what it asks is what happened then.
        return 0.0, "the question names a date and asks for no date: a date is not its answer"
    if events and (events.isdisjoint(fact.claim_words) or _today_is_another_date(record)):
        # "When did X release the statistics?": a date whose sentence does not say so is
        # the date of something else the paragraph tells; one whose sentence says it was
        # done "today" is the date of something else (the document's date is today's).
        factor *= EVENT_MISSING_FACTOR
    if (
        question.percent
        and "denominator" in record.value_detail
        and Decimal(str(record.value_detail["denominator"])) >= RATE_DENOMINATOR
    ):
        factor *= RATE_FOR_PERCENT_FACTOR
    if record.date is not None and any(
        _overlaps(day, record.date) and _wider(record.date, day) for day in question.dates
    ):
        factor *= WIDER_DATE_FACTOR
    if _of_a_part(fact, question):
        factor *= PART_OF_SPAN_FACTOR
    for name, words in asked.names:
        # All the words of a name in one field: not "Office" here and "Persons" there.
        if not any(all(_holds(held, word) for word in words) for held in fact.fields.values()):
            return 0.0, f"'{name}' is not in the fact, its paragraph or its document"
    if asked.focus and not asked.focus & fact.measure:
        counted = " ".join(sorted(fact.measure)) or "nothing named"
        asked_for = " ".join(sorted(asked.focus))
        return 0.0, f"the question counts '{asked_for}', the fact counts: {counted}"
    if question.wants_duration and not fact.measure & DURATION_UNITS:
        return 0.0, "the question asks how long, the fact is not a duration"
    if reason := _stated_in_sentence(fact, question):
        return 0.0, reason
    if question.bound:
        end = range_end(record) if record.kind != "date" else None
        if end is not None and end != question.bound:
            return 0.0, f"the question asks for the {question.bound} end, the fact is the {end}"
        if (
            asked.bound_only
            and end is None
            and record.qualifier != _BOUND_QUALIFIER[question.bound]
        ):
            return (
                0.0,
                f"the question asks for the {question.bound} end of a range, the fact is none",
            )
    for word in question.distributive:
        # A rate ("12.4 out of every 1,000") is a figure per something by its nature; "each",
        # "per" and "apiece" say the same ("per recipient": "will each receive").
        shared = word in _SAME_SHARE and bool(
            _ONE_SHARE.search(f"{record.quote}\n{record.statement}")
        )
        if (
            word not in fact.own_words
            and not shared
            and not (word == "per" and "denominator" in record.value_detail)
        ):
            return 0.0, f"the question asks '{word}', the fact states no such figure"
    if reason := _patient_mismatch(record, question, asked):
        return 0.0, reason
    if reason := _off_topic(fact, asked):
        return 0.0, reason
    return factor, None


# The qualifier of a figure that is itself a bound ("up to $40 million" is a maximum).
_BOUND_QUALIFIER = {"upper": "at_most", "lower": "at_least"}


def _off_topic(fact: FactWords, asked: Resolved) -> str | None:
    """Two words the question puts side by side ("human trafficking", "roundtable
    discussion") that the data knows, neither of them in the fact's claim or paragraph,
    name another thing: another population, place, event or kind of harm."""
    held = fact.claim_words | fact.fields["context"]
    for first, second in asked.pairs:
        if not _holds(held, first) and not _holds(held, second):
            return f"'{first} {second}' is not in the fact's sentence or paragraph"
    return None


def _holds(words: frozenset[str], word: str) -> bool:
    return word in words or DEMONYM_STEMS.get(word, frozenset({word})) <= words


def _names_value(record: FactRecord, question: Question) -> str | None:
    """Whether the question names the fact's own value: then it is what the user knows."""
    detail = record.value_detail
    if record.kind == "money" and Decimal(str(detail["amount"])) in question.amounts:
        return "the question names this fact's own amount: it picks out the event"
    if (
        record.kind == "date"
        and question.kind != "date"
        and record.date is not None
        and getattr(record.date, "month", None) in question.months
    ):
        return "the question names this fact's own month and asks for no date"
    if record.kind == "date" and question.dates and record.date in question.dates:
        return "the question names this fact's own date: it picks out the event"
    if "numerator" in detail:
        # Since schema 1.1 a ratio may be decimal ("12.4 out of every 1,000").
        top, bottom = Decimal(str(detail["numerator"])), Decimal(str(detail["denominator"]))
        if any(top == a and bottom == b for a, b in question.ratios):
            return "the question names this fact's own ratio: it picks out the event"
    return None


def _stated_in_sentence(fact: FactWords, question: Question) -> str | None:
    """Dates, amounts, ratios and numbers the question names must be the fact's."""
    record = fact.record
    sentences = f"{record.quote}\n{record.statement}"
    if question.dates:
        dates = _fact_dates(fact)
        # "How many fewer in 2016 than 2015": a date the fact is compared with is one its
        # sentence states, so long as another named date is the fact's own.
        compared = (
            date_mentions(sentences)
            if len(question.dates) > 1
            and any(_overlaps(day, other) for day in question.dates for other in dates)
            else []
        )
        for day in question.dates:
            if not any(_overlaps(day, other) for other in [*dates, *compared]) and not (
                fact.record.date is None and _in_context(day, fact)
            ):
                return f"the question names {day.display()}, the fact is of another date"
    if question.money and record.kind != "money" and not amount_mentions(sentences):
        return "the question is about money, the fact's sentence states no amount"
    if question.amounts and not set(question.amounts) <= set(amount_mentions(sentences)):
        return "the question names an amount the fact's sentence does not state"
    if question.ratios and not set(question.ratios) <= ratio_mentions(sentences):
        return "the question names a ratio the fact's sentence does not state"
    if question.numbers:
        stated = {
            NUMBER_WORDS.get(word, word.replace(",", ""))
            for word in [*tokens(sentences), *fact.fields["context"]]
        }
        for number in question.numbers:
            if NUMBER_WORDS.get(number, number.replace(",", "")) not in stated:
                return f"the question names {number}, the fact's sentence does not"
    return None


def _fact_dates(fact: FactWords) -> list[DateLike]:
    """The dates a fact is of: its value or `when`, else those its sentence or paragraph
    states, else its document's date."""
    record = fact.record
    if record.date is not None:
        return [record.date]
    stated = date_mentions(record.quote) or date_mentions(record.statement)
    from factcli.language.values import date_from_iso

    published = record.source.published  # None: the document states no date
    return stated or ([date_from_iso(published)] if published else [])


def _in_context(day: DateLike, fact: FactWords) -> bool:
    """Whether the paragraph of an undated fact names the date (its year, and its month)."""
    from factcli.language.values import MONTH_NAMES, FiscalYear

    words = fact.fields["context"]
    first, last = day.first_day(), day.last_day()
    month = (
        MONTH_NAMES[first.month - 1]
        if (first.year, first.month) == (last.year, last.month)
        else None
    )
    # A fiscal year is named by the year it ends in ("FY 2007" starts in October 2006).
    year = day.year if isinstance(day, FiscalYear) else first.year
    return str(year) in words and (month is None or stem(month.lower()) in words)


def _today_is_another_date(record: FactRecord) -> bool:
    """A sentence that says what was done "today" dates it by its document; a year or a
    month it also states ("dropped between 2005 and 2006") is the date of something else."""
    day = record.date
    return day is not None and day.precision != "day" and "today" in tokens(record.statement)


def _wider(a: DateLike, b: DateLike) -> bool:
    """Whether ``a`` runs beyond ``b`` on either side."""
    return a.first_day() < b.first_day() or a.last_day() > b.last_day()


def _of_a_part(fact: FactWords, question: Question) -> bool:
    """Whether the question names a period as one and no date of the fact covers it all."""
    if not question.dates:
        return False
    from factcli.language.values import DateInterval

    spans = [day for day in question.dates if isinstance(day, DateInterval)]
    return bool(spans) and not any(
        _covers(own, span) for span in spans for own in _fact_dates(fact)
    )


def _covers(a: DateLike, b: DateLike) -> bool:
    """Whether ``a`` runs over all of ``b``."""
    return a.first_day() <= b.first_day() and a.last_day() >= b.last_day()


def _overlaps(a: DateLike, b: DateLike) -> bool:
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def _patient_mismatch(record: FactRecord, question: Question, asked: Resolved) -> str | None:
    """In "when was X established?", X must be what the sentence says was established:
    named (in part) after the verb, when the fact's sentence uses that verb."""
    if not asked.patient or question.verb is None:
        return None
    for sentence in (record.statement, record.quote):
        words = stems(sentence)
        if question.verb in words:
            after = set(words[words.index(question.verb) + 1 :])
            if asked.patient & after:
                return None
            return "what the question says was done is not what the fact's sentence says"
    return None


def ask(corpus: AskCorpus, question_text: str, top: int = 1) -> list[Answer]:
    """The best answer (and up to ``top - 1`` runners-up), or `NoSourcedAnswer`."""
    question = read_question(question_text)
    _, candidates = weigh(corpus, question)
    answers = answers_of(question, candidates)
    if not answers:
        raise NoSourcedAnswer(f"No sourced answer for: {question_text}")
    return answers[:top]


def answers_of(question: Question, candidates: Sequence[Candidate]) -> list[Answer]:
    """The candidates that answer: none unless the best meets every constraint, reaches the
    threshold, and (for a question of nothing but a kind and constraints) stands alone."""
    fitting = [c for c in candidates if c.rejected is None and c.score > 0]
    if not fitting or fitting[0].score < ANSWER_THRESHOLD:
        return []
    tied = len(fitting) > 1 and fitting[1].score >= fitting[0].score
    if tied and not question.terms:
        return []
    # Two facts of one kind fit alike and the question names no kind: no way to choose
    # ("U.S." fits the share of women and the share of men alike).
    if (
        tied
        and question.kind is None
        and fitting[0].fact.record.kind == fitting[1].fact.record.kind
    ):
        return []
    return [Answer(c.fact.record, c.score) for c in fitting]
