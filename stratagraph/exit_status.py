"""How a child process ended, in words: the server's processes and the SPARQL workers both say it."""

from __future__ import annotations

import contextlib
import signal

__all__ = ["described"]


def described(returncode: int) -> str:
    """``exit status 3``, or ``killed by SIGKILL`` for a process a signal ended (a negative return code)."""
    if returncode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-returncode).name}"
    return f"exit status {returncode}"
