"""Every analysis field through GraphQL: on 1k synthetic tasks in a real store, and on the bundled dataset."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import generate
from stratagraph.graph.derived import Derived
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Edge, Label, Node, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH, AnalysisGraph
from stratagraph.queries.delay import delay_impact
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context
from tests.schema.conftest import Run

Execute = Callable[[str], Awaitable[Any]]


@pytest.fixture
async def synthetic_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = open_store("embedded", path=tmp_path / "synthetic" / "stratagraph.sqlite3")
    await store.open()
    await store.write(generate(1000, seed=3))
    try:
        yield store
    finally:
        await store.close()


def _executor(store: Store) -> Execute:
    schema = build_schema(max_cost=1_000_000)  # one document asks every analysis at once: over the default limit
    derived = Derived(store)

    async def execute(document: str) -> Any:
        return await schema.execute(document, context_value=Context(store, derived))

    return execute


def _run(store: Store) -> Run:
    execute = _executor(store)

    async def run(document: str) -> dict[str, Any]:
        result = await execute(document)
        assert result.errors is None, result.errors
        data: dict[str, Any] = result.data
        return data

    return run


def _busiest(graph: AnalysisGraph) -> str:
    """A task with work both upstream and downstream of it."""
    found: str = max(
        (t for t in graph.order if graph.order.in_degree(t) and graph.order.out_degree(t)),
        key=lambda t: (graph.order.in_degree(t) + graph.order.out_degree(t), t),
    )
    return found


SCHEDULE = "schedule { duration earlyStart earlyFinish lateStart lateFinish totalSlack freeSlack critical }"
LINK = "edges { task { id } dependsOn { id } inferred reasons sources { documentId kind } }"
PATH = f"tasks {{ task {{ id }} {SCHEDULE} }} finish deadline slack"


async def test_every_analysis_field_on_1k_synthetic_tasks(synthetic_store: Store) -> None:
    graph = await Derived(synthetic_store).get(ANALYSIS_GRAPH)
    task = _busiest(graph)
    plan = graph.plans_of[task][0]
    indicator = next(i for i in sorted(graph.targets_of) if graph.contributors.get(i))
    target = graph.targets_of[indicator][-1]
    agency = graph.leads[task][0].agency
    run = _run(synthetic_store)
    data = await run(
        f"""{{
      task(id: "{task}") {{
        upstream(depth: 2) {{ depth task {{ id }} path {{ id }} {LINK} }}
        downstream {{ depth task {{ id }} path {{ id }} {LINK} }}
        {SCHEDULE}
        criticalPath {{ {PATH} }}
        delayImpact(days: 120) {{
          days moved {{ task {{ id }} before after delay due daysLate missesDeadline wasLate }}
          missedDeadlines {{ task {{ id }} daysLate }}
          targets {{ year end finish daysLate wasMissed target {{ id }} indicator {{ id }} tasks {{ id }} }}
        }}
      }}
      plan(id: "{plan}") {{
        topologicalOrder(first: 1000) {{ id }}
        dependencyCycles {{ tasks {{ id }} {LINK} }}
        criticalPath {{ {PATH} }}
        consistency(asOf: "2025-06-30") {{
          asOf
          dueAfterTargets {{ task {{ id }} indicator {{ id }} target {{ id year }} due targetEnd days }}
          dueAfterDependents {{
            dependency {{ task {{ id }} dependsOn {{ id }} inferred }} dependentDue prerequisiteDue days
          }}
          recurringObligations {{ task {{ id }} text since nextDue due met missed }}
        }}
        bottlenecks(asOf: "2025-06-30", first: 5) {{
          agency {{ id }} openTaskCount waitingCount waitingDays openTasks(first: 3) {{ id }} waiting(first: 3) {{ id }}
        }}
      }}
      indicator(id: "{indicator}") {{ criticalPath(year: {target.year}) {{ {PATH} }} }}
      target: node(id: "{target.id}") {{ ... on Target {{ criticalPath {{ {PATH} }} }} }}
      path(from: "{agency}", to: "{target.id}") {{
        length nodes {{ id }}
        steps {{
          relation forward validFrom validTo from {{ id }} to {{ id }} source {{ id }} target {{ id }}
          sources {{ documentId }}
        }}
      }}
      recurringObligations(asOf: "2025-06-30") {{ task {{ id }} nextDue missed met }}
      bottlenecks(asOf: "2025-06-30", first: 3) {{ agency {{ id }} waitingCount }}
    }}"""
    )
    found = data["task"]
    schedule = graph.schedule.times(task)
    assert found["schedule"]["totalSlack"] == schedule.total_slack
    assert found["schedule"]["earlyStart"] == date.fromordinal(schedule.early_start).isoformat()
    assert found["upstream"]
    assert all(1 <= r["depth"] <= 2 for r in found["upstream"])
    assert all(r["path"][0]["id"] == task and r["path"][-1] == r["task"] for r in found["downstream"])
    assert all(len(r["edges"]) == len(r["path"]) - 1 for r in found["downstream"])
    assert all(e["sources"] for r in found["upstream"] for e in r["edges"]), "every dependency cites a document"
    assert found["criticalPath"]["tasks"][-1]["task"]["id"] == task
    assert found["delayImpact"]["moved"][0]["task"]["id"] == task
    assert found["delayImpact"]["moved"][0]["delay"] == 120
    impact = delay_impact(graph, task, 120)
    moved = found["delayImpact"]["moved"]
    assert [m["task"]["id"] for m in moved] == [s.task for s in impact.shifts][: len(moved)], "each with its task"
    missed = found["delayImpact"]["missedDeadlines"]
    assert [m["task"]["id"] for m in missed] == [s.task for s in impact.missed_deadlines][: len(missed)]
    plan_found = data["plan"]
    assert {t["id"] for t in plan_found["topologicalOrder"]} == set(graph.plan_tasks[plan])
    assert plan_found["dependencyCycles"] == [], "the generator makes a DAG"
    assert plan_found["bottlenecks"]
    assert plan_found["bottlenecks"][0]["agency"]["id"].startswith("agency/")
    assert data["indicator"]["criticalPath"]["deadline"] == target.end.isoformat()
    assert data["target"]["criticalPath"]["deadline"] == target.end.isoformat()
    assert data["path"]["nodes"][0]["id"] == agency
    assert data["path"]["nodes"][-1]["id"] == target.id
    assert all(step["sources"] for step in data["path"]["steps"]), "each relation on the chain cites its source"
    assert data["recurringObligations"], "the generator writes yearly reporting duties"
    assert len(data["bottlenecks"]) == 3


async def test_bundled_dependencies_through_graphql(run: Run) -> None:
    data = await run(
        """{ task(id: "task/cap-chung-nhan-truong-thanh") {
            upstream { depth task { id } edges { inferred reasons sources { kind } } }
            criticalPath { tasks { task { id } } }
        } }"""
    )
    upstream = data["task"]["upstream"]
    assert [(r["depth"], r["task"]["id"]) for r in upstream] == [
        (1, "task/tu-danh-gia-truong-thanh-hang-nam"),
        (2, "task/781-phap-ly-bo-chi-so-truong-thanh"),
    ]
    assert upstream[0]["edges"][0]["inferred"] is False, "'sau đánh giá': stated by the source"
    assert upstream[1]["edges"][1]["inferred"] is True
    assert upstream[1]["edges"][1]["reasons"]


async def test_a_delay_of_a_finished_task_says_it_is_hypothetical(run: Run) -> None:
    """The 2024 training is reported done: its slip is a what-if on the plan's schedule, and says so."""
    fields = "status delayImpact(days: 30) { hypothetical }"
    data = await run(
        f"""{{ done: task(id: "task/tap-huan-danh-gia-truong-thanh-2024") {{ {fields} }}
              open: task(id: "task/khao-sat-mo-hinh-cds-bao-chi-2025-thuc-hien") {{ {fields} }} }}"""
    )
    assert (data["done"]["status"], data["done"]["delayImpact"]["hypothetical"]) == ("DONE", True)
    assert data["open"]["status"] != "DONE"
    assert data["open"]["delayImpact"]["hypothetical"] is False


