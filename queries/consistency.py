"""Deadlines that contradict each other, and yearly duties that fell due.

Three checks, each a question a planner reviewing a plan asks:

* **Due after its targets.** A task due after the last target year of an
  indicator it contributes to can help no target of that indicator (a task serves
  the targets whose end is on or after its due date, see
  ``AnalysisGraph.serving_tasks``).
* **Due after a dependent.** ``a DEPENDS_ON b`` but ``b`` is due after ``a``: as
  written, ``a`` cannot be done on time. The edge's citations say whether the
  dependency is stated or inferred, which is where a reviewer starts.
* **Recurring obligations** ("trước ngày 15/12 hằng năm"): the next due date on
  or after ``as_of`` and the occurrences already due that are not known to be met.
  An occurrence is met when a document that fulfils the task (FULFILLED_BY) is
  dated in the occurrence's year, on or before it: a report sent on 20/12 is the
  late report of that year, not next year's, so it meets neither. Sources rarely
  report such documents, so "missed" means "not known to be met", as
  ``deadline_state`` reads "overdue". A duty counts from its own first year, else
  from its plan's start (the day the plan was adopted, when later); without
  either we cannot say what was missed. A duty
  reported done or cancelled has no missed occurrences.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from stratagraph.model.deadlines import DeadlineKind, deadline_from_props
from stratagraph.model.errors import DeadlineError
from stratagraph.queries.analysis_graph import AnalysisGraph, DependencyEdge, TargetInfo
from stratagraph.queries.deadline_state import Duty, duty_occurrences

__all__ = [
    "Consistency",
    "DueAfterDependent",
    "DueAfterTargets",
    "RecurringObligation",
    "consistency",
    "due_after_dependents",
    "due_after_targets",
    "recurring_obligations",
]


@dataclass(frozen=True)
class DueAfterTargets:
    """``task`` is due ``days`` after the last target of ``indicator`` (``target``)."""

    task: str
    indicator: str
    target: TargetInfo
    due: date

    @property
    def days(self) -> int:
        return (self.due - self.target.end).days


@dataclass(frozen=True)
class DueAfterDependent:
    """``edge.task`` depends on ``edge.depends_on``, which is due ``days`` later than it."""

    edge: DependencyEdge
    dependent_due: date
    prerequisite_due: date

    @property
    def days(self) -> int:
        return (self.prerequisite_due - self.dependent_due).days


@dataclass(frozen=True)
class RecurringObligation:
    task: str
    text: str
    since: date | None  # the first day the duty counts from; None when unknown
    until: date | None  # the end of its plan, after which it no longer recurs; None when open-ended
    next_due: date | None
    due: tuple[date, ...]  # occurrences from ``since`` to the day before ``as_of``
    met: tuple[date, ...]
    missed: tuple[date, ...]


@dataclass(frozen=True)
class Consistency:
    as_of: date
    due_after_targets: tuple[DueAfterTargets, ...]
    due_after_dependents: tuple[DueAfterDependent, ...]
    recurring: tuple[RecurringObligation, ...]


def _scope(graph: AnalysisGraph, plan: str | None) -> list[str]:
    if plan is None:
        return sorted(graph.windows)
    graph.require_plan(plan)
    return list(graph.plan_tasks.get(plan, ()))


def due_after_targets(graph: AnalysisGraph, tasks: Iterable[str]) -> list[DueAfterTargets]:
    found = []
    for task in tasks:
        due = graph.windows[task].due
        if due is None:
            continue
        for indicator in graph.indicators_of.get(task, ()):
            targets = graph.targets_of.get(indicator, ())
            if targets and due > targets[-1].end:
                found.append(DueAfterTargets(task, indicator, targets[-1], due))
    return found


def due_after_dependents(graph: AnalysisGraph, tasks: Iterable[str]) -> list[DueAfterDependent]:
    """Dependencies (with a dependent among ``tasks``) whose prerequisite is due after the dependent."""
    found = []
    for task in tasks:
        dependent_due = graph.windows[task].due
        if dependent_due is None:
            continue
        for prerequisite in sorted(graph.order.pred[task]):
            prerequisite_due = graph.windows[prerequisite].due
            if prerequisite_due is not None and prerequisite_due > dependent_due:
                edge = graph.dependencies[(task, prerequisite)]
                found.append(DueAfterDependent(edge, dependent_due, prerequisite_due))
    return found


def recurring_obligations(graph: AnalysisGraph, as_of: date, plan: str | None = None) -> list[RecurringObligation]:
    """Every yearly duty (of ``plan``, or of the whole graph) as seen on ``as_of``."""
    found = []
    nodes = graph.snapshot.nodes
    for task in _scope(graph, plan):
        props = nodes[task]
        if props.get("deadlineKind") != DeadlineKind.RECURRING.value:
            continue
        try:
            deadline = deadline_from_props(props)
        except DeadlineError:
            continue  # unreadable: Plan.gaps shows it, the analysis skips it
        if deadline is None:
            continue
        periods = [graph.plan_periods[p] for p in graph.plans_of.get(task, ())]
        duty = Duty.of(deadline, periods, graph.fulfilled.get(task, ()))
        met, missed = duty_occurrences(deadline, duty, not graph.is_open(task), as_of)
        due = tuple(sorted((*met, *missed)))
        found.append(
            RecurringObligation(
                task,
                deadline.text,
                duty.since,
                duty.until,
                duty.next_due(deadline, as_of),
                due,
                tuple(met),
                tuple(missed),
            )
        )
    return found


def consistency(graph: AnalysisGraph, as_of: date, plan: str | None = None) -> Consistency:
    """All three checks over the tasks of ``plan`` (every task when None)."""
    tasks = _scope(graph, plan)
    return Consistency(
        as_of,
        tuple(due_after_targets(graph, tasks)),
        tuple(due_after_dependents(graph, tasks)),
        tuple(recurring_obligations(graph, as_of, plan)),
    )
