"""Record text from templates: the mapping's rules run once per record *shape*, then filled in per record.

An export says much the same about most of its records: every ``LEADS`` edge citing
one verbatim place gives the same fifteen lines around its two ends, its document and
its locator; every task of one shape the same lines around its names and dates. So the
writer (``ontology.writer``, the one statement of the rules) runs once per shape, on a
*probe*: the record with each value it only spells (ids, literal values, cited
documents, locators) replaced by a marker. The probe's text with every marker turned
into a ``%s`` slot is the shape's template, and a record's text is one
``template % its_values``: the very bytes the writer gives that record (the tests
compare them, record by record) for a fraction of the Python work per record.

The shape is what the writer decides by: the label or relationship type, the
property names in order and each value's type (unset ones included), the values
of the properties it branches on (a defined class's, the deadline's kind), an
edge's dates, whether a plan has a concept scheme or an indicator a broader one,
each citation's kind, which of its fields are set and which of its documents
repeat. A marker is ``\\x00n\\x00``: no real output holds a NUL (literals escape it,
IRIs refuse it), so nothing is mistaken for one.

What the writer refuses (a value of the wrong type, an id no IRI holds) is refused
with the writer's own message; a record no probe can stand for (a value the writer
decides by that holds a NUL, a deadline day that is not a string) is written by the
writer itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter, itemgetter
from typing import Any, cast

from stratagraph.model.records import Citation, Edge, Label, Node, PropValue, Rel
from stratagraph.ontology.alignment import DEFINED_CLASSES
from stratagraph.ontology.spelling import Spelling, fits_iri, fits_iri_bytes, iri
from stratagraph.ontology.writer import Block, Context, Writer

__all__ = ["Stamper"]

_MARKER = re.compile(rb"\x00(\d+)\x00")
_KEPT = 1 << 18
"""Templates and spelled values remembered per export, at most (then forgotten and made again)."""
_DECIDING_NAMES = tuple(sorted({d.name for d in DEFINED_CLASSES} | {"deadlineKind"}))
"""Node properties whose values the writer branches on: they are part of the shape, not slots."""
_DECIDING = frozenset(_DECIDING_NAMES)
_DATES = frozenset({"deadlineStart", "deadlineEnd"})
"""Spelled, but the writer asks whether they are strings: a probe keeps any other type as it is."""
_INDICATOR = Label.INDICATOR.prefix + "/"
_IN_PLAN = Rel.IN_PLAN
_PLAN = Label.PLAN


_NODE_ID: Callable[[Node], str] = attrgetter("id")
_SOURCE: Callable[[Edge], str] = attrgetter("source")
_TARGET: Callable[[Edge], str] = attrgetter("target")
_Cited = tuple[tuple[Citation, ...], int, tuple[bytes, ...]]
"""A record's citations, the number of their shape, and the values their template takes."""


class _Slot(str):
    """A probe's stand-in for one value: a string, as the values the writer branches on by type are."""

    __slots__ = ()


def _marker(n: int) -> str:
    return f"\x00{n}\x00"


@dataclass(frozen=True, slots=True)
class _Template:
    """A shape's text with ``%s`` where its record's values go, the order they go in, and its triple count."""

    text: bytes
    pick: Callable[[Sequence[bytes]], tuple[bytes, ...]]
    statements: int


@dataclass(frozen=True, slots=True)
class _Layout:
    """A node shape apart from its citations: which of its values fill slots, their caches, its templates.

    ``templates`` are by the shape of the node's citations.
    """

    pick: Callable[[Sequence[Any]], tuple[Any, ...]]
    caches: tuple[dict[object, bytes], ...]
    names: tuple[str, ...]
    templates: dict[object, _Template]


