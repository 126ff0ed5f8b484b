"""verify: every fact checked against the exact text of its source."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from factcli.language.readers import WORD_NUMBERS
from factcli.model.dataset import load_dataset
from factcli.model.provenance import verify_dataset
from tests.conftest import SHIPPED, SOURCE_ID, WriteDataset, fact_index

MONEY = "acf-case-management-awards-2022"


def _problems(path: Path) -> list[str]:
    return [str(problem) for problem in verify_dataset(load_dataset(path)).problems]


def test_shipped_dataset_is_clean() -> None:
    """The bundled dataset verifies with no problem at all."""
    report = verify_dataset(load_dataset(SHIPPED))
    assert report.ok, report.problems
    assert report.fact_count == 10 and report.unchecked_count == 0


def test_tampered_quote(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """A quote edited by hand no longer matches the text at its offsets."""
    source = shipped_raw["facts"][fact_index(shipped_raw, MONEY)]["source"]
    source["quote"] = source["quote"].replace("awarded", "granted")
    problems = _problems(write_dataset(shipped_raw))
    assert (
        f"{MONEY}: quote does not match source text at {source['start']}-{source['end']} "
        "(the quote does not occur in the source)" in problems
    )


def test_shifted_offsets(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """Offsets that drifted are reported with where the quote really is."""
    source = shipped_raw["facts"][fact_index(shipped_raw, MONEY)]["source"]
    start, end = source["start"], source["end"]
    source["start"], source["end"] = start + 3, end + 3
    assert _problems(write_dataset(shipped_raw)) == [
        f"{MONEY}: quote does not match source text at {start + 3}-{end + 3} "
        f"(the quote occurs at {start}-{end})"
    ]


def test_changed_amount(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """A stored value that differs from what the text says is caught."""
    shipped_raw["facts"][fact_index(shipped_raw, MONEY)]["value"]["amount"] = "850000"
    assert _problems(write_dataset(shipped_raw)) == [
        f"{MONEY}: value 850000 differs from 8500000, which the text '$8.5 million' says"
    ]


def test_changed_qualifier(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """Dropping the "over" of "over 1 in 3" is caught."""
    shipped_raw["facts"][fact_index(shipped_raw, "us-women-violence-lifetime-ratio")][
        "qualifier"
    ] = "exact"
    problems = _problems(write_dataset(shipped_raw))
    assert problems == [
        "us-women-violence-lifetime-ratio: qualifier 'exact' differs from 'more_than' "
        "('over' in the text 'over 1 in 3')"
    ]


def test_text_outside_quote(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """A value text that the quote does not contain is caught."""
    fact = shipped_raw["facts"][fact_index(shipped_raw, MONEY)]
    fact["text"] = "$8,500,000"
    assert f"{MONEY}: text '$8,500,000' does not occur in the quote" in _problems(
        write_dataset(shipped_raw)
    )


def test_unreadable_text(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """A value text that does not read as its kind is caught."""
    fact = shipped_raw["facts"][fact_index(shipped_raw, MONEY)]
    fact["text"] = "ACF awarded"
    problems = _problems(write_dataset(shipped_raw))
    assert any(p.startswith(f"{MONEY}: text cannot be read as a money") for p in problems)


def test_wrong_hash(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """A source file whose bytes changed fails its sha256; its facts are still checked."""
    path = write_dataset(shipped_raw)
    source_file = path.parent / shipped_raw["sources"][0]["file"]
    source_file.write_bytes(source_file.read_bytes() + b"\n")
    report = verify_dataset(load_dataset(path))
    assert [str(p) for p in report.problems][0].startswith(
        f"{SOURCE_ID}: source file sources/{SOURCE_ID}.txt has sha256 "
    )
    assert len(report.problems) == 1 and report.unchecked_count == 0


def test_missing_source_file(write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> None:
    """A missing source file is one problem; its facts are counted as not checked."""
    path = write_dataset(shipped_raw)
    (path.parent / shipped_raw["sources"][0]["file"]).unlink()
    report = verify_dataset(load_dataset(path))
    assert [str(p) for p in report.problems] == [
        f"{SOURCE_ID}: source file sources/{SOURCE_ID}.txt is missing"
    ]
    assert report.unchecked_count == 10


class TestShippedCoverage:
    """The shipped dataset holds every date, dollar figure and statistic of its source."""

    def _source_text(self) -> str:
        return (SHIPPED.parent / "sources" / f"{SOURCE_ID}.txt").read_text(encoding="utf-8")

    def _value_spans(self) -> list[tuple[int, int]]:
        dataset = load_dataset(SHIPPED).dataset
        spans = []
        for fact in dataset.facts:
            offset = fact.source.start + fact.source.quote.index(fact.text)
            spans.append((offset, offset + len(fact.text)))
        return spans

    def test_every_number_is_a_fact(self) -> None:
        """Each number written in the source lies inside the value text of some fact."""
        spans = self._value_spans()
        text = self._source_text()
        words = "|".join(WORD_NUMBERS)
        numbers = list(re.finditer(rf"\d+(?:[.,]\d+)*|\b(?:{words})\b", text, re.IGNORECASE))
        assert len(numbers) == 14
        uncovered = [
            text[m.start() : m.end() + 21]
            for m in numbers
            if not any(start <= m.start() and m.end() <= end for start, end in spans)
        ]
        # "these two public health issues" names domestic violence and human trafficking
        # again; it counts nothing the document measures, so it is not a statistic.
        assert uncovered == ["two public health issues"]

    def test_kinds_are_counted(self) -> None:
        """4 dates, 2 dollar figures and 4 statistics: none missing, none invented."""
        kinds = [fact.kind for fact in load_dataset(SHIPPED).dataset.facts]
        assert (kinds.count("date"), kinds.count("money"), kinds.count("statistic")) == (4, 2, 4)
