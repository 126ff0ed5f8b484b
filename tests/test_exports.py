"""export -f sqlite (opened with sqlite-utils) and -f datapackage (checked by frictionless)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils
from frictionless import validate
from typer.testing import CliRunner

from factcli.cli import app
from factcli.model.records import FLAT_COLUMNS
from tests.conftest import SOURCE_ID, WriteDataset

runner = CliRunner()
MONEY = "acf-case-management-awards-2022"


def export(*args: str) -> None:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


class TestSqlite:
    def test_tables_keys_and_types(self, tmp_path: Path) -> None:
        """facts (flat columns, number REAL) and sources, joined by a foreign key."""
        db_path = tmp_path / "facts.db"
        export("-f", "sqlite", "-o", str(db_path))
        db = sqlite_utils.Database(db_path)
        assert set(db.table_names()) >= {"facts", "sources", "facts_fts"}
        facts = db["facts"]
        assert isinstance(facts, sqlite_utils.db.Table)
        assert [column.name for column in facts.columns] == list(FLAT_COLUMNS)
        assert facts.pks == ["id"] and db["sources"].pks == ["id"]
        (key,) = facts.foreign_keys
        assert (key.column, key.other_table, key.other_column) == ("source_id", "sources", "id")
        assert facts.columns_dict["number"] is float
        row = facts.get(MONEY)
        assert (row["number"], row["currency"], row["source_id"]) == (8500000.0, "USD", SOURCE_ID)
        # Numbers compare as numbers: $1B is above 5M, as a string it was not.
        big = db.execute("SELECT id FROM facts WHERE number > 5000000 ORDER BY number").fetchall()
        assert [r[0] for r in big] == [MONEY, "arp-domestic-violence-funding-2021"]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    def test_full_text_search(self, tmp_path: Path) -> None:
        """sqlite-utils (and so datasette) finds facts_fts and searches with it."""
        db_path = tmp_path / "facts.db"
        export("-f", "sqlite", "-o", str(db_path))
        facts = sqlite_utils.Database(db_path)["facts"]
        assert isinstance(facts, sqlite_utils.db.Table)
        assert facts.detect_fts() == "facts_fts"
        assert MONEY in [row["id"] for row in facts.search("case management")]

    def test_filters_and_replace(self, tmp_path: Path) -> None:
        """Filters narrow the export; a second export replaces the file whole."""
        db_path = tmp_path / "facts.db"
        export("-f", "sqlite", "-o", str(db_path))
        export("-f", "sqlite", "-o", str(db_path), "--min", "5M", "--currency", "USD")
        with sqlite3.connect(db_path) as db:
            assert db.execute("SELECT count(*) FROM facts").fetchone() == (2,)
        assert [p.name for p in tmp_path.iterdir()] == ["facts.db"]

    def test_folder_refused(self, tmp_path: Path) -> None:
        """-o naming a folder is an error, and nothing is left behind."""
        result = runner.invoke(app, ["export", "-f", "sqlite", "-o", str(tmp_path)])
        assert result.exit_code == 2
        assert "it is a folder" in result.stderr
        assert list(tmp_path.iterdir()) == []


class TestDatapackage:
    def test_frictionless_validates(self, tmp_path: Path) -> None:
        """frictionless validate accepts the package: types, primary and foreign keys."""
        folder = tmp_path / "package"
        export("-f", "datapackage", "-o", str(folder))
        assert sorted(p.name for p in folder.iterdir()) == [
            "datapackage.json", "facts.csv", "sources.csv"
        ]  # fmt: skip
        report = validate(folder / "datapackage.json")
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        facts = package["resources"][0]["schema"]
        types = {field["name"]: field["type"] for field in facts["fields"]}
        assert (types["number"], types["start"], types["date_start"]) == (
            "number",
            "integer",
            "date",
        )
        assert facts["primaryKey"] == ["id"]
        assert facts["foreignKeys"][0]["reference"] == {"resource": "sources", "fields": ["id"]}

    def test_broken_reference_is_caught(
        self, tmp_path: Path, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """The foreign key is real: a facts row citing a missing source fails validation."""
        folder = tmp_path / "package"
        export("-f", "datapackage", "-o", str(folder), "--data", str(write_dataset(shipped_raw)))
        sources = folder / "sources.csv"
        header = sources.read_text(encoding="utf-8").splitlines()[0]
        sources.write_text(header + "\n", encoding="utf-8")
        assert not validate(folder / "datapackage.json").valid

    def test_file_in_the_way(self, tmp_path: Path) -> None:
        """-o naming a file is an error."""
        target = tmp_path / "taken"
        target.write_text("x", encoding="utf-8")
        result = runner.invoke(app, ["export", "-f", "datapackage", "-o", str(target)])
        assert result.exit_code == 2
        assert "not a folder" in result.stderr
