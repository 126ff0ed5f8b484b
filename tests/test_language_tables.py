"""One table of months and one of scale words: every other module takes its words from
them (`factcli.language.calendar`, `factcli.language.scales`), so that no list of month
names or scale words is written twice."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from factcli.language.calendar import (
    MISSPELT_MONTH_PATTERN,
    MONTH_NAMES,
    MONTH_PATTERN,
    MONTH_WORD_PATTERN,
    MONTHS,
    month_number,
)
from factcli.language.patterns import any_word
from factcli.language.scales import PLURAL_SCALES, SCALE_PATTERN, SCALE_WORDS, SCALES

PACKAGE = Path(__file__).resolve().parent.parent / "factcli"
TABLES = {"language/calendar.py", "language/scales.py"}
SOURCES = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py"))
# Long month names: a list of months holds some, an example of a date rarely does.
LONG_MONTH_NAMES = {name.lower() for name in MONTH_NAMES if len(name) > 5}
# Scale words of more than one letter, and their plurals.
SCALE_TOKENS = {word for word in [*SCALES, *PLURAL_SCALES] if len(word) > 1}


def literals(path: Path) -> list[list[str]]:
    """The words of each string literal of a module (docstrings aside), and of each
    collection of string literals (a set, list, tuple or dict) as one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }

    def words(nodes: list[ast.expr | None]) -> list[str]:
        texts = [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        return [word.lower() for text in texts for word in re.findall(r"[A-Za-z]+", text)]

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            found.append(words([node]))
        elif isinstance(node, ast.Set | ast.List | ast.Tuple):
            found.append(words(list(node.elts)))
        elif isinstance(node, ast.Dict):
            found.append(words([*node.keys, *node.values]))
    return found


def month_lists(path: Path) -> list[list[str]]:
    """The literals of a module that list months: five months or more, or a long name."""
    return [
        words
        for words in literals(path)
        if len({MONTHS[w] for w in words if w in MONTHS}) >= 5 or LONG_MONTH_NAMES & set(words)
    ]


def scale_lists(path: Path) -> list[list[str]]:
    """The literals of a module that list scale words: three of them or more."""
    return [words for words in literals(path) if len(SCALE_TOKENS & set(words)) >= 3]


@pytest.mark.parametrize("module", [m for m in SOURCES if m not in TABLES])
def test_no_module_lists_months_or_scales(module: str) -> None:
    """Month names and scale words are written once, in their tables; every other module
    makes its patterns and dictionaries from them."""
    assert month_lists(PACKAGE / module) == []
    assert scale_lists(PACKAGE / module) == []


def test_the_scan_sees_the_tables() -> None:
    """The scan finds the tables where they are (else it checks nothing)."""
    assert month_lists(PACKAGE / "language" / "calendar.py")
    assert scale_lists(PACKAGE / "language" / "scales.py")


@pytest.mark.parametrize(
    ("line", "months", "scales"),
    [
        ('W = "january february march april may june jan feb mar apr jun".split()', True, False),
        ('Q = {"March": 3, "June": 6, "September": 9, "December": 12}', True, False),
        ('B = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep")', True, False),
        ('M = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may)"', True, False),
        ('S = r"(?:thousand|million|billion|trillion|mn|bn|tn|[kmbt])"', False, True),
        ('U = {"thousands": 10**3, "millions": 10**6, "billions": 10**9}', False, True),
        ("E = \"'April 26, 2023', 'March 2023', 'Oct. 2022', '$8.5 million'\"", False, False),
        ('D = {"no", "mar", "est", "dec", "jan", "jun", "k"}', False, False),
        ('"""Docstring: "January 2017", "$5 million", "a billion", "3 trillion"."""', False, False),
    ],
)  # fmt: skip
def test_the_scan_sees_lists(tmp_path: Path, line: str, months: bool, scales: bool) -> None:
    """A list of months or of scale words is seen, in a string, a pattern or a collection;
    examples of a date or an amount are not a list."""
    module = tmp_path / "module.py"
    module.write_text(line + "\n", encoding="utf-8")
    assert (bool(month_lists(module)), bool(scale_lists(module))) == (months, scales)


class TestTables:
    def test_every_month_word(self) -> None:
        """Each name and abbreviation reads as its month, and every pattern finds it, with
        a full stop after an abbreviation."""
        for word, number in MONTHS.items():
            assert month_number(word) == number == month_number(word.title() + ".")
            for pattern in (MONTH_PATTERN, MONTH_WORD_PATTERN, MISSPELT_MONTH_PATTERN):
                assert re.fullmatch(pattern, word), (pattern, word)
            assert re.fullmatch(MONTH_PATTERN, word.title() + ".", re.IGNORECASE)
        assert not re.fullmatch(MONTH_WORD_PATTERN, "may.", re.IGNORECASE)
        assert re.fullmatch(MONTH_PATTERN, "may.")
        assert month_number("febuary") == 2
        assert re.fullmatch(MISSPELT_MONTH_PATTERN, "febuary")
        assert not re.match(MISSPELT_MONTH_PATTERN, "marketing")

    def test_every_scale_word(self) -> None:
        """Each scale word and short form is found whole, and read as its factor."""
        for word in SCALES:
            assert re.fullmatch(SCALE_PATTERN, word)
        assert SCALES["bn"] == SCALE_WORDS["billion"] == 10**9


class TestAnyWord:
    @pytest.mark.parametrize(
        "words",
        [
            ["jan", "january", "june", "jun", "july"],
            ["m", "mn", "million", "b", "bn", "billion"],
            ["sep", "sept", "september", "sep.", "sept."],
            ["a", "ab", "abc", "b"],
            ["$", "c$", "us$", "."],
        ],
    )
    def test_same_as_longest_first(self, words: list[str]) -> None:
        """The tree matches what an alternation sorted longest first matches, at every
        place of a text, preferring the same words."""
        flat = "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
        text = " ".join(words) + " " + "".join(words) + " junejul sept. c$us$"
        for follow in ("", r"\b", r"(?=\.)", r"\w"):
            assert [m.span() for m in re.finditer(any_word(words) + follow, text)] == [
                m.span() for m in re.finditer(flat + follow, text)
            ]

    def test_tree(self) -> None:
        """Words that begin alike share their beginning."""
        assert any_word(["jan", "january"]) == "(?:jan(?:uary)?)"
        assert any_word(["mn", "m", "million"]) == "(?:m(?:illion|n)?)"
