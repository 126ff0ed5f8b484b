"""factcli ask: question typing, matching rules, constraints, abstention, and the eval set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcli.ask import ANSWER_THRESHOLD, AskCorpus, NoSourcedAnswer, ask, read_question
from factcli.cli import app
from tests.conftest import SHIPPED, ask_corpus_of

runner = CliRunner()
QUESTIONS = Path(__file__).parent / "data" / "ask_questions.json"
ACF_MONEY = "acf-case-management-awards-2022"




@pytest.fixture()
def records() -> AskCorpus:
    """The shipped dataset as ask reads it: from memory or from the index (see `storage`)."""
    return ask_corpus_of(SHIPPED)


def best(records: AskCorpus, question: str) -> str | None:
    try:
        return ask(records, question)[0].record.id
    except NoSourcedAnswer:
        return None


class TestQuestionKind:
    @pytest.mark.parametrize(
        ("question", "kind"),
        [
            ("When did HHS host the roundtable?", "date"),
            ("What date was the roundtable?", "date"),
            ("What year did the ARP allocate funding?", "date"),
            ("In which month was OFVPS created?", "date"),
            ("How much did ACF award?", "money"),
            ("What amount did ACF award?", "money"),
            ("How much money went to shelters?", "money"),
            ("How many dollars did ACF award?", "money"),
            ("How many organizations got awards?", "statistic"),
            ("What share of women experienced stalking?", "statistic"),
            ("What percent of men experienced violence?", "statistic"),
            ("What fraction of men experienced violence?", "statistic"),
            ("How long has HHS implemented FVPSA?", "statistic"),
            ("Tell me about the roundtable", None),
        ],
    )
    def test_kind(self, question: str, kind: str | None) -> None:
        """Cue words say which kind of answer is asked for."""
        assert read_question(question).kind == kind

    def test_kind_ranks_answers(self, records: AskCorpus) -> None:
        """The same words answer "when" with the date and "how much" with the amount."""
        assert best(records, "When did ACF award case management funding?") == (
            "acf-case-management-awards-date"
        )
        assert best(records, "How much did ACF award for case management?") == ACF_MONEY
        assert best(records, "How many organizations got ACF case management awards?") == (
            "acf-case-management-grantees-2022"
        )

    def test_when_of_a_fact(self, records: AskCorpus) -> None:
        """A question dated by a year finds the fact whose `when` is that year."""
        assert best(records, "How much in 2021?") == "arp-domestic-violence-funding-2021"


class TestMatching:
    def test_case_and_word_forms(self, records: AskCorpus) -> None:
        """Case, plurals and word forms do not matter: awarded, awards, award."""
        assert best(records, "HOW MUCH WAS AWARDED BY ACF?") == ACF_MONEY
        assert best(records, "how much did acf award") == ACF_MONEY

    def test_acronym_and_long_form(self, records: AskCorpus) -> None:
        """An acronym and its long form (read from the data) find the same fact."""
        assert best(records, "When was OFVPS established?") == "ofvps-established-date"
        assert (
            best(
                records,
                "When was the Office of Family Violence Prevention and Services established?",
            )
            == "ofvps-established-date"
        )
        assert best(records, "How long has HHS implemented FVPSA?") == "fvpsa-program-years"

    def test_small_typos(self, records: AskCorpus) -> None:
        """A letter swapped or missing still finds the word: roundtabel."""
        assert best(records, "When was the roundtabel?") == "hhs-survivors-roundtable-date"
        assert (
            best(records, "How much did the Administartion for Children and Families award?")
            == ACF_MONEY
        )

    def test_synonyms(self, records: AskCorpus) -> None:
        """Common paraphrases meet: created/established, set up/established."""
        assert best(records, "When was OFVPS created?") == "ofvps-established-date"
        assert best(records, "When was OFVPS set up?") == "ofvps-established-date"


class TestAbstention:
    @pytest.mark.parametrize(
        "question",
        [
            "How many domestic violence hotlines are there?",  # shares topic words only
            "What is the capital of France?",  # nothing in common
            "How much did ACF award in 2021?",  # the date contradicts the fact
            "When did ACF award $10 million?",  # the amount contradicts the fact
            "When was HHS founded?",  # HHS founded OFVPS, it was not founded then
            "What share of men have experienced human trafficking?",  # only the population
            "When was the National Domestic Violence Hotline founded?",  # named, never dated
        ],
    )
    def test_abstains(self, records: AskCorpus, question: str) -> None:
        """The dataset does not hold these answers, and factcli says so."""
        assert best(records, question) is None

    def test_threshold_is_half(self) -> None:
        """The documented threshold: at least half of the question's word weight."""
        assert ANSWER_THRESHOLD == 0.5


class TestEvaluationSet:
    """Our own question set, written as users ask: a floor on both rates."""

    def test_size(self) -> None:
        questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
        assert len(questions) >= 40
        assert sum(q["answer"] is None for q in questions) >= 10

    def test_rates(self, records: AskCorpus) -> None:
        """At least 95% right at top-1 and at least 90% of unanswerable ones abstained."""
        questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
        answerable = [q for q in questions if q["answer"]]
        unanswerable = [q for q in questions if not q["answer"]]
        right = sum(best(records, q["question"]) == q["answer"] for q in answerable)
        abstained = sum(best(records, q["question"]) is None for q in unanswerable)
        assert right / len(answerable) >= 0.95
        assert abstained / len(unanswerable) >= 0.90


class TestAskCommand:
    def test_plain(self) -> None:
        """The answer is the fact's plain line; nothing on stderr."""
        result = runner.invoke(app, ["ask", "How much did ACF award in October 2022?"])
        assert result.exit_code == 0, result.output
        assert result.stdout.split("\t")[:3] == [ACF_MONEY, "money", "8500000"]
        assert result.stderr == ""

    def test_json_with_score_and_top(self) -> None:
        """JSON answers are list -f json objects plus a score, best first; --top adds more."""
        result = runner.invoke(
            app, ["ask", "When did ACF award funding?", "--top", "3", "-f", "json"]
        )
        answers: list[dict[str, Any]] = json.loads(result.stdout)
        assert answers[0]["id"] == "acf-case-management-awards-date"
        assert 1 < len(answers) <= 3
        scores = [answer["score"] for answer in answers]
        assert scores == sorted(scores, reverse=True)
        assert set(answers[0]) - {"score"} == set(
            json.loads(runner.invoke(app, ["list", "-f", "json"]).stdout)[0]
        )

    @pytest.mark.parametrize(("fmt", "shape"), [("plain", ""), ("json", "[]\n"), ("table", "")])
    def test_abstention(self, fmt: str, shape: str) -> None:
        """No answer: exit 1, no answer on stdout (json keeps its shape: an empty array),
        the question named on stderr."""
        question = "How many domestic violence hotlines are there?"
        result = runner.invoke(app, ["ask", question, "-f", fmt])
        assert result.exit_code == 1
        assert result.stdout == shape
        assert result.stderr == f"No sourced answer for: {question}\n"

    def test_table_shows_quote_and_source(self) -> None:
        """In a table: the value, the statement, the quote, the document."""
        result = runner.invoke(
            app, ["ask", "What share of women experienced stalking?", "-f", "table"]
        )
        for expected in (
            "over 1 in 3 (≈ 33%)",
            "According to the National Domestic",
            "HHS Convenes Organizations",
            "Answer: us-women-violence-lifetime",
        ):
            assert expected in result.stdout

    def test_bad_top(self) -> None:
        """--top below 1 is a usage error."""
        assert runner.invoke(app, ["ask", "x", "--top", "0"]).exit_code == 2
