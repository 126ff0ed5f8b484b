"""Text for the dataset-level commands: the verify report and the JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factcli.controls import visible
from factcli.render.base import plural

if TYPE_CHECKING:
    # Only a type here: the provenance check imports the models, so pydantic, which
    # `factcli cache info` and `cache clear` must not pay for.
    from factcli.model.provenance import VerifyReport
    from factcli.store.cache import CacheEntry


def render_verify_report(report: VerifyReport) -> str:
    """One line per problem, then a summary line; a clean report is the summary alone."""
    facts = plural(report.fact_count, "fact")
    sources = plural(len(report.sources), "source")
    lines = [visible(str(problem)) for problem in report.problems]
    if report.ok:
        lines.append(
            f"ok: {facts} from {sources} verified: hashes, quotes, offsets, texts and values "
            f"match ({visible(str(report.path))})"
        )
    else:
        unchecked = (
            f", {report.unchecked_count} not checked (their source file is unusable)"
            if report.unchecked_count
            else ""
        )
        lines.append(
            f"{plural(len(report.problems), 'problem')} in {facts} from {sources}"
            f"{unchecked} ({visible(str(report.path))})"
        )
    return "\n".join(lines) + "\n"


# The description of the schema's own field, as `factcli schema` prints it: it says where
# the schema comes from.
SCHEMA_FIELD = "the JSON Schema this file follows (from 'factcli schema'), for editors; not checked"


def render_schema() -> str:
    """The dataset file's JSON Schema, generated from the models."""
    from factcli.model.schema import dataset_json_schema

    schema = dataset_json_schema()
    schema["properties"]["$schema"]["description"] = SCHEMA_FIELD
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _size(count: int) -> str:
    for unit in ("B", "kB", "MB"):
        if count < 1000:
            return f"{count} {unit}"
        count //= 1000
    return f"{count} GB"


def render_cache_info(folder: Path, enabled: bool, entries: Sequence[CacheEntry]) -> str:
    """The cache folder, then one line per index: file, size, fresh or stale, dataset."""
    state = "on" if enabled else "off (FACTCLI_NO_CACHE is set)"
    indexes = sum(not entry.leftover for entry in entries)
    lines = [f"cache: {visible(str(folder))} ({state}); {plural(indexes, 'index', 'indexes')}"]
    for entry in entries:
        freshness = "leftover" if entry.leftover else "fresh" if entry.fresh else "stale"
        dataset = visible(entry.dataset) if entry.dataset else "?"
        lines.append(f"{visible(entry.path.name)}\t{_size(entry.size)}\t{freshness}\t{dataset}")
    return "\n".join(lines) + "\n"


def render_cache_cleared(folder: Path, removed: int, freed: int) -> str:
    """What clearing the cache removed."""
    return f"removed {plural(removed, 'file')} ({_size(freed)}) from {visible(str(folder))}\n"
