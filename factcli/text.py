"""Words as factcli compares them: tokens, word stems, and small typos.

Deliberately small and deterministic: a suffix-stripping stemmer (award, awards,
awarded -> award) and a Damerau-Levenshtein distance for typos (roundtabel).
"""

from __future__ import annotations

import functools
import re

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")
# Plurals English does not form with -s, for the words facts about people use.
IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "person"}
# Words people use for one another when asking about programs and money. Each group reads
# as its first word, on both sides (question and fact), so "created" meets "established".
SYNONYMS = (
    ("establish", "create", "creation", "found", "launch", "open"),
    ("award", "grant", "fund", "funding"),
    ("allocate", "allocation", "provide", "invest", "spend"),
    ("implement", "implementation", "run", "operate", "administer"),
    ("survivor", "victim"),
    ("roundtable", "meeting", "convening"),
    ("organization", "group", "nonprofit"),
)
_PLURALS = (("ies", "y"), ("sses", "ss"), ("s", ""))
# Longest first; each suffix is replaced, so "allocation", "allocated" and "allocate" all
# meet at "alloc", and "implementation" meets "implementing".
_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("ation", ""),
    ("ating", ""),
    ("ated", ""),
    ("ate", ""),
    ("ment", ""),
    ("ing", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ly", ""),
)
_KEEP_DOUBLE = frozenset("lsz")


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers ("8.5" stays one token); apostrophes end a word."""
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude but stable stem: awards/awarded/awarding -> award, allocation -> alloc."""
    plain = _plain_stem(word)
    return _SYNONYM_OF.get(plain, plain)


def _plain_stem(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if not word.isalpha() or len(word) <= 3:
        return word
    word = _replace_suffix(word, _PLURALS, keep=("ss", "us", "is"))
    word = _replace_suffix(word, _SUFFIXES)
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _KEEP_DOUBLE | set("aeiou"):
        word = word[:-1]  # planned -> plann -> plan
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # allocate -> allocat, so it meets allocation and allocated
    return word


def _replace_suffix(
    word: str, rules: tuple[tuple[str, str], ...], keep: tuple[str, ...] = ()
) -> str:
    if word.endswith(keep):
        return word
    for suffix, replacement in rules:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def stems(text: str) -> list[str]:
    """The stems of a text's tokens."""
    return [stem(token) for token in tokens(text)]


def typo_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (a swap of neighbours counts 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_limit(word: str) -> int:
    """How many edits a word may be off: none below 5 letters, 1 up to 7, then 2."""
    if len(word) < 5 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


_SYNONYM_OF = {_plain_stem(word): _plain_stem(group[0]) for group in SYNONYMS for word in group}
