"""Each rule of the data contract, broken once: the error names the field at fault."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factcli.errors import DatasetError
from factcli.model.dataset import validate_dataset
from factcli.model.schema import Dataset
from tests.conftest import fact_index

Breaker = Callable[[dict[str, Any]], None]
MONEY = "acf-case-management-awards-2022"
RATIO = "us-women-violence-lifetime-ratio"
DATE = "ofvps-established-date"


def _fact(raw: dict[str, Any], fact_id: str) -> dict[str, Any]:
    fact: dict[str, Any] = raw["facts"][fact_index(raw, fact_id)]
    return fact


def _problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        validate_dataset(raw, Path("facts.json"))
    return list(caught.value.details)


def _set(fact_id: str, *keys: str, to: Any) -> Breaker:
    def breaker(raw: dict[str, Any]) -> None:
        target = _fact(raw, fact_id)
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = to

    return breaker


def _duplicate_fact_id(raw: dict[str, Any]) -> None:
    raw["facts"][1]["id"] = raw["facts"][0]["id"]


def _duplicate_source(raw: dict[str, Any]) -> None:
    raw["sources"].append(dict(raw["sources"][0]))


CASES: list[tuple[str, Breaker, str, str]] = [
    ("unknown fact field", _set(MONEY, "valu", to=1), ".valu", "unknown field"),
    (
        "unknown source field",
        lambda raw: raw["sources"][0].update(author="x"),
        "sources[0].author",
        "unknown field",
    ),
    ("bad fact id", _set(MONEY, "id", to="F7 Award"), ".id", "pattern"),
    ("duplicate fact id", _duplicate_fact_id, "facts[1].id", "duplicate fact id"),
    ("duplicate source id", _duplicate_source, "sources[1].id", "duplicate source id"),
    ("unknown kind", _set(MONEY, "kind", to="number"), ".kind", "statistic"),
    (
        "kind and value disagree",
        _set(MONEY, "kind", to="date"),
        "acf-case-management-awards-2022",
        "cannot hold a money value",
    ),
    ("float amount", _set(MONEY, "value", "amount", to=8500000.5), ".value.amount", "string"),
    ("negative amount", _set(MONEY, "value", "amount", to="-5"), ".value.amount", "non-negative"),
    ("bad currency", _set(MONEY, "value", "currency", to="usd"), ".value.currency", "pattern"),
    ("unknown value shape", _set(MONEY, "value", to={"sum": "1"}), ".value", "shapes"),
    ("unknown value field", _set(MONEY, "value", "cents", to="1"), ".value.cents", "unknown field"),
    ("ratio above one", _set(RATIO, "value", "numerator", to=4), ".value", "larger than"),
    ("zero denominator", _set(RATIO, "value", "denominator", to=0), ".value.denominator", "1"),
    (
        "impossible date",
        _set(DATE, "value", "date", to="2023-02-30"),
        ".value.date",
        "real calendar date",
    ),
    ("date not ISO", _set(DATE, "value", "date", to="March 2023"), ".value.date", "pattern"),
    ("bad when", _set(MONEY, "when", to="2022-13"), ".when", "real calendar date"),
    ("bad qualifier", _set(RATIO, "qualifier", to="over"), ".qualifier", "approximately"),
    ("empty statement", _set(MONEY, "statement", to="  "), ".statement", "pattern"),
    (
        "unknown source reference",
        _set(MONEY, "source", "id", to="nowhere"),
        ".source.id",
        "no source with id 'nowhere'",
    ),
    (
        "unknown related fact",
        _set(MONEY, "related", to=["nothing-here"]),
        ".related[0]",
        "no fact with id 'nothing-here'",
    ),
    ("self-related", _set(MONEY, "related", to=[MONEY]), ".related[0]", "itself"),
    ("start after end", _set(MONEY, "source", "start", to=9999), ".source", "smaller than end"),
    ("negative offset", _set(MONEY, "source", "start", to=-1), ".source.start", "0"),
    (
        "absolute source file",
        lambda raw: raw["sources"][0].update(file="/etc/passwd"),
        "sources[0].file",
        "not absolute: '/etc/passwd'",
    ),
    (
        "source file escaping",
        lambda raw: raw["sources"][0].update(file="../secret.txt"),
        "sources[0].file",
        "inside the dataset's folder",
    ),
    (
        "bad hash",
        lambda raw: raw["sources"][0].update(sha256="abc"),
        "sources[0].sha256",
        "pattern",
    ),
    (
        "unsupported schema version",
        lambda raw: raw.update(schema_version="2.0"),
        "schema_version",
        "not supported",
    ),
    ("missing facts", lambda raw: raw.pop("facts"), "facts", "required"),
]


@pytest.mark.parametrize(("name", "breaker", "where", "says"), CASES, ids=[c[0] for c in CASES])
def test_rule(
    shipped_raw: dict[str, Any], name: str, breaker: Breaker, where: str, says: str
) -> None:
    """Each broken rule is reported with the JSON path of the field and what is wrong."""
    breaker(shipped_raw)
    problems = _problems(shipped_raw)
    assert any(where in line and says in line for line in problems), problems


def test_problem_names_fact_id(shipped_raw: dict[str, Any]) -> None:
    """A problem inside a fact says which fact, by index and by id."""
    index = fact_index(shipped_raw, MONEY)
    _fact(shipped_raw, MONEY)["value"]["amount"] = 1
    assert _problems(shipped_raw) == [
        f"facts[{index}].value.amount (fact '{MONEY}'): must be a string of decimal digits "
        'such as "8500000" or "8.5"'
    ]


def test_shipped_dataset_is_valid(shipped_raw: dict[str, Any]) -> None:
    """The shipped dataset passes every rule and round-trips through the models."""
    dataset = Dataset.model_validate(shipped_raw)
    again = Dataset.model_validate_json(dataset.model_dump_json(exclude_defaults=True))
    assert again == dataset


def test_amounts_stay_strings(shipped_raw: dict[str, Any]) -> None:
    """Dumped to JSON, amounts are decimal strings: no float rounding on the way out."""
    dataset = Dataset.model_validate(shipped_raw)
    dumped = dataset.model_dump(mode="json")
    money = next(f for f in dumped["facts"] if f["id"] == MONEY)
    assert money["value"] == {"amount": "8500000", "currency": "USD"}


class TestFactValues:
    def test_display_and_machine(self, shipped_raw: dict[str, Any]) -> None:
        """A fact says its value for people and for machines."""
        facts = {f.id: f for f in Dataset.model_validate(shipped_raw).facts}
        assert facts[RATIO].display() == "over 1 in 3 (≈ 33%)"
        assert facts[RATIO].machine_value() == "1/3"
        assert facts["arp-domestic-violence-funding-2021"].display() == (
            "approximately $1,000,000,000"
        )
        assert facts["arp-domestic-violence-funding-2021"].machine_value() == "1000000000"
        assert facts[DATE].display() == "March 2023"
        assert facts[DATE].machine_value() == "2023-03"
