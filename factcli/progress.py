"""A progress bar on stderr for long work (index builds, batches of documents), only when
stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

# Called as the index is built: (phase, done, total); total is None while unknown.
Progress = Callable[[str, int, int | None], None]


class _TerminalProgress:
    """Draws a rich progress bar on stderr; rich is imported only if a bar is drawn, and
    only once the work has taken ``after`` seconds (a short one shows none)."""

    def __init__(self, after: float = 0.0) -> None:
        self._bar: Any = None
        self._task: Any = None
        self._after = after
        self._started = time.monotonic()

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if self._bar is None and time.monotonic() - self._started < self._after:
            return
        if self._bar is None:
            import atexit

            from rich.console import Console
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(console=Console(stderr=True), transient=True)
            # The bar hides the cursor; a build stopped by Ctrl-C or an error (even while
            # the bar starts) must still give it back when the process exits.
            atexit.register(self._restore)
            self._bar.start()
            self._task = self._bar.add_task(phase, total=total)
        self._bar.update(self._task, completed=done, total=total, description=phase)
        if total is not None and done >= total:
            self._bar.stop()

    def _restore(self) -> None:
        from contextlib import suppress

        with suppress(Exception):  # a bar interrupted as it started cannot stop cleanly
            self._bar.stop()
        self._bar.console.show_cursor(True)


def terminal_progress(after: float = 0.0) -> Progress | None:
    """A progress reporter (for index builds, batches of documents), or None when stderr is
    not a terminal; it draws its bar once the work has taken ``after`` seconds."""
    return _TerminalProgress(after) if sys.stderr.isatty() else None
