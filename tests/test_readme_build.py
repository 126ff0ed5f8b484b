"""The README's walkthrough "Build your own dataset", run as written on a corpus document.

From an empty folder holding only the document: init, source add, extract, add, verify and
the reading commands, each through a shell on the installed command; each must print what
the README shows after it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO
from tests.test_e2e import BIN
from tests.test_readme_authoring import section_examples

SECTION = "## Build your own dataset"
DOCUMENT = REPO / "tests/data/extract/dev/docs/nih-national-childrens-study-centers-2007.txt"
# The folder the README's walkthrough ran in.
README_FOLDER = "/tmp/build"


def test_walkthrough_is_true(tmp_path: Path) -> None:
    """init -> source add -> extract -> add -> verify -> money/show print what the README says."""
    examples = section_examples(SECTION)
    assert [command.split()[1] for command, _ in examples] == [
        "init", "source", "extract", "extract", "add", "add", "verify", "money", "show",
    ]  # fmt: skip
    shutil.copy(DOCUMENT, tmp_path / "nih-study.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCLI_")}
    env["COLUMNS"] = "100"
    for command, expected in examples:
        result = subprocess.run(
            str(BIN) + command.removeprefix("factcli") + " 2>&1",
            shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        shown = result.stdout.replace(str(tmp_path.resolve()), README_FOLDER)
        assert shown.rstrip("\n") == expected.rstrip("\n"), command
