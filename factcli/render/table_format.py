"""table: rich tables and panels for people at a terminal.

Dataset text always goes in as `rich.text.Text`, never as markup, so a statement
containing ``[red]`` prints ``[red]``. Money is said as people write it ("about $1
billion", `language.spoken`); the other formats keep the exact amount.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from factcli.controls import masked, visible
from factcli.language.spoken import spoken_money
from factcli.language.values import Money, Value, date_from_iso, display_value
from factcli.model.records import (
    NOT_STATED,
    AnsweredQuestions,
    FactRecord,
    Listing,
    Page,
    SourceSummary,
    answers,
    frame_text,
)
from factcli.model.series import SeriesListing, SeriesPoint
from factcli.render.base import Chunks, Terminal, plural

if TYPE_CHECKING:
    # Only for annotations: the extraction package is heavy, and only `extract` draws it.
    from factcli.extract.candidates import Candidate
    from factcli.language.values import Qualifier

VALUE_STYLE = "bold cyan"
DIM = "dim"
HIGHLIGHT = "bold yellow"


def _console(terminal: Terminal) -> Console:
    return Console(
        file=io.StringIO(),
        width=terminal.width,
        force_terminal=terminal.color,
        no_color=not terminal.color,
        color_system="auto" if terminal.color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        _environ={},
    )


def _to_text(renderable: RenderableType, terminal: Terminal) -> str:
    console = _console(terminal)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return str(output)


def _statement_cell(record: FactRecord) -> Text:
    cell = Text(record.statement, overflow="fold")
    cell.append("\n")
    cell.append(record.id, style=DIM)
    return cell


def _source_cell(record: FactRecord, numbers: dict[str, int]) -> Text:
    """Who the document credits, and the document's number in the caption: [1]."""
    cell = Text(overflow="fold")
    if record.attributed_to:
        cell.append(f"{record.attributed_to} ")
    cell.append(f"[{numbers[record.source.id]}]", style=DIM)
    return cell


def _when_cell(record: FactRecord) -> Text:
    return Text(date_from_iso(record.when).display() if record.when else "")


def said(record: FactRecord) -> str:
    """A fact's value as people say it: money as people write it, never more precise
    than its text ("about $1 billion"); other values as ``display`` shows them."""
    if record.kind != "money":
        return record.display
    from decimal import Decimal

    detail = record.value_detail
    money = Money(Decimal(str(detail["amount"])), str(detail["currency"]))
    return spoken_money(money, record.qualifier, record.text)


def _said_value(value: Value, qualifier: Qualifier, text: str) -> str:
    """A candidate's value as people say it (money as `said` says a fact's)."""
    if isinstance(value, Money):
        return spoken_money(value, qualifier, text)
    return display_value(value, qualifier)


def _value_cell(record: FactRecord) -> Text:
    return Text(said(record), style=VALUE_STYLE, overflow="fold")


Column = tuple[str, Callable[[FactRecord], Text], dict[str, object]]
_STATEMENT: Column = ("Statement", _statement_cell, {"ratio": 6})
_SOURCE = "Source"
COLUMNS: dict[str | None, list[Column]] = {
    "statistic": [
        ("Value", _value_cell, {"ratio": 3}),
        ("Population", lambda r: Text(r.population or ""), {"ratio": 2}),
        _STATEMENT,
    ],
    "money": [
        ("Amount", _value_cell, {"ratio": 3}),
        ("When", _when_cell, {"no_wrap": True}),
        _STATEMENT,
    ],
    "date": [
        ("Date", _value_cell, {"no_wrap": True}),
        ("What happened", _statement_cell, {"ratio": 6}),
    ],
    None: [
        ("Kind", lambda r: Text(r.kind), {"no_wrap": True}),
        ("Value", _value_cell, {"ratio": 3}),
        _STATEMENT,
    ],
}


# What a table that shows only its first rows says under them.
MORE_HINT = "use --limit N, --all, or -f plain"


