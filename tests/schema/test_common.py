"""An entity type made from a stored node carries the node's id as data, read without a resolver call."""

from __future__ import annotations

import dataclasses

from stratagraph.model.records import Label, Node
from stratagraph.schema.agencies import Agency
from stratagraph.schema.tasks import Task


def test_an_entity_copies_its_nodes_id() -> None:
    node = Node("task/781-nen-tang-dung-chung", Label.TASK, {"nameVi": "Nền tảng"}, ())
    task = Task(_node=node)
    assert task.id == "task/781-nen-tang-dung-chung"
    assert "id" in {f.name for f in dataclasses.fields(task)}, "a data field, not a resolver method"
    assert Agency(_node=Node("agency/cuc-bao-chi", Label.AGENCY, {}, ())).id == "agency/cuc-bao-chi"


def test_a_moved_tasks_entity_comes_with_its_page() -> None:
    """A delay impact's moved tasks are loaded per page in one batch and read as data, not resolved one by one."""
    from stratagraph.schema.delay import DelayedTask

    assert "task" in {f.name for f in dataclasses.fields(DelayedTask)}
