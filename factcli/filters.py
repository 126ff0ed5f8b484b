"""Filters: which facts a listing keeps, read from the texts a user gave."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcli.errors import MixedCurrencies, UnreadableFilter

if TYPE_CHECKING:
    from decimal import Decimal

    from factcli.data.records import FactRecord
    from factcli.data.values import DateLike


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

    def keep(self, record: FactRecord) -> bool:
        """Whether a record passes every filter that is set."""
        return (
            self._dates_keep(record)
            and self._amounts_keep(record)
            and (self.currency is None or record.value_detail.get("currency") == self.currency)
            and (self.source is None or record.source.id == self.source)
            and (self.tag is None or self.tag.casefold() in (t.casefold() for t in record.tags))
            and (
                self.attributed_to is None
                or self.attributed_to.casefold() in (record.attributed_to or "").casefold()
            )
        )

    def _dates_keep(self, record: FactRecord) -> bool:
        if self.since is None and self.until is None:
            return True
        day = record.date
        if day is None:
            return False
        # Precision is respected: "March 2023" overlaps a span since 2023-03-15.
        if self.since is not None and day.last_day() < self.since.first_day():
            return False
        return self.until is None or day.first_day() <= self.until.last_day()

    def _amounts_keep(self, record: FactRecord) -> bool:
        if self.minimum is None and self.maximum is None:
            return True
        size = magnitude(record)
        if size is None:
            return False
        if self.minimum is not None and size < self.minimum:
            return False
        return self.maximum is None or size <= self.maximum


NO_FILTERS = Filters()


def magnitude(record: FactRecord) -> Decimal | None:
    """The number an amount filter compares: an amount, a count, or a share in percent."""
    from decimal import Decimal  # not at start-up: only filters and index builds need it

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
    if filters.currency is not None or (filters.minimum is None and filters.maximum is None):
        return
    found = sorted({currency for currency in currencies if currency})
    if len(found) > 1:
        raise MixedCurrencies(found)


def _filter_date(name: str, text: str | None) -> DateLike | None:
    if text is None:
        return None
    from factcli.data.readers import UnreadableText, read_date  # its patterns cost start-up time

    try:
        return read_date(text)
    except UnreadableText:
        raise UnreadableFilter(name, text, "date") from None


def _filter_amount(name: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    from factcli.data.readers import UnreadableText, read_amount

    try:
        return read_amount(text)
    except UnreadableText:
        raise UnreadableFilter(name, text, "amount") from None
