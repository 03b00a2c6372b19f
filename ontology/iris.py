"""The IRI of everything the RDF export writes, and reading an entity's id back from its IRI.

One entity, one IRI: ``{base}id/{store id}`` (``…/id/agency/cuc-bao-chi``), so the
GraphQL ``id``, the store ``id`` and the IRI's path are the same string. What
exists only in RDF hangs off its entity as a fragment (``#deadline``,
``#source-3f2a9c01d4e5``, ``#partOf/agency/bo-tttt/2023-04-06``), so dereferencing the
entity returns it too and no blank node is ever written: exports are stable and
diffable, and comparing two of them is a set comparison.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from stratagraph.model.records import Citation, Edge, Label, label_of

__all__ = [
    "KEY_PATTERN",
    "EntityIRI",
    "citation_iri",
    "citation_keys",
    "deadline_iri",
    "entity_iri",
    "instant_iri",
    "interval_iri",
    "parse_entity_iri",
    "relationship_iri",
    "scheme_iri",
]

KEY_PATTERN = r"[a-z0-9][a-z0-9-]*"
"""A key as the loaders accept it (``loaders/records.py``) and the shapes require it."""

_ENTITY = re.compile(rf"^(?P<base>.*/)id/(?P<prefix>[a-z]+)/(?P<key>{KEY_PATTERN})$")


def entity_iri(base: str, node_id: str) -> str:
    """``{base}id/{type}/{key}``; ``base`` ends with ``/`` (``Settings.base_iri`` ensures it)."""
    return f"{base}id/{node_id}"


def deadline_iri(entity: str) -> str:
    """The ``sg:Deadline`` of a task or target: ``{entity}#deadline``."""
    return f"{entity}#deadline"


def citation_iri(subject: str, key: str) -> str:
    """A citation of ``subject``: ``{entity}#source-{key}``, or ``{relationship}/source-{key}`` under a fragment."""
    return f"{subject}{'/' if '#' in subject else '#'}source-{key}"


def citation_keys(sources: Sequence[Citation]) -> tuple[str, ...]:
    """Each citation's key, from what it cites (document, place, kind, page, words, note), not from its place in the
    list: adding a source to a record leaves the IRIs of the others as they were. A citation repeated in one record
    gets ``-2``, ``-3``… after its key; the list's order is ``sg:position``'s."""
    keys: list[str] = []
    seen: Counter[str] = Counter()
    for citation in sources:
        c = citation
        text = "\x1f".join(field or "" for field in (c.document, c.locator, c.kind.value, c.page, c.quote, c.note))
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return tuple(keys)


def relationship_iri(base: str, edge: Edge, local_name: str) -> str:
    """``{source IRI}#{property}/{target id}``, plus ``/{validFrom}`` for a dated edge (as ``Edge.key``)."""
    tail = f"/{edge.valid_from}" if edge.valid_from else ""
    return f"{entity_iri(base, edge.source)}#{local_name}/{edge.target}{tail}"


def interval_iri(subject: str) -> str:
    """The ``time:Interval`` a membership (``org:memberDuring``) spans: ``{relationship}/during``."""
    return f"{subject}/during"


def instant_iri(owner: str, end: str) -> str:
    """A ``time:Instant`` bounding an interval: ``{deadline}-start`` / ``{interval}/end``."""
    return f"{owner}{'/' if owner.endswith('/during') else '-'}{end}"


def scheme_iri(plan: str) -> str:
    """The SKOS concept scheme of a plan's indicators: ``{plan}#indicators``."""
    return f"{plan}#indicators"


@dataclass(frozen=True, slots=True)
class EntityIRI:
    """An entity IRI taken apart: the base it was minted under, the store id and its label."""

    base: str
    id: str
    label: Label


def parse_entity_iri(iri: str) -> EntityIRI | None:
    """The parts of ``{base}id/{type}/{key}``, or None when ``iri`` is not an entity IRI."""
    match = _ENTITY.match(iri)
    if match is None:
        return None
    node_id = f"{match['prefix']}/{match['key']}"
    label = label_of(node_id)
    if label is None:
        return None
    return EntityIRI(match["base"], node_id, label)
