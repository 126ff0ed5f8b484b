"""Evaluate `factcli ask` on a set of questions: top-1 accuracy and abstention rate.

    python benchmarks/ask_eval.py [--questions FILE] [--data PATH]

FILE is a JSON list of {"question": ..., "answer": fact-id or null}; null marks a
question the dataset cannot answer, where the right outcome is to abstain. Prints the
two rates, every miss, and the time a question takes beyond start-up. Exits 1 when a
rate is below its target (95% answered right, 90% abstained).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcli.ask import NoSourcedAnswer, ask  # noqa: E402
from factcli.catalog import load_catalog  # noqa: E402

ACCURACY_TARGET = 0.95
ABSTENTION_TARGET = 0.90


@dataclass(frozen=True)
class Evaluation:
    """How a question set fared."""

    accuracy: float
    abstention: float
    answerable: int
    unanswerable: int
    misses: list[tuple[str, str | None, str | None]]
    ms_per_question: float


def evaluate(questions: list[dict[str, str | None]], data: Path | None) -> Evaluation:
    """Ask every question; count right answers, abstentions, and misses."""
    corpus = load_catalog(data).ask_corpus()
    right = abstained = answerable = 0
    misses = []
    started = time.perf_counter()
    for item in questions:
        question, expected = str(item["question"]), item["answer"]
        try:
            got: str | None = ask(corpus, question)[0].record.id
        except NoSourcedAnswer:
            got = None
        if expected is None:
            abstained += got is None
        else:
            answerable += 1
            right += got == expected
        if got != expected:
            misses.append((question, expected, got))
    elapsed = time.perf_counter() - started
    unanswerable = len(questions) - answerable
    return Evaluation(
        accuracy=right / answerable if answerable else 1.0,
        abstention=abstained / unanswerable if unanswerable else 1.0,
        answerable=answerable,
        unanswerable=unanswerable,
        misses=misses,
        ms_per_question=1000 * elapsed / max(len(questions), 1),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=REPO / "tests/data/ask_questions.json")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    result = evaluate(json.loads(args.questions.read_text(encoding="utf-8")), args.data)
    print(f"questions: {result.answerable} answerable, {result.unanswerable} unanswerable")
    print(f"top-1 accuracy on answerable:    {result.accuracy:.1%} (target {ACCURACY_TARGET:.0%})")
    print(
        f"abstention on unanswerable:      {result.abstention:.1%} (target {ABSTENTION_TARGET:.0%})"
    )
    print(f"time per question (no start-up): {result.ms_per_question:.2f} ms")
    print(f"misses: {len(result.misses)}")
    for question, expected, got in result.misses:
        print(f"  {question!r}: expected {expected or 'no answer'}, got {got or 'no answer'}")
    passed = result.accuracy >= ACCURACY_TARGET and result.abstention >= ABSTENTION_TARGET
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
