"""The evidence a fact gives for a question, as numbers: how much of the question's weight its
fields hold, whether its kind and period fit, whether the question names its own value.

No feature vetoes a fact: each is weighed by a fitted weight (`model`), so a fact whose
sentence lacks a word the question uses can still be the answer when the rest of its
evidence (its heading, its document, its period) carries the question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from factcli.ask.evidence import FIELDS, Evidence
from factcli.ask.question import Question

if TYPE_CHECKING:
    from factcli.language.values import DateLike
    from factcli.model.records import FactRecord

# Every feature, in the order the weights are written.
FEATURES = (
    *(f"cover_{name}" for name in FIELDS),
    "cover_all",
    "cover_fact",
    "cover_best",
    "pairs_missing",
    "names_missing",
    "places_unknown",
    "distributive_missing",
    "focus_in_measure",
    "focus_in_own",
    "focus_head_in_measure",
    "unknown_share",
    "rarest_missing",
    "missing_words",
    "unknown_words",
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
    "change_asked_fact_change",
    "change_asked_fact_level",
    "level_asked_fact_change",
    "fact_is_comparison",
    "comparison_asked_fits",
    "near_period_fits",
    "near_period_other",
    "retrieval_rank",
    "retrieval_score",
)


# The direction each feature's weight may take, fixed by what the feature means: evidence
# for a fact may not count against it, nor evidence against it for it, whatever a small
# development set suggests ("its period is the one asked" never lowers a score). Features
# not named are free; those the same for every candidate of a question (``unknown_share``,
# ``no_kind_asked``) do not rank.
FOR = frozenset({
    *(f"cover_{name}" for name in FIELDS), "cover_all", "cover_fact", "cover_best",
    "focus_in_measure", "focus_in_own", "focus_head_in_measure", "kind_fits",
    "period_same_own", "period_same_inherited", "period_inside", "month_named_fits",
    "value_named_in_sentence", "direction_fits", "change_asked_fact_change",
    "comparison_asked_fits", "near_period_fits", "retrieval_rank", "retrieval_score",
})  # fmt: skip
AGAINST = frozenset({
    "pairs_missing", "names_missing", "distributive_missing", "rarest_missing",
    "missing_words", "kind_unfit", "date_not_asked", "period_disjoint_own",
    "period_disjoint_inherited", "period_missing", "month_named_other", "value_named",
    "direction_other", "change_asked_fact_level", "level_asked_fact_change",
    "near_period_other",
})  # fmt: skip


# The evidence that the best candidate is the answer (`decision_features`): how much more
# it is supported than the best fact of another value, and its own evidence.
# The best candidate's own features the decision weighs.
DECIDING = (
    "cover_fact", "cover_all", "rarest_missing", "missing_words", "unknown_words",
    "unknown_share", "names_missing", "places_unknown", "kind_fits", "kind_unfit",
    "period_same_own", "period_disjoint_own", "period_disjoint_inherited", "period_missing",
    "value_named", "focus_head_in_measure", "focus_in_measure", "distributive_missing",
    "pairs_missing", "change_asked_fact_level", "level_asked_fact_change",
)  # fmt: skip
DECISION_FEATURES = (
    "best_probability",
    "missing_held_by_other",
    "rarest_held_by_other",
    "gap_to_other_value",
    "no_other_value",
    "same_value_share",
    "few_candidates",
    *(f"best_{name}" for name in DECIDING),
)
# A gap in ranking score this large or more counts as this large.
MAX_GAP = 8.0


def decision_features(
    ranked: Sequence[tuple[float, Mapping[str, float], str]],
    held: Sequence[frozenset[str]] = (),
    weights: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The features of the decision to answer with the best of ranked candidates
    (score, features, value), best first; ``held``: the question's stems each candidate's
    own evidence holds (`held_stems`), in the same order; ``weights``: the question's stem
    weights (`Weighed.weights`)."""
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
    for name in DECIDING:
        found[f"best_{name}"] = best[name]
    found["few_candidates"] = 1 / len(ranked)
    if held and weights:
        # A word of the question the best fact lacks but a close rival holds says the
        # question is about something the best fact is not ("men" asked, "women" held).
        rivals = frozenset().union(*held[1:RIVALS])
        lacking = rivals - held[0]
        weight = sum(weights.values())
        if lacking and weight:
            found["missing_held_by_other"] = sum(weights[s] for s in lacking) / weight
            found["rarest_held_by_other"] = max(weights[s] for s in lacking) / max(weights.values())
    return found