def _picker(order: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    if not order:
        return lambda values: ()
    if len(order) == 1:
        only = order[0]
        return lambda values: (values[only],)
    return itemgetter(*order)


class _Probe(Writer):
    """The writer, spelling a slot as its marker wherever it would spell that value."""

    def pairs(self, name: str, value: str | int | float | bool, supers: bool = True) -> tuple[bytes, ...]:
        if type(value) is _Slot:
            marker = value.encode()
            return tuple(predicate + marker for predicate in self.predicates(name, supers))
        return super().pairs(name, value, supers)

    def checked(self, value: str) -> bytes:
        """Markers stand for checked ids: the rest of the IRI is checked as usual."""
        iri(_MARKER.sub(b"x", value.encode()).decode())
        return f"<{value}>".encode()


class Stamper:
    """One export's records as text in ``spelling``: each record through its shape's template.

    ``statements`` counts the triples written so far, ``shapes`` the templates made (one writer run each).
    """

    def __init__(self, spelling: Spelling, context: Context) -> None:
        self.spelling = spelling
        self.context = context
        self.writer = Writer(spelling, context)
        self.statements = 0
        self.shapes = 0
        self.ids_fit = False
        """Every id of the records being written is known to fit in an IRI: ids are not checked one by one."""
        self._probe = _Probe(spelling, context)
        self._layouts: dict[tuple[object, ...], _Layout] = {}
        self._listings: dict[tuple[object, ...], dict[object, _Template]] = {}
        self._special: dict[tuple[object, ...], dict[object, _Template]] = {}
        self._plain: dict[Rel, dict[object, _Template]] = {rel: {} for rel in Rel}
        self._ids: dict[str, bytes] = {}
        self._literals: dict[tuple[str, type], dict[object, bytes]] = {}
        self._cited: dict[int, _Cited] = {}
        self._citation_shapes: dict[tuple[object, ...], int] = {}
        self._cited_fields = tuple(self._cache(name, str) for name in ("locator", "page", "quote", "note"))

    def text(
        self, nodes: Sequence[Node], edges: Sequence[Edge], *, closed: bool = False, batch: int = 32
    ) -> Iterator[bytes]:
        """The document: the header, then the records' text, ``batch`` records a piece (nodes, then edges).

        Every id is checked at once, as one text (an id with a character no IRI holds is then
        found, and named, record by record); ``closed``: every edge's ends are among ``nodes``,
        so their ids are checked with the nodes'.
        """
        ids = list(map(_NODE_ID, nodes))
        if not closed:
            ids += map(_SOURCE, edges)
            ids += map(_TARGET, edges)
        self.ids_fit = fits_iri_bytes("".join(ids).encode())
        header = self.spelling.header()
        if header:
            yield header
        for start in range(0, len(nodes), batch):
            yield b"".join(map(self.node, nodes[start : start + batch]))
        for start in range(0, len(edges), batch):
            yield b"".join(map(self.edge, edges[start : start + batch]))

    # -- values ------------------------------------------------------------

    def _id(self, node_id: str) -> bytes:
        """An id as it goes into IRIs, checked as the writer checks it (``ValueError`` for one no IRI holds)."""
        found = self._ids.get(node_id)
        if found is None:
            if not fits_iri(node_id):
                iri(f"{self.context.base}id/{node_id}")  # raises, naming the character
            if len(self._ids) >= _KEPT:
                self._ids.clear()
            found = self._ids[node_id] = node_id.encode()
        return found

    def _cache(self, name: str, kind: type) -> dict[object, bytes]:
        """Spelled values of one property and one Python type (``1 == 1.0 == True``, but their literals differ)."""
        found = self._literals.get((name, kind))
        if found is None:
            found = self._literals[name, kind] = {}
        return found

    def _spell(self, name: str, cache: dict[object, bytes], value: object) -> bytes:
        """``value`` spelled as the writer spells it (``TypeError`` for a wrong type), remembered in ``cache``."""
        found = cache.get(value)
        if found is None:
            if len(cache) >= _KEPT:
                cache.clear()
            found = cache[value] = self.writer.literal(name, value)  # type: ignore[arg-type]  # it checks the type
        return found

    def _layout(self, shape: tuple[object, ...], props: Mapping[str, PropValue]) -> _Layout:
        """Which of a node shape's values fill slots (those the writer only spells), and their caches."""
        slots = [
            (index, name, type(value))
            for index, (name, value) in enumerate(props.items())
            if value is not None and name not in _DECIDING
        ]
        layout = _Layout(
            _picker([index for index, _, _ in slots]),
            tuple(self._cache(name, kind) for _, name, kind in slots),
            tuple(name for _, name, _ in slots),
            {},
        )
        if len(self._layouts) >= _KEPT:
            self._layouts.clear()
        self._layouts[shape] = layout
        return layout

    def _citations(self, sources: tuple[Citation, ...]) -> _Cited:
        """The shape of a record's citations (a number) and their values, in the order ``_probe_citations`` marks them.

        Remembered by identity: records read from a store share one tuple per cited place.
        """
        shape: list[object] = []
        values: list[bytes] = []
        documents: list[str] = []
        spell, cited = self._spell, self._cited_fields
        for source in sources:
            document = source.document
            if document in documents:
                seen = documents.index(document)
            else:
                seen = -1
                documents.append(document)
                values.append(self._ids.get(document) or self._id(document))
            page, quote, note = source.page, source.quote, source.note
            shape.extend((source.kind, seen, page is None, quote is None, note is None))
            # text fields: a value of another type is refused by the writer before any cache holds it
            values.append(spell("locator", cited[0], source.locator))
            if page is not None:
                values.append(spell("page", cited[1], page))
            if quote is not None:
                values.append(spell("quote", cited[2], quote))
            if note is not None:
                values.append(spell("note", cited[3], note))
        number = self._citation_shapes.setdefault(tuple(shape), len(self._citation_shapes))
        if len(self._cited) >= _KEPT:
            self._cited.clear()
        found = self._cited[id(sources)] = (sources, number, tuple(values))
        return found

    # -- records -----------------------------------------------------------

    def node(self, node: Node) -> bytes:
        props = node.props
        node_id = node.id
        label = node.label
        values = tuple(props.values())
        classes = tuple(map(type, values))
        shape = (
            label,
            tuple(props),
            classes,
            tuple(map(props.get, _DECIDING_NAMES)),
            label is _PLAN and node_id in self.context.schemes,
        )
        layout = self._layouts.get(shape)
        if layout is None:
            if tuple in classes:  # list properties: each item is a value of its own
                return self._listing_node(node, shape)
            layout = self._layout(shape, props)
        picked = layout.pick(values)
        known = list(map(dict.get, layout.caches, picked))
        spelled = (
            cast("list[bytes]", known)
            if None not in known
            else [
                found if found is not None else self._spell(name, cache, value)
                for found, name, cache, value in zip(known, layout.names, layout.caches, picked, strict=True)
            ]
        )
        sources = node.sources
        cited = self._cited.get(id(sources))
        if cited is None or cited[0] is not sources:
            cited = self._citations(sources)
        template = layout.templates.get(cited[1]) or self._template(layout.templates, cited[1], node)
        if template is None:
            return self._written(node)
        self.statements += template.statements
        node_bytes = node_id.encode() if self.ids_fit else self._id(node_id)
        return template.text % template.pick((node_bytes, *spelled) + cited[2])

    def _listing_node(self, node: Node, shape: tuple[object, ...]) -> bytes:
        """A node with list properties: each item fills a slot, so the items' count is part of the shape."""
        values: list[bytes] = [self._id(node.id)]
        for name, value in node.props.items():
            if value is None or name in _DECIDING:
                continue
            for item in value if isinstance(value, tuple) else (value,):
                values.append(self._spell(name, self._cache(name, type(item)), item))
        cited = self._citations(node.sources)
        lengths = tuple(len(value) for value in node.props.values() if isinstance(value, tuple))
        templates = self._listings.setdefault((*shape, lengths), {})
        template = templates.get(cited[1]) or self._template(templates, cited[1], node)
        if template is None:
            return self._written(node)
        self.statements += template.statements
        return template.text % template.pick((*values, *cited[2]))

    def edge(self, edge: Edge) -> bytes:
        source = edge.source
        if self.ids_fit:
            source_id, target_id = source.encode(), edge.target.encode()
        else:
            source_id, target_id = self._id(source), self._id(edge.target)
        sources = edge.sources
        cited = self._cited.get(id(sources))
        if cited is None or cited[0] is not sources:
            cited = self._citations(sources)
        rel = edge.type
        key: object
        if (rel is _IN_PLAN and source.startswith(_INDICATOR)) or edge.props:
            templates, key = self._edge_templates(edge, cited[1]), rel
            if rel is _IN_PLAN and source.startswith(_INDICATOR):
                source_id = source_id[len(_INDICATOR) :]  # the probe's id holds the prefix the writer looks for
        else:  # a plain edge's template depends on its type and the shape of its citations only
            templates, key = self._plain[rel], cited[1]
        template = templates.get(key) or self._template(templates, key, edge)
        if template is None:
            return self._written(edge)
        self.statements += template.statements
        return template.text % template.pick((source_id, target_id) + cited[2])

    def _edge_templates(self, edge: Edge, cited: int) -> dict[object, _Template]:
        """The templates of edges with dates, or of an indicator in a plan (also in its scheme), by type."""
        scheme = edge.type is _IN_PLAN and edge.source.startswith(_INDICATOR)
        narrower = scheme and edge.source in self.context.narrower
        return self._special.setdefault((tuple(edge.props.items()), cited, scheme, narrower), {})

    # -- templates ---------------------------------------------------------

    def _template(self, templates: dict[object, _Template], key: object, record: Node | Edge) -> _Template | None:
        """The template of ``record``'s shape, made from a probe and kept in ``templates`` under ``key``.

        None when the writer must write the record itself.
        """
        probe = _probe_node(record) if isinstance(record, Node) else _probe_edge(record)
        if probe is None:
            return None
        blocks = self._probe.out
        self._probe.context = _probe_context(self.context, record, probe)
        try:
            self._probe.record(probe)
            text = self.spelling.body(blocks)
            statements = sum(len(pairs) for _, pairs in blocks)
        finally:
            blocks.clear()
        text = text.replace(b"%", b"%%")
        order = [int(n) for n in _MARKER.findall(text)]
        template = templates[key] = _Template(_MARKER.sub(b"%s", text), _picker(order), statements)
        self.shapes += 1
        return template

    def _written(self, record: Node | Edge) -> bytes:
        """``record`` written by the writer itself (it raises for what it refuses)."""
        out: list[Block] = self.writer.out
        try:
            self.writer.record(record)
            self.statements += sum(len(pairs) for _, pairs in out)
            return self.spelling.body(out)
        finally:
            out.clear()


# ---------------------------------------------------------------------------
# Probes: a record with markers where its values go, numbered as ``Stamper`` lists them
# ---------------------------------------------------------------------------


def _holds_nul(value: PropValue) -> bool:
    return any("\x00" in item for item in (value if isinstance(value, tuple) else (value,)) if isinstance(item, str))


class _Numbering:
    def __init__(self) -> None:
        self.next = 0

    def slot(self) -> _Slot:
        self.next += 1
        return _Slot(_marker(self.next - 1))


def _probe_citations(sources: tuple[Citation, ...], numbering: _Numbering) -> tuple[Citation, ...]:
    """Markers for each new document and each set field, in the order ``Stamper._citations`` lists their values."""
    documents: dict[str, str] = {}
    probes: list[Citation] = []
    for source in sources:
        if source.document not in documents:
            documents[source.document] = numbering.slot()
        locator = numbering.slot()
        page, quote, note = (
            None if value is None else numbering.slot() for value in (source.page, source.quote, source.note)
        )
        probes.append(
            replace(source, document=documents[source.document], locator=locator, page=page, quote=quote, note=note)
        )
    return tuple(probes)


def _probe_context(context: Context, record: Node | Edge, probe: Node | Edge) -> Context:
    """``context`` with the probe in the place of its record: a plan with a scheme, a narrower indicator."""
    if isinstance(record, Node) and isinstance(probe, Node) and record.id in context.schemes:
        return replace(context, schemes=context.schemes | {probe.id})
    if isinstance(record, Edge) and isinstance(probe, Edge) and record.source in context.narrower:
        return replace(context, narrower=context.narrower | {probe.source})
    return context


def _probe_node(node: Node) -> Node | None:
    numbering = _Numbering()
    node_id = numbering.slot()
    props: dict[str, PropValue] = {}
    for name, value in node.props.items():
        if value is None or name in _DECIDING:
            if _holds_nul(value):
                return None  # could pass for a marker: the writer writes it
            props[name] = value
        elif type(value) is tuple:
            props[name] = tuple(numbering.slot() for _ in value)
        elif name in _DATES and type(value) is not str:
            return None  # the writer refuses it: let it say so
        else:
            props[name] = numbering.slot()
    return Node(node_id, node.label, props, _probe_citations(node.sources, numbering))


def _probe_edge(edge: Edge) -> Edge | None:
    numbering = _Numbering()
    source: str = numbering.slot()
    if edge.type is Rel.IN_PLAN and edge.source.startswith(_INDICATOR):
        source = _INDICATOR + source
    target = numbering.slot()
    if any(_holds_nul(value) for value in edge.props.values()):
        return None  # could pass for a marker: the writer writes it
    return Edge(edge.type, source, target, edge.props, _probe_citations(edge.sources, numbering))
