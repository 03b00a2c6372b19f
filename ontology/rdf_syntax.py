"""How the export writes RDF terms: as N-Triples or Turtle text, or as pyoxigraph terms for everything else.

The writer (``ontology.writer``) states the mapping once, against a ``Syntax``: it asks
for IRIs, vocabulary terms and literals, and puts a predicate and an object together
into a *pair*. A subject and its pairs make a *block*. What a term and a pair are is
the syntax's business:

- ``TextSyntax`` (``NTRIPLES``, ``TURTLE``): UTF-8 bytes, and a pair is
  ``b"predicate object"``. The writer reuses a pair it has written before (a type, a
  status, a citation's description), so most of an export is joined, not spelled,
  and no library term is built per triple: that is what keeps the two syntaxes
  people download in bulk close to pyoxigraph's own speed. Writing is the simple half
  of a syntax (IRIs checked for characters no IRI holds, four escapes and control
  characters in literals); reading stays with pyoxigraph, and the tests read every
  output back with pyoxigraph and rdflib, for any text.
- ``TERMS``: pyoxigraph ``NamedNode`` / ``Literal`` terms, and a pair is a
  ``(predicate, object)`` tuple, for what reads triples: pyoxigraph's RDF/XML
  serialiser, the JSON-LD writer, the import check.

N-Triples and Turtle share the term grammar (``<iri>``, ``"text"@vi``,
``"text"^^<datatype>``); Turtle also names vocabulary terms by prefix
(``sg:Task``, ``"2025-01-01"^^xsd:date``) and ``rdf:type`` as ``a``, and writes a
subject once with its pairs joined by ``;``. Entity IRIs are always written in full:
their base is the deployment's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol, TypeVar

from pyoxigraph import Literal, NamedNode, Triple

from stratagraph.ontology.vocab import Lexical

__all__ = [
    "NTRIPLES",
    "TERMS",
    "Block",
    "Syntax",
    "Term",
    "Terms",
    "TextSyntax",
    "checked_base",
    "checked_iri",
    "escape",
]

T = TypeVar("T")
"""A term as a syntax writes it."""
P = TypeVar("P")
"""A ``predicate object`` pair as a syntax writes it."""
T_contra = TypeVar("T_contra", contravariant=True)
P_co = TypeVar("P_co", covariant=True)

Block = tuple[T, Sequence[P]]
"""A subject and its pairs (at least one): one subject's share of the triples."""

Term = NamedNode | Literal
"""What ``TERMS`` writes: the writer puts IRIs only in subject and predicate places."""

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Predicate(Protocol[T_contra, P_co]):
    """A property as a syntax writes it, ready for its object: ``predicate + obj`` is their pair."""

    def __add__(self, obj: T_contra, /) -> P_co: ...


class Syntax(Protocol[T, P_co]):
    """What the writer needs of a syntax: terms, and predicates that make pairs with them."""

    def iri(self, value: str) -> T:
        """An IRI the writer built from checked parts (``checked_iri``)."""
        ...

    def vocabulary(self, iri: str) -> T:
        """A class or concept of the ontology or a standard vocabulary, as an object."""
        ...

    def predicate(self, iri: str) -> Predicate[T, P_co]:
        """A property of the ontology or a standard vocabulary, as a predicate."""
        ...

    def literal(self, lexical: Lexical) -> T: ...


# ---------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------

_NOT_IN_IRI = re.compile("[" + re.escape("".join(map(chr, range(0x21))) + '<>"{}|^`\\') + "]")
"""Characters an IRI cannot hold as they are (the complement of N-Triples' IRIREF)."""


def checked_iri(value: str) -> str:
    """``value``, an IRI built from store values; ``ValueError`` naming the character that cannot be in one."""
    found = _NOT_IN_IRI.search(value)
    if found is not None:
        bad = found.group()
        raise ValueError(f"{value!r} is not a valid IRI: {bad!r} cannot be in one; fix the id or date in the data")
    return value


def checked_base(base: str) -> str:
    """``base`` if entity IRIs minted under it are valid IRIs (pyoxigraph checks); ``ValueError`` if not.

    Checked once per export, so the writer can put ``{base}id/…`` together and check
    only the store values it adds (``checked_iri``).
    """
    try:
        NamedNode(base + "id/x")
    except ValueError as error:
        message = (
            f"base IRI {base!r} does not make valid IRIs ({error}); give an absolute IRI such as https://example.org/"
        )
        raise ValueError(message) from None
    return base


# ---------------------------------------------------------------------------
# N-Triples and Turtle
# ---------------------------------------------------------------------------

