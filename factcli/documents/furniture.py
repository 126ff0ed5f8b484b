"""An HTML page's furniture, taken out before its main text is read: what is on the page
but is not the document's text.

Reference lists and their "Retrieved ..." lines, citation marks, navigation, infoboxes,
tables of contents, edit links, footers and the sections that only point elsewhere ("See
also", "External links") hold dates and numbers that are not the document's facts: a
Wikipedia article's reference list alone gave 55 "Retrieved YYYY-MM-DD" dates. The date a
page was published is read from its metadata alone (`published_in_metadata`), never from
a date printed on it (an infobox's "Founded" is no publication date).

Works on an lxml tree (lxml comes with trafilatura, the html extra).
"""

from __future__ import annotations

import json
import re
from typing import Any

# Elements that are never the document's text, by tag, role, or class or id word.
_FURNITURE_TAGS = ("nav", "footer", "aside", "form")
_FURNITURE_ROLES = ("navigation", "contentinfo", "complementary", "search", "banner")
_FURNITURE_WORDS = (
    # MediaWiki (Wikipedia and every wiki like it)
    "infobox", "navbox", "vertical-navbox", "sidebar", "metadata", "ambox", "hatnote",
    "mw-editsection", "reference", "references", "reflist", "refbegin", "mw-references-wrap",
    "toc", "catlinks", "printfooter", "mw-jump-link", "noprint", "mw-cite-backlink",
    "sistersitebox", "authority-control", "portal", "mw-indicators", "navigation-not-searchable",
    # sites in general
    "breadcrumb", "breadcrumbs", "share", "social-share", "cookie-banner", "skip-link",
)  # fmt: skip
# Sections that list other works or places, not the document's own text.
_REFERENCE_SECTIONS = re.compile(
    r"^(references?|notes|footnotes|citations|sources|bibliography|works cited|further reading"
    r"|external links|see also|notes and references|references and notes)$",
    re.IGNORECASE,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A line of a reference list that survived: "Retrieved 2016-10-30.", "Archived from ...".
_REFERENCE_LINE = re.compile(
    r"(\bRetrieved( on)? \w[\w ,.-]*\d{4}\.?\s*$|^\s*\^ |\bArchived from the original\b)"
)
# Metadata that says when a page was published, most telling first.
_DATE_META = (
    "article:published_time", "datePublished", "citation_publication_date", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "date", "pubdate", "publish-date",
    "og:published_time", "sailthru.date", "parsely-pub-date",
)  # fmt: skip
_ISO_DAY = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.+\-Z]*)?$")


def without_furniture(raw: bytes) -> Any | None:
    """The page as an lxml tree with its furniture taken out; None if it cannot be parsed."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(raw)
    except (lxml.etree.ParserError, ValueError):
        return None
    for element in list(tree.iter(lxml.etree.Element)):
        if element.getparent() is not None and _is_furniture(element):
            element.drop_tree()
    for heading in list(tree.iter(*_HEADINGS)):
        if _REFERENCE_SECTIONS.match(_heading_words(heading)):
            _drop_section(heading)
    return tree


def _is_furniture(element: Any) -> bool:
    if element.tag in _FURNITURE_TAGS or element.get("role") in _FURNITURE_ROLES:
        return True
    words = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
    return any(word in _FURNITURE_WORDS for word in words)


def _heading_words(heading: Any) -> str:
    return " ".join(heading.text_content().replace("[edit]", " ").split())


def _drop_section(heading: Any) -> None:
    """A heading and what follows it up to the next heading of its level or above."""
    anchor = heading
    parent = heading.getparent()
    if parent is not None and "mw-heading" in (parent.get("class") or ""):
        anchor = parent  # MediaWiki since 2024 wraps each heading in a div
    level = int(heading.tag[1])
    following = anchor.getnext()
    while following is not None and not _ends_section(following, level):
        after = following.getnext()
        following.drop_tree()
        following = after
    anchor.drop_tree()


def _ends_section(element: Any, level: int) -> bool:
    if not isinstance(element.tag, str):  # a comment
        return False
    if element.tag in _HEADINGS:
        return int(element.tag[1]) <= level
    if "mw-heading" in (element.get("class") or ""):
        return any(int(h.tag[1]) <= level for h in element.iter(*_HEADINGS))
    return False


def without_reference_lines(text: str) -> str:
    """The text without the lines of a reference list that the markup did not mark."""
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not _REFERENCE_LINE.search(line))


def published_in_metadata(tree: Any) -> str | None:
    """The day the page says it was published, in its metadata (meta tags, JSON-LD), or
    None: never a date printed on the page."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if name and content:
            found.setdefault(name, content)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        for value in _json_ld_dates(script.text_content()):
            found.setdefault("datepublished", value)
    for key in _DATE_META:
        match = _ISO_DAY.match(found.get(key.lower(), ""))
        if match:
            return match.group(1)
    return None


def _json_ld_dates(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    items = data if isinstance(data, list) else [data]
    graph = [node for item in items if isinstance(item, dict) for node in item.get("@graph", [])]
    return [
        node["datePublished"]
        for node in [*items, *graph]
        if isinstance(node, dict) and isinstance(node.get("datePublished"), str)
    ]
