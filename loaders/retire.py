"""Retiring tasks: what a revision of a plan's table no longer lists stays in the graph, marked retired.

A task is never deleted by a revision: its history, its relations and the citations that
back them are what a planner audits later ("who led this before it was dropped?"). It
gains the day it was retired and what retired it (``model.records.RETIRED_ON``,
``RETIRED_BY``), and ``model.records.is_retired`` is true for it from then on, so it leaves
task lists, workloads, gaps and the schedule. Loading a table that lists it again brings it
back: the record loaded replaces the retired one whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from stratagraph.model.records import RETIRED_BY, RETIRED_ON, Batch, Label, Node, is_retired

__all__ = ["retire_tasks"]


def retire_tasks(tasks: Iterable[Node], *, on: dt.date, by: str) -> Batch:
    """The batch that retires ``tasks`` on the day ``on``, by ``by`` (a table's name, or who retired them).

    ``tasks`` are the stored task nodes, as ``Store.get`` returns them: each is written back
    with every property and citation it has, plus ``retiredOn`` and ``retiredBy``. The batch
    holds no edges and retracts none, so the task keeps its lead, supporters, plan and
    dependencies. A task already retired keeps its first retirement (it is left out), and a
    node that is not a task raises ``ValueError``. Write the batch with ``Store.write``,
    alone or merged with others (``Batch.of``).
    """
    nodes: list[Node] = []
    for task in tasks:
        if task.label is not Label.TASK:
            raise ValueError(f"{task.id} is not a task: only tasks are retired")
        if is_retired(task):
            continue
        props = {**task.props, RETIRED_ON: on.isoformat(), RETIRED_BY: by}
        nodes.append(Node(task.id, task.label, props, task.sources))
    return Batch.of(nodes)
