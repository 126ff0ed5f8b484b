"""Saving a dataset: the file's own layout, byte for byte, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcli.authoring.save import dataset_json, save_dataset
from factcli.errors import FactcliError
from factcli.model.schema import Dataset, Source
from tests.conftest import SHIPPED


def shipped() -> Dataset:
    return Dataset.model_validate_json(SHIPPED.read_text(encoding="utf-8"))


class TestDatasetJson:
    def test_shipped_round_trip_is_byte_identical(self) -> None:
        """Loading and saving the shipped dataset gives back its exact bytes."""
        assert dataset_json(shipped()).encode("utf-8") == SHIPPED.read_bytes()

    def test_ascii_escapes_on_request(self) -> None:
        """ensure_ascii writes the curly apostrophes of the quotes as \\u escapes."""
        text = dataset_json(shipped(), ensure_ascii=True)
        assert text.isascii() and "\\u2019" in text
        assert json.loads(text) == json.loads(SHIPPED.read_text(encoding="utf-8"))

    def test_new_source_written_whole(self) -> None:
        """A source built in code is written with every field it was given."""
        source = Source(
            id="new", title="T", publisher="P", published="2024-01-02",
            url="https://example.org/", file="sources/new.txt", sha256="0" * 64, rights="R",
        )  # fmt: skip
        dataset = Dataset(schema_version="1.0", sources=[source], facts=[])
        written = json.loads(dataset_json(dataset))["sources"][0]
        assert written == source.model_dump(exclude_unset=True)


class TestSaveDataset:
    def test_keeps_escapes_of_the_replaced_file(self, tmp_path: Path) -> None:
        """A file that escaped non-ASCII characters keeps doing so."""
        path = tmp_path / "facts.json"
        path.write_text(dataset_json(shipped(), ensure_ascii=True), encoding="utf-8")
        save_dataset(path, shipped())
        assert path.read_text(encoding="utf-8").isascii()

    def test_writes_new_file_without_leftovers(self, tmp_path: Path) -> None:
        """A new file is the dataset's JSON, and no temporary file is left."""
        path = tmp_path / "facts.json"
        save_dataset(path, shipped())
        assert path.read_bytes() == SHIPPED.read_bytes()
        assert [p.name for p in tmp_path.iterdir()] == ["facts.json"]

    def test_unwritable_folder_is_an_error(self, tmp_path: Path) -> None:
        """A folder that does not exist: a FactcliError, not an OSError."""
        with pytest.raises(FactcliError, match="cannot write"):
            save_dataset(tmp_path / "missing" / "facts.json", shipped())
