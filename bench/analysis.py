"""Dependency and deadline analysis at scale: each GraphQL field next to the bare networkx call.

    python -m bench.analysis --tasks 1000 10000 100000

For each size a synthetic graph (``bench.synthetic``) is written to an
embedded store in a temporary directory. The one-off costs are printed first
(generate, write, snapshot, analysis build with the CPM passes); then each query
is run through the real GraphQL schema with a fresh request context, with the
analysis graph of that version already built (as for every request but the
first after a write). "first" is the first run (it also fills what the analysis
remembers per version, e.g. the bottleneck ranking), "GraphQL" the median of the
next runs, printed beside the median time of the closest bare networkx call on
the same graph (the analysis graph's task ``DiGraph``, or the store's snapshot for
``path``). The ratio is GraphQL over networkx: above 1 is what the service adds
(resolvers, loading the entities, serialising), below 1 what the per-version
analysis graph saves.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from bench.synthetic import generate
from stratagraph.graph.derived import Derived
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.queries.analysis_graph import ANALYSIS_GRAPH, AnalysisGraph
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context
from stratagraph.schema.pagination import MAX_LIST

AS_OF = "2025-06-30"


@dataclass(frozen=True)
class Case:
    name: str
    document: str
    bare: Callable[[], object]
    bare_call: str


def _median_ms(samples: Iterable[float]) -> float:
    return statistics.median(samples) * 1000


def _time(call: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return _median_ms(samples)


async def _time_async(call: Callable[[], Awaitable[object]], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return _median_ms(samples)


@dataclass(frozen=True)
class Picks:
    downstream: str  # a task with much work downstream of it
    upstream: str  # a task with much work upstream of it (a long critical path)
    plan: str
    target: str
    lead: str


def _pick(graph: AnalysisGraph, seed: int) -> Picks:
    """Tasks where the answers are large, the first one's plan, a target it serves, and its lead."""
    rng = random.Random(seed)
    order = graph.order
    tasks = sorted(order)
    sources = rng.sample([t for t in tasks if order.out_degree(t)], min(300, len(tasks)))
    sinks = rng.sample([t for t in tasks if order.in_degree(t)], min(300, len(tasks)))
    down = max(sources, key=lambda t: (len(nx.descendants(order, t)), t))
    up = max(sinks, key=lambda t: (len(nx.ancestors(order, t)), t))
    indicators = [i for i in sorted(graph.targets_of) if graph.contributors.get(i)]
    indicator = next((i for i in indicators if i in graph.indicators_of.get(down, ())), indicators[0])
    return Picks(down, up, graph.plans_of[down][0], graph.targets_of[indicator][-1].id, graph.leads[down][0].agency)


def _bare_schedule(order: nx.DiGraph, duration: dict[str, int]) -> dict[str, int]:
    """A textbook CPM forward pass with networkx: what a schedule costs without the cache."""
    finish: dict[str, int] = {}
    for v in nx.topological_sort(order):
        finish[v] = max((finish[p] for p in order.predecessors(v)), default=0) + duration[v]
    return finish


def _bare_bottlenecks(graph: AnalysisGraph, tasks: Iterable[str]) -> dict[str, int]:
    led: dict[str, list[str]] = {}
    for t in tasks:
        if graph.is_open(t):
            for lead in graph.leads.get(t, ()):
                led.setdefault(lead.agency, []).append(t)
    return {a: len(set().union(*(nx.descendants(graph.order, t) for t in ts))) for a, ts in led.items()}


