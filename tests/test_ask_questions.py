"""ask --questions FILE: one answer per question, in every format, in one run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.library import PARALLEL_QUESTIONS, open_dataset
from tests.conftest import SHIPPED, SOURCE_ID

runner = CliRunner()
ANSWERED = {
    "How much did ACF award in October 2022?": ("8500000", "acf-case-management-awards-2022"),
    "When was the roundtable?": ("2023-04-26", "hhs-survivors-roundtable-date"),
}
UNANSWERED = "How many domestic violence hotlines are there?"
FILE_TEXT = (
    "# questions from the draft\n"
    "How much did ACF award in October 2022?\n"
    "\n"
    f"   {UNANSWERED}  \n"
    "When was the roundtable?\n"
)
ASKED = ["How much did ACF award in October 2022?", UNANSWERED, "When was the roundtable?"]


@pytest.fixture()
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "questions.txt"
    path.write_text(FILE_TEXT, encoding="utf-8")
    return path


def ask(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["ask", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


class TestOneAnswerPerQuestion:
    def test_plain_lines_pair_with_questions(self, questions: Path) -> None:
        """question, value, id, source; an unanswered question keeps its line, empty; exit 1
        and one line on stderr when any question has no answer."""
        code, out, err = ask("--questions", str(questions), "-f", "plain")
        assert code == 1
        assert out.splitlines() == [
            f"{ASKED[0]}\t8500000\tacf-case-management-awards-2022\t{SOURCE_ID}",
            f"{UNANSWERED}\t\t\t",
            f"{ASKED[2]}\t2023-04-26\thhs-survivors-roundtable-date\t{SOURCE_ID}",
        ]
        assert err == "No sourced answer for 1 of 3 questions\n"

    def test_exit_0_when_all_answered(self, tmp_path: Path) -> None:
        path = tmp_path / "q.txt"
        path.write_text("\n".join(ANSWERED) + "\n", encoding="utf-8")
        code, out, err = ask("--questions", str(path))
        assert (code, err) == (0, "")
        assert [line.split("\t")[1:3] for line in out.splitlines()] == [
            list(answer) for answer in ANSWERED.values()
        ]

    def test_a_line_is_ended_by_a_newline_only(self, tmp_path: Path) -> None:
        """Other line breaks (U+2028, NEL, a form feed) inside a line keep it one question,
        so the answers still pair with the file's lines."""
        path = tmp_path / "q.txt"
        path.write_text(
            "When was the roundtable?\u2028How many hotlines?\r\nHow much\x85did ACF award?\n"
            "What\x0cabout it?\n",
            encoding="utf-8",
        )
        code, out, err = ask("--questions", str(path), "-f", "csv")
        assert len(out.splitlines()) == 1 + 3, out

    def test_csv(self, questions: Path) -> None:
        code, out, _ = ask("--questions", str(questions), "-f", "csv")
        rows = list(csv.reader(io.StringIO(out)))
        assert code == 1
        assert rows[0] == ["question", "value", "id", "source"]
        assert rows[1:] == [
            [ASKED[0], "8500000", "acf-case-management-awards-2022", SOURCE_ID],
            [UNANSWERED, "", "", ""],
            [ASKED[2], "2023-04-26", "hhs-survivors-roundtable-date", SOURCE_ID],
        ]

    @pytest.mark.parametrize("fmt", ["json", "jsonl"])
    def test_json_objects(self, questions: Path, fmt: str) -> None:
        """One object per question: the answer as ask -f json gives it, or null."""
        code, out, _ = ask("--questions", str(questions), "-f", fmt)
        objects = json.loads(out) if fmt == "json" else list(map(json.loads, out.splitlines()))
        assert code == 1
        assert [o["question"] for o in objects] == ASKED
        assert objects[1]["answer"] is None
        answer = objects[0]["answer"]
        assert (answer["id"], answer["value"], answer["source"]["id"]) == (
            "acf-case-management-awards-2022", "8500000", SOURCE_ID
        )  # fmt: skip
        assert answer["frame"]["period"] == "2022-10" and 0 < answer["score"] <= 1
        single = json.loads(ask(ASKED[0], "-f", "json")[1])[0]
        assert answer == single

    def test_table_and_markdown(self, questions: Path) -> None:
        """A table row per question (money as people say it), and a markdown row."""
        code, out, _ = ask("--questions", str(questions), "-f", "table")
        assert code == 1
        assert "$8.5 million" in out and "no sourced answer" in out
        assert "2 of 3 questions answered · from 1 document" in out
        code, out, _ = ask("--questions", str(questions), "-f", "markdown")
        lines = out.splitlines()
        assert lines[0] == "| question | value | id | source |" and len(lines) == 5
        assert lines[3] == f"| {UNANSWERED} |  |  |  |"

    def test_from_standard_input(self) -> None:
        """--questions - reads the questions from stdin."""
        code, out, _ = ask("--questions", "-", stdin=FILE_TEXT)
        assert code == 1
        assert [line.split("\t")[0] for line in out.splitlines()] == ASKED


class TestRefused:
    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["a question"], "give a QUESTION or --questions FILE, not both"),
            (["--top", "2"], "--questions gives one answer per question: --top cannot be used"),
            (["--explain"], "--explain explains one question: it cannot be used with --questions"),
        ],
    )
    def test_what_does_not_combine(self, questions: Path, extra: list[str], message: str) -> None:
        code, out, err = ask("--questions", str(questions), *extra)
        assert code == 2 and out == ""
        assert err.startswith(f"factcli: error: {message}")

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"# only a comment\n\n", "no questions in"),
            (b"\xff\xfe question\n", "is not UTF-8 text"),
        ],
    )
    def test_unusable_file(self, tmp_path: Path, content: bytes, message: str) -> None:
        path = tmp_path / "q.txt"
        path.write_bytes(content)
        code, out, err = ask("--questions", str(path))
        assert code == 2 and out == "" and message in err

    def test_missing_file_and_no_question(self, tmp_path: Path) -> None:
        code, _, err = ask("--questions", str(tmp_path / "missing.txt"))
        assert code == 2 and "cannot read" in err and "No such file" in err
        code, _, err = ask()
        assert code == 2
        assert err.splitlines() == [
            "factcli: error: no question",
            "hint: give a QUESTION, - to read it from standard input, or --questions FILE",
        ]


def test_many_questions_in_workers_answer_as_one_by_one(tmp_path: Path) -> None:
    """Spread over worker processes, many questions get the answers asked one by one, in
    their order."""
    asked = [*ASKED, "What share of women experienced violence?"] * (PARALLEL_QUESTIONS // 4 + 1)
    with open_dataset(SHIPPED, cache=tmp_path / "cache") as dataset:
        assert dataset.store.file is not None  # stored: workers can open it
        each = list(dataset.ask_each(asked))
        one_by_one = [dataset.ask(question) for question in asked]
    assert [r.question for r in each] == asked
    assert each == one_by_one
