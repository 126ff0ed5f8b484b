"""Bringing a document into a dataset: its exact text copied beside the dataset, hashed, recorded.

The text file and the dataset file are written together or not at all; every reason to
refuse is found before anything is written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from factcli.authoring.init import SOURCES_FOLDER
from factcli.authoring.save import load_dataset_to_change, save_dataset, save_dataset_with_file
from factcli.errors import DocumentError, UsageProblem
from factcli.model.documents import MAX_ID_LENGTH, checked_text, id_from_name, read_document
from factcli.model.html import PageText, is_html, page_text
from factcli.model.schema import SLUG_PATTERN, Dataset, Source

# A first line longer than this is a paragraph, not a title.
MAX_TITLE_LENGTH = 200
# The metadata fields a source must have, in the order the error lists them.
REQUIRED_DETAILS = ("title", "publisher", "published", "url", "rights")


@dataclass(frozen=True)
class SourceDetails:
    """What the user says of a document; None where the document or its name should tell."""

    id: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    rights: str | None = None
    accessed: str | None = None


@dataclass(frozen=True)
class AddedSource:
    """A source recorded in a dataset, with where its text now lies and how it was read."""

    source: Source
    dataset_path: Path
    text_path: Path
    characters: int
    from_html: bool
    # The fields that came from the document (its file name, first line or markup).
    taken_from_document: tuple[str, ...]


class MissingDetails(UsageProblem):
    """Source fields the dataset format requires that neither the user nor the document gave."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(
            "a source needs " + ", ".join(missing) + ", which the document does not give",
            hint="pass " + " ".join(f"--{name} ..." for name in missing),
        )
        self.missing = missing


def add_source(document: Path, details: SourceDetails, dataset_path: Path) -> AddedSource:
    """Copy a document's text into ``sources/<id>.txt`` beside the dataset and record it.

    Text files are copied byte for byte; HTML pages (``.html``, ``.htm``) become their main
    text. Raises `DatasetError`, `DocumentError`, `UsageProblem` or `MissingExtra` (and
    writes nothing) when the dataset does not load, the document is missing, not UTF-8
    text, empty or already in the dataset, the id is taken, or a required field is missing.
    """
    loaded = load_dataset_to_change(dataset_path)
    raw = read_document(document)
    page = page_text(raw, document) if is_html(document) else None
    content = page.text.encode("utf-8") if page is not None else checked_text(raw, document)
    text = content.decode("utf-8")
    digest = hashlib.sha256(content).hexdigest()
    _check_new_text(digest, loaded.dataset, document)
    source_id = details.id if details.id is not None else id_from_name(document)
    _check_id(source_id, loaded.dataset)
    relative = f"{SOURCES_FOLDER}/{source_id}.txt"
    text_path = loaded.folder / relative
    in_place = _check_destination(text_path, document, relative)
    found = _found_in_document(text, page)
    fields = {
        "id": source_id,
        **found,
        **{k: v for k, v in vars(details).items() if v is not None and k != "id"},
        "file": relative,
        "sha256": digest,
    }
    missing = tuple(name for name in REQUIRED_DETAILS if name not in fields)
    if missing:
        raise MissingDetails(missing)
    source = _validated_source(fields)
    dataset = loaded.dataset.model_copy(update={"sources": [*loaded.dataset.sources, source]})
    if in_place:
        save_dataset(loaded.path, dataset)
    else:
        _save_with_text(loaded.path, dataset, text_path, content)
    return AddedSource(
        source=source,
        dataset_path=loaded.path,
        text_path=text_path,
        characters=len(text),
        from_html=page is not None,
        taken_from_document=tuple(
            name for name in ("id", *found) if getattr(details, name) is None
        ),
    )


def title_from_text(text: str) -> str | None:
    """The first non-empty line of a text, its spaces tidied; None when there is none, or
    when that line is too long to be a title (a document that starts with its text)."""
    for line in text.removeprefix("\ufeff").splitlines():
        words = " ".join(line.split())
        if words:
            return words if len(words) <= MAX_TITLE_LENGTH else None
    return None


def _check_id(source_id: str, dataset: Dataset) -> None:
    if not re.match(SLUG_PATTERN, source_id) or len(source_id) > MAX_ID_LENGTH:
        raise UsageProblem(
            f"{source_id!r} is not a valid source id: lower-case letters, digits and '-', "
            f"starting with a letter or digit, at most {MAX_ID_LENGTH} characters"
        )
    if any(source.id == source_id for source in dataset.sources):
        raise DocumentError(
            f"the dataset already has a source with id {source_id!r}",
            hint="pass --id with another id",
        )


def _check_new_text(digest: str, dataset: Dataset, document: Path) -> None:
    for source in dataset.sources:
        if source.sha256 == digest:
            raise DocumentError(f"the text of {document} is already there as {source.id}")


def _check_destination(text_path: Path, document: Path, relative: str) -> bool:
    """Whether the document already is the text file (to record as it is); refuse another
    file in the way."""
    if not (text_path.exists() or text_path.is_symlink()):
        return False
    if text_path.resolve() == document.resolve():
        return True
    raise DocumentError(
        f"{relative} already exists beside the dataset and is not this document",
        hint="pass --id with another id, or move that file away",
    )


def _found_in_document(text: str, page: PageText | None) -> dict[str, str]:
    """The fields the document itself gives: an HTML page's markup, else its first line."""
    found: dict[str, str | None] = {"title": title_from_text(text)}
    if page is not None:
        found = {
            "title": page.title or found["title"],
            "publisher": page.publisher,
            "published": page.published,
            "url": page.url,
        }
    return {name: value for name, value in found.items() if value is not None}


def _validated_source(fields: dict[str, str]) -> Source:
    from pydantic import ValidationError

    try:
        return Source.model_validate(fields)
    except ValidationError as error:
        problems = []
        for problem in error.errors(include_url=False):
            field = str(problem["loc"][0]) if problem["loc"] else ""
            given = fields.get(field)
            problems.append(f"--{field} {given!r}: {problem['msg']}")
        raise UsageProblem(
            "the source's details do not fit the dataset format", details=problems
        ) from None


def _save_with_text(dataset_path: Path, dataset: Dataset, text_path: Path, content: bytes) -> None:
    """Save the dataset and its new text file, making the sources folder if it is missing
    (and removing it again if saving fails)."""
    folder = text_path.parent
    made = not folder.exists()
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise DocumentError(f"cannot create {folder}: {error.strerror or error}") from None
    # Where the text lands once links are resolved must be inside the dataset's folder,
    # as verify requires (a sources/ link to elsewhere would write there).
    if not text_path.resolve().is_relative_to(dataset_path.resolve().parent):
        if made:
            folder.rmdir()
        raise DocumentError(
            f"{text_path} leads outside the dataset's folder (through a symbolic link)"
        )
    try:
        save_dataset_with_file(dataset_path, dataset, text_path, content)
    except BaseException:
        if made:
            folder.rmdir()
        raise
