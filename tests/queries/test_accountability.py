"""Who answers for a task, as the sources say, on two sides of the 2025 reorganisation."""

from __future__ import annotations

from datetime import date

import pytest

from stratagraph.graph.store import Store
from stratagraph.model.errors import NotFoundError
from stratagraph.model.records import Rel
from stratagraph.queries.accountability import accountability, sub_units

PRESS_DB_TASK = "task/chi-dao-2023-04-10-cbc-co-so-du-lieu"


async def test_chain_before_and_after_the_move(bundled_store: Store) -> None:
    before = await accountability(bundled_store, PRESS_DB_TASK, date(2023, 6, 1))
    after = await accountability(bundled_store, PRESS_DB_TASK, date(2025, 6, 1))
    assert before.leads == after.leads == ("agency/cuc-bao-chi",)
    assert before.agencies[:2] == ("agency/cuc-bao-chi", "agency/bo-tttt")
    assert after.agencies[:2] == ("agency/cuc-bao-chi", "agency/bo-vhttdl")
    assert (before.ministry, after.ministry) == ("agency/bo-tttt", "agency/bo-vhttdl")
    assert before.government == after.government == "agency/chinh-phu"
    first_step = before.steps[0]
    assert first_step.edge.type is Rel.PART_OF
    assert first_step.edge.sources, "each link of the chain carries its sources"


async def test_unknown_task(bundled_store: Store) -> None:
    with pytest.raises(NotFoundError):
        await accountability(bundled_store, "task/nope", date(2024, 1, 1))


async def test_sub_units_follow_the_date(bundled_store: Store) -> None:
    assert "agency/cuc-bao-chi" in await sub_units(bundled_store, "agency/bo-tttt", date(2023, 6, 1))
    assert "agency/cuc-bao-chi" not in await sub_units(bundled_store, "agency/bo-tttt", date(2025, 6, 1))
    assert "agency/cuc-bao-chi" in await sub_units(bundled_store, "agency/bo-vhttdl", date(2025, 6, 1))
