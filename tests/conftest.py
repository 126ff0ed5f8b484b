"""Shared fixtures: the shipped dataset, and copies of it to break in each test."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from factcli.cli.app import COMMANDS as command_modules

if TYPE_CHECKING:
    from factcli.model.records import FactRecord
    from factcli.store.store import Store

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "data" / "facts.json"
SOURCE_ID = "hhs-survivors-roundtable-2023"

WriteDataset = Callable[..., Path]
# Every command of the CLI, as help lists them (the CLI's own table, not a copy of it).
COMMANDS = tuple(command_modules)


@pytest.fixture(autouse=True)
def _plain_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Deterministic output: fixed width, no color, no dataset from the caller's environment,
    and a cache folder of the test session's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("FACTCLI_NO_CACHE", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FACTCLI_DATA", raising=False)
    monkeypatch.delenv("FACTCLI_DEBUG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture()
def shipped_raw() -> dict[str, Any]:
    """The shipped dataset as parsed JSON, a fresh copy for each test to change."""
    return copy.deepcopy(json.loads(SHIPPED.read_text(encoding="utf-8")))


@pytest.fixture()
def write_dataset(tmp_path: Path) -> WriteDataset:
    """Write a dataset (with the shipped source files beside it) into a temporary folder."""

    def write(raw: Any, *, name: str = "facts.json", text: str | None = None) -> Path:
        folder = tmp_path / "dataset"
        if not (folder / "sources").exists():
            shutil.copytree(REPO / "data" / "sources", folder / "sources")
        path = folder / name
        path.write_text(text if text is not None else json.dumps(raw, indent=2), encoding="utf-8")
        return path

    return write


def fact_index(raw: dict[str, Any], fact_id: str) -> int:
    """The position of a fact in a raw dataset."""
    return next(n for n, fact in enumerate(raw["facts"]) if fact["id"] == fact_id)


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/* from the current output (review the diff before committing)",
    )


@pytest.fixture()
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare output with tests/golden/NAME, or rewrite it under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, output: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(output.encode("utf-8"))
        assert path.exists(), f"no golden file {name}: run pytest --update-golden"
        assert output == path.read_bytes().decode("utf-8"), (
            f"output differs from tests/golden/{name}"
        )

    return check


def generate_dataset(facts: int, folder: Path) -> Path:
    """A synthetic dataset of ``facts`` facts from benchmarks/generate.py, in ``folder``."""
    import importlib.util
    import sys

    script = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("generate", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return Path(module.generate(facts, folder))


def count_decoded(store: Store) -> list[FactRecord]:
    """The records a store decodes from now on, in order (each one once)."""
    decoded: list[FactRecord] = []
    decode = store.decode

    def counting(stored: bytes) -> FactRecord:
        decoded.append(decode(stored))
        return decoded[-1]

    store.decode = counting
    return decoded


def cache_folder() -> Path:
    """The cache folder of this test (see `_plain_environment`)."""
    import os

    return Path(os.environ["XDG_CACHE_HOME"]) / "factcli"


def open_store(path: Path, *, cached: bool = True) -> Store:
    """The store of a dataset, kept in this test's cache folder (or in memory)."""
    from factcli.store import open_store as open_any

    return open_any(path, cache=cache_folder() if cached else None)


def index_path(dataset: Path) -> Path:
    """Where this test's cache keeps the store of a dataset."""
    from factcli.store.cache import store_path

    return store_path(cache_folder(), dataset)


def listing_of(store: Store, records: Any) -> Any:
    """Records to render, with the store's title and documents."""
    from factcli.model.records import Listing

    return Listing(records=records, heading="", dataset_title=store.title,
                   documents=store.documents, total_facts=store.total_facts)  # fmt: skip
