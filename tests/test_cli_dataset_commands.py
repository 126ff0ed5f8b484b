"""verify and schema through the CLI: output, exit codes, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from factcli.cli import app
from tests.conftest import COMMANDS, SHIPPED, WriteDataset, fact_index

runner = CliRunner()


class TestVerify:
    def test_clean(self) -> None:
        """The bundled dataset verifies clean: exit 0 and one summary line."""
        result = runner.invoke(app, ["verify"])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("ok: 10 facts from 1 source verified")
        assert result.stderr == ""

    def test_problems_exit_1(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Problems are listed one a line with a summary, and the exit code is 1."""
        fact = shipped_raw["facts"][fact_index(shipped_raw, "fvpsa-program-years")]
        fact["value"]["amount"] = "39"
        result = runner.invoke(app, ["verify", "--data", str(write_dataset(shipped_raw))])
        assert result.exit_code == 1, result.output
        lines = result.stdout.splitlines()
        assert lines[0] == (
            "fvpsa-program-years: value 39 differs from 38, which the text '38 years' says"
        )
        assert lines[1].startswith("1 problem in 10 facts from 1 source")

    def test_environment_dataset(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """FACTCLI_DATA picks the dataset when --data is not given."""
        path = write_dataset(shipped_raw)
        result = runner.invoke(app, ["verify"], env={"FACTCLI_DATA": str(path)})
        assert str(path.resolve()) in result.stdout

    def test_unloadable_exit_2(self, tmp_path: Path) -> None:
        """A dataset that cannot be loaded: one error line on stderr, exit 2, no traceback."""
        result = runner.invoke(app, ["verify", "--data", str(tmp_path / "none.json")])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.splitlines()[0] == (
            f"factcli: error: dataset not found: {tmp_path / 'none.json'}"
        )
        assert "Traceback" not in result.stderr

    def test_schema_errors_listed(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Schema problems follow the error line, each with its JSON path."""
        shipped_raw["facts"][0]["kind"] = "number"
        result = runner.invoke(app, ["verify", "--data", str(write_dataset(shipped_raw))])
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert lines[0].startswith("factcli: error: dataset ") and "(1 problem)" in lines[0]
        assert lines[1].startswith("  facts[0].kind (fact 'hhs-survivors-roundtable-date'): ")
        assert lines[2] == "hint: run 'factcli schema' to see the expected format"


class TestSchema:
    def test_validates_shipped_dataset(self) -> None:
        """The printed schema is valid JSON Schema, and the shipped dataset satisfies it."""
        result = runner.invoke(app, ["schema"])
        assert result.exit_code == 0, result.output
        schema = json.loads(result.stdout)
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(json.loads(SHIPPED.read_text(encoding="utf-8")), schema)

    def test_rejects_what_models_reject(self, shipped_raw: dict[str, Any]) -> None:
        """The schema forbids unknown fields and float amounts, as the models do."""
        schema = json.loads(runner.invoke(app, ["schema"]).stdout)
        validator = jsonschema.Draft202012Validator(schema)
        shipped_raw["facts"][0]["valu"] = 1
        money = shipped_raw["facts"][fact_index(shipped_raw, "acf-case-management-awards-2022")]
        money["value"]["amount"] = 8500000
        assert len(list(validator.iter_errors(shipped_raw))) >= 2


class TestUsage:
    def test_version(self) -> None:
        """--version prints the name and version."""
        result = runner.invoke(app, ["--version"])
        assert result.exit_code == 0
        assert result.stdout.startswith("factcli ")

    def test_unknown_option(self) -> None:
        """A bad option is one error line and a hint, exit 2."""
        result = runner.invoke(app, ["verify", "--bogus"])
        assert result.exit_code == 2
        assert result.stderr == (
            "factcli: error: No such option: --bogus\nhint: try 'factcli verify --help'\n"
        )

    def test_unknown_command(self) -> None:
        """An unknown command suggests the close one."""
        result = runner.invoke(app, ["verfy"])
        assert result.exit_code == 2
        assert result.stderr.startswith("factcli: error: No such command 'verfy'. Did you mean")

    def test_no_command_prints_help(self) -> None:
        """factcli alone shows what it can do."""
        result = runner.invoke(app, [])
        assert result.exit_code == 0
        listed = result.stdout.split("Commands:")[1].split()
        for command in COMMANDS:
            assert command in listed

    def test_help_short_flag(self) -> None:
        """-h works like --help, and help shows an example."""
        result = runner.invoke(app, ["verify", "-h"])
        assert result.exit_code == 0
        assert "Example: factcli verify" in result.stdout

    def test_internal_error_is_one_line(self, monkeypatch: Any) -> None:
        """An unexpected exception is one line unless FACTCLI_DEBUG=1 asks for the traceback."""
        import factcli.model.provenance

        def broken(*args: object) -> None:
            raise ZeroDivisionError("boom")

        monkeypatch.setattr(factcli.model.provenance, "verify_dataset", broken)
        result = runner.invoke(app, ["verify"])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            "factcli: error: internal error: ZeroDivisionError: boom",
            "hint: set FACTCLI_DEBUG=1 to see the traceback",
        ]
        debug = runner.invoke(app, ["verify"], env={"FACTCLI_DEBUG": "1"})
        assert isinstance(debug.exception, ZeroDivisionError)
