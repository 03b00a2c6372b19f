"""A yearly duty is overdue once an occurrence passed that no report fulfils: in lists, workloads and on the task."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.deadlines import Deadline, DeadlineKind, deadline_props
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from stratagraph.queries.consistency import recurring_obligations
from stratagraph.queries.deadline_state import (
    CLOSED_STATUSES,
    DeadlineState,
    Duty,
    deadline_of,
    deadline_state,
    due_on,
    duty_occurrences,
)
from stratagraph.queries.duties import DUTIES
from stratagraph.queries.tasks import TaskFilter, find_tasks
from stratagraph.queries.workload import workload

DUTY = "task/781-do-luong-so-lieu-quy-1"
TODAY = date(2026, 11, 26)
REPORT = Citation("document/qd-781-2023-btttt", "test", Kind.INFERRED, note="a report made up for the test")


async def test_a_duty_that_missed_occurrences_is_overdue_since_the_first_it_missed(bundled_store: Store) -> None:
    [task] = (await bundled_store.get([DUTY])).values()
    duty = (await Derived(bundled_store).get(DUTIES))[DUTY]
    [obligation] = [
        o for o in recurring_obligations(await Derived(bundled_store).get(ANALYSIS_GRAPH), TODAY) if o.task == DUTY
    ]
    assert obligation.missed  # the analysis lists them
    assert deadline_state(task, TODAY, duty=duty) is DeadlineState.OVERDUE
    assert due_on(task, TODAY, duty) == obligation.missed[0]
    assert duty.since == obligation.since
    assert duty.until == obligation.until == date(2025, 12, 31), "plan 781 runs to the end of 2025"
    assert all(day <= date(2025, 12, 31) for day in obligation.missed), "no occurrence after the plan is missed"
    assert obligation.next_due is None
    # without the graph's evidence the task alone only knows its next occurrence
    assert deadline_state(task, TODAY) is DeadlineState.ON_TRACK


async def test_lists_and_workloads_show_the_overdue_duty(bundled_store: Store) -> None:
    overdue = await find_tasks(
        bundled_store, Derived(bundled_store), TaskFilter(states=(DeadlineState.OVERDUE,), as_of=TODAY)
    )
    assert DUTY in {t.id for t in overdue}
    load = await workload(bundled_store, Derived(bundled_store), "agency/cuc-bao-chi", TODAY)
    [assignment] = [a for a in load.assignments if a.task == DUTY]
    assert assignment.state is DeadlineState.OVERDUE


async def test_a_report_of_each_year_meets_the_duty(bundled_store: Store) -> None:
    [task] = (await bundled_store.get([DUTY])).values()
    since = (await Derived(bundled_store).get(DUTIES))[DUTY].since
    assert since is not None
    reports = [
        Node(
            f"document/bao-cao-q1-{year}",
            Label.DOCUMENT,
            {"docType": "report", "nameVi": "Báo cáo", "date": f"{year}-03-20"},
            (REPORT,),
        )
        for year in range(since.year, TODAY.year + 1)
    ]
    fulfils = [Edge(Rel.FULFILLED_BY, DUTY, r.id, {}, (REPORT,)) for r in reports]
    await bundled_store.write(Batch.of(reports, fulfils))
    duty = (await Derived(bundled_store).get(DUTIES))[DUTY]
    assert len(duty.reports) == len(reports)
    within = date(2025, 1, 10)
    assert deadline_state(task, within, duty=duty) is DeadlineState.ON_TRACK
    assert due_on(task, within, duty) == date(2025, 4, 2)
    # plan 781 ended with 2025: its duty no longer recurs, and every occurrence was met
    assert deadline_state(task, TODAY, duty=duty) is DeadlineState.DONE
    assert due_on(task, TODAY, duty) == date(2025, 4, 2)
    [obligation] = [
        o for o in recurring_obligations(await Derived(bundled_store).get(ANALYSIS_GRAPH), TODAY) if o.task == DUTY
    ]
    assert obligation.missed == ()


async def test_a_done_duty_is_done(bundled_store: Store) -> None:
    [task] = (await bundled_store.get([DUTY])).values()
    done = Node(task.id, task.label, {**task.props, "status": "done"}, task.sources)
    assert deadline_state(done, TODAY, duty=(await Derived(bundled_store).get(DUTIES))[DUTY]) is DeadlineState.DONE


def _report(year: int) -> dict[str, str | int | float | bool | tuple[str, ...] | None]:
    return {"docType": "report", "nameVi": f"Báo cáo số liệu Quý I/{year}", "date": f"{year}-03-20"}


async def test_a_task_says_why_it_is_overdue(bundled_store: Store) -> None:
    from stratagraph.schema import build_schema
    from stratagraph.schema.context import Context

    result = await build_schema().execute(
        f'{{ task(id: "{DUTY}") {{ deadlineState(asOf: "2026-11-26") due(asOf: "2026-11-26") '
        'missedOccurrences(asOf: "2026-11-26") } }',
        context_value=Context(bundled_store, Derived(bundled_store)),
    )
    assert result.errors is None, result.errors
    task = (result.data or {})["task"]
    assert task["deadlineState"] == "OVERDUE"
    assert task["missedOccurrences"]
    assert task["due"] == task["missedOccurrences"][0]


def _due_by_walking(task: Node, as_of: date, duty: Duty) -> date | None:
    """``due_on`` as defined: the first occurrence before ``as_of`` nothing met, found by walking them all."""
    deadline = deadline_of(task)
    assert deadline is not None
    missed = duty_occurrences(deadline, duty, task.get("status") in CLOSED_STATUSES, as_of)[1]
    if missed:
        return missed[0]
    return duty.next_due(deadline, as_of) or duty.last_due or deadline.due


DAYS = st.dates(date(2018, 1, 1), date(2034, 12, 31))


@st.composite
def duties(draw: st.DrawFn) -> tuple[Node, Duty]:
    every = draw(st.sampled_from((12, 6, 3)))
    month = draw(st.integers(1, 12))
    start, end = draw(st.one_of(st.none(), DAYS)), draw(st.one_of(st.none(), DAYS))
    assume(start is None or end is None or start <= end)
    deadline = Deadline(
        "hằng năm", DeadlineKind.RECURRING, start, end, month, draw(st.integers(1, 28)), draw(st.booleans()), every
    )
    status = draw(st.sampled_from(("in-progress", "done", "cancelled", "not-started")))
    task = Node("task/duty", Label.TASK, {**deadline_props(deadline), "nameVi": "Báo cáo", "status": status}, ())
    plans = draw(st.lists(st.tuples(st.one_of(st.none(), DAYS), st.one_of(st.none(), DAYS)), max_size=2))
    return task, Duty.of(deadline, plans, draw(st.lists(DAYS, max_size=6)))


@settings(max_examples=600, deadline=None)
@given(duties(), DAYS)
def test_a_duty_is_due_on_its_first_unmet_occurrence_as_a_walk_of_every_occurrence_finds(
    case: tuple[Node, Duty], as_of: date
) -> None:
    """``Duty.first_unmet`` is found once; walking every occurrence up to the day is the definition it must match."""
    task, duty = case
    assert due_on(task, as_of, duty) == _due_by_walking(task, as_of, duty)
