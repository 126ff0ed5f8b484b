"""The rules that tie a dataset together: ids are unique, each fact names a known source,
and related ids name other facts of the dataset.

One checker serves both readers: the whole-file model (`models.Dataset`) and the streamed
build (`dataset.stream_dataset`), which feeds it fact by fact without holding the facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReferenceProblem:
    """One broken reference: where it is (a JSON path as a tuple), what is wrong, and the
    value found there."""

    loc: tuple[str | int, ...]
    message: str
    found: str


@dataclass
class ReferenceCheck:
    """Checks facts one at a time, in file order, against the dataset's sources.

    A duplicate is reported where it appears again; a related id is reported at the end,
    by `unresolved`, when no fact of the whole dataset has it.
    """

    source_ids: Sequence[str]
    problems: list[ReferenceProblem] = field(default_factory=list)
    _sources: set[str] = field(default_factory=set)
    _facts: set[str] = field(default_factory=set)
    # Related ids not seen yet when their fact was read: (fact's index, position, id).
    _pending: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for n, source_id in enumerate(self.source_ids):
            if source_id in self._sources:
                self._report(("sources", n, "id"), f"duplicate source id {source_id!r}", source_id)
            self._sources.add(source_id)

    def add(self, n: int, fact_id: str, source_id: str, related: Iterable[str]) -> bool:
        """Check the fact at index ``n``; False when it breaks a rule (see `problems`)."""
        before = len(self.problems)
        if fact_id in self._facts:
            self._report(("facts", n, "id"), f"duplicate fact id {fact_id!r}", fact_id)
        self._facts.add(fact_id)
        if source_id not in self._sources:
            self._report(
                ("facts", n, "source", "id"), f"no source with id {source_id!r}", source_id
            )
        for k, other in enumerate(related):
            if other == fact_id:
                self._report(
                    ("facts", n, "related", k), "a fact cannot be related to itself", other
                )
            elif other not in self._facts:
                self._pending.append((n, k, other))
        return len(self.problems) == before

    def unresolved(self) -> list[ReferenceProblem]:
        """Once every fact was added: the related ids that name no fact of the dataset."""
        return [
            ReferenceProblem(("facts", n, "related", k), f"no fact with id {other!r}", other)
            for n, k, other in self._pending
            if other not in self._facts
        ]

    def _report(self, loc: tuple[str | int, ...], message: str, found: str) -> None:
        self.problems.append(ReferenceProblem(loc, message, found))
