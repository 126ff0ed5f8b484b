"""The pieces an index build cuts words with: initialism runs, token caches, acronym
changes, the Bloom filter of a batch's words, and acronyms looked up as one set."""

from __future__ import annotations

import pickle
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from factcli.ask.lexicon import _RUN_BREAKS, INITIALISM_LENGTHS, LINK_WORDS, initialism_runs
from factcli.index.words import WordFilter
from factcli.search import acronym_changes, field_word_sets, long_form, with_acronyms, words
from factcli.text import TokenCache, stems, tokens


def runs_as_defined(text: str) -> list[str]:
    """`initialism_runs` as its docstring says it, word by word and slowly: from each word
    that starts a run, every run of 2 to 6 words that are not link words, link words kept
    inside, at most 10 words in all, stopped by a word that joins clauses."""
    words = [w for w in tokens(text) if w.isalpha()]
    found = []
    for start, first in enumerate(words):
        if first in LINK_WORDS or first in _RUN_BREAKS:
            continue
        for end in range(start + 1, min(start + 10, len(words))):
            run = words[start : end + 1]
            if any(word in _RUN_BREAKS for word in run):
                break
            counted = sum(word not in LINK_WORDS for word in run)
            if counted > INITIALISM_LENGTHS[-1]:
                break
            if run[-1] not in LINK_WORDS and counted >= INITIALISM_LENGTHS[0]:
                found.append(" ".join(run))
    return found


SENTENCE_WORDS = st.sampled_from(
    ["family", "violence", "prevention", "services", "act", "of", "and", "the", "for",
     "which", "was", "office", "women", "US", "42", "3.5", "Zürich", "is", "on", "programs"]
)  # fmt: skip


@given(st.lists(SENTENCE_WORDS, max_size=40))
def test_initialism_runs_are_the_runs_as_defined(sentence: list[str]) -> None:
    text = " ".join(sentence)
    assert Counter(initialism_runs(text)) == Counter(runs_as_defined(text))


@given(st.lists(st.lists(SENTENCE_WORDS, max_size=20), max_size=6))
def test_initialism_runs_kept_by_part_are_the_runs_as_defined(sentences: list[list[str]]) -> None:
    """Sentences that share parts ("office on violence against women") give the same runs
    when each part's runs are kept for the next sentence as when every part is cut anew."""
    known: dict[str, list[str]] = {}
    for sentence in [*sentences, *sentences]:  # the second time, every part is known
        text = " ".join(sentence)
        assert Counter(initialism_runs(text, known=known)) == Counter(runs_as_defined(text))


def test_initialism_runs_of_a_long_form() -> None:
    runs = initialism_runs("The Family Violence Prevention and Services Act was passed.")
    assert "family violence prevention and services act" in runs
    assert "family violence" in runs
    assert not any(run.startswith(("and ", "the ")) or " was" in run for run in runs)


@given(st.lists(SENTENCE_WORDS, max_size=20))
def test_token_cache_cuts_as_tokens_and_stems_do(sentence: list[str]) -> None:
    cache = TokenCache()
    text = " ".join(sentence)
    for _ in range(2):  # the second time from the cache
        assert cache.tokens(text) == tokens(text)
        assert cache.stems(text) == stems(text)


@given(st.sets(st.text(min_size=1, max_size=12), max_size=300), st.text(max_size=12))
def test_word_filter_holds_every_word_it_was_given(held: set[str], other: str) -> None:
    """A Bloom filter never says no for a word it holds, also once sent to a worker."""
    found = WordFilter(held)
    again = pickle.loads(pickle.dumps(found))
    assert all(word in found and word in again for word in held)
    assert (other in found) == (other in again)


def test_word_filter_says_no_for_most_other_words() -> None:
    found = WordFilter(f"word{n}" for n in range(20_000))
    wrong = sum(f"other{n}" in found for n in range(20_000))
    assert wrong < 200  # about 1 in 200 by its size; 1 in 100 allowed


def test_acronym_changes() -> None:
    before = {"OVW": "Office on Violence Against Women"}
    after = {**before, "ACF": "Administration for Children and Families"}
    assert acronym_changes(before, before, words) == (set(), set())
    assert acronym_changes(before, after, words) == (
        {"acf"},
        {("administration", "for", "children", "and", "families")},
    )
    # Another long form for the same acronym changes both.
    changed, long_forms = acronym_changes(before, {"OVW": "Office of Violence Work"}, words)
    assert changed == {"ovw"}
    assert long_forms == {("office", "on", "violence", "against", "women"),
                          ("office", "of", "violence", "work")}  # fmt: skip


def test_acronyms_found_among_many() -> None:
    """Texts are matched against many acronyms at once, both ways."""
    acronyms = {f"A{n:03d}X": f"Alpha {n} Xray" for n in range(300)}
    acronyms["OVW"] = "Office on Violence Against Women"
    expansions = {a.lower(): words(long) for a, long in acronyms.items()}
    contractions = {"office": [long_form(words(acronyms["OVW"]), "ovw")]}
    keys = frozenset(expansions).union(contractions)
    text = words("The Office on Violence Against Women and A007X")
    found = with_acronyms(text, expansions, contractions, keys)
    assert {"ovw", "alpha", "7", "xray"} <= found
    assert with_acronyms(words("nothing here"), expansions, contractions, keys) == {
        "nothing", "here"
    }  # fmt: skip


_FEW_WORDS = st.sampled_from(["office", "on", "women", "womens", "violence", "of", "x"])


@given(st.lists(_FEW_WORDS, max_size=12), st.lists(_FEW_WORDS, min_size=1, max_size=4))
def test_a_long_form_counts_only_as_a_run_of_whole_words(text: list[str], long: list[str]) -> None:
    """A text gets an acronym for its long form when the long form's words stand in it
    side by side, whole ("on women" is not in "on womens"), and not when they are only
    scattered through it."""
    run = tuple(long)
    contractions = {run[0]: [long_form(run, "acr")]}
    keys = frozenset(contractions)
    side_by_side = any(tuple(text[i : i + len(run)]) == run for i in range(len(text)))
    assert ("acr" in with_acronyms(text, {}, contractions, keys)) == side_by_side


def test_field_word_sets_notes_every_word_cut() -> None:
    seen: set[str] = set()

    class Record:
        text = "Office on Violence Against Women (OVW) awards"

    list(field_word_sets([Record()], lambda r: {"text": r.text}, words, {}, seen))  # type: ignore[list-item]
    assert seen == {"office", "on", "violence", "against", "women", "ovw", "awards"}


FIELD_NAMES = ("a", "b", "c", "d", "e")


@given(
    st.fixed_dictionaries({name: st.frozensets(st.sampled_from("wxyz")) for name in FIELD_NAMES}),
    st.permutations(FIELD_NAMES),
    st.lists(st.integers(1, 4), min_size=1, max_size=4),
)
def test_grouped_words_answer_what_the_fields_do(
    fields: dict[str, frozenset[str]], order: list[str], cuts: list[int]
) -> None:
    """Each word is in the first group whose fields hold it, and only there: so a word is in
    a group or one before it exactly when the fields of those groups hold it (what the
    index's queries ask: `read._score_levels`, `IndexCorpus.candidates`)."""
    from factcli.index.schema import grouped_words

    groups, start = [], 0
    for size in cuts:
        groups.append(tuple(order[start : start + size]))
        start += size
    groups = [group for group in groups if group]
    found = grouped_words(fields, groups)
    for word in "wxyz":
        holding = [n for n, group in enumerate(groups) if any(word in fields[f] for f in group)]
        assert [n for n, words in enumerate(found) if word in words] == holding[:1]
