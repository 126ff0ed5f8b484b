"""A PDF's text, page by page, through pypdfium2 (PDFium, the PDF engine of Chrome).

pypdfium2 is an optional dependency (``pip install 'factcli[pdf]'``): it is imported here,
when a PDF is read, and nowhere else. It was chosen by measuring it against pdfminer.six and
pypdf on real PDFs (docs/documents.md): 20 to 40 times faster than pdfminer.six (0.1 s for a
38-page statistical release, against 2.6 s), with the same words, tables kept row by row,
and no words cut at drop capitals as pypdf cuts them.

PDFium gives a page's lines; the paragraphs come from where the lines stand on the page: a
line further below the one before than the page's usual line spacing starts a paragraph,
so sentences and quotes are cut where a reader sees them cut.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcli.documents.html import MissingExtra
from factcli.errors import DocumentError

PDF_EXTRA = "pdf"
# A line this much further below the one before than the page's usual spacing (or above
# it: a new column) starts a paragraph.
PARAGRAPH_GAP = 1.45
# PDFium's mark for a hyphen that ends a line inside a word.
_LINE_END_HYPHEN = "\ufffe"
_LINE_BREAK = re.compile("\r\n|\ufffe")
# Document titles that only name the file or the program that made it.
_NO_TITLE = re.compile(r"^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd))$", re.I)


@dataclass(frozen=True)
class PdfText:
    """A PDF's text (pages apart by a blank line), where each page starts in it, and the
    title its metadata gives (if any)."""

    text: str
    pages: tuple[int, ...]
    title: str | None = None


@dataclass(frozen=True)
class _Line:
    text: str
    bottom: float | None  # where the line stands on its page (None if unknown)


def pdf_text(raw: bytes, path: Path) -> PdfText:
    """The text of a PDF: each page's lines, a blank line between paragraphs and pages.

    Raises `MissingExtra` without pypdfium2, `DocumentError` for a PDF that cannot be
    opened (damaged, encrypted) or holds no text (a scan without a text layer).
    """
    try:
        import pypdfium2
    except ImportError:
        raise MissingExtra(
            f"reading PDF files ({path}) needs the '{PDF_EXTRA}' extra, which is not installed",
            hint=f"pip install 'factcli[{PDF_EXTRA}]', or save the PDF's text as a .txt file",
        ) from None
    try:
        document = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError as error:
        raise _unopened(path, str(error)) from None
    try:
        pages = [_page_text(document, n) for n in range(len(document))]
        title = _title(document)
    finally:
        document.close()
    text, starts = _joined(pages)
    if not text.strip():
        raise DocumentError(
            f"{path} is a PDF without text (a scanned document?)",
            hint="run OCR on it first (e.g. ocrmypdf), then add the PDF it makes",
        )
    return PdfText(text=text, pages=starts, title=title)


def _unopened(path: Path, reason: str) -> DocumentError:
    if "password" in reason.lower():
        return DocumentError(
            f"{path} is an encrypted PDF (it needs a password)",
            hint="save a copy without the password (qpdf can decrypt it), then add that copy",
        )
    return DocumentError(f"{path} is a PDF that cannot be read ({reason})")


def _page_text(document: Any, number: int) -> str:
    page = document[number]
    textpage = page.get_textpage()
    try:
        return "\n".join(_paragraphs(list(_lines(textpage))))
    finally:
        textpage.close()
        page.close()


def _lines(textpage: Any) -> Iterator[_Line]:
    """The page's lines, each with where it stands (from its first character's box)."""
    text = textpage.get_text_range()
    # Character indices match the text's only when no character takes two UTF-16 units.
    placed = len(text) == textpage.count_chars()
    start = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        line = text[start:end]
        hyphen = "-" if match and match.group() == _LINE_END_HYPHEN else ""
        words = _clean(line).strip()
        if words:
            first = start + len(line) - len(line.lstrip())
            bottom = textpage.get_charbox(first)[1] if placed else None
            yield _Line(words + hyphen, bottom)
        if match:
            start = match.end()


def _paragraphs(lines: Sequence[_Line]) -> Iterator[str]:
    """The lines, with an empty line where a paragraph starts."""
    steps = [
        above.bottom - below.bottom
        for above, below in zip(lines, lines[1:], strict=False)
        if above.bottom is not None and below.bottom is not None
    ]
    usual = statistics.median([step for step in steps if step > 0] or [0])
    for n, line in enumerate(lines):
        above = lines[n - 1].bottom if n else None
        if usual and above is not None and line.bottom is not None:
            step = above - line.bottom
            if step > PARAGRAPH_GAP * usual or step < -usual:
                yield ""
        yield line.text


def _clean(line: str) -> str:
    """A line without characters that could steer a terminal or hide text: invisible
    format characters are dropped, unmapped or control characters become U+FFFD."""
    if line.isprintable():
        return line
    kept = []
    for char in line:
        if char.isprintable() or char == "\t":
            kept.append(char)
        elif unicodedata.category(char) != "Cf":
            kept.append("\ufffd")
    return "".join(kept)


def _joined(pages: Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """The pages' text, a blank line between pages, and where each page starts."""
    parts: list[str] = []
    starts: list[int] = []
    at = 0
    for n, page in enumerate(pages):
        starts.append(at)
        part = page + ("\n\n" if n < len(pages) - 1 else "\n")
        parts.append(part)
        at += len(part)
    return "".join(parts), tuple(starts)


def _title(document: Any) -> str | None:
    try:
        title = document.get_metadata_dict().get("Title", "")
    except Exception:  # damaged metadata is no reason to refuse the text
        return None
    words = " ".join(_clean(title).split())
    return words if words and not _NO_TITLE.match(words) else None
