"""Candidate facts: a span of a document read as a value, with its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from factcli.language.values import Kind, Qualifier, Value, display_value, value_object


@dataclass(frozen=True)
class Candidate:
    """A figure found in a document, before a person accepts it as a fact."""

    doc: str  # the source id, or the id the file would get as a source
    file: str
    source: str | None
    kind: Kind
    text: str
    start: int
    end: int
    value: Value
    qualifier: Qualifier
    sentence: str
    sentence_start: int
    sentence_end: int
    when: str | None  # the period its frame gives it
    subject: str | None = None
    measure: str | None = None

    @property
    def id(self) -> str:
        """Stable while the document is unchanged: ``DOC:START-END``."""
        return f"{self.doc}:{self.start}-{self.end}"

    @property
    def unit(self) -> str | None:
        return getattr(self.value, "unit", None)

    @property
    def currency(self) -> str | None:
        return getattr(self.value, "currency", None)

    def to_json(self) -> dict[str, Any]:
        """The object of ``extract -f json``: stable keys."""
        return {
            "candidate": self.id,
            "file": self.file,
            "source": self.source,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value.machine(),
            "value_detail": value_object(self.value),
            "display": display_value(self.value, self.qualifier),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "currency": self.currency,
            "when": self.when,
            "subject": self.subject,
            "measure": self.measure,
            "sentence": {
                "text": self.sentence,
                "start": self.sentence_start,
                "end": self.sentence_end,
            },
        }


# The columns of ``extract -f csv``, in order.
CANDIDATE_COLUMNS = (
    "candidate", "file", "source", "kind", "value", "display", "qualifier", "unit", "currency",
    "text", "start", "end", "when", "subject", "measure", "sentence", "sentence_start",
    "sentence_end",
)  # fmt: skip


def candidate_row(candidate: Candidate) -> dict[str, str]:
    """A candidate as one row of strings (empty where it has no such field)."""
    data = candidate.to_json()
    sentence = data.pop("sentence")
    data.update(
        sentence=sentence["text"],
        sentence_start=sentence["start"],
        sentence_end=sentence["end"],
    )
    return {
        column: "" if data[column] is None else str(data[column]) for column in CANDIDATE_COLUMNS
    }


_CANDIDATE_ID = re.compile(r"(?P<doc>[a-z0-9][a-z0-9-]*):(?P<start>\d+)-(?P<end>\d+)")


def candidate_document(candidate_id: str) -> str | None:
    """The document (source id) a candidate id names, or None if it is no candidate id."""
    match = _CANDIDATE_ID.fullmatch(candidate_id)
    return match["doc"] if match else None
