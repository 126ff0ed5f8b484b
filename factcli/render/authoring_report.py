"""Text for the commands that write a dataset: init, source add, update and remove,
verify --fix-offsets, add."""

from __future__ import annotations

from factcli.authoring.add import AddReport
from factcli.authoring.batch import AddedSources
from factcli.authoring.init import NewDataset
from factcli.authoring.offsets import OffsetRepair
from factcli.authoring.remove import RemovedSource
from factcli.authoring.sources import AddedSource
from factcli.authoring.update import SourceUpdate
from factcli.controls import visible
from factcli.render.base import plural

SOURCE_FIELDS = ("id", "title", "publisher", "published", "url", "rights", "file", "sha256")
# Where a field the user did not give came from, by how the document was read.
_TOLD_BY = {"html": "from the page", "pdf": "from the PDF", "text": "from its first line"}
_READ_AS = {"html": "main text of the HTML page", "pdf": "text of the PDF", "text": "text"}


def render_new_dataset(new: NewDataset) -> str:
    """Where the new dataset is, and the next step."""
    return (
        f"created {new.path} (no sources, no facts) and {new.sources}/\n"
        f"next: factcli source add FILE --data {new.path}\n"
    )


def render_added_source(added: AddedSource) -> str:
    """The source as recorded, one field a line, saying which fields the document (or a
    sidecar) gave and which no one stated."""
    origin = dict.fromkeys(added.taken_from_document, _TOLD_BY.get(added.form, "from it"))
    origin.update(dict.fromkeys(added.from_sidecar, "from the sidecar"))
    if "id" in origin and "id" not in added.from_sidecar:
        origin["id"] = "from the file name"
    source = added.source
    lines = [f"added source {source.id} to {added.dataset_path}"]
    for name in SOURCE_FIELDS:
        found = getattr(source, name)
        value = "not stated" if found is None else str(found)
        if name == "file":
            pages = source.original.pages if source.original else None
            shown = f", {plural(len(pages), 'page')}" if pages else ""
            value += f" ({_READ_AS[added.form]}{shown}, {added.characters:,} characters)"
        elif name in origin:
            value += f" ({origin[name]})"
        lines.append(f"  {name:<10} {value}")
    if (original := source.original) is not None:
        lines.append(f"  {'original':<10} {original.format}, sha256 {original.sha256}")
    if source.currency is not None:
        said = "from the sidecar" if "currency" in added.from_sidecar else "a bare $ and dollars"
        lines.append(f"  {'currency':<10} {source.currency} ({said})")
    return "\n".join(lines) + "\n"


def render_added_sources(added: AddedSources) -> str:
    """Each source added, then (for a batch) how many, what no one stated, and the files
    of the folders that are no documents."""
    blocks = [render_added_source(one) for one in added.added]
    lines = []
    unstated = sorted(
        {
            name
            for one in added.added
            for name in SOURCE_FIELDS
            if getattr(one.source, name) is None
        },
        key=SOURCE_FIELDS.index,
    )
    if len(added.added) > 1:
        lines.append(f"{plural(len(added.added), 'source')} added to {added.dataset_path}")
    if unstated:
        options = " ".join(f"--{name}" for name in unstated)
        lines.append(
            f"not stated: {', '.join(unstated)} (recorded as such; give them with {options}, "
            "or in a sidecar: --metadata FILE)"
        )
    if added.skipped:
        names = ", ".join(str(path) for path in added.skipped[:5])
        more = f" and {len(added.skipped) - 5} more" if len(added.skipped) > 5 else ""
        lines.append(f"skipped {plural(len(added.skipped), 'file')}, not documents: {names}{more}")
    return "".join(blocks) + "".join(line + "\n" for line in lines)


def render_source_update(update: SourceUpdate) -> str:
    """One line per fact whose quote moved, changed or vanished, then what was written."""
    if update.same_text:
        return (
            f"{update.source_id}: {update.document} has the text already recorded; "
            f"nothing changed ({update.dataset_path})\n"
        )
    lines = []
    for change in update.changes:
        if change.status == "unchanged":
            continue
        old = f"{change.old[0]}-{change.old[1]}"
        if change.status == "moved" and change.new:
            lines.append(f"moved {change.fact_id}: {old} -> {change.new[0]}-{change.new[1]}")
        elif change.status == "vanished":
            lines.append(f"vanished {change.fact_id}: its quote is nowhere in the new text")
        else:
            at = f"{change.new[0]}-{change.new[1]}" if change.new else "?"
            words = " ".join((change.passage or "").split())
            lines.append(f"{change.status} {change.fact_id}: now at {at}: “{words}”")
    kept = sum(1 for c in update.changes if c.status in ("unchanged", "moved"))
    summary = f"{plural(kept, 'fact')} kept their quotes"
    if not update.written:
        lines.append(f"{summary}; nothing written ({update.dataset_path})")
        return "\n".join(lines) + "\n"
    requoted = sum(1 for c in update.changes if c.status == "quote changed")
    if requoted:
        summary += f", {plural(requoted, 'fact')} quoted anew"
    if update.removed:
        summary += f", {plural(len(update.removed), 'fact')} removed ({', '.join(update.removed)})"
    lines.append(f"updated source {update.source_id}: {summary} ({update.dataset_path})")
    return "\n".join(lines) + "\n"


def render_removed_source(removed: RemovedSource) -> str:
    """What was removed: the source, its facts, its text file."""
    lines = [f"removed fact {fact_id}" for fact_id in removed.facts]
    file = f", and deleted {removed.file}" if removed.file_deleted else f" ({removed.file} kept)"
    lines.append(f"removed source {removed.source_id} from {removed.dataset_path}{file}")
    return "\n".join(lines) + "\n"


def render_offset_repair(repair: OffsetRepair) -> str:
    """One line per fact whose offsets changed or could not be repaired, then a summary."""
    lines = [
        f"fixed {c.fact_id}: offsets {c.old[0]}-{c.old[1]} -> {c.new[0]}-{c.new[1]}"
        for c in repair.changed
    ]
    lines += [f"left {left.fact_id}: {left.reason}" for left in repair.left]
    if repair.changed:
        lines.append(f"offsets fixed in {plural(len(repair.changed), 'fact')} ({repair.path})")
    elif repair.left:
        lines.append(f"no offsets fixed ({repair.path})")
    else:
        lines.append(f"no offsets to fix ({repair.path})")
    return "\n".join(lines) + "\n"


def render_added_facts(report: AddReport) -> str:
    """One line per candidate: the fact made of it, or the fact it already was."""
    lines = [
        f"added {fact.id} ({fact.kind} {fact.display()}) from {candidate}"
        for candidate, fact in report.added
    ]
    lines += [f"already a fact: {candidate} is {fact_id}" for candidate, fact_id in report.already]
    lines += [f"not added: {candidate}: {visible(reason)}" for candidate, reason in report.skipped]
    if report.added:
        lines.append(f"{plural(len(report.added), 'fact')} added to {report.dataset_path}")
    else:
        lines.append(f"nothing added to {report.dataset_path}")
    return "\n".join(lines) + "\n"
