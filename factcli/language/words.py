"""Words as factcli compares them: tokens, search words, English stems, and small typos.

Words are Unicode words: "Zürich" is one word, Cyrillic and Greek words are words, and
each Chinese, Japanese or Korean character is a word of its own (those scripts do not put
spaces between words). Text is NFKC-normalized and case-folded first.

Stems are Snowball's English (Porter 2) stems, by PyStemmer, with English's irregular
plurals and past forms joined to their words first; typos are measured by a
Damerau-Levenshtein distance (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Numbers ("8.5", "1,000"), then runs of letters and marks (\w less digits and "_").
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
# The same for folded ASCII text (lower case): twice as quick as matching Unicode classes,
# and most text is ASCII. Every index build cuts every sentence with it.
_ASCII_TOKEN_RE = re.compile(r"[a-z]+|[0-9]+(?:[.,][0-9]+)*")
# Scripts written without spaces between words (CJK, kana, hangul): each character is a
# word. Ranges, not a regex: a character class this wide takes milliseconds to compile.
_UNSPACED = (
    (0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3100, 0x31FF), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F),
)  # fmt: skip
FIRST_UNSPACED = chr(_UNSPACED[0][0])


def fold(text: str) -> str:
    """Text as words are compared: NFKC-normalized, case-folded, curly apostrophes plain."""
    if text.isascii():  # the same, quicker: NFKC keeps ASCII, which casefold() lowers
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'")


def tokens(text: str) -> list[str]:
    """Folded words and numbers ("8.5" stays one token); apostrophes end a word."""
    folded = fold(text)
    if folded.isascii():
        return _ASCII_TOKEN_RE.findall(folded)
    found = _TOKEN_RE.findall(folded)
    return found if max(folded) < FIRST_UNSPACED else split_unspaced(found)


_WORD_RE = re.compile(r"[^\W_]+")
# For folded ASCII text (lower case), what is not a letter or digit becomes a space, and the
# words are what `str.split` leaves: several times quicker than the regex, same words.
_ASCII_WORD_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_ASCII_NON_WORD = bytes(byte if byte in _ASCII_WORD_CHARS else 0x20 for byte in range(256))


def words(text: str) -> list[str]:
    """Folded words of a text as search matches them (letters and digits of any script),
    hyphenated parts and possessives split off: "Zürich" is one word, "Москва" is a word,
    each Chinese, Japanese or Korean character is a word, and "8.5" is two."""
    folded = fold(text)
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    found = _WORD_RE.findall(folded)
    return found if max(folded) < FIRST_UNSPACED else split_unspaced(found)


def split_unspaced(found: list[str]) -> list[str]:
    """Tokens cut before and after each character of a script written without spaces."""
    if all(max(token, default="") < FIRST_UNSPACED for token in found):
        return found
    return [piece for token in found for piece in _split_token(token)]


def _split_token(token: str) -> list[str]:
    pieces: list[str] = []
    run = ""
    for character in token:
        if any(low <= ord(character) <= high for low, high in _UNSPACED):
            pieces += [run, character] if run else [character]
            run = ""
        else:
            run += character
    return pieces + [run] if run else pieces


def typo_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (a swap of neighbours counts 1), capped at limit + 1.

    Computed by rapidfuzz (imported here: only a word the data does not know needs it)."""
    from rapidfuzz.distance import DamerauLevenshtein

    return int(DamerauLevenshtein.distance(a, b, score_cutoff=limit))


def typo_limit(word: str) -> int:
    """How many edits a word may be off: none below 5 letters, 1 up to 7, then 2."""
    if len(word) < 5 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


# Plurals and past forms English does not make with suffixes, which a stemmer cannot join to
# their word: general English, the same for any document.
IRREGULAR_FORMS = {
    "women": "woman", "men": "man", "children": "child", "people": "person", "persons": "person",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "data": "datum",
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "grew": "grow",
    "grown": "grow", "paid": "pay", "spent": "spend", "sold": "sell", "bought": "buy",
    "built": "build", "won": "win", "lost": "lose", "lent": "lend", "sent": "send",
    "began": "begin", "begun": "begin", "held": "hold", "sought": "seek", "made": "make",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "went": "go",
    "gone": "go", "came": "come", "kept": "keep", "left": "leave", "met": "meet",
    "led": "lead", "saw": "see", "seen": "see", "told": "tell", "thought": "think",
    "brought": "bring", "cut": "cut", "set": "set", "hit": "hit", "put": "put",
}  # fmt: skip
_SNOWBALL: Any = None


def word_stem(word: str) -> str:
    """The English (Porter 2) stem of a folded word, irregular forms first joined to their
    word ("women": "woman", "fell": "fall"); numbers as they are.

    The Snowball stemmer is PyStemmer's, in C (0.3 µs a word), loaded on first use: only
    ask stems words.
    """
    global _SNOWBALL
    if _SNOWBALL is None:
        import Stemmer

        _SNOWBALL = Stemmer.Stemmer("english")
    if not word.isalpha():
        return word
    return str(_SNOWBALL.stemWord(IRREGULAR_FORMS.get(word, word)))


def word_stems(text: str) -> list[str]:
    """The stems of a text's words (`tokens`, numbers kept whole)."""
    return [word_stem(token) for token in tokens(text)]
