"""Citations of facts, for ``factcli cite``: plain text, CSL-JSON and BibTeX.

Text cites each fact: its value, the sentence it comes from, and the document. CSL-JSON
and BibTeX cite the documents (one entry per document, however many of its facts were
asked for), as a reference manager or a bibliography expects; their keys are source ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from factcli.language.calendar import MONTH_STARTS
from factcli.language.values import DateInterval, FiscalYear, date_from_iso
from factcli.model.records import FactRecord, SourceInfo

# BibTeX's month macros are the months' first three letters.
BIBTEX_MONTHS = MONTH_STARTS
# Characters TeX reads as commands, each written so that it prints as itself.
_TEX = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
})  # fmt: skip


def documents(records: Sequence[FactRecord]) -> list[SourceInfo]:
    """The documents the facts come from, each once, in the order first cited."""
    return list({record.source.id: record.source for record in records}.values())


def _line(text: str) -> str:
    """A field on one line: line breaks, tabs and other characters that are no print
    (control characters, separators of lines and paragraphs) become spaces, so no field
    can start a line of its own and forge the citation's layout."""
    if text.isprintable():
        return text
    return "".join(character if character.isprintable() else " " for character in text)


def text_citation(record: FactRecord) -> str:
    """A fact cited for a reader: value, quoted sentence, and the document, three lines
    whatever the fields hold."""
    source = record.source
    parts = [
        f"{_line(source.publisher or 'Publisher not stated')}.",
        f"{_line(source.title)}.",
        f"Published {_said(source.published)}." if source.published else "Date not stated.",
    ]
    if record.page is not None:
        parts.append(f"p. {record.page}.")
    parts.append(_line(source.url or "No address stated."))
    if source.accessed:
        parts[-1] += f" (accessed {_said(source.accessed)})"
    if source.rights is None:
        parts.append("Terms of reuse not stated.")
    head = _line(f"{record.id}: {record.display}")
    return f"{head}\n“{_line(record.quote)}”\n{' '.join(parts)}\n"


def text_citations(records: Sequence[FactRecord]) -> str:
    """Each fact's text citation, a blank line between them."""
    return "\n".join(text_citation(record) for record in records)


def _said(iso: str) -> str:
    return date_from_iso(iso).display()


def _date_parts(iso: str) -> list[int]:
    day = date_from_iso(iso)
    if isinstance(day, DateInterval):  # a range is cited by where it starts
        day = day.start
    if isinstance(day, FiscalYear):  # a fiscal year by the year it names
        return [day.year]
    return [part for part in (day.year, day.month, day.day) if part is not None]


def csl_item(source: SourceInfo) -> dict[str, Any]:
    """A document as a CSL-JSON item (a web page published by an organisation)."""
    kind = "report" if source.original_format == "pdf" else "webpage"
    item: dict[str, Any] = {"id": source.id, "type": kind, "title": source.title}
    # A detail the document does not state is left out, as CSL leaves out what is unknown.
    if source.publisher:
        item["author"] = [{"literal": source.publisher}]
        item["publisher"] = source.publisher
    if source.published:
        item["issued"] = {"date-parts": [_date_parts(source.published)]}
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = {"date-parts": [_date_parts(source.accessed)]}
    return item


def csl_json(records: Sequence[FactRecord]) -> str:
    """The documents of the facts as a CSL-JSON array."""
    items = [csl_item(source) for source in documents(records)]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _tex(text: str) -> str:
    return _line(text).translate(_TEX)


# Characters no URL holds as they are (RFC 3986), written as percent escapes: the URL
# means the same, and no backslash or brace reaches TeX.
_URL_ENCODED = str.maketrans({
    character: f"%{ord(character):02X}" for character in r'\{}^`"<>| '
})  # fmt: skip
# Characters a URL may hold that TeX reads as commands inside \url{} in another field.
_URL_TEX = str.maketrans({"%": r"\%", "#": r"\#"})


def _bibtex_url(url: str) -> str:
    """A URL as BibTeX's url field takes it (read verbatim, by \\url): what no URL holds
    raw percent encoded (control characters too), so no backslash or brace is left."""
    return "".join(
        c if c.isprintable() and not c.isspace() else "".join(f"%{b:02X}" for b in c.encode())
        for c in url.translate(_URL_ENCODED)
    )


def bibtex_entry(source: SourceInfo) -> str:
    """A document as a BibTeX @misc entry; the publisher in double braces, as the
    name of an organisation (not split into first and last names)."""
    fields: list[tuple[str, str]] = []
    if source.publisher:
        fields.append(("author", "{" + _tex(source.publisher) + "}"))
    fields.append(("title", "{" + _tex(source.title) + "}"))
    if source.published:
        parts = _date_parts(source.published)
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", BIBTEX_MONTHS[parts[1] - 1]))
    if source.url:
        url = _bibtex_url(source.url)
        fields.append(("url", url))
        # \url{} inside another field's braces is no longer verbatim: % and # escaped.
        fields.append(("howpublished", "\\url{" + url.translate(_URL_TEX) + "}"))
    if source.accessed:
        fields.append(("urldate", _tex(source.accessed)))
        fields.append(("note", f"Accessed {_tex(source.accessed)}"))
    lines = [f"@misc{{{source.id},"]
    lines.extend(_bibtex_fields(fields))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bibtex_fields(fields: list[tuple[str, str]]) -> Iterator[str]:
    for n, (name, value) in enumerate(fields):
        shown = value if name == "month" else "{" + value + "}"
        yield f"  {name} = {shown}" + ("," if n < len(fields) - 1 else "")


def bibtex(records: Sequence[FactRecord]) -> str:
    """The documents of the facts as BibTeX entries."""
    return "\n".join(bibtex_entry(source) for source in documents(records))


# Each form of a citation, by the name `factcli cite -f` takes, and what writes it.
CITATIONS: dict[str, Callable[[Sequence[FactRecord]], str]] = {
    "text": text_citations,
    "csl-json": csl_json,
    "bibtex": bibtex,
}
