"""Output streams, tables show their first rows, ids are guessed from the store, and the
first call builds the store."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import factcli.store.build
import factcli.store.cache
import factcli.store.store
from factcli.cli import app
from factcli.errors import NotFound
from factcli.exports.shapes import dumps
from factcli.render import OutputFormat, Terminal, text
from factcli.render.json_format import array
from factcli.store.store import Store
from tests.conftest import (
    SHIPPED,
    count_decoded,
    generate_dataset,
    index_path,
    listing_of,
    open_store,
)

runner = CliRunner()
FACTS = 600


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset of 600 facts from benchmarks/generate.py."""
    return generate_dataset(FACTS, tmp_path_factory.mktemp("generated"))


def lines(*args: str) -> list[str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


class TestStreaming:
    """Rows are written as they are read from the index, not once all are read."""

    @pytest.mark.parametrize("fmt", ["plain", "json", "jsonl", "csv", "markdown"])
    @pytest.mark.parametrize("command", ["list", "timeline", "search"])
    def test_first_rows_come_before_the_input_is_read(
        self, generated: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, command: str
    ) -> None:
        """The first chunk holding a fact is made after reading a batch of records, not
        all 600 of them."""
        monkeypatch.setattr(factcli.store.store, "_STREAM_BATCH", 10)
        catalog = open_store(generated)
        assert isinstance(catalog, Store)
        decoded = count_decoded(catalog)
        renderer = OutputFormat(fmt).renderer()
        if command == "list":
            listing = listing_of(catalog, catalog.of_kind(None))
            chunks = renderer.render_facts(listing, Terminal())
        elif command == "timeline":
            listing = listing_of(catalog, catalog.timeline())
            chunks = renderer.render_timeline(listing, Terminal())
        else:
            listing = listing_of(catalog, catalog.search("the"))
            chunks = renderer.render_facts(listing, Terminal())
        written = ""
        while not decoded or decoded[0].id not in written:
            written += next(chunks)
        assert 0 < len(decoded) <= 20
        rest = written + text(chunks)
        assert len(decoded) > 300  # the whole listing was still written, in the end
        assert rest.count(decoded[-1].id) >= 1

    @pytest.mark.parametrize(
        "objects",
        [
            [],
            [{"a": 1}],
            [{"a": [1, "x\ny"]}, 2, "three", {}, [], None, True, 1.5, "é\u2028"],
            [{"source": {"start": 3, "tags": [], "d": {"x": [[]], "y": {}}}, "n": None}],
        ],
    )
    def test_a_streamed_json_array_is_the_text_of_the_whole(self, objects: list[object]) -> None:
        """Element by element, the very text json.dumps gives for the whole list."""
        assert text(array(objects)) == dumps(objects)

    @given(st.lists(st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=10,
    ), max_size=4))  # fmt: skip
    def test_any_json_array_streams_as_dumps_writes_it(self, objects: list[object]) -> None:
        assert text(array(objects)) == dumps(objects)

    def test_json_output_does_not_grow_without_the_cycle_collector(self) -> None:
        """The cycle collector is off in factcli: rendering makes no cycles to leak."""
        import gc

        records = [{"id": n, "tags": ["a"], "source": {"quote": "q"}} for n in range(200)]
        gc.collect()
        gc.disable()
        try:
            before = len(gc.get_objects())
            text(array(records))
            grown = len(gc.get_objects()) - before
        finally:
            gc.enable()
        assert grown < 100

    def test_a_damaged_index_met_mid_stream_is_not_retried(
        self, generated: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Rows already written are not written twice by a retry: one error line."""
        import sqlite3

        lines("list", "--data", str(generated), "--limit", "1")
        with sqlite3.connect(index_path(generated)) as db:
            db.execute("UPDATE facts SET record = '[' WHERE pos = 300")
        monkeypatch.setattr(factcli.store.store, "_STREAM_BATCH", 10)
        result = runner.invoke(app, ["list", "--data", str(generated), "-f", "plain"])
        assert result.exit_code == 2
        assert len(result.stdout.splitlines()) < FACTS
        assert len(set(result.stdout.splitlines())) == len(result.stdout.splitlines())
        assert result.stderr.startswith("factcli: error: the index of")


class TestLimit:
    """A table shows its first rows and says how many more; scripts get every row."""

    def test_a_table_shows_fifty_rows_then_how_many_more(self, generated: Path) -> None:
        shown = "\n".join(lines("list", "--data", str(generated), "-f", "table"))
        assert f"50 facts of {FACTS}" in shown
        assert f"… and {FACTS - 50} more: use --limit N, --all, or -f plain" in shown

    def test_all_shows_every_row(self, generated: Path) -> None:
        shown = "\n".join(lines("list", "--data", str(generated), "-f", "table", "--all"))
        assert f"{FACTS} facts of {FACTS}" in shown
        assert "more:" not in shown

    def test_piped_output_is_complete_and_limit_cuts_it(self, generated: Path) -> None:
        assert len(lines("list", "--data", str(generated))) == FACTS
        assert len(lines("list", "--data", str(generated), "--limit", "3")) == 3
        assert len(json.loads("\n".join(lines("dates", "--data", str(generated), "-f", "json",
                                               "--limit", "2")))) == 2  # fmt: skip

    @pytest.mark.parametrize(
        "args",
        [
            ("search", "men"),
            ("search", "the", "--kind", "money"),
            ("timeline", "--since", "2010"),
            ("money", "--min", "1M"),
            ("list", "--tag", "ACF"),
            ("stats", "--source", "synthetic-report-00001"),
        ],
    )
    def test_the_more_line_counts_what_a_script_would_get(
        self, generated: Path, args: tuple[str, ...]
    ) -> None:
        """'… and N more' is the number of rows the same command pipes, less the shown."""
        data = ("--data", str(generated))
        every = len(lines(*args, *data, "-f", "plain"))
        assert every > 5
        table = "\n".join(lines(*args, *data, "-f", "table", "--limit", "5"))
        assert f"… and {every - 5} more: use --limit N" in table
        assert (
            lines(*args, *data, "-f", "plain", "--limit", "5")
            == lines(*args, *data, "-f", "plain")[:5]
        )

    def test_limit_and_all_together_are_a_usage_error(self) -> None:
        result = runner.invoke(app, ["list", "--limit", "2", "--all"])
        assert result.exit_code == 2
        assert result.stderr == "factcli: error: --limit and --all cannot be used together\n"

    def test_limit_must_be_positive(self) -> None:
        assert runner.invoke(app, ["stats", "--limit", "0"]).exit_code == 2

    def test_the_table_names_only_the_documents_of_its_rows(self, generated: Path) -> None:
        shown = "\n".join(lines("list", "--data", str(generated), "-f", "table", "--limit", "2"))
        assert "from 1 document" in shown
        assert "synthetic-report-00002)" not in shown


class TestDidYouMean:
    """A mistyped id is matched against its neighbours in the index, not every id."""

    @pytest.mark.parametrize(
        ("wrong", "meant"),
        [
            ("acf-behavioral-health-care-money-0x", "acf-behavioral-health-care-money-0"),
            ("acf-behavioral-health-care-mony-0", "acf-behavioral-health-care-money-0"),
            ("xacf-behavioral-health-care-money-0", "acf-behavioral-health-care-money-0"),
            ("acf-behavioural-health-care-money-0", "acf-behavioral-health-care-money-0"),
        ],
    )
    def test_typos_anywhere_are_found_from_the_index(
        self, generated: Path, monkeypatch: pytest.MonkeyPatch, wrong: str, meant: str
    ) -> None:
        monkeypatch.setattr(factcli.store.store, "NEAR_IDS", 20)  # 600 facts count as many
        catalog = open_store(generated)
        assert isinstance(catalog, Store)

        def every_id() -> list[str]:
            raise AssertionError("every id was read")

        monkeypatch.setattr(catalog, "fact_ids", every_id)
        near = catalog.near_ids(wrong)
        assert len(near) <= 20
        with pytest.raises(NotFound, match=f"did you mean '{meant}'"):
            catalog.by_ids([wrong])


class TestFirstCall:
    """Every dataset read is stored at once: a build cuts no words of its own, so it costs
    about what reading the JSON whole does, and every later call is served."""

    def test_built_at_the_first_call(self, generated: Path) -> None:
        index_path(generated).unlink(missing_ok=True)
        assert len(lines("list", "--data", str(generated))) == FACTS
        assert open_store(generated).file is not None
        assert f"fresh\t{generated.resolve()}" in "\n".join(lines("cache", "info"))

    def test_the_shipped_dataset_is_indexed_at_once(self) -> None:
        lines("stats")
        assert index_path(SHIPPED).exists()


class TestNoSort:
    """A listing's rows come in an index's order: SQLite never sorts every row first."""

    @pytest.mark.parametrize(
        "args",
        [
            (None, False, False),
            ("statistic", False, False),
            ("money", False, True),
            ("date", False, True),
            (None, True, True),
        ],
    )
    def test_listings_are_read_in_index_order(
        self, generated: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str | None, bool, bool]
    ) -> None:
        from factcli.store.filters import NO_FILTERS, Selection

        kind, dated, chronological = args
        catalog = open_store(generated)
        assert isinstance(catalog, Store)
        queries: list[tuple[str, list[object]]] = []
        stream = catalog.stream

        def recording(sql: str, parameters: Sequence[object] = ()) -> Iterator[object]:
            queries.append((sql, list(parameters)))
            return stream(sql, parameters)

        monkeypatch.setattr(catalog, "stream", recording)
        selection = Selection(kind=kind, dated_only=dated, chronological=chronological)  # type: ignore[arg-type]
        assert len(list(catalog.select(selection, NO_FILTERS))) > 10
        assert queries
        for sql, parameters in queries:
            plan = catalog.rows(f"EXPLAIN QUERY PLAN {sql}", parameters)
            assert not any("TEMP B-TREE" in str(step) for step in plan), (sql, plan)


class TestBenchmarkResults:
    """benchmarks/run.py rewrites RESULTS.md's tables and keeps its hand-written notes."""

    @pytest.fixture
    def run(self, monkeypatch: pytest.MonkeyPatch) -> Any:
        import importlib.util
        import sys

        script = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
        spec = importlib.util.spec_from_file_location("benchmarks_run", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look it up
        monkeypatch.setattr(sys, "path", list(sys.path))  # it puts benchmarks/ on the path
        spec.loader.exec_module(module)
        return module

    def test_notes_after_the_mark_are_kept(self, run: Any, tmp_path: Path) -> None:
        out = tmp_path / "RESULTS.md"
        assert run.kept_notes(out) == ""
        out.write_text(f"# tables\n| a | 1 |\n{run.KEEP_MARK}\n## Notes\nby hand\n")
        assert run.kept_notes(out) == f"\n{run.KEEP_MARK}\n## Notes\nby hand\n"
        out.write_text("# tables only\n")
        assert run.kept_notes(out) == ""

    def test_the_results_file_marks_its_notes(self, run: Any) -> None:
        results = Path(run.HERE) / "RESULTS.md"
        assert run.KEEP_MARK in results.read_text(encoding="utf-8")
