"""Answering a plain-English question with the best sourced fact, or honestly not.

How a question is answered:

1. Its *kind* is read from cue words: "when / what date / what year" asks for a date,
   "how many / what share / what percent / how long" for a statistic, "how much / what
   amount" for money. A fact of another kind is not an answer (a fact dated by ``when``
   may answer a date question, ranked below a date fact).
2. Its *constraints* must hold: the thing a "how many X" or "what share of X" question
   counts must be the fact's unit or population; "how long" needs a duration; a date the
   question names must overlap the fact's date; an amount it names must be the fact's
   (or a fact of the same sentence); a name it uses must be in the fact's own sentences;
   in "when was X founded?", X must be what the fact is about.
3. Its remaining words are matched against each fact, with word stems (award, awarded),
   acronyms and long forms read from the data, a few everyday synonyms, and small typos.
   Each word weighs its inverse document frequency: rare words say more about what is
   asked than words every fact shares.
4. The *coverage* of a fact is the share of that word weight it holds. The best fact is
   the answer only if its coverage reaches ``ANSWER_THRESHOLD`` (one half): at least half
   of what the question asks must be found in the fact. Otherwise factcli abstains.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Protocol

from factcli.errors import NotFound
from factcli.numbers import QUALIFIER_PHRASES, SCALES, UnreadableText, read_amount, read_date
from factcli.query import dataset_acronyms, fact_texts, field_word_sets
from factcli.records import FactRecord
from factcli.text import stem, stems, tokens, typo_distance, typo_limit
from factcli.values import MONTH_NAMES, DateLike, Kind, PartialDate

# At least half of the question's word weight must be found in the answer: a fact that
# shares a topic word or two with the question, but not what it asks about, falls short.
ANSWER_THRESHOLD = 0.5
# A fact that only dates its value with `when` answers a date question less directly.
WHEN_ONLY_FACTOR = 0.8
# A fact whose value the question already states is what the user knows, not the answer.
ALREADY_STATED_FACTOR = 0.5

# How much a word counts by the field of the fact it is found in.
FIELD_FACTORS = {
    "tags": 1.0,
    "subject": 1.0,
    "population": 1.0,
    "statement": 1.0,
    "text": 1.0,
    "attributed_to": 1.0,
    "date": 1.0,
    "quote": 0.8,
}

# Words that carry no content in a question: question words, auxiliaries, pronouns,
# prepositions, and light verbs (go, make, get, hold...) whose meaning comes from their object.
STOPWORDS = frozenset(
    """a about according after all also am an and any are as at be been before being between
    by can could did do does done during for from had has have how i in into is it its last
    many me much my of on or our over please s say says said since so some such tell than that
    the their them there these they this those through to total under until up us was we were
    what when where which while who whom whose why will with would you your
    go goes went gone going make makes made making get gets got getting give gives gave given
    take takes took taken put puts set sets hold holds held come comes came happen happens
    happened occur occurs occurred receive receives received out off away back""".split()
)
# Words that only say what kind of answer is wanted.
CUE_WORDS = frozenset(
    """amount date day dollars fraction money month number percent percentage portion
    proportion rate ratio share sum time year long often common prevalent likely large big
    size""".split()
)
DURATION_UNITS = frozenset(stem(u) for u in "years months weeks days decades hours".split())

_KIND_CUES: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"\bwhen\b|\b(?:what|which)\s+(?:date|day|year|month|time)\b"), "date"),
    (re.compile(r"\bhow\s+many\s+dollars\b"), "money"),
    (re.compile(r"\bhow\s+(?:many|long|common|often|prevalent|likely)\b"), "statistic"),
    (
        re.compile(r"\bwhat\s+(?:share|percent|percentage|fraction|proportion|portion|ratio|rate)"),
        "statistic",
    ),
    (
        re.compile(r"\bhow\s+much\b|\bwhat\s+(?:amount|sum|budget)\b|\b(?:money|dollars|total)\b"),
        "money",
    ),
)
_FOCUS_CUES = re.compile(
    r"\bhow\s+many\s+(?P<many>.*)"
    r"|\b(?:share|percent|percentage|fraction|proportion|portion)\s+of\s+(?P<of>.*)"
)
_DATE_MENTION = re.compile(
    r"\b(?:" + "|".join(m[:3].lower() for m in MONTH_NAMES) + r")[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b(?:" + "|".join(m[:3].lower() for m in MONTH_NAMES) + r")[a-z]*\.?,?\s+\d{4}\b"
    r"|\b\d{4}-\d{2}(?:-\d{2})?\b|\b(?:1[89]|20)\d{2}\b"
)
_AMOUNT_MENTION = re.compile(
    r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion|[kmb])\b)?"
)
# "When was X founded?": X is what the fact must be about (its subject), not merely a
# word of it, so "When was HHS founded?" is not answered by "HHS established OFVPS".
_PASSIVE = re.compile(
    r"^(?:when|in\s+what\s+\w+|what\s+\w+|which\s+\w+)\s+(?:was|were)\s+(?P<patient>.+?)\s+"
    r"(?:\w+(?:ed|en)|made|held|built|begun|done|set)\s*[?.!]*$"
    # "When did X open?": with a verb that takes no object, X is what happened.
    r"|^when\s+did\s+(?P<actor>.+?)\s+(?:open|start|begin|end|close|launch|happen|occur)"
    r"\s*[?.!]*$"
)
QUALIFIER_WORDS = frozenset(word for phrase in QUALIFIER_PHRASES for word in phrase.split())
# Small words inside a name ("Office of Family Violence Prevention and Services").
_NAME_LINKS = frozenset("of on for and the in to".split())
_MONTHS = frozenset(month[:3].lower() for month in MONTH_NAMES)
# Words that end the noun phrase after "how many": an -ed/-ing verb or a stopword.
_VERBISH = re.compile(r"(?:ed|ing)$")


@dataclass(frozen=True)
class Question:
    """What a question asks: the kind of answer, its constraints, and its content words."""

    text: str
    kind: Kind | None
    wants_duration: bool
    focus: tuple[str, ...]
    patient: tuple[str, ...]
    terms: tuple[str, ...]
    names: tuple[tuple[str, ...], ...]
    dates: tuple[DateLike, ...]
    amounts: tuple[Decimal, ...]


# Phrasal verbs whose meaning is not in their words, said as one word.
PHRASES = (
    (re.compile(r"\bset(?:ting)?\s+up\b"), "established"),
    (re.compile(r"\bset(?:ting)?\s+aside\b"), "allocated"),
    (re.compile(r"\b(?:give|gave|given|giving|hand|handed)\s+out\b"), "awarded"),
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+place\b"), "happened"),
    (re.compile(r"\bu\.s\.(?:a\.)?(?=\s|$|[?,;])"), "united states"),
)


def read_question(text: str) -> Question:
    """Read the kind, constraints and content words of a question."""
    lowered = " ".join(text.lower().split())
    for phrase, meaning in PHRASES:
        lowered = phrase.sub(meaning, lowered)
    kind = next((cue_kind for cue, cue_kind in _KIND_CUES if cue.search(lowered)), None)
    # Dates are constraints, not words to match: "in 2021" must not make any 2021 fact
    # look like an answer to a question about something else.
    undated = _DATE_MENTION.sub(" ", lowered)
    return Question(
        text=text,
        kind=kind,
        wants_duration=bool(re.search(r"\bhow\s+long\b", lowered)) and kind == "statistic",
        focus=_focus(lowered) if kind == "statistic" else (),
        patient=_patient(undated),
        terms=tuple(
            dict.fromkeys(
                stem(t) for t in tokens(undated) if t not in STOPWORDS and t not in CUE_WORDS
            )
        ),
        names=tuple(_names(re.sub(r"\bU\.S\.(?:A\.)?", "United States", text))),
        dates=tuple(_dates(lowered)),
        amounts=tuple(_amounts(lowered)),
    )


def _names(text: str) -> list[tuple[str, ...]]:
    """Proper names the question uses: runs of capitalized words (not the first word)."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)[1:]
    names: list[tuple[str, ...]] = []
    run: list[str] = []
    for word in [*words, ""]:
        if word.lower()[:3] in _MONTHS:  # months are dates, checked as dates
            word = ""
        if word[:1].isupper() or (run and word.lower() in _NAME_LINKS):
            run.append(word)
            continue
        while run and run[-1].lower() in _NAME_LINKS:
            run.pop()
        content = tuple(stem(t) for w in run for t in tokens(w) if t not in STOPWORDS)
        if content:
            names.append(content)
        run = []
    return names


