"""json: one array of fact objects (source metadata embedded), for jq and other tools."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from factcli.extract.candidates import Candidate
from factcli.records import (
    Listing,
    SourceSummary,
    answer_objects,
    fact_objects,
    timeline_objects,
)
from factcli.render import Chunks, Terminal


def dumps(value: object) -> str:
    """JSON as factcli writes it: indented, UTF-8 characters kept, newline at the end."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def array(objects: Iterable[object]) -> Chunks:
    """A JSON array written one element at a time, the very text `dumps` gives for the
    whole list: elements indented by two, a newline inside a string is always escaped."""
    first = True
    for obj in objects:
        element = json.dumps(obj, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + element
        first = False
    yield "[]\n" if first else "\n]\n"


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
