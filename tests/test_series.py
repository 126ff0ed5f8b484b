"""`factcli series` and `Dataset.series`: the facts of one measure, unit by unit, ordered
by period or by value, with a bar chart in a table and plain rows for tools."""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factcli
from factcli.cli import app
from factcli.errors import UsageProblem
from factcli.model.series import SERIES_COLUMNS, series_unit
from factcli.render.table_format import bar
from tests.conftest import WriteDataset, fact_index

runner = CliRunner()
FUNDING = "acf-case-management-awards-2022"
BILLION = "arp-domestic-violence-funding-2021"
GRANTEES = "acf-case-management-grantees-2022"
WOMEN = "us-women-violence-lifetime-ratio"
MEN = "us-men-violence-lifetime-ratio"


def _frame(raw: dict[str, Any], fact_id: str, **frame: Any) -> dict[str, Any]:
    fact = raw["facts"][fact_index(raw, fact_id)]
    fact.update(frame)
    return fact


@pytest.fixture()
def series_data(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> Path:
    """The shipped dataset with frames: funding in USD over two periods (and the same
    October 2022 award stated twice, and in euros once), a count of grantees under the
    same measure, two lifetime shares by subject, and a dated fact of the measure."""
    raw = shipped_raw
    _frame(raw, BILLION, measure="domestic violence funding", subject="American Rescue Plan")
    award = _frame(raw, FUNDING, measure="domestic violence funding awarded", subject="ACF")
    again = copy.deepcopy(award)
    again["id"] = "acf-case-management-awards-2022-again"
    euros = copy.deepcopy(award)
    euros["id"] = "acf-case-management-awards-2022-euros"
    euros["value"] = {"amount": "8500000", "currency": "EUR"}
    raw["facts"] += [again, euros]
    _frame(raw, GRANTEES, measure="domestic violence funding recipients", subject="ACF")
    _frame(raw, WOMEN, measure="lifetime violence share", subject="women")
    _frame(raw, MEN, measure="lifetime violence share", subject="men")
    _frame(raw, "arp-domestic-violence-funding-date", measure="domestic violence funding")
    return write_dataset(raw)


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


class TestUnits:
    """Each value's number is counted in its own unit; a date has none."""

    @pytest.mark.parametrize(
        ("detail", "unit"),
        [
            ({"amount": "1", "currency": "NZD"}, "NZD"),
            ({"percent": "4.5"}, "percent"),
            ({"percent": "4.5", "change": "increase"}, "percent"),
            ({"percentage_points": "0.4"}, "percentage points"),
            ({"numerator": 1, "denominator": 3}, "ratio"),
            ({"amount": "38", "unit": "years"}, "years"),
            ({"amount": "178000", "per": "month"}, "count per month"),
            ({"date": "2021"}, None),
        ],
    )
    def test_unit(self, detail: dict[str, Any], unit: str | None) -> None:
        assert series_unit(detail) == unit

    def test_a_row_holds_the_columns_in_order(self, series_data: Path) -> None:
        with factcli.open_dataset(series_data) as dataset:
            (point,) = dataset.series("lifetime", subject="women")
        assert tuple(point.row()) == SERIES_COLUMNS
        assert tuple(point.to_json()) == SERIES_COLUMNS

    def test_bars_are_drawn_to_an_eighth(self) -> None:
        assert bar(1.0, 4) == "████"
        assert bar(0.5, 3) == "█▌"
        assert bar(0.001, 10) == "▏"
        assert bar(0.0, 10) == ""


class TestLibrary:
    """`Dataset.series` returns plain points, unit by unit, none of them summed."""

    def test_by_period_units_apart_earliest_first(self, series_data: Path) -> None:
        with factcli.open_dataset(series_data) as dataset:
            points = list(dataset.series("domestic violence funding"))
        assert [(p.unit, p.record.id, p.period) for p in points] == [
            ("EUR", "acf-case-management-awards-2022-euros", "2022-10"),
            ("USD", BILLION, "2021"),
            ("USD", FUNDING, "2022-10"),
            ("USD", "acf-case-management-awards-2022-again", "2022-10"),
            ("community-based organizations", GRANTEES, "2022-10"),
        ]
        assert points[1].number == Decimal("1000000000")
        assert isinstance(points[0], factcli.SeriesPoint)

    def test_words_match_as_search_matches_them(self, series_data: Path) -> None:
        """Any order, any case, a word's start ("RECIPIENT domestic" finds "domestic
        violence funding recipients"), in the measure only."""
        with factcli.open_dataset(series_data) as dataset:
            found = [p.record.id for p in dataset.series("RECIPIENT domestic")]
            assert found == [GRANTEES]
            assert list(dataset.series("violence share women")) == []  # subject is not measure

    def test_by_subject_largest_first_and_subject_words(self, series_data: Path) -> None:
        with factcli.open_dataset(series_data) as dataset:
            shares = [(p.subject, p.number) for p in dataset.series("lifetime", by="subject")]
            men = [p.record.id for p in dataset.series("lifetime", subject="MEN")]
        assert shares == [("women", Decimal(1) / 3), ("men", Decimal("0.25"))]
        assert men == [MEN]

    def test_nothing_matches_and_a_bad_order(self, series_data: Path) -> None:
        with factcli.open_dataset(series_data) as dataset:
            points = dataset.series("unicorns")
            assert not points.any() and list(points) == []
            assert list(dataset.series("  ")) == []
            with pytest.raises(UsageProblem):
                dataset.series("funding", by="size")  # type: ignore[arg-type]


class TestCommand:
    """`factcli series` in every format, and its exit codes."""

    def test_plain_rows(self, series_data: Path) -> None:
        out = ok("series", "domestic", "violence", "funding", "--data", str(series_data))
        rows = [line.split("\t") for line in out.splitlines()]
        assert [row[0] for row in rows] == [
            "EUR",
            "USD",
            "USD",
            "USD",
            "community-based organizations",
        ]
        assert rows[1] == [
            "USD", "American Rescue Plan", "2021", "1000000000", "1000000000",
            "approximately $1,000,000,000", "domestic violence funding", BILLION,
            "hhs-survivors-roundtable-2023",
        ]  # fmt: skip

    def test_csv_and_json(self, series_data: Path) -> None:
        args = ("series", "lifetime", "--by", "subject", "--data", str(series_data))
        table = list(csv.reader(io.StringIO(ok(*args, "-f", "csv"))))
        assert table[0] == list(SERIES_COLUMNS)
        assert [row[1] for row in table[1:]] == ["women", "men"]
        objects = json.loads(ok(*args, "-f", "json"))
        assert [o["number"] for o in objects] == [pytest.approx(1 / 3), 0.25]
        assert objects[1]["period"] is None and objects[1]["unit"] == "ratio"
        lines = ok(*args, "-f", "jsonl").splitlines()
        assert [json.loads(line) for line in lines] == objects

    def test_table_draws_a_chart_per_unit(self, series_data: Path) -> None:
        out = ok("series", "funding", "-f", "table", "--data", str(series_data))
        assert out.count("█") >= 3  # EUR's one bar, and USD's
        for unit in ("EUR", "USD", "community-based organizations"):
            assert f"\n{unit}" in out
        assert "in 3 units (each on its own scale)" in out

    def test_a_narrow_terminal_narrows_the_bars(self, series_data: Path) -> None:
        """At 80 columns every row keeps its fact id, and the bars are shorter."""
        args = ["series", "funding", "-f", "table", "--data", str(series_data)]
        wide = runner.invoke(app, args, env={"COLUMNS": "100"}).stdout
        narrow = runner.invoke(app, args, env={"COLUMNS": "80"}).stdout
        assert narrow.count("[1]") == wide.count("[1]") == 6  # five facts, and the caption
        longest = [max(line.count("█") for line in out.splitlines()) for out in (narrow, wide)]
        assert 4 <= longest[0] < longest[1] == 16

    def test_long_values_and_periods_are_never_cut(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Long measures, subjects and amounts at 80 columns: each value and period stands
        whole on its row's line (a value split over two lines reads as another number); the
        bars go when no room is left for them, and the header is whole."""
        raw = shipped_raw
        for n, (subject, amount) in enumerate((("New Zealand", "389145000000"),
                                               ("North Island", "303033000000"))):  # fmt: skip
            fact = _frame(raw, BILLION if n == 0 else FUNDING, subject=subject,
                          measure=f"GDP (gross domestic product) of {subject} as a whole",
                          when="2022-04/2023-03")  # fmt: skip
            fact["value"] = {"amount": amount, "currency": "NZD"}
        data = write_dataset(raw)
        args = ["series", "GDP", "--by", "subject", "-f", "table", "--data", str(data)]
        for columns in ("80", "100", "120"):
            out = runner.invoke(app, args, env={"COLUMNS": columns}).stdout
            assert "Value" in out and "2022-04/2023-03" in out, out
            for value in ("389,145,000,000 NZD", "303,033,000,000 NZD"):
                assert value in out, out
            assert "…" not in out and max(map(len, out.splitlines())) <= int(columns)

    def test_piped_output_has_no_chart(self, series_data: Path) -> None:
        assert "█" not in ok("series", "funding", "--data", str(series_data))

    def test_table_shows_the_first_rows_then_how_many_more(self, series_data: Path) -> None:
        out = ok("series", "funding", "-f", "table", "--limit", "2", "--data", str(series_data))
        assert "2 facts in 2 units" in out and "… and 3 more" in out

    def test_nothing_found(self, series_data: Path) -> None:
        result = invoke("series", "unicorns", "--data", str(series_data))
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith("factcli: error: no fact matches 'unicorns'")
        shaped = invoke("series", "unicorns", "-f", "json", "--data", str(series_data))
        assert (shaped.exit_code, shaped.stdout) == (1, "[]\n")

    def test_by_takes_period_or_subject(self, series_data: Path) -> None:
        result = invoke("series", "funding", "--by", "size", "--data", str(series_data))
        assert result.exit_code == 2
