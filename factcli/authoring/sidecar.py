"""A sidecar file: the details of many documents at once, one row per file.

CSV (a header row naming the columns) or JSON (an array of objects). The columns are the
fields of a source, and ``file``, the document the row is about: a path relative to the
sidecar's folder (or just the file's name). An empty cell gives nothing: the field then
comes from the document, or is recorded as not stated.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from factcli.documents.text import read_document
from factcli.errors import UsageProblem

# The columns a sidecar may have, besides ``file``: the source fields a user may give.
SIDECAR_FIELDS = (
    "id", "title", "publisher", "published", "url", "rights", "accessed", "currency",
)  # fmt: skip
# A sidecar larger than this is no list of documents.
MAX_SIDECAR_BYTES = 16 * 1024 * 1024

Row = dict[str, str]


def read_sidecar(sidecar: Path, documents: Sequence[Path]) -> dict[Path, Row]:
    """Each document's row of the sidecar (documents without a row have none).

    Raises `UsageProblem` for a sidecar that cannot be read, a column that is no source
    field, a row without a file, a file named twice, or a file that does not exist (a
    typo would otherwise leave a document's details unsaid).
    """
    raw = read_document(sidecar, limit=MAX_SIDECAR_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageProblem(f"sidecar {sidecar} is not UTF-8 text") from None
    json_rows = sidecar.suffix.lower() == ".json"
    rows = _json_rows(text, sidecar) if json_rows else _csv_rows(text, sidecar)
    by_file = {_key(document): document for document in documents}
    by_name: dict[str, list[Path]] = {}
    for document in documents:
        by_name.setdefault(document.name, []).append(document)
    found: dict[Path, Row] = {}
    for number, row in enumerate(rows, 1):
        where = f"sidecar {sidecar}, row {number}"
        _check_columns(row, where)
        name = row.get("file", "").strip()
        if not name:
            raise UsageProblem(f"{where}: no file named (the column 'file')")
        named = sidecar.parent / name
        match = by_file.get(_key(named))
        if match is None and "/" not in name and len(by_name.get(name, [])) == 1:
            match = by_name[name][0]  # a bare file name, given once
        if match is None:
            if not named.exists():
                raise UsageProblem(f"{where}: no such file: {named}")
            continue  # a document of the sidecar not added this time
        if match in found:
            raise UsageProblem(f"{where}: {name} has a row already")
        found[match] = {
            key: value.strip()
            for key, value in row.items()
            if key != "file" and value and value.strip()
        }
    return found


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _check_columns(row: Mapping[str, object], where: str) -> None:
    unknown = [key for key in row if key != "file" and key not in SIDECAR_FIELDS]
    if unknown:
        raise UsageProblem(
            f"{where}: {', '.join(map(repr, unknown))} is not a field of a source",
            hint="columns: file, " + ", ".join(SIDECAR_FIELDS),
        )
    for key, value in row.items():
        if value is not None and not isinstance(value, str):
            raise UsageProblem(f"{where}: {key} must be text, not {json.dumps(value)}")


def _csv_rows(text: str, sidecar: Path) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    for number, row in enumerate(reader, 1):
        if None in row:  # more cells than the header names
            raise UsageProblem(f"sidecar {sidecar}, row {number}: more cells than columns")
        rows.append({key: value or "" for key, value in row.items()})
    return rows


def _json_rows(text: str, sidecar: Path) -> list[dict[str, str]]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise UsageProblem(f"sidecar {sidecar} is not valid JSON ({error})") from None
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise UsageProblem(
            f"sidecar {sidecar} must be an array of objects, one per file",
            hint='e.g. [{"file": "report.pdf", "published": "2024-05-01"}]',
        )
    for number, row in enumerate(data, 1):
        _check_columns(row, f"sidecar {sidecar}, row {number}")
    return [{key: value or "" for key, value in row.items()} for row in data]
