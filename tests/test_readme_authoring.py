"""The README's examples of init, source add and verify --fix-offsets, run as written.

Each ``$ factcli ...`` line of that section runs in a shell (in a fresh folder holding the
files the README names); what it prints must be what the README shows after it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, SHIPPED, SOURCE_ID
from tests.test_e2e import BIN

SECTION = "## Starting a dataset and bringing documents in"
# The folder the README's examples ran in.
README_FOLDER = "/tmp/press"


def section_examples(heading: str = SECTION) -> list[tuple[str, str]]:
    """Each command of a section's console blocks, with the output shown after it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(heading, 1)[1].split("\n## ", 1)[0]
    examples: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            lines = chunk.splitlines()
            command = lines.pop(0)
            while command.endswith("\\"):
                command = command[:-1] + lines.pop(0).strip()
            examples.append((command, "".join(line + "\n" for line in lines)))
    return examples


def prepare(folder: Path) -> None:
    """The files the section names: two documents, and a copy of the bundled dataset in my/
    with one fact's offsets 3 off and another's quote edited."""
    shutil.copy(REPO / "data" / "sources" / f"{SOURCE_ID}.txt", folder / "hhs-roundtable.txt")
    shutil.copy(REPO / "tests" / "data" / "acf-awards.html", folder / "acf-awards.html")
    shutil.copytree(REPO / "data" / "sources", folder / "my" / "sources")
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for fact in raw["facts"]:
        if fact["id"] == "acf-case-management-awards-2022":
            fact["source"]["start"] += 3
            fact["source"]["end"] += 3
        if fact["id"] == "us-men-violence-lifetime-ratio":
            fact["source"]["quote"] = fact["source"]["quote"].replace("1 in 4", "one in four")
    (folder / "my" / "facts.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")


def test_section_examples_are_true(tmp_path: Path) -> None:
    """Every example of the section prints what the README says, in order."""
    pytest.importorskip("trafilatura")
    examples = section_examples()
    assert len(examples) == 8
    prepare(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCLI_")}
    for command, expected in examples:
        assert command.startswith("factcli ")
        result = subprocess.run(
            str(BIN) + command.removeprefix("factcli") + " 2>&1",
            shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        shown = result.stdout.replace(str(tmp_path.resolve()), README_FOLDER)
        assert shown == expected, command
