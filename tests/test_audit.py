"""The security audit in its bounded form: every attack gets its clear refusal, and ``/healthz`` keeps answering."""

from __future__ import annotations

from audit.__main__ import HEALTHZ_LIMIT, run_audit


def test_every_attack_gets_its_clear_answer_and_the_server_stays_responsive() -> None:
    rows, watch = run_audit(quick=True)
    assert [row.render() for row in rows if not row.ok] == []
    assert watch.asked > 0
    assert watch.failures == 0
    assert watch.slowest <= HEALTHZ_LIMIT
