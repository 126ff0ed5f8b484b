"""The one exception family of factcli: each error carries its user message and exit code."""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


class FactcliError(Exception):
    """An error to show the user as ``factcli: error: MESSAGE``.

    ``details`` are extra lines (e.g. one per schema problem); ``hint`` is one line
    telling the user what to do about it.
    """

    exit_code = EXIT_USAGE
    # False for outcomes that are not failures (an abstained question): the message is
    # then printed as it is, without the "factcli: error:" prefix.
    show_as_error = True

    def __init__(
        self, message: str, *, hint: str | None = None, details: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = tuple(details)


class DatasetError(FactcliError):
    """The dataset cannot be found, read, parsed or validated."""


class UsageProblem(FactcliError):
    """An option or argument value the CLI cannot use."""


class NotFound(FactcliError):
    """Nothing matched: an unknown id, a search with no hits."""

    exit_code = EXIT_NOT_FOUND


class IndexDamaged(FactcliError):
    """The index of a dataset was found damaged and removed: the command can run again."""


class DocumentError(FactcliError):
    """A document cannot be brought into a dataset: unreadable, not text, empty, already there."""
