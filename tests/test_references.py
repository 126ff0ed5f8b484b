"""One reference checker for the whole-file model and the streamed build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factcli.model.dataset import stream_dataset
from factcli.model.jsonstream import NotStreamable
from factcli.model.references import ReferenceCheck
from factcli.model.schema import Dataset

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "facts.json"


def test_forward_related_ids_resolve_at_the_end() -> None:
    """A fact may name a fact that comes later; only ids no fact has are reported."""
    check = ReferenceCheck(["doc"])
    assert check.add(0, "a", "doc", ["b", "zzz"])
    assert check.add(1, "b", "doc", ["a"])
    assert [(p.loc, p.message) for p in check.unresolved()] == [
        (("facts", 0, "related", 1), "no fact with id 'zzz'")
    ]


def test_each_rule_reports_where_the_problem_is() -> None:
    """Duplicates are reported where they appear again; unknown sources and self-links at once."""
    check = ReferenceCheck(["doc", "doc"])
    assert not check.add(0, "a", "nowhere", [])
    assert not check.add(1, "a", "doc", ["a"])
    assert [p.loc for p in check.problems] == [
        ("sources", 1, "id"),
        ("facts", 0, "source", "id"),
        ("facts", 1, "id"),
        ("facts", 1, "related", 0),
    ]


def _broken(change: Any) -> dict[str, Any]:
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    change(raw)
    return dict(raw)


BROKEN = {
    "duplicate id": lambda raw: raw["facts"][3].update(id=raw["facts"][1]["id"]),
    "unknown source": lambda raw: raw["facts"][2]["source"].update(id="nowhere"),
    "related to itself": lambda raw: raw["facts"][4].update(related=[raw["facts"][4]["id"]]),
    "unresolved related": lambda raw: raw["facts"][0].update(related=["nowhere"]),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_model_and_stream_refuse_the_same_datasets(name: str, tmp_path: Path) -> None:
    """Each broken reference is refused by the model and by the streamed reader alike."""
    raw = _broken(BROKEN[name])
    with pytest.raises(ValueError, match="reference|id"):
        Dataset.model_validate(raw)
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    _, facts = stream_dataset(path)
    with pytest.raises(NotStreamable):
        list(facts)


def test_the_shipped_dataset_streams_whole(tmp_path: Path) -> None:
    """The checker does not refuse a sound dataset (related ids included)."""
    _, facts = stream_dataset(SHIPPED)
    assert len(list(facts)) == len(json.loads(SHIPPED.read_text(encoding="utf-8"))["facts"])
