"""Exit statuses, named in one place and chosen only by the command line (as grep's)."""

from __future__ import annotations

from enum import IntEnum

from factcli.errors import FactcliError, NotFound


class ExitStatus(IntEnum):
    OK = 0
    # Nothing matched, no such fact, no sourced answer, verify found problems.
    NOT_FOUND = 1
    # A usage error or an unusable dataset or document.
    USAGE = 2
    # What a shell reports for a command stopped by Ctrl-C (128 + SIGINT).
    INTERRUPTED = 130


# Python itself exits with 1 when its stdout pipe is closed; factcli does the same.
PIPE_CLOSED = ExitStatus.NOT_FOUND


def status_of(error: FactcliError) -> ExitStatus:
    """The exit status of a failure: "not found" for what was looked for in vain, else a
    usage or data error."""
    return ExitStatus.NOT_FOUND if isinstance(error, NotFound) else ExitStatus.USAGE


class NoMatch(NotFound):
    """No fact passes the filters, or holds the words of a search (``query``; ``kind``:
    the kind it was narrowed to). An outcome of a command, worded by `options.worded`."""

    def __init__(self, query: str | None = None, kind: str | None = None) -> None:
        self.query = query
        self.kind = kind
        if query is None:
            super().__init__("no fact matches the filters")
        else:
            narrowed = f" among {kind} facts" if kind else ""
            super().__init__(f"no fact matches {query!r}{narrowed}")


class NoAnswer(NotFound):
    """A question the dataset holds no sourced answer to: said plainly, not as an error."""

    show_as_error = False
