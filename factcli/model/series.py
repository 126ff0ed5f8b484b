"""A series: the facts of one measure, each a point with its unit, subject and period.

A point's unit says what its number counts: a currency (``NZD``), ``percent``,
``percentage points``, ``ratio``, or a quantity's own unit (``years``, ``dollars per
hour``, ``count`` when the words give none). A change is counted in its value's unit, a
decrease below zero: a document writes "-0.5%" (a decrease) beside "2.7%" in one table of
12-month changes, so a ranking of them holds both. Points of different units are never
put on one scale: a series shows each unit apart, and nothing is summed or converted; a
table shows each fact's measure where the facts word it differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, get_args

from factcli.model.records import FactRecord, Rows, fact_number

if TYPE_CHECKING:
    from decimal import Decimal

# How the points of a series are ordered within each unit: by period, earliest first
# (undated ones last), or by subject, largest value first (a ranking).
SeriesOrder = Literal["period", "subject"]
SERIES_ORDERS: tuple[SeriesOrder, ...] = get_args(SeriesOrder)

# The columns of a series in csv and plain, in order; json and jsonl use them as keys.
SERIES_COLUMNS = (
    "unit", "subject", "period", "value", "number", "display", "measure", "id", "source_id",
)  # fmt: skip


def series_unit(detail: Mapping[str, Any]) -> str | None:
    """The unit a value's number counts (see the module's docstring); None for a value
    that is no number (a date)."""
    if "currency" in detail:
        unit = str(detail["currency"])
    elif "percent" in detail:
        unit = "percent"
    elif "percentage_points" in detail:
        unit = "percentage points"
    elif "numerator" in detail:
        unit = "ratio"
    elif "amount" in detail:
        unit = " ".join(
            filter(None, (detail.get("unit") or "count",
                          f"per {detail['per']}" if detail.get("per") else None))
        )  # fmt: skip
    else:
        return None
    return unit


@dataclass(frozen=True)
class SeriesPoint:
    """One fact of a series: its number in its unit, its subject and period, and the
    fact itself (its value as written, its sentence and its document)."""

    unit: str
    number: Decimal
    subject: str | None
    period: str | None
    record: FactRecord

    def row(self) -> dict[str, str]:
        """The point as one row of strings, `SERIES_COLUMNS` in their order (empty where
        it has none)."""
        from factcli.language.values import plain_decimal

        return {
            "unit": self.unit,
            "subject": self.subject or "",
            "period": self.period or "",
            "value": self.record.value,
            "number": plain_decimal(self.number),
            "display": self.record.display,
            "measure": self.record.measure or "",
            "id": self.record.id,
            "source_id": self.record.source.id,
        }

    def to_json(self) -> dict[str, Any]:
        """The point as a JSON object: the number a JSON number, null where it has none."""
        number = self.number
        shown = int(number) if number == number.to_integral_value() else float(number)
        return {
            **{key: value or None for key, value in self.row().items()},
            "number": shown,
        }


def series_point(record: FactRecord) -> SeriesPoint | None:
    """The point a fact makes in a series; None for a fact with no number (a date)."""
    unit = series_unit(record.value_detail)
    number = fact_number(record)
    if unit is None or number is None:
        return None
    day = record.date
    period = day.iso() if day is not None else None
    return SeriesPoint(unit, number, record.subject, period, record)


class SeriesPoints(Iterator[SeriesPoint]):
    """The points of a series as they are read from the store, and how many are left."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    def __iter__(self) -> SeriesPoints:
        return self

    def __next__(self) -> SeriesPoint:
        while True:
            point = series_point(next(self._rows))
            if point is not None:  # (a store's series holds only facts with a number)
                return point

    def any(self) -> bool:
        """Whether a point is left (read ahead, kept for the next `next`)."""
        return self._rows.any()

    def rest(self) -> int:
        """How many points are left (counted by the store, not read)."""
        return self._rows.rest()


@dataclass(frozen=True)
class SeriesListing:
    """A series to show: its points, and what a table needs to title it."""

    points: Iterable[SeriesPoint]
    heading: str
    dataset_title: str
    by: SeriesOrder = "period"
    # Show at most this many points (None: all of them).
    limit: int | None = None

    def stream(self) -> Iterator[SeriesPoint]:
        """The points to show, as they are read (at most `limit`)."""
        points = iter(self.points)
        return points if self.limit is None else islice(points, self.limit)

    def page(self) -> tuple[list[SeriesPoint], int]:
        """The points a table shows (at most `limit`), and how many more there are."""
        points = iter(self.points)
        shown = list(islice(points, self.limit) if self.limit is not None else points)
        if isinstance(points, SeriesPoints):
            return shown, points.rest()
        return shown, sum(1 for _ in points)
