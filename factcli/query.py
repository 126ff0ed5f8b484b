"""Finding facts: by kind, by id, and by words (with acronyms and their long forms)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcli.data.records import FactRecord
from factcli.errors import MixedCurrencies, UnreadableFilter
from factcli.text import FIRST_UNSPACED, fold, split_unspaced

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.data.values import DateLike, Kind

_WORD_RE = re.compile(r"[^\W_]+")
# A search holding more distinct words than this is refused: it could not match anything a
# person wrote, and each word costs the query (SQLite bounds an expression's size).
MAX_SEARCH_WORDS = 64
_ACRONYM_RE = re.compile(r"\(([A-Z]{2,10})\)")
_TAG_ACRONYM_RE = re.compile(r"[A-Z]{2,10}")
# Small words a long form may skip or keep in its acronym ("Office on Trafficking in Persons").
_LINK_WORDS = frozenset("of on for and the in to at by".split())
# Shorter query words must match a whole word; longer ones may match the start of a word,
# so "award" finds "awarded" and "awards" while "men" does not find "mental" or "women".
MIN_PREFIX_LENGTH = 4

# How much a query word counts, by the field it is found in: what the fact is about
# counts more than the wording around it.
FIELD_WEIGHTS = {
    "tags": 3.0,
    "subject": 3.0,
    "population": 3.0,
    "statement": 2.0,
    "text": 2.0,
    "attributed_to": 2.0,
    "quote": 1.0,
    "source": 0.5,
}


def words(text: str) -> list[str]:
    """Folded words of a text (letters and digits of any script), hyphenated parts and
    possessives split off: "Zürich" is one word, "Москва" is a word, and each Chinese,
    Japanese or Korean character is a word (see `factcli.text.tokens`)."""
    folded = fold(text)
    found = _WORD_RE.findall(folded)
    return found if folded.isascii() or max(folded) < FIRST_UNSPACED else split_unspaced(found)


def did_you_mean(wrong: str, known: Sequence[str]) -> str:
    """A hint naming the known ids closest to a wrong one (empty when none is close)."""
    import difflib  # only on this error path

    close = difflib.get_close_matches(wrong, known, n=3, cutoff=0.4)
    contained = [k for k in known if wrong and wrong in k and k not in close]
    suggestions = (close + contained)[:3]
    if not suggestions:
        return ""
    return f" (did you mean {' or '.join(repr(s) for s in suggestions)}?)"


def _initials_match(phrase: Sequence[str], acronym: str) -> bool:
    """Whether words spell an acronym by their initials; link words may be skipped."""
    if not phrase:
        return not acronym
    first, rest = phrase[0], phrase[1:]
    if first.lower() in _LINK_WORDS and _initials_match(rest, acronym):
        return True
    return bool(acronym) and first[:1].upper() == acronym[0] and _initials_match(rest, acronym[1:])


def _long_form_before(text: str, acronym: str) -> str | None:
    """The shortest run of words just before a position that spells the acronym."""
    preceding = re.findall(r"[A-Za-z][\w.'’-]*", text)[-(2 * len(acronym) + 4) :]
    preceding = [word.removesuffix("’").removesuffix("'") for word in preceding]
    for start in range(len(preceding) - 1, -1, -1):
        phrase = preceding[start:]
        if phrase[0][:1].isupper() and _initials_match(phrase, acronym):
            return " ".join(phrase)
    return None


class AcronymFinder:
    """Acronyms and their long forms as the data itself spells them, fed text by text.

    From "Office on Trafficking in Persons (OTIP)" in any text, and from a fact's tags
    holding both "ARP" and "American Rescue Plan". A text's spelling wins over the tags';
    otherwise the first one seen does.
    """

    def __init__(self) -> None:
        self._from_texts: dict[str, str] = {}
        self._from_tags: dict[str, str] = {}

    def add_text(self, text: str) -> None:
        for match in _ACRONYM_RE.finditer(text):
            acronym = match[1]
            if acronym in self._from_texts:
                continue
            if long_form := _long_form_before(text[: match.start()], acronym):
                self._from_texts[acronym] = long_form

    def add_tags(self, tags: Sequence[str]) -> None:
        for acronym in (t for t in tags if _TAG_ACRONYM_RE.fullmatch(t)):
            if acronym in self._from_tags:
                continue
            long_forms = (t for t in tags if t != acronym and _initials_match(t.split(), acronym))
            if long_form := next(long_forms, None):
                self._from_tags[acronym] = long_form

    def add_record(self, record: FactRecord) -> None:
        """What a fact says: its sentences, its document's title and its tags."""
        for text in (record.quote, record.statement, record.source.title):
            self.add_text(text)
        self.add_tags(record.tags)

    def found(self) -> dict[str, str]:
        tags_only = {a: long for a, long in self._from_tags.items() if a not in self._from_texts}
        return {**self._from_texts, **tags_only}


def dataset_acronyms(records: Iterable[FactRecord]) -> dict[str, str]:
    """The acronyms of a set of facts, from their sentences, source titles and tags."""
    finder = AcronymFinder()
    for record in records:
        finder.add_record(record)
    return finder.found()


