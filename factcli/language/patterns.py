"""Regular expressions made from tables of words.

A table of words (months, scale words) is written once as data; the patterns that find
its words are made from it here, so that no pattern spells the words out again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]


def any_word(words: Iterable[str]) -> str:
    """A group matching any of ``words``, the longest first where one begins another.

    It matches what an alternation of the words sorted longest first matches, in the same
    order of preference, but is written as a tree of their common beginnings ("jan" and
    "january" as ``jan(?:uary)?``): at each place of a text every letter is tried once,
    and nothing in it can backtrack more than the length of its longest word.
    """
    root: _Trie = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}
    pattern = _branches(root)
    return pattern if len(root) > 1 and "" not in root else f"(?:{pattern})"


def _branches(node: _Trie) -> str:
    """The pattern of the words below a node of the tree, longer ones first."""
    branches = [
        (re.escape(letter), _branches(child)) for letter, child in sorted(node.items()) if letter
    ]
    if not branches:
        return ""
    if len(branches) == 1:
        letter, rest = branches[0]
        body, atom = letter + rest, not rest
    else:
        body, atom = "(?:" + "|".join(letter + rest for letter, rest in branches) + ")", True
    if "" not in node:  # no word ends here
        return body
    return body + "?" if atom else f"(?:{body})?"
