"""Search: a fact's texts by weight, and the full-text queries that find and rank them.

A search finds the facts holding every word of the query, best first: each word counts the
weight of the best field group it is found in (`schema.FIELD_WEIGHTS`), and ties keep the
dataset's order. A word of four letters or more also finds the words it starts ("award":
"awarded"), a shorter one only itself ("men" is not "women"). An acronym finds its long
form and the long form's words find the acronym, as the dataset itself spells them
("ACF" and "Administration for Children and Families").

The words are cut by SQLite's tokenizer; `fts_text` only folds what it cannot (NFKC,
full case folding) and spaces out characters of scripts written without spaces, so that a
query cut by `language.words.words` meets the very words stored.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from factcli.language.words import FIRST_UNSPACED, fold, words
from factcli.model.records import FactRecord
from factcli.store.schema import FIELD_WEIGHTS, SEARCH_GROUPS

# A search holding more distinct words than this is refused: it could not match anything a
# person wrote, and each word costs the query (SQLite bounds an expression's size).
MAX_SEARCH_WORDS = 64
# Shorter query words must match a whole word; longer ones may match the start of a word,
# so "award" finds "awarded" and "awards" while "men" does not find "mental" or "women".
MIN_PREFIX_LENGTH = 4
# A search of more words is scored row by row: each word has as many best groups as there
# are groups, and each combination is a part of a query (see `score_levels`).
MAX_SCORE_PATTERNS = 256


def fact_texts(record: FactRecord) -> dict[str, str]:
    """The texts of a fact that words are matched in, by field."""
    return {
        "tags": " ".join(record.tags),
        "subject": record.subject or "",
        "measure": record.measure or "",
        "population": record.population or "",
        "statement": record.statement,
        "text": record.text,
        "attributed_to": record.attributed_to or "",
        "quote": record.quote,
    }


def search_texts(record: FactRecord) -> dict[str, str]:
    """What search matches: the fact's texts and its document's title."""
    return {**fact_texts(record), "source": record.source.title}


def fts_text(text: str) -> str:
    """A text as the search table stores it: folded as `words` folds it, characters of
    scripts written without spaces (CJK) spaced out, so each is a word."""
    if text.isascii():
        return text  # the tokenizer folds ASCII case itself
    folded = fold(text)
    if max(folded) < FIRST_UNSPACED:
        return folded
    return " ".join(words(folded))


def group_texts(record: FactRecord) -> list[str]:
    """The text of each search column for a fact: its fields of that column's weight."""
    texts = search_texts(record)
    return [
        fts_text(" \n ".join(texts[field] for field in group.fields if texts[field]))
        for group in SEARCH_GROUPS
    ]


def phrase(term: str) -> str:
    """A word as an FTS5 string: quoted, so no word is read as an operator."""
    return '"' + term.replace('"', '""') + '"'


def matches_prefix(term: str) -> bool:
    """Whether a search term also matches the words it starts (see `MIN_PREFIX_LENGTH`)."""
    return len(term) >= MIN_PREFIX_LENGTH


@dataclass(frozen=True)
class Acronyms:
    """A dataset's acronyms and their long forms, as words, both ways round."""

    long_forms: dict[str, tuple[str, ...]]  # acronym (folded) -> the long form's words

    @classmethod
    def of(cls, found: dict[str, str]) -> Acronyms:
        """From acronyms as the data spells them ({"ACF": "Administration for ..."})."""
        return cls({acronym.lower(): tuple(words(long)) for acronym, long in found.items()})

    def expression(self, term: str) -> str:
        """The FTS5 expression a query word matches: the word (or the words it starts);
        the long form of an acronym it is; an acronym whose long form holds it."""
        ways = [phrase(term) + ("*" if matches_prefix(term) else "")]
        if long := self.long_forms.get(term):
            ways.append("(" + " AND ".join(phrase(word) for word in long) + ")")
        for acronym, long in self.long_forms.items():
            if acronym != term and any(_starts(word, term) for word in long):
                ways.append(phrase(acronym))
        return ways[0] if len(ways) == 1 else "(" + " OR ".join(ways) + ")"


def _starts(word: str, term: str) -> bool:
    return word == term or (matches_prefix(term) and word.startswith(term))


def in_columns(expression: str, columns: Sequence[str]) -> str:
    """An expression matched in some columns only."""
    return f"{{{' '.join(columns)}}} : {expression}"


def every_term(terms: Sequence[str], acronyms: Acronyms) -> str:
    """The FTS5 query of the facts holding every term, anywhere."""
    return " AND ".join(acronyms.expression(term) for term in terms)


def score_levels(terms: Sequence[str], acronyms: Acronyms) -> list[str] | None:
    """FTS5 queries, best score first, matching the facts of each score: a fact's score is
    the sum of each term's best field group weight, so the facts of one score are those
    whose terms' best groups make that sum. None when the words have too many
    combinations of best groups (see `MAX_SCORE_PATTERNS`): `score_sql` scores those."""
    if len(SEARCH_GROUPS) ** len(terms) > MAX_SCORE_PATTERNS:
        return None
    best_in: list[list[tuple[float, str]]] = []
    for term in terms:
        found = acronyms.expression(term)
        ways = []
        for rank, group in enumerate(SEARCH_GROUPS):
            here = in_columns(found, (group.column,))
            heavier = [heavy.column for heavy in SEARCH_GROUPS[:rank]]
            alone = f"({here} NOT {in_columns(found, heavier)})" if heavier else here
            ways.append((group.weight, alone))
        best_in.append(ways)
    levels: dict[float, list[str]] = {}
    for pattern in itertools.product(*best_in):
        score = sum(weight for weight, _ in pattern)
        levels.setdefault(score, []).append(" AND ".join(query for _, query in pattern))
    return [
        " OR ".join(f"({pattern})" for pattern in levels[score])
        for score in sorted(levels, reverse=True)
    ]


def score_sql(terms: Sequence[str], acronyms: Acronyms, rowid: str) -> tuple[str, list[str]]:
    """The score of a match as SQL over the search table's rows: for each term, the weight
    of the best field group it is found in, summed; with its parameters."""
    cases = " ".join(
        f"WHEN {rowid} IN (SELECT rowid FROM search_words WHERE search_words MATCH ?) "
        f"THEN {group.weight!r}"
        for group in SEARCH_GROUPS
    )
    sql = " + ".join([f"(CASE {cases} END)"] * len(terms))
    parameters = [
        in_columns(acronyms.expression(term), (group.column,))
        for term in terms
        for group in SEARCH_GROUPS
    ]
    return sql, parameters


assert set(FIELD_WEIGHTS) == {field for group in SEARCH_GROUPS for field in group.fields}
