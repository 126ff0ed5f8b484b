"""Hand-offs: completion, --fields, empty shapes, -o -, --color, markdown escapes, help."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.render.markdown_format import cell
from tests.conftest import WriteDataset, fact_index

runner = CliRunner()
MONEY = "acf-case-management-awards-2022"
BIN = Path(sys.executable).parent


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env=env)


def factcli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "factcli"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


class TestCompletion:
    def bash(self, words: str, cword: int) -> list[str]:
        """What bash offers after sourcing factcli's script, for the words typed."""
        script = (
            'eval "$(_FACTCLI_COMPLETE=bash_source factcli)"\n'
            f"COMP_WORDS=({words}); COMP_CWORD={cword}\n"
            '_factcli_completion factcli; printf "%s\\n" "${COMPREPLY[@]}"\n'
        )
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
        done = subprocess.run(
            ["bash", "--norc", "-c", script], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout.split()

    @pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
    def test_bash_completes_commands_options_values_and_ids(self) -> None:
        """Through the real bash script: commands, options, --kind values, fact ids."""
        assert "timeline" in self.bash("factcli ti", 1)
        assert self.bash("factcli list --fi", 2) == ["--fields"]
        assert self.bash("factcli list --kind ''", 3) == ["statistic", "date", "money"]
        assert self.bash("factcli cite acf-case-management-a", 2) == [
            "acf-case-management-awards-2022",
            "acf-case-management-awards-date",
        ]

    @pytest.mark.parametrize(
        ("shell", "marker"), [("zsh", "#compdef factcli"), ("fish", "complete --command factcli")]
    )
    def test_zsh_and_fish_scripts(self, shell: str, marker: str) -> None:
        """zsh and fish get their scripts by the same variable."""
        done = factcli(env={"_FACTCLI_COMPLETE": f"{shell}_source"})
        assert done.returncode == 0, done.stderr
        assert marker in done.stdout

    def test_zsh_completes_ids_with_data(
        self, write_dataset: WriteDataset, shipped_raw: Any
    ) -> None:
        """Ids come from the dataset --data names."""
        shipped_raw["facts"][fact_index(shipped_raw, MONEY)]["id"] = "zz-only-here"
        for fact in shipped_raw["facts"]:
            fact["related"] = [
                ("zz-only-here" if r == MONEY else r) for r in fact.get("related", [])
            ]
        data = write_dataset(shipped_raw)
        args = f"factcli show --data {data} zz"
        done = factcli(env={"_FACTCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": args})
        assert "zz-only-here" in done.stdout

    def test_bad_instruction(self) -> None:
        """An unknown shell is a usage error."""
        done = factcli(env={"_FACTCLI_COMPLETE": "tcsh_source"})
        assert done.returncode == 2
        assert done.stderr.startswith("factcli: error: _FACTCLI_COMPLETE='tcsh_source'")

    def test_not_loaded_without_the_variable(self) -> None:
        """Ordinary calls import no completion machinery."""
        code = (
            "import sys\nfrom factcli.cli import main\ntry: main(['stats', '-f', 'plain'])\n"
            "except SystemExit: pass\nprint('factcli.completion' in sys.modules, file=sys.stderr)"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.stderr.strip() == "False"


class TestFields:
    @pytest.mark.parametrize("fmt", ["csv", "plain"])
    def test_columns_in_order(self, fmt: str) -> None:
        """csv and plain show the chosen columns in the order given."""
        result = run("money", "--fields", "currency,id,number", "-f", fmt)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        if fmt == "csv":
            assert lines[0] == "currency,id,number"
            lines = lines[1:]
        sep = "," if fmt == "csv" else "\t"
        assert lines[-1].split(sep) == ["USD", MONEY, "8500000"]

    @pytest.mark.parametrize("fmt", ["json", "jsonl"])
    def test_json_objects(self, fmt: str) -> None:
        """json and jsonl objects hold only the chosen keys; number stays a number."""
        result = run(
            "search", "awarded", "--kind", "money", "--fields", "id,number,start", "-f", fmt
        )
        assert result.exit_code == 0, result.output
        text = result.stdout
        objects = (
            json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
        )
        start = int(run("get", MONEY, "--field", "start").stdout)
        assert objects[0] == {"id": MONEY, "number": 8500000, "start": start}

    def test_show_with_fields(self) -> None:
        """show -f plain with --fields prints only those lines."""
        result = run("show", MONEY, "--fields", "value,currency", "-f", "plain")
        assert result.stdout == "value\t8500000\ncurrency\tUSD\n"

    def test_unknown_field_lists_known(self) -> None:
        """An unknown field is a usage error naming every known field."""
        result = run("list", "--fields", "id,amount")
        assert result.exit_code == 2
        assert "unknown field 'amount'" in result.stderr
        assert "known fields: id,kind,value" in result.stderr

    def test_table_refused(self) -> None:
        """--fields does not pretend to shape a table."""
        result = run("list", "--fields", "id", "-f", "table")
        assert result.exit_code == 2
        assert "--fields works with -f json, jsonl, csv, plain" in result.stderr


class TestEmptyShape:
    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (("search", "zebra", "-f", "json"), "[]\n"),
            (("money", "--min", "1T", "-f", "json"), "[]\n"),
            (("timeline", "--since", "2030", "-f", "json"), "[]\n"),
            (("ask", "zebra migration?", "-f", "json"), "[]\n"),
            (("search", "zebra", "-f", "jsonl"), ""),
            (("search", "zebra", "-f", "plain"), ""),
        ],
    )
    def test_json_empty_array(self, args: tuple[str, ...], expected: str) -> None:
        """Nothing found: [] for json (nothing for line formats), still exit 1 and the error."""
        result = run(*args)
        assert result.exit_code == 1
        assert result.stdout == expected
        assert result.stderr

    def test_csv_and_markdown_headers(self) -> None:
        """csv keeps its header (the chosen fields with --fields); markdown its table head."""
        header = run("list", "--tag", "zebra", "-f", "csv").stdout
        assert next(csv.reader(io.StringIO(header)))[:3] == ["id", "kind", "value"]
        empty = run("search", "zebra", "--fields", "id,number", "-f", "csv").stdout
        assert empty.splitlines() == ["id,number"]
        markdown = run("search", "zebra", "-f", "markdown").stdout.splitlines()
        assert markdown[0].startswith("| id | kind |") and markdown[1].startswith("|---|")

    def test_jq_length_reads_zero(self) -> None:
        """`factcli search nothing -f json | jq length` prints 0."""
        if shutil.which("jq") is None:
            pytest.skip("needs jq")
        done = subprocess.run(f"'{BIN / 'factcli'}' search zebra -f json | jq length",
                              shell=True, capture_output=True, text=True)  # fmt: skip
        assert done.stdout == "0\n"


