"""A document's text as a dataset records it, whatever the file: UTF-8 text as it is, an
HTML page's main text, a PDF's text; and what the document itself says of its details.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from factcli.documents.html import is_html, page_text
from factcli.documents.kinds import is_pdf
from factcli.documents.text import checked_text, read_document, title_from_text
from factcli.errors import DocumentError
from factcli.inputs import MAX_INPUT_BYTES, TooLarge

Form = Literal["text", "html", "pdf"]


@dataclass(frozen=True)
class DocumentText:
    """What a document file gives a dataset: its text (as UTF-8 bytes, to store and hash),
    how it was read, the original file it was read from (HTML, PDF), and the details the
    document states (title, publisher, published, url)."""

    content: bytes
    form: Form
    original: dict[str, Any] | None = None
    found: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


def read_document_text(document: Path) -> DocumentText:
    """Read a document file: a PDF (by its first bytes), an HTML page (by its name: .html,
    .htm), else UTF-8 text. Raises `DocumentError`, or `MissingExtra` when reading it needs
    an extra that is not installed."""
    return document_text(read_document(document), document)


def document_text(raw: bytes, document: Path) -> DocumentText:
    """A document's bytes read as `read_document_text` reads a file's: ``document`` names
    it (its ending says whether it is HTML) in what is said of it."""
    text = _read_text(raw, document)
    if len(text.content) > MAX_INPUT_BYTES:  # a compressed PDF's text may outgrow its file
        raise DocumentError(f"the text of {document} {TooLarge(MAX_INPUT_BYTES).strerror}")
    return text


def _read_text(raw: bytes, document: Path) -> DocumentText:
    if is_pdf(raw):
        from factcli.documents.pdf import pdf_text

        pdf = pdf_text(raw, document)
        return DocumentText(
            content=pdf.text.encode("utf-8"),
            form="pdf",
            original={"format": "pdf", "sha256": _sha256(raw), "pages": list(pdf.pages)},
            found=_present({"title": pdf.title or title_from_text(pdf.text)}),
        )
    if is_html(document):
        page = page_text(raw, document)
        found = {
            "title": page.title or title_from_text(page.text),
            "publisher": page.publisher,
            "published": page.published,
            "url": page.url,
        }
        return DocumentText(
            content=page.text.encode("utf-8"),
            form="html",
            original={"format": "html", "sha256": _sha256(raw)},
            found=_present(found),
        )
    content = checked_text(raw, document)
    return DocumentText(
        content=content,
        form="text",
        found=_present({"title": title_from_text(content.decode("utf-8"))}),
    )


def _present(found: dict[str, str | None]) -> dict[str, str]:
    return {name: value for name, value in found.items() if value is not None}


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
