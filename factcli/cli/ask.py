"""``factcli ask``: the best sourced answer to a question, or why there is none."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated

import typer

from factcli.cli.options import (
    ColorChoice,
    ColorOption,
    DataOption,
    FormatOption,
    NoColorOption,
    choose_format,
    open_data,
    terminal,
)
from factcli.cli.output import emit, emit_chunks, flush_stdout, listing, require_found
from factcli.cli.status import NoAnswer
from factcli.cli.stdin import STDIN, read_input, read_stdin_text
from factcli.errors import UsageProblem
from factcli.render import OutputFormat, Terminal

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


@commands.command()
def ask(
    question: Annotated[
        str | None,
        typer.Argument(
            metavar="QUESTION",
            help="A question, in quotes; - reads it from standard input.",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="Also show the next candidates, up to N in all.")
    ] = 1,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say why: how the question was read, which words matched where, "
            "and why other facts were not taken (plain lines, instead of the answer).",
        ),
    ] = False,
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            metavar="FILE",
            help="Ask each question of FILE, one a line (blank lines and # lines skipped; "
            "- for standard input): one answer per question, in one run.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
) -> None:
    """The best sourced answer to a question; exit 1 when there is none.

    With --questions FILE, one answer per question (plain and csv: question, value, id,
    source; a question without an answer keeps its line, empty); exit 1 when any has none.

    Example: factcli ask "How much did ACF award in October 2022?" --explain
    """
    if questions is not None:
        refuse_with_questions(question, top, explain)
        ask_each(read_questions(questions), data, fmt, terminal(no_color, color))
        return
    if question is None:
        raise UsageProblem(
            "no question",
            hint="give a QUESTION, - to read it from standard input, or --questions FILE",
        )
    if question == STDIN:
        question = stdin_question()
    dataset = open_data(data)
    missing = NoAnswer(f"No sourced answer for: {question}")
    if explain:
        explanation = dataset.explain(question)
        emit("\n".join(explanation.lines))
        if not explanation.answers:
            raise missing
        return
    from factcli.model.records import Rows

    chosen, look = choose_format(fmt), terminal(no_color, color)
    result = dataset.ask(question, top)
    answers = Rows([answer.record for answer in result.answers])
    require_found(answers, missing, chosen, dataset, lambda r: r.render_answers, look)
    shown = listing(
        dataset, answers, heading=f"Question: {question}",
        scores=[answer.score for answer in result.answers],
        periods=[answer.evidence.period for answer in result.answers],
    )  # fmt: skip
    emit_chunks(chosen.renderer().render_answers(shown, look))


def stdin_question() -> str:
    """The question on standard input (``ask -``): its words, on one line."""
    question = " ".join(read_stdin_text().split())
    if not question:
        raise UsageProblem("no question on standard input")
    return question


def refuse_with_questions(question: str | None, top: int, explain: bool) -> None:
    """What --questions cannot be combined with: a question of its own, --top (one answer
    per question keeps lines paired with questions), --explain (which explains one)."""
    if question is not None:
        raise UsageProblem("give a QUESTION or --questions FILE, not both")
    if top != 1:
        raise UsageProblem(
            "--questions gives one answer per question: --top cannot be used with it",
            hint="ask a question alone to see its next candidates",
        )
    if explain:
        raise UsageProblem(
            "--explain explains one question: it cannot be used with --questions",
            hint="ask that question alone with --explain",
        )


def read_questions(name: Path) -> list[str]:
    """The questions of a file (or of standard input for -): one a line, blank lines and
    lines starting with # skipped."""
    shown = "standard input" if str(name) == STDIN else str(name)
    try:
        text = read_input(name).decode("utf-8")
    except UnicodeDecodeError:
        raise UsageProblem(f"{shown} is not UTF-8 text") from None
    # Lines end at a newline only ("\r\n" too): a question holding another line break
    # (U+2028, a form feed) stays one question, so answers pair with the file's lines.
    asked = [line.strip() for line in text.split("\n")]
    asked = [line for line in asked if line and not line.startswith("#")]
    if not asked:
        raise UsageProblem(
            f"no questions in {shown}",
            hint="one question a line; blank lines and lines starting with # are skipped",
        )
    return asked


def ask_each(
    asked: Sequence[str], data: Path | None, fmt: OutputFormat | None, look: Terminal
) -> None:
    """Ask every question of one dataset (its store and ask's tables opened once) and
    print one answer per question as each is found; exit 1 when any has none."""
    from factcli.controls import visible
    from factcli.model.records import AnsweredQuestion, AnsweredQuestions

    dataset = open_data(data)
    unanswered = 0

    def answered() -> Iterator[AnsweredQuestion]:
        nonlocal unanswered
        for question, result in zip(asked, dataset.ask_each(asked), strict=True):
            if not result.found:
                unanswered += 1
                yield AnsweredQuestion(question)
                continue
            best = result.best
            yield AnsweredQuestion(question, best.record, best.score, best.evidence.period)

    batch = AnsweredQuestions(answered(), visible(dataset.title), dataset.documents())
    emit_chunks(choose_format(fmt).renderer().render_questions(batch, look))
    if unanswered:
        flush_stdout()  # the answers first, then what stderr says of them
        raise NoAnswer(f"No sourced answer for {unanswered} of {len(asked)} questions")
