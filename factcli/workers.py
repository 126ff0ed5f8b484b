"""Worker processes that behave: they leave Ctrl-C to the main process, write nothing to
its stdout, and die with it (so `factcli ... | head` never waits on an orphan)."""

from __future__ import annotations

import os
import signal
import sys

# prctl(2) option: the signal a process receives when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def usable_cores(limit: int) -> int:
    """The cores this process may use, at most ``limit`` (1 off Linux, where workers fork)."""
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(limit, len(os.sched_getaffinity(0))))


def start_quiet_worker(parent: int) -> None:
    """In a forked worker: ignore Ctrl-C, send stdout nowhere, die when ``parent`` dies."""
    import ctypes

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
