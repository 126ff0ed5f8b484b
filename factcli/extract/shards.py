"""Candidate shards: one document's candidates as JSON Lines, written where extraction ran
and read back by ``add``.

A shard holds one candidate object a line, as ``extract -f jsonl`` prints it
(`Candidate.to_json`), so extraction can run anywhere (worker processes, a cluster) and
its shards be gathered and added in one write. Reading a shard gives the candidates
again, their values read back from the value objects the lines carry; nothing in a shard
is trusted: ``add`` verifies every fact made of one against its source's own text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from factcli.controls import visible
from factcli.errors import DatasetError, FactcliError
from factcli.extract.candidates import Candidate, candidate_document
from factcli.language.values import KINDS as ALL_KINDS
from factcli.language.values import QUALIFIERS as ALL_QUALIFIERS

# One encoder for every line, as ``extract -f jsonl`` writes them.
_encode = json.JSONEncoder(ensure_ascii=False).encode
SHARD_SUFFIX = ".jsonl"
KINDS = frozenset(ALL_KINDS)
QUALIFIERS = frozenset(ALL_QUALIFIERS)


def shard_lines(candidates: Iterable[Candidate]) -> Iterator[str]:
    """The lines of a shard: one candidate object each."""
    return (_encode(candidate.to_json()) + "\n" for candidate in candidates)


def shard_path(folder: Path, doc: str) -> Path:
    """Where the shard of a document goes: ``FOLDER/DOC.jsonl`` (a document id is a slug)."""
    return folder / f"{doc}{SHARD_SUFFIX}"


def write_shard(folder: str | Path, doc: str, candidates: Sequence[Candidate]) -> Path:
    """Write one document's candidates as ``FOLDER/DOC.jsonl``, atomically (a shard is
    whole or absent, whoever reads the folder meanwhile); the folder is made if needed."""
    from factcli.atomic import write_atomically

    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FactcliError(
            f"cannot write shards into {visible(str(target))}: "
            f"{error.strerror or error}{' (it is no folder)' if target.exists() else ''}"
        ) from None
    path = shard_path(target, doc)
    write_atomically(path, "".join(shard_lines(candidates)))
    return path


def read_shards(paths: Sequence[Path]) -> Iterator[Candidate]:
    """The candidates of shard files, in order; a line that is no candidate object is a
    `DatasetError` naming its file and line."""
    from factcli.inputs import read_input

    for path in paths:
        try:  # a regular file, bounded (factcli.inputs): a shard is one document's
            text = read_input(path).decode("utf-8")
        except UnicodeDecodeError:
            raise DatasetError(f"{path} is not UTF-8 text: not a shard") from None
        except OSError as error:
            raise DatasetError(f"cannot read {path}: {error.strerror or error}") from None
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                yield candidate_from_json(json.loads(line))
            except (ValueError, TypeError, KeyError, RecursionError) as error:
                raise DatasetError(
                    f"{path}:{number}: not a candidate object ({_said(error)})"
                ) from None


def _said(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deep"
    if isinstance(error, KeyError):
        return f"no {error}"
    from pydantic import ValidationError

    if isinstance(error, ValidationError):  # its first line names pydantic's own types
        return "its value_detail is no value of a fact"
    return (str(error).splitlines() or [type(error).__name__])[0]


def candidate_from_json(data: Any) -> Candidate:
    """A candidate from its JSON object (`Candidate.to_json`): its value read back from
    ``value_detail`` by the dataset's own value models."""
    from pydantic import TypeAdapter

    from factcli.model.schema import FactValue

    if not isinstance(data, dict):
        raise TypeError("a line must hold a JSON object")
    sentence = data["sentence"]
    value = TypeAdapter(FactValue).validate_python(data["value_detail"]).plain()
    name = _text(data["candidate"])
    doc = candidate_document(name)
    if doc is None:
        raise ValueError(f"{name!r} is not a candidate id")
    found = Candidate(
        doc=doc,
        file=_text(data["file"]),
        source=data["source"] if data["source"] is None else _text(data["source"]),
        kind=_one_of(data["kind"], KINDS),
        text=_text(data["text"]),
        start=_whole(data["start"]),
        end=_whole(data["end"]),
        value=value,
        qualifier=_one_of(data["qualifier"], QUALIFIERS),
        sentence=_text(sentence["text"]),
        sentence_start=_whole(sentence["start"]),
        sentence_end=_whole(sentence["end"]),
        when=_maybe_text(data["when"]),
        subject=_maybe_text(data["subject"]),
        measure=_maybe_text(data["measure"]),
    )
    if found.id != name:
        raise ValueError(f"{name!r} does not name the span {found.start}-{found.end}")
    # The figure stands in its sentence where its offsets say (the sentence itself is
    # checked against the source's text when the fact is made).
    if not (
        0 <= found.sentence_start <= found.start < found.end <= found.sentence_end
        and found.sentence_end - found.sentence_start == len(found.sentence)
        and found.sentence[found.start - found.sentence_start : found.end - found.sentence_start]
        == found.text
    ):
        raise ValueError(
            f"its text {found.text!r} is not at {found.start}-{found.end} of its sentence"
        )
    return found


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _one_of(value: Any, allowed: frozenset[str]) -> Any:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{value!r} is none of {', '.join(sorted(allowed))}")
    return value


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a whole number")
    return value
