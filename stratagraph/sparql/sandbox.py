"""The SPARQL worker's walls: no network, bounded memory, a stack deep enough for what the screen lets in.

pyoxigraph evaluates ``SERVICE`` by making HTTP requests itself, from Rust, where
Python cannot intercept them. ``stratagraph.sparql.screen`` refuses such queries
before they run; the seccomp filter here makes the worker unable to open a socket
at all, so nothing goes out even if a query slipped past the screen (the worker
talks to the server over its stdin and stdout only).

Memory: ``RLIMIT_AS`` caps the worker's address space at what the loaded graph
takes plus a budget for the query. An allocation past it fails; pyoxigraph (Rust)
then aborts the process with "memory allocation of N bytes failed" on stderr,
which the engine reports as the query using too much memory.
"""

from __future__ import annotations

import errno
import resource

import pyseccomp as seccomp

__all__ = ["STACK_BYTES", "address_space", "cap_memory", "forbid_network"]

STACK_BYTES = 64 << 20
"""The stack queries run on: pyoxigraph recurses per nesting level (``screen.MAX_DEPTH``)."""

_DENIED = ("socket", "socketpair", "connect")


def forbid_network() -> None:
    """From now on, this process cannot create a socket or connect one (``EPERM``). Linux only."""
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in _DENIED:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
    rules.load()


def address_space() -> int:
    """Bytes of address space this process maps now (``VmSize``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("/proc/self/status has no VmSize line")


def cap_memory(budget: int) -> int:
    """Cap the address space at what is mapped now plus ``budget`` bytes; the cap set."""
    limit = address_space() + budget
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return limit
