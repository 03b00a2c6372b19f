"""The vocabulary for people: the ontology's classes and properties, and the shapes, as HTML pages.

Written from the same files ``/ontology`` and ``/shapes`` serve as RDF, so the page
cannot disagree with them. Each term is a section whose ``id`` is the term's local
name: ``https://w3id.org/stratagraph/ontology#Agency``, opened in a browser, lands
on the Agency section. Vietnamese first, then English, as on every page here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from stratagraph.ontology.formats import Format
from stratagraph.ontology.jsonld import PREFIXES
from stratagraph.ontology.publication import Vocabulary
from stratagraph.ontology.vocab import NAMESPACE, VERSION

__all__ = ["vocabulary_page"]

_STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
body{line-height:1.45}section.term{border-top:1px solid #ddd;padding:.6rem 0}section.term:target{background:#fff8d6}
h3{margin:.2rem 0}code{font-family:"Noto Sans Mono",ui-monospace,monospace}.muted{color:#555}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.4rem 0}dt{color:#555}dd{margin:0}
nav a{margin-right:.8rem}dd,p,h3{overflow-wrap:anywhere}@media(max-width:40rem){dl{grid-template-columns:1fr}}"""

_KINDS = (
    (OWL.Class, "Lớp", "Classes", "classes"),
    (OWL.ObjectProperty, "Quan hệ", "Object properties", "object-properties"),
    (OWL.DatatypeProperty, "Thuộc tính", "Datatype properties", "datatype-properties"),
    (OWL.AnnotationProperty, "Thuộc tính chú thích", "Annotation properties", "annotation-properties"),
)
_FORMAT_NAMES = {
    Format.TURTLE: "Turtle",
    Format.RDFXML: "RDF/XML",
    Format.JSONLD: "JSON-LD",
    Format.NTRIPLES: "N-Triples",
}


def _short(graph: Graph, term: object, base: str) -> str:
    """A term as a link: ours to its section on the ontology page, others by prefix to their IRI."""
    if isinstance(term, URIRef):
        value = str(term)
        if value.startswith(NAMESPACE):
            local = value.removeprefix(NAMESPACE)
            return f'<a href="{escape(base)}ontology#{escape(local)}"><code>sg:{escape(local)}</code></a>'
        for prefix, namespace in PREFIXES.items():
            if value.startswith(namespace) and value != namespace:
                return f'<a href="{escape(value)}"><code>{prefix}:{escape(value.removeprefix(namespace))}</code></a>'
        return f'<a href="{escape(value)}"><code>{escape(value)}</code></a>'
    if isinstance(term, BNode):
        for operator, word in ((OWL.unionOf, " hoặc (or) "), (OWL.oneOf, ", ")):
            members = graph.value(term, operator)
            if members is not None:
                return word.join(_short(graph, member, base) for member in Collection(graph, members))
        return "(lớp định nghĩa bằng điều kiện · a defined class)"
    if isinstance(term, Literal):
        return f"<code>{escape(str(term))}</code>"
    return escape(str(term))


def _in(graph: Graph, term: URIRef, prop: URIRef, lang: str) -> list[str]:
    return [str(o) for o in graph.objects(term, prop) if isinstance(o, Literal) and o.language == lang]


def _term(graph: Graph, term: URIRef, base: str) -> str:
    local = str(term).removeprefix(NAMESPACE)
    vi, en = _in(graph, term, RDFS.label, "vi"), _in(graph, term, RDFS.label, "en")
    rows: list[tuple[str, str]] = []
    for lang, words in (("vi", "Định nghĩa"), ("en", "Definition")):
        for text in _in(graph, term, SKOS.definition, lang):
            rows.append((words, f'<span lang="{lang}">{escape(text)}</span>'))
    for prop, words in (
        (RDFS.subClassOf, "Lớp cha · subclass of"),
        (RDFS.subPropertyOf, "Thuộc tính cha · subproperty of"),
        (RDFS.domain, "Miền · domain"),
        (RDFS.range, "Giá trị · range"),
        (OWL.equivalentClass, "Tương đương · equivalent to"),
    ):
        values = [_short(graph, value, base) for value in graph.objects(term, prop)]
        if values:
            rows.append((words, ", ".join(sorted(values))))
    disjoint = sorted(
        _short(graph, other, base)
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses)
        for members in graph.objects(axiom, OWL.members)
        if term in (group := list(Collection(graph, members)))
        for other in group
        if other != term
    )
    if disjoint:
        rows.append(("Không giao với · disjoint with", ", ".join(disjoint)))
    if (term, RDF.type, OWL.FunctionalProperty) in graph:
        rows.append(("Số giá trị · values", "nhiều nhất một (functional)"))
    details = "".join(f"<dt>{dt}</dt><dd>{dd}</dd>" for dt, dd in rows)
    return (
        f'<section class="term" id="{escape(local)}"><h3 lang="vi">{escape(", ".join(vi))}</h3>'
        f'<p><span lang="en">{escape(", ".join(en))}</span> · <code>sg:{escape(local)}</code> '
        f'<span class="muted">{escape(str(term))}</span></p><dl>{details}</dl></section>'
    )


