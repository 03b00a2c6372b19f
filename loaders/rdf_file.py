"""Reading an RDF file (Turtle, N-Triples, JSON-LD, RDF/XML) as one more kind of input.

The file is parsed with pyoxigraph (fast, and its syntax errors carry a line),
mapped back to nodes and edges by ``ontology.inverse`` and turned into the
loaders' records by ``loaders.rdf_records``, so RDF meets exactly the checks YAML
and CSV meet, in the same all-or-nothing load. Every problem names the file and,
where the text allows, the line of the subject it is about.

JSON-LD that refers to our context by URL (``…/context.jsonld``, as ``/rdf``
writes it) is read with the context built into this version: loading never
fetches anything over the network. Other remote contexts are refused.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from loaders.compile import Records
from loaders.rdf_records import add_records
from loaders.text_file import read_text
from ontology.inverse import decode
from ontology.iris import parse_entity_iri
from ontology.jsonld import CONTEXT, compact
from stratagraph.errors import Problem, RDFInputError

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
_AT_SUBJECT = r"(?m)(?:^\s*<|\"@id\"\s*:\s*\"|rdf:about=\")"
_LINE_PATTERNS = (
    re.compile(_AT_SUBJECT + _ID + r"[\">]"),  # the entity as a subject: its own block
    re.compile(_AT_SUBJECT + _ID + r"#"),  # one of its fragments (deadline, citation, relationship)
    re.compile(r"[/<\"]id/([a-z]+/[a-z0-9][a-z0-9-]*)(?=[\">#\s])"),  # anywhere it is named
)


def read_rdf_records(path: Path, shown_as: str, into: Records) -> list[Problem]:
    """Add the records of one RDF file to ``into``; return the problems found."""
    text, problem = read_text(path, shown_as)
    if problem is not None or text is None:
        return [problem] if problem else []
    syntax = RDF_SUFFIXES[path.suffix.lower()]
    if syntax == RdfFormat.JSON_LD:
        text, problem = _with_local_context(text, shown_as)
        if problem is not None:
            return [problem]
    lines = _subject_lines(text)

    def line_of(node_id: str) -> int | None:
        return lines.get(node_id)

    try:
        statements = [quad.triple for quad in parse(text.encode(), syntax, without_named_graphs=True)]
    except SyntaxError as error:
        return [
            Problem(
                shown_as,
                error.lineno,
                "",
                f"not valid {syntax.name}: {error.msg}",
                "fix the syntax at this line (a missing '.', '>' or quote is the usual cause); "
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


def _with_local_context(text: str, file: str) -> tuple[str, Problem | None]:
    """Our context, referred to by URL, replaced by its text on the same line (so line numbers hold)."""
    refused: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match[1].endswith("/context.jsonld"):
            return '"@context": ' + json.dumps(CONTEXT["@context"], ensure_ascii=False)
        refused.append(match[1])
        return match[0]

    replaced = _CONTEXT_REF.sub(replace, text)
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