def _focus(lowered: str) -> tuple[str, ...]:
    """The stems of what a "how many X" or "share of X" question counts."""
    match = _FOCUS_CUES.search(lowered)
    if not match:
        return ()
    phrase: list[str] = []
    for word in tokens(match["many"] or match["of"] or ""):
        if (word in STOPWORDS and len(word) > 1) or (_VERBISH.search(word) and phrase):
            break
        if not word.isdigit() and len(word) > 1:
            phrase.append(stem(word))
    return tuple(phrase[:4])


def _patient(lowered: str) -> tuple[str, ...]:
    """What a passive question is about: "when was X established?" -> the stems of X."""
    match = _PASSIVE.search(_AMOUNT_MENTION.sub(" ", lowered))
    if not match:
        return ()
    phrase = match["patient"] or match["actor"]
    words = [
        t for t in tokens(phrase)
        if t not in STOPWORDS and t not in QUALIFIER_WORDS and t not in SCALES and t.isalpha()
    ]  # fmt: skip
    return tuple(stem(word) for word in words)


def _dates(lowered: str) -> list[DateLike]:
    found = []
    for match in _DATE_MENTION.finditer(lowered):
        try:
            found.append(read_date(match.group()))
        except UnreadableText:
            continue
    return found


def _amounts(lowered: str) -> list[Decimal]:
    found = []
    for match in _AMOUNT_MENTION.finditer(lowered):
        try:
            found.append(read_amount(match.group()))
        except UnreadableText:
            continue
    return found