def more_line(more: int) -> str:
    """The line under a table cut short: how many more facts matched, and how to see them."""
    return f"… and {more} more: {MORE_HINT}"


def _cited(listing: Listing, page: Page) -> dict[str, int]:
    """The number of each document the shown facts cite, in the dataset's order: a
    table of 50 facts names their few documents, not all of a large dataset's."""
    cited = {record.source.id for record in page.records}
    shown = [document.id for document in listing.documents if document.id in cited]
    return {document: number for number, document in enumerate(shown, 1)}


def _caption(listing: Listing, page: Page, numbers: dict[str, int]) -> Text:
    shown = plural(len(page.records), "fact")
    documents = plural(len(numbers), "document")
    caption = Text(
        f"{shown} of {listing.total_facts} · from {documents}",
        style=DIM,
        justify="left",
        overflow="fold",
    )
    for document in listing.documents:
        if document.id in numbers:
            caption.append(
                f"\n[{numbers[document.id]}] {document.title} ({document.published or 'undated'}; "
                f"{document.id})",
                style=DIM,
            )
    if page.more:
        caption.append(f"\n{more_line(page.more)}", style="bold")
    return caption


def render_facts(listing: Listing, terminal: Terminal) -> Chunks:
    """The first rows (`Listing.limit`), then how many more matched."""
    page = listing.page()
    numbers = _cited(listing, page)
    table = Table(
        title=Text(f"{listing.heading} · {listing.dataset_title}", style="bold"),
        caption=_caption(listing, page, numbers),
        box=box.SIMPLE_HEAD,
        show_lines=True,
        expand=True,
    )
    columns = COLUMNS[listing.kind]
    for header, _, options in columns:
        table.add_column(header, **options)  # type: ignore[arg-type]
    table.add_column(_SOURCE, ratio=2)
    for record in page.records:
        cells = [make(record) for _, make, _ in columns]
        table.add_row(*cells, _source_cell(record, numbers))
    yield _to_text(table, terminal)


def highlighted_quote(record: FactRecord) -> Text:
    """The quote, with the words that state the value highlighted."""
    quote = Text(f"“{record.quote}”")
    at = record.quote.find(record.text)
    if at >= 0:
        quote.stylize(HIGHLIGHT, at + 1, at + 1 + len(record.text))
    return quote


def _detail(
    record: FactRecord, title: str | None = None, frame: dict[str, str | None] | None = None
) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()

    def row(label: str, value: str | Text | None) -> None:
        if value:
            grid.add_row(label, value if isinstance(value, Text) else Text(value))

    value = Text(said(record), style=VALUE_STYLE)
    value.append(f"   machine: {record.value}", style=DIM)
    row("Value", value)
    row("Statement", record.statement)
    row("Quote", highlighted_quote(record))
    if frame is not None:
        row("Frame", frame_text(frame))
    row("When", date_from_iso(record.when).display() if record.when else None)
    row("Subject", record.subject)
    row("Measure", record.measure)
    row("Population", record.population)
    row("Attributed to", record.attributed_to)
    row("Document", record.source.title)
    row("Publisher", record.source.publisher or NOT_STATED)
    row("Published", record.source.published or NOT_STATED)
    row("URL", Text(record.source.url or NOT_STATED, overflow="fold"))
    page = f"; page {record.page}" if record.page else ""
    row("Offsets", f"{record.start}-{record.end} (code points in {record.source.id}{page})")
    row("Related", ", ".join(record.related))
    row("Tags", ", ".join(record.tags))
    row("Note", record.note)
    heading = title or f"{record.id} ({record.kind})"
    return Panel(grid, title=Text(heading), title_align="left", box=box.ROUNDED)


def render_details(listing: Listing, terminal: Terminal) -> Chunks:
    yield _to_text(Group(*(_detail(record) for record in listing.stream())), terminal)


