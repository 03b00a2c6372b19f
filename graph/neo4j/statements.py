"""The Cypher the Neo4j store sends, read by name from ``cypher/*.cypher`` and cached.

Why files: a statement in its own file is read, reviewed and linted as Cypher
(``tests/graph/test_cypher_lint.py`` runs Neo4j's own parser and linter over
every statement), and no Python string ever holds Cypher, so no input can be
pasted into one. Every value travels as a parameter.

Each file starts with comment lines saying why the statement exists; the line
``// params: a, b`` (or ``// params: -``) declares its parameters. ``query``
refuses to send a statement with any other parameters, and the lint refuses a
statement that uses an undeclared one, so code, file and declaration agree.

Templates
---------
Cypher cannot take a label or a relationship type as a parameter (Neo4j 5.26's
dynamic ``$(...)`` labels are not planned with the lookup indexes, and older
servers lack them). A filter such as ``type(r) = $rel`` would work, but it
expands every relationship of a node (or scans every relationship of the graph)
and filters afterwards, where a typed pattern reads only the relationships of
that type, through the type lookup index or a dense node's per-type groups. So
a file may hold *slots* — ``__LABEL__``, ``__OTHER_LABELS__`` (a label family)
or ``__REL__`` (a relationship family) — which ``query`` fills with the value of
a ``stratagraph.model.records.Label`` or ``Rel`` member: the enums are the only text that is
ever put into a statement, and a template yields one statement per member,
each linted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Final, LiteralString

from stratagraph.model.errors import StoreError
from stratagraph.model.records import Label, Rel

ENTITY: Final = "Entity"
"""The label every stratagraph node carries besides its own (the id constraint is on it)."""
META: Final = "Meta"
"""The label of the node that holds the data version."""

_PACKAGE: Final = "stratagraph.graph.neo4j.cypher"
_PARAMS_LINE: Final = re.compile(r"^//\s*params:\s*(?P<names>.*?)\s*$", re.MULTILINE)
_SLOT: Final = re.compile(r"__[A-Z_]+?__")
LABEL_SLOTS: Final = frozenset({"__LABEL__", "__OTHER_LABELS__"})
REL_SLOTS: Final = frozenset({"__REL__"})


class Q(StrEnum):
    """Every statement the store sends; the value names its file, ``cypher/{value}.cypher``."""

    CREATE_ENTITY_ID_CONSTRAINT = "create_entity_id_constraint"
    CREATE_META_ID_CONSTRAINT = "create_meta_id_constraint"
    CREATE_NODE_LABEL_LOOKUP = "create_node_label_lookup"
    CREATE_RELATIONSHIP_TYPE_LOOKUP = "create_relationship_type_lookup"
    ENSURE_META = "ensure_meta"
    VERSION = "version"
    BUMP_VERSION = "bump_version"
    UPSERT_NODES = "upsert_nodes"
    MISSING_NODES = "missing_nodes"
    UPSERT_EDGES = "upsert_edges"
    RETRACT_EDGES = "retract_edges"
    DELETE_NODES = "delete_nodes"
    GET_NODES = "get_nodes"
    FIND_NODES = "find_nodes"
    COUNT_NODES = "count_nodes"
    NEIGHBOURS_OUT = "neighbours_out"
    NEIGHBOURS_IN = "neighbours_in"
    NEIGHBOURS_BOTH = "neighbours_both"
    EDGES_OF_TYPE = "edges_of_type"
    EDGES_ALL = "edges_all"
    SNAPSHOT = "snapshot"


SCHEMA: Final = (
    Q.CREATE_ENTITY_ID_CONSTRAINT,
    Q.CREATE_META_ID_CONSTRAINT,
    Q.CREATE_NODE_LABEL_LOOKUP,
    Q.CREATE_RELATIONSHIP_TYPE_LOOKUP,
)
"""Schema statements run by ``open``, in order, each in its own transaction (as Neo4j requires)."""


class StatementError(StoreError):
    """A statement file that is missing or malformed, or a call that does not match it: a bug."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One file: its text (slots unfilled), declared parameters and slots."""

    name: Q
    text: str
    params: frozenset[str]
    slots: frozenset[str]

    @property
    def family(self) -> type[Label] | type[Rel] | None:
        """Which enum fills the slots: ``Label``, ``Rel`` or ``None`` for a plain statement."""
        if not self.slots:
            return None
        return Label if self.slots <= LABEL_SLOTS else Rel

    def fill(self, member: Label | Rel | None = None) -> LiteralString:
        """The statement for ``member`` (a member of ``family``, or None for a plain statement)."""
        family = self.family
        if family is None:
            if member is not None:
                raise StatementError(f"{self.name}.cypher has no slots; it takes no {member!r}")
            text = self.text
        else:
            if not isinstance(member, family):
                raise StatementError(f"{self.name}.cypher is a template over {family.__name__}, not {member!r}")
            text = _SLOT.sub(lambda slot: _slot_value(slot.group(0), member), self.text)
        # A LiteralString in spirit: a file shipped with the package, its slots filled from enums.
        return text


