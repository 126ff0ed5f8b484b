"""The README's hand-offs section, run as written: each command prints what it shows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_readme_authoring import section_examples

SECTION = "## Hand-offs: citations, completion, fields, numbers, SQLite and data packages"
BIN = Path(sys.executable).parent
# Shown as how to use them, not with output: shell set-up, other tools' servers.
NOT_RUN = ("eval ", "_FACTCLI_COMPLETE=fish_source", "datasette ", "frictionless ")


def test_examples_are_true(tmp_path: Path) -> None:
    """Every example with output prints that output, byte for byte."""
    examples = [(c, out) for c, out in section_examples(SECTION) if not c.startswith(NOT_RUN)]
    assert len(examples) >= 8
    if shutil.which("sqlite3") is None or shutil.which("jq") is None:
        pytest.skip("needs sqlite3 and jq")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for command, shown in examples:
        done = subprocess.run(
            command, shell=True, capture_output=True, text=True, cwd=tmp_path, env=env
        )
        assert done.returncode == 0, (command, done.stderr)
        assert done.stdout.replace("\r\n", "\n") == shown, command


def test_shell_setup_lines_work() -> None:
    """The completion set-up lines print a script for each shell."""
    for shell in ("bash", "zsh", "fish"):
        done = subprocess.run(
            [str(BIN / "factcli")],
            capture_output=True,
            text=True,
            env={**os.environ, "_FACTCLI_COMPLETE": f"{shell}_source"},
            check=True,
        )
        assert "_FACTCLI_COMPLETE" in done.stdout
