"""Finding and loading a dataset: every way it can be unusable ends in one clear error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import factcli.inputs
from factcli.cli.settings import DATA_ENV, read_settings
from factcli.errors import DatasetError
from factcli.model.dataset import bundled_dataset_path, load_dataset
from tests.conftest import SHIPPED, WriteDataset


class TestLocate:
    def test_option_wins(self, tmp_path: Path) -> None:
        """--data is used even when the environment names another file."""
        chosen = tmp_path / "mine.json"
        assert read_settings({DATA_ENV: "/elsewhere.json"}).dataset(chosen) == chosen

    def test_environment_next(self) -> None:
        """Without --data, FACTCLI_DATA names the dataset."""
        found = read_settings({DATA_ENV: "/x/facts.json"}).dataset(None)
        assert found == Path("/x/facts.json")

    def test_bundled_last(self) -> None:
        """Without either, the bundled dataset is used."""
        assert read_settings({}).dataset(None) == bundled_dataset_path()
        assert bundled_dataset_path().read_bytes() == SHIPPED.read_bytes()

    def test_writing_commands_default_to_the_current_folder(self) -> None:
        """A command that writes changes --data, else FACTCLI_DATA, else ./facts.json
        (never the bundled dataset, which is not the user's)."""
        assert read_settings({DATA_ENV: "/x/facts.json"}).dataset_to_change(None) == Path(
            "/x/facts.json"
        )
        assert read_settings({}).dataset_to_change(None) == Path("facts.json")


class TestLoadErrors:
    def _error(self, path: Path) -> DatasetError:
        with pytest.raises(DatasetError) as caught:
            load_dataset(path)
        return caught.value

    def test_missing(self, tmp_path: Path) -> None:
        """A file that is not there is named, with where to point instead."""
        from factcli.cli.options import worded

        error = self._error(tmp_path / "nope.json")
        assert error.message == f"dataset not found: {tmp_path / 'nope.json'}"
        assert DATA_ENV in (worded(error)[1] or "")

    def test_directory(self, tmp_path: Path) -> None:
        """A directory is not a dataset."""
        assert "is a directory" in self._error(tmp_path).message

    def test_unreadable(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """An OS error while reading (here: no permission) becomes one message."""
        path = tmp_path / "facts.json"
        path.write_text("{}")

        def refuse(path: Path) -> bytes:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(factcli.inputs, "read_input", refuse)
        assert self._error(path).message == f"cannot read dataset {path}: Permission denied"

    def test_not_utf8(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 are located."""
        path = tmp_path / "facts.json"
        path.write_bytes(b'{"a": "\xff"}')
        assert "not UTF-8 text (byte 0xff at offset 7)" in self._error(path).message

    def test_empty(self, tmp_path: Path) -> None:
        """An empty (or blank) file says it is empty, not that JSON failed."""
        path = tmp_path / "facts.json"
        path.write_text(" \n")
        assert self._error(path).message.endswith("is empty")

    def test_invalid_json(self, tmp_path: Path) -> None:
        """A JSON syntax error gives its line and column."""
        path = tmp_path / "facts.json"
        path.write_text('{\n  "schema_version": "1.0",\n  "sources": [}\n')
        message = self._error(path).message
        assert "is not valid JSON" in message and "line 3, column 15" in message

    def test_not_an_object(self, write_dataset: WriteDataset) -> None:
        """JSON of the wrong shape is a schema error at the top level."""
        error = self._error(write_dataset([1, 2]))
        assert error.details and error.details[0].startswith("(top level)")

    def test_many_problems_are_capped(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """At most ten problems are listed, then how many more there are."""
        for fact in shipped_raw["facts"]:
            fact["statement"] = ""
            fact["text"] = ""
        error = self._error(write_dataset(shipped_raw))
        assert "(20 problems)" in error.message
        assert len(error.details) == 11 and error.details[-1] == "and 10 more"

    def test_byte_order_mark_is_accepted(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A UTF-8 byte order mark (as some editors write) does not break loading."""
        path = write_dataset(None, text="\ufeff" + json.dumps(shipped_raw))
        assert len(load_dataset(path).dataset.facts) == len(shipped_raw["facts"])
