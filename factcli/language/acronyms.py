"""Acronyms and their long forms, as the data itself spells them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_ACRONYM_RE = re.compile(r"\(([A-Z]{2,10})\)")
_TAG_ACRONYM_RE = re.compile(r"[A-Z]{2,10}")
# Small words a long form may skip or keep in its acronym ("Office on Trafficking in Persons").
_LINK_WORDS = frozenset("of on for and the in to at by".split())


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

    def add_texts(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.add_text(text)

    def found(self) -> dict[str, str]:
        tags_only = {a: long for a, long in self._from_tags.items() if a not in self._from_texts}
        return {**self._from_texts, **tags_only}
