"""The RDF serialisations the service speaks: their names and media types, and writing each in pieces.

What is written is either mapped records (``ontology.mapping.Mapped``) or any
stream of pyoxigraph triples (VoID, SPARQL CONSTRUCT results). Mapped records go
out as N-Triples and Turtle as the writer writes them (``ontology.rdf_syntax``), and as
triples to everything else; triples are written by pyoxigraph's serialiser (RDF/XML,
and N-Triples and Turtle of plain triples), which pulls them from the generator and
writes as it goes, and by ``ontology.jsonld`` for JSON-LD, because it must use our
context. ``chunks`` gives an iterator of byte strings, so an HTTP response or a file
can be written while the export is still being mapped: the whole graph is never
held as text.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any, BinaryIO, cast

from pyoxigraph import RdfFormat, Triple, serialize

from stratagraph.model.errors import QueryError
from stratagraph.model.text import CONTROL_CHARACTERS
from stratagraph.ontology import jsonld
from stratagraph.ontology.jsonld import PREFIXES
from stratagraph.ontology.mapping import Mapped
from stratagraph.ontology.rdf_syntax import NTRIPLES, TextSyntax

__all__ = ["FORMATS", "Format", "FormatInfo", "Source", "chunks", "format_named", "format_of_file", "to_bytes", "write"]

Source = Mapped | Iterable[Triple]
"""What can be written: mapped records, or pyoxigraph triples."""


class Format(StrEnum):
    """An RDF serialisation, by the name ``--format`` and ``?format=`` take."""

    TURTLE = "ttl"
    JSONLD = "jsonld"
    NTRIPLES = "nt"
    RDFXML = "xml"


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """Everything the service says about one format, in one place."""

    media_types: tuple[str, ...]
    """Its own media type first (``Content-Type``); the others ``Accept`` may name it by, in order of preference."""
    extension: str
    names: tuple[str, ...]
    """What ``--format`` and ``?format=`` take besides the format's value, extension and media types
    (``n3`` for Turtle, which is N3, as SPARQL clients ask)."""
    w3c: str
    """Its IRI in the W3C's format registry (``http://www.w3.org/ns/formats/``), for VoID."""
    oxigraph: RdfFormat | None
    """pyoxigraph's serialiser for it; None for JSON-LD, written by ``ontology.jsonld``."""
    syntax: TextSyntax | None = None
    """The writer's text syntax, when mapped records are written as text directly (N-Triples, Turtle)."""

    @property
    def media_type(self) -> str:
        return self.media_types[0]


FORMATS: Mapping[Format, FormatInfo] = {
    Format.TURTLE: FormatInfo(
        ("text/turtle", "application/x-turtle", "application/turtle"),
        "ttl",
        ("turtle", "n3"),
        "http://www.w3.org/ns/formats/Turtle",
        RdfFormat.TURTLE,
        TextSyntax(PREFIXES),
    ),
    Format.JSONLD: FormatInfo(
        ("application/ld+json", "application/json", "application/x-json+ld"),
        "jsonld",
        ("json-ld", "json"),
        "http://www.w3.org/ns/formats/JSON-LD",
        None,
    ),
    Format.NTRIPLES: FormatInfo(
        ("application/n-triples", "text/plain"),
        "nt",
        ("ntriples", "n-triples"),
        "http://www.w3.org/ns/formats/N-Triples",
        RdfFormat.N_TRIPLES,
        NTRIPLES,
    ),
    Format.RDFXML: FormatInfo(
        ("application/rdf+xml", "application/xml", "text/xml"),
        "rdf",
        ("rdf", "rdfxml", "rdf/xml", "rdf+xml"),
        "http://www.w3.org/ns/formats/RDF_XML",
        RdfFormat.RDF_XML,
    ),
}
"""The formats in order of preference (content negotiation gives the first when anything goes)."""


def format_named(name: str) -> Format | None:
    """The format a ``--format`` or ``?format=`` value names: its value, extension, other names or a media type."""
    wanted = name.strip().lower()
    for fmt, info in FORMATS.items():
        if wanted in (fmt.value, info.extension, *info.names, *info.media_types):
            return fmt
    return None


def format_of_file(name: str) -> Format | None:
    """The format a file name's extension names (``graph.nt``: N-Triples, ``graph.rdf``: RDF/XML), or None."""
    _, dot, extension = name.rpartition(".")
    return format_named(extension) if dot and extension else None


