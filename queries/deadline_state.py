"""Where a task stands against its deadline on a given day.

Sources rarely report completion, so a task whose status is not ``done`` and
whose due date has passed is ``overdue``: the planner's question is "what is
past due and not known to be done?", and hiding unknowns would answer a
different one.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from graph.records import Node
from loaders.deadlines import DEADLINE_PROPS, Deadline, DeadlineKind, deadline_from_props, next_due

DUE_SOON_DAYS = 30

__all__ = [
    "DUE_SOON_DAYS",
    "Deadline",
    "DeadlineKind",
    "DeadlineState",
    "deadline_of",
    "deadline_state",
    "due_on",
    "next_due_after",
]


class DeadlineState(StrEnum):
    DONE = "done"
    ON_TRACK = "on-track"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    NO_DEADLINE = "no-deadline"


def deadline_of(task: Node) -> Deadline | None:
    """The task's deadline as stored; readings are remembered, since a plan's tasks share a few deadline texts.

    Listing and ordering tasks by deadline reads every task's deadline, and
    rebuilding (and checking) the same ``Deadline`` each time cost most of a task
    list's time (``bench/README.md``). The key holds each property's type as well
    as its value, so ``True`` and ``1`` never share an entry and a malformed
    property still raises ``DeadlineError`` (failures are not remembered).
    """
    props = task.props
    if "deadlineText" not in props:
        return deadline_from_props(props)
    return _deadline_from(
        tuple((name, type(value), value) for name in DEADLINE_PROPS if (value := props.get(name)) is not None)
    )


@lru_cache(maxsize=4096)
def _deadline_from(items: tuple[tuple[str, type, object], ...]) -> Deadline | None:
    return deadline_from_props({name: value for name, _, value in items})


def due_on(task: Node, as_of: date) -> date | None:
    """The date the task is next due as seen on ``as_of``.

    One-off deadlines are due on their last day whether or not it has passed;
    a yearly duty is due on its next occurrence (or its last, once the
    recurrence has ended).
    """
    deadline = deadline_of(task)
    if deadline is None:
        return None
    if deadline.kind is DeadlineKind.RECURRING:
        return next_due(deadline, as_of) or deadline.due
    return deadline.due


def next_due_after(deadline: Deadline, as_of: date) -> date | None:
    """For yearly duties, the next due date on or after ``as_of``."""
    return next_due(deadline, as_of)


def deadline_state(task: Node, as_of: date, soon_days: int = DUE_SOON_DAYS) -> DeadlineState:
    if task.get("status") == "done":
        return DeadlineState.DONE
    deadline = deadline_of(task)
    if deadline is None:
        return DeadlineState.NO_DEADLINE
    due = due_on(task, as_of)
    if due is None:
        return DeadlineState.ON_TRACK  # ongoing duties have no day to miss
    if due < as_of:
        return DeadlineState.OVERDUE
    if due <= as_of + timedelta(days=soon_days):
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK
