"""The dataset file's schema: pydantic models with every rule of the data contract.

Unknown fields are errors everywhere (``extra="forbid"``), amounts are decimal strings,
dates keep their true precision, and every reference inside the file must resolve.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    StringConstraints,
    Tag,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from factcli.controls import describe, unsafe_character
from factcli.language.values import (
    Change,
    DateLike,
    Kind,
    Money,
    Percent,
    PercentagePoints,
    Qualifier,
    Quantity,
    Ratio,
    Value,
    date_from_iso,
    display_value,
    plain_decimal,
)

SCHEMA_MAJOR = "1"
# What this factcli writes: 1.1 added date ranges, fiscal years, percentage points, changes,
# rates, decimal ratios and figures without a unit; 1.2 a source's details its document does
# not state (null) and the original file (PDF, HTML) its text was read from, with the pages
# of a PDF; a fact's measure, beside its subject and when, completes its frame; 1.3 the
# currency of a source's bare "$" (1.0 to 1.2 datasets load unchanged).
SCHEMA_VERSION = "1.3"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
DECIMAL_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
_ISO = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
# A date at its precision, a range of two such dates (ISO 8601 interval), a U.S. fiscal
# year, or a range of fiscal years (1.2).
DATE_PATTERN = rf"^({_ISO}(/{_ISO})?|FY[0-9]{{4}}(/FY[0-9]{{4}})?)$"
_DECIMAL_RE = re.compile(DECIMAL_PATTERN)
# Longer than any real amount; a longer string is refused before it is read as a number.
MAX_DECIMAL_CHARS = 64


def _decimal_from_string(raw: object) -> object:
    if isinstance(raw, Decimal):
        return raw
    if not isinstance(raw, str):
        raise PydanticCustomError(
            "decimal_string", 'must be a string of decimal digits such as "8500000" or "8.5"'
        )
    if len(raw) > MAX_DECIMAL_CHARS:
        raise PydanticCustomError(
            "decimal_string",
            "must be a number of at most {limit} characters (got {length})",
            {"limit": MAX_DECIMAL_CHARS, "length": len(raw)},
        )
    if not _DECIMAL_RE.match(raw):
        raise PydanticCustomError(
            "decimal_string",
            'must be a non-negative decimal number written as a string, such as "8500000" or '
            '"8.5" (got "{raw}")',
            {"raw": raw},
        )
    return Decimal(raw)


def _check_date(raw: str) -> str:
    try:
        date_from_iso(raw)
    except ValueError as error:
        raise PydanticCustomError(
            "partial_date",
            "{reason} (write 2023-04-26, 2023-03, 2021, a range 2010/2014 or FY2007)",
            {"reason": str(error)},
        ) from None
    return raw


def _check_relative_file(raw: str) -> str:
    path = PurePosixPath(raw)
    if path.is_absolute() or raw.startswith("\\") or re.match(r"^[A-Za-z]:", raw):
        raise PydanticCustomError(
            "relative_file",
            "must be a path relative to the dataset file, not absolute: '{raw}'",
            {"raw": raw},
        )
    if ".." in path.parts or "\\" in raw:
        raise PydanticCustomError(
            "relative_file",
            "must stay inside the dataset's folder (no '..' parts, '/' between folders): '{raw}'",
            {"raw": raw},
        )
    return raw


def _check_currency(raw: str) -> str:
    from factcli.language.currencies import ISO_CODES

    if raw not in ISO_CODES:
        raise PydanticCustomError(
            "currency",
            "'{raw}' is not an ISO 4217 code of a currency in use (e.g. USD, CAD, EUR)",
            {"raw": raw},
        )
    return raw


def _check_schema_version(raw: str) -> str:
    if raw.split(".")[0] != SCHEMA_MAJOR:
        raise PydanticCustomError(
            "schema_version",
            "version '{raw}' is not supported: this factcli reads {major}.x datasets",
            {"raw": raw, "major": SCHEMA_MAJOR},
        )
    return raw


DecimalText = Annotated[
    Decimal,
    BeforeValidator(_decimal_from_string),
    PlainSerializer(plain_decimal, return_type=str),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN, "maxLength": MAX_DECIMAL_CHARS}),
]
DateText = Annotated[str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_check_date)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(pattern=r"\S")]


# Validation context key: True when the JSON text was scanned and holds no unsafe character
# (`controls.json_may_hold_unsafe`).
TEXT_CHECKED = "text_checked"


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, instances are immutable, and no
    text field holds a character that could steer a terminal (see `factcli.controls`).

    Tab and newline are allowed in every text (outputs flatten them where a line must
    stay one line); fields that must be one word or one line say so by their pattern.
    """

    # A docstring under a field is its description in the JSON Schema.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    @model_validator(mode="after")
    def _no_control_characters(self, info: ValidationInfo) -> Strict:
        # Every str field, and every str in a list field, of every model: a field added
        # later is checked without being named here. A caller that scanned the JSON text
        # this comes from and found nothing unsafe in it says so (TEXT_CHECKED), and the
        # strings need no look; printable text is passed over at one C call per string.
        if (info.context and info.context.get(TEXT_CHECKED)) or all(
            _printable(value) for value in self.__dict__.values()
        ):
            return self
        problems: list[InitErrorDetails] = []
        for name, value in self.__dict__.items():
            items = enumerate(value) if isinstance(value, list) else [(None, value)]
            for index, item in items:
                if isinstance(item, str) and (found := unsafe_character(item, line_breaks=True)):
                    loc: tuple[str | int, ...] = (name,) if index is None else (name, index)
                    problems.append(_control_problem(loc, item, *found))
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self


