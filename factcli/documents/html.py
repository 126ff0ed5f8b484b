"""An HTML page's main text and what its markup says of it, through trafilatura.

trafilatura is an optional dependency (``pip install 'factcli[html]'``): it is imported
here, when a page is read, and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from factcli.errors import DocumentError, FactcliError

HTML_SUFFIXES = (".html", ".htm")
HTML_EXTRA = "html"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class MissingExtra(FactcliError):
    """An optional dependency a command needs is not installed."""


@dataclass(frozen=True)
class PageText:
    """A page's main text, and the title, site, date and address its markup gives (if any)."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


def is_html(path: Path) -> bool:
    """Whether a document is read as an HTML page (by its file name)."""
    return path.suffix.lower() in HTML_SUFFIXES


def page_text(raw: bytes, path: Path) -> PageText:
    """The main text of an HTML page: its paragraphs one a line, without menus and footers.

    The page's furniture (reference lists, navigation, infoboxes ...: see `furniture`) is
    taken out first. The date is taken only from the page's metadata (meta tags, JSON-LD),
    never from its text. Raises `MissingExtra` without trafilatura, `DocumentError` when the
    page has no main text.
    """
    try:
        import trafilatura
    except ImportError:
        raise MissingExtra(
            f"reading HTML pages ({path}) needs the '{HTML_EXTRA}' extra, which is not installed",
            hint=f"pip install 'factcli[{HTML_EXTRA}]', or save the page's text as a .txt file",
        ) from None
    from factcli.documents.furniture import (
        published_in_metadata,
        without_furniture,
        without_reference_lines,
    )

    tree = without_furniture(raw)
    document = trafilatura.bare_extraction(
        raw if tree is None else tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(document, "text", None) if document is not None else None
    text = without_reference_lines(text) if text else text
    if not text or not text.strip():
        raise DocumentError(f"{path} has no main text that could be read from its HTML")
    published = published_in_metadata(tree) if tree is not None else None
    url = getattr(document, "url", None)
    return PageText(
        text=text.strip() + "\n",
        title=_words(getattr(document, "title", None)),
        publisher=_words(getattr(document, "sitename", None)),
        published=published if published and _ISO_DATE.match(published) else None,
        url=url if url and re.match(r"^https?://\S+$", url) else None,
    )


def _words(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None