def chunks(source: Source, fmt: Format, *, context: str | Mapping[str, Any] = jsonld.CONTEXT) -> Iterator[bytes]:
    """``source`` serialised as ``fmt``, in pieces of roughly 64 KiB.

    JSON-LD refers to ``context`` (a URL) or inlines it (a mapping). Mapped records
    in N-Triples or Turtle are written as the mapping spells them, in this thread.
    Otherwise pyoxigraph writes from a worker thread into a small bounded queue, so
    memory stays flat and a consumer that stops early (a client that hangs up)
    stops the serialiser too.
    """
    info = FORMATS[fmt]
    if isinstance(source, Mapped) and info.syntax is not None:
        return source.text(info.syntax)
    if info.oxigraph is None:
        return jsonld.chunks(_triples(source), context)
    pieces = _threaded(_triples(source), info.oxigraph)
    return map(_xml_text, pieces) if fmt is Format.RDFXML else pieces


_XML_CANNOT = re.compile(CONTROL_CHARACTERS.encode())


def _xml_text(piece: bytes) -> bytes:
    """RDF/XML as XML parsers read it back: a carriage return as ``&#13;`` (pyoxigraph writes it raw,
    and XML reads a raw one as a line feed); a control character XML cannot hold is an error."""
    found = _XML_CANNOT.search(piece)
    if found is not None:
        code = f"U+{found.group()[0]:04X}"
        raise QueryError(
            f"a literal holds the control character {code}, which RDF/XML cannot carry; "
            "export Turtle, N-Triples or JSON-LD, or remove it from the data"
        )
    return piece.replace(b"\r", b"&#13;")


def to_bytes(source: Source, fmt: Format, *, context: str | Mapping[str, Any] = jsonld.CONTEXT) -> bytes:
    """``source`` serialised as ``fmt`` in one piece, in the calling thread (for small documents).

    Turtle comes from pyoxigraph's serialiser here, which lists a subject's objects of one
    predicate together (``a sg:Agency , org:Organization``): slower than the writer's own
    text, which streams whole exports, but what a person dereferencing one IRI reads.
    """
    info = FORMATS[fmt]
    if info.oxigraph is None or fmt is Format.RDFXML or (isinstance(source, Mapped) and fmt is Format.NTRIPLES):
        return b"".join(chunks(source, fmt, context=context))
    return serialize(_triples(source), None, info.oxigraph, prefixes=dict(PREFIXES)) or b""


def write(source: Source, fmt: Format, out: BinaryIO, *, context: str | Mapping[str, Any] = jsonld.CONTEXT) -> None:
    """Write ``source`` to a binary file as ``fmt``, streaming."""
    info = FORMATS[fmt]
    if info.oxigraph is None or fmt is Format.RDFXML or (isinstance(source, Mapped) and info.syntax is not None):
        for piece in chunks(source, fmt, context=context):
            out.write(piece)
        return
    serialize(_triples(source), out, info.oxigraph, prefixes=dict(PREFIXES))


def _triples(source: Source) -> Iterable[Triple]:
    return source.triples() if isinstance(source, Mapped) else source


class _Stopped(Exception):
    """The consumer went away; raised inside pyoxigraph's write call to end the serialisation."""


class _QueueSink:
    """A binary file for pyoxigraph that hands ~64 KiB pieces to a bounded queue."""

    def __init__(self, pieces: queue.Queue[bytes | BaseException | None], stop: threading.Event) -> None:
        self.pieces = pieces
        self.stop = stop
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= 1 << 16:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self._put(bytes(self.buffer))
            self.buffer.clear()

    def _put(self, item: bytes | BaseException | None) -> None:
        while True:
            if self.stop.is_set():
                raise _Stopped
            try:
                self.pieces.put(item, timeout=0.1)
                return
            except queue.Full:
                continue


def _threaded(triples: Iterable[Triple], fmt: RdfFormat) -> Iterator[bytes]:
    pieces: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=8)
    stop = threading.Event()
    sink = _QueueSink(pieces, stop)

    def produce() -> None:
        try:
            serialize(triples, cast(IO[bytes], sink), fmt, prefixes=dict(PREFIXES))
            sink.flush()
            sink._put(None)
        except _Stopped:
            return
        except BaseException as error:  # handed to the consumer, which re-raises it
            try:
                sink._put(error)
            except _Stopped:
                return

    thread = threading.Thread(target=produce, name="rdf-serialiser", daemon=True)
    thread.start()
    try:
        while True:
            item = pieces.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
