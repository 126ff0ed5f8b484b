"""Scale words: "thousand", "million", "bn", "m", the one table every reader of figures uses.

Every pattern that finds a scale word after a figure is made from this table
(`patterns.any_word`), and every reader multiplies by what it says here.
"""

from __future__ import annotations

from factcli.language.patterns import any_word

# The words that scale a number, and by how much.
SCALE_WORDS: dict[str, int] = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
# Their short forms, as a figure writes them ("$1.2bn", "NZ$5m", "10k", "$3T").
SCALE_ABBREVIATIONS: dict[str, int] = {
    "k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9, "t": 10**12, "tn": 10**12,
}  # fmt: skip
SCALES: dict[str, int] = {**SCALE_WORDS, **SCALE_ABBREVIATIONS}
# The short forms of one letter, and those of more ("mn", "bn", "tn").
SCALE_LETTERS = "".join(short for short in SCALE_ABBREVIATIONS if len(short) == 1)
SHORT_SCALES = tuple(short for short in SCALE_ABBREVIATIONS if len(short) > 1)
# How a unit line or a table's header says the scale of its figures ("In Millions of
# Dollars", "(in thousands)").
PLURAL_SCALES: dict[str, int] = {f"{word}s": n for word, n in SCALE_WORDS.items()}
# Shortened scale words that stand alone in prose, as people type them in a question ("5
# bil", "3 mln"), and the word each stands for.
SCALE_SPELLINGS: dict[str, str] = {
    "bn": "billion", "bil": "billion", "k": "thousand", "mil": "million", "mln": "million",
}  # fmt: skip

# A scale word ("million"), in any case.
SCALE_WORD_PATTERN = any_word(SCALE_WORDS)
# A scale word or a short form of more than one letter ("million", "bn").
SCALE_OR_SHORT_PATTERN = any_word([*SCALE_WORDS, *SHORT_SCALES])
# A scale word, or any of its short forms ("million", "bn", "m").
SCALE_PATTERN = any_word(SCALES)
