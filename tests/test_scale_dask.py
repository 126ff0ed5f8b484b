"""Extraction at scale (docs/scale.md): pure, picklable extraction; shards written by
``extract --jsonl-out`` and taken in, verified, by ``add --from``; and the documented Dask
recipe run with Dask's local scheduler, compared with a plain run."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factcli
from factcli.cli import app
from factcli.extract.shards import candidate_from_json, read_shards
from tests.conftest import REPO

runner = CliRunner()
CORPORA = REPO / "tests" / "data" / "extract"
SCALE_DOC = REPO / "docs" / "scale.md"
# Documents of two corpora: enough for every kind of figure, quick to extract.
FEW = sorted((CORPORA / "dev" / "docs").glob("*.txt"))[:4]


def invoke(*args: str) -> Any:
    return runner.invoke(app, [str(arg) for arg in args])


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def make_dataset(folder: Path, documents: list[Path]) -> Path:
    """A dataset whose sources are these documents (titled by their file names)."""
    data = folder / "facts.json"
    ok("init", folder, "--title", "Scale test")
    sidecar = folder / "sources.csv"
    sidecar.write_text(
        "file,title\n" + "".join(f"{d.name},{d.stem}\n" for d in documents), encoding="utf-8"
    )
    ok("source", "add", *documents, "--metadata", sidecar, "--data", data)
    return data


def source_ids(data: Path) -> list[str]:
    listed = ok("source", "list", "-f", "plain", "--data", data)
    return [line.split("\t")[0] for line in listed.splitlines()]


def facts_of(data: Path) -> list[dict[str, Any]]:
    return list(json.loads(data.read_text(encoding="utf-8"))["facts"])


def shards_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.jsonl"))}


class TestPureExtraction:
    """The library's extraction pickles by name, and so do its candidates."""

    def test_functions_and_candidates_pickle(self) -> None:
        for function in (factcli.extract_text, factcli.extract_document):
            assert pickle.loads(pickle.dumps(function)) is function
        document = factcli.read_document(FEW[0])
        candidates = factcli.extract_document(document)
        assert candidates and pickle.loads(pickle.dumps(candidates)) == candidates
        assert pickle.loads(pickle.dumps(document)) == document

    def test_a_candidate_reads_back_from_its_json(self) -> None:
        for path in FEW:
            for candidate in factcli.extract_document(factcli.read_document(path)):
                assert candidate_from_json(json.loads(json.dumps(candidate.to_json()))) == candidate

    def test_extracting_twice_gives_the_same(self) -> None:
        document = factcli.read_document(FEW[1])
        assert factcli.extract_document(document) == factcli.extract_document(document)


