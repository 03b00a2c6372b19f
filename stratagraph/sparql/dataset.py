"""Which graphs a query asks for (``FROM``, ``FROM NAMED``, the protocol's graph parameters), and our answer.

The endpoint holds one graph, the whole dataset, published at ``{base}rdf`` and
loaded as pyoxigraph's default graph (a named graph is slower to scan and to
aggregate: ``python -m bench.sparql_graphs``, bench/README.md). Clients name it in
three ways, and each must get the data or a clear refusal, never a silently empty
dataset:

- ``FROM <{base}rdf>`` or ``default-graph-uri={base}rdf``: the dataset is the
  default graph, as without them;
- ``FROM NAMED <{base}rdf>`` or ``named-graph-uri={base}rdf`` (clients that send
  every graph they know as both): accepted, and the data stays the default graph;
  a query that then reads a named graph with ``GRAPH`` is refused, since it would
  find nothing;
- any other graph: refused, naming the one there is.

The IRIs are read as SPARQL's lexer reads them (``screen.TOKENS``: never inside a
string or comment), prefixed names expanded by the query's ``PREFIX`` lines and
relative IRIs resolved against its ``BASE`` or, without one, the endpoint's IRI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from stratagraph.sparql.screen import TOKENS

__all__ = ["GraphRequest", "dataset_refusal", "named_in_query"]


@dataclass(frozen=True)
class GraphRequest:
    """The graphs a query's dataset clause names, resolved: ``(default, named)``; ``graph_pattern`` if it uses GRAPH."""

    default: tuple[str, ...]
    named: tuple[str, ...]
    graph_pattern: bool


def named_in_query(query: str, base: str) -> GraphRequest:
    """The ``FROM`` / ``FROM NAMED`` IRIs of ``query``, relative ones resolved against ``base``. Linear."""
    prefixes: dict[str, str] = {}
    default: list[str] = []
    named: list[str] = []
    graph_pattern = False
    expecting: str | None = None  # what the previous keyword announced: "prefix", "prefix-iri", "base", "from"
    pending_prefix = ""
    from_named = False
    for token in TOKENS.finditer(query):
        kind, text = token.lastgroup, token.group()
        if kind == "skip":
            continue
        word = text.upper() if kind == "name" else ""
        iri: str | None = None
        if kind == "iri":
            iri = urljoin(base, text[1:-1])
        if expecting == "prefix" and kind == "name":
            pending_prefix, expecting = text.split(":", 1)[0], "prefix-iri"
            continue
        if expecting == "prefix-iri" and iri is not None:
            prefixes[pending_prefix] = iri
            expecting = None
            continue
        if expecting == "base" and iri is not None:
            base, expecting = iri, None
            continue
        if expecting == "from":
            if word == "NAMED":
                from_named = True
                continue
            if iri is None and kind == "name" and ":" in text:
                prefix, local = text.split(":", 1)
                iri = prefixes.get(prefix, f"{prefix}:") + local
            if iri is not None:
                (named if from_named else default).append(iri)
            expecting, from_named = None, False
            continue
        expecting = None
        if word == "PREFIX":
            expecting = "prefix"
        elif word == "BASE":
            expecting = "base"
        elif word == "FROM":
            expecting = "from"
        elif word == "GRAPH":
            graph_pattern = True
    return GraphRequest(tuple(default), tuple(named), graph_pattern)


def dataset_refusal(
    asked: GraphRequest, graph: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]
) -> str | None:
    """Why the dataset a query (``asked``) and the protocol's parameters name cannot be given, or None.

    ``graph`` is the IRI of the one graph held. Graphs given as parameters replace the
    query's ``FROM`` and ``FROM NAMED`` (SPARQL 1.1 Protocol, section 2.1.4).
    """
    by_protocol = bool(default_graph_uris or named_graph_uris)
    defaults = tuple(default_graph_uris) if by_protocol else asked.default
    named = tuple(named_graph_uris) if by_protocol else asked.named
    others = [iri for iri in (*defaults, *named) if iri != graph]
    if others:
        return (
            f"this endpoint holds one graph, <{graph}> (the whole dataset); <{others[0]}> is not one of its graphs: "
            f"name <{graph}> in FROM or default-graph-uri, or leave the dataset out"
        )
    if asked.graph_pattern and named:
        return (
            f"<{graph}> is served as the default graph, not as a named graph, so GRAPH would find nothing: "
            "remove the GRAPH pattern (its triples are in the default graph) or the FROM NAMED / named-graph-uri"
        )
    return None
