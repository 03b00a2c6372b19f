"""The curated dataset validates and holds the strategy's targets, each with its source."""

from __future__ import annotations

from collections import Counter

from click.testing import CliRunner

from stratagraph.cli import main
from stratagraph.graph.store import Store
from stratagraph.loaders.load import read
from stratagraph.model.records import Direction, Kind, Label, Rel
from stratagraph.settings import BUNDLED_DATASET

STRATEGY = "plan/chien-luoc-cds-bao-chi"
ACTION_PLAN = "plan/ke-hoach-hanh-dong-781"


def test_validate_finds_no_problem() -> None:
    result = CliRunner().invoke(main, ["validate", str(BUNDLED_DATASET)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


async def _targets(store: Store, plan: str) -> Counter[object]:
    members = await store.neighbours([plan], Rel.IN_PLAN, Direction.IN)
    nodes = await store.get([e.source for e in members])
    return Counter(n.get("year") for n in nodes.values() if n.label is Label.TARGET)


async def test_strategy_targets_for_2025_and_2030(bundled_store: Store) -> None:
    assert await _targets(bundled_store, STRATEGY) == Counter({2025: 8, 2030: 4})


async def test_action_plan_yearly_values(bundled_store: Store) -> None:
    assert await _targets(bundled_store, ACTION_PLAN) == Counter({2023: 7, 2024: 7, 2025: 7})


async def test_action_plan_values_per_indicator(bundled_store: Store) -> None:
    """781 gives three yearly values per item; its 2025 values equal the strategy's 2025 targets."""
    targets = await bundled_store.find(Label.TARGET)
    by_indicator: dict[str, dict[tuple[str, object], object]] = {}
    for target in targets:
        [indicator] = await bundled_store.neighbours([target.id], Rel.HAS_TARGET, Direction.IN)
        [plan] = await bundled_store.neighbours([target.id], Rel.IN_PLAN, Direction.OUT)
        by_indicator.setdefault(indicator.source, {})[(plan.target, target.get("year"))] = target.get("value")
    content = next(
        v for v in by_indicator.values() if v.get((ACTION_PLAN, 2023)) == 30 and v.get((ACTION_PLAN, 2024)) == 50
    )
    assert content[(ACTION_PLAN, 2025)] == 70 == content[(STRATEGY, 2025)]
    assert content[(STRATEGY, 2030)] == 100


async def test_every_node_and_edge_cites_a_document_in_the_graph(bundled_store: Store) -> None:
    documents = {n.id for n in await bundled_store.find(Label.DOCUMENT)}
    nodes = [n for label in Label for n in await bundled_store.find(label)]
    edges = await bundled_store.edges()
    for record in [*nodes, *edges]:
        assert record.sources, record
        for citation in record.sources:
            assert citation.document in documents
            assert citation.locator
            assert citation.kind in set(Kind)
            if citation.kind is Kind.INFERRED:
                assert citation.note, f"an inferred fact says why: {record}"


def test_qualitative_targets_are_marked_and_worded() -> None:
    _, batch = read([BUNDLED_DATASET])
    qualitative = [n for n in batch.nodes if n.label is Label.TARGET and n.get("qualitative")]
    assert qualitative
    assert all(n.get("value") is None and n.get("text") for n in qualitative)


async def test_press_department_moves_from_mic_to_mcst(bundled_store: Store) -> None:
    def parents(edges: list[object]) -> set[str]:
        return {e.target for e in edges}  # type: ignore[attr-defined]

    on_2023 = await bundled_store.neighbours(["agency/cuc-bao-chi"], Rel.PART_OF, Direction.OUT, "2023-06-01")
    on_2025 = await bundled_store.neighbours(["agency/cuc-bao-chi"], Rel.PART_OF, Direction.OUT, "2025-06-01")
    assert parents(on_2023) == {"agency/bo-tttt"}
    assert parents(on_2025) == {"agency/bo-vhttdl"}
