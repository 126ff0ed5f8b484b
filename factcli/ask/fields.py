"""The words of a fact's fields as the old ask matches them, acronyms expanded both ways,
and how much a word counts in each field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from factcli.language.acronyms import AcronymFinder

if TYPE_CHECKING:
    from factcli.model.records import FactRecord

# Ask: the fields of a fact's evidence, and how much a word found in each counts (see `ask.rank`).
FIELD_FACTORS = {
    "tags": 1.0,
    "subject": 1.0,
    "population": 1.0,
    "statement": 1.0,
    "text": 1.0,
    "attributed_to": 1.0,
    "date": 1.0,
    "quote": 0.9,
    "context": 0.6,
    "document": 0.4,
}
# Fields of a fact's own words: all but the paragraph around its quote and its document.
OWN_WORD_FIELDS = tuple(name for name in FIELD_FACTORS if name not in ("context", "document"))
# A word found in every fact's document tells nothing apart: document words are left out of
# word frequencies (they would weigh nothing), and weighed by their field factor instead.
FREQUENCY_FIELDS = tuple(name for name in FIELD_FACTORS if name != "document")
# Long forms of acronyms (as words) and their acronyms, by the long form's first word.
# Each long form as a set of words and as a run of words between spaces (" a b c ").
Contractions = dict[str, list[tuple[frozenset[str], str, str]]]
# How many distinct field texts to remember while cutting words (bounds the memory used).
_SHARED_TEXTS = 50_000


def dataset_acronyms(records: Iterable[FactRecord]) -> dict[str, str]:
    """The acronyms of a set of facts, from their sentences, source titles and tags."""
    finder = AcronymFinder()
    for record in records:
        finder.add_texts((record.quote, record.statement, record.source.title))
        finder.add_tags(record.tags)
    return finder.found()


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
