"""The installed ``factcli`` command in a real process: real pipes, real exit codes."""

from __future__ import annotations

import json
import os
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