async def test_unknown_ids_and_cycles_are_errors_that_say_what(store_path: Path) -> None:
    store = open_store("embedded", path=store_path)
    await store.open()
    try:
        nodes = [Node("plan/p", Label.PLAN), *(Node(f"task/{k}", Label.TASK) for k in "abc")]
        edges = [
            Edge(Rel.DEPENDS_ON, "task/a", "task/b"),
            Edge(Rel.DEPENDS_ON, "task/b", "task/a"),
            *(Edge(Rel.IN_PLAN, f"task/{k}", "plan/p") for k in "abc"),
        ]
        await store.write(Batch.of(nodes, edges))
        execute = _executor(store)
        result = await execute('{ plan(id: "plan/p") { topologicalOrder { id } } }')
        assert result.errors
        assert "dependency cycle: task/a -> task/b -> task/a" in result.errors[0].message
        result = await execute('{ plan(id: "plan/p") { dependencyCycles { tasks { id } edges { inferred } } } }')
        assert result.errors is None
        assert result.data["plan"]["dependencyCycles"] == [
            {"tasks": [{"id": "task/a"}, {"id": "task/b"}], "edges": [{"inferred": True}, {"inferred": True}]}
        ], "an edge no source states counts as inferred"
        result = await execute('{ path(from: "task/a", to: "agency/nope") { length } }')
        assert result.errors
        assert "agency/nope" in result.errors[0].message
        result = await execute('{ task(id: "task/c") { schedule { critical } delayImpact(days: 3) { days } } }')
        assert result.errors is None, "a task away from the cycle is scheduled"
    finally:
        await store.close()
