"""extract and add through the CLI: formats, errors with their exit codes, and a real pipe."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from tests.test_e2e import BIN

runner = CliRunner()
CORPUS = Path(__file__).parent / "data" / "extract" / "dev" / "docs"
EPA = CORPUS / "epa-brownfields-315-million-2023.txt"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A new dataset holding the EPA release as source `epa`."""
    path = tmp_path / "ds" / "facts.json"
    assert runner.invoke(app, ["init", str(path.parent)]).exit_code == 0
    shutil.copy(EPA, tmp_path / "epa.txt")
    result = runner.invoke(
        app,
        ["source", "add", str(tmp_path / "epa.txt"), "--data", str(path), "--publisher", "EPA",
         "--published", "2023-05-25", "--url", "https://www.epa.gov/r", "--rights", "Public"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


class TestExtract:
    def test_plain_columns(self) -> None:
        """Plain: candidate, kind, value, qualifier, text, sentence; one candidate a line."""
        result = runner.invoke(app, ["extract", str(EPA), "-f", "plain"])
        assert result.exit_code == 0, result.output
        first = result.stdout.splitlines()[0].split("\t")
        assert first[:5] == [
            "epa-brownfields-315-million-2023:38-60", "money", "315000000", "more_than",
            "More than $315 Million",
        ]  # fmt: skip
        assert len(first) == 6

    def test_json_csv_jsonl_agree(self) -> None:
        """json, jsonl and csv hold the same candidates, with every documented field."""
        as_json = json.loads(runner.invoke(app, ["extract", str(EPA), "-f", "json"]).stdout)
        lines = runner.invoke(app, ["extract", str(EPA), "-f", "jsonl"]).stdout.splitlines()
        rows = list(
            csv.DictReader(
                io.StringIO(runner.invoke(app, ["extract", str(EPA), "-f", "csv"]).stdout)
            )
        )
        assert [json.loads(line) for line in lines] == as_json
        assert [row["candidate"] for row in rows] == [c["candidate"] for c in as_json]
        assert set(as_json[0]) == {
            "candidate", "file", "source", "kind", "text", "start", "end", "value",
            "value_detail", "display", "qualifier", "unit", "currency", "when", "subject",
            "measure", "sentence",
        }  # fmt: skip
        text = EPA.read_text(encoding="utf-8")
        for c in as_json:
            assert text[c["start"] : c["end"]] == c["text"]
            assert text[c["sentence"]["start"] : c["sentence"]["end"]] == c["sentence"]["text"]

    def test_kind_filter(self) -> None:
        """--kind keeps one kind."""
        result = runner.invoke(app, ["extract", str(EPA), "--kind", "money", "-f", "jsonl"])
        kinds = {json.loads(line)["kind"] for line in result.stdout.splitlines()}
        assert kinds == {"money"}

    def test_table_shows_the_sentence(self) -> None:
        """The table names the document and shows each figure's sentence and id."""
        result = runner.invoke(app, ["extract", str(EPA), "-f", "table", "--kind", "date"])
        assert "Candidates · " in result.stdout and "WASHINGTON (May 25, 2023)" in result.stdout
        assert "epa-brownfields-315-million-2023:299-311" in result.stdout

    def test_source_id_and_known_file(self, dataset: Path) -> None:
        """A source id, or a file whose text is that source, gives the source's ids."""
        by_id = runner.invoke(app, ["extract", "epa", "--data", str(dataset), "-f", "plain"])
        by_file = runner.invoke(
            app, ["extract", str(dataset.parent.parent / "epa.txt"), "--data", str(dataset),
                  "-f", "plain"],
        )  # fmt: skip
        assert by_id.exit_code == 0 and by_id.stdout == by_file.stdout
        assert by_id.stdout.startswith("epa:38-60\t")

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["nothing-here"], "no file or source named 'nothing-here'"),
            (["--published", "soon", "X"], "--published: cannot read 'soon' as a date"),
        ],
    )
    def test_errors_exit_2(self, tmp_path: Path, args: list[str], message: str) -> None:
        """An unknown name or a bad date: one error line, exit 2."""
        if "X" in args:
            (tmp_path / "x.txt").write_text("In 2020, 5 people.", encoding="utf-8")
            args = [a if a != "X" else str(tmp_path / "x.txt") for a in args]
        result = runner.invoke(app, ["extract", *args])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"factcli: error: {message}")

    def test_nothing_found_exits_1(self, tmp_path: Path) -> None:
        """A document without figures: exit 1 (as grep), an empty JSON array, no error."""
        (tmp_path / "n.txt").write_text("Nothing to count here.", encoding="utf-8")
        result = runner.invoke(app, ["extract", str(tmp_path / "n.txt"), "-f", "json"])
        assert result.exit_code == 1 and json.loads(result.stdout) == []
        assert result.stderr == ""

    def test_binary_file_is_refused(self, tmp_path: Path) -> None:
        """A binary file is refused as text, exit 2."""
        (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
        result = runner.invoke(app, ["extract", str(tmp_path / "b.txt")])
        assert result.exit_code == 2 and "binary" in result.stderr


class TestAdd:
    def test_add_then_again(self, dataset: Path) -> None:
        """A candidate becomes a fact that verifies; adding it again changes nothing."""
        result = runner.invoke(app, ["add", "epa:584-599", "--data", str(dataset)])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("added epa-262-communities (statistic 262 communities)")
        before = dataset.read_bytes()
        again = runner.invoke(app, ["add", "epa:584-599", "--data", str(dataset)])
        assert again.stdout.startswith("already a fact: epa:584-599 is epa-262-communities")
        assert dataset.read_bytes() == before
        assert runner.invoke(app, ["verify", "--data", str(dataset)]).exit_code == 0

    def test_statement(self, dataset: Path) -> None:
        """--statement sets the statement of one candidate."""
        said = "EPA selected 262 communities for brownfields grants in May 2023."
        runner.invoke(app, ["add", "epa:584-599", "--statement", said, "--data", str(dataset)])
        raw = json.loads(dataset.read_text(encoding="utf-8"))
        assert raw["facts"][0]["statement"] == said
        assert raw["schema_version"] == "1.3"

    @pytest.mark.parametrize(
        ("args", "code", "message"),
        [
            (["epa:1-2"], 1, "no candidate epa:1-2 in source epa"),
            (["other:1-2"], 1, "the dataset has no source 'other'"),
            (["epa-38"], 2, "'epa-38' is not a candidate id"),
            ([], 2, "name the candidates to add"),
            (["--all", "--statement", "x"], 2, "--statement names the statement of one"),
        ],
    )
    def test_errors(self, dataset: Path, args: list[str], code: int, message: str) -> None:
        """Unknown candidates and sources exit 1, malformed requests exit 2; nothing written."""
        before = dataset.read_bytes()
        result = runner.invoke(app, ["add", *args, "--data", str(dataset)])
        assert result.exit_code == code, result.output
        assert result.stderr.startswith(f"factcli: error: {message}")
        assert dataset.read_bytes() == before


def test_extract_pipe_head_is_quiet(tmp_path: Path) -> None:
    """`factcli extract FILE... | head -1` over many documents: one line, empty stderr."""
    files = " ".join(str(path) for path in sorted(CORPUS.glob("*.txt")) * 20)
    result = subprocess.run(
        f"{BIN} extract {files} | head -1", shell=True, capture_output=True, text=True,
        cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.stdout.count("\n") == 1 and result.stderr == ""


def test_table_highlights_the_span_in_color() -> None:
    """On a color terminal, the figure's words inside the sentence carry the highlight style."""
    from factcli.extract import extract_text
    from factcli.render import Terminal, text
    from factcli.render.table_format import render_candidates

    (candidate,) = extract_text("Crews cleared 418 sites last spring.", doc="d", file="d.txt")
    shown = text(render_candidates([candidate], Terminal(width=100, color=True)))
    assert "\x1b[1;33m418 sites\x1b[0m" in shown
    plain = text(render_candidates([candidate], Terminal(width=100, color=False)))
    assert "\x1b[" not in plain and "418 sites" in plain
