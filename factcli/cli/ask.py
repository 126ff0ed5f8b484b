"""``factcli ask``: the best sourced answer to a question, or why there is none."""

from __future__ import annotations

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
from factcli.cli.output import emit, emit_chunks, listing, require_found
from factcli.cli.status import NoAnswer
from factcli.cli.stdin import STDIN, read_stdin_text
from factcli.errors import UsageProblem

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


@commands.command()
def ask(
    question: Annotated[
        str,
        typer.Argument(
            metavar="QUESTION", help="A question, in quotes; - reads it from standard input."
        ),
    ],
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
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
) -> None:
    """The best sourced answer to a question; exit 1 when there is none.

    Example: factcli ask "How much did ACF award in October 2022?" --explain
    """
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
