"""init, source add and verify --fix-offsets: the commands that write a dataset.

Every refusal is checked to leave the folder exactly as it was, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import factcli.authoring.save
import factcli.authoring.sources
from factcli.authoring.save import dataset_json
from factcli.cli import app
from factcli.cli.options import worded
from factcli.documents.text import id_from_name, title_from_text
from factcli.errors import NoIdFromName, UsageProblem
from factcli.model.dataset import load_dataset
from factcli.model.schema import SLUG_PATTERN
from tests.conftest import SHIPPED, WriteDataset, fact_index
from tests.test_e2e import run

runner = CliRunner()

DETAILS = (
    "--publisher", "U.S. Department of Housing and Urban Development",
    "--published", "2024-05-01",
    "--url", "https://www.hud.gov/news/hud-no-24-018",
    "--rights", "Public domain (U.S. government work)",
)  # fmt: skip
# A document with what a byte-for-byte copy must keep: CRLF, a curly apostrophe, blank lines.
DOCUMENT = (
    "\r\n\r\n  HUD Awards $3.16 Billion  \r\nHUD’s Continuum of Care awarded $3.16 billion.\r\n"
)
Snapshot = dict[str, bytes]


def snapshot(folder: Path) -> Snapshot:
    """Every file under a folder (and every folder, as b'<dir>'), by relative path."""
    return {
        str(path.relative_to(folder)): b"<dir>" if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def one_error_line(result: Result) -> str:
    """The first stderr line of a failed command, after checking it failed cleanly (exit 2)."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("factcli: error: ")
    return first.removeprefix("factcli: error: ")


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    """A new, empty dataset made by `factcli init`: its facts.json."""
    result = invoke("init", str(tmp_path / "ds"))
    assert result.exit_code == 0, result.output
    return tmp_path / "ds" / "facts.json"


@pytest.fixture()
def document(tmp_path: Path) -> Path:
    """A text document outside the dataset's folder."""
    path = tmp_path / "HUD Awards (2024).txt"
    path.write_bytes(DOCUMENT.encode("utf-8"))
    return path


def add(document: Path, dataset: Path, *options: str) -> Result:
    return invoke("source", "add", str(document), *options, "--data", str(dataset))


