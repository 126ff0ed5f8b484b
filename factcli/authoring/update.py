"""A source's new revision taken in: ``factcli source update ID FILE``.

The new file is read as `source add` reads it (text, HTML, PDF) and hashed; then each fact
that cites the source is looked for in the new text:

- ``unchanged``: its quote is where it was;
- ``moved``: its quote is found, verbatim, elsewhere (the nearest place to where it was);
- ``quote changed``: its quote is gone, but the passage most like it still holds the
  fact's words and the same value (a word fixed around it): that passage is its new quote;
- ``value changed``: the passage most like its quote states another figure;
- ``vanished``: no passage of the new text is like its quote.

Moves are taken in as they are. Changed and vanished facts are reported, and nothing is
written unless the user accepts them: then a changed quote takes its new place, and facts
whose value changed or vanished are removed (their new figures are candidates to add).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from factcli.authoring.remove import without_facts
from factcli.authoring.save import load_dataset_to_change, save_dataset_with_files
from factcli.documents.reader import DocumentText, document_text, read_document_text
from factcli.errors import ChangesNotAccepted, DocumentError, NotFound
from factcli.locks import changes_dataset
from factcli.model.dataset import LoadedDataset
from factcli.model.schema import SCHEMA_VERSION, Fact, Source

Status = Literal["unchanged", "moved", "quote changed", "value changed", "vanished"]
# What the user must accept before anything is written.
NEEDS_ACCEPTANCE: tuple[Status, ...] = ("quote changed", "value changed", "vanished")
# How alike (difflib's ratio over words) a passage must be to a quote to be its new form.
SAME_PASSAGE = 0.6
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FactChange:
    """What became of one fact's quote in the new text."""

    fact_id: str
    status: Status
    old: tuple[int, int]
    new: tuple[int, int] | None = None
    # The passage that now stands where the quote stood (quote or value changed).
    passage: str | None = None


@dataclass(frozen=True)
class SourceUpdate:
    """A source's new revision: what became of each of its facts, and what was written."""

    dataset_path: Path
    source_id: str
    document: Path
    same_text: bool
    changes: list[FactChange] = field(default_factory=list)
    accepted: bool = False
    written: bool = False

    @property
    def to_accept(self) -> list[FactChange]:
        """The changes that need the user's word before they are written."""
        return [change for change in self.changes if change.status in NEEDS_ACCEPTANCE]

    @property
    def removed(self) -> list[str]:
        """The facts removed once the update is accepted (value changed, or vanished)."""
        return [c.fact_id for c in self.changes if c.status in ("value changed", "vanished")]


class UpdateNeedsAcceptance(ChangesNotAccepted):
    """An update that would change or remove facts, which the user has not accepted."""

    def __init__(self, update: SourceUpdate) -> None:
        self.update = update
        super().__init__(update.source_id, len(update.to_accept))


@changes_dataset("dataset_path")
def update_source(
    dataset_path: Path,
    source_id: str,
    document: Path,
    *,
    accept: bool = False,
    given: bytes | None = None,
) -> SourceUpdate:
    """Replace a source's text by the text of ``document``, moving each quote to its new
    place. Raises `UpdateNeedsAcceptance` (and writes nothing) when facts changed or
    vanished and ``accept`` is not given; `NotFound` for an unknown source. ``given``: the
    document's bytes when it is no file (what a command line read from standard input)."""
    loaded = load_dataset_to_change(dataset_path)
    source = _source(loaded, source_id)
    new = document_text(given, document) if given is not None else read_document_text(document)
    digest = hashlib.sha256(new.content).hexdigest()
    _check_not_elsewhere(loaded, source, digest, document)
    old_text = _old_text(loaded, source)
    facts = [fact for fact in loaded.dataset.facts if fact.source.id == source.id]
    if digest == source.sha256:
        changes = [FactChange(f.id, "unchanged", (f.source.start, f.source.end)) for f in facts]
        return SourceUpdate(loaded.path, source.id, document, True, changes)
    text = new.text
    changes = [_follow(fact, old_text, text, source) for fact in facts]
    update = SourceUpdate(loaded.path, source.id, document, False, changes, accepted=accept)
    if update.to_accept and not accept:
        raise UpdateNeedsAcceptance(update)
    _write(loaded, source, new, digest, changes)
    return SourceUpdate(loaded.path, source.id, document, False, changes, accept, written=True)


def _source(loaded: LoadedDataset, source_id: str) -> Source:
    for source in loaded.dataset.sources:
        if source.id == source_id:
            return source
    known = ", ".join(s.id for s in loaded.dataset.sources) or "none"
    raise NotFound(f"the dataset has no source {source_id!r} (sources: {known})")