def _cases(graph: AnalysisGraph, picks: Picks) -> list[Case]:
    order, snapshot = graph.order, graph.snapshot
    task, deep, plan, target, lead = picks.downstream, picks.upstream, picks.plan, picks.target, picks.lead
    members = set(graph.plan_tasks[plan])
    durations = dict(graph.schedule.duration)
    indicator = graph.targets[target].indicator
    year = graph.targets[target].year
    upstream_view = nx.reverse_view(order)
    undirected = snapshot.to_undirected(as_view=True)

    def ancestors_path(targets: Iterable[str]) -> list[str]:
        keep = set(targets)
        for t in list(keep):
            keep |= nx.ancestors(order, t)
        return list(nx.dag_longest_path(order.subgraph(keep)))

    task_q = f'task(id: "{task}")'
    deep_q = f'task(id: "{deep}")'
    plan_q = f'plan(id: "{plan}")'
    path_fields = "tasks { task { id } schedule { totalSlack } } finish deadline slack"
    return [
        Case(
            "Task.upstream",
            f"{{ {deep_q} {{ upstream(first: {MAX_LIST}) {{ depth task {{ id }} }} }} }}",
            lambda: nx.single_source_shortest_path(upstream_view, deep),
            "single_source_shortest_path(reverse_view)",
        ),
        Case(
            "Task.downstream",
            f"{{ {task_q} {{ downstream(first: {MAX_LIST}) {{ depth task {{ id }} }} }} }}",
            lambda: nx.single_source_shortest_path(order, task),
            "single_source_shortest_path",
        ),
        Case(
            "Task.downstream(depth: 2) + paths",
            f"{{ {task_q} {{ downstream(depth: 2) {{ depth task {{ id }} path {{ id }} edges {{ inferred }} }} }} }}",
            lambda: nx.single_source_shortest_path(order, task, cutoff=2),
            "single_source_shortest_path(cutoff=2)",
        ),
        Case(
            "Task.schedule",
            f"{{ {deep_q} {{ schedule {{ earlyStart lateFinish totalSlack freeSlack critical }} }} }}",
            lambda: _bare_schedule(order, durations),
            "topological_sort forward pass",
        ),
        Case(
            "Task.criticalPath",
            f"{{ {deep_q} {{ criticalPath {{ {path_fields} }} }} }}",
            lambda: ancestors_path([deep]),
            "dag_longest_path(ancestors)",
        ),
        Case(
            "Task.delayImpact(days: 90)",
            f"{{ {task_q} {{ delayImpact(days: 90) {{ moved(first: {MAX_LIST}) {{ task {{ id }} delay }} "
            f"missedDeadlines(first: {MAX_LIST}) {{ daysLate }} targets {{ year }} }} }} }}",
            lambda: nx.descendants(order, task),
            "descendants",
        ),
        Case(
            "Plan.topologicalOrder",
            f"{{ {plan_q} {{ topologicalOrder(first: {MAX_LIST}) {{ id }} }} }}",
            lambda: [t for t in nx.topological_sort(order) if t in members],
            "topological_sort (filtered)",
        ),
        Case(
            "Plan.dependencyCycles",
            f"{{ {plan_q} {{ dependencyCycles {{ tasks {{ id }} }} }} }}",
            lambda: list(nx.simple_cycles(order)),
            "simple_cycles",
        ),
        Case(
            "Plan.criticalPath",
            f"{{ {plan_q} {{ criticalPath {{ {path_fields} }} }} }}",
            lambda: ancestors_path(members),
            "dag_longest_path(ancestors)",
        ),
        Case(
            "Plan.consistency",
            f'{{ {plan_q} {{ consistency(asOf: "{AS_OF}") {{ dueAfterTargets {{ days }} '
            "dueAfterDependents { days } recurringObligations { missed } } } }",
            lambda: list(order.in_edges(members)),
            "in_edges(plan tasks)",
        ),
        Case(
            "Plan.bottlenecks",
            f'{{ {plan_q} {{ bottlenecks(asOf: "{AS_OF}", first: 10) {{ agency {{ id }} waitingCount }} }} }}',
            lambda: _bare_bottlenecks(graph, members),
            "descendants per agency",
        ),
        Case(
            "Indicator.criticalPath(year)",
            f'{{ indicator(id: "{indicator}") {{ criticalPath(year: {year}) {{ {path_fields} }} }} }}',
            lambda: ancestors_path(graph.contributors[indicator]),
            "dag_longest_path(ancestors)",
        ),
        Case(
            "Query.path",
            f'{{ path(from: "{lead}", to: "{target}") {{ length steps {{ relation forward }} }} }}',
            lambda: nx.shortest_path(undirected, lead, target),
            "shortest_path(to_undirected view)",
        ),
        Case(
            "Query.recurringObligations",
            f'{{ recurringObligations(asOf: "{AS_OF}", first: {MAX_LIST}) {{ task {{ id }} nextDue missed }} }}',
            lambda: [n for n, a in snapshot.nodes(data=True) if a.get("deadlineKind") == "recurring"],
            "nodes(data=True) scan",
        ),
        Case(
            "Query.bottlenecks",
            f'{{ bottlenecks(asOf: "{AS_OF}", first: 10) {{ agency {{ id }} waitingCount waitingDays }} }}',
            lambda: _bare_bottlenecks(graph, order),
            "descendants per agency",
        ),
    ]


