"""factcli as a library: the example of docs/library.md runs and prints what it shows;
`import factcli` is cheap; the library reads no environment and prints nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import factcli
from tests.conftest import REPO, SHIPPED

LIBRARY_DOC = REPO / "docs" / "library.md"


def _blocks(kind: str) -> list[str]:
    text = LIBRARY_DOC.read_text("utf-8")
    return re.findall(rf"```{kind}\n(.*?)```", text, re.DOTALL)


def test_the_documented_example_prints_what_it_shows(tmp_path: Path) -> None:
    (code,) = _blocks("python")
    (shown,) = _blocks("text")
    environment = {**os.environ, "FACTCLI_DATA": str(tmp_path / "missing.json")}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment,
        cwd=tmp_path, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout == shown
    assert run.stderr == ""


def test_import_is_cheap() -> None:
    """`import factcli` loads none of the command line's or the models' libraries."""
    probe = (
        "import sys, factcli; "
        "print(sorted(m for m in ('typer', 'rich', 'pydantic', 'sqlite3') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_no_answer_is_a_result_and_nothing_is_printed(capsys: object) -> None:
    with factcli.open_dataset(SHIPPED) as dataset:
        result = dataset.ask("What is the capital of France?")
        assert not result.found and result.answers == ()
        assert list(dataset.search("no-such-word-anywhere")) == []
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    assert captured.out == captured.err == ""


def test_an_unknown_dataset_is_an_error_value(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(factcli.DatasetError):
        factcli.open_dataset(tmp_path / "missing.json")
