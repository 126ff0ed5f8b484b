"""The CLI package: each command found where the root says, and loaded only when run."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.cli.app import COMMANDS, registered_commands

runner = CliRunner()


def loaded_after(arguments: list[str], cwd: Path) -> set[str]:
    """The factcli modules a fresh interpreter has imported after running a command."""
    code = (
        "import sys\nfrom factcli.cli import main\n"
        f"try: main({arguments!r})\nexcept SystemExit: pass\n"
        "print(*sorted(m for m in sys.modules if m.startswith('factcli')), file=sys.stderr)"
    )
    env = {k: v for k, v in os.environ.items() if k != "FACTCLI_NO_CACHE"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd
    )
    return set(done.stderr.split())


class TestCommandModules:
    @pytest.mark.parametrize("module", sorted(set(COMMANDS.values())))
    def test_module_registers_what_the_root_lists(self, module: str) -> None:
        """Each command module registers exactly the commands the root maps to it."""
        registry = importlib.import_module(f"factcli.cli.{module}").commands
        listed = {name for name, home in COMMANDS.items() if home == module}
        assert set(registered_commands(registry)) == listed

    def test_help_lists_every_command(self) -> None:
        """The root help names every command, in the order of `COMMANDS`."""
        result = runner.invoke(app, ["--help"])
        assert result.exit_code == 0, result.output
        commands = result.stdout.split("Commands:")[1].split("Environment:")[0]
        listed = [line.split()[0] for line in commands.splitlines() if line.strip()]
        assert listed == list(COMMANDS)


class TestLazyLoading:
    def test_version_loads_no_command_module(self, tmp_path: Path) -> None:
        """--version imports the root alone: no command module, no option table."""
        loaded = loaded_after(["--version"], tmp_path)
        assert "factcli.cli.app" in loaded
        assert not {f"factcli.cli.{module}" for module in COMMANDS.values()} & loaded
        assert "factcli.cli.options" not in loaded

    def test_a_command_loads_its_own_module_only(self, tmp_path: Path) -> None:
        """A reading command does not import the authoring, export or cache commands."""
        loaded = loaded_after(["stats", "-f", "plain"], tmp_path)
        assert "factcli.cli.reading" in loaded
        others = {"authoring", "export", "cache", "cite", "ask"}
        assert not {f"factcli.cli.{module}" for module in others} & loaded


def choices(command: str, option: str) -> list[str]:
    """The values an option of a command accepts, as its built Click parameter lists them."""
    from factcli.cli.app import build_command

    (param,) = [p for p in build_command(command).params if option in p.opts]
    return [str(choice) for choice in param.type.choices]


class TestDerivedChoices:
    @pytest.mark.parametrize("command", ["list", "search", "extract"])
    def test_kinds_are_the_values_kinds(self, command: str) -> None:
        """--kind offers exactly the kinds of `values.Kind`."""
        from typing import get_args

        from factcli.language.values import Kind

        assert choices(command, "--kind") == list(get_args(Kind))

    def test_export_formats_are_output_formats_and_files(self) -> None:
        """export -f offers each output format but table and plain, then the file exports."""
        from factcli.render import OutputFormat

        texts = [f.value for f in OutputFormat if f.value not in ("table", "plain")]
        assert choices("export", "--format") == [*texts, "sqlite", "datapackage"]

    def test_cite_formats_are_the_citation_writers(self) -> None:
        """cite -f offers each form `citations` writes, and each one runs."""
        from factcli.citations import CITATIONS

        assert choices("cite", "--format") == list(CITATIONS)
        for form in CITATIONS:
            result = runner.invoke(app, ["cite", "acf-case-management-awards-2022", "-f", form])
            assert result.exit_code == 0, result.output


def imported_by(
    arguments: list[str], cwd: Path
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime -m factcli ARGS``: the run, and every module it imported."""
    command = [sys.executable, "-X", "importtime", "-m", "factcli", *arguments]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=cwd)
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return done, {line.rsplit("|", 1)[-1].strip() for line in lines[1:]}


class TestLightCommands:
    @pytest.mark.parametrize(
        "arguments",
        [
            ["search", "award", "-f", "plain"],
            ["list", "-f", "json"],
            ["stats", "-f", "csv"],
            ["timeline", "-f", "markdown"],
            ["show", "ofvps-established-date", "-f", "jsonl"],
            ["ask", "How much did ACF award for case management?", "-f", "table"],
        ],
        ids=" ".join,
    )
    def test_reading_leaves_extraction_unloaded(self, arguments: list[str], tmp_path: Path) -> None:
        """The commands that read a dataset load neither the extraction package nor the
        readers of figures in text (`verify`'s): they are slow to import, and only
        ``extract``, ``add`` and ``verify`` use them. Every output format is drawn."""
        from tests.conftest import SHIPPED

        done, imported = imported_by([*arguments, "--data", str(SHIPPED)], tmp_path)
        assert done.returncode == 0, done.stderr
        assert "factcli.render" in imported  # the output was drawn
        loaded = {m for m in imported if m.startswith("factcli.extract")}
        assert not loaded | ({"factcli.language.readers"} & imported)

    @pytest.mark.parametrize(
        "arguments", [["--version"], ["cache", "info"], ["cache", "clear"]], ids=" ".join
    )
    def test_neither_pydantic_nor_rich(self, arguments: list[str], tmp_path: Path) -> None:
        """--version and the cache commands, with an index in the cache, load neither
        pydantic nor rich: they read no dataset and draw no table."""
        built = runner.invoke(app, ["stats", "-f", "plain"])  # an index for the cache to list
        assert built.exit_code == 0, built.output
        done, imported = imported_by(arguments, tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip()
        assert "factcli.cli.app" in imported  # the run was seen
        assert not {"pydantic", "rich"} & imported
        # nor the code that reads facts: listing the cache opens no store
        reading = {"factcli.store.store", "factcli.store.search", "factcli.model.records"}
        assert not reading & imported