class TestShards:
    """``extract --jsonl-out`` writes a shard per document; ``add --from`` takes them in."""

    def test_add_from_shards_makes_the_facts_add_all_makes(self, tmp_path: Path) -> None:
        by_all = make_dataset(tmp_path / "all", FEW)
        ok("add", "--all", "--data", by_all)
        by_shards = make_dataset(tmp_path / "shards", FEW)
        ids = source_ids(by_shards)
        out = ok("extract", *ids, "--jsonl-out", tmp_path / "out", "--data", by_shards)
        assert re.fullmatch(rf"wrote \d+ candidates of {len(FEW)} documents to .*\n", out)
        assert sorted(shards_of(tmp_path / "out")) == sorted(f"{i}.jsonl" for i in ids)
        report = ok("add", "--from", tmp_path / "out", "--data", by_shards)
        assert report.endswith(f"facts added to {by_shards}\n")
        assert facts_of(by_shards) == facts_of(by_all)
        ok("verify", "--data", by_shards)
        again = ok("add", "--from", *sorted((tmp_path / "out").glob("*.jsonl")),
                   "--data", by_shards)  # fmt: skip
        assert "nothing added" in again and facts_of(by_shards) == facts_of(by_all)

    def test_an_edited_shard_value_is_not_added(self, tmp_path: Path) -> None:
        data = make_dataset(tmp_path / "d", FEW[:1])
        (source,) = source_ids(data)
        ok("extract", source, "--kind", "money", "--jsonl-out", tmp_path / "out", "--data", data)
        shard = tmp_path / "out" / f"{source}.jsonl"
        lines = shard.read_text(encoding="utf-8").splitlines()
        edited = json.loads(lines[0])
        edited["value_detail"]["amount"] = str(int(float(edited["value_detail"]["amount"])) + 1)
        shard.write_text("\n".join([json.dumps(edited), *lines[1:]]) + "\n", encoding="utf-8")
        report = ok("add", "--from", shard, "--data", data)
        assert f"not added: {edited['candidate']}" in report
        assert len(facts_of(data)) == len(lines) - 1

    def test_a_shard_of_no_source_adds_nothing(self, tmp_path: Path) -> None:
        data = make_dataset(tmp_path / "d", FEW[:1])
        ok("extract", FEW[1], "--jsonl-out", tmp_path / "out")
        result = invoke("add", "--from", tmp_path / "out", "--data", data)
        assert result.exit_code == 1
        assert "has no source" in result.stderr and facts_of(data) == []

    def test_a_line_that_is_no_candidate(self, tmp_path: Path) -> None:
        data = make_dataset(tmp_path / "d", FEW[:1])
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"candidate": "x"}\n', encoding="utf-8")
        result = invoke("add", "--from", bad, "--data", data)
        assert result.exit_code == 2, result.output
        assert f"{bad}:1: not a candidate object" in result.stderr
        with pytest.raises(factcli.DatasetError):
            list(read_shards([bad]))

    def test_no_candidate_that_verifies_exits_1(self, tmp_path: Path) -> None:
        """A script can tell: shards whose every candidate fails verification add nothing
        and exit 1, as nothing found does."""
        data = make_dataset(tmp_path / "d", FEW[:1])
        (source,) = source_ids(data)
        ok("extract", source, "--kind", "money", "--jsonl-out", tmp_path / "out", "--data", data)
        shard = tmp_path / "out" / f"{source}.jsonl"
        edited = []
        for line in shard.read_text(encoding="utf-8").splitlines():
            candidate = json.loads(line)
            candidate["value_detail"]["amount"] = "7"
            edited.append(json.dumps(candidate))
        shard.write_text("\n".join(edited) + "\n", encoding="utf-8")
        result = invoke("add", "--from", shard, "--data", data)
        assert result.exit_code == 1, result.output
        assert facts_of(data) == []

    @pytest.mark.parametrize(
        ("edit", "said"),
        [
            (lambda c: c.update(kind=["statistic"]), "is none of"),
            (lambda c: c.update(qualifier=7), "is none of"),
            (lambda c: c.update(subject={"a": 1}), "is not text"),
            (lambda c: c.update(start=10**30, end=10**30 + 3,
                                candidate=f"{c['candidate'].rpartition(':')[0]}:"
                                f"{10**30}-{10**30 + 3}"), "is not at"),
            (lambda c: c["value_detail"].update(amount=[1]), "no value of a fact"),
        ],
    )  # fmt: skip
    def test_a_hostile_shard_is_one_clear_error(self, tmp_path: Path, edit: Any, said: str) -> None:
        """Wrong types, offsets that are not the figure's place in its sentence: one error
        line naming the file and line, exit 2, nothing added (never an internal error)."""
        data = make_dataset(tmp_path / "d", FEW[:1])
        (source,) = source_ids(data)
        ok("extract", source, "--kind", "money", "--jsonl-out", tmp_path / "out", "--data", data)
        shard = tmp_path / "out" / f"{source}.jsonl"
        candidate = json.loads(shard.read_text(encoding="utf-8").splitlines()[0])
        edit(candidate)
        shard.write_text(json.dumps(candidate) + "\n", encoding="utf-8")
        result = invoke("add", "--from", shard, "--data", data)
        assert result.exit_code == 2, result.output
        assert f"{shard}:1: not a candidate object" in result.stderr
        assert said in result.stderr and "internal error" not in result.stderr
        assert facts_of(data) == []

    @pytest.mark.parametrize(
        "content", [b"\xff\xfe\x00x\n", b"[" * 100_000 + b"]" * 100_000 + b"\n"]
    )
    def test_a_shard_that_is_no_json_text(self, tmp_path: Path, content: bytes) -> None:
        data = make_dataset(tmp_path / "d", FEW[:1])
        bad = tmp_path / "bad.jsonl"
        bad.write_bytes(content)
        result = invoke("add", "--from", bad, "--data", data)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("factcli: error: ") and str(bad) in result.stderr
        assert "internal error" not in result.stderr

    def test_jsonl_out_onto_a_file_is_one_clear_error(self, tmp_path: Path) -> None:
        afile = tmp_path / "afile"
        afile.write_text("hi\n", encoding="utf-8")
        for target in (afile, afile / "sub"):
            result = invoke("extract", FEW[0], "--jsonl-out", target)
            assert result.exit_code == 2, result.output
            assert result.stderr.startswith("factcli: error: cannot write shards into")
        assert afile.read_text(encoding="utf-8") == "hi\n"

    def test_two_documents_of_one_id_write_no_shard(self, tmp_path: Path) -> None:
        """The ids are checked before anything is written: no shard of a refused run."""
        for folder in ("a", "b"):
            (tmp_path / folder).mkdir()
            (tmp_path / folder / "report.txt").write_text(
                f"In 2020 the {folder} fund paid $5 million.\n", encoding="utf-8"
            )
        result = invoke("extract", tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt",
                        "--jsonl-out", tmp_path / "out")  # fmt: skip
        assert result.exit_code == 2 and "two documents have the id" in result.stderr
        assert not (tmp_path / "out").exists() or shards_of(tmp_path / "out") == {}

    def test_a_document_with_no_figure_of_the_kind_writes_no_shard(self, tmp_path: Path) -> None:
        text = tmp_path / "dates.txt"
        text.write_text("The office opened on March 3, 2021.\n", encoding="utf-8")
        result = invoke("extract", text, "--kind", "money", "--jsonl-out", tmp_path / "out")
        assert result.exit_code == 1
        assert shards_of(tmp_path / "out") == {}

    def test_from_is_not_all_and_names_files(self, tmp_path: Path) -> None:
        data = make_dataset(tmp_path / "d", FEW[:1])
        result = invoke("add", "--from", "--all", tmp_path, "--data", data)
        assert result.exit_code == 2
        assert invoke("add", "--from", "--data", data).exit_code == 2


