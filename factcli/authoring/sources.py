"""Bringing a document into a dataset: its exact text copied beside the dataset, hashed, recorded.

The text file and the dataset file are written together or not at all; every reason to
refuse is found before anything is written. `factcli.authoring.batch` adds documents, one
or many, with these checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from factcli.authoring.save import save_dataset_with_file
from factcli.documents.text import MAX_ID_LENGTH
from factcli.errors import (
    DetailsDoNotFit,
    DocumentError,
    SourceIdTaken,
    TextFileInTheWay,
    UsageProblem,
)
from factcli.model.schema import SLUG_PATTERN, Dataset, Source


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
    # What a bare "$" of the document is in (an ISO 4217 code); None: the U.S. dollar.
    currency: str | None = None


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
    # How its text was read (text, html, pdf), and the fields a sidecar file gave.
    form: str = "text"
    from_sidecar: tuple[str, ...] = ()


def _check_id(source_id: str, dataset: Dataset) -> None:
    if not re.match(SLUG_PATTERN, source_id) or len(source_id) > MAX_ID_LENGTH:
        raise UsageProblem(
            f"{source_id!r} is not a valid source id: lower-case letters, digits and '-', "
            f"starting with a letter or digit, at most {MAX_ID_LENGTH} characters"
        )
    if any(source.id == source_id for source in dataset.sources):
        raise SourceIdTaken(source_id)


def _check_destination(text_path: Path, document: Path, relative: str) -> bool:
    """Whether the document already is the text file (to record as it is); refuse another
    file in the way."""
    if not (text_path.exists() or text_path.is_symlink()):
        return False
    if text_path.resolve() == document.resolve():
        return True
    raise TextFileInTheWay(relative)


def _validated_source(fields: dict[str, str]) -> Source:
    from pydantic import ValidationError

    try:
        return Source.model_validate(fields)
    except ValidationError as error:
        problems = []
        for problem in error.errors(include_url=False):
            field = str(problem["loc"][0]) if problem["loc"] else ""
            problems.append((field, fields.get(field), problem["msg"]))
        raise DetailsDoNotFit(problems) from None


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