# A fact's words by field, each field as one text: the distinct words between single
# spaces, with a space at each end (" award grant women "), so that a word or the start
# of one is found by a plain substring test.
SearchFields = dict[str, str]
# Long forms of acronyms (as words) and their acronyms, by the long form's first word.
Contractions = dict[str, list[tuple[tuple[str, ...], str]]]
# How many distinct field texts to remember while cutting words (bounds the memory used).
_SHARED_TEXTS = 50_000


def field_word_sets(
    records: Sequence[FactRecord],
    texts_of: Callable[[FactRecord], dict[str, str]],
    split: Callable[[str], list[str]],
    acronyms: dict[str, str] | None = None,
) -> Iterator[dict[str, frozenset[str]]]:
    """For each record, the words of each field (as ``split`` cuts them), with the data's
    acronyms expanded both ways. Texts many facts share (titles, tags) are cut once."""
    acronyms = dataset_acronyms(records) if acronyms is None else acronyms
    expansions = {a.lower(): split(long) for a, long in acronyms.items()}
    contractions: Contractions = {}
    # One acronym per long form: of two with the same long form, the later one.
    by_long_form = {tuple(split(long)): a.lower() for a, long in acronyms.items()}
    for long_words, acronym in by_long_form.items():
        if long_words:
            contractions.setdefault(long_words[0], []).append((long_words, acronym))
    seen: dict[str, frozenset[str]] = {}
    for record in records:
        fields = {}
        for name, text in texts_of(record).items():
            found = seen.get(text)
            if found is None:
                found = with_acronyms(split(text), expansions, contractions)
                if len(seen) < _SHARED_TEXTS:
                    seen[text] = found
            fields[name] = found
        yield fields


def iter_search_fields(
    records: Sequence[FactRecord], acronyms: dict[str, str] | None = None
) -> Iterator[SearchFields]:
    """The words of each record, by field, as search matches them."""
    for fields in field_word_sets(records, search_texts, words, acronyms):
        yield {name: f" {' '.join(found)} " for name, found in fields.items()}


def rank_search(
    terms: Sequence[str], candidates: Iterable[tuple[int, FactRecord, SearchFields]]
) -> list[FactRecord]:
    """Candidates holding every term, best first (ties keep dataset order)."""
    scored = []
    for position, record, fields in candidates:
        score = _score(terms, fields)
        if score is not None:
            scored.append((-score, position, record))
    return [record for _, _, record in sorted(scored, key=lambda item: item[:2])]


@dataclass(frozen=True)
class SearchIndex:
    """The words of a dataset's records, searched in memory."""

    records: Sequence[FactRecord]
    fields: Sequence[SearchFields]

    @classmethod
    def build(cls, records: Sequence[FactRecord]) -> SearchIndex:
        return cls(records, list(iter_search_fields(records)))

    def search(self, query: str, kind: Kind | None = None) -> list[FactRecord]:
        """Records holding every query word, best first (ties keep dataset order)."""
        terms = words(query)
        if not terms:
            return []
        candidates = (
            (position, record, fields)
            for position, (record, fields) in enumerate(zip(self.records, self.fields, strict=True))
            if kind is None or record.kind == kind
        )
        return rank_search(terms, candidates)


def fact_texts(record: FactRecord) -> dict[str, str]:
    """The texts of a fact that words are matched in, by field."""
    return {
        "tags": " ".join(record.tags),
        "subject": record.subject or "",
        "population": record.population or "",
        "statement": record.statement,
        "text": record.text,
        "attributed_to": record.attributed_to or "",
        "quote": record.quote,
    }


def search_texts(record: FactRecord) -> dict[str, str]:
    """What search matches: the fact's texts and its document's title."""
    return {**fact_texts(record), "source": record.source.title}


def with_acronyms(
    words: list[str], expansions: dict[str, list[str]], contractions: Contractions
) -> frozenset[str]:
    """Words plus the long form of each acronym and the acronym of each long form."""
    present = set(words)
    extra = [
        acronym
        for first in present.intersection(contractions)
        for long, acronym in contractions[first]
        if present.issuperset(long) and _contains_run(words, long)
    ]
    for acronym in present.intersection(expansions):
        extra.extend(expansions[acronym])
    present.update(extra)
    return frozenset(present)


def _contains_run(words: list[str], run: tuple[str, ...]) -> bool:
    size = len(run)
    return any(tuple(words[i : i + size]) == run for i, word in enumerate(words) if word == run[0])


_BY_WEIGHT = sorted(FIELD_WEIGHTS.items(), key=lambda item: -item[1])


def matches_prefix(term: str) -> bool:
    """Whether a search term also matches the words it starts (see `MIN_PREFIX_LENGTH`)."""
    return len(term) >= MIN_PREFIX_LENGTH


def search_needle(term: str) -> str:
    """What a term is looked for as in a field's `SearchFields` text: a word it starts
    (" award") or, for a short term, itself (" men ")."""
    return f" {term}" if matches_prefix(term) else f" {term} "


