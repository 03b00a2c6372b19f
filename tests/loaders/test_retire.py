"""``retire_tasks``: the one way a task is retired (a --replace load, later a mutation)."""

from __future__ import annotations

import datetime as dt

import pytest

from stratagraph.loaders.retire import retire_tasks
from stratagraph.model.records import RETIRED_BY, RETIRED_ON, Citation, Kind, Label, Node, is_retired

CITED = (Citation("document/qd-781-2023-btttt", "II.2", Kind.VERBATIM),)


def test_a_retired_task_keeps_its_properties_and_citations_and_gains_when_and_by_what() -> None:
    live = Node("task/x", Label.TASK, {"nameVi": "Rà soát", "status": "in-progress"}, CITED)
    [retired] = retire_tasks([live], on=dt.date(2026, 3, 2), by="phu-luc-v2.csv").nodes
    assert retired.props == {**live.props, RETIRED_ON: "2026-03-02", RETIRED_BY: "phu-luc-v2.csv"}
    assert retired.sources == CITED
    assert is_retired(retired)
    assert not is_retired(live)


def test_the_batch_touches_no_relation() -> None:
    batch = retire_tasks([Node("task/x", Label.TASK)], on=dt.date(2026, 3, 2), by="phu-luc-v2.csv")
    assert (batch.edges, batch.retract) == ((), ())


def test_a_task_retired_already_keeps_its_first_retirement() -> None:
    earlier = Node("task/x", Label.TASK, {RETIRED_ON: "2025-01-01", RETIRED_BY: "phu-luc.csv"})
    assert retire_tasks([earlier], on=dt.date(2026, 3, 2), by="phu-luc-v2.csv").nodes == ()


def test_only_tasks_are_retired() -> None:
    with pytest.raises(ValueError, match="agency/cuc-bao-chi is not a task"):
        retire_tasks([Node("agency/cuc-bao-chi", Label.AGENCY)], on=dt.date(2026, 3, 2), by="x")