def _printable(value: object) -> bool:
    if isinstance(value, str):
        return value.isprintable()
    if isinstance(value, list):
        return all(item.isprintable() for item in value if isinstance(item, str))
    return True


def _control_problem(loc: tuple[str | int, ...], text: str, at: int, char: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(
            "control_character",
            "holds the control or invisible character {char} at index {at}, which could "
            "steer a terminal or hide what the text says",
            {"char": describe(char), "at": at},
        ),
        loc=loc,
        input=text,
    )


class MoneyValue(Strict):
    """An amount of money: ``{"amount": "8500000", "currency": "USD"}``."""

    amount: DecimalText
    """the amount, a decimal number written as a string: "8500000", "2.5"."""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 code, e.g. USD"
    )

    def plain(self) -> Money:
        return Money(self.amount, self.currency)


class DateValue(Strict):
    """A date at its true precision: ``{"date": "2023-03"}``."""

    date: DateText
    """2023-04-26, 2023-03 or 2021 at its true precision; a range 2010/2014; FY2007"""

    def plain(self) -> DateLike:
        return date_from_iso(self.date)


class RatioValue(Strict):
    """A share said as N in M: ``{"numerator": 1, "denominator": 3}``.

    Since schema 1.1 either number may be a decimal string: ``{"numerator": "12.4",
    "denominator": 1000}`` for "12.4 out of every 1,000".
    """

    numerator: Annotated[int, Field(ge=0, strict=True)] | DecimalText
    """the N of "N in M": 1 in "1 in 3"."""
    denominator: Annotated[int, Field(ge=1, strict=True)] | DecimalText
    """the M of "N in M": 3 in "1 in 3"."""

    @model_validator(mode="after")
    def _denominator_positive(self) -> RatioValue:
        if Decimal(self.denominator) <= 0:
            raise PydanticCustomError("ratio", "denominator must be greater than 0")
        return self

    @model_validator(mode="after")
    def _numerator_within_denominator(self) -> RatioValue:
        if Decimal(self.numerator) > Decimal(self.denominator):
            raise PydanticCustomError(
                "ratio",
                "numerator {n} is larger than denominator {d}",
                {"n": self.numerator, "d": self.denominator},
            )
        return self

    def plain(self) -> Ratio:
        return Ratio(self.numerator, self.denominator)


ChangeField = Field(
    default=None, description="for a change: whether the text says it went up or down (1.1)"
)


class PercentValue(Strict):
    """A percentage: ``{"percent": "41"}``, or a change: ``{"percent": "1.4", "change": ...}``."""

    percent: DecimalText
    """the percentage as a decimal string: "41" for 41%"""
    change: Change | None = ChangeField

    def plain(self) -> Percent:
        return Percent(self.percent, self.change)


class PercentagePointsValue(Strict):
    """A difference of two percentages (1.1): ``{"percentage_points": "0.4"}``."""

    percentage_points: DecimalText
    """the difference of two percentages, in points: "0.4"."""
    change: Change | None = ChangeField

    def plain(self) -> PercentagePoints:
        return PercentagePoints(self.percentage_points, self.change)


class QuantityValue(Strict):
    """A count, duration or rate: ``{"amount": "38", "unit": "years"}``.

    Since schema 1.1 the unit may be left out (a figure the text gives without a head noun),
    a rate names its period (``"per": "month"``), and a change its direction.
    """

    amount: DecimalText
    """the count or duration, a decimal string: "38"."""
    unit: Text | None = None
    """what is counted: years, organizations (none when the text names nothing)"""
    per: Text | None = Field(default=None, description="the period of a rate: month, year (1.1)")
    change: Change | None = ChangeField

    def plain(self) -> Quantity:
        return Quantity(self.amount, self.unit, self.per, self.change)


