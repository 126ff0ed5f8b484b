"""Cutting a document into sentences, with their code-point offsets.

A sentence is what a fact's quote will be, so it must be exact text of the document. Press
releases break lines in odd places (a printed page's line ends, headlines on their own
lines), so a line break ends a sentence only where it looks like one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcli.language.calendar import MONTH_ABBREVIATIONS

# Words that end with a full stop without ending a sentence (the months' abbreviations too).
ABBREVIATIONS = frozenset(
    "u.s u.s.a u.k mr mrs ms dr st jr sr no nos vs etc e.g i.e inc co corp ltd dept gov sen rep "
    "gen lt col sgt capt prof a.m p.m ph.d m.d "
    "approx est fig al d.c p.l pub h.r s u.s.c sec vol pp p".split()
) | frozenset(MONTH_ABBREVIATIONS)
# Abbreviations that may end a sentence too ("... in the U.S. The recipients ..."): they do
# when the next word is one that starts sentences and never follows them inside one.
FINAL_ABBREVIATIONS = frozenset("u.s u.s.a u.k etc inc co corp ltd a.m p.m d.c jr sr".split())
SENTENCE_OPENERS = frozenset(
    "the this these that those it its in a an we they he she our their there today on for at "
    "as but however additionally also".split()
)
# A text is hard-wrapped (a printed page) when this many lines come near its longest line.
WRAPPED_LINES = 3
WRAP_SHARE = 0.8
MAX_WRAP = 130
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9$])")
_LINE_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
_LAST_WORD = re.compile(r"([\w.]+)$")
_FIRST_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Z][a-z]*)\b")
_BULLET = re.compile(r"\s*(?:[-•*–—]\s|\d+[.)]\s)")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its exact text and where it stands."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of the text, in order, without surrounding blanks."""
    return [s for block_start, block in _blocks(text) for s in _split_block(block, block_start)]


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Runs of lines that belong to one paragraph (a line break inside a sentence is kept)."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    start = 0
    block_start = 0
    for n, line in enumerate(lines):
        end = start + len(line)
        following = lines[n + 1] if n + 1 < len(lines) else None
        if following is None or _breaks_after(line, following, width):
            yield block_start, text[block_start:end]
            block_start = end + 1
        start = end + 1


def _wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when lines are paragraphs."""
    longest = max((len(line.rstrip()) for line in lines), default=0)
    if not longest or longest > MAX_WRAP:
        return None
    near = sum(1 for line in lines if len(line.rstrip()) >= WRAP_SHARE * longest)
    return longest if near >= WRAPPED_LINES else None


def _breaks_after(line: str, following: str, width: int | None) -> bool:
    """Whether a line break ends a sentence: a paragraph's end, a heading's, a list item's."""
    if not line.strip() or not following.strip():
        return True
    if _LINE_ENDS_SENTENCE.search(line) or _BULLET.match(following):
        return True
    if following.lstrip()[:1].islower():
        return False
    # Wrapped at the page's width: the sentence goes on; shorter: a heading or a date line.
    return width is None or len(line.rstrip()) < 0.7 * width


def _split_block(block: str, offset: int) -> Iterator[Sentence]:
    start = 0
    for match in _SENTENCE_END.finditer(block):
        if _is_abbreviation(block, match.start()) and not _ends_anyway(block, match):
            continue
        yield from _sentence(block, start, match.end(), offset)
        start = match.end()
    yield from _sentence(block, start, len(block), offset)


def _is_abbreviation(block: str, dot: int) -> bool:
    if block[dot] != ".":
        return False
    word = _LAST_WORD.search(block[max(0, dot - 40) : dot])
    if not word:
        return False
    token = word[1].lower()
    # An initial ("Donald J. Trump") or a known abbreviation ("U.S.", "Dr.").
    return (len(token) == 1 and token.isalpha()) or token.rstrip(".") in ABBREVIATIONS


def _ends_anyway(block: str, match: re.Match[str]) -> bool:
    """An abbreviation that may end a sentence, before a word that starts one."""
    word = _LAST_WORD.search(block[max(0, match.start() - 40) : match.start()])
    following = _FIRST_WORD.match(block, match.end())
    return bool(
        word
        and word[1].lower().rstrip(".") in FINAL_ABBREVIATIONS
        and following
        and following[1].lower() in SENTENCE_OPENERS
    )


def _sentence(block: str, start: int, end: int, offset: int) -> Iterator[Sentence]:
    piece = block[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        begin = offset + start + lead
        yield Sentence(begin, begin + len(stripped), stripped)


@dataclass(frozen=True)
class Heading:
    """A heading line of a document: its text, and where it stands."""

    start: int
    end: int
    text: str


# A heading is a short line of its own: at most this many characters and words.
HEADING_CHARACTERS = 120
HEADING_WORDS = 14
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_ENDS_PROSE = re.compile(r"[.;,:!?]\s*$|[.;,!?][\"'”’)\]]\s*$")
# A short line may end in an abbreviation's dot ("Average weekly earnings — N.L.").
_ENDS_ABBREVIATION = re.compile(r"^(?:\S+\s+){0,5}(?:[A-Z][a-z]{0,4}\.|(?:[A-Z]\.){2,})$")


def headings(text: str) -> list[Heading]:
    """The heading lines of a document, in order: a line marked as one (``## Results``), or
    a short line that ends no sentence and stands apart: a blank line (or the document's
    start) before it, and more text after it that does not go on with its sentence. A line
    mostly of digits and figures (a table's row) is none."""
    found: list[Heading] = []
    lines = text.split("\n")
    # In a hard-wrapped text the first line of a paragraph is short of nothing: a heading is
    # a line well short of the wrap's width.
    width = _wrap_width(lines)
    longest = HEADING_CHARACTERS if width is None else min(HEADING_CHARACTERS, int(0.7 * width))
    start = 0
    for n, line in enumerate(lines):
        end = start + len(line)
        stripped = line.strip()
        before = lines[n - 1].strip() if n else ""
        after = next((other.strip() for other in lines[n + 1 :] if other.strip()), "")
        if stripped and (
            _HEADING_MARK.match(line)
            or (
                len(stripped) <= longest
                and len(stripped.split()) <= HEADING_WORDS
                and not after[:1].islower()
                and (not _ENDS_PROSE.search(stripped) or _ENDS_ABBREVIATION.search(stripped))
                and not before
                and after
                and sum(c.isalpha() for c in stripped) > len(stripped) / 2
            )
        ):
            lead = len(line) - len(line.lstrip())
            name = _HEADING_MARK.sub("", stripped)
            found.append(Heading(start + lead, end, name))
        start = end + 1
    return found