_ESCAPES = str.maketrans(
    {
        **{chr(code): f"\\u{code:04X}" for code in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029)},
        "\\": "\\\\",
        '"': '\\"',
        "\t": "\\t",
        "\n": "\\n",
        "\r": "\\r",
    }
)
"""Quote and backslash (the syntax needs it), control characters as pyoxigraph writes them, and what a
line-splitting reader takes for a line break (U+0085, U+2028, U+2029), as ``\\uXXXX``."""
_TO_ESCAPE = re.compile("[" + re.escape("".join(chr(code) for code in _ESCAPES)) + "]")
"""Any character ``_ESCAPES`` rewrites: most text has none, and finding that is much faster than translating."""
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
"""Local names Turtle takes after a prefix as they are (a safe subset of PN_LOCAL)."""


def escape(text: str) -> str:
    """The body of a quoted literal (``_ESCAPES``)."""
    return text.translate(_ESCAPES) if _TO_ESCAPE.search(text) else text


class TextSyntax:
    """N-Triples, or Turtle with ``prefixes`` (name -> namespace): terms and pairs as UTF-8 bytes.

    Bytes, not str: text mixing Vietnamese and ASCII is stored two bytes a character
    and would have to be encoded at the end, which costs as much as writing it; a
    term is encoded once, when it is first written.
    """

    def __init__(self, prefixes: Mapping[str, str] | None = None) -> None:
        self.prefixes = dict(prefixes or {})

    def iri(self, value: str) -> bytes:
        return f"<{value}>".encode()

    def vocabulary(self, iri: str) -> bytes:
        for name, namespace in self.prefixes.items():
            if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
                return f"{name}:{iri[len(namespace) :]}".encode()
        return self.iri(iri)

    def predicate(self, iri: str) -> bytes:
        """The property and the space after it, so that ``predicate + obj`` is the pair's text."""
        return (b"a" if self.prefixes and iri == _RDF_TYPE else self.vocabulary(iri)) + b" "

    def literal(self, lexical: Lexical) -> bytes:
        """``"text"@lang``, ``"text"`` (an ``xsd:string``) or ``"text"^^datatype``."""
        quoted = f'"{escape(lexical.text)}"'.encode()
        if lexical.language is not None:
            return quoted + b"@" + lexical.language.encode()
        if lexical.datatype == _XSD_STRING:
            return quoted
        return quoted + b"^^" + self.vocabulary(lexical.datatype)

    def header(self) -> bytes:
        """The prefix declarations a document starts with (none for N-Triples)."""
        declared = "".join(f"@prefix {name}: <{namespace}> .\n" for name, namespace in self.prefixes.items())
        return (declared + "\n").encode() if declared else b""

    def text(self, batches: Iterable[Sequence[Block[bytes, bytes]]]) -> Iterator[bytes]:
        """The document: the header, then the statements of each batch of blocks, a piece each.

        Each piece ends at a statement's end, so it parses alone.
        """
        header = self.header()
        if header:
            yield header
        for blocks in batches:
            yield self.statements(blocks)

    def statements(self, blocks: Sequence[Block[bytes, bytes]]) -> bytes:
        """N-Triples repeats the subject on every line; Turtle writes it once and joins its pairs with ``;``."""
        parts: list[bytes] = []
        if self.prefixes:
            for subject, pairs in blocks:
                parts += (subject, b" ", b" ;\n    ".join(pairs), b" .\n")
        else:
            for subject, pairs in blocks:
                lead = subject + b" "
                parts += (lead, (b" .\n" + lead).join(pairs), b" .\n")
        return b"".join(parts)


NTRIPLES = TextSyntax()
"""Every IRI in full, as N-Triples (and any parser) reads it."""


# ---------------------------------------------------------------------------
# pyoxigraph terms
# ---------------------------------------------------------------------------


class TermPredicate:
    """A pyoxigraph property: ``predicate + obj`` is the ``(predicate, object)`` pair."""

    __slots__ = ("node",)

    def __init__(self, node: NamedNode) -> None:
        self.node = node

    def __add__(self, obj: Term) -> TermPair:
        return self.node, obj


TermPair = tuple[NamedNode, Term]


class Terms:
    """pyoxigraph terms, for the readers and serialisers that take triples."""

    def iri(self, value: str) -> Term:
        return NamedNode(value)

    def vocabulary(self, iri: str) -> Term:
        return NamedNode(iri)

    def predicate(self, iri: str) -> TermPredicate:
        return TermPredicate(NamedNode(iri))

    def literal(self, lexical: Lexical) -> Term:
        if lexical.language is not None:
            return Literal(lexical.text, language=lexical.language)
        return Literal(lexical.text, datatype=NamedNode(lexical.datatype))

    @staticmethod
    def triples(batches: Iterable[Sequence[Block[Term, TermPair]]]) -> Iterator[Triple]:
        for blocks in batches:
            for subject, pairs in blocks:
                for predicate, obj in pairs:
                    yield Triple(subject, predicate, obj)  # type: ignore[arg-type]  # the writer's subjects are IRIs


TERMS = Terms()
