"""Text for the dataset-level commands: the verify report and the JSON Schema."""

from __future__ import annotations

import json

from factcli.provenance import VerifyReport


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def render_verify_report(report: VerifyReport) -> str:
    """One line per problem, then a summary line; a clean report is the summary alone."""
    facts = _plural(report.fact_count, "fact")
    sources = _plural(len(report.sources), "source")
    lines = [str(problem) for problem in report.problems]
    if report.ok:
        lines.append(
            f"ok: {facts} from {sources} verified: hashes, quotes, offsets, texts and values "
            f"match ({report.path})"
        )
    else:
        unchecked = (
            f", {report.unchecked_count} not checked (their source file is unusable)"
            if report.unchecked_count
            else ""
        )
        lines.append(
            f"{_plural(len(report.problems), 'problem')} in {facts} from {sources}"
            f"{unchecked} ({report.path})"
        )
    return "\n".join(lines) + "\n"


def render_schema() -> str:
    """The dataset file's JSON Schema, generated from the models."""
    from factcli.models import dataset_json_schema

    return json.dumps(dataset_json_schema(), indent=2, ensure_ascii=False) + "\n"
