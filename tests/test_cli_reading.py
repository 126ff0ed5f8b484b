"""The reading commands through Typer's CliRunner: every command, every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.model.records import FLAT_COLUMNS
from factcli.model.schema import Dataset
from factcli.render import OutputFormat
from tests.conftest import COMMANDS, SHIPPED, WriteDataset, fact_index

runner = CliRunner()
Golden = Callable[[str, str], None]
MONEY = "acf-case-management-awards-2022"
WOMEN = "us-women-violence-lifetime-ratio"


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env=env)


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return str(result.stdout)


READING = [
    ("stats",),
    ("money",),
    ("dates",),
    ("list",),
    ("sources",),
    ("show", WOMEN, MONEY),
    ("search", "ACF"),
    ("timeline",),
    ("ask", "How much did ACF award in October 2022?", "--top", "2"),
]


class TestGolden:
    """The shipped dataset's output, byte for byte (update with pytest --update-golden)."""

    @pytest.mark.parametrize("fmt", ["plain", "json", "table"])
    @pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
    def test_reading(self, command: tuple[str, ...], fmt: str, golden: Golden) -> None:
        golden(f"{command[0]}.{fmt}", ok(*command, "-f", fmt))

    @pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown"])
    def test_export(self, fmt: str, golden: Golden) -> None:
        golden(f"export.{fmt}", ok("export", "-f", fmt))


class TestEveryFormat:
    """Every reading command accepts every output format, and each format parses."""

    @pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
    @pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
    def test_format(self, command: tuple[str, ...], fmt: OutputFormat) -> None:
        output = ok(*command, "-f", fmt.value)
        assert output.endswith("\n")
        if fmt is OutputFormat.JSON:
            assert isinstance(json.loads(output), list)
        elif fmt is OutputFormat.JSONL:
            assert all(isinstance(json.loads(line), dict) for line in output.splitlines())
        elif fmt is OutputFormat.CSV:
            rows = list(csv.reader(io.StringIO(output)))
            assert len({len(row) for row in rows}) == 1
        elif fmt is OutputFormat.MARKDOWN:
            assert output.startswith("| ") and output.splitlines()[1].startswith("|---")
        elif fmt is OutputFormat.PLAIN:
            assert "\x1b" not in output and "─" not in output

    def test_default_when_piped_is_plain(self) -> None:
        """Without -f, output that is not a terminal is plain TSV."""
        assert ok("stats") == ok("stats", "-f", "plain")

    def test_bad_format(self) -> None:
        """An unknown format is a usage error naming the accepted ones."""
        result = invoke("stats", "-f", "xml")
        assert result.exit_code == 2
        assert result.stdout == ""
        first = result.stderr.splitlines()[0]
        assert first.startswith("factcli: error: Invalid value for '--format'") and "plain" in first


