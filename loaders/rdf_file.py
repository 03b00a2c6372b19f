"""Reading an RDF file (Turtle, N-Triples, JSON-LD, RDF/XML) as one more kind of input.

The file is parsed with pyoxigraph (fast, and its syntax errors carry a line),
mapped back to nodes and edges by ``ontology.inverse`` and turned into the
loaders' records by ``loaders.rdf_records``, so RDF meets exactly the checks YAML
and CSV meet, in the same all-or-nothing load. Every problem names the file and,
where the text allows, the line of the subject it is about.

JSON-LD that refers to our context by URL (``…/context.jsonld``, as ``/rdf``
writes it) is read with the context built into this version: loading never
fetches anything over the network. Other remote contexts are refused.

What the parser must not see (XML entity declarations, JSON-LD and RDF/XML nested
too deep) is refused before it parses (``rdf_guard``). Statements count against the
run's ``Budget``, so a file of tiny statements stops at the limit, not at the end of memory.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, parse

from stratagraph.loaders.compile import Records
from stratagraph.loaders.limits import RAISE_IT, TOO_LARGE, Budget, size
from stratagraph.loaders.rdf_guard import refused_before_parsing
from stratagraph.loaders.rdf_records import add_records
from stratagraph.loaders.text_file import read_text
from stratagraph.model.errors import Problem, RDFInputError
from stratagraph.ontology.inverse import decode
from stratagraph.ontology.iris import parse_entity_iri
from stratagraph.ontology.jsonld import CONTEXT, compact

__all__ = ["RDF_SUFFIXES", "read_rdf_records"]

RDF_SUFFIXES: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".jsonld": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
}
"""File extensions read as RDF, and their syntax."""

_CONTEXT_REF = re.compile(r'"@context"\s*:\s*"([^"]*)"')
_ID = r"(?:[^\"<>\s]*/)?id/([a-z]+/[a-z0-9][a-z0-9-]*)"
_AT_SUBJECT = r"(?m)(?:^[ \t]*<|\"@id\"\s*:\s*\"|rdf:about=\")"
_LINE_PATTERNS = (
    re.compile(_AT_SUBJECT + _ID + r"[\">]"),  # the entity as a subject: its own block
    re.compile(_AT_SUBJECT + _ID + r"#"),  # one of its fragments (deadline, citation, relationship)
    re.compile(r"[/<\"]id/([a-z]+/[a-z0-9][a-z0-9-]*)(?=[\">#\s])"),  # anywhere it is named
)


def read_rdf_records(path: Path, shown_as: str, into: Records, budget: Budget, max_bytes: int) -> list[Problem]:
    """Add the records of one RDF file to ``into``; return the problems found."""
    text, problem = read_text(path, shown_as, max_bytes)
    if problem is not None or text is None:
        return [problem] if problem else []
    syntax = RDF_SUFFIXES[path.suffix.lower()]
    if (problem := refused_before_parsing(text, syntax, shown_as)) is not None:
        return [problem]
    if syntax == RdfFormat.JSON_LD:
        text, problem = _with_local_context(text, shown_as, max_bytes)
        if problem is not None:
            return [problem]
    lines = _subject_lines(text)

    def line_of(node_id: str) -> int | None:
        return lines.get(node_id)

    statements: list[Triple] = []
    try:
        for quad in parse(text.encode(), syntax, without_named_graphs=True):
            if not budget.spend():
                return [Problem(shown_as, None, "", budget.too_many("RDF statements"), RAISE_IT, TOO_LARGE)]
            statements.append(quad.triple)
    except SyntaxError as error:
        return [
            Problem(
                shown_as,
                error.lineno,
                "",
                f"not valid {syntax.name}: {error.msg}",
                f"fix the syntax at this line ({_USUAL_CAUSE[syntax]} is the usual cause); "
                "named graphs and remote JSON-LD contexts are not supported",
                "syntax",
            )
        ]
    try:
        decoded = decode(statements)
    except RDFInputError as error:
        return [_problem(shown_as, lines, e) for e in (error.errors or (error,))]
    if decoded.base is None:
        return []
    return add_records(decoded.batch, decoded.base, shown_as, line_of, into)


def _problem(file: str, lines: dict[str, int], error: RDFInputError) -> Problem:
    subject = error.subject or ""
    parsed = parse_entity_iri(subject.split("#", 1)[0])
    line = lines.get(parsed.id) if parsed else None
    path = " ".join(p for p in (f"<{subject}>" if subject else "", compact(error.predicate or "")) if p)
    return Problem(file, line, path, error.message, error.hint, "rdf")


_USUAL_CAUSE = {
    RdfFormat.TURTLE: "a missing '.', '>' or quote",
    RdfFormat.N_TRIPLES: "a missing '.', '>' or quote",
    RdfFormat.JSON_LD: "a missing comma, bracket or quote",
    RdfFormat.RDF_XML: "a tag left open or a missing quote",
}


def _with_local_context(text: str, file: str, max_bytes: int) -> tuple[str, Problem | None]:
    """Our context, referred to by URL, replaced by its text on the same line (so line numbers hold).

    The context is a few KiB, so a file referring to it very often would grow past what it may
    hold: that is refused as the input over its limit it would become.
    """
    refused: list[str] = []
    ours = '"@context": ' + json.dumps(CONTEXT["@context"], ensure_ascii=False)
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match[1].endswith("/context.jsonld"):
            count += 1
            return ours
        refused.append(match[1])
        return match[0]

    replaced = _CONTEXT_REF.sub(replace, text)
    if len(replaced) > max_bytes:
        return text, Problem(
            file,
            None,
            "@context",
            f"the context it refers to {count:,} times would make it {size(len(replaced))}, "
            f"over the {size(max_bytes)} it may hold",
            f"refer to the context once, at the top; {RAISE_IT}",
            TOO_LARGE,
        )
    if refused:
        line = text[: text.index(refused[0])].count("\n") + 1
        return text, Problem(
            file,
            line,
            "@context",
            f"remote JSON-LD context {refused[0]!r} is not fetched",
            "inline the context in the file, or refer to stratagraph's own …/context.jsonld",
            "syntax",
        )
    return replaced, None


def _subject_lines(text: str) -> dict[str, int]:
    """Entity id -> the first line describing it (where it is a subject), else the first line naming it."""
    lines: dict[str, int] = {}
    breaks = [match.start() for match in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(breaks, offset) + 1

    for pattern in _LINE_PATTERNS:
        for match in pattern.finditer(text):
            lines.setdefault(match[1], line_at(match.start(1)))
    return lines