def render_answers(listing: Listing, terminal: Terminal) -> Chunks:
    """The answer in full, then each runner-up, each titled with its rank and score."""
    panels = [
        _detail(
            record,
            f"{'Answer' if rank == 1 else f'Candidate {rank}'}: {record.id} (score {score})",
            frame,
        )
        for rank, (record, score, frame) in enumerate(answers(listing), 1)
    ]
    question = Text(listing.heading, style="bold")
    yield _to_text(Group(question, *panels), terminal)


def render_timeline(listing: Listing, terminal: Terminal) -> Chunks:
    """Dated facts as a tree: a branch for each year, a leaf for each fact (the first
    `Listing.limit` of them, then how many more)."""
    page = listing.page()
    numbers = _cited(listing, page)
    tree = Tree(Text(f"Timeline · {listing.dataset_title}", style="bold"))
    years: dict[int, Tree] = {}
    for record in page.records:
        day = record.date
        assert day is not None
        branch = years.get(day.year) or years.setdefault(
            day.year, tree.add(Text(str(day.year), style="bold"))
        )
        leaf = Text(day.display(), style=VALUE_STYLE)
        if record.kind != "date":
            leaf.append(f"  {said(record)}", style="bold")
        leaf.append(f"  {record.statement}")
        leaf.append(f"  {record.id} [{numbers[record.source.id]}]", style=DIM)
        branch.add(leaf)
    yield _to_text(Group(tree, _caption(listing, page, numbers)), terminal)


def render_sources(sources: Sequence[SourceSummary], terminal: Terminal) -> Chunks:
    table = Table(title=Text("Sources", style="bold"), box=box.SIMPLE_HEAD, show_lines=True)
    table.add_column("Document", ratio=1, min_width=30)
    table.add_column("Published", no_wrap=True)
    table.add_column("Facts", justify="right")
    table.add_column("File", no_wrap=True)
    for source in sources:
        document = Text(source.info.title, style="bold")
        document.append(f"\n{source.info.publisher or 'publisher not stated'}")
        document.append(f"\n{source.info.url or 'no address stated'}\n{source.info.id}", style=DIM)
        document.overflow = "fold"
        status = Text(source.file_status, style="green" if source.file_status == "ok" else "red")
        published = source.info.published or NOT_STATED
        table.add_row(document, published, str(source.fact_count), status)
    yield _to_text(table, terminal)


def render_candidates(candidates: Sequence[Candidate], terminal: Terminal) -> Chunks:
    """One table per document: each figure highlighted inside its sentence."""
    tables = []
    for file, group in _by_file(candidates):
        table = Table(
            title=Text(f"Candidates · {visible(file)}", style="bold"),
            caption=Text(plural(len(group), "candidate"), style=DIM, justify="left"),
            box=box.SIMPLE_HEAD,
            show_lines=True,
            expand=True,
        )
        table.add_column("Kind", no_wrap=True)
        table.add_column("Value", ratio=2)
        table.add_column("In its sentence", ratio=6)
        for c in group:
            value = Text(
                _said_value(c.value, c.qualifier, c.text), style=VALUE_STYLE, overflow="fold"
            )
            value.append(f"\n{c.value.machine()}", style=DIM)
            # A document's text may hold anything: masked one for one, offsets still hold.
            sentence = Text(masked(c.sentence), overflow="fold")
            at = c.start - c.sentence_start
            sentence.stylize(HIGHLIGHT, at, at + len(c.text))
            sentence.append(f"\n{c.id}", style=DIM)
            table.add_row(c.kind, value, sentence)
        tables.append(table)
    yield _to_text(Group(*tables), terminal)


def _by_file(candidates: Sequence[Candidate]) -> list[tuple[str, list[Candidate]]]:
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.file, []).append(candidate)
    return list(groups.items())