# Which value shape a JSON object is, told by its keys (no "type" field to write).
_SHAPE_KEYS = (
    ("money", "currency"),
    ("date", "date"),
    ("ratio", "numerator"),
    ("ratio", "denominator"),
    ("percent", "percent"),
    ("percentage_points", "percentage_points"),
    ("quantity", "unit"),
    ("quantity", "amount"),
)
VALUE_SHAPES = ("money", "date", "ratio", "percent", "percentage_points", "quantity")
KIND_SHAPES: dict[Kind, tuple[str, ...]] = {
    "money": ("money",),
    "date": ("date",),
    "statistic": ("ratio", "percent", "percentage_points", "quantity"),
}
_SHAPE_OF_CLASS: dict[type[BaseModel], str] = {
    MoneyValue: "money", DateValue: "date", RatioValue: "ratio", PercentValue: "percent",
    PercentagePointsValue: "percentage_points", QuantityValue: "quantity",
}  # fmt: skip


def _value_shape(raw: Any) -> str | None:
    if isinstance(raw, dict):
        for shape, key in _SHAPE_KEYS:
            if key in raw:
                return shape
        return None
    return _SHAPE_OF_CLASS.get(type(raw))


FactValue = Annotated[
    Annotated[MoneyValue, Tag("money")]
    | Annotated[DateValue, Tag("date")]
    | Annotated[RatioValue, Tag("ratio")]
    | Annotated[PercentValue, Tag("percent")]
    | Annotated[PercentagePointsValue, Tag("percentage_points")]
    | Annotated[QuantityValue, Tag("quantity")],
    Discriminator(
        _value_shape,
        custom_error_type="value_shape",
        custom_error_message=(
            "must be an object of one of these shapes: {amount, currency} (money), {date}, "
            "{numerator, denominator} (ratio), {percent}, {percentage_points}, "
            "{amount, unit} (count, duration or rate)"
        ),
    ),
]


class SourceRef(Strict):
    """Where a fact stands in its source: the verbatim quote and its code-point offsets."""

    id: Slug
    """the id of the source the quote is from"""
    quote: Text
    """the verbatim sentence or clause the fact comes from"""
    start: Annotated[int, Field(ge=0, strict=True)]
    """where the quote starts in the source text, in Unicode code points"""
    end: Annotated[int, Field(ge=0, strict=True)]
    """where the quote ends (exclusive): text[start:end] == quote"""

    @model_validator(mode="after")
    def _start_before_end(self) -> SourceRef:
        if self.start >= self.end:
            raise PydanticCustomError(
                "offsets",
                "start ({start}) must be smaller than end ({end})",
                {"start": self.start, "end": self.end},
            )
        return self


class Fact(Strict):
    """One atomic fact: one value, its words, and where the document says it."""

    id: Slug
    """a stable, readable id, unique in the dataset: acf-case-management-awards-2022"""
    kind: Kind
    """statistic, date or money; it decides the shape of the value"""
    value: FactValue
    """the value, typed by kind: {amount, currency} for money, {date} for a date, and for a
    statistic {numerator, denominator}, {percent}, {percentage_points} or {amount, unit}"""
    qualifier: Qualifier = "exact"
    """how the words bound the value: "over" is more_than, "approximately" approximately"""
    text: Text = Field(description="the value exactly as the source writes it")
    statement: Text = Field(description="one self-contained sentence of the claim")
    when: DateText | None = None
    """the period the fact applies to (same forms as a date value): its frame's period"""
    subject: str | None = None
    """who or what the fact is about: its frame's subject (a place, a body, a group)"""
    measure: str | None = None
    """what the fact's figure measures, in words: its frame's measure (1.2)"""
    population: str | None = None
    """who a share or count is of: women, survivors"""
    attributed_to: str | None = None
    """who the document credits with the figure"""
    tags: list[Text] = Field(default_factory=list)
    """free words to find the fact by"""
    related: list[Slug] = Field(default_factory=list)
    """ids of facts from the same sentence or event"""
    note: str | None = None
    """anything a reader should know, such as an ambiguity"""
    source: SourceRef
    """where in which document the fact is said"""

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Fact:
        shape = _value_shape(self.value)
        if shape not in KIND_SHAPES[self.kind]:
            raise PydanticCustomError(
                "kind_value",
                "a {kind} fact cannot hold a {shape} value (allowed: {allowed})",
                {"kind": self.kind, "shape": shape, "allowed": ", ".join(KIND_SHAPES[self.kind])},
            )
        return self

    def plain_value(self) -> Value:
        """The value as a plain `values` object."""
        return self.value.plain()

    def display(self) -> str:
        """The value as people say it: ``over 1 in 3 (≈ 33%)``."""
        return display_value(self.plain_value(), self.qualifier)

    def machine_value(self) -> str:
        """The value for machines: ``1/3``, ``1000000000``, ``2023-03``."""
        return self.plain_value().machine()

    def machine_and_display(self) -> tuple[str, str]:
        """`machine_value` and `display`, from one plain value (every fact of an index
        build is made into a record)."""
        plain = self.plain_value()
        return plain.machine(), display_value(plain, self.qualifier)


