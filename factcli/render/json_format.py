"""json: one array of fact objects (source metadata embedded), for jq and other tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from factcli.extract.candidates import Candidate
from factcli.records import Listing, SourceSummary, answer_objects, timeline_objects
from factcli.render import Terminal


def dumps(value: object) -> str:
    """JSON as factcli writes it: indented, UTF-8 characters kept, newline at the end."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def render_facts(listing: Listing, terminal: Terminal) -> str:
    return dumps([record.to_json() for record in listing.records])


def render_details(listing: Listing, terminal: Terminal) -> str:
    return render_facts(listing, terminal)


def render_answers(listing: Listing, terminal: Terminal) -> str:
    return dumps(answer_objects(listing))


def render_timeline(listing: Listing, terminal: Terminal) -> str:
    return dumps(timeline_objects(listing))


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> str:
    return dumps([source.to_json() for source in sources])


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> str:
    return dumps([candidate.to_json() for candidate in candidates])