# A bar's cells: whole blocks, then the eighths of one (rich has no bar chart of its own).
_EIGHTHS = " ▏▎▍▌▋▊▉"
_BLOCK = "█"
BAR_STYLE = "cyan"
FALL_STYLE = "red"


def bar(share: float, width: int) -> str:
    """A horizontal bar ``share`` (0 to 1) of ``width`` cells long, to an eighth of a cell;
    a share above nothing shows at least an eighth."""
    eighths = round(share * width * 8)
    if share > 0:
        eighths = max(eighths, 1)
    whole, rest = divmod(eighths, 8)
    return _BLOCK * whole + (_EIGHTHS[rest] if rest else "")


# The narrowest a folded column of words, a fact id and a bar may be.
NARROWEST_WORDS = 8
NARROWEST_FACT = 10
NARROWEST_BAR = 4


def _series_widths(
    room: int, headers: list[str], natural: list[int], values: list[str], ids: list[str]
) -> tuple[list[int], int, int, int]:
    """The widths of a series table's columns in ``room``: a period and a value are never
    cut (a value split over two lines reads as another number); columns of words are at
    most a sixth of the room and fold, then fact ids fold; the bar takes what is left, at
    most a sixth of the room, and is left out (0) when not even a short one fits.
    Returns the key columns' widths, and the value's, the bar's and the fact's."""
    value = max(len("Value"), *map(len, values))
    fact_natural = max(map(len, ids))
    fact_least = min(fact_natural, NARROWEST_FACT)
    bar_most = max(NARROWEST_BAR, room // 6)
    whole = sum(natural) + 3 * (len(headers) + 3) + value + bar_most + fact_natural
    cap = room if whole <= room else max(NARROWEST_WORDS, room // 6)
    widths = [
        width if header == "Period" else min(width, cap)
        for header, width in zip(headers, natural, strict=True)
    ]
    folding = [n for n, header in enumerate(headers) if header != "Period"]
    for with_bar in (True, False):
        # between and around columns: a space of the box, and a space of padding each side
        frame = 3 * (len(headers) + (3 if with_bar else 2))
        spare = room - frame - value - sum(widths)
        narrowest = NARROWEST_BAR if with_bar else 0
        while spare < fact_least + narrowest and folding:
            widest = max(folding, key=lambda n: widths[n])
            if widths[widest] <= NARROWEST_WORDS:
                break
            widths[widest] -= 1  # fold the widest column of words a little more
            spare += 1
        if spare >= fact_least + narrowest:
            bar = min(bar_most, max(narrowest, spare - fact_natural)) if with_bar else 0
            return widths, value, bar, min(fact_natural, spare - bar)
    return widths, value, 0, max(1, room - 3 * (len(headers) + 2) - value - sum(widths))


def _series_table(
    unit: str, points: list[SeriesPoint], by: str, room: int, numbers: dict[str, int]
) -> Table:
    """The points of one unit, each with a bar: bars share the one scale of this unit. The
    subject or period the rows are not keyed on goes in the title when it is the same on
    every row; the measure is shown when the facts word it differently."""
    largest = max(abs(point.number) for point in points)
    other = "period" if by == "subject" else "subject"
    others = {getattr(point, other) for point in points}
    title = Text(unit, style="bold")
    if len(others) == 1 and (shared := others.pop()):
        title.append(f" · {shared}")
    keys = [by] if len(others) <= 1 else [by, other]
    cells = [[getattr(point, key) or "" for key in keys] for point in points]
    headers = [key.capitalize() for key in keys]
    if len({point.record.measure for point in points}) > 1:
        headers.append("Measure")
        for row, point in zip(cells, points, strict=True):
            row.append(point.record.measure or "")
    # Each column is as wide as its longest cell (a period is never cut: ISO 8601, as -f
    # plain prints it; nor a value); what does not fit folds, so no table overflows.
    natural = [max(len(h), *(len(row[n]) for row in cells)) for n, h in enumerate(headers)]
    values = [point.record.display for point in points]
    ids = [f"{point.record.id} [{numbers[point.record.source.id]}]" for point in points]
    widths, value_width, bar_width, fact_width = _series_widths(room, headers, natural, values, ids)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, overflow="fold", width=width, no_wrap=header == "Period")
    table.add_column("Value", justify="right", style=VALUE_STYLE, no_wrap=True,
                     width=value_width)  # fmt: skip
    if bar_width:
        table.add_column("", no_wrap=True, width=bar_width)
    table.add_column("Fact", style=DIM, overflow="fold", width=fact_width)
    for row, point, value, fact in zip(cells, points, values, ids, strict=True):
        share = float(abs(point.number) / largest) if largest else 0.0
        style = FALL_STYLE if point.number < 0 else BAR_STYLE
        drawn = [Text(bar(share, bar_width), style=style)] if bar_width else []
        table.add_row(*(Text(cell) for cell in row), Text(value), *drawn, Text(fact))
    return table


def render_series(listing: SeriesListing, terminal: Terminal) -> Chunks:
    """A table and a bar chart for each unit (the first `SeriesListing.limit` points),
    then the documents they come from, and how many more matched."""
    points, more = listing.page()
    units: dict[str, list[SeriesPoint]] = {}
    numbers: dict[str, int] = {}
    titles: dict[str, str] = {}
    for point in points:
        units.setdefault(point.unit, []).append(point)
        source = point.record.source
        numbers.setdefault(source.id, len(numbers) + 1)
        titles[source.id] = f"{source.title} ({source.published or 'undated'}; {source.id})"
    title = Text(f"{listing.heading} · {listing.dataset_title}", style="bold")
    room = terminal.width
    tables = [_series_table(u, group, listing.by, room, numbers) for u, group in units.items()]
    apart = " (each on its own scale)" if len(units) > 1 else ""
    caption = Text(f"{plural(len(points), 'fact')} in {plural(len(units), 'unit')}{apart}",
                   style=DIM, overflow="fold")  # fmt: skip
    for source_id, number in numbers.items():
        caption.append(f"\n[{number}] {titles[source_id]}", style=DIM)
    if more:
        caption.append(f"\n{more_line(more)}", style="bold")
    yield _to_text(Group(title, *tables, caption), terminal)


def render_questions(questions: AnsweredQuestions, terminal: Terminal) -> Chunks:
    """One row per question: the answer as people say it with its fact's id, and its
    document's number in the caption; a question without one says so."""
    asked = list(questions.questions)
    cited = {a.record.source.id for a in asked if a.record is not None}
    shown = [document for document in questions.documents if document.id in cited]
    numbers = {document.id: number for number, document in enumerate(shown, 1)}
    answered = sum(a.record is not None for a in asked)
    caption = Text(
        f"{answered} of {plural(len(asked), 'question')} answered · from "
        f"{plural(len(numbers), 'document')}",
        style=DIM, justify="left", overflow="fold",
    )  # fmt: skip
    for document in shown:
        caption.append(
            f"\n[{numbers[document.id]}] {document.title} ({document.published or 'undated'}; "
            f"{document.id})",
            style=DIM,
        )
    table = Table(
        title=Text(f"Questions · {questions.dataset_title}", style="bold"),
        caption=caption,
        box=box.SIMPLE_HEAD,
        show_lines=True,
        expand=True,
    )
    table.add_column("Question", ratio=4)
    table.add_column("Answer", ratio=4)
    table.add_column(_SOURCE, ratio=2)
    for a in asked:
        question = Text(visible(a.question), overflow="fold")
        if a.record is None:
            table.add_row(question, Text("no sourced answer", style=DIM), Text(""))
            continue
        answer = Text(said(a.record), style=VALUE_STYLE, overflow="fold")
        answer.append(f"\n{a.record.id}", style=DIM)
        table.add_row(question, answer, _source_cell(a.record, numbers))
    yield _to_text(table, terminal)
