"""How much one ``validate`` or ``load`` reads, so that a hostile or mistaken input is refused with a clear
error instead of taking the machine's memory.

Reading costs memory per byte (the text and its parse) and per value: a YAML node, a table cell or an RDF
statement each becomes Python objects of a kilobyte or more, however few bytes wrote it (``- 1``,
``<a> <b> 1, 1, 1``). Both are bounded, for the files of one run together:

* at most ``max_input_mb`` MiB of files (``STRATAGRAPH_MAX_INPUT_MB``, ``--max-input-mb``), checked
  before anything is read;
* at most ``VALUES_PER_MB`` values (YAML nodes, table cells, RDF statements; a table row counts as four
  at least) for each MiB of that limit, counted while reading, so that an input much denser than real
  ones stops early: the bundled YAML holds a node per 24 bytes, a task table a cell per 30 or so, the
  RDF ``export`` a statement per 84 bytes or more.

The default fits the bundled dataset (two plans and what they cite) twenty times over as N-Triples,
its most verbose form, and a hundred times as YAML: a national plan many times over.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_INPUT_MB = 64.0
MAX_DEPTH = 64
"""Levels of nesting a YAML, JSON-LD or RDF/XML file may have; the dataset and the RDF export use six at most.
Parsers recurse per level (ruamel's composer, pyoxigraph's JSON-LD) or slow down with it (RDF/XML)."""
VALUES_PER_MB = 16_000
MIB = 1024 * 1024
RAISE_IT = "if the input is meant, raise the limit: --max-input-mb or STRATAGRAPH_MAX_INPUT_MB"
TOO_LARGE = "too-large"
"""The code of a problem about an input over a limit; reading stops at the first."""


@dataclass(frozen=True)
class InputLimits:
    """The limits of one run (``validate`` or ``load``)."""

    max_input_mb: float = DEFAULT_MAX_INPUT_MB

    @property
    def max_bytes(self) -> int:
        return int(self.max_input_mb * MIB)

    @property
    def max_values(self) -> int:
        return int(self.max_input_mb * VALUES_PER_MB)

    def budget(self) -> Budget:
        return Budget(self)


DEFAULT_LIMITS = InputLimits()


class Budget:
    """What one run may still read: the values left, shared by every file it reads."""

    def __init__(self, limits: InputLimits) -> None:
        self.limits = limits
        self.values_left = limits.max_values

    def spend(self, values: int = 1) -> bool:
        """Count ``values`` read; False once the run has read more than its limit allows."""
        self.values_left -= values
        return self.values_left >= 0

    def too_many(self, what: str) -> str:
        """The message of a file that took the run past its limit on values; ``what`` names them."""
        limits = self.limits
        return (
            f"more than {limits.max_values:,} values to read ({what}): the limit is {VALUES_PER_MB:,} "
            f"a MiB of the {size(limits.max_bytes)} input limit"
        )


def size(count: int) -> str:
    """A byte count as people read it: ``64 MiB``, ``1.5 MiB``, ``812 KiB``."""
    if count >= MIB:
        return f"{count / MIB:.1f}".removesuffix(".0") + " MiB"
    return f"{count / 1024:.0f} KiB" if count >= 1024 else f"{count} bytes"