@dataclass(frozen=True)
class Answer:
    """A fact offered as an answer, with its score (its coverage of the question, 0 to 1)."""

    record: FactRecord
    score: float


class NoSourcedAnswer(NotFound):
    """The dataset does not hold an answer to the question."""

    show_as_error = False


@dataclass(frozen=True)
class FactWords:
    """A fact's word stems by field (acronyms expanded), its place, and what constrains it."""

    record: FactRecord
    position: int
    fields: dict[str, frozenset[str]]

    @cached_property
    def all_words(self) -> frozenset[str]:
        return frozenset().union(*self.fields.values())

    @cached_property
    def own_words(self) -> frozenset[str]:
        """The words of the fact's own sentences, not of the tags a curator added."""
        return frozenset().union(*(words for name, words in self.fields.items() if name != "tags"))

    @cached_property
    def about(self) -> frozenset[str]:
        """What the fact is about: its subject and population."""
        return self.fields["subject"] | self.fields["population"]

    @cached_property
    def measure(self) -> frozenset[str]:
        """What a statistic counts: its unit, or the population (else subject) of a share."""
        unit = self.record.value_detail.get("unit")
        text = str(unit) if unit else (self.record.population or self.record.subject or "")
        return frozenset(stems(text))


@dataclass(frozen=True)
class Narrowing:
    """What a question rules out before its words are weighed, for a corpus to filter early.

    Only facts of ``kind`` can answer; only facts whose date (a date fact's value, else its
    ``when``, else its document's publication) overlaps each of ``dates``.
    """

    kind: Kind | None = None
    dates: tuple[DateLike, ...] = ()


class AskCorpus(Protocol):
    """What answering needs of a dataset; kept in memory or read from the index."""

    def fact_count(self) -> int: ...

    def document_frequency(self, term: str) -> int:
        """In how many facts a stem occurs."""
        ...

    def spellings(self, first: str, shortest: int, longest: int) -> Iterable[tuple[str, str]]:
        """Known words (and their stems) starting with ``first``, of a length in the range."""
        ...

    def candidates(
        self,
        anyof: Collection[str],
        names: Collection[str],
        measured: Collection[str],
        within: Narrowing | None = None,
    ) -> list[FactWords]:
        """In dataset order, the facts holding one of ``anyof`` (any stem when empty),
        every stem of ``names`` in their own sentences (not tags), and, unless ``measured``
        is empty, one of its stems in what they measure. A corpus may also leave out the
        facts ``within`` rules out, or keep them: `rank` checks every candidate again."""
        ...

    def related(self, record: FactRecord) -> list[FactRecord]:
        """The facts a fact names as related."""
        ...


def iter_fact_words(
    records: Sequence[FactRecord], acronyms: dict[str, str] | None = None
) -> Iterator[FactWords]:
    """The stems of every fact's fields, with the data's acronyms expanded both ways."""
    fields = field_word_sets(records, field_texts, stems, acronyms)
    for position, (record, words) in enumerate(zip(records, fields, strict=True)):
        yield FactWords(record, position, words)


