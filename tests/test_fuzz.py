"""Fuzzing every command and format with hostile strings (issue 11).

Generated text mixes control characters, escape sequences, bidi controls, zero-width
characters, lone surrogates, huge numbers and FTS5 query syntax. It goes into dataset
fields (values included) and into arguments. Whatever comes in, factcli must end with a
documented exit code (0, 1 or 2), never an internal error, and never write a character
that could steer a terminal.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factcli.cli import app
from factcli.controls import has_unsafe
from tests.conftest import REPO, SHIPPED

runner = CliRunner()
MONEY = "acf-case-management-awards-2022"
FORMATS = ("table", "plain", "json", "jsonl", "csv", "markdown")
SHIPPED_RAW = json.loads(SHIPPED.read_text(encoding="utf-8"))

HOSTILE = [
    "\x00", "\x07", "\x08", "\t", "\n", "\r", "\x1b", "\x1b[2J", "\x1b[1A", "\x1b]0;t\x07",
    "\x1b]52;c;eA==\x07", "\x7f", "\x85", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069",
    "\u200b", "\u2060", "\ufeff", "\u2028", "\ud800", "\udfff", "\udcff",
    '"', "'", "*", "^", ":", "(", ")", "{", "}", "-", "+", "NEAR(", " AND ", " OR ", " NOT ",
    "%", "_", "\\", "|", "<b>", "&", "=", "@", "[red]", "1e999", "NaN", "-0", "0.",
    "9" * 30, "1" + "0" * 28, "8500000.000000000000000000000001", "9" * 5000,
]  # fmt: skip
pieces = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=8),
    st.characters(codec=None, categories=["Cc", "Cf", "Cs", "Zl", "Zp"]).map(str),
    st.integers(min_value=0, max_value=10**40).map(str),
)
hostile_text = st.lists(pieces, min_size=1, max_size=12).map("".join)

# Where a generated string goes in the dataset, and commands to run on it.
FIELDS: list[tuple[Any, ...]] = [
    ("title",),
    ("sources", 0, "title"),
    ("sources", 0, "publisher"),
    ("sources", 0, "url"),
    ("sources", 0, "file"),
    ("facts", 5, "statement"),
    ("facts", 5, "text"),
    ("facts", 5, "subject"),
    ("facts", 5, "note"),
    ("facts", 5, "tags", 0),
    ("facts", 5, "source", "quote"),
    ("facts", 5, "value", "amount"),
    ("facts", 5, "when"),
    ("facts", 5, "id"),
    ("facts", 8, "value", "unit"),
]


def _commands(fmt: str) -> list[list[str]]:
    return [
        ["list", "-f", fmt],
        ["show", MONEY, "-f", fmt],
        ["search", "ACF", "-f", fmt],
        ["ask", "How much did ACF award in October 2022?", "-f", fmt],
        ["timeline", "-f", fmt],
        ["sources", "-f", fmt],
        ["get", MONEY, "--field", "statement"],
        ["export", "-f", "csv" if fmt == "table" else fmt if fmt != "plain" else "jsonl"],
        ["verify"],
    ]


def check(args: list[str], env: dict[str, str] | None = None) -> None:
    """One run: a documented exit code, no internal error, nothing that steers a terminal."""
    result = runner.invoke(app, args, env=env)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "internal error" not in result.stderr, (args, result.stderr)
    stdout = result.stdout.replace("\r\n", "\n")  # csv rows end in CRLF
    assert not has_unsafe(stdout, line_breaks=True), (args, stdout)
    assert not has_unsafe(result.stderr, line_breaks=True), (args, result.stderr)


def _set(raw: Any, where: tuple[Any, ...], value: str) -> None:
    for part in where[:-1]:
        raw = raw[part]
    raw[where[-1]] = value


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.sampled_from(FIELDS), value=hostile_text, fmt=st.sampled_from(FORMATS))
def test_hostile_dataset_fields(
    where: tuple[Any, ...], value: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostile string in any dataset field: every command and format stays clean."""
    monkeypatch.setenv("FACTCLI_NO_CACHE", "1")
    raw = json.loads(json.dumps(SHIPPED_RAW))
    _set(raw, where, value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.json"
        (Path(folder) / "sources").symlink_to(REPO / "data" / "sources")
        path.write_text(json.dumps(raw, ensure_ascii=True), encoding="utf-8")
        for args in _commands(fmt):
            check([*args, "--data", str(path)])


ARGUMENTS = [
    lambda text, fmt: ["search", text, "-f", fmt],
    lambda text, fmt: ["ask", text, "-f", fmt],
    lambda text, fmt: ["show", text, "-f", fmt],
    lambda text, fmt: ["get", MONEY, "--field", text],
    lambda text, fmt: ["get", text],
    lambda text, fmt: ["list", "--since", text, "-f", fmt],
    lambda text, fmt: ["money", "--min", text, "-f", fmt],
    lambda text, fmt: ["list", "--tag", text, "-f", fmt],
    lambda text, fmt: ["list", "--source", text, "-f", fmt],
    lambda text, fmt: ["timeline", "--attributed-to", text, "-f", fmt],
    lambda text, fmt: ["list", "--data", text],
    lambda text, fmt: ["export", "-f", "markdown", "--until", text],
]


@settings(max_examples=100, deadline=None)
@given(make=st.sampled_from(ARGUMENTS), text=hostile_text, fmt=st.sampled_from(FORMATS))
def test_hostile_arguments(make: Any, text: str, fmt: str) -> None:
    """A hostile string as any argument, from the index: clean exit, clean output."""
    check(make(text, fmt))


@settings(max_examples=40, deadline=None)
@given(before=hostile_text, after=hostile_text, fmt=st.sampled_from(FORMATS))
def test_hostile_documents(before: str, after: str, fmt: str) -> None:
    """A document holding hostile text around a figure: extract stays clean."""
    text = f"{before} In October 2022, ACF awarded $8.5 million to 10 groups. {after}\n"
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "document.txt"
        document.write_bytes(text.encode("utf-8", "replace"))  # (no lone surrogate in a file)
        check(["extract", str(document), "-f", fmt])