class OriginalFile(Strict):
    """The file a source's text was read from, when it is not that text itself (1.2)."""

    format: Literal["pdf", "html"]
    """what the original file is: pdf or html"""
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    """the SHA-256 of the original file's bytes, in lowercase hex"""
    pages: list[Annotated[int, Field(ge=0, strict=True)]] | None = None
    """for a PDF: where each page starts in the text, in code points (the first at 0), so
    a quote's page is the last page starting at or before it"""

    @model_validator(mode="after")
    def _pages_in_order(self) -> OriginalFile:
        pages = self.pages
        if pages is not None and (not pages or pages[0] != 0 or sorted(set(pages)) != pages):
            raise PydanticCustomError(
                "pages", "pages must start at 0 and rise: where each page starts in the text"
            )
        return self


class Source(Strict):
    """A document the facts come from, and the exact text of it that ships with the dataset.

    Since 1.2, publisher, published, url and rights may be null: the document does not
    state them (the key must still be there, so that a typo is never read as one).
    """

    id: Slug
    """a short id the facts cite it by: acf-press-release-2023-04-28"""
    title: Text
    """the document's title"""
    publisher: Text | None
    """who published it (null: the document does not state it)"""
    published: DateText | None
    """when it was published, at its true precision: 2023-04-28 (null: not stated)"""
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None
    """where it is published, http or https (null: not stated)"""
    file: Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_relative_file)]
    """its exact text, a path relative to the dataset file and inside its folder"""
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    """the SHA-256 of the file's bytes, in lowercase hex"""
    rights: Text | None
    """the terms of reuse: Public domain (U.S. government work) (null: not stated)"""
    accessed: DateText | None = None
    """when the document was read at its url, for citations: 2024-05-01 (1.1)"""
    original: OriginalFile | None = None
    """the PDF or HTML file the text was read from, and a PDF's pages (1.2)"""
    currency: Annotated[str, AfterValidator(_check_currency)] | None = None
    """what a bare "$" or "dollars" of the document is in, as an ISO 4217 code: CAD for
    Statistics Canada (1.3); unset, the U.S. dollar. Signs and codes that name their
    currency ("NZ$", "€", "EUR") keep their own; nothing is converted."""


class Dataset(Strict):
    """The whole dataset file: its sources and its facts."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        # "$schema" is read and written under its own name, never "json_schema".
        validate_by_name=False,
        validate_by_alias=True,
        serialize_by_alias=True,
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    json_schema: str | None = Field(default=None, alias="$schema")
    """the JSON Schema this file follows, for editors; not checked"""
    schema_version: Annotated[
        str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+$"), AfterValidator(_check_schema_version)
    ]
    """the version of this format: 1.0 to 1.3 (factcli reads every 1.x)"""
    title: Text | None = Field(default=None, description="what the dataset holds, for headings")
    sources: list[Source]
    """the documents the facts come from"""
    facts: list[Fact]
    """the facts, one value each"""

    @model_validator(mode="after")
    def _references_resolve(self) -> Dataset:
        problems = list(self._reference_problems())
        if problems:
            raise ValidationError.from_exception_data("Dataset", problems)
        return self

    def _reference_problems(self) -> list[InitErrorDetails]:
        from factcli.model.references import ReferenceCheck

        check = ReferenceCheck([source.id for source in self.sources])
        for n, fact in enumerate(self.facts):
            check.add(n, fact.id, fact.source.id, fact.related)
        return [
            InitErrorDetails(
                type=PydanticCustomError("reference", problem.message),
                loc=problem.loc,
                input=problem.found,
            )
            for problem in [*check.problems, *check.unresolved()]
        ]


def _value_tied_to_kind(schema: dict[str, Any]) -> None:
    """Say in a fact's schema which value shapes each kind holds (as `_value_fits_kind`)."""
    ref = {shape: f"#/$defs/{cls.__name__}" for cls, shape in _SHAPE_OF_CLASS.items()}
    schema["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"properties": {"value": {"oneOf": [{"$ref": ref[s]} for s in shapes]}}},
        }
        for kind, shapes in KIND_SHAPES.items()
    ]


def dataset_json_schema() -> dict[str, Any]:
    """The JSON Schema of a dataset file, as the models validate it."""
    schema = Dataset.model_json_schema(mode="validation")
    _value_tied_to_kind(schema["$defs"]["Fact"])
    return schema
