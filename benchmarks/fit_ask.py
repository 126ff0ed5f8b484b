"""Fit ask's two models on the development questions, holding whole documents out.

    python benchmarks/ask_eval.py --dump /tmp/candidates.jsonl
    python benchmarks/fit_ask.py /tmp/candidates.jsonl [--write]

Every candidate of every development question is a row: its features (`ask.features`) and
whether its value is the expected one.

- The ranking model (a conditional logit: the softmax of the candidates' scores is the
  probability that each is the answer) is fitted on the answerable questions, with an L2
  penalty, by L-BFGS (scipy, from the ``dev`` extra), each weight kept to the direction
  its feature's meaning gives it (`ask.features.FOR`, `AGAINST`).
- The decision model (a logistic regression on `ask.features.DECISION_FEATURES`) is fitted
  on every question: is the ranking's best candidate right?

Documents are held out whole: each document's questions are ranked and decided by models
fitted on every other document. Those held-out outcomes choose the L2 strengths and the
threshold (the most right answers while abstaining on `ABSTENTION` of the questions the
documents do not answer), and give the figures printed: what to expect on documents the
models never saw. ``--write`` writes the models fitted on every document to
factcli/ask/weights.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcli.ask.features import (  # noqa: E402
    AGAINST,
    DECISION_FEATURES,
    FEATURES,
    FOR,
    decision_features,
)
from factcli.ask.model import WEIGHTS_FILE  # noqa: E402

RANKING_STRENGTHS = (0.3, 1.0, 3.0)
DECISION_STRENGTHS = (0.3, 1.0, 3.0)
# The decision must abstain on at least this share of the questions the documents do not
# answer, held out (what the product promises on documents it never saw: 90%).
ABSTENTION = 0.90

Question = dict[str, Any]


def load(path: Path) -> list[Question]:
    """Questions in order: set, document, whether answerable, candidates (features as an
    array, label, value), in the order retrieval gave them."""
    questions: dict[int, Question] = {}
    with path.open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            question = questions.setdefault(
                row["question"],
                {"set": row["set"], "doc": row["doc"], "answerable": row["answerable"],
                 "text": row.get("text", ""), "x": [], "labels": [], "values": [],
                 "features": [], "held": [], "weights": {}},
            )  # fmt: skip
            question["held"].append(frozenset(row.get("held", ())))
            if row.get("weights"):
                question["weights"] = row["weights"]
            question["x"].append([row["features"][name] for name in FEATURES])
            question["labels"].append(bool(row["label"]))
            question["values"].append(row["value"])
            question["features"].append(row["features"])
    for question in questions.values():
        question["x"] = np.array(question["x"], dtype=float)
        question["labels"] = np.array(question["labels"])
    return list(questions.values())


def fit_ranking(questions: list[Question], strength: float) -> np.ndarray:
    """The conditional logit's weights: the right candidates of each answerable question
    (those with one) against all its candidates."""
    usable = [q for q in questions if q["answerable"] and q["labels"].any()]
    question_weights = document_weights(usable)
    x = np.vstack([q["x"] for q in usable])
    right = np.concatenate([q["labels"] for q in usable])
    sizes = np.array([len(q["labels"]) for q in usable])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group = np.repeat(np.arange(len(usable)), sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = x @ w
        top = np.maximum.reduceat(scores, starts)
        exp = np.exp(scores - top[group])
        every = np.add.reduceat(exp, starts)
        held = np.add.reduceat(np.where(right, exp, 0.0), starts)
        total = float(question_weights @ (np.log(every) - np.log(held)))
        total += 0.5 * strength * float(w @ w)
        weights = exp / every[group] - np.where(right, exp, 0.0) / held[group]
        weights *= question_weights[group]
        return total, weights @ x + strength * w

    bounds = [
        (0.0, None) if name in FOR else (None, 0.0) if name in AGAINST else (None, None)
        for name in FEATURES
    ]
    found = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B", bounds=bounds)
    return np.asarray(found.x)


def document_weights(questions: list[Question]) -> np.ndarray:
    """Each question's weight: one over the square root of its document's question count,
    scaled to average 1, so that each document counts about as much as another."""
    counts: dict[str, int] = defaultdict(int)
    for q in questions:
        counts[group_of(q)] += 1
    found = np.array([1 / np.sqrt(counts[group_of(q)]) for q in questions])
    return found * len(questions) / found.sum()


def decision_rows(questions: list[Question], weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each question's decision features under a ranking, and whether its best is right."""
    rows, labels = [], []
    for q in questions:
        scores = q["x"] @ weights
        order = np.argsort(-scores, kind="stable")
        ranked = [(float(scores[i]), q["features"][i], q["values"][i]) for i in order]
        held = [q["held"][i] for i in order]
        found = decision_features(ranked, held, q["weights"])
        rows.append([found[name] for name in DECISION_FEATURES])
        labels.append(bool(q["answerable"] and len(order) and q["labels"][order[0]]))
    return np.array(rows, dtype=float), np.array(labels, dtype=float)