def _check_not_elsewhere(
    loaded: LoadedDataset, source: Source, digest: str, document: Path
) -> None:
    for other in loaded.dataset.sources:
        if other.id != source.id and other.sha256 == digest:
            raise DocumentError(f"the text of {document} is already there as {other.id}")


def _old_text(loaded: LoadedDataset, source: Source) -> str | None:
    """The source's recorded text, if its file is still there (to place quotes near where
    they were); a changed or missing file is what an update repairs, so it is no error."""
    from factcli.model.provenance import check_source
    from factcli.model.records import source_info

    return check_source(source_info(source), loaded.folder).text


def _follow(fact: Fact, old_text: str | None, text: str, source: Source) -> FactChange:
    """Where a fact's quote is in the new text, and whether its value still holds."""
    ref = fact.source
    old = (ref.start, ref.end)
    if text[ref.start : ref.end] == ref.quote:
        return FactChange(fact.id, "unchanged", old, old)
    places = _occurrences(text, ref.quote)
    if places:
        start = min(places, key=lambda place: abs(place - ref.start))
        return FactChange(fact.id, "moved", old, (start, start + len(ref.quote)))
    passage = _likest_passage(ref.quote, text)
    if passage is None:
        return FactChange(fact.id, "vanished", old)
    start, end = passage
    moved = _requoted(fact, text, start, end)
    if moved is not None and not _problems(moved, text, source):
        return FactChange(fact.id, "quote changed", old, (start, end), text[start:end])
    return FactChange(fact.id, "value changed", old, (start, end), text[start:end])


def _occurrences(text: str, quote: str) -> list[int]:
    from factcli.authoring.offsets import occurrences

    return occurrences(text, quote)


def _likest_passage(quote: str, text: str) -> tuple[int, int] | None:
    """The sentence (or run of sentences as long as the quote) most like the quote."""
    from factcli.language.sentences import split_sentences

    sentences = split_sentences(text)
    wanted = _WORD.findall(quote.lower())
    best: tuple[float, int, int] | None = None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for n, first in enumerate(sentences):
        words: list[str] = []
        for last in sentences[n:]:
            words += _WORD.findall(last.text.lower())
            matcher.set_seq1(words)
            if matcher.real_quick_ratio() >= SAME_PASSAGE and matcher.quick_ratio() >= SAME_PASSAGE:
                ratio = matcher.ratio()
                if ratio >= SAME_PASSAGE and (best is None or ratio > best[0]):
                    best = (ratio, first.start, last.end)
            if len(words) > 2 * len(wanted):
                break
    return None if best is None else (best[1], best[2])


def _requoted(fact: Fact, text: str, start: int, end: int) -> Fact | None:
    if fact.text not in text[start:end]:
        return None
    ref = fact.source.model_copy(update={"quote": text[start:end], "start": start, "end": end})
    return fact.model_copy(update={"source": ref})


def _problems(fact: Fact, text: str, source: Source) -> list[str]:
    from factcli.model.provenance import check_fact

    problems = check_fact(fact, text, source.published, source.currency)
    return [str(problem) for problem in problems]


def _write(
    loaded: LoadedDataset,
    source: Source,
    new: DocumentText,
    digest: str,
    changes: list[FactChange],
) -> None:
    """The new text in the source's file, and the dataset with its facts moved: one write."""
    by_id = {change.fact_id: change for change in changes}
    facts: list[Fact] = []
    for fact in loaded.dataset.facts:
        change = by_id.get(fact.id)
        if change is None or change.status == "unchanged":
            facts.append(fact)
        elif change.status in ("moved", "quote changed") and change.new is not None:
            start, end = change.new
            ref = fact.source.model_copy(
                update={"quote": new.text[start:end], "start": start, "end": end}
            )
            facts.append(fact.model_copy(update={"source": ref}))
    removed = {c.fact_id for c in changes if c.status in ("value changed", "vanished")}
    fields = source.model_dump(mode="json", exclude_unset=True, exclude={"original"})
    if new.original is not None:
        fields["original"] = new.original
    updated = Source.model_validate({**fields, "sha256": digest})
    dataset = loaded.dataset.model_copy(
        update={
            "schema_version": SCHEMA_VERSION,
            "sources": [updated if s.id == source.id else s for s in loaded.dataset.sources],
            "facts": facts,
        }
    )
    dataset = without_facts(dataset, removed)
    text_path = loaded.folder / source.file
    save_dataset_with_files(loaded.path, dataset, {text_path: new.content})
