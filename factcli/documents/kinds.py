"""What a file that is not text is, told by its first bytes, and what to do with it.

`source add` reads UTF-8 text, HTML pages and PDFs; any other file is refused with an
error that names what it is (an image, an archive, a word-processor document ...) and the
way to a document factcli reads, never with a hint to convert its encoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factcli.errors import DocumentError

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class FileKind:
    """What a file is (``a PNG image``), and what to do to bring its text in."""

    name: str
    advice: str


_OCR = "factcli reads text, HTML and PDF: run OCR on it (e.g. tesseract) and add the text"
_UNPACK = "unpack it and add the documents inside (a folder can be added as it is)"
_SAVE_AS = "save it as PDF or plain text from the program that made it, and add that"

# (first bytes, where they stand, kind), checked in order.
_SIGNATURES: tuple[tuple[bytes, int, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, FileKind("a PNG image", _OCR)),
    (b"\xff\xd8\xff", 0, FileKind("a JPEG image", _OCR)),
    (b"GIF87a", 0, FileKind("a GIF image", _OCR)),
    (b"GIF89a", 0, FileKind("a GIF image", _OCR)),
    (b"II*\x00", 0, FileKind("a TIFF image", _OCR)),
    (b"MM\x00*", 0, FileKind("a TIFF image", _OCR)),
    (b"WEBP", 8, FileKind("a WebP image", _OCR)),
    (b"\x1f\x8b", 0, FileKind("a gzip archive", _UNPACK)),
    (b"BZh", 0, FileKind("a bzip2 archive", _UNPACK)),
    (b"\xfd7zXZ\x00", 0, FileKind("an xz archive", _UNPACK)),
    (b"7z\xbc\xaf\x27\x1c", 0, FileKind("a 7-Zip archive", _UNPACK)),
    (b"Rar!\x1a\x07", 0, FileKind("a RAR archive", _UNPACK)),
    (b"ustar", 257, FileKind("a tar archive", _UNPACK)),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        0,
        FileKind("an old Microsoft Office document", _SAVE_AS),
    ),
    (b"{\\rtf", 0, FileKind("an RTF document", _SAVE_AS)),
)
# ZIP archives that are documents, by their file name's ending.
_ZIP_DOCUMENTS = {
    ".docx": "a Word document", ".xlsx": "an Excel workbook", ".pptx": "a PowerPoint deck",
    ".odt": "an OpenDocument text", ".ods": "an OpenDocument spreadsheet", ".epub": "an EPUB book",
}  # fmt: skip


def is_pdf(raw: bytes) -> bool:
    """Whether a file's bytes are a PDF (its header may follow a little junk, as readers allow)."""
    return PDF_MAGIC in raw[:1024]


def file_kind(raw: bytes, path: Path) -> FileKind | None:
    """What a file that is no text is, or None when its first bytes name no known format."""
    for magic, offset, kind in _SIGNATURES:
        if raw[offset : offset + len(magic)] == magic:
            return kind
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        name = _ZIP_DOCUMENTS.get(path.suffix.lower())
        return (
            FileKind(f"{name} (a ZIP archive)", _SAVE_AS)
            if name
            else FileKind("a ZIP archive", _UNPACK)
        )
    return None


def not_text(raw: bytes, path: Path) -> DocumentError | None:
    """The refusal of a file that is not text: one of a known format, or bytes no text
    holds (NUL, or many control characters). None for what may be text."""
    kind = file_kind(raw, path)
    if kind is None and _looks_binary(raw):
        kind = FileKind("a binary file", "factcli reads UTF-8 text files, HTML pages and PDFs")
    if kind is None:
        return None
    return DocumentError(f"{path} is {kind.name}, not text", hint=kind.advice)


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    # Text may hold a few control characters (escape sequences, form feeds): a file that
    # is mostly control bytes is none.
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    return controls * 10 > len(head) * 3
