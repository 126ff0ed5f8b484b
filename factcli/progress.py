"""A progress bar on stderr for long index builds, only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

# Called as the index is built: (phase, done, total); total is None while unknown.
Progress = Callable[[str, int, int | None], None]


class _TerminalProgress:
    """Draws a rich progress bar on stderr; rich is imported only if a bar is drawn."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
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


def terminal_progress() -> Progress | None:
    """A progress reporter for index builds, or None when stderr is not a terminal."""
    return _TerminalProgress() if sys.stderr.isatty() else None
