"""The evidence a fact gives for a question, as numbers: how much of the question's weight its
fields hold, whether its kind and period fit, whether the question names its own value.

No feature vetoes a fact: each is weighed by a fitted weight (`model`), so a fact whose
sentence lacks a word the question uses can still be the answer when the rest of its
evidence (its heading, its document, its period) carries the question.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from factcli.ask2.evidence import FIELDS, Evidence
from factcli.ask2.question import Question

if TYPE_CHECKING:
    from factcli.language.values import DateLike
    from factcli.model.records import FactRecord

# Every feature, in the order the weights are written.
FEATURES = (
    *(f"cover_{name}" for name in FIELDS),
    "cover_all",
    "cover_best",
    "names_missing",
    "focus_in_measure",
    "focus_in_own",
    "unknown_share",
    "kind_fits",
    "kind_unfit",
    "no_kind_asked",
    "date_not_asked",
    "period_same_own",
    "period_same_inherited",
    "period_inside",
    "period_covers",
    "period_disjoint_own",
    "period_disjoint_inherited",
    "period_missing",
    "month_named_fits",
    "month_named_other",
    "value_named",
    "value_named_in_sentence",
    "direction_fits",
    "direction_other",
    "retrieval_rank",
)


# The evidence that the best candidate is the answer (`decision_features`): how much more
# it is supported than the best fact of another value, and its own evidence.
DECISION_FEATURES = (
    "best_probability",
    "gap_to_other_value",
    "no_other_value",
    "same_value_share",
    "best_cover_all",
    "best_kind_fits",
    "best_kind_unfit",
    "best_names_missing",
    "best_focus_in_measure",
    "best_period_same",
    "best_period_disjoint",
    "best_period_missing",
    "best_value_named",
    "unknown_share",
    "few_candidates",
)
# A gap in ranking score this large or more counts as this large.
MAX_GAP = 8.0


def decision_features(
    ranked: Sequence[tuple[float, Mapping[str, float], str]],
) -> dict[str, float]:
    """The features of the decision to answer with the best of ranked candidates
    (score, features, value), best first."""
    found = dict.fromkeys(DECISION_FEATURES, 0.0)
    if not ranked:
        return found
    best_score, best, value = ranked[0]
    top = max(score for score, _, _ in ranked)
    exp = [math.exp(score - top) for score, _, _ in ranked]
    total = sum(exp)
    found["best_probability"] = exp[0] / total
    found["same_value_share"] = sum(e for e, (_, _, v) in zip(exp, ranked, strict=True)
                                    if v == value) / total  # fmt: skip
    other = next((score for score, _, v in ranked[1:] if v != value), None)
    if other is None:
        found["no_other_value"] = 1.0
        found["gap_to_other_value"] = MAX_GAP
    else:
        found["gap_to_other_value"] = min(best_score - other, MAX_GAP)
    found["best_cover_all"] = best["cover_all"]
    found["best_kind_fits"] = best["kind_fits"]
    found["best_kind_unfit"] = best["kind_unfit"]
    found["best_names_missing"] = best["names_missing"]
    found["best_focus_in_measure"] = best["focus_in_measure"]
    found["best_period_same"] = best["period_same_own"] + best["period_same_inherited"]
    found["best_period_disjoint"] = best["period_disjoint_own"] + best["period_disjoint_inherited"]
    found["best_period_missing"] = best["period_missing"]
    found["best_value_named"] = best["value_named"]
    found["unknown_share"] = best["unknown_share"]
    found["few_candidates"] = 1 / len(ranked)
    return found


@dataclass(frozen=True)
class Weighed:
    """A question's words with their weights: a rare word tells more than a common one."""

    weights: Mapping[str, float]  # each known stem of the question, by inverse frequency
    unknown_share: float  # the share of the question's weight no fact holds


def weigh_terms(stems: Sequence[str], frequency: Mapping[str, int], facts: int) -> Weighed:
    """Inverse document frequency of each stem; a stem no fact holds is unknown."""
    weights: dict[str, float] = {}
    unknown = 0.0
    most = math.log((facts + 1) / 0.5)
    for stem in dict.fromkeys(stems):
        count = frequency.get(stem, 0)
        if count:
            weights[stem] = math.log((facts + 1) / (count + 0.5))
        else:
            unknown += most
    total = sum(weights.values()) + unknown
    return Weighed(weights, unknown / total if total else 0.0)


def features(
    question: Question,
    weighed: Weighed,
    record: FactRecord,
    evidence: Evidence,
    rank: int,
    best_cover: float,
) -> dict[str, float]:
    """The features of one candidate fact (``rank``: its place in the retrieval;
    ``best_cover``: the most any candidate covers)."""
    found: dict[str, float] = dict.fromkeys(FEATURES, 0.0)
    total = sum(weighed.weights.values())
    if total:
        for name in FIELDS:
            held = evidence.fields[name]
            found[f"cover_{name}"] = sum(w for s, w in weighed.weights.items() if s in held) / total
        found["cover_all"] = cover_all(weighed, evidence)
        found["cover_best"] = found["cover_all"] / best_cover if best_cover else 0.0
    names = question.names
    if names:
        held_names = sum(1 for stem in names if evidence.holds(stem))
        found["names_missing"] = 1 - held_names / len(names)
    if question.focus:
        fields = evidence.fields
        measure = fields["measure"] | fields["subject"] | fields["context"]
        found["focus_in_measure"] = len(question.focus & measure) / len(question.focus)
        found["focus_in_own"] = len(question.focus & evidence.fields["own"]) / len(question.focus)
    found["unknown_share"] = weighed.unknown_share
    _kind(question, record, found)
    _period(question, record, evidence, found)
    _values(question, record, found)
    found["retrieval_rank"] = 1 / (1 + rank)
    return found