class TestOutputAndColor:
    def test_dash_is_stdout(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """export -o - writes to stdout, not to a file named '-'."""
        monkeypatch.chdir(tmp_path)
        result = run("export", "-f", "csv", "-o", "-")
        assert result.stdout.startswith("id,kind,value")
        assert not Path("-").exists()

    def test_file_exports_need_a_path(self) -> None:
        """sqlite and datapackage refuse stdout."""
        result = run("export", "-f", "sqlite", "-o", "-")
        assert result.exit_code == 2
        assert "hint: name where with -o FILE" in result.stderr

    def test_color_always_when_piped(self) -> None:
        """--color always colors a table even through a pipe; never and NO_COLOR do not."""
        colored = factcli("money", "-f", "table", "--color", "always")
        assert "\x1b[" in colored.stdout
        assert "\x1b[" not in factcli("money", "-f", "table", "--color", "never").stdout
        assert "\x1b[" not in factcli("money", "-f", "table").stdout

    def test_color_always_yields_to_no_color_flag(self) -> None:
        """--no-color wins over --color always."""
        plain = factcli("money", "-f", "table", "--color", "always", "--no-color")
        assert "\x1b[" not in plain.stdout


class TestMarkdown:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("**bold** and _it_", r"\*\*bold\*\* and \_it\_"),
            ("`code`", r"\`code\`"),
            ("[a](http://x)", r"\[a\](http://x)"),
            ("<b>|", r"&lt;b&gt;\|"),
        ],
    )
    def test_cell_escapes(self, text: str, expected: str) -> None:
        """Emphasis, code, links, HTML and pipes are shown, not rendered."""
        assert cell(text) == expected

    def test_statement_escaped(self, shipped_raw: Any, write_dataset: WriteDataset) -> None:
        """A statement with markup comes out escaped in -f markdown."""
        shipped_raw["facts"][fact_index(shipped_raw, MONEY)]["statement"] = "ACF *awarded* `x`."
        result = run("show", MONEY, "-f", "markdown", "--data", str(write_dataset(shipped_raw)))
        assert r"ACF \*awarded\* \`x\`." in result.stdout


class TestHelp:
    @pytest.mark.parametrize(
        "name", ["FACTCLI_DATA", "FACTCLI_NO_CACHE", "FACTCLI_DEBUG", "NO_COLOR", "XDG_CACHE_HOME"]
    )
    def test_environment_listed(self, name: str) -> None:
        """factcli --help lists each environment variable it reads."""
        assert re.search(rf"^\s+{name}\s+\S", run("--help").stdout, re.MULTILINE)
