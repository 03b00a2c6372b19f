"""``/sparql`` in a browser: the query form, and a query's results as an HTML table (``format=html``).

No script: the form posts the query with ``format=html`` (the form's default) and
the answer is the form again, holding the query, above the results: a table of a
SELECT's bindings (IRIs of this graph linked to their entity pages), the answer of
an ASK, or the Turtle of a CONSTRUCT or DESCRIBE. Other formats stay one choice
away in the same form, as downloads.
"""

from __future__ import annotations

import json
from html import escape
from typing import Final

__all__ = ["EXAMPLE", "HTML_FORMAT", "form_page", "results_page"]

HTML_FORMAT: Final = "html"
EXAMPLE: Final = """PREFIX sg: <https://w3id.org/stratagraph/ontology#>
SELECT ?task ?name ?lead WHERE {
  ?task a sg:Task ; sg:nameVi ?name .
  OPTIONAL { ?agency sg:leads ?task ; sg:nameVi ?lead }
} LIMIT 20"""

_STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
textarea{width:100%;height:14rem;font-family:"Noto Sans Mono",ui-monospace,monospace;font-size:.95rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;
border-bottom:1px solid #ddd}th{background:#f3f3f3}.muted{color:#555}.lang{color:#666;font-size:.85em}
.scroll{overflow-x:auto}pre{background:#f6f8fa;padding:.8rem;overflow-x:auto}nav a{margin-right:.8rem}"""

_FORMATS: Final = (
    ("html", "bảng trên trang (HTML)"),
    ("json", "JSON"),
    ("xml", "XML"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
)


def form_page(version: object, timeout: float, query: str = EXAMPLE, results: str = "") -> str:
    """The form holding ``query``, and ``results`` (HTML) below it."""
    options = "".join(f'<option value="{value}">{escape(label)}</option>' for value, label in _FORMATS)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>SPARQL — stratagraph</title><link rel="icon" href="data:,"><style>{_STYLE}</style></head><body>
<nav><a href="/">Trang chủ</a><a href="/graphql">GraphQL</a><a href="/rdf">RDF</a></nav>
<h1>SPARQL</h1>
<p>Truy vấn SPARQL 1.1 chỉ đọc trên đồ thị stratagraph (phiên bản dữ liệu {escape(str(version))}); truy vấn dừng sau
{timeout:g} giây. <span class="muted">Read-only SPARQL 1.1 over the graph.</span> Xem thêm
<a href="/.well-known/void">mô tả bộ dữ liệu (VoID)</a> và <a href="/rdf">toàn bộ đồ thị RDF</a>.</p>
<form method="post" action="/sparql">
<label for="query">Truy vấn <span class="muted">(query)</span></label>
<textarea id="query" name="query" spellcheck="false">{escape(query)}</textarea>
<p><label for="format">Kết quả dạng <span class="muted">(results as)</span></label>
<select id="format" name="format">{options}</select> <button type="submit">Chạy · Run</button></p>
</form>
{results}
</body></html>
"""


def _cell(term: dict[str, str] | None, base: str) -> str:
    if term is None:
        return ""
    value = term.get("value", "")
    kind = term.get("type")
    if kind == "uri":
        href = value[len(base) - 1 :] if value.startswith(f"{base}id/") else value
        return f'<a href="{escape(href)}">{escape(value)}</a>'
    if kind == "bnode":
        return f"_:{escape(value)}"
    lang = term.get("xml:lang")
    note = f' <span class="lang">@{escape(lang)}</span>' if lang else ""
    return f"{escape(value)}{note}"


def results_page(query: str, body: bytes, kind: str, base: str, version: object, timeout: float) -> str:
    """The form with the results of ``query``: ``body`` as SPARQL JSON results, or Turtle for a graph ``kind``."""
    if kind == "graph":
        shown = f"<h2>Kết quả (Turtle)</h2><pre>{escape(body.decode('utf-8'))}</pre>"
        return form_page(version, timeout, query, shown)
    answer = json.loads(body)
    if "boolean" in answer:
        word = "Có (true)" if answer["boolean"] else "Không (false)"
        return form_page(version, timeout, query, f'<h2>Kết quả</h2><p id="answer">{word}</p>')
    names: list[str] = answer["head"]["vars"]
    rows = answer["results"]["bindings"]
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in names)
    body_rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(name), base)}</td>" for name in names) + "</tr>" for row in rows
    )
    table = (
        f'<h2>Kết quả <span class="muted">({len(rows)} dòng · rows)</span></h2>'
        f'<div class="scroll"><table id="results"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body_rows}</tbody></table></div>"
    )
    return form_page(version, timeout, query, table)
