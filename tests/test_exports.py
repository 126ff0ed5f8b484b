"""export -f sqlite (opened with sqlite-utils) and -f datapackage (checked by frictionless)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
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

    def test_lists_are_json_arrays(self, tmp_path: Path) -> None:
        """tags and related hold JSON arrays, as sqlite-utils writes a list and datasette
        facets one (`_facet_array`): SQLite's json_each reads each tag."""
        db_path = tmp_path / "facts.db"
        export("-f", "sqlite", "-o", str(db_path))
        with sqlite3.connect(db_path) as db:
            tags, related = db.execute(
                "SELECT tags, related FROM facts WHERE id = ?", (MONEY,)
            ).fetchone()
            each = db.execute(
                "SELECT t.value FROM facts, json_each(facts.tags) AS t WHERE facts.id = ?",
                (MONEY,),
            ).fetchall()
            empty = db.execute(
                "SELECT related FROM facts WHERE id = 'hhs-survivors-roundtable-date'"
            ).fetchone()
        assert json.loads(tags)[:2] == ["ACF", "Administration for Children and Families"]
        assert [row[0] for row in each] == json.loads(tags)
        assert json.loads(related) == [
            "acf-case-management-awards-date", "acf-case-management-grantees-2022"
        ]  # fmt: skip
        assert empty == ("[]",)

    def test_dates_are_iso_text_declared_as_dates(self, tmp_path: Path) -> None:
        """date_start and date_end are ISO days, declared DATE TEXT: text to SQLite (and
        sqlite-utils), dates to tools that read the declared type; a year stays text."""
        db_path = tmp_path / "facts.db"
        export("-f", "sqlite", "-o", str(db_path))
        facts = sqlite_utils.Database(db_path)["facts"]
        assert isinstance(facts, sqlite_utils.db.Table)
        declared = {column.name: column.type for column in facts.columns}
        assert declared["date_start"] == declared["date_end"] == "DATE TEXT"
        assert facts.columns_dict["date_start"] is str
        with sqlite3.connect(db_path) as db:
            row = db.execute(
                "SELECT date_start, typeof(date_start), date_end, [when], typeof([when]) "
                "FROM facts WHERE id = 'arp-domestic-violence-funding-2021'"
            ).fetchone()
            dated = db.execute(
                "SELECT count(*) FROM facts WHERE date_start BETWEEN '2022-01-01' AND '2022-12-31'"
            ).fetchone()
        assert row == ("2021-01-01", "text", "2021-12-31", "2021", "text")
        assert dated == (3,)  # the October 2022 awards: the date, the amount, the count

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


def frictionless_validate(path: Path) -> Any:
    """frictionless's report on a package (the test skips where frictionless is missing;
    the test extra installs it, so CI runs it)."""
    frictionless = pytest.importorskip("frictionless")
    return frictionless.validate(path)


class TestDatapackage:
    def test_frictionless_validates(self, tmp_path: Path) -> None:
        """frictionless validate accepts the package: types, primary and foreign keys."""
        validate = frictionless_validate
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
        assert (types["tags"], types["related"], types["source_published"]) == (
            "array", "array", "date"
        )  # fmt: skip
        sources = {f["name"]: f["type"] for f in package["resources"][1]["schema"]["fields"]}
        assert sources["published"] == "date"

    def test_frictionless_reads_typed_values(self, tmp_path: Path) -> None:
        """Read through frictionless, a tag list is a list, a date a date, a number a number."""
        frictionless = pytest.importorskip("frictionless")
        folder = tmp_path / "package"
        export("-f", "datapackage", "-o", str(folder))
        package = frictionless.Package(str(folder / "datapackage.json"))
        rows = {row["id"]: row for row in package.get_resource("facts").read_rows()}
        money = rows[MONEY]
        assert money["tags"][:2] == ["ACF", "Administration for Children and Families"]
        assert str(money["date_start"]) == "2022-10-01" and money["number"] == 8500000
        (source,) = package.get_resource("sources").read_rows()
        assert str(source["published"]) == "2023-04-28"

    def test_dates_at_their_own_precision(
        self, tmp_path: Path, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """A published date stated as a year alone is no date of Table Schema: the column
        is then a string of the dataset's date forms, and the package still validates."""
        shipped_raw["sources"][0]["published"] = "2023"
        folder = tmp_path / "package"
        export("-f", "datapackage", "-o", str(folder), "--data", str(write_dataset(shipped_raw)))
        report = frictionless_validate(folder / "datapackage.json")
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        facts, sources = (r["schema"]["fields"] for r in package["resources"])
        published = next(field for field in sources if field["name"] == "published")
        assert published["type"] == "string" and "pattern" in published["constraints"]
        when = next(field for field in facts if field["name"] == "when")
        assert when["type"] == "string"  # 2021, 2022-10: years and months

    def test_broken_reference_is_caught(
        self, tmp_path: Path, shipped_raw: dict[str, Any], write_dataset: WriteDataset
    ) -> None:
        """The foreign key is real: a facts row citing a missing source fails validation."""
        folder = tmp_path / "package"
        export("-f", "datapackage", "-o", str(folder), "--data", str(write_dataset(shipped_raw)))
        sources = folder / "sources.csv"
        header = sources.read_text(encoding="utf-8").splitlines()[0]
        sources.write_text(header + "\n", encoding="utf-8")
        assert not frictionless_validate(folder / "datapackage.json").valid

    def test_file_in_the_way(self, tmp_path: Path) -> None:
        """-o naming a file is an error."""
        target = tmp_path / "taken"
        target.write_text("x", encoding="utf-8")
        result = runner.invoke(app, ["export", "-f", "datapackage", "-o", str(target)])
        assert result.exit_code == 2
        assert "not a folder" in result.stderr