def known_spellings(
    records: Sequence[FactRecord], acronyms: dict[str, str] | None = None
) -> dict[str, str]:
    """Every word of the facts (and each acronym) with its stem: what typos are fixed to."""
    vocabulary: set[str] = set()
    for record in records:
        # One pass of the tokenizer over all fields: a space never joins two tokens.
        vocabulary.update(tokens(" ".join(field_texts(record).values())))
    spellings = {word: stem(word) for word in vocabulary}
    for acronym in dataset_acronyms(records) if acronyms is None else acronyms:
        spellings.setdefault(acronym.lower(), acronym.lower())
    return spellings


class MemoryCorpus:
    """An `AskCorpus` built in memory from a dataset's records."""

    def __init__(self, records: Sequence[FactRecord]) -> None:
        self._facts = list(iter_fact_words(records))
        self._frequency = Counter(word for fact in self._facts for word in fact.all_words)
        self._spellings = known_spellings(records)
        self._by_id = {record.id: record for record in records}

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

    def candidates(
        self,
        anyof: Collection[str],
        names: Collection[str],
        measured: Collection[str],
        within: Narrowing | None = None,
    ) -> list[FactWords]:
        # In memory, `within` saves nothing: `rank` checks kind and dates of each fact anyway.
        wanted, named, counted = set(anyof), set(names), set(measured)
        return [
            fact
            for fact in self._facts
            if (not wanted or not wanted.isdisjoint(fact.all_words))
            and fact.own_words.issuperset(named)
            and (not counted or not counted.isdisjoint(fact.measure))
        ]

    def related(self, record: FactRecord) -> list[FactRecord]:
        return [self._by_id[other] for other in record.related if other in self._by_id]


def _weight(corpus: AskCorpus, term: str) -> float:
    """Inverse document frequency: rare words weigh more; unknown words the most."""
    return math.log((corpus.fact_count() + 1) / (corpus.document_frequency(term) + 0.5))


def _corrected(corpus: AskCorpus, term: str) -> str:
    """A stem the data knows, or that of the closest known word within a small typo distance.

    Only words with the same first letter are considered: a typo rarely starts a word.
    """
    if corpus.document_frequency(term):
        return term
    limit = typo_limit(term)
    if not limit:
        return term
    distance, word_stem = min(
        (
            (typo_distance(term, word, limit), word_stem)
            for word, word_stem in corpus.spellings(term[0], len(term) - limit, len(term) + limit)
        ),
        default=(limit + 1, term),
    )
    return word_stem if distance <= limit else term


def _resolve(corpus: AskCorpus, question: Question) -> _Asked:
    """The question's words as the data spells them (typos corrected)."""
    names = [frozenset(_corrected(corpus, term) for term in name) for name in question.names]
    return _Asked(
        terms=list(dict.fromkeys(_corrected(corpus, term) for term in question.terms)),
        focus=frozenset(_corrected(corpus, term) for term in question.focus),
        names=names,
        named=frozenset().union(*names),
        patient=frozenset(_corrected(corpus, term) for term in question.patient),
    )


def rank(corpus: AskCorpus, question: Question) -> list[Answer]:
    """Every fact that meets the question's constraints, best first, with its coverage."""
    asked = _resolve(corpus, question)
    measured = asked.focus or (DURATION_UNITS if question.wants_duration else frozenset())
    # A date question may be answered by a fact of another kind that has a "when".
    kind = question.kind if question.kind != "date" else None
    within = Narrowing(kind, question.dates)
    facts = corpus.candidates(_telling_words(corpus, asked), asked.named, measured, within)
    scored = []
    for fact in facts:
        factor = _constraint_factor(fact, question, asked, corpus)
        if factor == 0:
            continue
        # Names and the words naming what a statistic counts were checked as constraints;
        # coverage is of the rest: what the question asks about the named things.
        rest = [t for t in asked.terms if t not in asked.named
                and not (t in asked.focus and t in fact.measure)]  # fmt: skip
        weights = [_weight(corpus, term) for term in rest]
        total = sum(weights)
        found = sum(w * _field_factor(fact, t) for t, w in zip(rest, weights, strict=True))
        score = factor * (found / total if total else 1.0)
        if score > 0:
            # Equal scores: a question without "when" is better answered by a figure.
            unasked_date = question.kind != "date" and fact.record.kind == "date"
            answer = Answer(fact.record, round(score, 3))
            scored.append((-score, unasked_date, fact.position, answer))
    return [answer for *_, answer in sorted(scored, key=lambda item: item[:3])]