async def _bench_size(size: int, seed: int, repeat: int, directory: Path) -> None:
    clock = time.perf_counter()
    batch = generate(size, seed)
    generated = time.perf_counter() - clock
    store: Store = open_store("embedded", path=directory / f"bench-{size}.sqlite3")
    await store.open()
    try:
        clock = time.perf_counter()
        await store.write(batch)
        written = time.perf_counter() - clock
        clock = time.perf_counter()
        snapshot = await store.snapshot()
        snapped = time.perf_counter() - clock
        clock = time.perf_counter()
        derived = Derived(store)
        graph = await derived.get(ANALYSIS_GRAPH)
        built = time.perf_counter() - clock
        print(
            f"\ntasks={size:,} nodes={snapshot.number_of_nodes():,} edges={snapshot.number_of_edges():,} "
            f"dependencies={graph.order.number_of_edges():,}"
        )
        print(
            f"one-off: generate {generated:.2f}s, write {written:.2f}s, snapshot {snapped:.2f}s, "
            f"analysis build + CPM {built:.2f}s"
        )
        schema = build_schema()

        async def run(document: str) -> Any:
            result = await schema.execute(document, context_value=Context(store, derived))
            if result.errors:
                raise RuntimeError(f"{document}: {result.errors}")
            return result.data

        picks = _pick(graph, seed)
        order = graph.order
        print(
            f"downstream of {picks.downstream}: {len(nx.descendants(order, picks.downstream)):,} tasks; "
            f"upstream of {picks.upstream}: {len(nx.ancestors(order, picks.upstream)):,}; plan {picks.plan} "
            f"({len(graph.plan_tasks[picks.plan])} tasks)"
        )
        await run(f'{{ task(id: "{picks.downstream}") {{ id dependsOn {{ id }} }} }}')  # the schema's own warm-up
        print(f"{'query':34} {'first ms':>9} {'GraphQL ms':>11} {'networkx ms':>12} {'ratio':>8}  bare call")
        for case in _cases(graph, picks):
            clock = time.perf_counter()
            await run(case.document)  # the first call also fills what is remembered per version
            first_ms = (time.perf_counter() - clock) * 1000
            graphql_ms = await _time_async(lambda case=case: run(case.document), repeat)  # type: ignore[misc]
            bare_ms = _time(case.bare, repeat)
            ratio = graphql_ms / bare_ms if bare_ms > 0 else float("inf")
            print(
                f"{case.name:34} {first_ms:9.2f} {graphql_ms:11.2f} {bare_ms:12.2f} {ratio:8.2f}  {case.bare_call}",
                flush=True,
            )
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query; the median is printed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stratagraph-bench-") as directory:
        for size in args.tasks:
            asyncio.run(_bench_size(size, args.seed, args.repeat, Path(directory)))


if __name__ == "__main__":
    main()
