"""Word stems, tokens and typo distance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcli.language.words import tokens, typo_distance, word_stem, word_stems


@pytest.mark.parametrize(
    "group",
    [
        ("award", "awards", "awarded", "awarding"),
        ("allocate", "allocated", "allocates"),
        ("establish", "established", "establishes"),
        ("organization", "organizations"),
        ("woman", "women"),
        ("implementing", "implemented", "implement"),
        # irregular forms a suffix stemmer cannot join
        ("rise", "rose", "risen"),
        ("fall", "fell", "fallen"),
        ("pay", "paid"),
    ],
)
def test_word_forms_share_a_stem(group: tuple[str, ...]) -> None:
    """The forms of a word meet at one stem."""
    assert len({word_stem(word) for word in group}) == 1


def test_different_words_stay_apart() -> None:
    """Stemming does not merge words people tell apart."""
    assert word_stem("men") != word_stem("women")
    assert word_stem("award") != word_stem("reward")
    assert word_stem("rose") != word_stem("fell")


def test_numbers_are_their_own_stems() -> None:
    """A number is kept whole, not cut like a word."""
    assert word_stems("8.5 awards in 2024") == ["8.5", "award", "in", "2024"]


def test_tokens_keep_decimals() -> None:
    """A decimal number is one token."""
    assert tokens("$8.5 million to 10 groups") == ["8.5", "million", "to", "10", "groups"]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("roundtabel", "roundtable", 1),
        ("hotline", "hotlines", 1),
        ("abc", "abc", 0),
        ("award", "reward", 2),
        ("kitten", "sitting", 3),
    ],
)
def test_typo_distance(a: str, b: str, distance: int) -> None:
    """A swap of neighbours counts one edit, like an insertion or a deletion."""
    assert typo_distance(a, b, limit=5) == distance


@given(st.text("abcde", max_size=8), st.text("abcde", max_size=8))
def test_typo_distance_is_symmetric(a: str, b: str) -> None:
    """Distance does not depend on the order of the words, and is 0 only for equal words."""
    assert typo_distance(a, b, 10) == typo_distance(b, a, 10)
    assert (typo_distance(a, b, 10) == 0) == (a == b)


# Text as sentences hold it: words, numbers with separators, punctuation, any ASCII byte,
# and now and then a character outside ASCII (which takes the Unicode path).
_SENTENCE_PARTS = st.one_of(
    st.sampled_from(["Award", "covid19", "1,250,000.50", "8.5", "U.S.", "co-op", "_", "..", " "]),
    st.characters(max_codepoint=127),
    st.characters(),
)
_SENTENCES = st.lists(_SENTENCE_PARTS, max_size=30).map("".join)


@given(_SENTENCES)
def test_ascii_tokens_are_the_unicode_tokens(text: str) -> None:
    """The quick path for ASCII text cuts the tokens the Unicode rule cuts."""
    import re

    from factcli.language.words import FIRST_UNSPACED, fold, split_unspaced

    folded = fold(text)
    expected = re.findall(r"\d+(?:[.,]\d+)*|[^\W\d_]+", folded)
    if not folded.isascii() and max(folded) >= FIRST_UNSPACED:
        expected = split_unspaced(expected)
    assert tokens(text) == expected


@given(_SENTENCES)
def test_ascii_search_words_are_the_unicode_words(text: str) -> None:
    """Search's quick path for ASCII text finds the words the Unicode rule finds."""
    import re

    from factcli.language.words import FIRST_UNSPACED, fold, split_unspaced, words

    folded = fold(text)
    expected = re.findall(r"[^\W_]+", folded)
    if not folded.isascii() and max(folded) >= FIRST_UNSPACED:
        expected = split_unspaced(expected)
    assert words(text) == expected
