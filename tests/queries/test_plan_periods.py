"""A plan binds from the later of its stated start and its adoption; duties and analyses read it in one place."""

from __future__ import annotations

from datetime import date

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, Rel
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH
from stratagraph.queries.duties import DUTIES
from stratagraph.queries.plan_periods import PLAN_PERIODS, periods_of

CITE = Citation("document/test", "Điều 1", Kind.VERBATIM)
PLAN_781 = "plan/ke-hoach-hanh-dong-781"
DUTY = "task/781-do-luong-so-lieu-quy-1"


def plan(key: str, start: str | None = None, end: str | None = None) -> Node:
    props = {"nameVi": key} | ({"start": start} if start else {}) | ({"end": end} if end else {})
    return Node(f"plan/{key}", Label.PLAN, props, (CITE,))


def document(key: str, day: str) -> Node:
    return Node(f"document/{key}", Label.DOCUMENT, {"nameVi": key, "date": day}, (CITE,))


def adopted(plan_key: str, document_key: str) -> Edge:
    return Edge(Rel.ADOPTED_BY, f"plan/{plan_key}", f"document/{document_key}", {}, (CITE,))


def test_the_start_moves_to_the_adoption_only_when_that_is_later() -> None:
    plans = [plan("late", "2023-01-01", "2025-12-31"), plan("early", "2023-01-01"), plan("unstated"), plan("alone")]
    documents = {d.id: d for d in (document("may", "2023-05-08"), document("old", "2022-06-01"))}
    edges = [adopted("late", "may"), adopted("early", "old"), adopted("unstated", "may"), adopted("alone", "missing")]
    assert periods_of(plans, edges, documents) == {
        "plan/late": (date(2023, 5, 8), date(2025, 12, 31)),
        "plan/early": (date(2023, 1, 1), None),
        "plan/unstated": (date(2023, 5, 8), None),
        "plan/alone": (None, None),
    }


def test_of_two_adoptions_the_later_counts() -> None:
    documents = {d.id: d for d in (document("a", "2023-05-08"), document("b", "2023-09-01"))}
    for edges in ([adopted("p", "a"), adopted("p", "b")], [adopted("p", "b"), adopted("p", "a")]):
        assert periods_of([plan("p", "2023-01-01")], edges, documents)["plan/p"][0] == date(2023, 9, 1)


async def test_duties_and_the_schedule_count_from_the_same_start_after_a_write(bundled_store: Store) -> None:
    derived = Derived(bundled_store)
    assert (await derived.get(PLAN_PERIODS))[PLAN_781][0] == date(2023, 5, 8)
    later = document("quyet-dinh-sua-doi", "2023-09-15")
    await bundled_store.write(Batch.of([later], [Edge(Rel.ADOPTED_BY, PLAN_781, later.id, {}, (CITE,))]))
    start = date(2023, 9, 15)
    assert (await derived.get(PLAN_PERIODS))[PLAN_781][0] == start
    assert (await derived.get(ANALYSIS_GRAPH)).plan_periods[PLAN_781][0] == start
    assert (await derived.get(DUTIES))[DUTY].since == start
