"""The streaming JSON reader: the same values as json.loads, one list item at a time."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import factcli.model.jsonstream
from factcli.model.jsonstream import LIST_START, NotStreamable, object_members

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def read(text: str, chunk: int | None = None) -> dict[str, Any]:
    """Rebuild the object from the members the reader yields."""
    members: dict[str, Any] = {}
    for key, value in object_members(io.StringIO(text), "facts"):
        if value is LIST_START:
            members[key] = []
        elif key == "facts" and isinstance(members.get("facts"), list):
            members["facts"].append(value)
        else:
            members[key] = value
    return members


@pytest.fixture(params=[3, 64, 1 << 20])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Read in chunks small enough to cut every token, and in the usual size."""
    monkeypatch.setattr(factcli.model.jsonstream, "_CHUNK", request.param)
    return int(request.param)


@settings(max_examples=60, deadline=None)
@given(
    header=st.dictionaries(st.text().filter(lambda k: k != "facts"), json_values, max_size=3),
    facts=st.lists(json_values, max_size=6),
    indent=st.sampled_from([None, 0, 2]),
)
def test_same_as_json_loads(header: dict[str, Any], facts: list[Any], indent: int | None) -> None:
    text = json.dumps({**header, "facts": facts}, indent=indent)
    for size in (3, 64):
        factcli.model.jsonstream._CHUNK, saved = size, factcli.model.jsonstream._CHUNK
        try:
            assert read(text) == json.loads(text)
        finally:
            factcli.model.jsonstream._CHUNK = saved


def test_items_come_one_by_one(chunk: int) -> None:
    text = '{"title": "t", "facts": [1, {"a": [2, 3]}, "x"], "after": 12345}'
    members = list(object_members(io.StringIO(text), "facts"))
    assert members == [
        ("title", "t"),
        ("facts", LIST_START),
        ("facts", 1),
        ("facts", {"a": [2, 3]}),
        ("facts", "x"),
        ("after", 12345),
    ]


def test_numbers_cut_by_a_chunk_are_read_whole(chunk: int) -> None:
    assert read('{"facts": [1234567, 89], "n": 1234567890}') == {
        "facts": [1234567, 89],
        "n": 1234567890,
    }


def test_empty_list_and_object(chunk: int) -> None:
    assert read('{"facts": []}') == {"facts": []}
    assert read("  {}  ") == {}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[1, 2]",
        '{"facts": [1, 2}',
        '{"facts": [1, 2,]}',
        '{"facts": [1 2]}',
        '{"a": 1,}',
        '{"a" 1}',
        '{"a": 1} trailing',
        '{"facts": [{"unterminated": "str',
        "{1: 2}",
    ],
)
def test_malformed_text_is_not_streamable(text: str, chunk: int) -> None:
    with pytest.raises(NotStreamable):
        list(object_members(io.StringIO(text), "facts"))
