"""What an operation costs, worked out before it runs, and the limit it must stay within.

A field costs its *weight* (1 unless declared with ``@cost``: the analyses and
the fields that read the store once per item weigh more; a unit is about the
work of one plain field, and a weight says how many plain fields' worth of work
its resolver does at ten thousand tasks) plus, when it returns
items, the cost of its selection times the number of items it may return:

* the value of its ``first`` argument (given, from a variable, or its default):
  every list that grows with the data takes one, and refuses more than its cap,
  so the figure is a bound, not a guess;
* else the size declared with ``@listSize(assumedSize:)`` for lists that stay
  small whatever the data (a task's leads, a citation list);
* for introspection, the sizes of this schema (how many types, fields per type,
  ...), so the playground's own introspection query costs what it reads.

Both directives follow the GraphQL cost directives specification (IBM, also
used by Apollo and Hot Chocolate) in name and meaning, and show in the SDL, so a
client can work out a cost before sending a query. Every field is declared where
it is defined (``strawberry.field(directives=[Cost(...)])``); this module only
reads the declarations.

The walk is linear in the document: each fragment's cost is worked out once per
request and reused at every spread. Fragments on several possible types all
count (an upper bound).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    get_named_type,
    value_from_ast,
)
from strawberry.schema_directive import Location

DEFAULT_MAX_COST: Final = 60_000
"""What one operation may cost by default. The playground's introspection costs what it reads and so grows with
the schema: 50,000 until the writes (mutations, their inputs and payloads, the audit trail) took it to about 53,000."""
SLICING_ARGUMENT: Final = "first"


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="What resolving the field costs, in the units of the query cost limit (a plain field costs 1).",
)
class Cost:
    weight: int


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="listSize",
    description="How many items a list without a `first` argument is counted as holding in a query's cost.",
)
class ListSize:
    assumed_size: int


@dataclass(frozen=True, slots=True)
class Declared:
    """A field's declared weight and, for a list without ``first``, its assumed size."""

    weight: int = 1
    assumed_size: int | None = None


class CostLimitError(GraphQLError):
    """An operation whose cost is over the limit: it is refused before anything runs."""

    def __init__(self, cost: int, limit: int, operation: OperationDefinitionNode) -> None:
        super().__init__(
            f"the query costs {cost:,} and the limit is {limit:,}: ask for fewer items (a smaller `first`), "
            "fewer nested lists or fewer aliases, or split it into several queries "
            "(the SDL's @cost and @listSize say what each field costs)",
            operation,
            extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": limit},
        )


def declarations(schema: strawberry.Schema, graphql_schema: GraphQLSchema) -> dict[tuple[str, str], Declared]:
    """Every field's ``@cost`` and ``@listSize`` (only the fields that declare one), by type and field name."""
    found: dict[tuple[str, str], Declared] = {}
    for type_name, named in graphql_schema.type_map.items():
        if type_name.startswith("__") or not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            continue
        for field_name in named.fields:
            field = schema.get_field_for_type(field_name, type_name)
            directives = field.directives if field is not None else ()
            weight = next((d.weight for d in directives if isinstance(d, Cost)), 1)
            size = next((d.assumed_size for d in directives if isinstance(d, ListSize)), None)
            if weight != 1 or size is not None:
                found[(type_name, field_name)] = Declared(weight, size)
    return found


