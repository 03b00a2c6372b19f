"""The writer: one set of rules, every syntax. Text and pyoxigraph terms give the same statements, for any values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Triple, parse

from bench.synthetic import generate
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, PropValue, Rel
from stratagraph.ontology import writer
from stratagraph.ontology.formats import FORMATS, Format
from stratagraph.ontology.mapping import Mapped
from stratagraph.ontology.rdf_syntax import TextSyntax
from tests.ontology.conftest import BASE

TURTLE = FORMATS[Format.TURTLE].syntax
NTRIPLES = FORMATS[Format.NTRIPLES].syntax
assert TURTLE is not None
assert NTRIPLES is not None


def text(nodes: list[Node], edges: list[Edge], syntax: TextSyntax, base: str = BASE) -> tuple[bytes, int]:
    """The document the writer writes, and the statements it counted."""
    mapped = Mapped(nodes, edges, base)
    return b"".join(mapped.text(syntax)), mapped.statements


def read(data: bytes, syntax: TextSyntax) -> list[Triple]:
    return [quad.triple for quad in parse(data, RdfFormat.TURTLE if syntax is TURTLE else RdfFormat.N_TRIPLES)]


def assert_one_set_of_statements(nodes: list[Node], edges: list[Edge]) -> None:
    """N-Triples, Turtle and pyoxigraph terms: the same triples, in the same order, each counted."""
    terms = list(Mapped(nodes, edges, BASE).triples())
    for syntax in (NTRIPLES, TURTLE):
        data, statements = text(nodes, edges, syntax)
        assert read(data, syntax) == terms
        assert statements == len(terms)
    assert len(set(terms)) == len(terms), "no triple is written twice"


def test_the_bundled_dataset_is_the_same_in_every_syntax(bundled: Batch) -> None:
    assert_one_set_of_statements(list(bundled.nodes), list(bundled.edges))


def test_the_mapping_cases_are_the_same_in_every_syntax(small: Batch) -> None:
    """Dated memberships, a plan's scheme, a broader indicator, deadlines of each shape, two citations."""
    assert_one_set_of_statements(list(small.nodes), list(small.edges))