class TestInit:
    def test_current_folder_by_default(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without DIR, the current folder gets facts.json (empty lists) and sources/."""
        monkeypatch.chdir(tmp_path)
        result = invoke("init")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("created facts.json (no sources, no facts) and sources/")
        assert (tmp_path / "facts.json").read_text(encoding="utf-8") == (
            '{\n  "schema_version": "1.3",\n  "sources": [],\n  "facts": []\n}\n'
        )
        assert (tmp_path / "sources").is_dir()
        assert load_dataset(tmp_path / "facts.json").dataset.facts == []

    def test_new_folder_with_title(self, tmp_path: Path) -> None:
        """DIR and its parents are made; --title is the dataset's title."""
        result = invoke("init", str(tmp_path / "a" / "b"), "--title", "Housing, 2024")
        assert result.exit_code == 0, result.output
        loaded = load_dataset(tmp_path / "a" / "b" / "facts.json")
        assert loaded.dataset.title == "Housing, 2024"

    @pytest.mark.parametrize("content", [b"{}", b"not even json"])
    def test_refuses_a_folder_with_a_dataset(self, tmp_path: Path, content: bytes) -> None:
        """A folder with a facts.json (valid or not) is refused, and nothing changes."""
        (tmp_path / "facts.json").write_bytes(content)
        before = snapshot(tmp_path)
        message = one_error_line(invoke("init", str(tmp_path)))
        assert (
            message
            == f"{tmp_path} already holds a dataset ({tmp_path / 'facts.json'}); nothing changed"
        )
        assert snapshot(tmp_path) == before

    def test_refuses_a_file(self, tmp_path: Path) -> None:
        """DIR naming a file is refused."""
        (tmp_path / "notes").write_text("x")
        assert one_error_line(invoke("init", str(tmp_path / "notes"))).endswith(
            "is a file, not a folder"
        )

    def test_refuses_an_empty_title(self, tmp_path: Path) -> None:
        """An empty --title is refused, and no folder is made."""
        assert one_error_line(invoke("init", str(tmp_path / "new"), "--title", " ")) == (
            "the title is empty"
        )
        assert not (tmp_path / "new").exists()


class TestSourceAdd:
    def test_text_copied_byte_for_byte_and_recorded(self, dataset: Path, document: Path) -> None:
        """The text is copied unchanged, hashed, and recorded with defaults from the file."""
        result = add(document, dataset, *DETAILS)
        assert result.exit_code == 0, result.output
        copied = dataset.parent / "sources" / "hud-awards-2024.txt"
        assert copied.read_bytes() == document.read_bytes()
        (source,) = load_dataset(dataset).dataset.sources
        assert source.id == "hud-awards-2024"
        assert source.title == "HUD Awards $3.16 Billion"
        assert source.file == "sources/hud-awards-2024.txt"
        assert source.sha256 == hashlib.sha256(DOCUMENT.encode("utf-8")).hexdigest()
        assert (source.publisher, source.published) == (DETAILS[1], DETAILS[3])
        assert result.stdout.splitlines()[:3] == [
            f"added source hud-awards-2024 to {dataset.resolve()}",
            "  id         hud-awards-2024 (from the file name)",
            "  title      HUD Awards $3.16 Billion (from its first line)",
        ]
        assert invoke("verify", "--data", str(dataset)).exit_code == 0

    def test_dataset_keeps_its_layout(self, dataset: Path, document: Path) -> None:
        """The dataset file is rewritten in its own layout: 2-space indent, trailing newline."""
        assert add(document, dataset, *DETAILS).exit_code == 0
        text = dataset.read_text(encoding="utf-8")
        assert text == dataset_json(load_dataset(dataset).dataset)
        assert text.startswith('{\n  "schema_version": "1.3",\n  "sources": [\n    {\n')

    def test_options_win_over_defaults(self, dataset: Path, document: Path) -> None:
        """--id and --title replace what the file name and first line would give."""
        result = add(document, dataset, *DETAILS, "--id", "hud-coc-2024", "--title", "CoC awards")
        assert result.exit_code == 0, result.output
        (source,) = load_dataset(dataset).dataset.sources
        assert (source.id, source.title) == ("hud-coc-2024", "CoC awards")
        assert (dataset.parent / "sources" / "hud-coc-2024.txt").is_file()

    def test_second_source_appended(self, dataset: Path, document: Path, tmp_path: Path) -> None:
        """A second document is appended after the first."""
        other = tmp_path / "other.txt"
        other.write_text("Another release\n5 grants.\n", encoding="utf-8")
        assert add(document, dataset, *DETAILS).exit_code == 0
        assert add(other, dataset, *DETAILS).exit_code == 0
        ids = [s.id for s in load_dataset(dataset).dataset.sources]
        assert ids == ["hud-awards-2024", "other"]

    def test_text_already_in_sources_folder(self, dataset: Path) -> None:
        """A document already at sources/<id>.txt is recorded where it is."""
        placed = dataset.parent / "sources" / "release.txt"
        placed.write_bytes(DOCUMENT.encode("utf-8"))
        result = add(placed, dataset, *DETAILS)
        assert result.exit_code == 0, result.output
        assert placed.read_bytes() == DOCUMENT.encode("utf-8")
        assert load_dataset(dataset).dataset.sources[0].file == "sources/release.txt"

    def test_dataset_from_environment_then_current_folder(
        self, dataset: Path, document: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without --data: $FACTCLI_DATA, else ./facts.json (never the bundled dataset)."""
        monkeypatch.chdir(dataset.parent)
        result = invoke("source", "add", str(document), *DETAILS)
        assert result.exit_code == 0, result.output
        assert len(load_dataset(dataset).dataset.sources) == 1

    def test_ids_from_file_names(self) -> None:
        """File names become slugs: lower case, accents dropped, runs of others one '-'."""
        assert id_from_name(Path("HUD Awards (2024).txt")) == "hud-awards-2024"
        assert id_from_name(Path("Café_Report--v2.html")) == "cafe-report-v2"
        assert id_from_name(Path("x" * 200 + ".txt")) == "x" * 120
        with pytest.raises(UsageProblem):
            id_from_name(Path("___.txt"))

    @given(
        st.text(min_size=1, max_size=300).filter(
            lambda name: "/" not in name and "\x00" not in name
        )
    )
    def test_any_file_name_gives_a_valid_id_or_asks_for_one(self, name: str) -> None:
        """Whatever the file name, the id is a slug the dataset accepts, or --id is asked for."""
        try:
            slug = id_from_name(Path(name + ".txt"))
        except NoIdFromName as error:
            assert worded(error)[1] == "pass --id with an id such as my-report-2024"
        else:
            assert re.fullmatch(SLUG_PATTERN, slug) and len(slug) <= 120
            assert not slug.endswith("-")

    @given(st.text(max_size=500))
    def test_any_text_gives_one_line_title_or_none(self, text: str) -> None:
        """The title is one tidy line of the text, at most 200 characters, or None."""
        title = title_from_text(text)
        if title is not None:
            assert title == " ".join(title.split()) and 0 < len(title) <= 200
            assert title.split()[0] in text

    def test_title_is_first_non_empty_line(self) -> None:
        """The first line with words, its spaces tidied; a byte-order mark is no word."""
        assert title_from_text("\ufeff\n \n  A   title \nbody") == "A title"
        assert title_from_text(" \n\t") is None
        assert title_from_text("A paragraph " * 20 + "\nmore") is None


class TestSourceAddRefusals:
    """Each refusal: exit 2, one error line, and the folder exactly as it was."""

    @pytest.fixture()
    def check_refused(self, tmp_path: Path) -> Callable[..., str]:
        def check(document: Path, dataset: Path, *options: str) -> str:
            before = snapshot(tmp_path)
            message = one_error_line(add(document, dataset, *options))
            assert snapshot(tmp_path) == before
            return message

        return check

    def test_not_utf8(self, dataset: Path, tmp_path: Path, check_refused: Any) -> None:
        latin1 = tmp_path / "latin1.txt"
        latin1.write_bytes("Résumé of awards\n".encode("latin-1"))
        message = check_refused(latin1, dataset, *DETAILS)
        assert message == f"{latin1} is not UTF-8 text (byte 0xe9 at offset 1)"

    def test_binary(self, dataset: Path, tmp_path: Path, check_refused: Any) -> None:
        binary = tmp_path / "data.bin"
        binary.write_bytes(b"\x7fELF\x02\x00\x01\x02")
        assert check_refused(binary, dataset, *DETAILS) == f"{binary} is a binary file, not text"

    @pytest.mark.parametrize("content", [b"", b" \n\r\n\t"])
    def test_empty(self, dataset: Path, tmp_path: Path, check_refused: Any, content: bytes) -> None:
        empty = tmp_path / "empty.txt"
        empty.write_bytes(content)
        assert check_refused(empty, dataset, *DETAILS) == f"{empty} is empty"

    def test_id_already_used(
        self, dataset: Path, document: Path, tmp_path: Path, check_refused: Any
    ) -> None:
        assert add(document, dataset, *DETAILS).exit_code == 0
        other = tmp_path / "other.txt"
        other.write_text("Different text\n", encoding="utf-8")
        message = check_refused(other, dataset, *DETAILS, "--id", "hud-awards-2024")
        assert message == "the dataset already has a source with id 'hud-awards-2024'"

    def test_same_text_already_there(
        self, dataset: Path, document: Path, tmp_path: Path, check_refused: Any
    ) -> None:
        assert add(document, dataset, *DETAILS).exit_code == 0
        copy = tmp_path / "copy of it.txt"
        copy.write_bytes(document.read_bytes())
        message = check_refused(copy, dataset, *DETAILS)
        assert message == f"the text of {copy} is already there as hud-awards-2024"

    def test_missing_file(self, dataset: Path, tmp_path: Path, check_refused: Any) -> None:
        missing = tmp_path / "nowhere.txt"
        assert check_refused(missing, dataset, *DETAILS) == f"no such file: {missing}"

    def test_folder_without_documents(
        self, dataset: Path, tmp_path: Path, check_refused: Any
    ) -> None:
        (tmp_path / "empty").mkdir()
        message = check_refused(tmp_path / "empty", dataset, *DETAILS)
        assert message.startswith("no documents to add: the folders hold no .txt")

    def test_dataset_that_does_not_load(
        self, dataset: Path, document: Path, check_refused: Any
    ) -> None:
        dataset.write_text('{"schema_version": "1.0", "sources": []}\n', encoding="utf-8")
        message = check_refused(document, dataset, *DETAILS)
        assert message == f"dataset {dataset} does not match the schema (1 problem)"

    def test_no_dataset(self, tmp_path: Path, document: Path, check_refused: Any) -> None:
        missing = tmp_path / "facts.json"
        assert check_refused(document, missing, *DETAILS) == f"no dataset at {missing}"

    def test_title_when_the_first_line_is_a_paragraph(
        self, dataset: Path, tmp_path: Path, check_refused: Any
    ) -> None:
        """A document that starts with a paragraph gives no title: --title is asked for."""
        text = tmp_path / "release.txt"
        text.write_text("On April 26, 2023, HHS hosted a roundtable " * 10 + "\n", encoding="utf-8")
        message = check_refused(text, dataset, *DETAILS)
        assert message == "a source needs title, which the document does not give"
        assert add(text, dataset, *DETAILS, "--title", "HHS roundtable").exit_code == 0

    def test_detail_that_does_not_fit(
        self, dataset: Path, document: Path, check_refused: Any
    ) -> None:
        options = [*DETAILS[:3], "2024-02-30", *DETAILS[4:]]
        message = check_refused(document, dataset, *options)
        assert message == "the source's details do not fit the dataset format"
        result = add(document, dataset, *options)
        assert result.stderr.splitlines()[1].startswith("  --published '2024-02-30': ")

    def test_bad_id(self, dataset: Path, document: Path, check_refused: Any) -> None:
        message = check_refused(document, dataset, *DETAILS, "--id", "Bad Id")
        assert message.startswith("'Bad Id' is not a valid source id")

    def test_file_in_the_way(self, dataset: Path, document: Path, check_refused: Any) -> None:
        (dataset.parent / "sources" / "hud-awards-2024.txt").write_text("other\n")
        message = check_refused(document, dataset, *DETAILS)
        assert message == (
            "sources/hud-awards-2024.txt already exists beside the dataset and is not this document"
        )

    def test_html_without_the_extra(
        self, dataset: Path, tmp_path: Path, check_refused: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without trafilatura, an HTML page is refused with the extra to install."""
        monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if absent
        page = tmp_path / "page.html"
        page.write_text(PAGE, encoding="utf-8")
        message = check_refused(page, dataset, *DETAILS)
        assert message == (
            f"reading HTML pages ({page}) needs the 'html' extra, which is not installed"
        )
        result = add(page, dataset, *DETAILS)
        assert "pip install 'factcli[html]'" in result.stderr.splitlines()[-1]


class TestAtomicity:
    """The text file and the dataset file are written together or not at all."""

    def test_dataset_rename_fails(
        self, dataset: Path, document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When the dataset cannot be put in place, the copied text is removed again."""
        real_replace = os.replace
        calls: list[str] = []

        def failing_replace(source: Any, target: Any) -> None:
            calls.append(Path(target).name)
            if Path(target) == dataset.resolve():
                raise OSError(28, "No space left on device")
            real_replace(source, target)

        monkeypatch.setattr(os, "replace", failing_replace)
        before = snapshot(tmp_path)
        message = one_error_line(add(document, dataset, *DETAILS))
        assert message == f"cannot write {dataset.resolve()}: No space left on device"
        assert calls == ["hud-awards-2024.txt", "facts.json"]  # the text was placed, then undone
        assert snapshot(tmp_path) == before

    def test_sources_folder_made_then_removed(
        self, dataset: Path, document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A dataset without sources/ gets one; if saving fails, it is removed again."""
        (dataset.parent / "sources").rmdir()
        before = snapshot(tmp_path)

        def failing_save(*args: Any) -> None:
            raise UsageProblem("simulated failure")

        with monkeypatch.context() as patched:
            patched.setattr(factcli.authoring.sources, "save_dataset_with_file", failing_save)
            assert one_error_line(add(document, dataset, *DETAILS)) == "simulated failure"
        assert snapshot(tmp_path) == before
        assert add(document, dataset, *DETAILS).exit_code == 0
        assert (dataset.parent / "sources" / "hud-awards-2024.txt").is_file()

    def test_dataset_temporary_fails(
        self, dataset: Path, document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When the dataset's temporary file cannot be made, the text's is removed."""

        def failing_json(*args: Any, **kwargs: Any) -> str:
            raise UsageProblem("simulated failure")

        monkeypatch.setattr(factcli.authoring.save, "dataset_json", failing_json)
        before = snapshot(tmp_path)
        assert one_error_line(add(document, dataset, *DETAILS)) == "simulated failure"
        assert snapshot(tmp_path) == before


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>HHS Awards | ACF</title>
<meta property="og:site_name" content="Administration for Children and Families">
<meta property="og:title" content="HHS Awards $8.5 Million to Community Organizations">
<meta name="date" content="2023-04-28">
<link rel="canonical" href="https://www.acf.hhs.gov/news/awards">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About ACF</a></li></ul></nav>
<main><article><h1>HHS Awards $8.5 Million to Community Organizations</h1>
<p>In October 2022, ACF awarded $8.5 million to 10 community-based organizations that provide
case management services to individuals who have experienced human trafficking.</p>
<p>More than 1 in 3 women in the United States have experienced sexual violence, physical
violence and/or stalking during their lifetime, according to the hotline’s figures.</p>
</article></main>
<footer><p>Contact us | Privacy policy</p></footer>
</body></html>
"""


class TestHtml:
    @pytest.fixture(autouse=True)
    def _needs_trafilatura(self) -> None:
        pytest.importorskip("trafilatura")

    def test_main_text_and_metadata(self, dataset: Path, tmp_path: Path) -> None:
        """A page becomes its main text; title, site, date and address come from its markup."""
        page = tmp_path / "awards.html"
        page.write_text(PAGE, encoding="utf-8")
        result = add(page, dataset, "--rights", "Public domain (U.S. government work)")
        assert result.exit_code == 0, result.output
        (source,) = load_dataset(dataset).dataset.sources
        text = (dataset.parent / source.file).read_text(encoding="utf-8")
        assert "ACF awarded $8.5 million to 10 community-based organizations" in text
        assert "the hotline’s figures." in text
        assert "Privacy policy" not in text and "About ACF" not in text
        assert text.endswith(".\n")
        assert source.file == "sources/awards.txt"
        assert source.title == "HHS Awards $8.5 Million to Community Organizations"
        assert source.publisher == "Administration for Children and Families"
        assert source.published == "2023-04-28"
        assert source.url == "https://www.acf.hhs.gov/news/awards"
        assert (
            "  title      HHS Awards $8.5 Million to Community Organizations (from the page)"
            in (result.stdout.splitlines())
        )
        assert invoke("verify", "--data", str(dataset)).exit_code == 0

    def test_options_win_over_the_page(self, dataset: Path, tmp_path: Path) -> None:
        """What the user passes replaces what the page's markup says."""
        page = tmp_path / "awards.htm"
        page.write_text(PAGE, encoding="utf-8")
        result = add(page, dataset, *DETAILS)
        assert result.exit_code == 0, result.output
        (source,) = load_dataset(dataset).dataset.sources
        assert (source.publisher, source.published, source.url) == (
            DETAILS[1], DETAILS[3], DETAILS[5],
        )  # fmt: skip

    def test_page_without_main_text(self, dataset: Path, tmp_path: Path) -> None:
        """A page with nothing to read is refused, and nothing is written."""
        page = tmp_path / "blank.html"
        page.write_text("<html><head><title>T</title></head><body></body></html>", encoding="utf-8")
        before = snapshot(tmp_path)
        message = one_error_line(add(page, dataset, *DETAILS))
        assert message == f"{page} has no main text that could be read from its HTML"
        assert snapshot(tmp_path) == before


# A source text in which one sentence occurs twice.
REPEATED = (
    "Intro line.\n"
    "The agency awarded $5 million in 2021.\n"
    "The agency awarded $5 million in 2021.\n"
    "It served 10 groups.\n"
)


def small_dataset(folder: Path) -> Path:
    """A dataset over REPEATED: a fact right, one misplaced once, one twice, one nowhere."""
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "s.txt").write_text(REPEATED, encoding="utf-8")

    def fact(
        fact_id: str, quote: str, start: int, text: str, value: dict[str, str]
    ) -> dict[str, Any]:
        kind = "money" if "currency" in value else "statistic"
        return {
            "id": fact_id, "kind": kind, "value": value, "text": text, "statement": quote,
            "source": {"id": "s", "quote": quote, "start": start, "end": start + len(quote)},
        }  # fmt: skip

    money = {"amount": "5000000", "currency": "USD"}
    groups = {"amount": "10", "unit": "groups"}
    raw = {
        "schema_version": "1.0",
        "sources": [{
            "id": "s", "title": "S", "publisher": "P", "published": "2024", "rights": "R",
            "url": "https://example.org/s", "file": "sources/s.txt",
            "sha256": hashlib.sha256(REPEATED.encode()).hexdigest(),
        }],
        "facts": [
            fact("right", "It served 10 groups.", 90, "10 groups", groups),
            fact("once", "It served 10 groups.", 3, "10 groups", groups),
            fact("twice", "The agency awarded $5 million in 2021.", 0, "$5 million", money),
            fact("nowhere", "It awarded $5 million.", 0, "$5 million", money),
        ],
    }  # fmt: skip
    path = folder / "facts.json"
    path.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


class TestFixOffsets:
    def test_shipped_dataset_repaired_to_its_exact_bytes(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Offsets 3 code points off are put back; the file is the shipped one again."""
        ref = shipped_raw["facts"][fact_index(shipped_raw, "acf-case-management-awards-2022")]
        ref["source"]["start"] += 3
        ref["source"]["end"] += 3
        text = json.dumps(shipped_raw, indent=2, ensure_ascii=False) + "\n"
        path = write_dataset(None, text=text)
        result = invoke("verify", "--fix-offsets", "--data", str(path))
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == [
            "fixed acf-case-management-awards-2022: offsets 3505-3873 -> 3502-3870",
            f"offsets fixed in 1 fact ({path.resolve()})",
            "ok: 10 facts from 1 source verified: hashes, quotes, offsets, texts and values "
            f"match ({path.resolve()})",
        ]
        assert path.read_bytes() == SHIPPED.read_bytes()

    def test_without_the_flag_nothing_is_fixed(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Plain verify reports misplaced offsets and leaves the file alone."""
        shipped_raw["facts"][0]["source"]["start"] += 1
        path = write_dataset(shipped_raw)
        before = path.read_bytes()
        assert invoke("verify", "--data", str(path)).exit_code == 1
        assert path.read_bytes() == before

    def test_only_quotes_found_once(self, tmp_path: Path) -> None:
        """0 or 2+ occurrences are reported and left; the found-once quote is moved."""
        path = small_dataset(tmp_path)
        result = invoke("verify", "--fix-offsets", "--data", str(path))
        assert result.exit_code == 1, result.output
        lines = result.stdout.splitlines()
        assert lines[:4] == [
            "fixed once: offsets 3-23 -> 90-110",
            "left twice: the quote occurs 2 times in its source (at 12-50, 51-89)",
            "left nowhere: the quote does not occur in its source",
            f"offsets fixed in 1 fact ({path.resolve()})",
        ]
        assert lines[4].startswith("twice: quote does not match source text at 0-38")
        facts = {f.id: f.source for f in load_dataset(path).dataset.facts}
        assert (facts["once"].start, facts["once"].end) == (90, 110)
        assert (facts["twice"].start, facts["nowhere"].start, facts["right"].start) == (0, 0, 90)

    def test_nothing_to_fix_writes_nothing(self, tmp_path: Path) -> None:
        """A dataset with nothing to repair is not rewritten."""
        path = small_dataset(tmp_path)
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["facts"] = raw["facts"][:1]
        path.write_text(json.dumps(raw), encoding="utf-8")
        before = snapshot(tmp_path)
        stamp = path.stat().st_mtime_ns
        result = invoke("verify", "--fix-offsets", "--data", str(path))
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[0] == f"no offsets to fix ({path.resolve()})"
        assert snapshot(tmp_path) == before and path.stat().st_mtime_ns == stamp

    def test_changed_source_file_is_not_used(self, tmp_path: Path) -> None:
        """Against a source file that no longer matches its hash, nothing is moved."""
        path = small_dataset(tmp_path)
        (tmp_path / "sources" / "s.txt").write_text("x" + REPEATED, encoding="utf-8")
        before = path.read_bytes()
        result = invoke("verify", "--fix-offsets", "--data", str(path))
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == f"no offsets to fix ({path.resolve()})"
        assert path.read_bytes() == before

    def test_unloadable_dataset(self, tmp_path: Path) -> None:
        """A dataset that does not load: exit 2, as verify."""
        message = one_error_line(
            invoke("verify", "--fix-offsets", "--data", str(tmp_path / "x.json"))
        )
        assert message == f"dataset not found: {tmp_path / 'x.json'}"


def test_installed_command_builds_a_dataset(tmp_path: Path) -> None:
    """The installed factcli, in a real process: init, source add, a refusal, verify."""
    (tmp_path / "release.txt").write_bytes(DOCUMENT.encode("utf-8"))
    created = run("init", "data", "--title", "HUD releases", cwd=tmp_path)
    assert (created.returncode, created.stderr) == (0, ""), created.stderr
    added = run("source", "add", "release.txt", *DETAILS, "--data", "data/facts.json", cwd=tmp_path)
    assert (added.returncode, added.stderr) == (0, ""), added.stderr
    copied = tmp_path / "data" / "sources" / "release.txt"
    assert copied.read_bytes() == (tmp_path / "release.txt").read_bytes()
    again = run("source", "add", "release.txt", "--id", "again", cwd=tmp_path,
                env={"FACTCLI_DATA": "data/facts.json"})  # fmt: skip
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr == "factcli: error: the text of release.txt is already there as release\n"
    verified = run("verify", "--fix-offsets", "--data", "data/facts.json", cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.splitlines()[-1].startswith("ok: 0 facts from 1 source verified")
