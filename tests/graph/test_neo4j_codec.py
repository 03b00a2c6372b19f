"""Records to Neo4j parameters and back, without a server: the pure half of the Neo4j store."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stratagraph.graph.flat import check_edge, check_node
from stratagraph.graph.neo4j import codec
from stratagraph.graph.neo4j.snapshot import build_graph, graph_key
from stratagraph.model.errors import StoreConflictError, StoreError
from stratagraph.model.records import Citation, Edge, Kind, Label, Node, PropValue, Rel

DECISION = Citation("document/qd-348-2023-ttg", "Mục I.2.a", Kind.VERBATIM, page="S1", quote="“chủ trì”")
NEWS = Citation("document/tin", "§2", Kind.PARAPHRASE)


def neo4j_node(row: dict[str, object], label: Label) -> tuple[list[str], dict[str, object]]:
    """What ``labels(n), properties(n)`` return for a node written from ``row``."""
    props = row["props"]
    assert isinstance(props, dict)
    return ["Entity", label.value], dict(props)


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stored"),
    [("name", "name"), ("id", "_id"), ("_id", "__id"), ("sourcesJson", "_sourcesJson"), ("key", "key"), ("ids", "ids")],
)
def test_node_property_names_that_collide_get_one_more_underscore(name: str, stored: str) -> None:
    assert codec.stored_name(name, codec.NODE_RESERVED) == stored
    assert codec.record_name(stored, codec.NODE_RESERVED) == name


def test_the_store_s_own_names_are_not_record_properties() -> None:
    assert codec.record_name("id", codec.NODE_RESERVED) is None
    assert codec.record_name("sourcesJson", codec.NODE_RESERVED) is None
    assert codec.record_name("key", codec.EDGE_RESERVED) is None
    assert codec.stored_name("key", codec.EDGE_RESERVED) == "_key"
    assert codec.stored_name("id", codec.EDGE_RESERVED) == "id"


@given(st.text(min_size=1, max_size=12) | st.from_regex(r"_*(id|key|sourcesJson)", fullmatch=True))
def test_every_property_name_round_trips(name: str) -> None:
    for reserved in (codec.NODE_RESERVED, codec.EDGE_RESERVED):
        stored = codec.stored_name(name, reserved)
        assert stored not in reserved
        assert codec.record_name(stored, reserved) == name


# --- rows -----------------------------------------------------------------------------


def test_a_node_row_holds_every_property_the_node_will_have() -> None:
    node = Node("task/t1", Label.TASK, {"title": "Xây dựng", "years": (2023, 2025), "id": "T-1"}, (DECISION,))
    row = codec.node_row(node)
    assert row == {
        "id": "task/t1",
        "props": {
            "title": "Xây dựng",
            "years": [2023, 2025],
            "_id": "T-1",
            "id": "task/t1",
            "sourcesJson": codec.sources_json((DECISION,)),
        },
    }
    assert json.loads(row["props"]["sourcesJson"]) == [
        {
            "document": "document/qd-348-2023-ttg",
            "locator": "Mục I.2.a",
            "kind": "verbatim",
            "page": "S1",
            "quote": "“chủ trì”",
            "note": None,
        }
    ]
    assert "Mục" in row["props"]["sourcesJson"]  # readable in Neo4j Browser, not \\u-escaped


def test_a_node_comes_back_as_it_was_written() -> None:
    node = Node(
        "agency/cbc", Label.AGENCY, {"name": "Cục Báo chí", "aliases": ("CBC", "Press"), "id": "x"}, (DECISION, NEWS)
    )
    labels, props = neo4j_node(codec.node_row(node), Label.AGENCY)
    assert codec.node_from(labels, props) == node
    assert codec.node_from(["Agency", "Entity"], props) == node
    empty = Node("task/e", Label.TASK)
    assert codec.node_from(*neo4j_node(codec.node_row(empty), Label.TASK)) == empty


def test_an_edge_row_and_back() -> None:
    edge = Edge(Rel.PART_OF, "agency/cbc", "agency/mic", {"validFrom": "2023-04-06", "key": "k"}, (NEWS,))
    row = codec.edge_row(edge)
    assert row["source"] == "agency/cbc"
    assert row["target"] == "agency/mic"
    assert row["key"] == edge.key == "agency/cbc|PART_OF|agency/mic|2023-04-06"
    assert row["props"] == {
        "validFrom": "2023-04-06",
        "_key": "k",
        "key": edge.key,
        "sourcesJson": codec.sources_json((NEWS,)),
    }
    assert codec.edge_from("PART_OF", "agency/cbc", "agency/mic", row["props"]) == edge
    assert codec.edge_from(Rel.PART_OF, "agency/cbc", "agency/mic", row["props"]) == edge


def test_list_values_come_back_as_tuples_of_their_type() -> None:
    props: dict[str, PropValue] = {"words": ("một",), "years": (2023,), "ratios": (0.5, 1.0), "empty": (), "one": 1.0}
    node = Node("indicator/i", Label.INDICATOR, props)
    got = codec.node_from(*neo4j_node(codec.node_row(node), Label.INDICATOR))
    assert got.props == props
    assert isinstance(got.props["empty"], tuple)
    assert isinstance(got.props["one"], float)


def test_none_properties_are_not_sent() -> None:
    node = check_node(Node("task/t", Label.TASK, {"title": "x", "deadline": None}))
    assert codec.node_row(node)["props"].keys() == {"title", "id", "sourcesJson"}


def test_where_uses_stored_names_and_keeps_none() -> None:
    assert codec.where_param({"status": "done", "id": "T-1", "tags": ("a", "b"), "gone": None}) == {
        "status": "done",
        "_id": "T-1",
        "tags": ["a", "b"],
        "gone": None,
    }
    assert codec.where_param(None) == {}


# --- checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [["a", "list"], {"a": "map"}, ("mixed", 1), (1, 2.0), 2**63, (2**64,), b"bytes", "\ud800", ("ok", "\udfff")],
)
def test_a_value_that_is_not_flat_is_a_conflict_before_anything_is_sent(bad: object) -> None:
    node = Node("task/t", Label.TASK, {"value": bad})  # type: ignore[dict-item]
    with pytest.raises(StoreConflictError, match="value"):
        check_node(node)


def test_labels_types_dates_and_citations_are_checked() -> None:
    with pytest.raises(StoreConflictError, match="unknown label"):
        check_node(Node("task/t", "Tsk"))  # type: ignore[arg-type]
    with pytest.raises(StoreConflictError, match="unknown type"):
        check_edge(Edge("LEAD", "agency/a", "task/t"))  # type: ignore[arg-type]
    with pytest.raises(StoreConflictError, match="validFrom must be an ISO date string"):
        check_edge(Edge(Rel.PART_OF, "agency/a", "agency/b", {"validFrom": 2023}))
    with pytest.raises(StoreConflictError, match="is not a Citation"):
        check_node(Node("task/t", Label.TASK, {}, ("document/x",)))  # type: ignore[arg-type]
    with pytest.raises(StoreConflictError, match="valid Unicode"):
        check_node(Node("task/\ud800", Label.TASK))
    assert check_node(Node("task/t", "Task")).label is Label.TASK  # type: ignore[arg-type]
    assert check_edge(Edge("LEADS", "agency/a", "task/t")).type is Rel.LEADS  # type: ignore[arg-type]


def test_a_later_duplicate_wins() -> None:
    first, other, last = (
        Node("task/t", Label.TASK, {"n": 1}),
        Node("task/u", Label.TASK),
        Node("task/t", Label.TASK, {"n": 2}),
    )
    assert codec.last_wins([first, other, last], key=lambda node: node.id) == [last, other]


def test_the_dangling_message_names_each_edge_and_missing_end() -> None:
    edges = [Edge(Rel.LEADS, "agency/a", f"task/t{i}") for i in range(7)] + [Edge(Rel.LEADS, "agency/ok", "task/ok")]
    message = codec.dangling_message(edges, {"agency/a"})
    assert message.startswith("nothing written: edge agency/a|LEADS|task/t0| needs missing node agency/a; ")
    assert "edge agency/a|LEADS|task/t4| needs missing node agency/a" in message
    assert "task/t5" not in message
    assert "(and 2 more)" in message
    assert message.endswith("write the node in the same batch or first")


# --- reading what someone else wrote ----------------------------------------------------


def test_nodes_not_written_by_stratagraph_are_errors_not_guesses() -> None:
    with pytest.raises(StoreError, match="no string id"):
        codec.node_from(["Entity", "Task"], {"title": "x"})
    with pytest.raises(StoreError, match="expected Entity and one of"):
        codec.node_from(["Entity"], {"id": "task/t"})
    with pytest.raises(StoreError, match="expected Entity and one of"):
        codec.node_from(["Entity", "Task", "Agency"], {"id": "task/t"})
    with pytest.raises(StoreError, match="not a flat value"):
        codec.node_from(["Entity", "Task"], {"id": "task/t", "when": object()})
    with pytest.raises(StoreError, match="unreadable sourcesJson"):
        codec.node_from(["Entity", "Task"], {"id": "task/t", "sourcesJson": "{"})
    with pytest.raises(StoreError, match="no stratagraph type"):
        codec.edge_from("KNOWS", "a", "b", {})


# --- snapshot -------------------------------------------------------------------------


def test_the_snapshot_graph_has_the_embedded_shape() -> None:
    x = Node("agency/x", Label.AGENCY, {"name": "Cục Báo chí", "label": "ignored"})
    parent = Node("agency/p", Label.AGENCY)
    dated = Edge(Rel.PART_OF, x.id, parent.id, {"validFrom": "2023-04-06", "type": "ignored"})
    again = Edge(Rel.PART_OF, x.id, parent.id, {"validFrom": "2025-03-01"})
    undated = Edge(Rel.GOVERNED_BY, x.id, parent.id)
    graph = build_graph(7, [x, parent], [again, undated, dated])

    assert graph.graph["version"] == 7
    assert list(graph.nodes) == ["agency/p", "agency/x"]
    assert graph.nodes[x.id] == {"name": "Cục Báo chí", "label": "Agency"}
    assert graph.get_edge_data(x.id, parent.id) == {
        "GOVERNED_BY": {"type": "GOVERNED_BY"},
        "PART_OF@2023-04-06": {"type": "PART_OF", "validFrom": "2023-04-06"},
        "PART_OF@2025-03-01": {"type": "PART_OF", "validFrom": "2025-03-01"},
    }
    assert graph_key(undated) == "GOVERNED_BY"
    with pytest.raises(Exception, match="Frozen"):
        graph.add_node("task/intruder")


def test_retract_rows_group_keys_by_type_with_their_source() -> None:
    from stratagraph.graph.neo4j.codec import retract_rows

    lead = Edge(Rel.LEADS, "agency/a", "task/t")
    part = Edge(Rel.PART_OF, "agency/a", "agency/b", {"validFrom": "2025-01-01"})
    rows = retract_rows([lead.key, part.key, lead.key, "agency/a|NOT_A_REL|x|"])
    assert rows == {
        Rel.LEADS: [{"source": "agency/a", "key": lead.key}],
        Rel.PART_OF: [{"source": "agency/a", "key": part.key}],
    }
