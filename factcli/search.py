"""Search: a fact's words by field, acronyms expanded both ways, and scores by field weight."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcli.acronyms import dataset_acronyms
from factcli.text import FIRST_UNSPACED, fold, split_unspaced
from factcli.weights import FIELD_WEIGHTS

if TYPE_CHECKING:
    from factcli.data.records import FactRecord
    from factcli.data.values import Kind

_WORD_RE = re.compile(r"[^\W_]+")
# For folded ASCII text (lower case), what is not a letter or digit becomes a space, and the
# words are what `str.split` leaves: several times quicker than the regex, same words.
_ASCII_WORD_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_ASCII_NON_WORD = bytes(byte if byte in _ASCII_WORD_CHARS else 0x20 for byte in range(256))
# A search holding more distinct words than this is refused: it could not match anything a
# person wrote, and each word costs the query (SQLite bounds an expression's size).
MAX_SEARCH_WORDS = 64
# Shorter query words must match a whole word; longer ones may match the start of a word,
# so "award" finds "awarded" and "awards" while "men" does not find "mental" or "women".
MIN_PREFIX_LENGTH = 4


def words(text: str) -> list[str]:
    """Folded words of a text (letters and digits of any script), hyphenated parts and
    possessives split off: "Zürich" is one word, "Москва" is a word, and each Chinese,
    Japanese or Korean character is a word (see `factcli.text.tokens`)."""
    folded = fold(text)
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    found = _WORD_RE.findall(folded)
    return found if max(folded) < FIRST_UNSPACED else split_unspaced(found)


# A fact's words by field, each field as one text: the distinct words between single
# spaces, with a space at each end (" award grant women "), so that a word or the start
# of one is found by a plain substring test.
SearchFields = dict[str, str]
# Long forms of acronyms (as words) and their acronyms, by the long form's first word.
# Each long form as a set of words and as a run of words between spaces (" a b c ").
Contractions = dict[str, list[tuple[frozenset[str], str, str]]]
# How many distinct field texts to remember while cutting words (bounds the memory used).
_SHARED_TEXTS = 50_000


def field_word_sets(
    records: Sequence[FactRecord],
    texts_of: Callable[[FactRecord], dict[str, str]],
    split: Callable[[str], list[str]],
    acronyms: dict[str, str] | None = None,
    vocabulary: set[str] | None = None,
) -> Iterator[dict[str, frozenset[str]]]:
    """For each record, the words of each field (as ``split`` cuts them), with the data's
    acronyms expanded both ways. Texts many facts share (titles, tags) are cut once.

    With ``vocabulary``, every word cut (before acronyms are expanded) is added to it."""
    acronyms = dataset_acronyms(records) if acronyms is None else acronyms
    expansions, by_long_form = _acronym_words(acronyms, split)
    contractions: Contractions = {}
    for long_words, acronym in by_long_form.items():
        if long_words:
            contractions.setdefault(long_words[0], []).append(long_form(long_words, acronym))
    keys = frozenset(expansions).union(contractions)
    seen: dict[str, frozenset[str]] = {}
    for record in records:
        fields = {}
        for name, text in texts_of(record).items():
            found = seen.get(text)
            if found is None:
                cut = split(text)
                if vocabulary is not None:
                    vocabulary.update(cut)
                found = with_acronyms(cut, expansions, contractions, keys)
                if len(seen) < _SHARED_TEXTS:
                    seen[text] = found
            fields[name] = found
        yield fields


def long_form(words: Sequence[str], acronym: str) -> tuple[frozenset[str], str, str]:
    """A long form as `with_acronyms` looks for it (see `Contractions`), with its acronym."""
    return frozenset(words), f" {' '.join(words)} ", acronym


def _acronym_words(
    acronyms: dict[str, str], split: Callable[[str], list[str]]
) -> tuple[dict[str, list[str]], dict[tuple[str, ...], str]]:
    """The long form of each acronym, and the acronym of each long form, as words."""
    expansions = {a.lower(): split(long) for a, long in acronyms.items()}
    # One acronym per long form: of two with the same long form, the later one.
    by_long_form = {tuple(split(long)): a.lower() for a, long in acronyms.items()}
    return expansions, by_long_form


def acronym_changes(
    before: dict[str, str], after: dict[str, str], split: Callable[[str], list[str]]
) -> tuple[set[str], set[tuple[str, ...]]]:
    """What changes in `field_word_sets` when ``before`` become ``after``: the acronyms
    whose long form changed (a text holding one of them is cut differently), and the long
    forms whose acronym changed (a text holding every word of one of them may be)."""
    expansions, by_long_form = _acronym_words(before, split)
    new_expansions, new_by_long_form = _acronym_words(after, split)
    acronyms = {
        acronym for acronym in expansions.keys() | new_expansions.keys()
        if expansions.get(acronym) != new_expansions.get(acronym)
    }  # fmt: skip
    long_forms = {
        words for words in by_long_form.keys() | new_by_long_form.keys()
        if words and by_long_form.get(words) != new_by_long_form.get(words)
    }  # fmt: skip
    return acronyms, long_forms


def iter_search_fields(
    records: Sequence[FactRecord],
    acronyms: dict[str, str] | None = None,
    vocabulary: set[str] | None = None,
) -> Iterator[SearchFields]:
    """The words of each record, by field, as search matches them (see `field_word_sets`)."""
    for fields in field_word_sets(records, search_texts, words, acronyms, vocabulary):
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
    words: list[str],
    expansions: dict[str, list[str]],
    contractions: Contractions,
    keys: frozenset[str],
) -> frozenset[str]:
    """Words plus the long form of each acronym and the acronym of each long form
    (``keys``: the acronyms and the long forms' first words, looked up as one set)."""
    present = frozenset(words)
    if present.isdisjoint(keys):  # most texts: quicker than a lookup of each acronym
        return present
    extra: list[str] = []
    spaced = ""  # the words between spaces, made once a long form may be among them
    for word in present.intersection(keys):
        for long, run, acronym in contractions.get(word, ()):
            if long <= present:
                # Words hold no spaces, so a run of them is a substring between spaces.
                spaced = spaced or f" {' '.join(words)} "
                if run in spaced:
                    extra.append(acronym)
        extra.extend(expansions.get(word, ()))
    return present.union(extra)


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
