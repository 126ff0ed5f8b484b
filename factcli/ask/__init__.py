"""Answering a plain-English question with the best sourced fact, or honestly not.

- `question`: what a question asks (kind of answer, constraints, content words);
- `lexicon`: abbreviations and initialisms; `factcli.language.words`: word forms, synonyms, typos;
- `corpus`: each fact's evidence (own words, paragraph, document) and the `AskCorpus`
  protocol that memory and the index implement alike;
- `rank`: constraints, scoring, the threshold; `explain`: the reasons, for ``--explain``.
"""

from __future__ import annotations

from factcli.ask.corpus import (
    AskCorpus,
    ContextReader,
    FactWords,
    MemoryCorpus,
    Narrowing,
    Surroundings,
    count_initialisms,
    frequency_words,
    iter_fact_words,
    known_spellings,
    measure_words,
)
from factcli.ask.explain import Explanation, explain
from factcli.ask.question import Question, read_question
from factcli.ask.rank import ANSWER_THRESHOLD, Answer, NoSourcedAnswer, ask

__all__ = [
    "ANSWER_THRESHOLD",
    "Answer",
    "AskCorpus",
    "ContextReader",
    "Surroundings",
    "Explanation",
    "FactWords",
    "MemoryCorpus",
    "Narrowing",
    "NoSourcedAnswer",
    "Question",
    "ask",
    "count_initialisms",
    "explain",
    "frequency_words",
    "iter_fact_words",
    "known_spellings",
    "measure_words",
    "read_question",
]