class TestListings:
    def test_plain_columns(self) -> None:
        """plain: id, kind, machine value, statement, source id, tab-separated, no header."""
        lines = ok("money", "-f", "plain").splitlines()
        assert [line.split("\t")[:3] for line in lines] == [
            ["arp-domestic-violence-funding-2021", "money", "1000000000"],
            [MONEY, "money", "8500000"],
        ]
        assert all(len(line.split("\t")) == 5 for line in lines)

    def test_kinds(self) -> None:
        """stats, money and dates hold only their kind; list holds all 10."""
        kinds = {
            cmd: {line.split("\t")[1] for line in ok(cmd).splitlines()}
            for cmd in ("stats", "money", "dates")
        }
        assert kinds == {"stats": {"statistic"}, "money": {"money"}, "dates": {"date"}}
        assert len(ok("list").splitlines()) == 10
        assert len(ok("list", "--kind", "money").splitlines()) == 2

    def test_dates_chronological(self) -> None:
        """Dates come earliest first, whatever their precision."""
        values = [line.split("\t")[2] for line in ok("dates").splitlines()]
        assert values == ["2021", "2022-10", "2023-03", "2023-04-26"]

    def test_json_objects(self) -> None:
        """json: value for machines beside display for people, source metadata embedded."""
        facts = json.loads(ok("money", "-f", "json"))
        award = next(f for f in facts if f["id"] == MONEY)
        assert award["value"] == "8500000" and award["display"] == "$8,500,000"
        assert award["value_detail"] == {"amount": "8500000", "currency": "USD"}
        assert award["source"]["url"].startswith("https://www.acf.hhs.gov/")
        assert award["source"]["quote"].startswith("In October 2022, ACF awarded $8.5 million")

    def test_table_fits_80_columns(self) -> None:
        """Tables stay within the terminal width (COLUMNS) and show every fact's id."""
        result = invoke("stats", "-f", "table", env={"COLUMNS": "80"})
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        assert "us-women-violence-lifetime-ratio" in result.stdout
        assert "4 facts of 10 · from 1 document" in result.stdout

    def test_table_names_dataset_and_sources(self) -> None:
        """A table's title names the dataset; its caption the documents."""
        output = ok("dates", "-f", "table")
        assert "Dates · HHS on human trafficking and domestic violence (April 2023)" in output
        assert "[1] HHS Convenes Organizations" in output

    def test_tabs_and_newlines_are_flattened(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Tabs and line breaks inside a field cannot break the TSV layout."""
        shipped_raw["facts"][0]["statement"] = "first\tsecond\nthird"
        output = ok("list", "--data", str(write_dataset(shipped_raw)))
        assert output.splitlines()[0].split("\t")[3] == "first second third"


class TestShow:
    def test_plain_fields(self) -> None:
        """show -f plain prints field<TAB>value lines of the fact in full."""
        fields = dict(line.split("\t", 1) for line in ok("show", MONEY).splitlines())
        assert fields["value"] == "8500000" and fields["display"] == "$8,500,000"
        assert fields["start"] == "3502" and fields["end"] == "3870"
        assert fields["source_url"].startswith("https://")

    def test_table_in_full(self) -> None:
        """The table shows statement, both value forms, quote, document and offsets."""
        output = ok("show", WOMEN, "-f", "table")
        for expected in (
            "over 1 in 3 (≈ 33%)",
            "machine: 1/3",
            "National Domestic Violence",
            "2510-2709",
            "us-men-violence-lifetime-ratio",
            "Published",
        ):
            assert expected in output

    def test_unknown_id(self) -> None:
        """An unknown id: exit 1, nothing on stdout, the closest ids suggested."""
        result = invoke("show", "acf-award")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith(
            "factcli: error: no fact 'acf-award' (did you mean 'acf-case-management-awards-"
        )


class TestGet:
    @pytest.mark.parametrize(
        ("field", "expected"),
        [
            ("value", "8500000"),
            ("display", "$8,500,000"),
            ("text", "$8.5 million"),
            ("kind", "money"),
            ("qualifier", "exact"),
            ("when", "2022-10"),
            ("source_id", "hhs-survivors-roundtable-2023"),
            (
                "source_url",
                "https://www.acf.hhs.gov/otip/news/hhs-convenes-organizations-"
                "supporting-survivors-human-trafficking-and-domestic-violence",
            ),
        ],
    )
    def test_bare_value(self, field: str, expected: str) -> None:
        """get prints the bare field and one newline, nothing else."""
        assert ok("get", MONEY, "--field", field) == expected + "\n"

    def test_default_field_is_value(self) -> None:
        """Without --field, get prints the machine value."""
        assert ok("get", WOMEN) == "1/3\n"

    def test_attributed_to(self) -> None:
        """get can print who the document credits."""
        assert (
            ok("get", WOMEN, "--field", "attributed_to") == "National Domestic Violence Hotline\n"
        )

    def test_unknown_field(self) -> None:
        """An unknown field is a usage error that lists the valid fields."""
        result = invoke("get", MONEY, "--field", "amount")
        assert result.exit_code == 2
        assert result.stderr.splitlines()[0] == "factcli: error: unknown field 'amount'"
        assert "id, kind, value, display, number" in result.stderr.splitlines()[1]

    def test_every_flat_column_is_a_field(self) -> None:
        """get reads the same columns csv and --fields name, numbers and dates included."""
        assert ok("get", MONEY, "--field", "number") == "8500000\n"
        assert ok("get", MONEY, "--field", "currency") == "USD\n"
        assert ok("get", WOMEN, "--field", "number").startswith("0.333")

    def test_absent_field(self) -> None:
        """A field the fact does not have: exit 1 and nothing on stdout."""
        result = invoke("get", MONEY, "--field", "note")
        assert result.exit_code == 1 and result.stdout == ""

    def test_unknown_id(self) -> None:
        """An unknown id: exit 1."""
        assert invoke("get", "nope").exit_code == 1


class TestSearch:
    def ids(self, *args: str) -> list[str]:
        return [line.split("\t")[0] for line in ok("search", *args).splitlines()]

    def test_every_word_must_occur(self) -> None:
        """Only facts holding all the words match."""
        assert self.ids("case", "management", "awards") == [
            "acf-case-management-awards-date",
            MONEY,
            "acf-case-management-grantees-2022",
        ]

    def test_acronym_and_long_form(self) -> None:
        """An acronym finds what its long form finds, and the other way round."""
        assert self.ids("OTIP") == self.ids("Office", "on", "Trafficking", "in", "Persons")
        assert self.ids("arp") == self.ids("American Rescue Plan")
        assert self.ids("ACF") == self.ids("administration for children and families")

    def test_word_forms(self) -> None:
        """Case does not matter, and a longer word's start finds its forms."""
        assert self.ids("AWARD") == self.ids("awarded")

    def test_whole_words(self) -> None:
        """A short word matches whole words only: "men" does not find "women" by itself."""
        assert self.ids("men", "--kind", "statistic")[0] == "us-men-violence-lifetime-ratio"

    def test_best_first(self) -> None:
        """Facts about the words (tags, subject) come before facts that only quote them."""
        assert self.ids("women")[0] == WOMEN

    def test_kind_narrows(self) -> None:
        """--kind keeps only facts of that kind."""
        assert self.ids("ACF", "--kind", "money") == [MONEY]

    def test_no_match(self) -> None:
        """No match: exit 1, nothing on stdout, a hint on stderr."""
        result = invoke("search", "unicorns")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            "factcli: error: no fact matches 'unicorns'",
            "hint: try fewer or other words, or 'factcli list' to see every fact",
        ]


