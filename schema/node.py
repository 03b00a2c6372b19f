"""From a stored node to its GraphQL type."""

from __future__ import annotations

from graph.records import Label, Node
from schema.agencies import Agency
from schema.common import Entity
from schema.documents import Document
from schema.indicators import Indicator, Measurement, Target
from schema.plans import Plan
from schema.tasks import Task

TYPES: dict[Label, type[Entity]] = {
    Label.AGENCY: Agency,
    Label.PLAN: Plan,
    Label.DOCUMENT: Document,
    Label.TASK: Task,
    Label.INDICATOR: Indicator,
    Label.TARGET: Target,
    Label.MEASUREMENT: Measurement,
}


def as_entity(node: Node | None) -> Entity | None:
    return None if node is None else TYPES[node.label](_node=node)
