"""The JSON Schema says what JSON Schema can, and sources carry an optional accessed date."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.model.schema import Dataset, dataset_json_schema
from tests.conftest import WriteDataset, fact_index

runner = CliRunner()
MONEY = "acf-case-management-awards-2022"
DATE = "acf-case-management-awards-date"
RATIO = "us-women-violence-lifetime-ratio"


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(dataset_json_schema())


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field of every model: the dataset's and each definition's."""
    yield from (("Dataset." + name, prop) for name, prop in schema["properties"].items())
    for model, definition in schema["$defs"].items():
        for name, prop in definition.get("properties", {}).items():
            yield f"{model}.{name}", prop


class TestSchema:
    def test_every_field_is_described(self) -> None:
        """Each field of each model carries a description for editors to show."""
        undescribed = [name for name, prop in properties(dataset_json_schema())
                       if not prop.get("description")]  # fmt: skip
        assert undescribed == []

    @pytest.mark.parametrize(
        ("fact_id", "value"),
        [
            (DATE, {"amount": "5", "currency": "USD"}),
            (MONEY, {"date": "2022-10"}),
            (MONEY, {"numerator": 1, "denominator": 3}),
            (RATIO, {"amount": "5", "currency": "USD"}),
            (RATIO, {"date": "2021"}),
        ],
    )
    def test_value_shape_tied_to_kind(
        self, shipped_raw: dict[str, Any], fact_id: str, value: dict[str, Any]
    ) -> None:
        """A value the kind cannot hold fails the schema, as it fails the models."""
        raw = copy.deepcopy(shipped_raw)
        raw["facts"][fact_index(raw, fact_id)]["value"] = value
        assert list(validator().iter_errors(raw)), "schema accepted it"
        with pytest.raises(ValueError, match="cannot hold"):
            Dataset.model_validate(raw)

    def test_schema_key_allowed_and_kept(
        self, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """A dataset may name its schema for editors; the models, the schema and export keep it."""
        raw = {"$schema": "./facts.schema.json", **shipped_raw}
        validator().validate(raw)
        path = write_dataset(raw)
        result = runner.invoke(app, ["export", "-f", "json", "--data", str(path)])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["$schema"] == "./facts.schema.json"

    def test_patterns_for_dates_and_ids(self, shipped_raw: dict[str, Any]) -> None:
        """Dates and slugs are checked by pattern."""
        for change in ({"published": "28 April 2023"}, {"id": "Not A Slug"}):
            raw = copy.deepcopy(shipped_raw)
            raw["sources"][0].update(change)
            assert list(validator().iter_errors(raw)), change


class TestAccessed:
    def test_accessed_date_is_optional_and_checked(
        self, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """Schema 1.1 sources may say when they were read; a bad date is refused."""
        shipped_raw["sources"][0]["accessed"] = "2024-05-01"
        validator().validate(shipped_raw)
        path = write_dataset(shipped_raw)
        result = runner.invoke(app, ["show", MONEY, "-f", "json", "--data", str(path)])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)[0]["source"]["accessed"] == "2024-05-01"
        shipped_raw["sources"][0]["accessed"] = "yesterday"
        assert list(validator().iter_errors(shipped_raw))
        with pytest.raises(ValueError, match="accessed"):
            Dataset.model_validate(shipped_raw)
