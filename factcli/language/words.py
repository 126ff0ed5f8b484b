"""Words as factcli compares them: tokens, word stems, and small typos.

Words are Unicode words: "Zürich" is one word, Cyrillic and Greek words are words, and
each Chinese, Japanese or Korean character is a word of its own (those scripts do not put
spaces between words). Text is NFKC-normalized and case-folded first.

Deliberately small and deterministic: a suffix-stripping stemmer (award, awards,
awarded -> award) and a Damerau-Levenshtein distance for typos (roundtabel).
"""

from __future__ import annotations

import functools
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
# Plurals English does not form with -s, for the words facts about people use, and the past
# forms of verbs that do not end in -ed, for the verbs facts about money and counts use.
IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "person",
             "sought": "seek", "rose": "rise", "risen": "rise",
             "paid": "pay", "spent": "spend", "sold": "sell",
             "bought": "buy", "built": "build", "grew": "grow", "grown": "grow", "fell": "fall",
             "fallen": "fall", "won": "win", "lent": "lend", "sent": "send", "began": "begin",
             "begun": "begin", "held": "hold"}  # fmt: skip
# Words people use for one another when asking about programs and money. Each group reads
# as its first word, on both sides (question and fact), so "created" meets "established".
SYNONYMS = (
    ("establish", "create", "creation", "found", "launch", "open", "form", "start"),
    ("award", "grant", "fund", "funding"),
    ("allocate", "allocation", "provide", "invest", "spend"),
    ("implement", "implementation", "run", "operate", "administer"),
    ("survivor", "victim"),
    ("roundtable", "meeting", "convening"),
    ("organization", "group", "nonprofit"),
    ("man", "male"),
    ("woman", "female"),
    ("child", "kid"),
    ("death", "die", "died", "dead"),
    ("increase", "raise", "rise", "boost", "add"),
    ("request", "seek", "propose"),
    ("job", "employment"),
)
# The verbs of those groups: what happened, in a question asking when it happened.
EVENT_VERBS = ("establish", "award", "allocate", "implement", "release", "announce", "deliver",
               "publish")  # fmt: skip
_PLURALS = (("ies", "y"), ("sses", "ss"), ("s", ""))
# Longest first; each suffix is replaced, so "allocation", "allocated" and "allocate" all
# meet at "alloc", and "implementation" meets "implementing".
_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("ation", ""),
    ("ating", ""),
    ("ated", ""),
    ("ate", ""),
    ("ment", ""),
    ("ing", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ly", ""),
)
_KEEP_DOUBLE = frozenset("lsz")


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


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude but stable stem: awards/awarded/awarding -> award, allocation -> alloc."""
    plain = _plain_stem(word)
    return _SYNONYM_OF.get(plain, plain)


def _plain_stem(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if not word.isalpha() or len(word) <= 3:
        return word
    word = _replace_suffix(word, _PLURALS, keep=("ss", "us", "is"))
    word = _replace_suffix(word, _SUFFIXES)
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _KEEP_DOUBLE | set("aeiou"):
        word = word[:-1]  # planned -> plann -> plan
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # allocate -> allocat, so it meets allocation and allocated
    return word


def _replace_suffix(
    word: str, rules: tuple[tuple[str, str], ...], keep: tuple[str, ...] = ()
) -> str:
    if word.endswith(keep):
        return word
    for suffix, replacement in rules:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def stems(text: str) -> list[str]:
    """The stems of a text's tokens."""
    return list(map(stem, tokens(text)))


class TokenCache:
    """The tokens of each text, cut once: for code that reads the same texts several ways
    (an index build cuts a fact's sentences for its words, spellings and initialisms).
    The lists it gives are shared: callers read them and never change them."""

    def __init__(self) -> None:
        self._cut: dict[str, list[str]] = {}

    def tokens(self, text: str) -> list[str]:
        found = self._cut.get(text)
        if found is None:
            found = self._cut[text] = tokens(text)
        return found

    def stems(self, text: str) -> list[str]:
        return list(map(stem, self.tokens(text)))


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


_SYNONYM_OF = {_plain_stem(word): _plain_stem(group[0]) for group in SYNONYMS for word in group}


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
