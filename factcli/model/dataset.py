"""Finding, reading and validating a dataset file.

Every way a dataset can be unusable ends in one `DatasetError` whose message says
what is wrong and where, so the CLI can print it as one line and exit 2.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from factcli.errors import DatasetError, DatasetInvalid, DatasetMissing

if TYPE_CHECKING:
    from pydantic import ValidationError

    from factcli.controls import JsonScan
    from factcli.model.schema import Dataset, Fact

MAX_LISTED_PROBLEMS = 10
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
# An installed wheel carries the data inside the package; a source checkout has it beside.
_BUNDLED_CANDIDATES = (
    _PACKAGE_DIR / "_data" / "facts.json",
    _PACKAGE_DIR.parent / "data" / "facts.json",
)


@dataclass(frozen=True)
class LoadedDataset:
    """A validated dataset and the file it came from (source files are relative to it)."""

    path: Path
    dataset: Dataset
    # The sha256 of the bytes that were validated (what the index is keyed on).
    sha256: str = ""

    @property
    def folder(self) -> Path:
        return self.path.parent


def bundled_dataset_path() -> Path:
    """The dataset that ships with factcli."""
    for candidate in _BUNDLED_CANDIDATES:
        if candidate.is_file():
            return candidate
    raise DatasetError(
        "the bundled dataset is missing from this installation",
        hint="reinstall factcli, or name a dataset file",
    )


def read_dataset_bytes(path: Path) -> bytes:
    """The dataset file's bytes, or a `DatasetError` saying why it cannot be read: read by
    `factcli.inputs` (a regular file of at most `MAX_INPUT_BYTES`; a device, a FIFO or a
    socket is refused before a byte is read)."""
    from factcli.inputs import TooLarge, read_input

    try:
        return read_input(path)
    except FileNotFoundError:
        raise DatasetMissing(path) from None
    except IsADirectoryError:
        raise DatasetError(f"dataset path is a directory, not a file: {path}") from None
    except TooLarge as error:
        raise DatasetError(f"dataset {path} {error.strerror}") from None
    except OSError as error:
        raise DatasetError(f"cannot read dataset {path}: {error.strerror or error}") from None
    except ValueError as error:  # a NUL in the path
        raise DatasetError(f"cannot read dataset {path}: {error}") from None


def decode_dataset_bytes(raw: bytes, path: Path) -> str:
    """The text of a dataset file's bytes: UTF-8, not empty, without a byte-order mark."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DatasetError(
            f"dataset {path} is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start})"
        ) from None
    if not text.strip():
        raise DatasetError(f"dataset {path} is empty")
    return text.removeprefix("\ufeff")