def _score(terms: Sequence[str], fields: SearchFields) -> float | None:
    """The summed best field weight of each term, or None when a term is found nowhere."""
    total = 0.0
    for term in terms:
        needle = search_needle(term)
        best = next((weight for name, weight in _BY_WEIGHT if needle in fields[name]), None)
        if best is None:
            return None
        total += best
    return total


def score_sql(terms: Sequence[str], column: Callable[[str], str]) -> tuple[str, list[str]]:
    """`_score` as an SQL expression (NULL where `_score` is None) over the columns that
    hold each field's `SearchFields` text, with its parameters."""
    cases = " ".join(
        f"WHEN instr({column(name)}, ?) THEN {weight!r}" for name, weight in _BY_WEIGHT
    )
    sql = " + ".join([f"(CASE {cases} END)"] * len(terms))
    return sql, [search_needle(term) for term in terms for _ in _BY_WEIGHT]


@dataclass(frozen=True)
class Filters:
    """Which facts a listing keeps: dated in a span, of an amount in a range, from a
    source, with a tag, credited to someone, in a currency."""

    since: DateLike | None = None
    until: DateLike | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    source: str | None = None
    tag: str | None = None
    attributed_to: str | None = None
    currency: str | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any(value is not None for value in vars(self).values())

    def keep(self, record: FactRecord) -> bool:
        """Whether a record passes every filter that is set."""
        return (
            self._dates_keep(record)
            and self._amounts_keep(record)
            and (self.currency is None or record.value_detail.get("currency") == self.currency)
            and (self.source is None or record.source.id == self.source)
            and (self.tag is None or self.tag.casefold() in (t.casefold() for t in record.tags))
            and (
                self.attributed_to is None
                or self.attributed_to.casefold() in (record.attributed_to or "").casefold()
            )
        )

    def _dates_keep(self, record: FactRecord) -> bool:
        if self.since is None and self.until is None:
            return True
        day = record.date
        if day is None:
            return False
        # Precision is respected: "March 2023" overlaps a span since 2023-03-15.
        if self.since is not None and day.last_day() < self.since.first_day():
            return False
        return self.until is None or day.first_day() <= self.until.last_day()

    def _amounts_keep(self, record: FactRecord) -> bool:
        if self.minimum is None and self.maximum is None:
            return True
        size = magnitude(record)
        if size is None:
            return False
        if self.minimum is not None and size < self.minimum:
            return False
        return self.maximum is None or size <= self.maximum


NO_FILTERS = Filters()


def magnitude(record: FactRecord) -> Decimal | None:
    """The number an amount filter compares: an amount, a count, or a share in percent."""
    from decimal import Decimal  # not at start-up: only filters and index builds need it

    detail = record.value_detail
    if "amount" in detail:
        return Decimal(str(detail["amount"]))
    if "percent" in detail:
        return Decimal(str(detail["percent"]))
    if "percentage_points" in detail:
        return Decimal(str(detail["percentage_points"]))
    if "numerator" in detail:
        share = Decimal(str(detail["numerator"])) / Decimal(str(detail["denominator"]))
        return 100 * share
    return None


def read_filters(
    *,
    since: str | None = None,
    until: str | None = None,
    minimum: str | None = None,
    maximum: str | None = None,
    source: str | None = None,
    tag: str | None = None,
    attributed_to: str | None = None,
    currency: str | None = None,
) -> Filters:
    """Filters from the texts a user gave; one that cannot be read is an `UnreadableFilter`
    naming the filter (its parameter here)."""
    return Filters(
        since=_filter_date("since", since),
        until=_filter_date("until", until),
        minimum=_filter_amount("minimum", minimum),
        maximum=_filter_amount("maximum", maximum),
        source=source,
        tag=tag,
        attributed_to=attributed_to,
        currency=_filter_currency(currency),
    )


def _filter_currency(text: str | None) -> str | None:
    if text is None:
        return None
    if not (len(text) == 3 and text.isascii() and text.isalpha()):
        raise UnreadableFilter("currency", text, "currency code")
    return text.upper()


def check_one_currency(currencies: Iterable[str | None], filters: Filters) -> None:
    """Refuse an amount filter over amounts in several currencies unless the filters pick
    one: 8,500,000 dollars and 8,500,000 euros are not the same amount."""
    if filters.currency is not None or (filters.minimum is None and filters.maximum is None):
        return
    found = sorted({currency for currency in currencies if currency})
    if len(found) > 1:
        raise MixedCurrencies(found)


def _filter_date(name: str, text: str | None) -> DateLike | None:
    if text is None:
        return None
    from factcli.data.readers import UnreadableText, read_date  # its patterns cost start-up time

    try:
        return read_date(text)
    except UnreadableText:
        raise UnreadableFilter(name, text, "date") from None


def _filter_amount(name: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    from factcli.data.readers import UnreadableText, read_amount

    try:
        return read_amount(text)
    except UnreadableText:
        raise UnreadableFilter(name, text, "amount") from None
