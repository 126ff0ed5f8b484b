"""Issue 14, point 3: a broad question reads a bounded number of candidates, the same ones
in memory and from the index, and they are the facts holding the most of the question."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import pytest

import factcli.ask.corpus
from factcli.ask import AskCorpus, FactWords, NoSourcedAnswer, ask, explain, read_question
from factcli.ask.corpus import PREFERRED_WORDS, MemoryCorpus
from factcli.ask.rank import _preferred, _telling_words, _weights, resolve, weigh
from factcli.catalog import MemoryCatalog
from factcli.data.dataset import load_dataset
from factcli.index import open_catalog
from factcli.index.read import IndexedCatalog
from tests.conftest import count_decoded, generate_dataset

FACTS = 600
# A limit the broad questions of 600 facts exceed (the real one is met at thousands).
LIMIT = 25
# Questions whose words hundreds of the generated facts hold: broad ones.
BROAD = [
    "What did agencies report about women?",
    "How much did programs award for care?",  # only money: the kind narrows in SQL too
    "When did agencies report on health?",  # only dated facts
    "How much did the program award?",  # words every fact holds: any fact is a candidate
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_dataset(FACTS, tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def memory(generated: Path) -> MemoryCorpus:
    corpus = MemoryCatalog.from_loaded(load_dataset(generated)).ask_corpus()
    assert isinstance(corpus, MemoryCorpus)
    return corpus


def indexed(generated: Path) -> IndexedCatalog:
    catalog = open_catalog(generated)
    assert isinstance(catalog, IndexedCatalog)
    return catalog


def candidates(corpus: AskCorpus, question_text: str) -> list[FactWords]:
    """The candidates `weigh` reads for a question, asked as `weigh` asks."""
    found: list[list[FactWords]] = []
    reading = corpus.candidates

    class Recording:
        def __getattr__(self, name: str) -> object:
            return getattr(corpus, name)

        def candidates(self, *args: object) -> list[FactWords]:
            found.append(reading(*args))  # type: ignore[arg-type]
            return found[-1]

    weigh(Recording(), read_question(question_text))  # type: ignore[arg-type]
    assert len(found) == 1
    return found[0]


def held_weight(fact: FactWords, corpus: AskCorpus, question_text: str) -> float:
    """The weight of the question's preferred words that a fact's own words hold."""
    question = read_question(question_text)
    asked = resolve(corpus, question)
    preferred = _preferred(asked, _weights(corpus, question, asked))
    own = fact.own_words
    return math.fsum(weight for word, weight in preferred[:PREFERRED_WORDS] if word in own)


def asked(corpus: AskCorpus, question: str) -> None:
    """Ask, letting an abstention (exit 1) through: only what is read matters."""
    with contextlib.suppress(NoSourcedAnswer):
        ask(corpus, question)


@pytest.fixture(autouse=True)
def _limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(factcli.ask.corpus, "CANDIDATE_LIMIT", LIMIT)


class TestBroadQuestions:
    """However many facts hold a question's words, at most CANDIDATE_LIMIT are read."""

    @pytest.mark.parametrize("question", BROAD)
    def test_the_questions_are_broad(
        self, memory: MemoryCorpus, question: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the limit, each question has more candidates than the limit keeps."""
        monkeypatch.setattr(factcli.ask.corpus, "CANDIDATE_LIMIT", 10**9)
        assert len(candidates(memory, question)) > LIMIT

    @pytest.mark.parametrize("question", BROAD)
    def test_the_index_decodes_at_most_the_limit(self, generated: Path, question: str) -> None:
        catalog = indexed(generated)
        decoded = count_decoded(catalog)
        asked(catalog.ask_corpus(), question)
        assert 0 < len(decoded) <= LIMIT

    @pytest.mark.parametrize("question", BROAD)
    def test_memory_and_index_keep_the_same_facts(
        self, generated: Path, memory: MemoryCorpus, question: str
    ) -> None:
        from_index = candidates(indexed(generated).ask_corpus(), question)
        from_memory = candidates(memory, question)
        assert len(from_memory) == LIMIT
        assert [f.position for f in from_index] == [f.position for f in from_memory]
        assert [f.record for f in from_index] == [f.record for f in from_memory]

    @pytest.mark.parametrize("question", BROAD)
    def test_memory_and_index_answer_alike(
        self, generated: Path, memory: MemoryCorpus, question: str
    ) -> None:
        from_index = explain(indexed(generated).ask_corpus(), question, top=3)
        from_memory = explain(memory, question, top=3)
        assert from_index.lines == from_memory.lines
        assert from_index.answers == from_memory.answers

    @pytest.mark.parametrize("question", BROAD)
    def test_kept_facts_hold_the_most_of_the_question(
        self, memory: MemoryCorpus, question: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No fact left out holds a heavier set of the question's words than one kept;
        among facts holding sets of one weight, the first in dataset order are kept."""
        kept = candidates(memory, question)
        monkeypatch.setattr(factcli.ask.corpus, "CANDIDATE_LIMIT", 10**9)
        every = candidates(memory, question)
        positions = {fact.position for fact in kept}
        assert positions < {fact.position for fact in every}
        left = [fact for fact in every if fact.position not in positions]
        lightest_kept = min(held_weight(fact, memory, question) for fact in kept)
        heaviest_left = max(held_weight(fact, memory, question) for fact in left)
        assert heaviest_left <= lightest_kept
        assert lightest_kept > 0
        last_kept = max(
            fact.position for fact in kept if held_weight(fact, memory, question) == lightest_kept
        )
        assert all(
            fact.position > last_kept
            for fact in left
            if held_weight(fact, memory, question) == lightest_kept
        )


def test_a_narrow_question_is_not_cut(memory: MemoryCorpus) -> None:
    """A question whose candidates fit under the limit reads them all, as before."""
    question = read_question("How much did OTIP award in Chatham?")
    asked = resolve(memory, question)
    telling = _telling_words(memory, question, asked)
    assert telling is not None
    found = memory.candidates(telling, asked.named, ())
    assert len(found) < LIMIT
    assert candidates(memory, "How much did OTIP award in Chatham?") == found
