"""Reading a document a user names: its bytes, checked as text, or an HTML page's main text.

Light on purpose (no pydantic): `extract FILE` reads documents without loading a dataset.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from factcli.errors import DocumentError, NoIdFromName
from factcli.inputs import MAX_INPUT_BYTES, InputRefused, read_input

MAX_ID_LENGTH = 120
# A first line longer than this is a paragraph, not a title.
MAX_TITLE_LENGTH = 200


def read_document(document: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A document's bytes, read by `factcli.inputs` (a regular file of at most ``limit``
    bytes: a device or a FIFO is refused before a byte is read); a clear `DocumentError`
    when it cannot be read."""
    try:
        return read_input(document, limit=limit)
    except FileNotFoundError:
        raise DocumentError(f"no such file: {document}") from None
    except IsADirectoryError:
        raise DocumentError(f"{document} is a folder, not a document") from None
    except InputRefused as error:
        raise DocumentError(f"{document} {error.strerror}") from None
    except OSError as error:
        raise DocumentError(f"cannot read {document}: {error.strerror or error}") from None
    except ValueError as error:  # a NUL in the name
        raise DocumentError(f"cannot read {document}: {error}") from None


def checked_text(raw: bytes, document: Path) -> bytes:
    """The document's bytes, once they are known to be non-empty UTF-8 text (a file of
    another kind is refused with what it is: `filekinds`)."""
    from factcli.documents.kinds import not_text

    refusal = not_text(raw, document)
    if refusal is not None:
        raise refusal
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{document} is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})",
            hint="convert it first, e.g. iconv -f latin1 -t utf-8",
        ) from None
    if not text.removeprefix("\ufeff").strip():
        raise DocumentError(f"{document} is empty")
    return raw


def id_from_name(document: Path) -> str:
    """A source id made from a file name: ``HHS Release (2023).txt`` -> ``hhs-release-2023``."""
    ascii_name = (
        unicodedata.normalize("NFKD", document.stem).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:MAX_ID_LENGTH].rstrip("-")
    if not slug:
        raise NoIdFromName(document.name)
    return slug


def title_from_text(text: str) -> str | None:
    """The first non-empty line of a text, its spaces tidied; None when there is none, or
    when that line is too long to be a title (a document that starts with its text)."""
    for line in text.removeprefix("\ufeff").splitlines():
        words = " ".join(line.split())
        if words:
            return words if len(words) <= MAX_TITLE_LENGTH else None
    return None
