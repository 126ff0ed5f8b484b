"""Characters that can steer a terminal or hide what text says, found and made visible.

A dataset comes from elsewhere. C0 and C1 control characters (ESC starts the CSI and
OSC sequences that move the cursor, set the window title or write the clipboard; BEL,
backspace and carriage return overwrite what was shown), bidi overrides and isolates
(U+202E shows text backwards), zero-width characters and lone surrogates never reach a
terminal: the data contract rejects them (`models`), and anything else shown to people
that comes from elsewhere (file names, echoed arguments) goes through `visible`.
"""

from __future__ import annotations

import functools
import re

# Bidi embeddings, overrides and isolates; zero-width space, word joiner and byte-order
# mark; line and paragraph separators; lone surrogates.
_INVISIBLE = "\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u2028\u2029\ud800-\udfff"
# C0 controls, DEL and C1 controls, with and without tab (\x09) and newline (\x0a).
_UNSAFE = f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]"
_UNSAFE_IN_LINES = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]"


@functools.cache
def _pattern(line_breaks: bool) -> re.Pattern[str]:
    # Compiled when first needed: most texts are printable and never need it.
    return re.compile(_UNSAFE_IN_LINES if line_breaks else _UNSAFE)


def unsafe_character(text: str, *, line_breaks: bool = False) -> tuple[int, str] | None:
    """The first character of ``text`` that must not reach a terminal, and its index.

    With ``line_breaks``, tab and newline are allowed.
    """
    if text.isprintable():  # every unsafe character is unprintable: the usual, fast case
        return None
    found = _pattern(line_breaks).search(text)
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
    return text if text.isprintable() else _pattern(False).sub(_escape, text)


# What output may not hold: unsafe characters, but tab, newline and CRLF (csv's line end).
_OUTPUT_UNSAFE = f"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]"


@functools.cache
def _output_pattern() -> re.Pattern[str]:
    return re.compile(_OUTPUT_UNSAFE)


def safe_output(text: str) -> str:
    """Output with any unsafe character that slipped through written as a ``\\uXXXX``
    escape: visible as text, and still the same string inside a JSON string."""
    if text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ").isprintable():
        return text
    return _output_pattern().sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def masked(text: str) -> str:
    """``text`` with each unsafe character (tab and newline too) replaced by U+FFFD, one
    for one, so that offsets into it still hold (for highlighting)."""
    return text if text.isprintable() else _pattern(False).sub("\ufffd", text)


def has_unsafe(text: str, *, line_breaks: bool = False) -> bool:
    """Whether ``text`` holds a character `visible` would escape (tab and newline aside
    with ``line_breaks``)."""
    return unsafe_character(text, line_breaks=line_breaks) is not None


# An escape in JSON text that may decode to an unsafe character: \b, \f, \r,
# \u0000-\u001f, \u007f-\u009f, \u2000-\u206f, \ufeff, \ud800-\udfff.
_UNSAFE_ESCAPE = r"\\(?:[bfr]|u(?:00[01]|007[fF]|00[89]|20[0-6]|[fF][eE][fF][fF]|[dD][89a-fA-F]))"


@functools.cache
def _escape_pattern() -> re.Pattern[str]:
    return re.compile(_UNSAFE_ESCAPE)


def json_may_hold_unsafe(text: str) -> bool:
    """Whether JSON text may decode to a string `has_unsafe` would flag: it holds an
    unsafe character itself, or an escape of one. It may say yes to harmless text (a
    no-break space), never no to harmful text; a clean file then need not be checked
    string by string. (Tab, newline and carriage return are JSON's white space, and
    JSON forbids them raw inside strings.)"""
    flat = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return not flat.isprintable() or _escape_pattern().search(text) is not None


class JsonScan:
    """Scans a JSON text chunk by chunk as it is read: clean while no chunk (nor a seam
    between two) may hold an unsafe character."""

    def __init__(self) -> None:
        self.clean = True
        self._tail = ""

    def feed(self, chunk: str) -> None:
        if self.clean and json_may_hold_unsafe(self._tail + chunk):
            self.clean = False
        self._tail = chunk[-6:]  # the longest escape is six characters long