def _recipe() -> str:
    """The script docs/scale.md shows."""
    (code,) = re.findall(r"```python\n(.*?)```", SCALE_DOC.read_text("utf-8"), re.DOTALL)
    return code


class TestDaskRecipe:
    """The documented recipe, on Dask's local process scheduler, over the corpora."""

    def test_dask_shards_are_the_plain_run_shards(self, tmp_path: Path) -> None:
        pytest.importorskip("dask", reason="Dask is not installed (pip install 'factcli[scale]')")
        documents = sorted(CORPORA.glob("*/docs/*.txt"))
        data = make_dataset(tmp_path / "corpora", documents)
        ok("extract", *source_ids(data), "--jsonl-out", tmp_path / "plain", "--data", data)
        script = tmp_path / "extract_on_dask.py"
        script.write_text(_recipe(), encoding="utf-8")
        environment = {**os.environ, "PYTHONPATH": str(REPO)}
        run = subprocess.run(
            [sys.executable, script, data, tmp_path / "dask"], capture_output=True, text=True,
            env=environment, cwd=tmp_path, check=False, timeout=600,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert f"of {len(documents)} documents written to" in run.stdout
        plain, dask = shards_of(tmp_path / "plain"), shards_of(tmp_path / "dask")
        assert len(plain) > 30 and dask == plain
        ok("add", "--from", tmp_path / "dask", "--data", data)
        ok("verify", "--data", data)
