"""Benchmarks: scripts that print timings, never tests.

Each module here (other than this one and ``__main__``) exposes
``main(argv: list[str] | None = None) -> None`` and runs on its own as
``python -m bench.<name> [options]``; ``python -m bench`` (``make bench``) runs
every one of them with its defaults. Timings depend on the machine, so they are
printed for a human to read and quoted in notes, and nothing asserts on them.
"""
