"""Evaluate `factcli ask` on the development question sets: right answers and abstentions.

    python benchmarks/ask_eval.py [SET...] [--misses] [--dump FILE] [--weights FILE]

SETs (default: all): ``seed`` (the bundled dataset, as shipped and stripped of curation),
``extracted`` (the federal releases of tests/data/extract), ``corpus2``, and each
``genres*`` folder's (blind sets of documents of other genres). For each document a
dataset is built as a user would (see `corpora`); an answer is right when its value is the
expected one (numbers as numbers), a question marked ``-`` is right when ask abstains.
``--dump`` writes every candidate's features and label (is its value the expected one) as
JSON lines, for ``fit_ask.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from corpora import Item, build_datasets, is_right, question_sets

from factcli.ask import AskTables, decide, weigh
from factcli.ask.features import held_stems
from factcli.ask.model import load_model
from factcli.store import open_store

TARGETS = {"seed": (0.95, 0.93), "corpus2": (0.90, 0.95)}


def evaluate(
    items: list[Item], datasets: dict[str, Path], weights: Path | None, dump: Any = None
) -> tuple[dict[str, list[int]], list[tuple[Item, str | None]], float]:
    """Per set [right, answerable, abstained, unanswerable]; the misses; seconds a question."""
    model = load_model(weights) if weights else load_model()
    opened: dict[str, tuple[Any, AskTables]] = {}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses: list[tuple[Item, str | None]] = []
    spent = 0.0
    for number, item in enumerate(items):
        if item.doc not in opened:
            store = open_store(datasets[item.doc], cache=None)
            opened[item.doc] = (store, AskTables.of(store))
        store, tables = opened[item.doc]
        started = time.perf_counter()
        weighing = weigh(store, tables, item.question, model)
        answers = decide(weighing, model)
        spent += time.perf_counter() - started
        got = answers[0].record if answers else None
        tally = counts[item.set]
        if item.expected is not None:
            tally[1] += 1
            ok = got is not None and is_right(item, got.id, got.value)
            tally[0] += ok
        else:
            tally[3] += 1
            ok = got is None
            tally[2] += ok
        if not ok:
            misses.append((item, f"{got.id} = {got.value}" if got else None))
        if dump is not None:
            for rank, candidate in enumerate(weighing.candidates):
                row = {
                    "question": number, "set": item.set, "doc": item.doc, "text": item.question,
                    "answerable": item.expected is not None, "rank": rank,
                    "value": candidate.record.value, "id": candidate.record.id,
                    "label": is_right(item, candidate.record.id, candidate.record.value),
                    "features": candidate.features, "score": candidate.score,
                    "held": sorted(held_stems(weighing.weighed.weights, candidate.evidence)),
                    "weights": weighing.weighed.weights if rank == 0 else None,
                }  # fmt: skip
                dump.write(json.dumps(row) + "\n")
    return counts, misses, spent / max(len(items), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--weights", type=Path)
    args = parser.parse_args()
    every = question_sets()
    chosen = args.sets or list(every)
    items = [item for name in chosen for item in every[name]]
    with tempfile.TemporaryDirectory() as folder:
        datasets = build_datasets(items, Path(folder))
        dump = args.dump.open("w", encoding="utf-8") if args.dump else None
        try:
            counts, misses, seconds = evaluate(items, datasets, args.weights, dump)
        finally:
            if dump:
                dump.close()
    below = False
    for name in chosen:
        right, answerable, abstained, unanswerable = counts[name]
        r, a = right / max(answerable, 1), abstained / max(unanswerable, 1)
        target = TARGETS.get(name)
        flag = "" if not target or (r >= target[0] and a >= target[1]) else "   BELOW TARGET"
        below = below or bool(flag)
        print(f"{name:10s} right {100 * r:5.1f}% of {answerable:3d}   "
              f"abstained {100 * a:5.1f}% of {unanswerable:3d}{flag}")  # fmt: skip
    print(f"{1000 * seconds:.1f} ms a question")
    if args.misses:
        for item, got in misses:
            print("  miss:", item.set, item.doc, item.question, item.expected, got, sep="\t")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
