"""``-`` is standard input: extract -, source add - --id ID, ask -; bounded as a file is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.cli import stdin as stdin_module
from factcli.model.provenance import MAX_SOURCE_BYTES

runner = CliRunner()
TEXT = "Council report\n\nIn March 2024 the council awarded $2.5 million to 12 shelters.\n"
QUESTION = "How much did ACF award in October 2022?"


def invoke(*args: str, stdin: bytes | str = b"") -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_bounded_as_a_source_file() -> None:
    """Standard input may hold what a source file may: 64 MiB."""
    assert stdin_module.MAX_STDIN_BYTES == MAX_SOURCE_BYTES


@pytest.mark.parametrize(
    "args",
    [("extract", "-"), ("ask", "-"), ("source", "add", "-", "--id", "big")],
)
def test_more_than_the_limit_is_refused(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """More than the limit is a usage error, whichever command reads it."""
    monkeypatch.setattr(stdin_module, "MAX_STDIN_BYTES", 16)
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(*args, stdin=TEXT)
    assert code == 2 and out == ""
    assert err == "factcli: error: standard input is larger than the limit of 0 MiB\n"


class TestExtract:
    def test_reads_standard_input(self) -> None:
        """extract - reads the text from stdin; its candidates are stdin:START-END."""
        code, out, _ = invoke("extract", "-", "-f", "jsonl", stdin=TEXT)
        assert code == 0
        found = [json.loads(line) for line in out.splitlines()]
        assert [c["candidate"] for c in found] == ["stdin:19-29", "stdin:50-62", "stdin:66-77"]
        assert found[1]["value"] == "2500000"

    def test_beside_files(self, tmp_path: Path) -> None:
        """- may stand beside files; it is read once."""
        other = tmp_path / "other.txt"
        other.write_text("On 1 May 2024 the city opened 3 clinics.\n", encoding="utf-8")
        code, out, _ = invoke("extract", str(other), "-", "-f", "plain", stdin=TEXT)
        assert code == 0
        assert {line.split(":")[0] for line in out.splitlines()} == {"other", "stdin"}
        code, _, err = invoke("extract", "-", "-", stdin=TEXT)
        assert code == 2 and "can be read only once" in err

    def test_not_text(self) -> None:
        """Bytes that are no text are refused as a file's are."""
        code, out, err = invoke("extract", "-", stdin=b"\xff\xfe\x00\x01" * 40)
        assert code == 2 and out == ""
        assert err.startswith("factcli: error: ") and "<stdin>" in err


class TestSourceAdd:
    def test_added_with_its_id(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """source add - --id ID records stdin's bytes as the source's text, verified."""
        monkeypatch.chdir(tmp_path)
        assert invoke("init")[0] == 0
        code, out, err = invoke(
            "source", "add", "-", "--id", "council-2024", "--published", "2024-04-01", stdin=TEXT
        )
        assert code == 0, err
        assert "added source council-2024" in out
        assert (tmp_path / "sources" / "council-2024.txt").read_bytes() == TEXT.encode()
        dataset = json.loads((tmp_path / "facts.json").read_text(encoding="utf-8"))
        (source,) = dataset["sources"]
        assert (source["title"], source["published"]) == ("Council report", "2024-04-01")
        assert invoke("verify")[0] == 0

    def test_needs_an_id(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard input has no file name: without --id it is refused, nothing written."""
        monkeypatch.chdir(tmp_path)
        invoke("init")
        before = (tmp_path / "facts.json").read_bytes()
        code, _, err = invoke("source", "add", "-", stdin=TEXT)
        assert code == 2
        assert err.splitlines() == [
            "factcli: error: - (standard input) has no file name to make a source id from",
            "hint: name it with --id, e.g. factcli source add - --id my-report-2024",
        ]
        code, _, err = invoke("source", "add", "-", "other.txt", "--id", "x", stdin=TEXT)
        assert code == 2 and "is one document" in err
        assert (tmp_path / "facts.json").read_bytes() == before
        assert list((tmp_path / "sources").iterdir()) == []


class TestSourceUpdate:
    def test_new_revision_from_standard_input(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """source update ID - takes the new revision's text from stdin, quotes moved."""
        monkeypatch.chdir(tmp_path)
        invoke("init")
        invoke("source", "add", "-", "--id", "council-2024", stdin=TEXT)
        assert invoke("add", "--all")[0] == 0
        revised = TEXT.replace("Council report\n", "Council report (revised)\n")
        code, out, err = invoke("source", "update", "council-2024", "-", stdin=revised)
        assert code == 0, err
        text = tmp_path / "sources" / "council-2024.txt"
        assert text.read_bytes() == revised.encode()
        assert invoke("verify")[0] == 0


class TestAsk:
    def test_question_from_standard_input(self) -> None:
        """ask - answers the question stdin holds (its words on one line)."""
        code, out, _ = invoke(
            "ask", "-", "-f", "plain", stdin="How much did ACF award\n in October 2022?\n"
        )
        assert code == 0
        assert out.split("\t")[:3] == ["acf-case-management-awards-2022", "money", "8500000"]

    @pytest.mark.parametrize("given", [b"", b"  \n\n", b"\xff\xfe"])
    def test_no_question(self, given: bytes) -> None:
        """Nothing (or no text) on stdin is a usage error."""
        code, out, err = invoke("ask", "-", stdin=given)
        assert code == 2 and out == ""
        assert err in (
            "factcli: error: no question on standard input\n",
            "factcli: error: standard input is not UTF-8 text\n",
        )


def test_a_real_pipe() -> None:
    """Through a real pipe, as a shell runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "factcli", "ask", "-", "-f", "plain"],
        input=QUESTION.encode(),
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"acf-case-management-awards-2022\tmoney\t8500000\t")
