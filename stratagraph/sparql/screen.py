"""What a query may not do, decided from its tokens before it runs: reach out, or nest without bound.

pyoxigraph exposes no query parser to Python, and rdflib's parser reads a different
grammar (queries pyoxigraph accepts fail there and the other way round), so this
reads the query as SPARQL's lexer does, in one linear pass: IRIs, strings,
comments, variables, prefixed names and language tags are tokens of their own, so
a word inside them is never taken for a keyword, and a keyword is any bare name.

- ``SERVICE`` is a keyword wherever it stands (lower case, ``SERVICE SILENT``, with
  a variable, inside OPTIONAL, UNION or a subquery): a query naming it is refused,
  since the endpoint makes no outgoing requests. The worker's sandbox
  (``stratagraph.sparql.sandbox``) denies sockets as well, should this ever miss.
- pyoxigraph's parser and evaluator recurse once per nested group, bracket and
  operator: 50,000 of them overflow the worker's stack. The depth counted here is
  the brackets open (``{``, ``(``, ``[``) plus, on each open level, the operators
  chained since its last separator (``,``, ``;``, ``.``): ``!!!!x``, ``1+1+…`` and
  ``a/b/…`` paths nest as deeply as brackets do, and so do groups joined one after
  another (``OPTIONAL {…} OPTIONAL {…} …``, ``MINUS``, ``UNION``, ``BIND``, ``{…} {…}``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_DEPTH", "TOKENS", "refusal"]

MAX_DEPTH = 2000
"""Deepest nesting accepted. The worker runs queries on a 64 MiB stack, several times what this needs."""

TOKENS = re.compile(
    r"""
      (?P<skip>\#[^\n]*                          # comment
        | '''(?:[^'\\]|\\.|'(?!''))*'''          # long strings
        | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
        | '(?:[^'\\\n\r]|\\.)*'                  # strings
        | "(?:[^"\\\n\r]|\\.)*"
        | [?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+   # variable
        | @[A-Za-z]+(?:-[A-Za-z0-9]+)*           # language tag
        | \d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?  # number
        | \s+)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)       # IRI
    | (?P<signed>[+-](?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)  # -1: a term in VALUES, a subtraction in ( )
    | (?P<name>(?:[^\W\d]|:)(?:[\w.:%\\\-\u00B7\u0300-\u036F\u203F-\u2040]*[\w:%\\\-\u00B7\u0300-\u036F\u203F-\u2040])?)
                                                 # keyword or prefixed name (never ending in '.')
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<separator>[,;.])
    | (?P<operator>\|\||&&|!=|<=|>=|[!=<>+\-*/^|])
    """,
    re.VERBOSE,
)


def refusal(query: str) -> str | None:
    """Why ``query`` is refused before it runs, or None. Linear in the query's length."""
    # per open level: its bracket, operators chained since its last separator, groups joined in it
    levels: list[list[Any]] = [["", 0, 0]]
    depth = 0
    for token in TOKENS.finditer(query):
        kind = token.lastgroup
        level = levels[-1]
        if kind in ("skip", "iri") or (kind == "signed" and level[0] != "("):
            continue
        if kind == "name":
            word = token.group().upper()
            if word == "SERVICE":
                return _NO_SERVICE
            if word in _JOINING:
                level[2] += 1
                depth += 1
        elif kind == "open":
            levels.append([token.group(), 0, 0])
            depth += 1
        elif kind == "close":
            if len(levels) > 1:
                levels.pop()
                depth -= 1 + level[1] + level[2]
                if level[0] == "{":  # { a } { b }: the groups of a group are joined one after another
                    levels[-1][2] += 1
                    depth += 1
        elif kind == "separator":
            depth -= level[1]
            level[1] = 0
        else:  # an operator, or a signed number in an expression
            level[1] += 1
            depth += 1
        if depth > MAX_DEPTH:
            return _TOO_DEEP
    return None


_JOINING = frozenset({"OPTIONAL", "MINUS", "UNION", "BIND", "VALUES", "GRAPH"})
"""Keywords whose group joins what came before it in the same group: each nests the algebra one level."""

_NO_SERVICE = (
    "SERVICE (federated query) is not offered: this endpoint makes no requests to other services; "
    "query the data served here, or run the federated query in a client of your own"
)
_TOO_DEEP = (
    f"the query nests more than {MAX_DEPTH} levels deep (brackets, operators chained in one expression or path, "
    f"groups joined one after another); at most {MAX_DEPTH} are accepted: flatten it "
    "(VALUES or IN (…) rather than long chains of ||, fewer nested or successive groups)"
)
