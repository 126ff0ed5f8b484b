"""The development corpora and their questions, and datasets built from them as a user would.

    from corpora import question_sets, build_datasets

A corpus is a folder of ``tests/data/extract/`` (``docs.json``, ``docs/``, ``gold.jsonl``,
``questions*.tsv``); the extraction corpora's questions are in ``tests/data/ask_*.tsv``. A
dataset is built for each document exactly as a user would: ``init``, ``source add``,
``add --all``, nothing edited. The bundled dataset's questions are asked of it as it ships
and of a copy stripped of what a curator adds (what ``extract`` cannot give).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPORA = REPO / "tests" / "data" / "extract"
DATA = REPO / "tests" / "data"
SHIPPED = REPO / "data" / "facts.json"
SHARED_DEV = REPO.parent / "shared" / "ask_dev_questions.tsv"
CURATED = ("tags", "subject", "population", "attributed_to", "related", "note")
# The question sets, and where each one's questions are.
EXTRACTED_FILES = (
    "ask_blind_extracted.tsv", "ask_blind_extracted2.tsv", "ask_blind_extracted3.tsv",
    "ask_blind_extracted4.tsv", "ask_blind_extracted5.tsv", "ask_extracted_own.tsv",
    "ask_extracted_own_aside.tsv",
)  # fmt: skip


@dataclass(frozen=True)
class Item:
    """A question and the right outcome: a value (or a fact id), or None (abstain)."""

    set: str
    doc: str  # the document (its dataset), or "shipped" / "stripped"
    question: str
    expected: str | None
    by_id: bool = False
    gold_text: str | None = None


def _documents(corpus: Path) -> list[dict[str, Any]]:
    data = json.loads((corpus / "docs.json").read_text(encoding="utf-8"))
    return list(data["documents"] if isinstance(data, dict) else data)


def _tsv(path: Path, doc: str | None = None) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            yield [doc, *fields] if doc else fields


def question_corpora() -> list[Path]:
    """The corpora that have questions: corpus2, then the blind sets of other genres
    (``genresA``, ``genresB``, ... as they are added)."""
    return [CORPORA / "corpus2", *sorted(CORPORA.glob("genres*"))]


def question_sets() -> dict[str, list[Item]]:
    """Every development question set, by name."""
    sets: dict[str, list[Item]] = {}
    extracted = []
    for name in EXTRACTED_FILES:
        for doc, question, expected, outcome in _tsv(DATA / name):
            extracted.append(Item("extracted", doc, question, _expected(expected, outcome)))
    sets["extracted"] = extracted
    for folder in question_corpora():
        corpus = folder.name
        items = []
        for path in sorted(folder.glob("questions*.tsv")):
            for doc, question, expected, outcome in _tsv(path):
                value, _, text = expected.partition("|")
                items.append(Item(corpus, doc, question, _expected(value, outcome), gold_text=text))
        sets[corpus] = items
    seed = []
    for path in (DATA / "ask_blind_seed.tsv", SHARED_DEV):
        if path.exists():
            for question, expected, outcome in _tsv(path):
                for copy in ("shipped", "stripped"):
                    seed.append(Item("seed", copy, question, _expected(expected, outcome)))
    for entry in json.loads((DATA / "ask_questions.json").read_text(encoding="utf-8")):
        for copy in ("shipped", "stripped"):
            seed.append(Item("seed", copy, entry["question"], entry["answer"], by_id=True))
    sets["seed"] = seed
    return sets


def _expected(value: str, outcome: str) -> str | None:
    return value.strip() if outcome.strip().startswith("answer") else None


def corpus_of(doc: str) -> tuple[Path, dict[str, Any]] | None:
    """The corpus folder and metadata of a document, by its slug."""
    for folder in sorted(CORPORA.iterdir()):
        if (folder / "docs.json").exists():
            for document in _documents(folder):
                if document["slug"] == doc:
                    return folder, document
    return None


def build_dataset(doc: str, folder: Path) -> Path:
    """A dataset of one corpus document, built as a user would (init, source add,
    add --all); its path."""
    from factcli.authoring.add import add_candidates
    from factcli.authoring.batch import add_source
    from factcli.authoring.init import init_dataset
    from factcli.authoring.sources import SourceDetails

    found = corpus_of(doc)
    if found is None:
        raise SystemExit(f"corpora: no document {doc}")
    corpus, document = found
    text_file = corpus / document["file"]
    if text_file.suffix != ".txt":
        text_file = text_file.with_suffix(".txt")
    dataset = init_dataset(folder / doc).path
    copy = folder / f"{doc}.txt"
    copy.write_bytes(text_file.read_bytes())
    details = SourceDetails(
        title=document["title"],
        publisher=document["publisher"],
        published=document.get("published"),
        url=document["url"].split()[0],
        rights=document.get("rights") or document.get("license"),
    )
    add_source(copy, details, dataset)
    add_candidates(dataset, [], every=True)
    return dataset


def stripped_copy(folder: Path) -> Path:
    """The bundled dataset without what a curator adds, in ``folder``."""
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for fact in raw["facts"]:
        for name in CURATED:
            fact.pop(name, None)
    target = folder / "stripped"
    shutil.copytree(SHIPPED.parent / "sources", target / "sources")
    (target / "facts.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return target / "facts.json"


def build_datasets(items: list[Item], folder: Path) -> dict[str, Path]:
    """A dataset for each document the items ask about."""
    paths: dict[str, Path] = {}
    for item in items:
        if item.doc in paths:
            continue
        if item.doc == "shipped":
            paths[item.doc] = SHIPPED
        elif item.doc == "stripped":
            paths[item.doc] = stripped_copy(folder)
        else:
            paths[item.doc] = build_dataset(item.doc, folder)
    return paths


def as_number(value: str) -> Fraction | None:
    text = value.strip()
    scale = Fraction(1)
    if text.endswith("pp") or text.endswith("%"):
        text, scale = text.rstrip("p%"), Fraction(1, 100)
    try:
        if "/" in text:
            top, bottom = text.split("/", 1)
            return Fraction(Decimal(top)) / Fraction(Decimal(bottom)) * scale
        return Fraction(Decimal(text)) * scale
    except (ArithmeticError, ValueError, InvalidOperation):
        return None


def same_value(expected: str, got: str) -> bool:
    """Whether a fact's machine value is the expected one: numbers compared as numbers
    (88.5% = 0.885), dates as written."""
    a, b = as_number(expected), as_number(got)
    if a is not None and b is not None and "-" not in expected[1:]:
        return a == b or (a < 0 and -a == b)
    return expected.strip().upper() == got.strip().upper()


def is_right(item: Item, fact_id: str, value: str) -> bool:
    if item.expected is None:
        return False
    return fact_id == item.expected if item.by_id else same_value(item.expected, value)
