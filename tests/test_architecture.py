"""The layout's rules, read from the source: imports flow one way and each layer keeps to itself.

Every import counts, at module level, inside functions and under TYPE_CHECKING alike: a
lazy import is still a dependency, and a cycle through one is still a cycle.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import SHIPPED

PACKAGE = Path(__file__).resolve().parent.parent / "factcli"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = module
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    elif node.module:
        base = node.module
    for alias in node.names:
        yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base


def _owner(name: str) -> str | None:
    """The factcli module an imported name lives in (a module, or the module of a name)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Each factcli module and the factcli modules it imports, anywhere in its code."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in _imported(module, node):
                    owner = _owner(name) if name.startswith("factcli") else None
                    if owner and owner != module:
                        found.add(owner)
        graph[module] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for other in graph[node]:
            if other not in order:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], order[other])
        if low[node] == order[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return found


def test_the_graph_sees_lazy_imports() -> None:
    """The reader counts imports inside functions (the store's build imports its model
    lazily)."""
    graph = import_graph()
    assert "factcli.model.dataset" in graph["factcli.store.build"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    """No two factcli modules import each other, directly or through others."""
    assert cycles(import_graph()) == []


# Layers, lowest first. A module imports from its own layer and the layers below it only;
# `render` stands beside the CLI (both speak to people), and nothing below them imports
# either.
LAYERS = (
    (
        "base",
        (
            "factcli.version",
            "factcli.errors",
            "factcli.controls",
            "factcli.atomic",
            "factcli.inputs",
            "factcli.locks",
            "factcli.workers",
        ),
    ),
    ("language", ("factcli.language",)),
    ("model", ("factcli.model", "factcli.documents")),
    ("store", ("factcli.store",)),
    ("engine", ("factcli.ask", "factcli.extract", "factcli.citations")),
    ("authoring", ("factcli.authoring", "factcli.exports", "factcli.library")),
    (
        "face",
        (
            "factcli.cli",
            "factcli.render",
            "factcli.entry",
            "factcli.__main__",
            "factcli.completion",
            "factcli.progress",
        ),
    ),
)


def layer_of(module: str) -> int:
    """The layer of a module: its place in `LAYERS` (the package's face, ``factcli``,
    hands the library on, and stands with it)."""
    if module == "factcli":
        return layer_of("factcli.library")
    for number, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down(module: str) -> None:
    """Each module imports from its own layer and those below it, never from one above."""
    upward = sorted(other for other in import_graph()[module] if layer_of(other) > layer_of(module))
    assert upward == [], f"{module} imports from a layer above it"


# One list, one place: what is derived from what is checked here, so that a field added
# to one table cannot be silently left out of another.
def test_search_fields_are_the_weight_table() -> None:
    """Search matches exactly the fields its weight table weighs, and the store's search
    columns are made from that table."""
    from factcli.model.dataset import load_dataset
    from factcli.model.records import dataset_records
    from factcli.store.schema import FIELD_WEIGHTS, SEARCH_GROUPS
    from factcli.store.search import search_texts

    record = dataset_records(load_dataset(SHIPPED).dataset)[0]
    assert set(search_texts(record)) == set(FIELD_WEIGHTS)
    assert {f for group in SEARCH_GROUPS for f in group.fields} == set(FIELD_WEIGHTS)


def test_every_record_field_reaches_json_and_the_index() -> None:
    """Each `FactRecord` field is in a fact's JSON object, and the index stores and reads
    back every field (its layout is made from the dataclass's fields)."""
    import dataclasses

    from factcli.model.dataset import load_dataset
    from factcli.model.records import FactRecord, dataset_records
    from factcli.store.schema import reader, record_fields

    loaded = load_dataset(SHIPPED)
    records = dataset_records(loaded.dataset)
    names = {field.name for field in dataclasses.fields(FactRecord)}
    as_json = records[0].to_json()
    assert names - {"source"} <= set(as_json) | set(as_json["source"])
    read = reader(record.source for record in records)
    assert all(read(json.loads(json.dumps(record_fields(r)))) == r for r in records)


def _distribution(requirement: str) -> str:
    found = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert found, requirement
    return found.group().lower().replace("_", "-")


FEATURE_EXTRAS = ("html", "pdf")


def test_every_import_is_a_declared_dependency() -> None:
    """A package factcli imports is the standard library's, or installed by a dependency
    factcli declares (its own, or one of theirs): an import of a package that only happens
    to be installed here (Typer 0.28 carries its own Click, so ``import click`` works only
    where something else brought Click) breaks ``pip install .`` on a user's machine."""
    # What factcli needs, and its features' extras; not the extras of tests and fitting.
    declared = {
        _distribution(r)
        for r in metadata.requires("factcli") or []
        if "extra ==" not in r
        or any(f"extra == {q}{x}{q}" in r for x in FEATURE_EXTRAS for q in "'\"")
    }
    allowed = set(declared)
    for name in declared:
        try:
            allowed |= {_distribution(r) for r in metadata.requires(name) or [] if "extra" not in r}
        except metadata.PackageNotFoundError:
            continue  # an extra not installed here: its own imports are checked where it is
    owners = metadata.packages_distributions()
    undeclared = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0):
                for name in _imported(module, node):
                    top = name.partition(".")[0]
                    if top == "factcli" or top in sys.stdlib_module_names:
                        continue
                    if not {_distribution(d) for d in owners.get(top, [])} & allowed:
                        undeclared.add(f"{module}: {top}")
    assert sorted(undeclared) == []
