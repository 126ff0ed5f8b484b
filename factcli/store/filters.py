"""Filters: which facts a listing keeps, read from the texts a user gave, and said in SQL.

`conditions` is the one statement of what each filter keeps: every listing, search and
export of the store narrows with it, and nothing checks the rows again afterwards. Dates
are compared as ISO days, tags and credits folded, and amounts exactly: an index narrows
them as floats, and `exact_compare` (a function the store gives its connection) decides
on the decimal the fact states.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factcli.errors import MixedCurrencies, UnreadableFilter

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.language.values import DateLike, Kind
    from factcli.model.records import FactRecord


@dataclass(frozen=True)
class Filters:
    """Which facts a listing keeps: dated in a span, of an amount in a range, from a
    source, with a tag, credited to someone, in a currency."""

    since: DateLike | None = None
    until: DateLike | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    source: str | None = None
    tag: str | None = None
    attributed_to: str | None = None
    currency: str | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any(value is not None for value in vars(self).values())

    @property
    def on_amounts(self) -> bool:
        """Whether an amount filter (--min, --max) is set."""
        return self.minimum is not None or self.maximum is not None


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Selection:
    """Which facts a listing asks for: a kind, dated facts only, and in which order."""

    kind: Kind | None = None
    dated_only: bool = False
    chronological: bool = False


# The name of the SQL function that compares a stored decimal with a bound, exactly.
EXACT_COMPARE = "exact_compare"


def exact_compare(stored: str | None, bound: str) -> int | None:
    """-1, 0 or 1 as a stored magnitude (a decimal as text) is below, at or above a bound;
    None for a fact with no magnitude."""
    from decimal import Decimal, InvalidOperation

    if stored is None:
        return None
    try:
        first, second = Decimal(stored), Decimal(bound)
    except InvalidOperation:
        return None
    return (first > second) - (first < second)


def conditions(selection: Selection, filters: Filters, t: str = "") -> tuple[str, list[Any]]:
    """The SQL that keeps a selection's facts passing the filters, with its parameters.
    ``t``: the prefix of the facts table's columns (``"f."`` in a join)."""
    clauses: list[str] = ["1"]
    parameters: list[Any] = []
    if selection.kind is not None:
        clauses.append(f"{t}kind = ?")
        parameters.append(selection.kind)
    if selection.dated_only:
        clauses.append(f"{t}date_first IS NOT NULL")
    # Precision is respected: "March 2023" overlaps a span since 2023-03-15.
    if filters.since is not None:
        clauses.append(f"{t}date_last >= ?")
        parameters.append(filters.since.first_day().isoformat())
    if filters.until is not None:
        clauses.append(f"{t}date_first <= ?")
        parameters.append(filters.until.last_day().isoformat())
    for bound, compare, side in ((filters.minimum, ">=", ">= 0"), (filters.maximum, "<=", "<= 0")):
        if bound is not None:
            # The float column narrows by its index; the decimal decides.
            clauses.append(
                f"{t}magnitude {compare} ? AND {EXACT_COMPARE}({t}exact_magnitude, ?) {side}"
            )
            parameters += [_loosened(bound, compare), str(bound)]
    if filters.currency is not None:
        clauses.append(f"{t}currency = ?")
        parameters.append(filters.currency)
    if filters.source is not None:
        clauses.append(f"{t}source_id = ?")
        parameters.append(filters.source)
    if filters.tag is not None:
        clauses.append(
            f"{t}pos IN (SELECT tags.pos FROM tags WHERE tags.number = "
            f"(SELECT number FROM tag_names WHERE tag = ?))"
        )
        parameters.append(filters.tag.casefold())
    if filters.attributed_to is not None:
        clauses.append(f"instr({t}attributed, ?) > 0")
        parameters.append(filters.attributed_to.casefold())
    return " AND ".join(clauses), parameters


def _loosened(bound: Decimal, compare: str) -> float:
    # Stored magnitudes are floats; widen the bound a hair so rounding never drops a fact
    # that the exact comparison keeps.
    slack = abs(float(bound)) * 1e-9 + 1e-9
    return float(bound) - slack if compare == ">=" else float(bound) + slack


def magnitude(record: FactRecord) -> Decimal | None:
    """The number an amount filter compares: an amount, a count, or a share in percent."""
    from decimal import Decimal

    detail = record.value_detail
    if "amount" in detail:
        return Decimal(str(detail["amount"]))
    if "percent" in detail:
        return Decimal(str(detail["percent"]))
    if "percentage_points" in detail:
        return Decimal(str(detail["percentage_points"]))
    if "numerator" in detail:
        share = Decimal(str(detail["numerator"])) / Decimal(str(detail["denominator"]))
        return 100 * share
    return None


def read_filters(
    *,
    since: str | None = None,
    until: str | None = None,
    minimum: str | None = None,
    maximum: str | None = None,
    source: str | None = None,
    tag: str | None = None,
    attributed_to: str | None = None,
    currency: str | None = None,
) -> Filters:
    """Filters from the texts a user gave; one that cannot be read is an `UnreadableFilter`
    naming the filter (its parameter here)."""
    return Filters(
        since=_filter_date("since", since),
        until=_filter_date("until", until),
        minimum=_filter_amount("minimum", minimum),
        maximum=_filter_amount("maximum", maximum),
        source=source,
        tag=tag,
        attributed_to=attributed_to,
        currency=_filter_currency(currency),
    )


def _filter_currency(text: str | None) -> str | None:
    if text is None:
        return None
    if not (len(text) == 3 and text.isascii() and text.isalpha()):
        raise UnreadableFilter("currency", text, "currency code")
    return text.upper()


def check_one_currency(currencies: Iterable[str | None], filters: Filters) -> None:
    """Refuse an amount filter over amounts in several currencies unless the filters pick
    one: 8,500,000 dollars and 8,500,000 euros are not the same amount."""
    if filters.currency is not None or not filters.on_amounts:
        return
    found = sorted({currency for currency in currencies if currency})
    if len(found) > 1:
        raise MixedCurrencies(found)


def _filter_date(name: str, text: str | None) -> DateLike | None:
    if text is None:
        return None
    from factcli.language.readers import UnreadableText, read_date

    try:
        return read_date(text)
    except UnreadableText:
        raise UnreadableFilter(name, text, "date") from None


def _filter_amount(name: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    from factcli.language.readers import UnreadableText, read_amount

    try:
        return read_amount(text)
    except UnreadableText:
        raise UnreadableFilter(name, text, "amount") from None
