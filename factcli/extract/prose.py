"""What of a document extraction reads, so that its work grows with the text's length, never
with the square of a line's: the text as prose, in bounded lines.

Extraction's rules look along a line (the words before a figure, the line a table cell is
in) and its sentence (every figure of it), so a line of a megabyte costs a megabyte per
figure. `prose_view` gives a text of the same length, each character where it was, in
which:

- a run of `MAX_TOKEN` or more characters without a space is blanked: no figure, date or
  amount is written that long (a run of 200,000 digits is no number anyone quotes);
- a line longer than `MAX_LINE` is cut into pieces of at most `PIECE` characters, at a
  sentence's end where one is near, else at a space (the space becomes a line break);
- a piece of such a line that has no sentence end, more than one figure in every
  `DENSE_EVERY` characters, or sentences shorter than `SHORTEST_SENTENCE` characters on
  average, is a stretch of data or noise, not prose: it is blanked;
- a blank stretch of `COLLAPSE` characters or more is cut to its first and last
  `_KEPT` characters, so what is not prose costs nothing to read. `ProseView.original` gives the
  document's offset of each offset of the view.

Real documents' lines are paragraphs, table rows and headings, far under `MAX_LINE`:
their text is read as it is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from factcli.language.readers import WORDS_PATTERN
from factcli.language.scales import SCALE_WORD_PATTERN

MAX_TOKEN = 64
MAX_LINE = 4000
PIECE = 1000
DENSE_EVERY = 12
COLLAPSE = 200
SHORTEST_SENTENCE = 24

_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN},}}")
# Where a link's address starts in a run of characters: "33](https://...)", "page(http...".
_ADDRESS = re.compile(r"\]\(|\(|://")


def _blanked(match: re.Match[str]) -> str:
    """A run too long to be a figure, blanked; what stands before a link's address in it is
    kept ("[S.Con.Res. 33](https://...)" keeps "33]": the name's figure is no address)."""
    run = match[0]
    address = _ADDRESS.search(run, 0, MAX_TOKEN)
    kept = address.start() if address is not None and address.start() > 0 else 0
    return run[:kept] + " " * (len(run) - kept)


# A figure's start: a run of digits, or a word that counts.
_FIGURE = re.compile(
    rf"\d+|\b(?:{WORDS_PATTERN}|hundred|{SCALE_WORD_PATTERN}|half|quarter|percent)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")
# A blank stretch, matched from its start only (so each is scanned once).
_BLANKS = re.compile(rf"(?<!\s)\s{{{COLLAPSE},}}|^\s{{{COLLAPSE},}}")
# How many characters of each end of a blank stretch are kept.
_KEPT = 8


@dataclass(frozen=True)
class ProseView:
    """The prose of a document (`text`), and where each of its stretches stands in the
    document: ``starts[n]`` in the view is ``origins[n]`` in the document."""

    text: str
    starts: tuple[int, ...] = (0,)
    origins: tuple[int, ...] = (0,)

    def original(self, offset: int) -> int:
        """The document's offset of an offset of the view."""
        n = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[n] + (offset - self.starts[n])


def prose_view(text: str) -> ProseView:
    """The text as extraction reads it (see the module); the text itself when it is all
    prose in lines of a sound length, without long blank stretches."""
    same = _LONG_TOKEN.sub(_blanked, text)
    if len(same) > MAX_LINE and any(len(line) > MAX_LINE for line in same.split("\n")):
        same = "\n".join(_read_line(line) for line in same.split("\n"))
    if same == text and _BLANKS.search(text) is None:
        return ProseView(text)
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    at = 0  # in the document
    size = 0  # of the view so far
    for blank in _BLANKS.finditer(same):
        # A blank stretch keeps its first and last characters (a line break stays one).
        head, tail = (
            same[blank.start() : blank.start() + _KEPT],
            same[blank.end() - _KEPT : blank.end()],
        )
        for piece, origin in (
            (same[at : blank.start()], at), (head, blank.start()), (tail, blank.end() - _KEPT),
        ):  # fmt: skip
            starts.append(size)
            origins.append(origin)
            parts.append(piece)
            size += len(piece)
        at = blank.end()
    starts.append(size)
    origins.append(at)
    parts.append(same[at:])
    return ProseView("".join(parts), tuple(starts), tuple(origins))


def _read_line(line: str) -> str:
    if len(line) <= MAX_LINE:
        return line
    pieces = []
    start = 0
    while start < len(line):
        end = _cut(line, start)
        pieces.append(_prose_or_blank(line[start:end]))
        start = end + 1  # the space cut at becomes the line break
    joined = "\n".join(pieces)
    return joined[: len(line)]


def _cut(line: str, start: int) -> int:
    """Where the piece of ``line`` that starts at ``start`` ends: at a space, after a
    sentence's end if one is in its second half, at most `PIECE` characters on."""
    limit = start + PIECE
    if limit >= len(line):
        return len(line)
    ends = [m.end() - 1 for m in _SENTENCE_END.finditer(line, start + PIECE // 2, limit + 1)]
    if ends:
        return ends[-1]
    space = line.rfind(" ", start + 1, limit + 1)
    if space <= start:
        space = line.find(" ", limit)
        return len(line) if space < 0 else space
    return space


def _prose_or_blank(piece: str) -> str:
    figures = sum(1 for _ in _FIGURE.finditer(piece))
    ends = sum(1 for _ in _SENTENCE_END.finditer(piece + " "))
    if not ends or figures * DENSE_EVERY > len(piece) or ends * SHORTEST_SENTENCE > len(piece):
        return " " * len(piece)
    return piece
