"""Evaluate `factcli ask`: top-1 accuracy and abstention, on the dataset and stripped of curation.

    python benchmarks/ask_eval.py [--dev FILE] [--questions FILE] [--data PATH] [--misses]

Two question sets, each asked of two datasets, make four figures:

- the development file (``question<TAB>expected machine value<TAB>answer|abstain``, as in
  ../shared/ask_dev_questions.tsv): an answer is right when its machine value (what
  ``factcli get ID --field value`` prints) is the expected one;
- the project's own set, tests/data/ask_questions.json (``{"question", "answer": id|null}``);

asked of the dataset as shipped, and of a "stripped" copy without tags, subject,
population, attributed_to, related and note (what a dataset made by ``factcli extract``
lacks), which this script writes to a temporary folder itself.

Exits 1 when a figure is below its target: 95% right and 95% abstained on the dataset,
90% right and 95% abstained stripped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcli.ask import AskCorpus, NoSourcedAnswer, ask  # noqa: E402
from factcli.store.catalog import MemoryCatalog  # noqa: E402
from factcli.model.dataset import load_dataset  # noqa: E402

DEV = REPO.parent / "shared" / "ask_dev_questions.tsv"
OWN = REPO / "tests" / "data" / "ask_questions.json"
CURATED = ("tags", "subject", "population", "attributed_to", "related", "note")
TARGETS = {"shipped": (0.95, 0.95), "stripped": (0.90, 0.95)}


@dataclass(frozen=True)
class Item:
    """One question, and what a right outcome is: a fact's id or machine value, or None."""

    question: str
    expected: str | None
    by: str  # "id" or "value"


@dataclass(frozen=True)
class Evaluation:
    """How a question set fared on one dataset."""

    accuracy: float
    abstention: float
    answerable: int
    unanswerable: int
    misses: list[tuple[str, str | None, str | None]]
    ms_per_question: float


def read_dev(path: Path) -> list[Item]:
    """The development file: question, expected machine value, answer|abstain."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        question, value, outcome = line.split("\t")[:3]
        items.append(Item(question, value if outcome.strip() == "answer" else None, "value"))
    return items


def read_own(path: Path) -> list[Item]:
    """The project's question set: {"question", "answer": fact id or null}."""
    return [Item(q["question"], q["answer"], "id") for q in json.loads(path.read_text("utf-8"))]


def evaluate(items: list[Item], corpus: AskCorpus) -> Evaluation:
    """Ask every question; count right answers, abstentions, and misses."""
    right = abstained = answerable = 0
    misses = []
    started = time.perf_counter()
    for item in items:
        try:
            record = ask(corpus, item.question)[0].record
            got: str | None = record.id if item.by == "id" else record.value
        except NoSourcedAnswer:
            got = None
        if item.expected is None:
            abstained += got is None
        else:
            answerable += 1
            right += got == item.expected
        if got != item.expected:
            misses.append((item.question, item.expected, got))
    elapsed = time.perf_counter() - started
    unanswerable = len(items) - answerable
    return Evaluation(
        accuracy=right / answerable if answerable else 1.0,
        abstention=abstained / unanswerable if unanswerable else 1.0,
        answerable=answerable,
        unanswerable=unanswerable,
        misses=misses,
        ms_per_question=1000 * elapsed / max(len(items), 1),
    )


def stripped_copy(data: Path, folder: Path) -> Path:
    """The dataset without what only a curator adds, beside a copy of its sources."""
    raw: dict[str, Any] = json.loads(data.read_text(encoding="utf-8"))
    for fact in raw["facts"]:
        for key in CURATED:
            fact.pop(key, None)
    for source in raw["sources"]:
        target = folder / source["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data.parent / source["file"], target)
    path = folder / "facts.json"
    path.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def corpus_of(data: Path) -> AskCorpus:
    return MemoryCatalog.from_loaded(load_dataset(data)).ask_corpus()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--questions", type=Path, default=OWN)
    parser.add_argument("--data", type=Path, default=REPO / "data" / "facts.json")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    os.environ.setdefault("FACTCLI_NO_CACHE", "1")
    sets = {"own": read_own(args.questions)}
    if args.dev.is_file():
        sets = {"dev": read_dev(args.dev), **sets}
    passed = True
    with tempfile.TemporaryDirectory() as folder:
        datasets = {"shipped": args.data, "stripped": stripped_copy(args.data, Path(folder))}
        for dataset, path in datasets.items():
            corpus = corpus_of(path)
            for name, items in sets.items():
                result = evaluate(items, corpus)
                accuracy, abstention = TARGETS[dataset]
                ok = result.accuracy >= accuracy and result.abstention >= abstention
                passed &= ok
                print(
                    f"{name:>3} on {dataset:<8}  right {result.accuracy:6.1%} of "
                    f"{result.answerable:3} (target {accuracy:.0%})   abstained "
                    f"{result.abstention:6.1%} of {result.unanswerable:3} (target "
                    f"{abstention:.0%})   {result.ms_per_question:.2f} ms/question"
                    f"{'' if ok else '   BELOW TARGET'}"
                )
                if args.misses:
                    for question, expected, got in result.misses:
                        print(f"    {question!r}: expected {expected or 'abstain'}, "
                              f"got {got or 'abstain'}")  # fmt: skip
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
