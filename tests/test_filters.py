"""Filters on every listing command, and the timeline."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from factcli.cli import app
from factcli.model.schema import Dataset
from tests.conftest import WriteDataset, fact_index

runner = CliRunner()


def ids(*args: str) -> list[str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


class TestDateFilters:
    def test_since_keeps_overlapping_precision(self) -> None:
        """March 2023 overlaps --since 2023-03-15; the roundtable (April 26) is after it."""
        assert ids("dates", "--since", "2023-03-15") == [
            "ofvps-established-date",
            "hhs-survivors-roundtable-date",
        ]

    def test_until(self) -> None:
        """--until 2022 keeps what happened in 2022 or before."""
        assert ids("dates", "--until", "2022") == [
            "arp-domestic-violence-funding-date",
            "acf-case-management-awards-date",
        ]

    def test_when_counts_for_other_kinds(self) -> None:
        """Money and statistics are dated by their `when`; undated facts are left out."""
        assert ids("money", "--since", "2022-10") == ["acf-case-management-awards-2022"]
        assert ids("stats", "--since", "2021") == ["acf-case-management-grantees-2022"]

    def test_words_are_accepted(self) -> None:
        """A date may be written as people do: --since "October 2022"."""
        assert ids("money", "--since", "October 2022") == ids("money", "--since", "2022-10")

    def test_bad_date(self) -> None:
        """An unreadable date: exit 2, with an accepted example."""
        result = runner.invoke(app, ["list", "--since", "soon"])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            "factcli: error: --since: cannot read 'soon' as a date",
            "hint: use --since 2022, 2022-10 or 2022-10-15",
        ]


class TestAmountFilters:
    @pytest.mark.parametrize("minimum", ["1000000", "1M", "$8.5 million", "8,500,000"])
    def test_min_forms(self, minimum: str) -> None:
        """--min reads plain digits, scale letters, money words and separators."""
        assert ids("money", "--min", minimum) == [
            "arp-domestic-violence-funding-2021",
            "acf-case-management-awards-2022",
        ]

    def test_max(self) -> None:
        """--max keeps amounts at or below it."""
        assert ids("money", "--max", "$8.5 million") == ["acf-case-management-awards-2022"]

    def test_statistics(self) -> None:
        """Counts compare by their number, shares by their percent (1 in 3 is 33.3)."""
        assert ids("stats", "--min", "30", "--max", "35") == ["us-women-violence-lifetime-ratio"]
        assert ids("stats", "--max", "10") == ["acf-case-management-grantees-2022"]

    def test_bad_amount(self) -> None:
        """An unreadable amount: exit 2, with accepted examples."""
        result = runner.invoke(app, ["money", "--min", "a lot"])
        assert result.exit_code == 2
        assert "hint: use --min 1000000, 1M, '$8.5 million' or 2,500" in result.stderr


class TestOtherFilters:
    def test_tag_any_case(self) -> None:
        """--tag matches a whole tag, in any case."""
        assert ids("list", "--tag", "ofvps") == [
            "hhs-survivors-roundtable-date",
            "ofvps-established-date",
            "fvpsa-program-years",
        ]

    def test_attributed_to(self) -> None:
        """--attributed-to matches part of the name the document credits."""
        assert ids("list", "--attributed-to", "hotline") == [
            "us-women-violence-lifetime-ratio",
            "us-men-violence-lifetime-ratio",
        ]

    def test_source(self) -> None:
        """--source keeps one document's facts; an unknown id is a usage error."""
        assert len(ids("list", "--source", "hhs-survivors-roundtable-2023")) == 10
        result = runner.invoke(app, ["list", "--source", "nope"])
        assert result.exit_code == 2
        assert result.stderr.startswith("factcli: error: --source: no source 'nope'")

    def test_nothing_left(self) -> None:
        """Filters that keep nothing: exit 1, nothing on stdout."""
        result = runner.invoke(app, ["money", "--since", "2030"])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("factcli: error: no fact matches the filters")

    def test_search_filters(self) -> None:
        """search takes the same filters."""
        assert ids("search", "ACF", "--min", "1M") == ["acf-case-management-awards-2022"]


class TestExportFilters:
    def test_subset_still_validates(self) -> None:
        """A filtered JSON export is a valid dataset: links to left-out facts are dropped."""
        result = runner.invoke(app, ["export", "--since", "2022"])
        exported = json.loads(result.stdout)
        dataset = Dataset.model_validate(exported)
        assert [f.id for f in dataset.facts] == [
            "hhs-survivors-roundtable-date",
            "ofvps-established-date",
            "acf-case-management-awards-date",
            "acf-case-management-awards-2022",
            "acf-case-management-grantees-2022",
        ]
        assert all(r in {f.id for f in dataset.facts} for f in dataset.facts for r in f.related)

    def test_csv_subset(self) -> None:
        """Other export formats hold the kept facts only."""
        result = runner.invoke(app, ["export", "-f", "csv", "--tag", "women"])
        assert len(result.stdout.strip().splitlines()) == 2


class TestTimeline:
    def test_order_with_mixed_precision(self) -> None:
        """Year, month and day dates in time order; facts dated by `when` included."""
        result = runner.invoke(app, ["timeline"])
        dates = [line.split("\t")[0] for line in result.stdout.splitlines()]
        assert dates == ["2021", "2021", "2022-10", "2022-10", "2022-10", "2023-03", "2023-04-26"]
        assert result.stdout.splitlines()[0].split("\t")[1] == (
            "arp-domestic-violence-funding-date"
        )

    def test_year_precedes_its_months(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A year-only date sorts before the months of that year, a month before its days."""
        shipped_raw["facts"][fact_index(shipped_raw, "acf-case-management-awards-2022")]["when"] = (
            "2023"
        )
        path = str(write_dataset(shipped_raw))
        result = runner.invoke(app, ["timeline", "--data", path, "--since", "2023"])
        dates = [line.split("\t")[0] for line in result.stdout.splitlines()]
        assert dates == ["2023", "2023-03", "2023-04-26"]

    def test_table_groups_by_year(self) -> None:
        """In a table, each year heads its facts."""
        output = runner.invoke(app, ["timeline", "-f", "table"]).stdout
        assert output.index("├── 2021") < output.index("├── 2022") < output.index("└── 2023")
        assert output.index("├── 2022") < output.index("October 2022") < output.index("└── 2023")

    def test_json_has_date(self) -> None:
        """JSON timeline objects lead with the date they stand at."""
        objects = json.loads(runner.invoke(app, ["timeline", "-f", "json"]).stdout)
        assert list(objects[0])[:2] == ["date", "id"]

    def test_filters(self) -> None:
        """The timeline takes the filters too."""
        result = runner.invoke(app, ["timeline", "--min", "1M"])
        assert [line.split("\t")[1] for line in result.stdout.splitlines()] == [
            "arp-domestic-violence-funding-2021",
            "acf-case-management-awards-2022",
        ]
