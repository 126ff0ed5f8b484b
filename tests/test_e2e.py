"""The installed ``factcli`` command in a real process: real pipes, real exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WriteDataset

BIN = Path(sys.executable).parent / "factcli"


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, shell: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed command (or a shell pipeline using it) from another folder."""
    if not BIN.exists():
        pytest.fail(f"factcli is not installed beside {sys.executable}: run 'pip install .'")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FACTCLI_")}
    environment.update(env or {})
    command: Any = shell.replace("factcli", str(BIN)) if shell else [str(BIN), *args]
    return subprocess.run(
        command,
        cwd=cwd,
        env=environment,
        shell=bool(shell),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_verify_bundled_from_any_folder(tmp_path: Path) -> None:
    """From an unrelated folder, the installed command finds and verifies its own dataset."""
    result = run("verify", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 10 facts from 1 source verified")
    assert result.stderr == ""


def test_schema_is_json(tmp_path: Path) -> None:
    """The installed command prints a JSON Schema."""
    result = run("schema", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")


def test_broken_dataset_exit_2_without_traceback(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    """A broken dataset: exit 2, one error line, nothing on stdout."""
    path = write_dataset(None, text='{"schema_version": "1.0", ')
    result = run("verify", "--data", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("factcli: error: dataset ")
    assert "Traceback" not in result.stderr


def test_verify_problems_exit_1(
    write_dataset: WriteDataset, shipped_raw: dict[str, Any], tmp_path: Path
) -> None:
    """verify finding problems exits 1 in a real process."""
    shipped_raw["facts"][0]["source"]["start"] += 1
    result = run("verify", cwd=tmp_path, env={"FACTCLI_DATA": str(write_dataset(shipped_raw))})
    assert result.returncode == 1
    assert "quote does not match source text" in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    """python -m factcli works like the command."""
    result = subprocess.run(
        [sys.executable, "-m", "factcli", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("factcli ")


def _in_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the installed command with a pseudo-terminal as stdout; return what it wrote."""
    import pty

    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FACTCLI_") and k not in ("NO_COLOR", "FORCE_COLOR")
    }
    environment.update({"TERM": "xterm-256color", "COLUMNS": "100", **(env or {})})
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [str(BIN), *args], stdout=follower, stderr=subprocess.PIPE, env=environment
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


class TestTerminal:
    def test_table_with_color_on_a_terminal(self) -> None:
        """On a terminal the default is a colored table."""
        output = _in_terminal("stats")
        assert "\x1b[" in output and "Statistics ·" in output

    def test_no_color_environment(self) -> None:
        """NO_COLOR keeps the table and drops the color."""
        output = _in_terminal("stats", env={"NO_COLOR": "1"})
        assert "Statistics ·" in output and "\x1b[" not in output

    def test_no_color_flag(self) -> None:
        """--no-color does what NO_COLOR does."""
        output = _in_terminal("show", "us-women-violence-lifetime-ratio", "--no-color")
        assert "over 1 in 3" in output and "\x1b[" not in output


class TestPipes:
    def test_grep_women(self, tmp_path: Path) -> None:
        """factcli stats | grep -i women: the women's statistic as one TSV line."""
        result = run(cwd=tmp_path, shell="factcli stats | grep -i women")
        lines = result.stdout.splitlines()
        assert [line.split("\t")[0] for line in lines] == ["us-women-violence-lifetime-ratio"]
        assert lines[0].split("\t")[2] == "1/3"

    def test_money_values_through_jq(self, tmp_path: Path) -> None:
        """factcli money -f json | jq '.[].value' lists the amounts."""
        reader = (
            "jq '.[].value'"
            if shutil.which("jq")
            else (
                f"{sys.executable} -c \"import json,sys; [print(json.dumps(f['value'])) "
                'for f in json.load(sys.stdin)]"'
            )
        )
        result = run(cwd=tmp_path, shell=f"factcli money -f json | {reader}")
        assert result.stdout.split() == ['"1000000000"', '"8500000"']

    def test_get_for_scripts(self, tmp_path: Path) -> None:
        """AMOUNT=$(factcli get ... --field value) gets the bare amount."""
        result = run(
            cwd=tmp_path,
            shell='A=$(factcli get acf-case-management-awards-2022 --field value); echo "[$A]"',
        )
        assert result.stdout == "[8500000]\n"

    @pytest.mark.parametrize("command", ["stats", "export -f jsonl", "list -f json"])
    def test_head_is_quiet(self, tmp_path: Path, command: str) -> None:
        """factcli ... | head -1 prints its line and nothing on stderr."""
        result = run(cwd=tmp_path, shell=f"factcli {command} | head -1")
        assert result.stderr == ""
        assert len(result.stdout.splitlines()) == 1

    def test_head_is_quiet_on_large_output(
        self, tmp_path: Path, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """Output far larger than the pipe's buffer, cut by head: still silent on stderr."""
        many = []
        for n in range(400):
            for fact in shipped_raw["facts"]:
                copy = json.loads(json.dumps(fact))
                copy["id"], copy["related"] = f"{fact['id']}-{n}", []
                many.append(copy)
        shipped_raw["facts"] = many
        path = write_dataset(shipped_raw)
        for command in ("list", "export -f jsonl"):
            result = run(cwd=tmp_path, shell=f"factcli {command} --data {path} | head -1")
            assert result.stderr == "" and len(result.stdout.splitlines()) == 1

    def test_exit_codes(self, tmp_path: Path) -> None:
        """0 found, 1 nothing found, 2 usage error, in a real process."""
        assert run("search", "ACF", cwd=tmp_path).returncode == 0
        assert run("search", "unicorns", cwd=tmp_path).returncode == 1
        assert run("show", "nope", cwd=tmp_path).returncode == 1
        assert run("stats", "--format", "xml", cwd=tmp_path).returncode == 2
        assert run("ask", "How much did ACF award in October 2022?", cwd=tmp_path).returncode == 0
        abstained = run("ask", "How many domestic violence hotlines are there?", cwd=tmp_path)
        assert abstained.returncode == 1 and abstained.stdout == ""
        assert abstained.stderr.startswith("No sourced answer for: How many")
        assert run("list", "--since", "soon", cwd=tmp_path).returncode == 2

    def test_markup_escaped(
        self, tmp_path: Path, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """A statement containing [red] prints [red] in the installed command's table."""
        shipped_raw["facts"][0]["statement"] = "[red]Loud[/red]"
        path = write_dataset(shipped_raw)
        result = run("dates", "-f", "table", "--data", str(path), cwd=tmp_path)
        assert "[red]Loud[/red]" in result.stdout

    def test_atomic_output_survives_failure(
        self, tmp_path: Path, write_dataset: WriteDataset
    ) -> None:
        """export -o over an existing file: a failing export leaves it as it was."""
        target = tmp_path / "facts.csv"
        target.write_text("old\n")
        broken = write_dataset(None, text="[]")
        result = run("export", "-f", "csv", "-o", str(target), "--data", str(broken), cwd=tmp_path)
        assert result.returncode == 2 and target.read_text() == "old\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "facts.csv"]
        good = run("export", "-f", "csv", "-o", str(target), cwd=tmp_path)
        assert good.returncode == 0 and target.read_text().startswith("id,kind,value,")
