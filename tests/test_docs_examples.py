"""The docs' examples are true: every ``$ command`` of README.md and docs/*.md prints what it shows.

Each console block runs on the installed command, through bash in a pseudo-terminal 100
columns wide with ``NO_COLOR=1`` (what the README says its examples ran in), in a folder of
its own per ``## `` section: the blocks of a section run in order and share that folder, so
a walkthrough (init, source add, add, verify) keeps its state. The folder holds the files
the section's commands name (`FIXTURES`). How output is normalised is in
`tests/markdown_examples.py`; paths are shown as `SHOWN` says.

``pytest --update-golden`` writes each block's real output into the Markdown instead of
failing: read the diff before committing it. A block is exempted only by a
``<!-- docs-test: skip (why) -->`` comment on the line before it; the reasons are listed as
this test's skips.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO, SHIPPED, SOURCE_ID, generate_dataset
from tests.markdown_examples import (
    Example,
    MarkdownError,
    Outcome,
    anchors,
    links,
    missing_programs,
    parse_examples,
    programs,
    rewrite,
    run_example,
)

BIN = Path(sys.executable).parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# How the folders an example runs in are shown in the docs.
WORKSPACE_SHOWN = "/tmp/demo"
CACHE_SHOWN = "~/.cache"
BUNDLED_SHOWN = ".../site-packages/factcli/_data"
# At most this many exempted blocks: a new one should be a deliberate choice.
MAX_EXEMPT = 5

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("bash") is None,
    reason="runs the examples in a pseudo-terminal through bash",
)


def _copy(source: Path) -> Callable[[Path, str], None]:
    def prepare(folder: Path, name: str) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / name)

    return prepare


def _broken_copy(folder: Path, name: str) -> None:
    """The bundled dataset with three mistakes: one fact's offsets 3 off, another's quote
    edited, a third's value changed."""
    target = (folder / name).parent
    shutil.copytree(REPO / "data" / "sources", target / "sources")
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for fact in raw["facts"]:
        if fact["id"] == "acf-case-management-awards-2022":
            fact["source"]["start"] += 3
            fact["source"]["end"] += 3
        if fact["id"] == "us-men-violence-lifetime-ratio":
            fact["source"]["quote"] = fact["source"]["quote"].replace("1 in 4", "one in four")
        if fact["id"] == "fvpsa-program-years":
            fact["value"]["amount"] = "39"
    (folder / name).write_text(json.dumps(raw, indent=2), encoding="utf-8")


def _invalid_copy(folder: Path, name: str) -> None:
    """The bundled dataset with an amount written as a JSON number."""
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    raw["facts"][5]["value"]["amount"] = 8500000
    (folder / name).write_text(json.dumps(raw, indent=2), encoding="utf-8")