def parse_dataset_json(text: str, path: Path) -> Any:
    """Parse the dataset's JSON, reporting a syntax error with its line and column.

    A key twice in one object is an error (else the last one would silently win, and a
    reviewer reading the first would see another statement than factcli); so are nesting
    too deep to parse and integers too long to read.
    """
    from factcli.model.jsonstream import (
        LONE_SURROGATE_ESCAPE,
        DuplicateKey,
        lone_surrogate_at,
        unique_object,
    )

    try:
        raw = json.loads(text, object_pairs_hook=unique_object)
        if LONE_SURROGATE_ESCAPE.search(text) and (where := lone_surrogate_at(raw)) is not None:
            raise DatasetError(
                f"dataset {path} is not valid: {json_path(where) or '(top level)'} holds a "
                "lone surrogate (a \\uD800-\\uDFFF escape without its pair), which is no character"
            )
        return raw
    except json.JSONDecodeError as error:
        raise DatasetError(
            f"dataset {path} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        ) from None
    except DuplicateKey as error:
        raise DatasetError(f"dataset {path} is not valid: {error}") from None
    except RecursionError:
        raise DatasetError(f"dataset {path} is nested too deeply to read") from None
    except ValueError as error:  # an integer of thousands of digits
        raise DatasetError(f"dataset {path} cannot be read: {error}") from None


def validate_dataset(raw: Any, path: Path, *, text_checked: bool = False) -> Dataset:
    """Validate parsed JSON against the models; list each problem with its JSON path.

    ``text_checked`` says the JSON text was scanned and holds no unsafe character.
    """
    from pydantic import ValidationError

    from factcli.model.schema import TEXT_CHECKED, Dataset

    try:
        return Dataset.model_validate(raw, context={TEXT_CHECKED: text_checked})
    except ValidationError as error:
        problems = schema_problems(error, raw)
        count = len(problems)
        shown = problems[:MAX_LISTED_PROBLEMS]
        if count > MAX_LISTED_PROBLEMS:
            shown.append(f"and {count - MAX_LISTED_PROBLEMS} more")
        raise DatasetInvalid(path, count, shown) from None


def load_dataset(path: Path) -> LoadedDataset:
    """Read, parse and validate a dataset file."""
    import hashlib

    from factcli.controls import json_may_hold_unsafe

    raw = read_dataset_bytes(path)
    text = decode_dataset_bytes(raw, path)
    checked = not json_may_hold_unsafe(text)
    dataset = validate_dataset(parse_dataset_json(text, path), path, text_checked=checked)
    return LoadedDataset(
        path=path.resolve(), dataset=dataset, sha256=hashlib.sha256(raw).hexdigest()
    )


class HashingReader(io.RawIOBase):
    """A binary file read through a hash: what was read is what was hashed."""

    def __init__(self, file: io.RawIOBase, digest: Any) -> None:
        self.file = file
        self.digest = digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.file.readinto(buffer)
        if count:
            self.digest.update(memoryview(buffer)[:count])
        return count or 0

    def close(self) -> None:
        self.file.close()
        super().close()


def stream_dataset(path: Path, digest: Any = None) -> tuple[Dataset, Iterator[Fact]]:
    """A dataset validated fact by fact as it is read, never held whole in memory.

    Returns the dataset's other members (validated, with no facts) and an iterator that
    reads and validates the facts one by one. The models and the cross-checks are those
    of `load_dataset`, so a dataset passes here exactly when it passes there. Only the
    usual layout is streamed (the facts list after the other members); any other layout,
    and any problem at all, raises `NotStreamable`: `load_dataset` then reads the file
    whole and reports what is wrong in its usual words.
    """
    from pydantic import ValidationError

    from factcli.controls import JsonScan
    from factcli.inputs import open_raw_input
    from factcli.model.jsonstream import LIST_START, NotStreamable, object_members
    from factcli.model.schema import Dataset

    try:
        # Streamed, so held whole nowhere: a regular file of any size.
        binary = open_raw_input(path, limit=None)
    except (OSError, ValueError) as error:
        raise NotStreamable(str(error)) from None
    raw = HashingReader(binary, digest) if digest is not None else binary
    file = io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8-sig")
    scan = JsonScan()
    members = object_members(file, "facts", scan.feed)
    header: dict[str, Any] = {}
    try:
        for key, value in members:
            if key in header:
                raise NotStreamable(f"{key!r} appears twice")
            if value is LIST_START:
                break
            header[key] = value
        else:
            raise NotStreamable("no facts list")
        dataset = Dataset.model_validate({**header, "facts": []})
    except (NotStreamable, ValidationError) as error:
        file.close()
        raise NotStreamable(str(error)) from None
    return dataset, _streamed_facts(members, dataset, file, scan)


def _streamed_facts(
    members: Iterator[tuple[str, Any]], dataset: Dataset, file: TextIO, scan: JsonScan
) -> Iterator[Fact]:
    from pydantic import ValidationError

    from factcli.model.jsonstream import NotStreamable
    from factcli.model.references import ReferenceCheck
    from factcli.model.schema import TEXT_CHECKED, Fact

    check = ReferenceCheck([source.id for source in dataset.sources])
    with file:
        for n, (key, raw) in enumerate(members):
            if key != "facts" or not isinstance(raw, dict):
                raise NotStreamable("a member after the facts, or a fact that is no object")
            try:
                # The text read so far (this fact's included) was scanned as it came.
                fact = Fact.model_validate(raw, context={TEXT_CHECKED: scan.clean})
            except ValidationError as error:
                raise NotStreamable(str(error)) from None
            if not check.add(n, fact.id, fact.source.id, fact.related):
                raise NotStreamable(f"fact {fact.id!r} has a reference problem")
            yield fact
    if check.unresolved():
        raise NotStreamable("a related fact id does not resolve")


def schema_problems(error: ValidationError, raw: Any) -> list[str]:
    """One ``path: message`` line per validation error, e.g. ``facts[3].value.amount: ...``."""
    lines = []
    for problem in error.errors(include_url=False):
        loc = _without_union_tags(problem["loc"])
        where = json_path(loc) or "(top level)"
        fact_id = _fact_id_at(raw, loc)
        label = f"{where} (fact {fact_id!r})" if fact_id and loc[-1] != "id" else where
        lines.append(f"{label}: {_message(problem)}")
    return lines


def json_path(loc: Iterable[str | int]) -> str:
    """Write a pydantic location as a JSON path: ``('facts', 3, 'value')`` -> ``facts[3].value``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _without_union_tags(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    # pydantic puts the union member's tag after "value" (facts[0].value.money.amount);
    # users wrote no such key, so it is dropped from the path.
    from factcli.model.schema import VALUE_SHAPES

    return tuple(
        part
        for n, part in enumerate(loc)
        if not (
            n >= 2
            and loc[n - 1] == "value"
            and isinstance(loc[n - 2], int)
            and part in VALUE_SHAPES
        )
    )


def _fact_id_at(raw: Any, loc: tuple[str | int, ...]) -> str | None:
    if len(loc) < 2 or loc[0] != "facts" or not isinstance(loc[1], int):
        return None
    try:
        fact_id = raw["facts"][loc[1]]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return fact_id if isinstance(fact_id, str) else None


def _message(problem: Mapping[str, Any]) -> str:
    message = str(problem["msg"])
    if problem["type"] == "extra_forbidden":
        return "unknown field (a typo?)"
    return message.removeprefix("Value error, ")
