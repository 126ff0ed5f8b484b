"""Help and README keep up with the CLI: whole summaries in --help, and a README command
table that names every command and every export format."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.cli.app import COMMANDS, build_command
from factcli.cli.export import EXPORT_FORMATS
from tests.conftest import REPO

runner = CliRunner()
# The groups of commands, each with its own list of commands.
GROUPS = ("source", "cache")


def summary(help_text: str) -> str:
    """A command's summary: the first sentence of its help, as one line."""
    first = " ".join(help_text.partition("\n\n")[0].split())
    return first


def commands_section(arguments: list[str], columns: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = runner.invoke(app, [*arguments, "--help"], terminal_width=columns)
    assert result.exit_code == 0, result.output
    return result.stdout.split("Commands:\n")[1].split("\n\n")[0]


def subcommands(group: str) -> dict[str, str]:
    """Each command of a group and its help."""
    built = build_command(group)
    return {name: built.commands[name].help or "" for name in built.commands}


class TestWholeSummaries:
    @pytest.mark.parametrize("group", [(), *((g,) for g in GROUPS)])
    def test_each_summary_is_whole_on_its_line(
        self, group: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """At 80 columns each command's line holds its whole first sentence, no "..."."""
        helps = (
            subcommands(group[0])
            if group
            else {name: build_command(name).help or "" for name in COMMANDS}
        )
        lines = commands_section(list(group), 80, monkeypatch).splitlines()
        assert len(lines) == len(helps), "a summary was wrapped onto a second line"
        for line, (name, text) in zip(lines, helps.items(), strict=True):
            assert line.split(maxsplit=1) == [name, summary(text)]
            assert len(line) <= 80

    def test_narrow_terminal_wraps_instead_of_cutting(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a narrow terminal a summary goes on over the next lines: never "..."."""
        section = commands_section([], 40, monkeypatch)
        assert not [line for line in section.splitlines() if line.endswith(("...", "…"))]
        words = " ".join(section.split())
        for name in COMMANDS:
            assert summary(build_command(name).help or "") in words


def readme_commands() -> dict[str, str]:
    """The README's command table: each row's command cell and its text."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands\n", 1)[1].strip().split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[cells[0]] = cells[1]
    return rows


def named_commands(cell: str) -> set[str]:
    """The commands a cell names: `factcli cache info`, `factcli cache clear` name
    "cache info" and "cache clear"; `factcli stats` names "stats"."""
    names = set()
    for code in re.findall(r"`factcli ([^`]*)`", cell):
        words = code.split()
        names.add(" ".join(words[:2]) if words[0] in GROUPS else words[0])
    return names


class TestReadmeCommandTable:
    def test_every_command_is_in_the_table(self) -> None:
        """Each registered command (and each command of a group) has a row, and each row
        names a command that exists."""
        expected = {name for name in COMMANDS if name not in GROUPS}
        expected |= {f"{group} {name}" for group in GROUPS for name in subcommands(group)}
        named = set().union(*map(named_commands, readme_commands()))
        assert named == expected

    def test_every_export_format_is_named(self) -> None:
        """The export row names every format export writes."""
        (text,) = [text for cell, text in readme_commands().items() if "factcli export" in cell]
        missing = [fmt for fmt in EXPORT_FORMATS if not re.search(rf"\b{fmt}\b", text)]
        assert not missing, f"the README's export row does not name {missing}"
