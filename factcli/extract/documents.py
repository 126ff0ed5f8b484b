"""Which documents an extraction reads: files given by path, or sources of a dataset by id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factcli.errors import DatasetError, UsageProblem
from factcli.language.currencies import DEFAULT_CURRENCY
from factcli.language.values import PartialDate

if TYPE_CHECKING:
    from factcli.documents.reader import DocumentText
    from factcli.model.dataset import LoadedDataset
    from factcli.model.records import SourceInfo
    from factcli.model.schema import Source


@dataclass(frozen=True)
class Document:
    """A document to extract from, and what names it."""

    doc: str  # the source id, or the id `source add` would give the file
    file: str
    source: str | None
    text: str
    published: PartialDate | None
    title: str | None = None
    publisher: str | None = None
    # What a bare "$" is in: the source's currency, or the one given for a file.
    currency: str = DEFAULT_CURRENCY


def resolve_documents(
    names: Sequence[str],
    named: Path | None,
    ids_from: Path,
    published: PartialDate | None = None,
    currency: str | None = None,
    given: Mapping[str, bytes] | None = None,
) -> Iterator[Document]:
    """Each name as a document: a text ``given`` under that name (what a command line
    read from its standard input), an existing file, else the id of a source of
    ``ids_from``.

    A file whose text is already a source of the dataset the user ``named`` (if any) is
    named by that source (its id, its date and its currency), so its candidates can be
    added as they are. ``published`` is the date of files that are not sources (else
    their own first full date is taken), ``currency`` what their bare "$" is in (else the
    U.S. dollar).
    """
    from factcli.documents.reader import document_text, read_document_text

    sources = _Sources(named, ids_from)
    for name in names:
        path = Path(name)
        if given and name in given:
            read = document_text(given[name], path)
        elif path.is_file():
            read = read_document_text(path)
        else:
            yield sources.document(name)
            continue
        found = sources.by_digest(hashlib.sha256(read.content).hexdigest())
        if found is not None:
            yield Document(found.id, name, found.id, read.text, _date(found.published),
                           found.title, found.publisher,
                           found.currency or DEFAULT_CURRENCY)  # fmt: skip
        else:
            yield _unsourced(path, name, read, published, currency)


def read_file(
    path: Path, published: PartialDate | None = None, currency: str | None = None
) -> Document:
    """A file that is no source, read as extraction reads it (`resolve_documents`)."""
    from factcli.documents.reader import read_document_text

    return _unsourced(path, str(path), read_document_text(path), published, currency)


def _unsourced(
    path: Path, name: str, read: DocumentText, published: PartialDate | None, currency: str | None
) -> Document:
    from factcli.documents.text import id_from_name

    return Document(id_from_name(path), name, None, read.text, published,
                    read.found.get("title"), read.found.get("publisher"),
                    currency or DEFAULT_CURRENCY)  # fmt: skip


def _date(published: str | None) -> PartialDate | None:
    if published is None:
        return None
    try:
        return PartialDate.from_iso(published)
    except ValueError:
        return None


class _Sources:
    """The dataset's sources, loaded only when a name needs them."""

    def __init__(self, named: Path | None, ids_from: Path) -> None:
        self._named = named
        self._ids_from = ids_from
        self._loaded: LoadedDataset | None = None

    def _dataset(self) -> LoadedDataset:
        from factcli.model.dataset import load_dataset

        if self._loaded is None:
            self._loaded = load_dataset(self._named or self._ids_from)
        return self._loaded

    def by_digest(self, digest: str) -> Source | None:
        if self._named is None:
            return None  # the bundled dataset's document is no file a user passes
        loaded = self._dataset()
        return next((s for s in loaded.dataset.sources if s.sha256 == digest), None)

    def document(self, name: str) -> Document:
        from factcli.model.records import source_info

        loaded = self._dataset()
        source = next((s for s in loaded.dataset.sources if s.id == name), None)
        if source is None:
            known = ", ".join(s.id for s in loaded.dataset.sources) or "none"
            raise UsageProblem(
                f"no file or source named {name!r}",
                hint=f"give a file's path, or a source id of {loaded.path} (sources: {known})",
            )
        return source_document(source_info(source), loaded.folder)


def source_document(source: SourceInfo, folder: Path) -> Document:
    """A dataset's source as a document: its text read from ``folder`` (the dataset's) and
    checked against its hash, with its id, date, title, publisher and currency."""
    from factcli.model.provenance import check_source

    status = check_source(source, folder)
    if status.text is None or not status.ok:
        raise DatasetError(f"source {source.id}: {status.problem}")
    return Document(source.id, source.file, source.id, status.text, _date(source.published),
                    source.title, source.publisher,
                    source.currency or DEFAULT_CURRENCY)  # fmt: skip
