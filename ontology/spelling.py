"""RDF terms written as text: how N-Triples and Turtle spell an IRI and a literal.

The export writes its triples as text rather than as library term objects: building
a pyoxigraph term costs more per triple than pyoxigraph's whole serialisation of it
(``bench/README.md``), while the text of a vocabulary term, a literal or a whole
"predicate object" pair is computed once and reused for every subject that has it.
Writing is the easy half of a syntax; reading stays with pyoxigraph, and the tests
parse every output with pyoxigraph and rdflib.

Both syntaxes share the term grammar of N-Triples (``<iri>``, ``"text"@vi``,
``"text"^^<datatype>``, the four escapes); Turtle additionally names vocabulary
terms by prefix (``sg:Task``, ``"2025-01-01"^^xsd:date``) and ``rdf:type`` as
``a``. Entity IRIs are always written in full: their base is the deployment's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from pyoxigraph import NamedNode

from stratagraph.ontology.vocab import Lexical

__all__ = ["NTRIPLES", "Spelling", "checked_base", "escape", "fits_iri", "fits_iri_bytes", "iri"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
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
_TURTLE_BETWEEN = b" ;\n    "
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
"""Local names Turtle takes after a prefix as they are (a safe subset of PN_LOCAL)."""


_TO_ESCAPE = re.compile("[" + re.escape("".join(chr(code) for code in _ESCAPES)) + "]")
"""Any character ``_ESCAPES`` rewrites: most text has none, and finding that is ten times faster than translating."""


def escape(text: str) -> str:
    """The body of a quoted literal (``_ESCAPES``)."""
    return text.translate(_ESCAPES) if _TO_ESCAPE.search(text) else text


def checked_base(base: str) -> str:
    """``base`` if entity IRIs minted under it are valid IRIs (pyoxigraph checks); ``ValueError`` if not.

    Checked once per export, so the writer can put ``<{base}id/…>`` together without
    checking the base again: store values are checked where they go into an IRI (``iri``).
    """
    try:
        NamedNode(base + "id/x")
    except ValueError as error:
        message = (
            f"base IRI {base!r} does not make valid IRIs ({error}); give an absolute IRI such as https://example.org/"
        )
        raise ValueError(message) from None
    return base


_NOT_IN_IRI_CHARACTERS = "".join(map(chr, range(0x21))) + '<>"{}|^`\\'
"""Characters an IRI cannot hold as they are (the complement of N-Triples' IRIREF)."""
_NOT_IN_IRI = re.compile("[" + re.escape(_NOT_IN_IRI_CHARACTERS) + "]")


def fits_iri(value: str) -> bool:
    """Whether ``value`` can stand in an IRI as it is (``iri`` says which character cannot)."""
    return _NOT_IN_IRI.search(value) is None


_IRI_BYTES = bytes(code for code in range(256) if chr(code) not in _NOT_IN_IRI_CHARACTERS)
"""The bytes of UTF-8 text an IRI may hold as they are (every byte of a non-ASCII character among them)."""


def fits_iri_bytes(text: bytes) -> bool:
    """``fits_iri`` for UTF-8 text, fast on a large one: delete every allowed byte and see that none is left."""
    return not text.translate(None, _IRI_BYTES)


def iri(value: str) -> bytes:
    """``<value>`` for an IRI built from store values; ``ValueError`` if they put in a character no IRI holds."""
    found = _NOT_IN_IRI.search(value)
    if found is not None:
        bad = found.group()
        raise ValueError(f"{value!r} is not a valid IRI: {bad!r} cannot be in one; fix the id or date in the data")
    return f"<{value}>".encode()


class Spelling:
    """How one syntax writes terms, as UTF-8 bytes; remembers the spelling of every vocabulary term it has written.

    ``prefixes`` (name -> namespace) are the Turtle prefixes; without them terms are
    written in full, as N-Triples requires. Terms are bytes, not str: text mixing
    Vietnamese and ASCII is stored two bytes a character and must be encoded at
    the end, which cost as much as writing it; bytes are encoded once per term.
    """

    def __init__(self, prefixes: Mapping[str, str] | None = None) -> None:
        self.prefixes = dict(prefixes or {})
        self._terms: dict[str, bytes] = {}

    def term(self, iri: str) -> bytes:
        """A vocabulary IRI (class, property, datatype, concept) as an object: ``sg:Task`` or ``<…#Task>``."""
        found = self._terms.get(iri)
        if found is None:
            found = self._terms[iri] = self._compact(iri).encode()
        return found

    def predicate(self, iri: str) -> bytes:
        """A vocabulary IRI as a predicate: as ``term``, but Turtle writes ``rdf:type`` as ``a``."""
        return b"a" if self.prefixes and iri == _RDF_TYPE else self.term(iri)

    def literal(self, lexical: Lexical) -> bytes:
        """``"text"@lang``, ``"text"`` (an ``xsd:string``) or ``"text"^^datatype``."""
        quoted = self.quoted(lexical.text)
        if lexical.language is not None:
            return quoted + b"@" + lexical.language.encode()
        if lexical.datatype == _XSD_STRING:
            return quoted
        return quoted + b"^^" + self.term(lexical.datatype)

    @staticmethod
    def quoted(text: str) -> bytes:
        """``"text"``, escaped: a literal's lexical form as both syntaxes write it."""
        return f'"{escape(text)}"'.encode()

    def _compact(self, iri: str) -> str:
        for name, namespace in self.prefixes.items():
            if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
                return f"{name}:{iri[len(namespace) :]}"
        return f"<{iri}>"

    def header(self) -> bytes:
        """The prefix declarations a document in this spelling starts with (none for N-Triples)."""
        declared = "".join(f"@prefix {name}: <{namespace}> .\n" for name, namespace in self.prefixes.items())
        return (declared + "\n").encode() if declared else b""

    def text(self, blocks: Iterable[tuple[bytes, Sequence[bytes]]], *, size: int = 1 << 16) -> Iterator[bytes]:
        """The document: the header, then ``blocks`` (subject, spelled pairs) in pieces of about ``size`` bytes.

        Each piece ends at a statement's end, so it parses alone.
        """
        text = bytearray(self.header())
        for subject, pairs in blocks:
            self._write(text, subject, pairs)
            if len(text) >= size:
                yield bytes(text)
                text.clear()
        if text:
            yield bytes(text)

    def body(self, blocks: Iterable[tuple[bytes, Sequence[bytes]]]) -> bytes:
        """``blocks`` as text, without the header: a part of a document."""
        text = bytearray()
        for subject, pairs in blocks:
            self._write(text, subject, pairs)
        return bytes(text)

    def _write(self, text: bytearray, subject: bytes, pairs: Sequence[bytes]) -> None:
        """N-Triples repeats the subject on every line; Turtle writes it once and joins the pairs with ``;``."""
        if not pairs:
            return
        if self.prefixes:
            text += subject
            text += b" "
            text += _TURTLE_BETWEEN.join(pairs)
        else:
            lead = subject + b" "
            text += lead
            text += (b" .\n" + lead).join(pairs)
        text += b" .\n"


NTRIPLES = Spelling()
"""Every IRI in full, as N-Triples (and any parser) reads it."""
