"""Where a task stands on a day: a status is today's report, read against the day asked about."""

from __future__ import annotations

from datetime import date

from stratagraph.graph.store import Store
from stratagraph.queries.deadline_state import DeadlineState, deadline_state

TRAINING = "task/tap-huan-mo-hinh-cds-bao-chi-2025"  # reported done; held 24-25/11/2025


async def test_a_task_reported_done_was_not_done_before_its_window_opened(bundled_store: Store) -> None:
    [task] = (await bundled_store.get([TRAINING])).values()
    assert task.get("status") == "done"
    assert deadline_state(task, date(2024, 6, 1)) is DeadlineState.ON_TRACK
    assert deadline_state(task, date(2025, 11, 10)) is DeadlineState.DUE_SOON
    assert deadline_state(task, date(2025, 11, 24)) is DeadlineState.DONE
    assert deadline_state(task, date(2026, 11, 26)) is DeadlineState.DONE
