"""Text for the commands that write a dataset: init, source add, verify --fix-offsets."""

from __future__ import annotations

from factcli.authoring.add import AddReport
from factcli.authoring.init import NewDataset
from factcli.authoring.offsets import OffsetRepair
from factcli.authoring.sources import AddedSource
from factcli.render.base import plural

SOURCE_FIELDS = ("id", "title", "publisher", "published", "url", "rights", "file", "sha256")


def render_new_dataset(new: NewDataset) -> str:
    """Where the new dataset is, and the next step."""
    return (
        f"created {new.path} (no sources, no facts) and {new.sources}/\n"
        f"next: factcli source add FILE --data {new.path}\n"
    )


def render_added_source(added: AddedSource) -> str:
    """The source as recorded, one field a line, saying which fields the document gave."""
    told_by = "from the page" if added.from_html else "from its first line"
    origin = dict.fromkeys(added.taken_from_document, told_by)
    if "id" in origin:
        origin["id"] = "from the file name"
    read = "main text of the HTML page" if added.from_html else "text"
    lines = [f"added source {added.source.id} to {added.dataset_path}"]
    for name in SOURCE_FIELDS:
        value = str(getattr(added.source, name))
        if name == "file":
            value += f" ({read}, {added.characters:,} characters)"
        elif name in origin:
            value += f" ({origin[name]})"
        lines.append(f"  {name:<10} {value}")
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
    if report.added:
        lines.append(f"{plural(len(report.added), 'fact')} added to {report.dataset_path}")
    else:
        lines.append(f"nothing added to {report.dataset_path}")
    return "\n".join(lines) + "\n"
