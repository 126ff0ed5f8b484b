"""Bringing many documents into a dataset at once: files and folders, details per file from
the document itself, a sidecar file or the options, and one write for the whole batch.

Every document is read and checked before anything is written; then all their texts and
the dataset are written together, or, on any refusal, nothing is. What no one states of a
document (its publisher, date, address, terms of reuse) is recorded as not stated (null),
and the report says so, rather than the document being refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from factcli.authoring.init import SOURCES_FOLDER
from factcli.authoring.save import load_dataset_to_change, save_dataset, save_dataset_with_files
from factcli.authoring.sidecar import read_sidecar
from factcli.authoring.sources import (
    AddedSource,
    SourceDetails,
    _check_destination,
    _check_id,
    _save_with_text,
    _validated_source,
)
from factcli.documents.reader import DocumentText, document_text, read_document_text
from factcli.documents.text import id_from_name
from factcli.errors import (
    DocumentError,
    FactcliError,
    MissingDetails,
    OneDocumentDetails,
    UsageProblem,
)
from factcli.locks import changes_dataset
from factcli.model.schema import SCHEMA_VERSION, Dataset, Source
from factcli.store.build import Progress

# Files a folder is searched for (a file named on its own is read whatever its name).
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf")
# The details a document may leave unsaid: recorded as null, "not stated".
MAY_BE_UNSTATED = ("publisher", "published", "url", "rights")
# Options that name one document's details, not a batch's.
ONE_DOCUMENT_OPTIONS = ("id", "title", "url")


@dataclass(frozen=True)
class AddedSources:
    """What a batch added, and the files its folders held that are no documents."""

    dataset_path: Path
    added: list[AddedSource]
    skipped: list[Path]


@changes_dataset("dataset_path")
def add_sources(
    documents: Sequence[Path],
    details: SourceDetails,
    dataset_path: Path,
    *,
    sidecar: Path | None = None,
    progress: Progress | None = None,
    given: Mapping[Path, bytes] | None = None,
) -> AddedSources:
    """Bring documents (files, and the documents inside folders) into the dataset in one
    write: each text copied to ``sources/<id>.txt``, hashed and recorded. ``given`` holds
    the bytes of documents that are no file (what a command line read from its standard
    input), by the name they are given under.

    A detail comes from the options (for all files; ``id``, ``title`` and ``url`` only for
    one), else the file's row in ``sidecar``, else the document. Raises `FactcliError`
    subclasses, and writes nothing, when any document or detail is refused.
    """
    loaded = load_dataset_to_change(dataset_path)
    given = given or {}
    files, skipped = _document_files(documents, sidecar, given)
    if not files:
        raise UsageProblem(
            "no documents to add: the folders hold no " + ", ".join(DOCUMENT_SUFFIXES) + " files"
        )
    stated = {name: value for name, value in vars(details).items() if value is not None}
    if len(files) > 1 and (one := [name for name in ONE_DOCUMENT_OPTIONS if name in stated]):
        raise OneDocumentDetails(one, len(files))
    rows = read_sidecar(sidecar, files) if sidecar is not None else {}
    batch = _Batch(loaded.dataset, loaded.folder, given)
    for done, file in enumerate(files):
        if progress is not None:
            progress("reading documents", done, len(files))
        try:
            batch.add(file, {**rows.get(file, {}), **stated}, set(rows.get(file, {})))
        except FactcliError as error:
            raise _about(file, error, len(files)) from None
    if progress is not None:
        progress("reading documents", len(files), len(files))
    _save(loaded.path, batch)
    added = [replace(one, dataset_path=loaded.path) for one in batch.added]
    return AddedSources(loaded.path, added, skipped)


def _document_files(
    documents: Sequence[Path], sidecar: Path | None, given: Mapping[Path, bytes]
) -> tuple[list[Path], list[Path]]:
    """The files to read: those named (and the documents given), and the documents inside
    the folders named (by their names' endings, hidden ones left out); and the other files
    the folders hold."""
    files: list[Path] = []
    skipped: list[Path] = []
    for document in documents:
        if document in given or not document.is_dir():
            files.append(document)
            continue
        for found in _walk(document):
            if sidecar is not None and found.resolve() == sidecar.resolve():
                continue
            (files if found.suffix.lower() in DOCUMENT_SUFFIXES else skipped).append(found)
    unique = list(dict.fromkeys(files))
    return unique, skipped


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        raise DocumentError(f"cannot read the folder {folder}: {error.strerror or error}") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _about(file: Path, error: FactcliError, count: int) -> FactcliError:
    """In a batch, an error that does not name its file is said of it."""
    if count == 1 or str(file) in error.message:
        return error
    error.message = f"{file}: {error.message}"
    error.args = (error.message,)
    return error


class _Batch:
    """The sources of a batch, each checked against the dataset and the others."""

    def __init__(self, dataset: Dataset, folder: Path, given: Mapping[Path, bytes]) -> None:
        self.dataset = dataset
        self.folder = folder
        self.given = given
        self.sources: list[Source] = []
        self.texts: dict[Path, bytes] = {}  # new text files to write, by where they go
        self.added: list[AddedSource] = []

    def add(self, file: Path, given: dict[str, str], from_sidecar: set[str]) -> None:
        if file in self.given:
            document = document_text(self.given[file], file)
        else:
            document = read_document_text(file)
        digest = hashlib.sha256(document.content).hexdigest()
        self._check_new(file, document, digest)
        source_id = given.get("id") or id_from_name(file)
        _check_id(source_id, self.dataset)
        if any(source.id == source_id for source in self.sources):
            raise DocumentError(
                f"two documents of the batch get the id {source_id!r}",
                hint="give one of them another id in a sidecar file",
            )
        relative = f"{SOURCES_FOLDER}/{source_id}.txt"
        text_path = self.folder / relative
        in_place = file not in self.given and _check_destination(text_path, file, relative)
        if file in self.given and (text_path.exists() or text_path.is_symlink()):
            _check_destination(text_path, file, relative)  # refused: another file is there
        fields: dict[str, Any] = {
            "id": source_id,
            **dict.fromkeys(MAY_BE_UNSTATED),
            **document.found,
            **{name: value for name, value in given.items() if name != "id"},
            "file": relative,
            "sha256": digest,
        }
        if document.original is not None:
            fields["original"] = document.original
        if fields.get("currency"):
            fields["currency"] = fields["currency"].strip().upper()  # "cad" is CAD
        if "title" not in fields:
            raise MissingDetails(("title",))
        source = _validated_source(fields)
        self.sources.append(source)
        if not in_place:
            self.texts[text_path] = document.content
        self.added.append(
            AddedSource(
                source=source,
                dataset_path=self.folder,
                text_path=text_path,
                characters=len(document.text),
                from_html=document.form == "html",
                taken_from_document=tuple(
                    name for name in ("id", *document.found) if name not in given
                ),
                form=document.form,
                from_sidecar=tuple(sorted(from_sidecar - {"file"})),
            )
        )

    def _check_new(self, file: Path, document: DocumentText, digest: str) -> None:
        """Refuse a text (or original file) the dataset or the batch already has."""
        original = document.original["sha256"] if document.original else None
        for source in [*self.dataset.sources, *self.sources]:
            same_original = original is not None and (
                source.original is not None and source.original.sha256 == original
            )
            if source.sha256 == digest or same_original:
                raise DocumentError(f"the text of {file} is already there as {source.id}")

    def dataset_with_sources(self) -> Dataset:
        return self.dataset.model_copy(
            update={
                "schema_version": SCHEMA_VERSION,
                "sources": [*self.dataset.sources, *self.sources],
            }
        )


def _save(dataset_path: Path, batch: _Batch) -> None:
    """One write: the dataset alone (texts already in place), with its one new text as
    `source add` of one file writes it, or with all the batch's texts."""
    dataset = batch.dataset_with_sources()
    if not batch.texts:
        save_dataset(dataset_path, dataset)
    elif len(batch.texts) == 1:
        ((text_path, content),) = batch.texts.items()
        _save_with_text(dataset_path, dataset, text_path, content)
    else:
        _save_with_texts(dataset_path, dataset, batch.texts)


def _save_with_texts(dataset_path: Path, dataset: Dataset, texts: dict[Path, bytes]) -> None:
    """Save the dataset and its new text files, making the sources folder if it is missing
    (and removing it again if saving fails)."""
    folder = next(iter(texts)).parent
    made = not folder.exists()
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise DocumentError(f"cannot create {folder}: {error.strerror or error}") from None
    if not folder.resolve().is_relative_to(dataset_path.resolve().parent):
        if made:
            folder.rmdir()
        raise DocumentError(
            f"{folder} leads outside the dataset's folder (through a symbolic link)"
        )
    try:
        save_dataset_with_files(dataset_path, dataset, texts)
    except BaseException:
        if made:
            folder.rmdir()
        raise


def add_source(document: Path, details: SourceDetails, dataset_path: Path) -> AddedSource:
    """Bring one document into the dataset (see `add_sources`): the source recorded."""
    (added,) = add_sources([document], details, dataset_path).added
    return added
