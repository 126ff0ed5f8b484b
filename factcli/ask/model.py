"""How evidence is weighed: two small models fitted on development questions.

- The *ranking* model scores each candidate fact: a weighted sum of its features
  (`features.FEATURES`), fitted so that the right fact of a question scores above the others
  (a conditional logit: the softmax of the scores over a question's candidates is the
  probability that each is the answer).
- The *decision* model says how likely the best candidate is to be the right answer, from
  how far it stands above the best fact of another value and from its own evidence
  (`features.DECISION_FEATURES`): a logistic regression. The best candidate answers when
  that likelihood reaches the threshold.

The weights are data (`weights.json`), written by ``benchmarks/fit_ask.py`` from the
development corpora's questions, with whole documents held out to choose the regularization
and the threshold and to report how the models do on documents they never saw.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from factcli.ask.features import DECISION_FEATURES, FEATURES

WEIGHTS_FILE = Path(__file__).resolve().parent / "weights.json"


@dataclass(frozen=True)
class Model:
    """Fitted weights of both models, and the decision's threshold."""

    ranking: Mapping[str, float]
    decision: Mapping[str, float]
    decision_bias: float
    threshold: float

    def score(self, found: Mapping[str, float]) -> float:
        """A candidate's ranking score (higher is better supported)."""
        return sum(self.ranking.get(name, 0.0) * value for name, value in found.items())

    def confidence(self, found: Mapping[str, float]) -> float:
        """The probability that the best candidate is the right answer."""
        total = self.decision_bias + sum(
            self.decision.get(name, 0.0) * value for name, value in found.items()
        )
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, total))))

    def contributions(self, found: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each feature's part of a ranking score (weight times value), largest first."""
        parts = [(name, self.ranking.get(name, 0.0) * value) for name, value in found.items()]
        return sorted((p for p in parts if p[1]), key=lambda part: -abs(part[1]))


@cache
def load_model(path: Path = WEIGHTS_FILE) -> Model:
    """The models shipped with factcli (or ones written elsewhere, for fitting)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for part, known in (("ranking", FEATURES), ("decision", DECISION_FEATURES)):
        if unknown := set(data[part]) - set(known):
            raise ValueError(f"{part} weights for unknown features: {sorted(unknown)}")
    return Model(data["ranking"], data["decision"], data["decision_bias"], data["threshold"])