def test_what_the_writer_forgets_it_writes_again_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its tables are bounded (``CACHE_SIZE``): emptied when full, and the output does not change."""
    batch = generate(200, seed=5)
    nodes, edges = list(batch.nodes), list(batch.edges)
    remembered = text(nodes, edges, NTRIPLES)
    monkeypatch.setattr(writer, "CACHE_SIZE", 3)
    assert text(nodes, edges, NTRIPLES) == remembered
    assert text(nodes, edges, TURTLE)[0].count(b" .\n") > len(nodes)


def test_a_base_iri_with_percent_signs_is_written_as_it_is(small: Batch) -> None:
    base = "https://example.org/a%20b/%25s/"
    data, _ = text(list(small.nodes), list(small.edges), NTRIPLES, base)
    subjects = {triple.subject.value for triple in read(data, NTRIPLES)}
    assert f"{base}id/agency/cuc-bao-chi" in subjects
    assert all(subject.startswith(base) for subject in subjects)


# -- any values -------------------------------------------------------------------------------------

AWKWARD = ["\x000\x00", "%s", "%%", "%(x)s", "\x00", "\\", '"', "\n", "\r", "\u2028", "\u0085", "Đ", "", " ;", " ."]
texts = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=12))
keys = st.sampled_from(["a", "b", "c-1", "d2"])
days = st.sampled_from(["2024-01-01", "2025-06-30", "2030-12-31"])


@st.composite
def citations(draw: st.DrawFn) -> tuple[Citation, ...]:
    documents = draw(st.lists(st.sampled_from(["document/x", "document/y"]), min_size=0, max_size=3))
    return tuple(
        Citation(
            document,
            draw(texts),
            draw(st.sampled_from(list(Kind))),
            page=draw(st.none() | texts),
            quote=draw(st.none() | texts),
            note=draw(st.none() | texts),
        )
        for document in documents
    )


@st.composite
def tasks(draw: st.DrawFn, key: str) -> Node:
    props: dict[str, PropValue] = {"nameVi": draw(texts)}
    if draw(st.booleans()):
        props["nameEn"] = draw(st.none() | texts)
    props["status"] = draw(st.sampled_from(["done", "in-progress", None]))
    kind = draw(st.sampled_from(["date", "quarter", "year", "period", "recurring", None]))
    if kind is not None:
        props["deadlineText"] = draw(texts)
        props["deadlineKind"] = kind
        props["deadlineBefore"] = draw(st.booleans())
        props["deadlineStart"] = draw(st.none() | days)
        props["deadlineEnd"] = draw(st.none() | days)
    return Node(f"task/{key}", Label.TASK, props, draw(citations()))


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[Node], list[Edge]]:
    task_keys = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
    nodes: list[Node] = [draw(tasks(key)) for key in task_keys]
    nodes.append(
        Node(
            "agency/a",
            Label.AGENCY,
            {"nameVi": draw(texts), "agencyType": draw(st.sampled_from(["ministry", "press-agency"])),
             "aliases": ("A", draw(texts))},
            (),
        )
    )  # fmt: skip
    nodes.append(Node("plan/p", Label.PLAN, {"nameVi": draw(texts), "horizon": 2030}, draw(citations())))
    nodes.append(Node("indicator/i", Label.INDICATOR, {"nameVi": draw(texts), "maxScore": 100.0}, draw(citations())))
    nodes.append(Node("indicator/j", Label.INDICATOR, {"nameVi": draw(texts)}, ()))
    nodes.append(Node("target/t", Label.TARGET, {"year": 2025, "value": draw(st.sampled_from([1, 1.0, 2.5]))}, ()))
    edges: list[Edge] = []
    for key in task_keys:
        edges.append(Edge(Rel.LEADS, "agency/a", f"task/{key}", {}, draw(citations())))
        edges.append(Edge(Rel.IN_PLAN, f"task/{key}", "plan/p", {}, draw(citations())))
        if draw(st.booleans()):
            edges.append(Edge(Rel.DEPENDS_ON, f"task/{key}", f"task/{task_keys[0]}", {}, draw(citations())))
    edges.append(Edge(Rel.IN_PLAN, "indicator/i", "plan/p", {}, draw(citations())))
    edges.append(Edge(Rel.IN_PLAN, "indicator/j", "plan/p", {}, ()))
    if draw(st.booleans()):
        edges.append(Edge(Rel.BROADER, "indicator/j", "indicator/i", {}, ()))
    dates = draw(st.fixed_dictionaries({}, optional={"validFrom": days, "validTo": days}))
    edges.append(Edge(Rel.PART_OF, "agency/a", "agency/a", dict(dates), draw(citations())))
    return nodes, edges


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_any_values_give_the_same_statements_in_every_syntax(graph: tuple[list[Node], list[Edge]]) -> None:
    nodes, edges = graph
    assert_one_set_of_statements(nodes, edges)


# -- what the writer refuses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "error", "message"),
    [
        (Node("task/a b", Label.TASK, {"nameVi": "A"}, ()), ValueError, "' ' cannot be in one"),
        (Node("task/a", Label.TASK, {"nameVi": "A", "deadlineBefore": 1}, ()), TypeError, "'deadlineBefore'"),
        (Node("task/a", Label.TASK, {"nameVi": "A", "deadlineKind": "date", "deadlineEnd": 20250101}, ()),
         TypeError, "'deadlineEnd'"),
        (Node("task/a", Label.TASK, {"nameVi": "A", "deadlineKind": "date", "deadlineEnd": "1/1/2025"}, ()),
         TypeError, "ISO date"),
        (Node("task/a", Label.TASK, {"nameVi": 5}, ()), TypeError, "'nameVi'"),
    ],
    ids=["space in an id", "an int for a truth value", "a number for a date", "a date not ISO", "a number for a name"],
)  # fmt: skip
def test_what_the_writer_refuses_is_refused_in_every_syntax(node: Node, error: type[Exception], message: str) -> None:
    for syntax in (NTRIPLES, TURTLE):
        with pytest.raises(error, match=message):
            text([node], [], syntax)
    with pytest.raises(error, match=message):
        list(Mapped([node], [], BASE).triples())


def test_an_edge_to_an_id_no_iri_holds_is_refused() -> None:
    edge = Edge(Rel.DEPENDS_ON, "task/a", "task/b>c", {}, ())
    with pytest.raises(ValueError, match="'>' cannot be in one"):
        text([], [edge], NTRIPLES)


def test_a_bad_id_among_good_ones_is_named() -> None:
    nodes = [Node("task/a", Label.TASK, {"nameVi": "A"}, ()), Node("task/b c", Label.TASK, {"nameVi": "B"}, ())]
    with pytest.raises(ValueError, match="task/b c' is not a valid IRI: ' ' cannot be in one"):
        text(nodes, [Edge(Rel.DEPENDS_ON, "task/a", "task/b c")], NTRIPLES)


def test_a_dated_edge_with_a_date_no_iri_holds_is_refused() -> None:
    edge = Edge(Rel.PART_OF, "agency/a", "agency/b", {"validFrom": "2025 01 01"}, ())
    with pytest.raises(ValueError, match="' ' cannot be in one"):
        text([], [edge], NTRIPLES)
