"""The indexed store: built once, reused, rebuilt when stale or damaged, never in the way."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factcli.model.jsonstream
import factcli.store.build
import factcli.store.cache
import factcli.store.store
from factcli.cli import app
from tests.conftest import SHIPPED, WriteDataset, generate_dataset, index_path, open_store
from tests.conftest import cache_folder as cache_dir

runner = CliRunner()


def ids(*args: str) -> list[str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to read and validate the JSON dataset fail loudly."""

    def refuse(*args: object) -> None:
        raise AssertionError("the dataset was validated again")

    monkeypatch.setattr("factcli.model.dataset.load_dataset", refuse)


def interrupt_a_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while a build writes words: exit 130, no file left, and the next run works."""

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(factcli.store.build._Rows, "insert", interrupt)
        result = runner.invoke(app, ["list"])
    assert result.exit_code == 130
    assert list(cache_dir().iterdir()) == []
    assert len(ids("list")) == 10


class TestReuse:
    def test_built_once_then_served(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The first read builds the index; later reads use it without validating the JSON."""
        first = ids("list")
        assert index_path(SHIPPED).is_file()
        no_validation(monkeypatch)
        assert ids("list") == first
        assert open_store(SHIPPED).file is not None

    @pytest.mark.parametrize(
        "args", [("stats",), ("ask", "How much did ACF award in October 2022?")]
    )
    def test_warm_start_imports_neither_pydantic_nor_rich(
        self, tmp_path: Path, args: tuple[str, ...]
    ) -> None:
        """Plain output from a fresh index imports no pydantic and no rich (ask reads its
        candidates' documents for their context without the models)."""
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        command = [sys.executable, "-X", "importtime", "-m", "factcli", *args, "-f", "plain"]
        subprocess.run(command, env=env, capture_output=True, check=True, cwd=tmp_path)
        warm = subprocess.run(
            command, env=env, capture_output=True, text=True, check=True, cwd=tmp_path
        )
        imported = {line.rsplit("|", 1)[-1].strip() for line in warm.stderr.splitlines()}
        assert "pydantic" not in imported and "rich" not in imported
        assert "factcli.store.store" in imported
        assert "factcli.store.build" not in imported  # only a build needs the builder

    def test_no_cache(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """FACTCLI_NO_CACHE=1 works from a store in memory and writes nothing."""
        monkeypatch.setenv("FACTCLI_NO_CACHE", "1")
        assert len(ids("list")) == 10
        assert not index_path(SHIPPED).exists()
        assert not cache_dir().exists()


class TestInvalidation:
    def test_changed_dataset_rebuilds(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A dataset that changed after indexing is read anew."""
        path = write_dataset(shipped_raw)
        assert len(ids("list", "--data", str(path))) == 10
        shipped_raw["facts"] = shipped_raw["facts"][:4]
        for fact in shipped_raw["facts"]:
            fact["related"] = []
        path.write_text(json.dumps(shipped_raw), encoding="utf-8")
        assert len(ids("list", "--data", str(path))) == 4

    def test_touched_dataset_is_still_served(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A new modification time alone does not make the index stale: its key is the
        content, which did not change."""
        path = write_dataset(shipped_raw)
        ids("list", "--data", str(path))
        built = index_path(path).stat().st_mtime_ns
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        ids("list", "--data", str(path))
        assert index_path(path).stat().st_mtime_ns == built

    def test_other_factcli_version_rebuilds(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An index written by another factcli version is not trusted."""
        ids("list")
        monkeypatch.setattr(factcli.store.store, "__version__", "0.0.0-other")
        status = factcli.store.cache.file_status(SHIPPED)
        assert factcli.store.store.Store.open(index_path(SHIPPED), SHIPPED, status) is None
        assert len(ids("list")) == 10

    def test_broken_dataset_is_still_an_error(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """An index never hides a dataset that became invalid."""
        path = write_dataset(shipped_raw)
        ids("list", "--data", str(path))
        shipped_raw["facts"][0]["kind"] = "number"
        path.write_text(json.dumps(shipped_raw), encoding="utf-8")
        result = runner.invoke(app, ["list", "--data", str(path)])
        assert result.exit_code == 2
        assert "does not match the schema" in result.stderr


class TestLookups:
    def test_ids_are_looked_up_in_a_unique_index(self) -> None:
        """The id index is made after the rows are in (quicker than keeping it up to date
        as ids come in no order), and it stays unique: `get` finds an id without a scan."""
        ids("list")
        with sqlite3.connect(index_path(SHIPPED)) as db:
            unique = db.execute(
                "SELECT 1 FROM pragma_index_list('facts') AS i, pragma_index_info(i.name) AS c"
                " WHERE i.[unique] AND c.name = 'id'"
            ).fetchall()
            plan = db.execute("EXPLAIN QUERY PLAN SELECT pos FROM facts WHERE id = ?", ("x",))
            details = " ".join(row[-1] for row in plan)
        assert unique
        assert "USING COVERING INDEX" in details or "USING INDEX" in details


class TestDamage:
    def test_corrupt_index_is_rebuilt(self) -> None:
        """An index file that is not a database is rebuilt, silently."""
        ids("list")
        index_path(SHIPPED).write_bytes(b"this is not a database" * 100)
        assert len(ids("list")) == 10
        assert sqlite3.connect(index_path(SHIPPED)).execute(
            "SELECT count(*) FROM facts"
        ).fetchone() == (10,)

    def test_damage_found_later_rebuilds_the_index(self) -> None:
        """Damage only a query meets: the index is removed and the command runs again on a
        new one, with no error."""
        expected = ids("search", "ACF")
        with sqlite3.connect(index_path(SHIPPED)) as db:
            db.execute("DROP TABLE search_words")
        assert ids("search", "ACF") == expected
        with sqlite3.connect(index_path(SHIPPED)) as db:
            found = db.execute("SELECT count(*) FROM search_words('acf')").fetchone()
        assert found == (len(expected),)

    def test_a_damaged_record_rebuilds_the_index(self) -> None:
        """A stored record that cannot be decompressed is damage: the index is rebuilt."""
        expected = ids("list")
        with sqlite3.connect(index_path(SHIPPED)) as db:
            db.execute("UPDATE facts SET record = x'00ff00' WHERE pos = 0")
        assert ids("list") == expected

    def test_unwritable_cache_works_from_memory(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A cache folder that cannot be written is no error: the dataset is read from memory."""
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the cache folder should be")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
        assert len(ids("list")) == 10

    def test_interrupted_build_leaves_nothing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C in the middle of a build leaves neither an index nor a temporary file."""
        interrupt_a_build(monkeypatch)


class TestCacheCommands:
    def test_info_and_clear(self) -> None:
        """cache info lists each index with its dataset; cache clear removes them."""
        ids("list")
        info = runner.invoke(app, ["cache", "info"]).stdout.splitlines()
        assert info[0] == f"cache: {cache_dir()} (on); 1 index"
        assert info[1].endswith(f"\tfresh\t{SHIPPED.resolve()}")
        cleared = runner.invoke(app, ["cache", "clear"])
        assert cleared.stdout.startswith("removed 1 file (")
        assert not index_path(SHIPPED).exists()

    def test_ask_tables_are_listed_with_their_dataset(self) -> None:
        """ask's own tables, beside the store, name the dataset they were built from; cache
        clear removes them with the store."""
        assert runner.invoke(app, ["ask", "How much did ACF award?"]).exit_code == 0
        info = runner.invoke(app, ["cache", "info"]).stdout.splitlines()
        assert info[0] == f"cache: {cache_dir()} (on); 2 indexes"
        (tables,) = [line for line in info if line.split("\t")[0].endswith(".ask.sqlite")]
        assert tables.endswith(f"\tfresh\t{SHIPPED.resolve()}")
        assert runner.invoke(app, ["cache", "clear"]).stdout.startswith("removed 2 files (")

    def test_info_shows_stale(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """An index whose dataset changed is listed as stale."""
        path = write_dataset(shipped_raw)
        ids("list", "--data", str(path))
        path.write_text(json.dumps(shipped_raw) + "\n", encoding="utf-8")
        info = runner.invoke(app, ["cache", "info"]).stdout
        assert "\tstale\t" in info


class TestProgress:
    def test_long_builds_report_progress(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Builds of many facts report their progress to the caller (a bar on a terminal)."""
        monkeypatch.setattr(factcli.store.build, "PROGRESS_FROM", 1)
        seen: list[tuple[str, int, int | None]] = []
        from factcli.store import open_store as open_any

        open_any(SHIPPED, cache=cache_dir(), progress=lambda *step: seen.append(step))
        assert seen and seen[-1] == ("indexing", 10, 10)

    def test_no_bar_when_stderr_is_not_a_terminal(self) -> None:
        """Without a terminal on stderr, there is no progress reporter at all."""
        from factcli.progress import terminal_progress

        assert terminal_progress() is None


def _with(raw: dict[str, Any], n: int, **changes: Any) -> str:
    """The dataset as JSON text, with fact ``n`` changed."""
    raw["facts"][n].update(changes)
    return json.dumps(raw, indent=2)


def index_content(path: Path) -> dict[str, Any]:
    """What an index holds, comparable between builds (word columns as word sets)."""
    with closing(sqlite3.connect(path)) as db:
        # The full-text tables keep no texts: their index is compared, as SQLite stores it.
        tables = ("facts", "tags", "tag_names", "reversed_ids", "search_words_data",
                  "search_words_idx")  # fmt: skip
        content: dict[str, Any] = {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables
        }
        content["meta"] = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return content


class TestStreamedBuild:
    def test_built_without_reading_the_file_whole(
        self, monkeypatch: pytest.MonkeyPatch, write_dataset: WriteDataset,
        shipped_raw: dict[str, Any],
    ) -> None:  # fmt: skip
        """A valid dataset is indexed fact by fact: the whole-file loader is never called."""
        path = write_dataset(shipped_raw)
        no_validation(monkeypatch)
        assert len(ids("list", "--data", str(path))) == 10

    def test_same_index_as_the_whole_file_build(
        self, monkeypatch: pytest.MonkeyPatch, write_dataset: WriteDataset,
        shipped_raw: dict[str, Any],
    ) -> None:  # fmt: skip
        """Streaming changes how the file is read, not one row of what is indexed."""
        path = write_dataset(shipped_raw)
        ids("list", "--data", str(path))
        streamed = index_content(index_path(path))
        index_path(path).unlink()

        def refuse(*args: object) -> None:
            raise factcli.model.jsonstream.NotStreamable("refused by the test")

        monkeypatch.setattr("factcli.model.dataset.stream_dataset", refuse)
        ids("list", "--data", str(path))
        assert index_content(index_path(path)) == streamed

    def test_other_layouts_are_read_whole(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Facts before the sources, or a member after the facts: still indexed, read whole."""
        facts_first = {"facts": shipped_raw["facts"], **shipped_raw}
        path = write_dataset(None, text=json.dumps(facts_first))
        assert len(ids("list", "--data", str(path))) == 10
        assert len(ids("search", "ACF", "--data", str(path))) == len(ids("search", "ACF"))

    @pytest.mark.parametrize(
        ("break_it", "message"),
        [
            (lambda raw: json.dumps(raw, indent=2)[:5000], "is not valid JSON: "),
            (lambda raw: _with(raw, 5, kind="cash"), "facts[5].kind (fact "),
            (lambda raw: _with(raw, 7, related=["nowhere"]), "no fact with id 'nowhere'"),
            (lambda raw: _with(raw, 8, id=raw["facts"][2]["id"]), "duplicate fact id"),
        ],
    )
    def test_broken_dataset_reports_as_before(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any],
        break_it: Any, message: str,
    ) -> None:  # fmt: skip
        """A problem met half-way through the stream is reported by the whole-file loader:
        the same one error, exit 2, and no index (nor temporary file) left behind."""
        path = write_dataset(None, text=break_it(shipped_raw))
        result = runner.invoke(app, ["list", "--data", str(path)])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("factcli: error: dataset ")
        assert message in result.stderr
        assert not cache_dir().exists() or list(cache_dir().iterdir()) == []


class TestAcronyms:
    """An acronym finds its long form and the long form's words find the acronym, wherever
    in the dataset the acronym is defined: search expands the query, so no fact is cut
    again when a later fact defines an acronym."""

    @pytest.fixture()
    def late(self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]) -> Path:
        """The shipped dataset with its first fact's statement spelling out an act whose
        acronym only its last fact defines."""
        facts = shipped_raw["facts"]
        defining = next(n for n, fact in enumerate(facts) if "FVPSA" in fact["tags"])
        facts.append(facts.pop(defining))
        facts[0]["statement"] += (
            " It was funded under the Family Violence Prevention and Services Act."
        )
        return write_dataset(shipped_raw)

    def test_found_by_an_acronym_defined_later(self, late: Path) -> None:
        found = ids("search", "FVPSA", "--data", str(late))
        assert ids("list", "--data", str(late))[0] in found

    def test_the_long_form_finds_the_acronym(self) -> None:
        """ "ACF" only: found by a word of its long form."""
        found = ids("search", "Children", "Families")
        statements = ids("search", "ACF")
        assert set(statements) <= set(found)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset of 600 facts from benchmarks/generate.py: many ties and weights."""
    return generate_dataset(600, tmp_path_factory.mktemp("generated"))


@pytest.mark.parametrize(
    "args",
    [
        ("search", "the", "--limit", "7"),
        ("search", "otip"),
        ("list", "--kind", "money", "--min", "1M"),
        ("timeline", "--tag", "ACF"),
    ],
)
def test_the_cache_changes_no_answer(
    generated: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """Same facts in the same order, every field alike, from the store in the cache and
    from one built in memory with the cache off."""
    command = [*args, "--data", str(generated), "-f", "json"]
    cached = runner.invoke(app, command)
    monkeypatch.setenv("FACTCLI_NO_CACHE", "1")
    in_memory = runner.invoke(app, command)
    assert cached.exit_code == in_memory.exit_code == 0, cached.stderr + in_memory.stderr
    assert cached.stdout == in_memory.stdout
    assert cached.stdout.strip()


class TestEachTextKeptOnce:
    """The store keeps each text once (a contentless full-text table, compressed records),
    so it stays a small multiple of the dataset."""

    def test_index_is_at_most_one_and_three_quarters_the_dataset(self, tmp_path: Path) -> None:
        from factcli.model.dataset import load_dataset
        from factcli.store.build import build_store

        dataset = generate_dataset(3000, tmp_path / "data")
        target = tmp_path / "index.sqlite"
        build_store(dataset, target, lambda: load_dataset(dataset))
        # 1.33 times at 100,000 facts; a small index pays more for pages and the dictionary.
        assert target.stat().st_size <= 1.75 * dataset.stat().st_size

    def test_word_tables_hold_no_text(self, generated: Path) -> None:
        open_store(generated)
        with closing(sqlite3.connect(index_path(generated))) as db:
            for table in ("search_words",):
                found = db.execute(f"SELECT *, rowid FROM {table}('award*') LIMIT 1").fetchone()
                assert set(found[:-1]) == {None} and found[-1] is not None


@pytest.mark.parametrize(("query", "found"), [("zürich", 1), ("zurich", 0)])
def test_search_keeps_accents_both_ways(
    write_dataset: WriteDataset, shipped_raw: dict[str, Any], query: str,
    found: int,
) -> None:  # fmt: skip
    """Words keep their accents: "zurich" is not "zürich"."""
    shipped_raw["facts"][0]["statement"] = "Delegates from Zürich attended on April 26, 2023."
    path = write_dataset(shipped_raw)
    result = runner.invoke(app, ["search", query, "--data", str(path), "-f", "plain"])
    assert len(result.stdout.splitlines()) == found
    assert result.exit_code == (0 if found else 1)