def _telling_words(corpus: AskCorpus, asked: _Asked) -> list[str]:
    """Words of which a fact must hold one to be a candidate (none: every fact is).

    The rarest words, until they weigh more than the part of the question a fact may miss
    and still be the answer: a fact holding none of them cannot reach ANSWER_THRESHOLD.
    Words that may be counted as names or as what a statistic counts are not relied on.
    The same rule picks candidates in memory and in the index, so both rank alike.
    """
    terms = [t for t in dict.fromkeys(asked.terms) if t not in asked.named]
    weights = {term: _weight(corpus, term) for term in terms}
    total = sum(weights.values())
    needed = (1 - ANSWER_THRESHOLD) * total
    telling, weight = [], 0.0
    for term in sorted(weights, key=lambda t: (-weights[t], t)):
        if term in asked.focus:
            continue
        telling.append(term)
        weight += weights[term]
        if weight > needed:
            return telling
    # No set of words settles it (or the question has none): every fact is a candidate,
    # narrowed only by the names it uses.
    return []


@dataclass(frozen=True)
class _Asked:
    """A question's words, corrected against the data's vocabulary."""

    terms: list[str]
    focus: frozenset[str]
    names: list[frozenset[str]]
    named: frozenset[str]
    patient: frozenset[str]


def field_texts(record: FactRecord) -> dict[str, str]:
    """What ask matches: the fact's texts and its date in words (2022-10 October 2022 Oct)."""
    day = record.date
    date_words = f"{day.iso()} {day.display()} {day.display()[:3]}" if day else ""
    return {**fact_texts(record), "date": date_words}


def _field_factor(fact: FactWords, term: str) -> float:
    return max((FIELD_FACTORS[name] for name, words in fact.fields.items() if term in words),
               default=0.0)  # fmt: skip


def _fact_date(record: FactRecord) -> DateLike:
    return record.date or PartialDate.from_iso(record.source.published)


def _overlaps(a: DateLike, b: DateLike) -> bool:
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def _money_amounts(record: FactRecord, corpus: AskCorpus) -> set[Decimal]:
    """The amounts of money a fact's sentence states: its own and its related facts'."""
    amounts = set()
    for candidate in (record, *corpus.related(record)):
        if candidate.kind == "money":
            amounts.add(Decimal(candidate.value))
    return amounts


def _constraint_factor(
    fact: FactWords, question: Question, asked: _Asked, corpus: AskCorpus
) -> float:
    """1 when a fact fits what is asked, less when it fits less directly, 0 when it does not."""
    record = fact.record
    factor = 1.0
    if question.kind is not None and record.kind != question.kind:
        if question.kind == "date" and record.when:
            factor *= WHEN_ONLY_FACTOR
        else:
            return 0.0
    if not all(fact.own_words.issuperset(name) for name in asked.names):
        return 0.0
    if asked.focus and not fact.measure.intersection(asked.focus):
        return 0.0
    if asked.patient and not fact.about.issuperset(asked.patient):
        return 0.0
    if question.wants_duration and not fact.measure.intersection(DURATION_UNITS):
        return 0.0
    fact_date = _fact_date(record)
    if any(not _overlaps(day, fact_date) for day in question.dates):
        return 0.0
    if question.amounts and not set(question.amounts) <= _money_amounts(record, corpus):
        return 0.0
    already_stated = (record.kind == "date" and record.date in question.dates) or (
        record.kind == "money" and Decimal(record.value) in question.amounts
    )
    return factor * (ALREADY_STATED_FACTOR if already_stated else 1.0)


def ask(corpus: AskCorpus, question_text: str, top: int = 1) -> list[Answer]:
    """The best answer (and up to ``top - 1`` runners-up), or `NoSourcedAnswer`."""
    question = read_question(question_text)
    answers = rank(corpus, question)
    if not _answered(question, answers):
        raise NoSourcedAnswer(f"No sourced answer for: {question_text}")
    return answers[:top]


def _answered(question: Question, answers: Sequence[Answer]) -> bool:
    """Whether the best candidate is an answer: enough coverage, and not a tie by default."""
    if not answers or answers[0].score < ANSWER_THRESHOLD:
        return False
    if not question.terms:  # nothing but a kind and constraints: only one fact may fit
        return len(answers) == 1 or answers[1].score < answers[0].score
    return True
