"""json: one array of fact objects (source metadata embedded), for jq and other tools."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from factcli.data.records import (
    Listing,
    SourceSummary,
    answer_objects,
    fact_objects,
    timeline_objects,
)
from factcli.render.base import Chunks, Terminal

if TYPE_CHECKING:
    # Only for annotations: the extraction package is heavy, and only `extract` draws it.
    from factcli.extract.candidates import Candidate


def dumps(value: object) -> str:
    """JSON as factcli writes it: indented, UTF-8 characters kept, newline at the end."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def array(objects: Iterable[object]) -> Chunks:
    """A JSON array written one element at a time, the very text `dumps` gives for the
    whole list."""
    first = True
    for obj in objects:
        yield ("[\n  " if first else ",\n  ") + _indented(obj, "  ")
        first = False
    yield "[]\n" if first else "\n]\n"


# One encoder for every scalar (json.dumps makes a new one per call when given options).
_scalar = json.JSONEncoder(ensure_ascii=False).encode


def _indented(value: object, indent: str) -> str:
    """``json.dumps(value, indent=2)`` as it stands at ``indent`` inside an array.

    json.dumps with an indent runs the pure-Python encoder, whose nested functions form a
    reference cycle on every call: with the cycle collector off (`factcli.entry`), a
    million calls would hold gigabytes. Scalars go through the C encoder instead.
    """
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = (
            f"{inner}{_scalar(str(key))}: {_indented(item, inner)}" for key, item in value.items()
        )
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list | tuple) and value:
        items = (inner + _indented(item, inner) for item in value)
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return _scalar(value)


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    return array(fact_objects(listing))


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    return render_facts(listing, terminal)


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    return array(answer_objects(listing))


def render_timeline(listing: Listing, terminal: Terminal) -> Chunks:
    return array(timeline_objects(listing))


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks:
    return array(source.to_json() for source in sources)


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> Chunks:
    return array(candidate.to_json() for candidate in candidates)
