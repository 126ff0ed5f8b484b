"""Reading a JSON object member by member, and one list in it item by item.

A dataset of a million facts is hundreds of megabytes of JSON; read whole, its Python
objects take gigabytes. This reader holds one item at a time. It follows only the plain
case (an object, one list member streamed); anything else, malformed JSON included,
raises `NotStreamable`, and the caller reads the file whole, which reports any problem
exactly as it always does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, TextIO

# Marks where the streamed list begins, so an empty list is still seen.
LIST_START: Any = object()
_CHUNK = 1 << 20
# An item larger than this is not something to read piecemeal: give up, read it whole.
_LARGEST_ITEM = 1 << 24
# A value read this close to the end of the window is read again with more text.
_TAIL = 64
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
# A \uD800-\uDFFF escape, maybe without its other half (a lone surrogate is no character:
# it cannot be validated, written or shown). Pairs, as ensure_ascii writes emoji, are fine.
# (A fast test that may say yes to pairs too: `lone_surrogate_at` then decides.)
LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def lone_surrogate_at(
    value: Any, where: tuple[str | int, ...] = ()
) -> tuple[str | int, ...] | None:
    """Where in parsed JSON a string (or a key) holds a lone surrogate, if anywhere."""
    if isinstance(value, str):
        return where if any("\ud800" <= char <= "\udfff" for char in value) else None
    items: Any = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        if (found := lone_surrogate_at(key, where)) is not None:
            return found
        if (found := lone_surrogate_at(item, (*where, key))) is not None:
            return found
    return None


class NotStreamable(Exception):
    """The text is not a JSON object this reader can follow."""


class DuplicateKey(ValueError):
    """A JSON object holds the same key twice."""


def unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's members as a dict; a key given twice raises `DuplicateKey`."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or _add(seen, key))
        named = found.get("id")
        where = f" (in the object with id {named!r})" if isinstance(named, str) else ""
        raise DuplicateKey(f"the key {twice!r} appears twice in one object{where}")
    return found


def _add(seen: set[str], key: str) -> bool:
    seen.add(key)
    return False


_decoder = json.JSONDecoder(object_pairs_hook=unique_object)


class _Reader:
    """A window on a text file, advanced value by value."""

    def __init__(self, file: TextIO, on_text: Callable[[str], None] | None = None) -> None:
        self.file = file
        self.on_text = on_text
        self.buffer = ""
        self.pos = 0
        self.ended = False

    def _more(self) -> bool:
        if self.ended:
            return False
        try:
            chunk = self.file.read(_CHUNK)
        except (UnicodeDecodeError, OSError) as error:
            raise NotStreamable(str(error)) from None
        if not chunk:
            self.ended = True
            return False
        if self.on_text is not None:
            self.on_text(chunk)
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space, left unread ("" at the end)."""
        while True:
            if found := _NOT_SPACE.search(self.buffer, self.pos):
                self.pos = found.start()
                return self.buffer[self.pos]
            self.pos = len(self.buffer)
            if not self._more():
                return ""

    def take(self, expected: str) -> str:
        """Read the next character, which must be one of ``expected``."""
        char = self.peek()
        if not char or char not in expected:
            raise NotStreamable(f"expected one of {expected!r} at character {self.pos}")
        self.pos += 1
        return char

    def value(self) -> Any:
        """Read the next JSON value whole."""
        self.peek()
        while True:
            try:
                value, end = _decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                # Most likely the value goes on in the next chunk; else it is broken.
                if len(self.buffer) - self.pos < _LARGEST_ITEM and self._more():
                    continue
                raise NotStreamable(str(error)) from None
            except (ValueError, RecursionError) as error:  # a duplicate key, deep nesting
                raise NotStreamable(str(error)) from None
            if len(self.buffer) - end < _TAIL and self._more():
                continue  # a number may go on in the next chunk ("0." then "5")
            if LONE_SURROGATE_ESCAPE.search(self.buffer, self.pos, end) and (
                lone_surrogate_at(value) is not None
            ):
                raise NotStreamable("a lone surrogate")  # read whole, where it is reported
            self.pos = end
            return value


def object_members(
    file: TextIO, streamed: str, on_text: Callable[[str], None] | None = None
) -> Iterator[tuple[str, Any]]:
    """The members of the JSON object in ``file`` as (key, value), in the file's order.

    The list under the key ``streamed`` comes as (key, `LIST_START`), then one
    (key, item) per item. Raises `NotStreamable` for anything but a well-formed object.
    ``on_text`` is given each chunk of the text as it is read, before any value in it.
    """
    reader = _Reader(file, on_text)
    reader.take("{")
    if reader.peek() == "}":
        reader.pos += 1
    else:
        while True:
            key = reader.value()
            if not isinstance(key, str):
                raise NotStreamable("an object key is not a string")
            reader.take(":")
            if key == streamed and reader.peek() == "[":
                reader.pos += 1
                yield key, LIST_START
                if reader.peek() == "]":
                    reader.pos += 1
                else:
                    while True:
                        yield key, reader.value()
                        if reader.take(",]") == "]":
                            break
            else:
                yield key, reader.value()
            if reader.take(",}") == "}":
                break
    if reader.peek():
        raise NotStreamable("text after the object")
