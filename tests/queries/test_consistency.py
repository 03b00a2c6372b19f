"""Deadlines that contradict targets and dependencies; yearly duties as of a day."""

from __future__ import annotations

from datetime import date

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Edge, Kind, Label, Node, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from stratagraph.queries.consistency import consistency, recurring_obligations
from tests.queries.conftest import analysis_of, cite, depends, task

REPORT = "task/bao-cao"


def _graph() -> Batch:
    nodes = [
        Node("plan/p", Label.PLAN, {"start": "2023-01-01", "end": "2025-12-31"}, (cite(),)),
        Node("indicator/i", Label.INDICATOR, {}, (cite(),)),
        Node("target/i-2024", Label.TARGET, {"year": 2024}, (cite(),)),
        Node("target/i-2025", Label.TARGET, {"year": 2025}, (cite(),)),
        task("early", None, date(2024, 6, 30)),
        task("late", None, date(2026, 3, 31)),
        task("needs-late", None, date(2025, 6, 30)),
        Node(
            REPORT,
            Label.TASK,
            {
                "deadlineText": "Trước ngày 15/12 hằng năm",
                "deadlineKind": "recurring",
                "deadlineMonth": 12,
                "deadlineDay": 15,
                "deadlineBefore": True,
            },
            (cite(),),
        ),
        Node("document/bc-2023", Label.DOCUMENT, {"date": "2023-12-01"}, (cite(),)),
        Node("document/bc-2024-late", Label.DOCUMENT, {"date": "2024-12-20"}, (cite(),)),
    ]
    edges = [
        Edge(Rel.HAS_TARGET, "indicator/i", "target/i-2024", {}, (cite(),)),
        Edge(Rel.HAS_TARGET, "indicator/i", "target/i-2025", {}, (cite(),)),
        Edge(Rel.CONTRIBUTES_TO, "task/early", "indicator/i", {}, (cite(),)),
        Edge(Rel.CONTRIBUTES_TO, "task/late", "indicator/i", {}, (cite(),)),
        depends("needs-late", "late", Kind.INFERRED, "the output of `late` is an input"),
        depends("late", "early"),
        Edge(Rel.FULFILLED_BY, REPORT, "document/bc-2023", {}, (cite(),)),
        Edge(Rel.FULFILLED_BY, REPORT, "document/bc-2024-late", {}, (cite(),)),
        *(Edge(Rel.IN_PLAN, n.id, "plan/p", {}, (cite(),)) for n in nodes if n.label is Label.TASK),
    ]
    return Batch.of(nodes, edges)


def test_due_after_the_last_target() -> None:
    found = consistency(analysis_of(_graph()), date(2025, 1, 1), "plan/p").due_after_targets
    assert [(f.task, f.indicator, f.target.id, f.days) for f in found] == [
        ("task/late", "indicator/i", "target/i-2025", (date(2026, 3, 31) - date(2025, 12, 31)).days)
    ]


def test_prerequisite_due_after_its_dependent() -> None:
    found = consistency(analysis_of(_graph()), date(2025, 1, 1)).due_after_dependents
    assert len(found) == 1
    conflict = found[0]
    assert (conflict.edge.task, conflict.edge.depends_on) == ("task/needs-late", "task/late")
    assert conflict.days == (date(2026, 3, 31) - date(2025, 6, 30)).days
    assert conflict.edge.inferred
    assert conflict.edge.reasons == ("the output of `late` is an input",)


def test_recurring_obligation_next_due_and_missed() -> None:
    graph = analysis_of(_graph())
    (report,) = recurring_obligations(graph, date(2025, 12, 14))
    assert report.since == date(2023, 1, 1), "no first year of its own: from the plan's start"
    assert report.next_due == date(2025, 12, 14)
    assert report.due == (date(2023, 12, 14), date(2024, 12, 14))
    assert report.met == (date(2023, 12, 14),), "the 2023 report is dated within the first cycle"
    assert report.missed == (date(2024, 12, 14),), "the 2024 report came after the due date"
    (later,) = recurring_obligations(graph, date(2025, 12, 15))
    assert later.missed == (date(2024, 12, 14), date(2025, 12, 14)), "a late report does not count for next year"
    assert later.until == date(2025, 12, 31)
    assert later.next_due is None, "a plan's duty does not recur after the plan ends"
    (after_the_plan,) = recurring_obligations(graph, date(2027, 6, 1))
    assert after_the_plan.missed == later.missed, "no occurrence after the plan's end is missed"


CV_1369_REPORTS = {
    "task/1369-bo-nganh-kiem-tra-bao-cao",
    "task/1369-chu-quan-bao-cao-hang-nam",
    "task/1369-ubnd-tinh-kiem-tra-bao-cao",
}


async def test_bundled_reporting_duties(bundled_store: Store) -> None:
    """CV 1369's yearly reports ("trước ngày 15/12 hằng năm"): none is known to have been sent."""
    graph = await Derived(bundled_store).get(ANALYSIS_GRAPH)
    duties = {o.task: o for o in recurring_obligations(graph, date(2025, 1, 1))}
    assert set(duties) >= CV_1369_REPORTS
    for duty in CV_1369_REPORTS:
        assert duties[duty].next_due == date(2025, 12, 14)
        assert duties[duty].missed == (date(2023, 12, 14), date(2024, 12, 14))
    report = consistency(graph, date(2025, 1, 1), "plan/chien-luoc-cds-bao-chi")
    assert {o.task for o in report.recurring} >= CV_1369_REPORTS
    assert all(o.task in graph.plan_tasks["plan/chien-luoc-cds-bao-chi"] for o in report.recurring)
    assert report.due_after_dependents == ()


async def test_bundled_duties_count_from_the_plans_adoption(bundled_store: Store) -> None:
    """781 states "2023" but was adopted on 08/05/2023: its Q1 data duty ("trước ngày 03/4") first fell due in 2024."""
    graph = await Derived(bundled_store).get(ANALYSIS_GRAPH)
    duties = {o.task: o for o in recurring_obligations(graph, date(2025, 1, 1), "plan/ke-hoach-hanh-dong-781")}
    quarter_one = duties["task/781-do-luong-so-lieu-quy-1"]
    assert quarter_one.since == date(2023, 5, 8)
    assert quarter_one.due == (date(2024, 4, 2),)
    assert quarter_one.next_due == date(2025, 4, 2)
