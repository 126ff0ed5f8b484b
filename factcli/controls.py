"""Characters that can steer a terminal or hide what text says, found and made visible.

A dataset comes from elsewhere. C0 and C1 control characters (ESC starts the CSI and
OSC sequences that move the cursor, set the window title or write the clipboard; BEL,
backspace and carriage return overwrite what was shown), bidi overrides and isolates
(U+202E shows text backwards), zero-width characters and lone surrogates never reach a
terminal: the data contract rejects them (`models`), and anything else shown to people
that comes from elsewhere (file names, echoed arguments) goes through `visible`.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates; zero-width space, word joiner and byte-order
# mark; line and paragraph separators; lone surrogates.
_INVISIBLE = "\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u2028\u2029\ud800-\udfff"
# C0 controls, DEL and C1 controls, with and without tab (\x09) and newline (\x0a).
_UNSAFE_RE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")
_UNSAFE_IN_LINES_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")


def unsafe_character(text: str, *, line_breaks: bool = False) -> tuple[int, str] | None:
    """The first character of ``text`` that must not reach a terminal, and its index.

    With ``line_breaks``, tab and newline are allowed.
    """
    found = (_UNSAFE_IN_LINES_RE if line_breaks else _UNSAFE_RE).search(text)
    return (found.start(), found.group()) if found else None


def describe(char: str) -> str:
    """A character named for an error message: ``U+001B``."""
    return f"U+{ord(char):04X}"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every unsafe character (tab and newline too) written as an escape,
    ``\\x1b`` or ``\\u202e``, so it shows on one line as what it is."""
    return _UNSAFE_RE.sub(_escape, text) if _UNSAFE_RE.search(text) else text


def has_unsafe(text: str, *, line_breaks: bool = False) -> bool:
    """Whether ``text`` holds a character `visible` would escape (tab and newline aside
    with ``line_breaks``)."""
    return unsafe_character(text, line_breaks=line_breaks) is not None