def _terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        (t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef) and str(t).startswith(NAMESPACE)),
        key=lambda t: str(t).lower(),
    )


def _downloads(vocabulary: Vocabulary, base: str) -> str:
    links = " · ".join(
        f'<a href="{escape(base)}{vocabulary.value}?format={fmt.value}">{_FORMAT_NAMES[fmt]}</a>'
        for fmt in _FORMAT_NAMES
    )
    return f"<p>Tải về · download: {links}</p>"


def _page(title: str, body: str, base: str) -> str:
    home = escape(base)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(title)}</title><link rel="icon" href="data:,"><style>{_STYLE}</style></head><body>
<nav><a href="{home}">Trang chủ</a><a href="{home}ontology">Bản thể học · ontology</a><a href="{home}shapes">SHACL</a>
<a href="{home}sparql">SPARQL</a><a href="{home}rdf">RDF</a></nav>
{body}
</body></html>
"""


def _header(graph: Graph, vocabulary: Vocabulary, base: str) -> str:
    iri = URIRef(vocabulary.iri)
    title_vi, title_en = _in(graph, iri, DCTERMS.title, "vi"), _in(graph, iri, DCTERMS.title, "en")
    descriptions = "".join(
        f'<p lang="{lang}">{escape(text)}</p>'
        for lang in ("vi", "en")
        for text in _in(graph, iri, DCTERMS.description, lang)
    )
    license_iri = graph.value(iri, DCTERMS.license)
    facts = [
        ("IRI", f"<code>{escape(vocabulary.iri)}</code>"),
        ("Phiên bản · version", f"{escape(VERSION)} (<code>{escape(vocabulary.version_iri)}</code>)"),
    ]
    if license_iri is not None:
        facts.append(("Giấy phép · licence", _short(graph, license_iri, base)))
    rows = "".join(f"<dt>{dt}</dt><dd>{dd}</dd>" for dt, dd in facts)
    return (
        f'<h1>{escape(", ".join(title_vi))}</h1><p class="muted" lang="en">{escape(", ".join(title_en))}</p>'
        f"{descriptions}<dl>{rows}</dl>{_downloads(vocabulary, base)}"
    )


@cache
def vocabulary_page(vocabulary: Vocabulary, base: str) -> str:
    """The HTML page of ``vocabulary``, its links under ``base`` (the service's base IRI); written once."""
    graph = vocabulary.graph()
    if vocabulary is Vocabulary.SHAPES:
        return _page("SHACL — stratagraph", _header(graph, vocabulary, base) + _shapes(graph, base), base)
    parts = [_header(graph, vocabulary, base)]
    toc, sections = [], []
    for kind, vi, en, anchor in _KINDS:
        terms = _terms(graph, kind)
        toc.append(f'<li><a href="#{anchor}">{vi} · {en}</a> ({len(terms)})</li>')
        body = "".join(_term(graph, term, base) for term in terms)
        sections.append(f'<h2 id="{anchor}">{vi} <span class="muted">· {en}</span></h2>{body}')
    parts.append(f"<ul>{''.join(toc)}</ul>")
    parts.extend(sections)
    return _page("Bản thể học stratagraph — ontology", "".join(parts), base)


def _shapes(graph: Graph, base: str) -> str:
    shapes = sorted(
        (s for s in graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)), key=lambda s: str(s).lower()
    )
    items: list[str] = []
    for shape in shapes:
        local = str(shape).rsplit("#", 1)[-1]
        targets = ", ".join(_short(graph, t, base) for t in graph.objects(shape, SH.targetClass))
        messages = _messages(graph, [shape, *graph.objects(shape, SH.property)])
        items.append(
            f'<section class="term" id="{escape(local)}"><h3><code>{escape(local)}</code></h3>'
            f"<dl><dt>Áp dụng cho · applies to</dt><dd>{targets or '—'}</dd>"
            f"<dt>Quy tắc · rules</dt><dd><ul>{messages}</ul></dd></dl></section>"
        )
    return f'<h2>Ràng buộc <span class="muted">· shapes</span> ({len(shapes)})</h2>{"".join(items)}'


def _messages(graph: Graph, nodes: Iterable[object]) -> str:
    return "".join(
        f"<li>{escape(str(message))}</li>"
        for node in nodes
        for message in graph.objects(node, SH.message)  # type: ignore[arg-type]
    )