def _slot_value(slot: str, member: Label | Rel) -> str:
    if slot == "__OTHER_LABELS__":
        return ":".join(label.value for label in Label if label is not member)
    return member.value


def parse(name: Q, text: str) -> Statement:
    """A statement from its file text; ``StatementError`` when the header or slots are wrong."""
    found = _PARAMS_LINE.findall(text)
    if len(found) != 1:
        raise StatementError(f"{name}.cypher needs exactly one '// params: a, b' (or '// params: -') line")
    names = found[0].strip()
    params = frozenset() if names == "-" else frozenset(part.strip() for part in names.split(","))
    if not all(param.isidentifier() for param in params):
        raise StatementError(f"{name}.cypher declares malformed parameters: {names!r}")
    slots = frozenset(_SLOT.findall(text))
    if slots and not (slots <= LABEL_SLOTS or slots <= REL_SLOTS):
        known = ", ".join(sorted(LABEL_SLOTS | REL_SLOTS))
        raise StatementError(f"{name}.cypher mixes or misspells slots {sorted(slots)}; known: {known}")
    return Statement(name, text, params, slots)


@cache
def load(name: Q) -> Statement:
    """The statement in ``cypher/{name}.cypher``, read once."""
    try:
        text = resources.files(_PACKAGE).joinpath(f"{name.value}.cypher").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StatementError(f"graph/neo4j/cypher/{name.value}.cypher is missing") from None
    return parse(name, text)


@cache
def cypher(name: Q, member: Label | Rel | None = None) -> LiteralString:
    """The text of ``name`` (filled for ``member`` when it is a template), cached."""
    return load(name).fill(member)


def query(name: Q, member: Label | Rel | None = None, **params: Any) -> tuple[LiteralString, dict[str, Any]]:
    """The text and parameters to send; ``StatementError`` unless ``params`` are exactly the declared ones."""
    declared = load(name).params
    if params.keys() != declared:
        given, wanted = ", ".join(sorted(params)) or "none", ", ".join(sorted(declared)) or "none"
        raise StatementError(f"{name}.cypher takes parameters {wanted}, not {given}")
    return cypher(name, member), params


def files() -> dict[str, str]:
    """Every ``.cypher`` file shipped in the package, by name (without the suffix)."""
    folder = resources.files(_PACKAGE)
    return {
        entry.name.removesuffix(".cypher"): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".cypher")
    }


def every_statement() -> dict[str, LiteralString]:
    """Every statement the store can send, by display name: ``version``, ``upsert_edges[LEADS]``.

    What the Cypher lint checks: each template once per member of its enum.
    """
    found: dict[str, LiteralString] = {}
    for name in Q:
        family = load(name).family
        if family is None:
            found[name.value] = cypher(name)
        else:
            for member in family:
                found[f"{name.value}[{member.value}]"] = cypher(name, member)
    return found


def declared_params() -> Mapping[str, frozenset[str]]:
    """The declared parameters of every statement, by the display names of ``every_statement``."""
    found: dict[str, frozenset[str]] = {}
    for name in Q:
        statement = load(name)
        family = statement.family
        members: list[Label | Rel | None] = [None] if family is None else list(family)
        for member in members:
            found[name.value if member is None else f"{name.value}[{member.value}]"] = statement.params
    return found
