"""SIGKILL during a stream of mutations to a served process: nothing acknowledged lost, nothing half-applied.

The harness is ``bench/crash_writes.py`` (100 trials: ``python -m bench.crash_writes``); ``make test`` runs 10.
"""

from __future__ import annotations

from bench.crash_writes import run


def test_sigkill_during_writes_over_http_loses_and_tears_nothing() -> None:
    results = run(trials=10, seed=16)
    assert sum(r.acknowledged for r in results) > 0
    for index, result in enumerate(results):
        assert result.lost == [], index
        assert result.half_applied == [], index
        assert result.disagreements == [], index
