"""RDF text refused before it reaches the parser, for what it would make the parser do.

pyoxigraph expands XML entities as declared (nine nested declarations stand for a
billion copies of a word: the process aborted on a 4.8 GB allocation), overflows
its stack on JSON-LD nested a few thousand levels deep (a segmentation fault), and
takes time quadratic in the nesting of RDF/XML. So entity
declarations are refused, and JSON-LD and RDF/XML nested deeper than ``MAX_DEPTH``;
Turtle is parsed without recursion (a million nested collections or blank nodes
are read in linear time) and only meets the run's budget on statements.
"""

from __future__ import annotations

import contextlib
import re
from xml.parsers import expat

from pyoxigraph import RdfFormat

from stratagraph.loaders.limits import MAX_DEPTH
from stratagraph.model.errors import Problem

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_TOO_DEEP_HINT = "nest the graph less: a node refers to another by its @id (RDF/XML: rdf:resource) instead"


def refused_before_parsing(text: str, syntax: RdfFormat, file: str) -> Problem | None:
    """What in ``text`` the parser must not see, located; None when it may parse it."""
    if syntax == RdfFormat.JSON_LD:
        return _json_too_deep(text, file)
    if syntax == RdfFormat.RDF_XML:
        return _xml_refused(text, file)
    return None


def _json_too_deep(text: str, file: str) -> Problem | None:
    """JSON nested more than ``MAX_DEPTH`` levels, at the line of the bracket that goes deeper.

    The brackets outside strings are counted first, in one pass; only a file found too deep
    is read again token by token to find the line.
    """
    depth = 0
    for bracket in _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            break
    else:
        return None
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        if token[0] in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                return Problem(
                    file, line, "", f"JSON-LD nested more than {MAX_DEPTH} levels deep", _TOO_DEEP_HINT, "syntax"
                )
        elif token[0] in "]}":
            depth -= 1
    return None  # the strings were read otherwise the second time (a quote left open): the parser will say where


def _xml_refused(text: str, file: str) -> Problem | None:
    """An entity declaration, or elements nested more than ``MAX_DEPTH`` deep, where they are.

    ``expat`` reads the document without expanding anything and stops at the first of them;
    a syntax error on the way is left for the RDF parser to report.
    """
    parser = expat.ParserCreate()
    found: list[Problem] = []
    depth = 0

    class Found(Exception):
        pass

    def entity(name: str, *_: object) -> None:
        found.append(
            Problem(
                file,
                parser.CurrentLineNumber,
                "",
                f"XML entity declaration <!ENTITY {name} …> is not read",
                "write the values out in full (or give the graph as Turtle): "
                "entities can stand for billions of characters",
                "syntax",
            )
        )
        raise Found

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            line = parser.CurrentLineNumber
            found.append(
                Problem(file, line, "", f"XML nested more than {MAX_DEPTH} levels deep", _TOO_DEEP_HINT, "syntax")
            )
            raise Found

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with contextlib.suppress(Found, expat.ExpatError):
        parser.Parse(text.encode(), True)
    return found[0] if found else None