def fit_decision(
    x: np.ndarray, y: np.ndarray, strength: float, sample: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Logistic regression (L2 on the weights, not the bias) by Newton's method, each row
    weighed by ``sample``."""
    sample = np.ones(len(x)) if sample is None else sample
    design = np.hstack([x, np.ones((len(x), 1))])
    weights = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], strength)
    penalty[-1] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(design @ weights, -30, 30)))
        gradient = design.T @ (sample * (p - y)) + penalty * weights
        hessian = (design * (sample * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights[:-1], float(weights[-1])


def group_of(question: Question) -> str:
    # The bundled dataset is one document, however it is asked (shipped, stripped).
    return "bundled" if question["doc"] in ("shipped", "stripped") else question["doc"]


def held_out(
    questions: list[Question], ranking_strength: float, decision_strength: float
) -> list[tuple[float, bool]]:
    """Each question's (confidence, best is right), from models fitted without its document."""
    groups: dict[str, list[int]] = defaultdict(list)
    for n, q in enumerate(questions):
        groups[group_of(q)].append(n)
    found: list[tuple[float, bool]] = [(0.0, False)] * len(questions)
    for numbers in groups.values():
        held = set(numbers)
        train = [q for n, q in enumerate(questions) if n not in held]
        weights = fit_ranking(train, ranking_strength)
        x, y = decision_rows(train, weights)
        decision, bias = fit_decision(x, y, decision_strength, document_weights(train))
        test_x, test_y = decision_rows([questions[n] for n in numbers], weights)
        confidence = 1 / (1 + np.exp(-(test_x @ decision + bias)))
        for n, c, right in zip(numbers, confidence, test_y, strict=True):
            found[n] = (float(c), bool(right))
    return found


def tally(
    questions: list[Question], outcomes: list[tuple[float, bool]], threshold: float
) -> dict[str, list[int]]:
    """Per set: [right, answerable, abstained, unanswerable]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for q, (confidence, right) in zip(questions, outcomes, strict=True):
        counted = counts[q["set"]]
        answered = confidence >= threshold
        if q["answerable"]:
            counted[1] += 1
            counted[0] += answered and right
        else:
            counted[3] += 1
            counted[2] += not answered
    return counts


def choose_threshold(
    questions: list[Question], outcomes: list[tuple[float, bool]]
) -> tuple[float, float]:
    """The threshold that answers the most right while abstaining on `ABSTENTION` of the
    unanswerable questions of every set together; and the share right then."""
    best = (0.5, -1.0)
    for threshold in np.arange(0.02, 0.99, 0.01):
        counts = tally(questions, outcomes, float(threshold))
        right = sum(c[0] for c in counts.values()) / max(sum(c[1] for c in counts.values()), 1)
        abstained = sum(c[2] for c in counts.values()) / max(sum(c[3] for c in counts.values()), 1)
        if abstained >= ABSTENTION and right > best[1]:
            best = (float(threshold), right)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    questions = load(args.dump)
    results = []
    for ranking_strength in RANKING_STRENGTHS:
        for decision_strength in DECISION_STRENGTHS:
            outcomes = held_out(questions, ranking_strength, decision_strength)
            threshold, right = choose_threshold(questions, outcomes)
            results.append((right, ranking_strength, decision_strength, threshold, outcomes))
            print(f"L2 ranking {ranking_strength:5.1f}, decision {decision_strength:5.1f}: "
                  f"held out {100 * right:.1f}% right at threshold {threshold:.2f}")  # fmt: skip
    right, ranking_strength, decision_strength, threshold, outcomes = max(
        results, key=lambda r: r[0]
    )
    print(f"\nchosen: L2 {ranking_strength} (ranking), {decision_strength} (decision), "
          f"threshold {threshold:.2f}; documents held out:")  # fmt: skip
    first = tally(questions, outcomes, 0.0)  # answering always: the best ranked first
    for name, (r, answerable, a, unanswerable) in sorted(tally(questions, outcomes,
                                                               threshold).items()):  # fmt: skip
        print(f"  {name:10s} right {100 * r / max(answerable, 1):5.1f}% of {answerable:3d}   "
              f"abstained {100 * a / max(unanswerable, 1):5.1f}% of {unanswerable:3d}   "
              f"(ranked first: {100 * first[name][0] / max(answerable, 1):.1f}%)")  # fmt: skip
    ranking = fit_ranking(questions, ranking_strength)
    x, y = decision_rows(questions, ranking)
    decision, bias = fit_decision(x, y, decision_strength, document_weights(questions))
    model = {
        "note": "fitted by benchmarks/fit_ask.py on the development questions; whole documents "
        "held out to choose the L2 strengths and the threshold",
        "l2": {"ranking": ranking_strength, "decision": decision_strength},
        "ranking": {n: round(float(w), 4) for n, w in zip(FEATURES, ranking, strict=True)},
        "decision": {
            n: round(float(w), 4) for n, w in zip(DECISION_FEATURES, decision, strict=True)
        },  # fmt: skip
        "decision_bias": round(bias, 4),
        "threshold": round(threshold, 2),
    }
    for part in ("ranking", "decision"):
        print(f"\n{part} weights (every document):")
        for name, weight in sorted(model[part].items(), key=lambda item: -abs(item[1])):
            print(f"  {name:28s} {weight:+.3f}")
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"written: {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
