"""Every document a user has (issue 32): PDFs, HTML without its furniture, many documents
at once with a sidecar, and sources over time (list, update, remove).

Every refusal is checked to exit 2 (1 for an unknown source, as an unknown fact id), with
one error line, and to leave the folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from factcli.authoring.batch import add_sources
from factcli.authoring.sources import SourceDetails
from factcli.cli import app
from factcli.documents.furniture import published_in_metadata, without_furniture
from factcli.model.dataset import load_dataset
from factcli.model.schema import Dataset
from tests.conftest import REPO
from tests.test_authoring import snapshot

runner = CliRunner()
PDFS = REPO / "tests" / "data" / "pdf"
REPORT = PDFS / "county-housing-2023.pdf"
REVISED = PDFS / "county-housing-2023-revised.pdf"
WIKIPEDIA = REPO / "tests" / "data" / "wikipedia-mozilla.html"
CORPUS = REPO.parent / "shared" / "corpus2" / "docs"
DETAILS = (
    "--publisher", "Office of Budget Analysis", "--published", "2024-05-01",
    "--url", "https://county.example.gov/housing-2023", "--rights", "Public domain",
)  # fmt: skip


def invoke(*args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args])


def refused(result: Result, code: int = 2) -> str:
    """The error line of a refused command (after checking it is the only stderr line
    besides a hint, and that no traceback shows)."""
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("factcli: error: "), result.stderr
    assert all(line.startswith(("hint: ", "  ")) for line in lines[1:]), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0].removeprefix("factcli: error: ")


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    assert invoke("init", tmp_path / "ds").exit_code == 0
    return tmp_path / "ds" / "facts.json"


def raw(dataset: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(dataset.read_text(encoding="utf-8"))
    return loaded


def add_fact(dataset: Path, source_id: str, words: str) -> str:
    """Make the candidate whose words are ``words`` a fact; its id."""
    found = invoke("extract", source_id, "--data", dataset, "-f", "plain")
    candidate = next(
        line.split("\t")[0] for line in found.stdout.splitlines() if line.split("\t")[4] == words
    )
    result = invoke("add", candidate, "--data", dataset)
    assert result.exit_code == 0, result.output
    return result.stdout.split()[1]


class TestPdf:
    def test_text_pages_and_original_recorded(self, dataset: Path) -> None:
        """A PDF's text becomes the source text; its sha256 and its pages are recorded."""
        result = invoke("source", "add", REPORT, "--data", dataset, *DETAILS)
        assert result.exit_code == 0, result.output
        assert "(text of the PDF, 3 pages," in result.stdout
        assert "  title      County Housing Report 2023 (from the PDF)" in result.stdout
        (source,) = raw(dataset)["sources"]
        assert source["original"]["format"] == "pdf"
        assert source["original"]["sha256"] == hashlib.sha256(REPORT.read_bytes()).hexdigest()
        text = (dataset.parent / source["file"]).read_text(encoding="utf-8")
        pages = source["original"]["pages"]
        assert len(pages) == 3 and pages[0] == 0
        assert text[pages[1] :].startswith("Repairs and shelters\n")
        # paragraphs apart by a blank line, where the page shows them apart
        assert "June 2023.\n\nMost of the households" in text
        assert invoke("verify", "--data", dataset).exit_code == 0

    def test_a_quote_knows_its_page(self, dataset: Path) -> None:
        """cite says "p. 2", show and json give the page of the quote's start."""
        assert invoke("source", "add", REPORT, "--data", dataset, *DETAILS).exit_code == 0
        fact = add_fact(dataset, "county-housing-2023", "$4.2 million")
        cited = invoke("cite", fact, "--data", dataset)
        assert " Published May 1, 2024. p. 2. https://county.example.gov" in cited.stdout
        shown = invoke("list", "--data", dataset, "-f", "json")
        assert json.loads(shown.stdout)[0]["source"]["page"] == 2
        table = invoke("show", fact, "--data", dataset, "-f", "table")
        assert "(code points in county-housing-2023; page 2)" in table.stdout

    def test_forty_pages_in_under_three_seconds(self, dataset: Path) -> None:
        started = time.perf_counter()
        added = add_sources([PDFS / "forty-pages.pdf"], SourceDetails(), dataset)
        assert time.perf_counter() - started < 3
        original = added.added[0].source.original
        assert original is not None and original.pages is not None and len(original.pages) == 40

    @pytest.mark.skipif(not (CORPUS / "bls-cpi-july-2025.pdf").exists(), reason="no corpus")
    def test_a_real_release_reads_as_pdfminer_reads_it(self, dataset: Path) -> None:
        """The BLS release: page 1 holds the words pdfminer.six finds there, in order."""
        import difflib
        import re

        assert (
            invoke("source", "add", CORPUS / "bls-cpi-july-2025.pdf", "--data", dataset).exit_code
            == 0
        )
        (source,) = raw(dataset)["sources"]
        text = (dataset.parent / source["file"]).read_text(encoding="utf-8")
        first = text[: source["original"]["pages"][1]]
        reference = (CORPUS / "bls-cpi-july-2025.txt").read_text(encoding="utf-8")
        words = [re.findall(r"\w+", part) for part in (first, reference)]
        assert difflib.SequenceMatcher(None, *words, autojunk=False).ratio() > 0.97
        assert "The Consumer Price Index for All Urban Consumers (CPI-U) increased 0.2" in first

    def test_without_the_extra(
        self, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without pypdfium2, a PDF is refused with the extra to install, never as text."""
        monkeypatch.setitem(sys.modules, "pypdfium2", None)
        before = snapshot(tmp_path)
        result = invoke("source", "add", REPORT, "--data", dataset)
        assert refused(result) == (
            f"reading PDF files ({REPORT}) needs the 'pdf' extra, which is not installed"
        )
        assert "pip install 'factcli[pdf]'" in result.stderr
        assert "UTF-8" not in result.stderr and "iconv" not in result.stderr
        assert snapshot(tmp_path) == before

    @pytest.mark.parametrize(
        ("name", "message", "hint"),
        [
            ("scan.pdf", "is a PDF without text (a scanned document?)", "OCR"),
            ("locked.pdf", "is an encrypted PDF (it needs a password)", "without the password"),
        ],
    )
    def test_pdfs_without_readable_text(
        self, dataset: Path, tmp_path: Path, name: str, message: str, hint: str
    ) -> None:
        before = snapshot(tmp_path)
        result = invoke("source", "add", PDFS / name, "--data", dataset)
        assert refused(result) == f"{PDFS / name} {message}"
        assert hint in result.stderr
        assert snapshot(tmp_path) == before


def _zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "text")
    return buffer.getvalue()


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        info.size = 4
        archive.addfile(info, io.BytesIO(b"text"))
    return buffer.getvalue()


class TestFilesThatAreNotText:
    """Each says what the file is and what to do; never "not UTF-8 ... iconv"."""

    @pytest.mark.parametrize(
        ("name", "content", "what", "advice"),
        [
            ("chart.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image", "OCR"),
            ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image", "OCR"),
            ("docs.zip", _zip("a.txt"), "a ZIP archive", "unpack it"),
            ("report.docx", _zip("word/document.xml"), "a Word document (a ZIP archive)", "PDF"),
            ("docs.tar", _tar(), "a tar archive", "unpack it"),
            ("docs.txt.gz", b"\x1f\x8b\x08\x00" + bytes(20), "a gzip archive", "unpack it"),
            (
                "old.doc",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20),
                "an old Microsoft Office document",
                "PDF",
            ),
            ("program", b"\x7fELF\x02\x01\x01\x00" + bytes(40), "a binary file", "PDFs"),
        ],
    )
    def test_refused_with_what_it_is(
        self, dataset: Path, tmp_path: Path, name: str, content: bytes, what: str, advice: str
    ) -> None:
        document = tmp_path / name
        document.write_bytes(content)
        before = snapshot(tmp_path)
        result = invoke("source", "add", document, "--data", dataset)
        assert refused(result) == f"{document} is {what}, not text"
        assert advice in result.stderr.splitlines()[-1]
        assert "iconv" not in result.stderr
        assert snapshot(tmp_path) == before

    def test_latin1_text_still_gets_the_encoding_hint(self, dataset: Path, tmp_path: Path) -> None:
        latin1 = tmp_path / "notes.txt"
        latin1.write_bytes("Résumé of the awards\n".encode("latin-1"))
        result = invoke("source", "add", latin1, "--data", dataset)
        assert refused(result) == f"{latin1} is not UTF-8 text (byte 0xe9 at offset 1)"
        assert "iconv" in result.stderr


class TestHtmlFurniture:
    @pytest.fixture(autouse=True)
    def _needs_trafilatura(self) -> None:
        pytest.importorskip("trafilatura")

    def test_wikipedia_article_without_its_furniture(self, dataset: Path) -> None:
        """The reference list, "Retrieved" lines, infobox, edit links and navigation of a
        real Wikipedia page are not its text; its date is not the infobox's."""
        result = invoke("source", "add", WIKIPEDIA, "--data", dataset, "--rights", "CC BY-SA 3.0")
        assert result.exit_code == 0, result.output
        (source,) = raw(dataset)["sources"]
        text = (dataset.parent / source["file"]).read_text(encoding="utf-8")
        for furniture in ("Retrieved", "[edit]", "Bug 759422", "[1]", "Founded", "Navigation menu",
                          "External links", "This page was last modified", "Jump to"):  # fmt: skip
            assert furniture not in text, furniture
        assert "In a report released in November 2012, Mozilla reported that their total" in text
        assert "Mozilla Festival" in text
        assert source["published"] is None  # not 1998-02-28, the infobox's founding date
        assert "  published  not stated" in result.stdout
        found = invoke("extract", "wikipedia-mozilla", "--data", dataset, "-f", "plain")
        assert len(found.stdout.splitlines()) < 50  # 132 with the furniture, 87 of them references

    def test_published_from_metadata_never_from_the_page(self) -> None:
        page = b"""<html><head>
        <meta property="article:published_time" content="2021-03-04T10:00:00Z"></head>
        <body><table class="infobox"><tr><td>Founded</td><td>February 28, 1998</td></tr>
        </table><time datetime="1999-01-01">1999</time><p>Text.</p></body></html>"""
        assert published_in_metadata(without_furniture(page)) == "2021-03-04"
        printed = b"<html><body><p>Published January 5, 2020.</p><time datetime='2020-01-05'>"
        assert published_in_metadata(without_furniture(printed + b"</time></body></html>")) is None
        ld = b"""<html><head><script type="application/ld+json">{"@graph": [{"@type": "Article",
        "datePublished": "2019-11-02"}]}</script></head><body><p>x</p></body></html>"""
        assert published_in_metadata(without_furniture(ld)) == "2019-11-02"

    @pytest.mark.skipif(
        not (CORPUS / "wikimedia-turkey-access-restored-2020.html").exists(), reason="no corpus"
    )
    def test_a_clean_page_keeps_its_text_and_date(self, dataset: Path) -> None:
        page = CORPUS / "wikimedia-turkey-access-restored-2020.html"
        assert invoke("source", "add", page, "--data", dataset).exit_code == 0
        (source,) = raw(dataset)["sources"]
        text = (dataset.parent / source["file"]).read_text(encoding="utf-8")
        expected = (CORPUS / "wikimedia-turkey-access-restored-2020.txt").read_text("utf-8")
        assert text.split() == expected.split()
        assert source["published"] == "2020-01-15"
        assert source["original"]["format"] == "html"


def _documents(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    texts = {
        "hud.txt": "HUD awards\n\nIn 2024 HUD awarded $3.16 billion to 7,000 projects.\n",
        "epa.txt": "EPA grants\n\nEPA gave $5 million to 262 communities in May 2023.\n",
        "usda.md": "USDA loans\n\nUSDA lent $40 million in 2022.\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: folder / name for name in texts}


SIDECAR_CSV = (
    "file,id,publisher,published,rights\n"
    "hud.txt,hud-2024,HUD,2024-05-01,Public domain\n"
    "epa.txt,,EPA,2023-05-20,\n"
)


class TestManyDocuments:
    def test_files_with_a_csv_sidecar(self, dataset: Path, tmp_path: Path) -> None:
        """Details per file from the sidecar; what no one states is recorded as null."""
        docs = _documents(tmp_path / "docs")
        sidecar = tmp_path / "docs" / "sources.csv"
        sidecar.write_text(SIDECAR_CSV, encoding="utf-8")
        result = invoke("source", "add", docs["hud.txt"], docs["epa.txt"], "--metadata", sidecar,
                        "--data", dataset)  # fmt: skip
        assert result.exit_code == 0, result.output
        hud, epa = raw(dataset)["sources"]
        assert (hud["id"], hud["publisher"], hud["published"], hud["rights"]) == (
            "hud-2024", "HUD", "2024-05-01", "Public domain",
        )  # fmt: skip
        assert (epa["id"], epa["publisher"], epa["rights"], epa["url"]) == (
            "epa",
            "EPA",
            None,
            None,
        )
        assert hud["title"] == "HUD awards"
        assert "  publisher  HUD (from the sidecar)" in result.stdout
        assert "2 sources added to" in result.stdout
        assert "not stated: url, rights" in result.stdout
        assert invoke("verify", "--data", dataset).exit_code == 0

    def test_a_folder_and_a_json_sidecar(self, dataset: Path, tmp_path: Path) -> None:
        _documents(tmp_path / "docs")
        (tmp_path / "docs" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (tmp_path / "docs" / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
        sidecar = tmp_path / "meta.json"
        sidecar.write_text(json.dumps([{"file": "docs/usda.md", "publisher": "USDA"}]))
        result = invoke("source", "add", tmp_path / "docs", "--metadata", sidecar,
                        "--rights", "Public domain", "--data", dataset)  # fmt: skip
        assert result.exit_code == 0, result.output
        sources = {s["id"]: s for s in raw(dataset)["sources"]}
        assert sorted(sources) == ["epa", "hud", "usda"]
        assert sources["usda"]["publisher"] == "USDA" and sources["hud"]["publisher"] is None
        assert {s["rights"] for s in sources.values()} == {"Public domain"}
        assert f"skipped 1 file, not documents: {tmp_path / 'docs' / 'chart.png'}" in result.stdout

    def test_not_stated_is_said_in_citations(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert invoke("source", "add", docs["epa.txt"], "--data", dataset).exit_code == 0
        fact = add_fact(dataset, "epa", "$5 million")
        cited = invoke("cite", fact, "--data", dataset).stdout.splitlines()[-1]
        assert cited == (
            "Publisher not stated. EPA grants. Date not stated. No address stated. "
            "Terms of reuse not stated."
        )
        csl = json.loads(invoke("cite", fact, "-f", "csl-json", "--data", dataset).stdout)
        assert "issued" not in csl[0] and "author" not in csl[0]
        assert invoke("verify", "--data", dataset).exit_code == 0
        loaded = load_dataset(dataset).dataset
        assert loaded.sources[0].rights is None

    def test_one_write_for_the_batch(
        self, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When the dataset cannot be put in place, the batch's texts are taken back."""
        docs = _documents(tmp_path / "docs")
        real_replace = os.replace

        def failing_replace(source: Any, target: Any) -> None:
            if Path(target) == dataset.resolve() or Path(target) == dataset:
                raise OSError(28, "No space left on device")
            real_replace(source, target)

        monkeypatch.setattr(os, "replace", failing_replace)
        before = snapshot(tmp_path)
        result = invoke("source", "add", *docs.values(), "--data", dataset)
        assert refused(result).endswith("No space left on device")
        assert snapshot(tmp_path) == before

    def test_progress_is_reported_and_silent_when_piped(
        self, dataset: Path, tmp_path: Path
    ) -> None:
        docs = _documents(tmp_path / "docs")
        calls: list[tuple[str, int, int | None]] = []
        add_sources(list(docs.values()), SourceDetails(), dataset,
                    progress=lambda *call: calls.append(call))  # fmt: skip
        assert calls[0] == ("reading documents", 0, 3) and calls[-1][1:] == (3, 3)
        result = invoke("source", "add", tmp_path / "docs", "--data", tmp_path / "x.json")
        assert result.exit_code == 2 and "\r" not in result.stderr  # no bar drawn in a pipe

    @pytest.mark.parametrize(
        ("arrange", "args", "message"),
        [
            ("two", ("--title", "One title"),
             "--title name the details of one document, and 3 are given"),
            ("bad", (), "{docs}/zz.txt is a binary file, not text"),
            ("sidecar-column", ("--metadata", "{docs}/m.csv"),
             "sidecar {docs}/m.csv, row 1: 'author' is not a field of a source"),
            ("sidecar-missing", ("--metadata", "{docs}/m.csv"),
             "sidecar {docs}/m.csv, row 1: no such file: {docs}/nope.txt"),
            ("same-id", ("--metadata", "{docs}/m.csv"),
             "{docs}/hud.txt: two documents of the batch get the id 'epa'"),
            ("same-text", (), "the text of {docs}/usda.md is already there as epa"),
            ("bad-date", ("--metadata", "{docs}/m.csv"),
             "{docs}/epa.txt: the source's details do not fit the dataset format"),
        ],
    )  # fmt: skip
    def test_refusals_write_nothing(
        self, dataset: Path, tmp_path: Path, arrange: str, args: tuple[str, ...], message: str
    ) -> None:
        folder = tmp_path / "docs"
        docs = _documents(folder)
        sidecar = folder / "m.csv"
        if arrange == "bad":
            (folder / "zz.txt").write_bytes(b"\x00\x01\x02")
        elif arrange == "sidecar-column":
            sidecar.write_text("file,author\nhud.txt,Someone\n")
        elif arrange == "sidecar-missing":
            sidecar.write_text("file,publisher\nnope.txt,Someone\n")
        elif arrange == "same-id":
            sidecar.write_text("file,id\nhud.txt,epa\n")
        elif arrange == "same-text":
            docs["usda.md"].write_bytes(docs["epa.txt"].read_bytes())
        elif arrange == "bad-date":
            sidecar.write_text("file,published\nepa.txt,2023-02-30\n")
        before = snapshot(tmp_path)
        result = invoke("source", "add", folder, *(a.format(docs=folder) for a in args),
                        "--data", dataset)  # fmt: skip
        assert refused(result) == message.format(docs=folder)
        assert snapshot(tmp_path) == before


class TestSourceList:
    def test_lists_the_dataset_being_built(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert invoke("source", "add", docs["hud.txt"], "--data", dataset, *DETAILS).exit_code == 0
        result = invoke("source", "list", "--data", dataset, "-f", "plain")
        assert result.stdout == (
            "hud\t2024-05-01\t0\tok\thttps://county.example.gov/housing-2023\tHUD awards\n"
        )
        (docs["hud.txt"].parent / "x").write_text("")
        (dataset.parent / "sources" / "hud.txt").write_text("edited\n")
        shown = json.loads(invoke("source", "list", "--data", dataset, "-f", "json").stdout)
        assert shown[0]["file_status"] == "changed"


class TestSourceUpdate:
    @pytest.fixture()
    def report(self, dataset: Path) -> dict[str, str]:
        """The county report as a source, with a fact on each of its figures we follow."""
        assert invoke("source", "add", REPORT, "--id", "housing", "--data", dataset,
                      *DETAILS).exit_code == 0  # fmt: skip
        return {
            words: add_fact(dataset, "housing", words)
            for words in (
                "$4.2 million",
                "310 homeowners",
                "About 1 in 5 grants went",
                "$9.8 million",
                "12,400 households",
            )  # fmt: skip
        }

    def test_changes_are_reported_and_nothing_written(
        self, dataset: Path, tmp_path: Path, report: dict[str, str]
    ) -> None:
        before = snapshot(tmp_path)
        result = invoke("source", "update", "housing", REVISED, "--data", dataset)
        assert refused(result) == (
            "3 facts' quotes or values changed or vanished in the new text of housing; "
            "nothing was written"
        )
        assert "pass --accept" in result.stderr
        lines = result.stdout.splitlines()
        assert any(
            line.startswith(f"value changed {report['$4.2 million']}: now at ") for line in lines
        )
        assert any(line.startswith(f"quote changed {report['310 homeowners']}: ") for line in lines)
        assert any(line.startswith(f"moved {report['$9.8 million']}: ") for line in lines)
        assert snapshot(tmp_path) == before

    def test_accepted(self, dataset: Path, report: dict[str, str]) -> None:
        """Moved and requoted facts take their new places; a changed value's fact goes."""
        result = invoke("source", "update", "housing", REVISED, "--accept", "--data", dataset)
        assert result.exit_code == 0, result.output
        gone = f"{report['$4.2 million']}, {report['About 1 in 5 grants went']}"
        assert f"2 facts removed ({gone})" in result.stdout
        data = raw(dataset)
        (source,) = data["sources"]
        assert (
            source["sha256"]
            == hashlib.sha256((dataset.parent / source["file"]).read_bytes()).hexdigest()
        )
        assert source["original"]["sha256"] == hashlib.sha256(REVISED.read_bytes()).hexdigest()
        kept = {fact["id"] for fact in data["facts"]}
        assert kept == {report[w] for w in ("310 homeowners", "$9.8 million", "12,400 households")}
        assert invoke("verify", "--data", dataset).exit_code == 0
        requoted = next(f for f in data["facts"] if f["id"] == report["310 homeowners"])
        assert requoted["source"]["quote"].startswith("The county awarded $4.6 million")

    def test_moves_alone_are_written(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert invoke("source", "add", docs["hud.txt"], "--data", dataset).exit_code == 0
        fact = add_fact(dataset, "hud", "$3.16 billion")
        revised = tmp_path / "hud-2.txt"
        revised.write_text("HUD awards\n\nA new first paragraph.\n\n" + docs["hud.txt"].read_text()
                           .split("\n\n", 1)[1], encoding="utf-8")  # fmt: skip
        result = invoke("source", "update", "hud", revised, "--data", dataset)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"moved {fact}: 12-64 -> 36-88\n")
        assert invoke("verify", "--data", dataset).exit_code == 0

    def test_same_text_changes_nothing(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert invoke("source", "add", docs["hud.txt"], "--data", dataset).exit_code == 0
        before = snapshot(tmp_path)
        result = invoke("source", "update", "hud", docs["hud.txt"], "--data", dataset)
        assert result.exit_code == 0 and "nothing changed" in result.stdout
        assert snapshot(tmp_path) == before

    def test_refusals(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert (
            invoke("source", "add", docs["hud.txt"], docs["epa.txt"], "--data", dataset).exit_code
            == 0
        )
        before = snapshot(tmp_path)
        unknown = invoke("source", "update", "nope", docs["hud.txt"], "--data", dataset)
        assert refused(unknown, 1) == "the dataset has no source 'nope' (sources: hud, epa)"
        taken = invoke("source", "update", "hud", docs["epa.txt"], "--data", dataset)
        assert refused(taken) == f"the text of {docs['epa.txt']} is already there as epa"
        missing = invoke("source", "update", "hud", tmp_path / "gone.txt", "--data", dataset)
        assert refused(missing) == f"no such file: {tmp_path / 'gone.txt'}"
        assert snapshot(tmp_path) == before


class TestSourceRemove:
    def test_refused_while_facts_cite_it(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert (
            invoke("source", "add", docs["hud.txt"], docs["epa.txt"], "--data", dataset).exit_code
            == 0
        )
        fact = add_fact(dataset, "hud", "$3.16 billion")
        before = snapshot(tmp_path)
        result = invoke("source", "remove", "hud", "--data", dataset)
        assert refused(result) == f"1 fact cites source hud ({fact}); nothing was removed"
        assert "--with-facts" in result.stderr
        assert refused(invoke("source", "remove", "nope", "--data", dataset), 1).startswith(
            "the dataset has no source 'nope'"
        )
        assert snapshot(tmp_path) == before

    def test_with_its_facts_and_their_links(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert (
            invoke("source", "add", docs["hud.txt"], docs["epa.txt"], "--data", dataset).exit_code
            == 0
        )
        gone = add_fact(dataset, "hud", "$3.16 billion")
        stays = add_fact(dataset, "epa", "$5 million")
        data = raw(dataset)
        data["facts"][1]["related"] = [gone]
        dataset.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        result = invoke("source", "remove", "hud", "--with-facts", "--data", dataset)
        assert result.exit_code == 0, result.output
        assert result.stdout == (
            f"removed fact {gone}\nremoved source hud from {dataset}, and deleted sources/hud.txt\n"
        )
        data = raw(dataset)
        assert [s["id"] for s in data["sources"]] == ["epa"]
        assert [(f["id"], f["related"]) for f in data["facts"]] == [(stays, [])]
        assert not (dataset.parent / "sources" / "hud.txt").exists()
        assert invoke("verify", "--data", dataset).exit_code == 0

    def test_keep_file(self, dataset: Path, tmp_path: Path) -> None:
        docs = _documents(tmp_path / "docs")
        assert invoke("source", "add", docs["hud.txt"], "--data", dataset).exit_code == 0
        result = invoke("source", "remove", "hud", "--keep-file", "--data", dataset)
        assert result.stdout == f"removed source hud from {dataset} (sources/hud.txt kept)\n"
        assert (dataset.parent / "sources" / "hud.txt").exists()


class TestSchema:
    def test_older_datasets_load_and_new_fields_are_checked(self) -> None:
        base = {
            "schema_version": "1.1", "facts": [],
            "sources": [{"id": "a", "title": "A", "publisher": "P", "published": "2024",
                         "url": "https://a.example", "file": "a.txt", "sha256": "0" * 64,
                         "rights": "R"}],
        }  # fmt: skip
        Dataset.model_validate(base)
        unstated = {**base["sources"][0], "publisher": None, "rights": None}
        Dataset.model_validate({**base, "schema_version": "1.2", "sources": [unstated]})
        absent = {k: v for k, v in base["sources"][0].items() if k != "rights"}
        with pytest.raises(ValueError, match="rights"):
            Dataset.model_validate({**base, "sources": [absent]})  # null says it, absence is a typo
        original = {"format": "pdf", "sha256": "1" * 64, "pages": [0, 9, 4]}
        bad_pages = {**base["sources"][0], "original": original}
        with pytest.raises(ValueError, match="pages must start at 0 and rise"):
            Dataset.model_validate({**base, "sources": [bad_pages]})

    def test_schema_command_tells_the_new_fields(self) -> None:
        schema = json.loads(invoke("schema").stdout)
        source = schema["$defs"]["Source"]
        assert "original" in source["properties"] and "rights" in source["required"]
        assert {"type": "null"} in source["properties"]["rights"]["anyOf"]
        assert schema["$defs"]["OriginalFile"]["properties"]["pages"]