# How many candidates, the best included, are its rivals for the words it lacks.
RIVALS = 10


def held_stems(weights: Mapping[str, float], evidence: Evidence) -> frozenset[str]:
    """The question's stems a fact's own evidence holds."""
    own = evidence.own_words
    return frozenset(stem for stem in weights if stem in own)


@dataclass(frozen=True)
class Weighed:
    """A question's words with their weights: a rare word tells more than a common one."""

    weights: Mapping[str, float]  # each known stem of the question, by inverse frequency
    unknown_share: float  # the share of the question's weight no fact holds
    unknown: frozenset[str] = frozenset()  # the stems no fact holds
    most: float = 1.0  # the weight of a word no fact holds


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
    missing = frozenset(stem for stem in stems if not frequency.get(stem, 0))
    return Weighed(weights, unknown / total if total else 0.0, missing, most)


def features(
    question: Question,
    weighed: Weighed,
    record: FactRecord,
    evidence: Evidence,
    rank: int,
    best_cover: float,
    retrieval: float = 0.0,
) -> dict[str, float]:
    """The features of one candidate fact (``evidence``: with the names its abbreviations
    stand for, `with_abbreviations`; ``rank``: its place in the retrieval; ``best_cover``:
    the most any candidate covers; ``retrieval``: its retrieval score over the best's)."""
    found: dict[str, float] = dict.fromkeys(FEATURES, 0.0)
    total = sum(weighed.weights.values())
    if total:
        for name in FIELDS:
            held = evidence.fields[name]
            found[f"cover_{name}"] = sum(w for s, w in weighed.weights.items() if s in held) / total
        found["cover_all"] = cover_all(weighed, evidence)
        fact = evidence.own_words
        found["cover_fact"] = sum(w for s, w in weighed.weights.items() if s in fact) / total
        found["cover_best"] = found["cover_all"] / best_cover if best_cover else 0.0
    pairs = [(a, b) for a, b in question.pairs if a in weighed.weights and b in weighed.weights]
    if pairs:
        fact = evidence.own_words
        found["pairs_missing"] = sum(1 for a, b in pairs if a not in fact or b not in fact) / len(
            pairs
        )
    names = question.names
    if names:
        held_names = sum(1 for stem in names if evidence.holds(stem))
        found["names_missing"] = 1 - held_names / len(names)
    if question.focus:
        fields = evidence.fields
        measure = fields["measure"] | fields["subject"] | fields["context"]
        found["focus_in_measure"] = len(question.focus & measure) / len(question.focus)
        found["focus_in_own"] = len(question.focus & evidence.fields["own"]) / len(question.focus)
    if question.focus_head:
        counted = evidence.fields["measure"] | evidence.fields["near"]
        found["focus_head_in_measure"] = float(question.focus_head in counted)
    found["unknown_share"] = weighed.unknown_share
    # What the fact's own evidence lacks of the question: its rarest word missing (a word
    # no fact holds counts as the rarest), and how many words are missing.
    own = evidence.own_words
    missing = [w for s, w in weighed.weights.items() if s not in own]
    missing += [weighed.most] * len(weighed.unknown)
    found["rarest_missing"] = max(missing, default=0.0) / weighed.most
    found["missing_words"] = math.log1p(len(missing))
    found["unknown_words"] = math.log1p(len(weighed.unknown))
    if question.places:
        unknown = [stem for stem in question.places if stem not in weighed.weights]
        found["places_unknown"] = len(unknown) / len(question.places)
    if question.distributive:
        lacking = question.distributive - evidence.own_words
        found["distributive_missing"] = len(lacking) / len(question.distributive)
    _kind(question, record, found)
    _period(question, record, evidence, found)
    _values(question, record, found)
    _roles(question, record, found)
    found["retrieval_rank"] = 1 / (1 + rank)
    found["retrieval_score"] = retrieval
    return found


