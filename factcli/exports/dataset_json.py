"""``factcli export -f json``: the dataset (or the part the filters keep) in its own file's
shape, streamed from the store fact by fact: memory stays flat and the first bytes come
at once, however large the dataset.

What is written is still a valid dataset on its own: links to facts that were filtered
out are dropped from ``related``, and sources no kept fact cites are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from factcli.exports.shapes import indented
from factcli.store.filters import NO_FILTERS, Filters

if TYPE_CHECKING:
    from factcli.library import Dataset
    from factcli.model.records import FactRecord


def dataset_json(dataset: Dataset, filters: Filters = NO_FILTERS) -> Iterator[str]:
    """The dataset file's text holding the facts the filters keep, a chunk at a time (the
    very text of ``json.dumps(..., indent=2)`` of the whole)."""
    store = dataset.store
    header = dict(store.header)
    cited = set(store.cited_sources(filters))
    header["sources"] = [source for source in header["sources"] if source["id"] in cited]
    opening = json.dumps({**header, "facts": []}, indent=2, ensure_ascii=False)
    yield opening[: opening.rindex("[]")]
    facts = dataset.facts(None, filters) if filters.active else store.all_records()
    first = True
    for record in facts:
        fact = dataset_fact(record)
        if filters.active and fact["related"]:
            kept = store.kept_ids(fact["related"], filters)
            fact["related"] = [other for other in fact["related"] if other in kept]
        yield ("[\n    " if first else ",\n    ") + indented(fact, "    ")
        first = False
    yield "[]\n}\n" if first else "\n  ]\n}\n"


def dataset_fact(record: FactRecord) -> dict[str, Any]:
    """A fact as the dataset file writes it (its model's fields, in order, none unset)."""
    fact: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "value": dict(record.value_detail),
        "qualifier": record.qualifier,
        "text": record.text,
        "statement": record.statement,
        "when": record.when,
        "subject": record.subject,
        "measure": record.measure,
        "population": record.population,
        "attributed_to": record.attributed_to,
        "tags": list(record.tags),
        "related": list(record.related),
        "note": record.note,
        "source": {
            "id": record.source.id,
            "quote": record.quote,
            "start": record.start,
            "end": record.end,
        },
    }
    return {key: value for key, value in fact.items() if value is not None}