def introspection_sizes(schema: GraphQLSchema) -> dict[tuple[str, str], Declared]:
    """The introspection lists' sizes in this schema, on average per type: introspection costs about what it reads."""
    types = list(schema.type_map.values())
    with_fields = [t for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]
    fields = [f for t in with_fields for f in t.fields.values()]

    def mean(total: int, count: int) -> int:
        return max(1, -(-total // max(count, 1)))  # rounded up, at least one

    return {
        ("__Schema", "types"): Declared(assumed_size=len(types)),
        ("__Schema", "directives"): Declared(assumed_size=len(schema.directives)),
        ("__Type", "fields"): Declared(assumed_size=mean(len(fields), len(types))),
        ("__Type", "interfaces"): Declared(assumed_size=1),
        ("__Type", "possibleTypes"): Declared(assumed_size=1),
        ("__Type", "enumValues"): Declared(assumed_size=2),
        ("__Type", "inputFields"): Declared(assumed_size=2),
        ("__Field", "args"): Declared(assumed_size=mean(sum(len(f.args) for f in fields), len(fields))),
        ("__Directive", "args"): Declared(assumed_size=2),
        ("__Directive", "locations"): Declared(assumed_size=3),
    }


def _is_list(type_: GraphQLOutputType) -> bool:
    return isinstance(type_.of_type if isinstance(type_, GraphQLNonNull) else type_, GraphQLList)


class CostAnalysis:
    """The cost of operations on one schema, against one limit."""

    DEFAULT_LIST_SIZE: Final = 10  # a list neither paged nor declared (none in this schema: a test checks)

    def __init__(self, schema: GraphQLSchema, declared: Mapping[tuple[str, str], Declared], max_cost: int) -> None:
        self.schema = schema
        self.declared = {**introspection_sizes(schema), **declared}
        self.max_cost = max_cost

    @classmethod
    def of(cls, schema: strawberry.Schema, graphql_schema: GraphQLSchema, max_cost: int) -> CostAnalysis:
        return cls(graphql_schema, declarations(schema, graphql_schema), max_cost)

    def cost(self, document: DocumentNode, operation: OperationDefinitionNode, variables: Mapping[str, Any]) -> int:
        root = self.schema.get_root_type(operation.operation)
        return _Walk(self, document, variables).selections(root, operation.selection_set) if root else 0

    def check(self, document: DocumentNode, operation: OperationDefinitionNode, variables: Mapping[str, Any]) -> int:
        """The operation's cost; ``CostLimitError`` when it is over the limit."""
        cost = self.cost(document, operation, variables)
        if cost > self.max_cost:
            raise CostLimitError(cost, self.max_cost, operation)
        return cost

    def multiplier(self, parent: GraphQLNamedType, name: str, field: GraphQLField, node: FieldNode, walk: _Walk) -> int:
        if SLICING_ARGUMENT in field.args:
            return walk.slice_size(field, node)
        declared = self.declared.get((parent.name, name))
        if declared is not None and declared.assumed_size is not None:
            return declared.assumed_size
        return self.DEFAULT_LIST_SIZE if _is_list(field.type) else 1

    def weight(self, parent: GraphQLNamedType, name: str) -> int:
        declared = self.declared.get((parent.name, name))
        return 1 if declared is None else declared.weight


class _Walk:
    """One operation's cost with one request's variables; each fragment costed once."""

    def __init__(self, analysis: CostAnalysis, document: DocumentNode, variables: Mapping[str, Any]) -> None:
        self.analysis = analysis
        self.variables = dict(variables)
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.costed: dict[str, int] = {}
        self.costing: set[str] = set()

    def slice_size(self, field: GraphQLField, node: FieldNode) -> int:
        argument = field.args[SLICING_ARGUMENT]
        value: object = argument.default_value
        for given in node.arguments or ():
            if given.name.value == SLICING_ARGUMENT:
                value = value_from_ast(given.value, argument.type, self.variables)
        if not isinstance(value, int):  # null asks for the default page; anything else the resolver refuses
            value = argument.default_value
        return value if isinstance(value, int) and value > 0 else 0

    def fragment(self, name: str) -> int:
        if name in self.costed:
            return self.costed[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.costing:
            return 0  # validation has refused unknown and cyclic fragments already
        self.costing.add(name)
        on = self.analysis.schema.get_type(definition.type_condition.name.value)
        cost = self.costed[name] = self.selections(on, definition.selection_set) if on else 0
        self.costing.discard(name)
        return cost

    def selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode | None) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.analysis.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(on, selection.selection_set) if on else 0
        return total

    def field(self, parent: GraphQLNamedType, node: FieldNode) -> int:
        name = node.name.value
        field = _field_definition(self.analysis.schema, parent, name)
        if field is None:
            return 1
        weight = self.analysis.weight(parent, name)
        if node.selection_set is None:
            return weight
        inner = self.selections(get_named_type(field.type), node.selection_set)
        return weight + self.analysis.multiplier(parent, name, field, node, self) * inner


def _field_definition(schema: GraphQLSchema, parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    if name == "__typename":
        return TypeNameMetaFieldDef
    if parent is schema.query_type and name in ("__schema", "__type"):
        return SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def unpaged_lists(schema: GraphQLSchema, declared: Iterable[tuple[str, str]]) -> list[str]:
    """List fields with neither a ``first`` argument nor a declared size: each would be counted as a guess."""
    known = set(declared)
    return sorted(
        f"{type_name}.{field_name}"
        for type_name, named in schema.type_map.items()
        if not type_name.startswith("__") and isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
        for field_name, field in named.fields.items()
        if _is_list(field.type) and SLICING_ARGUMENT not in field.args and (type_name, field_name) not in known
    )
