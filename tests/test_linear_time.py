"""Issue 33, row 1: extraction takes time in proportion to a text's length, whatever the
text holds. Each attack is a line crafted to make a regular expression (or a rule that
looks along a line) work with the square of its length."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcli.extract import extract_text
from factcli.extract.prose import prose_view

# The inputs, and their kin.
ATTACKS = (
    "1", "1.", "1 ", "1%", "1-", "1 in ", "ages 1 to ", "one hundred ", "ABC ",
    "Section 1.1. ", "$1 ", "1,", "1/", "January 1, ", "(1) ", "1 million ", "FY1 ", "Q1 ",
    "a", " ", ".", "Word. ", "-", "\t",
)  # fmt: skip
MEGABYTE = 1_000_000


def _line(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def _seconds(text: str) -> float:
    started = time.perf_counter()
    extract_text(text, doc="attack", file="attack.txt")
    return time.perf_counter() - started


@pytest.mark.parametrize("pattern", ATTACKS)
def test_a_megabyte_line_is_read_in_under_two_seconds(pattern: str) -> None:
    """A 1 MB line of any repeated pattern (200,000 `1`s took over 30 s)."""
    assert _seconds(_line(pattern, MEGABYTE)) < 2.0


@settings(max_examples=8, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from([*ATTACKS, "Total: ", "$8.5 million", "percent", "\n", "(", "—"]),
        min_size=1,
        max_size=6,
    )
)
def test_time_grows_with_the_length_not_its_square(parts: list[str]) -> None:
    """Ten times the text takes about ten times as long, never a hundred (a fixed cost
    per call aside), in one line or in many (a paragraph of thousands of short lines took
    the square of its lines; so did a run of blank lines)."""
    unit = "".join(parts)
    small = _seconds(_line(unit, 5_000))
    large = _seconds(_line(unit, 50_000))
    assert large < 20 * small + 0.5


def test_prose_keeps_every_offset() -> None:
    """What extraction reads of a long line maps back to the document's own offsets: a
    figure after a megabyte of noise is found where it stands."""
    noise = _line("1 ", 50_000)
    sentence = "The agency awarded $8.5 million to the states in that year. "
    text = noise + sentence + _line("ABC ", 50_000)
    view = prose_view(text)
    assert len(view.text) < len(text)
    found = extract_text(text, doc="d", file="d.txt")
    money = [c for c in found if c.kind == "money"]
    assert [c.text for c in money] == ["$8.5 million"]
    assert text[money[0].start : money[0].end] == "$8.5 million"
    assert text[money[0].sentence_start : money[0].sentence_end] == money[0].sentence


@pytest.mark.parametrize("unit", ["1\n", "1 \n", "$1 \n", "1,\n", "\n", " \n", "\t\n"])
def test_many_short_lines_take_linear_time(unit: str) -> None:
    """Forty thousand characters of short lines: about four times ten thousand's time."""
    small = _seconds(_line(unit, 10_000))
    assert _seconds(_line(unit, 40_000)) < 8 * small + 0.5


def test_ordinary_text_is_read_as_it_is() -> None:
    """A document of paragraphs is its own view: nothing of it is cut or left out."""
    text = "In 2023, the program served 1,200 families.\n\nIt cost $4 million.\n"
    assert prose_view(text).text is text


def test_a_long_link_keeps_what_stands_before_its_address() -> None:
    """'[S.Con.Res. 33](https://...)': the run is too long to be a figure, but the name's
    '33' before the address stays (the frames of the document's figures name the
    resolution, as they do in the text itself)."""
    address = "https://crsreports.congress.gov/bill/119th-congress/senate-concurrent-resolution/33"
    text = f"On April 23, 2026, the Senate adopted [S.Con.Res. 33]({address})."
    view = prose_view(text).text
    assert view.startswith("On April 23, 2026, the Senate adopted [S.Con.Res. 33 ")
    assert "https" not in view and len(view) == len(text)