class TestSources:
    def test_plain(self) -> None:
        """sources: id, published, fact count, file status, url, title."""
        fields = ok("sources").rstrip("\n").split("\t")
        assert fields[:4] == ["hhs-survivors-roundtable-2023", "2023-04-28", "10", "ok"]

    @pytest.mark.parametrize(("change", "status"), [("edit", "changed"), ("delete", "missing")])
    def test_file_status(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any], change: str, status: str
    ) -> None:
        """A source file that changed or went missing is flagged."""
        path = write_dataset(shipped_raw)
        source_file = path.parent / shipped_raw["sources"][0]["file"]
        if change == "edit":
            source_file.write_text("changed", encoding="utf-8")
        else:
            source_file.unlink()
        assert ok("sources", "--data", str(path)).split("\t")[3] == status


class TestExport:
    def test_json_round_trips(self) -> None:
        """export -f json is the dataset file's own shape and validates again."""
        exported = json.loads(ok("export"))
        original = Dataset.model_validate_json(SHIPPED.read_text(encoding="utf-8"))
        assert Dataset.model_validate(exported) == original

    def test_csv_columns(self) -> None:
        """csv has the documented header and one row per fact."""
        rows = list(csv.DictReader(io.StringIO(ok("export", "-f", "csv"))))
        assert tuple(rows[0]) == FLAT_COLUMNS and len(rows) == 10
        award = next(row for row in rows if row["id"] == MONEY)
        assert award["value"] == "8500000" and award["source_id"] == "hhs-survivors-roundtable-2023"

    def test_output_file(self, tmp_path: Path) -> None:
        """-o writes the file and prints nothing."""
        target = tmp_path / "facts.csv"
        assert ok("export", "-f", "csv", "-o", str(target)) == ""
        assert target.read_text(encoding="utf-8") == ok("export", "-f", "csv")

    def test_failed_export_keeps_old_file(
        self, tmp_path: Path, write_dataset: WriteDataset
    ) -> None:
        """When the export fails, the existing file is untouched and no temporary is left."""
        target = tmp_path / "out.json"
        target.write_text("old", encoding="utf-8")
        broken = write_dataset(None, text="{")
        result = invoke("export", "-o", str(target), "--data", str(broken))
        assert result.exit_code == 2
        assert target.read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "out.json"]

    def test_failed_rename_keeps_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure at the last step (the rename) leaves the old file and no temporary."""
        target = tmp_path / "out.json"
        target.write_text("old", encoding="utf-8")

        def refuse(src: str, dst: str) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("os.replace", refuse)
        result = invoke("export", "-o", str(target))
        assert result.exit_code == 2
        assert result.stderr == f"factcli: error: cannot write {target}: No space left on device\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
        assert target.read_text(encoding="utf-8") == "old"

    def test_missing_folder(self, tmp_path: Path) -> None:
        """Writing into a folder that does not exist is one error line, exit 2."""
        result = invoke("export", "-o", str(tmp_path / "no" / "out.json"))
        assert result.exit_code == 2
        assert result.stderr.startswith("factcli: error: cannot write ")

    def test_table_is_not_an_export_format(self) -> None:
        """export takes json, jsonl, csv and markdown only."""
        assert invoke("export", "-f", "table").exit_code == 2


class TestEscaping:
    def test_markup_prints_literally(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Dataset text with rich markup prints as written, in tables and detail panels."""
        index = fact_index(shipped_raw, WOMEN)
        shipped_raw["facts"][index]["statement"] = "[red]Alarm[/red] [bold]x[/]"
        shipped_raw["facts"][index]["population"] = "[link=http://x]w[/link]"
        path = str(write_dataset(shipped_raw))
        for command in (("stats",), ("show", WOMEN)):
            result = invoke(*command, "-f", "table", "--data", path, env={"COLUMNS": "200"})
            assert "[red]Alarm[/red] [bold]x[/]" in result.stdout
            assert "[link=http://x]w[/link]" in result.stdout

    def test_markdown_pipes_escaped(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A pipe in a statement cannot split a markdown cell."""
        shipped_raw["facts"][0]["statement"] = "a | b"
        output = ok("list", "-f", "markdown", "--data", str(write_dataset(shipped_raw)))
        assert "a \\| b" in output


class TestHelp:
    @pytest.mark.parametrize("command", COMMANDS)
    def test_help_has_example(self, command: str) -> None:
        """Every command has -h with a one-line description and an example."""
        output = ok(command, "-h")
        assert f"factcli {command}" in output.split("Example: ", 1)[1]
        assert output.startswith(f"Usage: factcli {command}")
