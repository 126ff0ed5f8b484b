"""Abbreviations and the names they stand for, by their letters alone.

A name is often written short where a reader writes it whole, or the other way round: a
bulletin's "Que.", "Alta.", "P.E.I." or "N.L." for Quebec, Alberta, Prince Edward Island,
Newfoundland and Labrador; a question's "USPS" for a text's "U.S. Postal Service". No list
of names is kept: an abbreviation stands for a name when its letters are the name's
initials (link words may be skipped; a dotted initialism gives all its letters), or, for a
one-word name, when they are its first letter and then some of its letters in order
("Nvt.": Nunavut, "Sask.": Saskatchewan).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# "P.E.I.", "N.W.T.", "U.S." (letters with dots) and "Que.", "Alta.", "Nvt." (a capital, a
# few letters, a dot); "USPS", "GDHI" (capitals).
_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}|\b[A-Z][a-z]{1,4}\.|\b[A-Z]{2,8}\b")
# A shortened word stands for a longer one only with this many letters at least.
MIN_TRUNCATED = 3
# Small words a name's initials may skip ("Newfoundland and Labrador": N.L.).
LINK_WORDS = frozenset("of on for and the in to at by de".split())
_CAPITALIZED_RUN = re.compile(
    r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*)(?:\s+(?:(?:of|on|for|and|the|in|to|at|by|de)\s+)*"
    r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*))*"
)


def abbreviations(text: str) -> list[str]:
    """The letters (folded) of the abbreviations a text writes."""
    return list(dict.fromkeys(match.group().replace(".", "").lower()
                              for match in _ABBREVIATION.finditer(text)))  # fmt: skip


def name_runs(text: str) -> list[tuple[str, ...]]:
    """The capitalized runs of a text (link words inside kept), each as its folded words."""
    return [
        tuple(word.lower() for word in match.group().split())
        for match in _CAPITALIZED_RUN.finditer(text)
    ]


# The longest run of words an initialism may stand for.
MAX_RUN = 6


def word_runs(text: str) -> list[tuple[str, ...]]:
    """Every run of two to `MAX_RUN` words of a text (folded, within a clause), that
    neither starts nor ends with a link word: what an initialism the text never defines
    may stand for ("CPS": child protective services)."""
    found: list[tuple[str, ...]] = []
    for clause in re.split(r"[.;:,()\[\]]", text):
        words = [word.lower() for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", clause)]
        for start in range(len(words)):
            if words[start] in LINK_WORDS:
                continue
            for end in range(start + 2, min(start + MAX_RUN, len(words)) + 1):
                if words[end - 1] not in LINK_WORDS:
                    found.append(tuple(words[start:end]))
    return found


def stands_for(abbreviation: str, run: Sequence[str]) -> bool:
    """Whether an abbreviation's letters stand for a name (its folded words)."""
    letters = abbreviation.replace(".", "").lower()
    if len(letters) < 2 or not run:
        return False
    if len(run) == 1 and "." not in run[0]:
        word = run[0]
        return (
            len(letters) >= MIN_TRUNCATED and letters != word and len(letters) < len(word)
            and letters[0] == word[0] and _in_order(letters[1:], word[1:])
        )  # fmt: skip
    return _initials(letters, list(run))


def _in_order(letters: str, word: str) -> bool:
    found = iter(word)
    return all(letter in found for letter in letters)


def _initials(letters: str, run: list[str]) -> bool:
    """Whether the letters are the run's initials, each link word's kept or skipped, and a
    dotted initialism's letters all kept ("U.S." gives "us")."""
    if not run:
        return not letters
    first, rest = run[0], run[1:]
    if first in LINK_WORDS and _initials(letters, rest):
        return True
    head = first.replace(".", "") if "." in first else first[:1]
    return bool(head) and letters.startswith(head) and _initials(letters[len(head) :], rest)
