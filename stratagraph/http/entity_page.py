"""The HTML page an entity's IRI shows a browser: its properties, relations and sources.

Server-side HTML with a little inline CSS and no script, so it works offline and
in any browser a ministry has. Fields and relations are named in words, Vietnamese
then English (``entity_words``), not by their stored names. Every related entity is
a link to its own ``/id/…`` page; a plan, an agency or a task also links to its page
of pictures (``/plans/…``, ``/agencies/…``, ``/tasks/…``). Names are shown as the
data has them (Vietnamese first), and each citation names its document (linked),
the place in it, how it was read and the quote when there is one. The same data is
one click away as Turtle, JSON-LD, N-Triples or RDF/XML, listed apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from urllib.parse import urlsplit

from stratagraph.http.entity_words import LABEL_WORDS, VISUAL_PAGES, field_words, relation_words
from stratagraph.model.records import Citation, Edge, Label, Node, PropValue
from stratagraph.ontology.formats import FORMATS, Format

__all__ = ["render_entity"]

_KIND_VI = {"verbatim": "nguyên văn", "paraphrase": "tóm lược", "inferred": "suy luận"}
_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem}.sub{color:#555;margin-top:0}code{background:#f3f3f3;padding:0 .2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;vertical-align:top;
padding:.3rem .5rem;border-bottom:1px solid #ddd}th{width:14rem;color:#444;font-weight:600}
.muted{color:#666;font-size:.9em}nav a{margin-right:.8rem}.en{display:block;color:#666;font-weight:400;font-size:.85em}
.formats{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0}.formats a{display:inline-block;
border:1px solid #bbb;border-radius:6px;padding:.15rem .6rem;text-decoration:none}.visual{font-weight:600}
h2 .en{font-size:.6em}
"""


def _name(node: Node | None, fallback: str) -> str:
    if node is None:
        return fallback
    for key in ("nameVi", "nameEn", "number", "text"):
        value = node.props.get(key)
        if isinstance(value, str) and value:
            return value
    return fallback


def _value(value: PropValue) -> str:
    if isinstance(value, tuple):
        return "<br>".join(escape(str(v)) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def visual_page(node_id: str, label: Label | None, root: str) -> str | None:
    """The address of the entity's page of pictures, when its kind has one (``root``: the base IRI's path)."""
    folder = VISUAL_PAGES.get(label) if label is not None else None
    return None if folder is None else f"{root}{folder}/{node_id.split('/', 1)[1]}"


def _link(node_id: str, nodes: Mapping[str, Node], root: str) -> str:
    node = nodes.get(node_id)
    name = _name(node, node_id)
    link = f'<a href="{root}id/{escape(node_id)}">{escape(name)}</a> <span class="muted">{escape(node_id)}</span>'
    visual = visual_page(node_id, node.label if node is not None else None, root)
    if visual is not None:
        link += f' · <a class="muted" href="{escape(visual)}">trang trực quan</a>'
    return link


def _citations(sources: Sequence[Citation], nodes: Mapping[str, Node], root: str) -> str:
    if not sources:
        return '<span class="muted">(no citation)</span>'
    items = []
    for c in sources:
        parts = [
            _link(c.document, nodes, root),
            escape(c.locator),
            f"{escape(c.kind.value)} ({_KIND_VI[c.kind.value]})",
        ]
        if c.page:
            parts.append(f"page {escape(c.page)}")
        text = ", ".join(parts)
        if c.quote:
            text += f"<br><q>{escape(c.quote)}</q>"
        if c.note:
            text += f'<br><span class="muted">{escape(c.note)}</span>'
        items.append(f"<li>{text}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _words(words: tuple[str, str]) -> str:
    vi, en = words
    return escape(vi) if vi == en else f'{escape(vi)}<span class="en" lang="en">{escape(en)}</span>'


def _period(edge: Edge) -> str:
    if not edge.valid_from and not edge.valid_to:
        return ""
    return f' <span class="muted">({escape(edge.valid_from or "…")} – {escape(edge.valid_to or "…")})</span>'


def render_entity(node: Node, edges: Sequence[Edge], nodes: Mapping[str, Node], iri: str, base: str) -> str:
    """The page of ``node``; ``nodes`` holds the entities its edges and citations name (for their names).

    Links are built from ``base`` (its path: a service published under ``https://host/strata/`` links
    to ``/strata/id/…``); the RDF formats are linked by the entity's IRI.
    """
    root = urlsplit(base).path or "/"
    title = _name(node, node.id)
    english = node.props.get("nameEn")
    rows = "".join(
        f"<tr><th>{_words(field_words(name))}</th><td>{_value(value)}</td></tr>"
        for name, value in node.props.items()
        if value is not None and name not in ("nameVi",)
    )
    outgoing = [e for e in edges if e.source == node.id]
    incoming = [e for e in edges if e.target == node.id and e.source != node.id]

    def sources(edge: Edge) -> str:
        return (
            f"<details><summary class=muted>nguồn · sources</summary>{_citations(edge.sources, nodes, root)}</details>"
        )

    relations = "".join(
        f"<tr><th>{_words(relation_words(e.type, outgoing=True))}</th><td>{_link(e.target, nodes, root)}{_period(e)}"
        f"{sources(e)}</td></tr>"
        for e in outgoing
    ) + "".join(
        f"<tr><th>{_words(relation_words(e.type, outgoing=False))}</th><td>{_link(e.source, nodes, root)}{_period(e)}"
        f"{sources(e)}</td></tr>"
        for e in incoming
    )
    formats = "".join(
        f'<li><a href="{escape(iri)}?format={fmt.value}" type="{FORMATS[fmt].media_type}">{label}</a></li>'
        for fmt, label in (
            (Format.TURTLE, "Turtle"),
            (Format.JSONLD, "JSON-LD"),
            (Format.NTRIPLES, "N-Triples"),
            (Format.RDFXML, "RDF/XML"),
        )
    )
    alternates = "".join(
        f'<link rel="alternate" type="{FORMATS[f].media_type}" href="{escape(iri)}?format={f.value}">' for f in Format
    )
    kind = LABEL_WORDS.get(node.label, (node.label.value, node.label.value))
    page = visual_page(node.id, node.label, root)
    visual = "" if page is None else f'<p class="visual"><a href="{escape(page)}">Xem dạng trực quan →</a></p>'
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(title)} — stratagraph</title><link rel="icon" href="data:,">
<style>{_STYLE}</style>
{alternates}
</head><body>
<nav class="muted"><a href="{root}">Trang chủ</a><a href="{root}graphql">GraphQL</a><a href="{root}sparql">SPARQL</a>\
<a href="{root}rdf">Toàn bộ đồ thị RDF</a></nav>
<h1>{escape(title)}</h1>
<p class="sub">{escape(english) if isinstance(english, str) else ""}</p>
<p class="muted">{_words(kind)} <code>{escape(iri)}</code></p>
{visual}
<h2>Thông tin <span class="en">Properties</span></h2>
<table>{rows or '<tr><td class="muted">none</td></tr>'}</table>
<h2>Quan hệ <span class="en">Relations</span></h2>
<table>{relations or '<tr><td class="muted">none</td></tr>'}</table>
<h2>Nguồn <span class="en">Sources</span></h2>
{_citations(node.sources, nodes, root)}
<h2>Tải dữ liệu RDF <span class="en">This entity as RDF</span></h2>
<ul class="formats">{formats}</ul>
</body></html>
"""