def _reports(folder: Path, name: str) -> None:
    """A folder of documents and their sidecar, for a batch `source add`."""
    target = folder / name
    target.mkdir(parents=True, exist_ok=True)
    extract = REPO / "tests" / "data" / "extract" / "dev" / "docs"
    for document in sorted(extract.glob("*.txt"))[:3]:
        shutil.copy(document, target / document.name)
    shutil.copy(REPO / "tests" / "data" / "pdf" / "forty-pages.pdf", target / "forty-pages.pdf")
    (target / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    rows = ["file,id,title,publisher,published,rights"]
    for document, details in zip(sorted(target.glob("*.txt")), SIDECAR_ROWS, strict=False):
        rows.append(f"{document.name},{details}")
    (target / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


# Details of the batch example's documents (the first three of the extraction corpus).
SIDECAR_ROWS = (
    "acf-maltreatment-2003,Child Maltreatment 2003,Administration for Children and Families,"
    "2005-04-01,Public domain",
    ",Commissioner's Statement on the Employment Situation for September 2016,"
    "Bureau of Labor Statistics,2016-10-07,",
    ",,,,",
)


def _synthetic(folder: Path, name: str) -> None:
    """10,000 facts from benchmarks/generate.py (6 MB: read from its JSON on a first call)."""
    generate_dataset(10_000, (folder / name).parent)


# The files examples name, made in their folder when a command of the section names them.
FIXTURES: dict[str, Callable[[Path, str], None]] = {
    "nih-study.txt": _copy(
        REPO / "tests/data/extract/dev/docs/nih-national-childrens-study-centers-2007.txt"
    ),
    "hhs-roundtable.txt": _copy(REPO / "data" / "sources" / f"{SOURCE_ID}.txt"),
    "statcan-earnings.txt": _copy(
        REPO / "tests/data/extract/corpus2/docs/statcan-payroll-employment-earnings-2017-01.txt"
    ),
    "crs-budget.txt": _copy(
        REPO / "tests/data/extract/corpus2/docs/crs-senate-fy2026-budget-resolution-2026.txt"
    ),
    "statsnz-gdp.txt": _copy(
        REPO / "tests/data/extract/corpus2/docs/statsnz-regional-gdp-ye-march-2018.txt"
    ),
    "acf-awards.html": _copy(REPO / "tests" / "data" / "acf-awards.html"),
    "wikipedia-mozilla.html": _copy(REPO / "tests" / "data" / "wikipedia-mozilla.html"),
    "county-housing-2023.pdf": _copy(REPO / "tests" / "data" / "pdf" / "county-housing-2023.pdf"),
    "county-housing-2023-revised.pdf": _copy(
        REPO / "tests" / "data" / "pdf" / "county-housing-2023-revised.pdf"
    ),
    "reports-2024": _reports,
    "my/facts.json": _broken_copy,
    "broken.json": _invalid_copy,
    "benchmarks/.data/10000/facts.json": _synthetic,
}


@functools.cache
def bundled_folder() -> Path:
    """The folder of the bundled dataset the installed command reads: in the package once
    installed, the checkout's data/ in an editable install. Asked of the installed package (run
    outside the checkout, whose factcli/ the tests may import instead), not of a module the
    layout may move."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", "import factcli; print(factcli.__file__)"],
        capture_output=True, text=True, check=True, cwd=tempfile.gettempdir(), env=env,
    )  # fmt: skip
    package = Path(done.stdout.strip()).resolve().parent
    installed = package / "_data"
    return installed if (installed / "facts.json").is_file() else package.parent / "data"


def all_examples() -> list[Example]:
    return [example for path in DOCS for example in parse_examples(path)]


@dataclass
class Workspace:
    """The folder, cache and environment the blocks of one section share."""

    folder: Path
    env: dict[str, str]
    shown: list[tuple[str, str]]
    prepared: set[str] = field(default_factory=set)

    @classmethod
    def create(cls, root: Path) -> Workspace:
        folder, cache = root / "demo", root / "cache"
        folder.mkdir(parents=True, exist_ok=True)
        folder, cache = folder.resolve(), cache.resolve()
        env = {
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', os.defpath)}",
            "HOME": str(root.resolve()),
            "XDG_CACHE_HOME": str(cache),
            "COLUMNS": "100",
            "LINES": "50",
            "NO_COLOR": "1",
            "TERM": "xterm-256color",
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
        }
        bundled = str(bundled_folder())
        shown = [(str(cache), CACHE_SHOWN), (str(folder), WORKSPACE_SHOWN),
                 (bundled, BUNDLED_SHOWN)]  # fmt: skip
        return cls(folder, env, shown)

    def run(self, example: Example) -> Outcome:
        for name, prepare in FIXTURES.items():
            if name not in self.prepared and any(name in c.text for c in example.commands):
                prepare(self.folder, name)
                self.prepared.add(name)
        return run_example(example, self.folder, self.env, self.shown)


def missing_tools(example: Example) -> list[str]:
    """The programs an example calls that are not installed."""
    path = f"{BIN}{os.pathsep}{os.environ.get('PATH', os.defpath)}"
    return sorted({m for c in example.commands for m in missing_programs(c.text, path)})


class Sections:
    """The outcomes of the examples a test session selected.

    The blocks of a section run in order in one workspace, from its first block to the last one
    selected (so a block selected alone still finds what the blocks before it made); sections
    run side by side, one thread each, up to one per core.
    """

    def __init__(self, factory: pytest.TempPathFactory, selected: list[Example]) -> None:
        self.factory = factory
        self.selected = selected
        self.outcomes: dict[Example, Outcome] | None = None

    def outcome(self, example: Example) -> Outcome:
        if self.outcomes is None:
            self.outcomes = self._run_all()
        return self.outcomes[example]

    def _run_all(self) -> dict[Example, Outcome]:
        from concurrent.futures import ThreadPoolExecutor

        runnable = [e for e in EXAMPLES if e.skip is None and not missing_tools(e)]
        chains: list[list[Example]] = []
        for key in dict.fromkeys((e.path, e.section) for e in self.selected):
            mates = [e for e in runnable if (e.path, e.section) == key]
            last = max((mates.index(e) for e in self.selected if e in mates), default=-1)
            chains.append(mates[: last + 1])
        # The folders are made here, one after the other: mktemp is not made for threads.
        workspaces = [Workspace.create(self.factory.mktemp("docs")) for _ in chains]
        workers = min(len(chains), os.cpu_count() or 1) or 1
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = pool.map(run_chain, workspaces, chains)
        return {example: outcome for chain in done for example, outcome in chain}


def run_chain(workspace: Workspace, chain: list[Example]) -> list[tuple[Example, Outcome]]:
    """The examples of one section, in order, in its workspace."""
    return [(example, workspace.run(example)) for example in chain]


@pytest.fixture(scope="session")
def sections(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Sections:
    selected = [
        param
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname == "test_example"
        if isinstance(param := item.callspec.params["example"], Example)
    ]
    return Sections(tmp_path_factory, selected)


EXAMPLES = all_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example(example: Example, sections: Sections, request: pytest.FixtureRequest) -> None:
    """The block's commands print what it shows (or, with --update-golden, it is rewritten)."""
    if example.skip is not None:
        pytest.skip(f"exempted in the Markdown: {example.skip}")
    missing = missing_tools(example)
    if missing:
        pytest.skip(f"needs {', '.join(missing)}, not installed")
    outcome = sections.outcome(example)
    if not outcome.ok and request.config.getoption("--update-golden"):
        rewrite(outcome)
        return
    assert outcome.ok, f"{example.name} prints something else:\n{outcome.diff()}"


def test_examples_cover_the_docs() -> None:
    """Every file's console blocks are examples; exemptions are few and give a reason."""
    commands = [c for e in EXAMPLES for c in e.commands if "factcli" in programs(c.text)]
    assert len(commands) >= 60
    exempt = [f"{e.name}: {e.skip}" for e in EXAMPLES if e.skip is not None]
    assert len(exempt) <= MAX_EXEMPT, exempt


def broken_links(doc: Path) -> list[str]:
    """The relative links of a Markdown file to a missing file, or to a missing heading."""
    broken: list[str] = []
    for target in links(doc.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file_part, _, anchor = target.partition("#")
        path = (doc.parent / file_part).resolve() if file_part else doc
        if not path.exists():
            broken.append(f"{doc.name}: {target} (no such file)")
        elif anchor and anchor not in anchors(path.read_text(encoding="utf-8")):
            broken.append(f"{doc.name}: {target} (no such heading)")
    return broken


def test_links_resolve() -> None:
    """Every relative link of the docs names a file that exists, and an anchor a heading."""
    broken = [b for doc in [*DOCS, REPO / "benchmarks" / "RESULTS.md"] for b in broken_links(doc)]
    assert not broken, broken


def test_broken_links_are_found(tmp_path: Path) -> None:
    """A link to a missing file or heading is reported; code spans in headings are slugged."""
    (tmp_path / "other.md").write_text(
        "# `factcli source add FILE [--id ID]`\n## Twice\n## Twice\n"
    )
    doc = tmp_path / "doc.md"
    doc.write_text(
        "[a](other.md#factcli-source-add-file---id-id) [b](other.md#twice-1) [c](#top)\n"
        "[d](missing.md) [e](other.md#nowhere) `[f](code.md)` [g](https://example.org/x)\n# Top\n"
    )
    assert broken_links(doc) == [
        "doc.md: missing.md (no such file)",
        "doc.md: other.md#nowhere (no such heading)",
    ]


class TestChecker:
    """The checker itself: it fails on a wrong block, and --update-golden mends one."""

    TEMPLATE = (
        "## A section\n\n```console\n"
        "$ factcli get acf-case-management-awards-2022 --field value\n{value}\n"
        '$ factcli show nope; echo "exit $?"\n{error}```\n'
    )
    ERROR = "factcli: error: no fact 'nope'\nexit 1\n"

    def run(self, tmp_path: Path, text: str) -> Outcome:
        doc = tmp_path / "doc.md"
        doc.write_text(text, encoding="utf-8")
        [example] = parse_examples(doc)
        workspace = Workspace.create(tmp_path / "run")
        return workspace.run(example)

    def test_right_block_passes(self, tmp_path: Path) -> None:
        outcome = self.run(tmp_path, self.TEMPLATE.format(value="8500000", error=self.ERROR))
        assert outcome.ok, outcome.diff()

    def test_wrong_output_fails(self, tmp_path: Path) -> None:
        """A changed figure, a missing line or an extra line is a failure, with its diff."""
        for value, error in (("8500001", self.ERROR), ("8500000", "exit 1\n"),
                             ("8500000\n8500000", self.ERROR)):  # fmt: skip
            outcome = self.run(tmp_path, self.TEMPLATE.format(value=value, error=error))
            assert not outcome.ok
            assert "(as run)" in outcome.diff()

    def test_rewrite_puts_the_real_output(self, tmp_path: Path) -> None:
        outcome = self.run(tmp_path, self.TEMPLATE.format(value="1", error="exit 0\n"))
        assert not outcome.ok
        rewrite(outcome)
        written = (tmp_path / "doc.md").read_text(encoding="utf-8")
        assert written == self.TEMPLATE.format(value="8500000", error=self.ERROR)

    def test_markers(self, tmp_path: Path) -> None:
        """A skip marker gives its reason; any other docs-test comment is an error."""
        doc = tmp_path / "doc.md"
        doc.write_text("<!-- docs-test: skip (a server) -->\n```console\n$ datasette x\n```\n")
        assert [e.skip for e in parse_examples(doc)] == ["a server"]
        doc.write_text("<!-- docs-test: skipp (typo) -->\n```console\n$ factcli\n```\n")
        with pytest.raises(MarkdownError, match="unknown docs-test comment"):
            parse_examples(doc)

    def test_programs(self) -> None:
        """The tools a command line needs are its words in command position, quotes aside."""
        assert programs("factcli ask 'x?' -f json | jq -c '.[] | {id}'") == ["factcli", "jq"]
        assert programs('A=$(factcli get x); echo "$A" | cut -f1') == ["factcli", "cut"]
        assert programs("if factcli search x >/dev/null; then echo found; fi") == ["factcli"]
        path = os.environ.get("PATH", os.defpath)
        assert missing_programs("factcli-no-such-tool x | sort", path) == ["factcli-no-such-tool"]


def test_shell_setup_lines_work() -> None:
    """The completion set-up lines (an exempted block) print a script for each shell."""
    for shell in ("bash", "zsh", "fish"):
        done = subprocess.run(
            [str(BIN / "factcli")],
            capture_output=True,
            text=True,
            env={**os.environ, "_FACTCLI_COMPLETE": f"{shell}_source"},
            check=True,
        )
        assert "_FACTCLI_COMPLETE" in done.stdout
