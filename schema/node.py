"""From a stored node to its GraphQL type."""

from __future__ import annotations

from stratagraph.model.records import Label, Node
from stratagraph.schema.activities import Activity
from stratagraph.schema.agencies import Agency
from stratagraph.schema.common import Entity
from stratagraph.schema.documents import Document
from stratagraph.schema.indicators import Indicator, Measurement, Target
from stratagraph.schema.plans import Plan
from stratagraph.schema.tasks import Task

TYPES: dict[Label, type[Entity]] = {
    Label.AGENCY: Agency,
    Label.PLAN: Plan,
    Label.DOCUMENT: Document,
    Label.TASK: Task,
    Label.INDICATOR: Indicator,
    Label.TARGET: Target,
    Label.MEASUREMENT: Measurement,
    Label.ACTIVITY: Activity,
}


def as_entity(node: Node | None) -> Entity | None:
    return None if node is None else TYPES[node.label](_node=node)