def with_abbreviations(question: Question, record: FactRecord, evidence: Evidence) -> Evidence:
    """The evidence, its subject holding the words of each name of the question that an
    abbreviation of the fact stands for ("Que.": Quebec), and each abbreviation of the
    question that stands for a name of the fact ("USPS": U.S. Postal Service)."""
    from factcli.language.abbreviations import abbreviations, name_runs, stands_for, word_runs
    from factcli.language.words import word_stem

    texts = f"{record.subject or ''} \n {record.quote}"
    added: set[str] = set()
    fact_abbreviations = abbreviations(texts)
    for run in question.name_runs:
        if any(stands_for(a, run) for a in fact_abbreviations):
            added.update(word_stem(word.replace(".", "")) for word in run)
    asked = [a for a in abbreviations(question.text) if a not in evidence.all_words]
    if asked:
        runs = name_runs(texts) + word_runs(f"{record.statement} \n {record.quote}")
        for run in runs:
            added.update(word_stem(a) for a in asked if stands_for(a, run))
    if not added - evidence.fields["subject"]:
        return evidence
    fields = {**evidence.fields, "subject": evidence.fields["subject"] | added}
    return Evidence(evidence.pos, fields, evidence.period, evidence.origin)


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


# The words right before a figure that make it a change ("by"), a level reached ("to"), a
# level left or compared with ("from", "compared with", "than", "versus"), or a figure of
# another period in parentheses ("(94.1% in 2020)").
_BY = re.compile(r"\bby\s*$", re.IGNORECASE)
_TO = re.compile(r"\b(?:to|at|reached|stood\s+at|was|were|is|of)\s*$", re.IGNORECASE)
_COMPARED = re.compile(
    r"(?:\bfrom|\bcompared\s+(?:with|to)|\bthan|\bversus|\bvs\.?|\bagainst|\(|,\s*)\s*$",
    re.IGNORECASE,
)
_ASKS_CHANGE = re.compile(
    r"\bby\s+how\s+much\b|\bhow\s+much\s+(?:did|has|have|was|were)\b.*\b(?:rise|rose|risen|"
    r"fall|fell|fallen|grow|grew|grown|increase|decrease|decline|drop|change|gain|shrink|"
    r"climb|jump|add|lose|lost)|\b(?:change|increase|decrease|growth|decline|rise|fall|drop|"
    r"gain|loss)\b",
    re.IGNORECASE,
)
_ASKS_EARLIER = re.compile(
    r"\b(?:previous|prior|before|earlier|former|last\s+year|compared\s+with|from|was\s+it)\b",
    re.IGNORECASE,
)


def figure_context(record: FactRecord) -> tuple[str, str]:
    """The words of a fact's quote just before its figure and just after it."""
    at = record.quote.find(record.text)
    if at < 0:
        return "", ""
    end = at + len(record.text)
    return record.quote[max(0, at - 40) : at], record.quote[end : end + 40]


def _roles(question: Question, record: FactRecord, found: dict[str, float]) -> None:
    """Whether the fact is a change or a level, a figure compared with, and whether that
    is what the question asks; and whether a date right by its figure is the one asked."""
    from factcli.language.mentions import date_mentions

    if record.kind == "date":
        return
    before, after = figure_context(record)
    change = bool(record.value_detail.get("change")) or bool(_BY.search(before))
    asks_change = bool(_ASKS_CHANGE.search(question.text))
    if asks_change:
        found["change_asked_fact_change" if change else "change_asked_fact_level"] = 1.0
    elif change and question.wanted not in (None, "date"):
        found["level_asked_fact_change"] = 1.0
    compared = bool(_COMPARED.search(before)) and not _TO.search(before)
    found["fact_is_comparison"] = float(compared)
    if compared and _ASKS_EARLIER.search(question.text):
        found["comparison_asked_fits"] = 1.0
    near = date_mentions(after[:20])
    if near and question.periods:
        fits = any(
            _relation(asked, m.value) in ("same", "inside")  # type: ignore[arg-type]
            for asked in question.periods
            for m in near
        )
        found["near_period_fits" if fits else "near_period_other"] = 1.0


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
