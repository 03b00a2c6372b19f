"""The validation rules a document needs: all of them, less those it gives nothing to check.

A new document's validation cost more than running it (``bench/README.md``, "Mixed
workload": 1.4-2.4 ms of a request's ~5 ms at the bundled dataset). graphql-core runs
every rule at every node, whether or not the document holds what the rule is about:
a query without variables, fragments or directives, as people type them in the
playground, still pays for the seventeen rules about those, and the variable rules
walk the operation again each. A rule in ``SUBJECTS`` reports only on nodes of the
kinds named there (read from each rule's source in graphql-core); a document with
none of them leaves it out. The kinds a document holds come from the one walk made
of it before validation (``schema.limits.Census``). Every other rule always runs. The errors are the same
with and without the rules left out: ``tests/schema/test_needed_rules.py`` checks
that over documents that break each of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Final

from graphql import (
    ASTValidationRule,
    DeferStreamDirectiveLabel,
    DeferStreamDirectiveOnRootField,
    DeferStreamDirectiveOnValidOperationsRule,
    FragmentsOnCompositeTypesRule,
    KnownDirectivesRule,
    KnownFragmentNamesRule,
    NoFragmentCyclesRule,
    NoUndefinedVariablesRule,
    NoUnusedFragmentsRule,
    NoUnusedVariablesRule,
    PossibleFragmentSpreadsRule,
    StreamDirectiveOnListField,
    UniqueDirectivesPerLocationRule,
    UniqueFragmentNamesRule,
    UniqueVariableNamesRule,
    VariablesAreInputTypesRule,
    VariablesInAllowedPositionRule,
)

__all__ = ["SUBJECTS", "needed_rules"]

VARIABLES: Final = frozenset({"variable_definition", "variable"})
FRAGMENTS: Final = frozenset({"fragment_definition", "fragment_spread", "inline_fragment"})
DIRECTIVES: Final = frozenset({"directive"})

SUBJECTS: Final[Mapping[type[ASTValidationRule], frozenset[str]]] = {
    NoUnusedVariablesRule: VARIABLES,
    NoUndefinedVariablesRule: VARIABLES,
    VariablesInAllowedPositionRule: VARIABLES,
    VariablesAreInputTypesRule: VARIABLES,
    UniqueVariableNamesRule: VARIABLES,
    NoUnusedFragmentsRule: FRAGMENTS,
    KnownFragmentNamesRule: FRAGMENTS,
    UniqueFragmentNamesRule: FRAGMENTS,
    NoFragmentCyclesRule: FRAGMENTS,
    PossibleFragmentSpreadsRule: FRAGMENTS,
    FragmentsOnCompositeTypesRule: FRAGMENTS,
    KnownDirectivesRule: DIRECTIVES,
    UniqueDirectivesPerLocationRule: DIRECTIVES,
    DeferStreamDirectiveOnRootField: DIRECTIVES,
    DeferStreamDirectiveOnValidOperationsRule: DIRECTIVES,
    DeferStreamDirectiveLabel: DIRECTIVES,
    StreamDirectiveOnListField: DIRECTIVES,
}
"""Rules that report only on nodes of these kinds (graphql-core's ``Node.kind`` names)."""


def needed_rules(kinds: Set[str], rules: tuple[type[ASTValidationRule], ...]) -> tuple[type[ASTValidationRule], ...]:
    """``rules`` in their order, less those about none of ``kinds`` (the kinds of node a document holds)."""
    return tuple(rule for rule in rules if rule not in SUBJECTS or not SUBJECTS[rule].isdisjoint(kinds))
