"""Records stamped from templates give the writer's own bytes, whatever the values, for a few writer runs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import generate
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, PropValue, Rel
from stratagraph.ontology.formats import FORMATS, Format
from stratagraph.ontology.mapping import Mapped
from stratagraph.ontology.spelling import Spelling
from stratagraph.ontology.stamps import Stamper
from stratagraph.ontology.writer import Writer, context_for
from tests.ontology.conftest import BASE

SPELLINGS = [FORMATS[Format.NTRIPLES].spelling, FORMATS[Format.TURTLE].spelling]


def _spelling(index: int) -> Spelling:
    spelling = SPELLINGS[index]
    assert spelling is not None
    return spelling


def by_the_writer(nodes: list[Node], edges: list[Edge], spelling: Spelling) -> tuple[bytes, int]:
    """The document as the writer alone writes it, record by record, and its triple count."""
    writer = Writer(spelling, context_for(BASE, edges))
    for record in [*nodes, *edges]:
        writer.record(record)
    return spelling.header() + spelling.body(writer.out), sum(len(pairs) for _, pairs in writer.out)


def stamped(nodes: list[Node], edges: list[Edge], spelling: Spelling, closed: bool = False) -> tuple[bytes, int, int]:
    stamper = Stamper(spelling, context_for(BASE, edges))
    text = b"".join(stamper.text(nodes, edges, closed=closed))
    return text, stamper.statements, stamper.shapes


@pytest.mark.parametrize("closed", [False, True], ids=["ids one by one", "ids at once"])
@pytest.mark.parametrize("index", [0, 1], ids=["N-Triples", "Turtle"])
def test_the_bundled_dataset_is_stamped_as_the_writer_writes_it(bundled: Batch, index: int, closed: bool) -> None:
    nodes, edges = list(bundled.nodes), list(bundled.edges)
    text, statements, _ = stamped(nodes, edges, _spelling(index), closed)
    assert (text, statements) == by_the_writer(nodes, edges, _spelling(index))


@pytest.mark.parametrize("index", [0, 1], ids=["N-Triples", "Turtle"])
def test_the_mapping_cases_are_stamped_as_the_writer_writes_them(small: Batch, index: int) -> None:
    """Dated memberships, a plan's scheme, a broader indicator, deadlines of each shape, two citations."""
    nodes, edges = list(small.nodes), list(small.edges)
    text, statements, _ = stamped(nodes, edges, _spelling(index))
    assert (text, statements) == by_the_writer(nodes, edges, _spelling(index))


def test_a_thousand_tasks_take_a_few_dozen_writer_runs() -> None:
    batch = generate(1000)
    nodes, edges = list(batch.nodes), list(batch.edges)
    text, statements, shapes = stamped(nodes, edges, _spelling(0))
    assert (text, statements) == by_the_writer(nodes, edges, _spelling(0))
    assert len(nodes) + len(edges) > 5000
    assert shapes < 80  # one per shape, not one per record


def test_a_base_iri_with_percent_signs_is_text_not_format_codes(small: Batch) -> None:
    base = "https://example.org/a%20b/%s/"
    nodes, edges = list(small.nodes), list(small.edges)
    writer = Writer(_spelling(0), context_for(base, edges))
    for record in [*nodes, *edges]:
        writer.record(record)
    stamper = Stamper(_spelling(0), context_for(base, edges))
    assert b"".join(stamper.text(nodes, edges)) == _spelling(0).body(writer.out)


def test_mapped_text_is_the_stamped_document(small: Batch) -> None:
    mapped = Mapped(small.nodes, small.edges, BASE)
    spelling = _spelling(1)
    assert b"".join(mapped.text(spelling)) == by_the_writer(list(small.nodes), list(small.edges), spelling)[0]
    assert mapped.statements == by_the_writer(list(small.nodes), list(small.edges), spelling)[1]


# -- any values -------------------------------------------------------------------------------------

MARKER_LIKE = ["\x000\x00", "\x001\x00", "%s", "%%", "%(x)s", "\x00", "\\", '"', "\n", "\u2028", "Đ", ""]
texts = st.one_of(st.sampled_from(MARKER_LIKE), st.text(max_size=12))
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
            {"nameVi": draw(texts), "agencyType": "ministry", "aliases": ("A", draw(texts))},
            (),
        )
    )
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
@given(graphs(), st.sampled_from([0, 1]))
def test_any_values_are_stamped_as_the_writer_writes_them(graph: tuple[list[Node], list[Edge]], index: int) -> None:
    nodes, edges = graph
    text, statements, _ = stamped(nodes, edges, _spelling(index))
    assert (text, statements) == by_the_writer(nodes, edges, _spelling(index))


# -- what the writer refuses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "error"),
    [
        (Node("task/a b", Label.TASK, {"nameVi": "A"}, ()), ValueError),
        (Node("task/a", Label.TASK, {"nameVi": "A", "deadlineBefore": 1}, ()), TypeError),
        (Node("task/a", Label.TASK, {"nameVi": "A", "deadlineKind": "date", "deadlineEnd": 20250101}, ()), TypeError),
        (Node("task/a", Label.TASK, {"nameVi": "A", "deadlineKind": "date", "deadlineEnd": "1/1/2025"}, ()), TypeError),
        (Node("task/a", Label.TASK, {"nameVi": 5}, ()), TypeError),
    ],
    ids=["space in an id", "an int for a truth value", "a number for a date", "a date not ISO", "a number for a name"],
)
def test_what_the_writer_refuses_is_refused_with_its_message(node: Node, error: type[Exception]) -> None:
    with pytest.raises(error) as by_writer:
        by_the_writer([node], [], _spelling(0))
    with pytest.raises(error) as by_stamps:
        stamped([node], [], _spelling(0))
    assert str(by_stamps.value) == str(by_writer.value)


def test_an_edge_to_an_id_no_iri_holds_is_refused() -> None:
    edge = Edge(Rel.DEPENDS_ON, "task/a", "task/b>c", {}, ())
    with pytest.raises(ValueError, match="cannot be in one"):
        stamped([], [edge], _spelling(0))


def test_ids_checked_at_once_still_name_the_record_with_a_bad_one() -> None:
    """A whole graph's ids are checked as one text; one that no IRI holds is then refused as the writer refuses it."""
    nodes = [Node("task/a", Label.TASK, {"nameVi": "A"}, ()), Node("task/b c", Label.TASK, {"nameVi": "B"}, ())]
    with pytest.raises(ValueError, match="' ' cannot be in one"):
        stamped(nodes, [Edge(Rel.DEPENDS_ON, "task/a", "task/b c")], _spelling(0), closed=True)