def cover_all(weighed: Weighed, evidence: Evidence) -> float:
    """The share of the question's known weight the fact's evidence holds anywhere."""
    total = sum(weighed.weights.values())
    if not total:
        return 0.0
    return sum(w for s, w in weighed.weights.items() if evidence.holds(s)) / total


# What each kind of answer is: the shapes of value that answer it.
_FITS = {
    "date": ("date",),
    "money": ("money",),
    "share": ("percent", "points", "ratio"),
    "count": ("count",),
    "duration": ("duration",),
    "amount": ("money", "count", "percent", "points"),
}
_DURATION_UNITS = ("year", "month", "week", "day", "hour", "decade", "minute")


def value_shape(record: FactRecord) -> str:
    """The shape of a fact's value: date, money, percent, points, ratio, duration, count."""
    detail = record.value_detail
    if record.kind == "date":
        return "date"
    if record.kind == "money":
        return "money"
    if "percent" in detail:
        return "percent"
    if "percentage_points" in detail:
        return "points"
    if "numerator" in detail:
        return "ratio"
    unit = str(detail.get("unit") or "").lower()
    if any(unit.startswith(word) for word in _DURATION_UNITS) and not detail.get("per"):
        return "duration"
    return "count"


def _kind(question: Question, record: FactRecord, found: dict[str, float]) -> None:
    shape = value_shape(record)
    if question.wanted is None:
        found["no_kind_asked"] = 1.0
        found["date_not_asked"] = float(shape == "date" and bool(question.periods))
        return
    fits = shape in _FITS[question.wanted]
    found["kind_fits" if fits else "kind_unfit"] = 1.0
    if question.wanted != "date" and shape == "date":
        found["date_not_asked"] = 1.0


def _period(
    question: Question, record: FactRecord, evidence: Evidence, found: dict[str, float]
) -> None:
    from factcli.language.values import date_from_iso

    # In a question asking when, a date it names is the fact's value, not its period.
    periods = [
        p for p in question.periods if not (question.wanted == "date" and _same_value(p, record))
    ]
    if question.months and evidence.period:
        own = date_from_iso(evidence.period)
        months = {own.first_day().month, own.last_day().month}
        found["month_named_fits" if months & set(question.months) else "month_named_other"] = 1.0
    if not periods:
        return
    if evidence.period is None:
        found["period_missing"] = 1.0
        return
    fact = date_from_iso(evidence.period)
    inherited = evidence.origin != "own"
    best = max((_relation(asked, fact) for asked in periods), key=_RELATIONS.index)
    if best == "same":
        found["period_same_inherited" if inherited else "period_same_own"] = 1.0
    elif best == "inside":
        found["period_inside"] = 1.0
    elif best == "covers":
        found["period_covers"] = 1.0
    else:
        found["period_disjoint_inherited" if inherited else "period_disjoint_own"] = 1.0


_RELATIONS = ("disjoint", "covers", "inside", "same")


def _relation(asked: DateLike, fact: DateLike) -> str:
    """How a fact's period stands to the one asked: the same days, inside it, covering it
    (and more), or apart (an overlap that is neither counts as covering)."""
    a_first, a_last = asked.first_day(), asked.last_day()
    f_first, f_last = fact.first_day(), fact.last_day()
    if (a_first, a_last) == (f_first, f_last):
        return "same"
    if f_last < a_first or a_last < f_first:
        return "disjoint"
    if a_first <= f_first and f_last <= a_last:
        return "inside"
    return "covers"


def _same_value(period: DateLike, record: FactRecord) -> bool:
    return record.kind == "date" and record.value == period.iso()


def _values(question: Question, record: FactRecord, found: dict[str, float]) -> None:
    """Whether the question names the fact's own value (then it is what the user knows,
    not what is asked), or a value its sentence states (the event it picks out)."""
    detail = record.value_detail
    own: Decimal | None = None
    if "amount" in detail and record.kind == "money":
        own = Decimal(str(detail["amount"]))
        found["value_named"] = float(own in question.amounts)
    elif "percent" in detail:
        own = Decimal(str(detail["percent"]))
        found["value_named"] = float(own in question.percents)
    elif record.kind == "date" and question.wanted != "date":
        found["value_named"] = float(any(_same_value(p, record) for p in question.periods))
    if question.amounts or question.percents:
        from factcli.language.mentions import amount_mentions, percent_mentions

        sentence = f"{record.quote} {record.statement}"
        stated = {m.value for m in (*amount_mentions(sentence), *percent_mentions(sentence))}
        named = {*question.amounts, *question.percents} - ({own} if own is not None else set())
        found["value_named_in_sentence"] = float(bool(named) and named <= stated)
    change = detail.get("change")
    if question.direction and change:
        found["direction_fits" if change == question.direction else "direction_other"] = 1.0
