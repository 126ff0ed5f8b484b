"""Repairing quote offsets: a quote found exactly once in its source text gets its true place.

Only quotes that do not match their offsets are looked at, only in sources whose file
matches its sha256, and a quote that occurs nowhere or more than once is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from factcli.authoring.save import save_dataset
from factcli.locks import changes_dataset
from factcli.model.dataset import LoadedDataset
from factcli.model.provenance import check_source
from factcli.model.records import source_info
from factcli.model.schema import Fact


@dataclass(frozen=True)
class OffsetChange:
    """A fact whose quote was moved to the one place its source text has it."""

    fact_id: str
    old: tuple[int, int]
    new: tuple[int, int]


@dataclass(frozen=True)
class OffsetLeft:
    """A fact whose wrong offsets could not be repaired, and why."""

    fact_id: str
    reason: str


@dataclass(frozen=True)
class OffsetRepair:
    """What `fix_offsets` changed in a dataset file, and what it left."""

    path: Path
    changed: list[OffsetChange] = field(default_factory=list)
    left: list[OffsetLeft] = field(default_factory=list)


@changes_dataset("path")
def fix_offsets_at(path: Path) -> OffsetRepair:
    """`fix_offsets` of the dataset at ``path``, read and written under its lock."""
    from factcli.model.dataset import load_dataset

    return fix_offsets(load_dataset(path))


def fix_offsets(loaded: LoadedDataset) -> OffsetRepair:
    """Rewrite the ``start``/``end`` of every misplaced quote that occurs exactly once.

    The dataset file is replaced atomically, and only when something changed.
    """
    dataset = loaded.dataset
    texts = {}
    for source in dataset.sources:
        status = check_source(source_info(source), loaded.folder)
        texts[source.id] = status.text if status.ok else None
    changed: list[OffsetChange] = []
    left: list[OffsetLeft] = []
    facts: list[Fact] = []
    for fact in dataset.facts:
        ref = fact.source
        text = texts[ref.id]
        # A source file that is missing or changed is verify's to report: its facts stay.
        if text is None or text[ref.start : ref.end] == ref.quote:
            facts.append(fact)
            continue
        places = occurrences(text, ref.quote)
        if len(places) != 1:
            left.append(OffsetLeft(fact.id, _why_left(places, len(ref.quote))))
            facts.append(fact)
            continue
        start = places[0]
        new_ref = ref.model_copy(update={"start": start, "end": start + len(ref.quote)})
        facts.append(fact.model_copy(update={"source": new_ref}))
        changed.append(OffsetChange(fact.id, (ref.start, ref.end), (new_ref.start, new_ref.end)))
    if changed:
        save_dataset(loaded.path, dataset.model_copy(update={"facts": facts}))
    return OffsetRepair(path=loaded.path, changed=changed, left=left)


def occurrences(text: str, quote: str) -> list[int]:
    """Every start (in code points) of ``quote`` in ``text``, overlapping ones included."""
    places = []
    start = text.find(quote)
    while start >= 0:
        places.append(start)
        start = text.find(quote, start + 1)
    return places


def _why_left(places: list[int], length: int) -> str:
    if not places:
        return "the quote does not occur in its source"
    shown = ", ".join(f"{p}-{p + length}" for p in places[:5])
    more = ", ..." if len(places) > 5 else ""
    return f"the quote occurs {len(places)} times in its source (at {shown}{more})"
