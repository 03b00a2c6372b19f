"""When each plan binds: its start and end, the start moved to the day of the decision adopting it.

A plan states a start ("2023" reads as 01/01/2023), but a plan adopted on
08/05/2023 binds nobody before then: its start is the date of the document it is
ADOPTED_BY when that is later. The schedule, the consistency checks and the
yearly duties all count from that day, so it is read and decided here only
(``PLAN_PERIODS``, derived once per data version), and the others take it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.model.records import Edge, Label, Node, Rel
from stratagraph.queries.deadline_state import iso_day

__all__ = ["PLAN_PERIODS", "Period", "periods_of"]

Period = tuple[date | None, date | None]
"""A plan's (start, end); either is None when not known."""


@dataclass(frozen=True)
class _Records:
    plans: list[Node]
    adopted: list[Edge]
    documents: dict[str, Node]


def periods_of(plans: Iterable[Node], adopted: Iterable[Edge], documents: Mapping[str, Node]) -> dict[str, Period]:
    """Plan id -> period, from the plans, their ADOPTED_BY edges and the documents those reach."""
    periods: dict[str, Period] = {plan.id: (iso_day(plan.get("start")), iso_day(plan.get("end"))) for plan in plans}
    for edge in adopted:
        document = documents.get(edge.target)
        if edge.source not in periods or document is None:
            continue
        stated, end = periods[edge.source]
        adopted_on = iso_day(document.get("date"))
        if adopted_on is not None and (stated is None or adopted_on > stated):
            periods[edge.source] = (adopted_on, end)
    return periods


async def _read(derived: Derived) -> _Records:
    store = derived.store
    plans = await store.find(Label.PLAN)
    adopted = await store.neighbours([plan.id for plan in plans], Rel.ADOPTED_BY)
    documents = await store.get(sorted({edge.target for edge in adopted}))
    return _Records(plans, adopted, documents)


def _build(read: _Records) -> Mapping[str, Period]:
    return periods_of(read.plans, read.adopted, read.documents)


PLAN_PERIODS: Recipe[[], _Records, Mapping[str, Period]] = Recipe("plan periods", _read, _build)
"""Plan id -> (start, end) for every plan of the current version: ``await derived.get(PLAN_PERIODS)``."""
