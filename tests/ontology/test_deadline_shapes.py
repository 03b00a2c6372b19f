"""Deadlines planners write (quarterly, half-yearly, undated, listed quarters) in RDF: the shapes accept them,
and the export reads back to the same readings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph

from stratagraph.loaders.load import read
from stratagraph.model.records import Label
from stratagraph.ontology.formats import Format, to_bytes
from stratagraph.ontology.mapping import triples
from stratagraph.ontology.vocab import shapes_graph
from stratagraph.settings import BUNDLED_DATASET
from tests.ontology.conftest import BASE

TEXTS = ["Hằng quý", "Định kỳ 6 tháng", "Theo tiến độ dự án", "Quý II và III/2024", "Đầu năm 2025", "Tháng 6, 7/2024"]

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def table(tmp_path: Path) -> Path:
    rows = "".join(f'{n},Nhiệm vụ {n},Cục Báo chí,"{text}"\n' for n, text in enumerate(TEXTS, start=1))
    path = tmp_path / "phu-luc.csv"
    path.write_text("STT,Nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành\n" + rows, encoding="utf-8")
    return path


def test_the_shapes_accept_the_new_forms_and_the_export_reads_back(tmp_path: Path) -> None:
    _, batch = read([BUNDLED_DATASET, table(tmp_path)], plan="ke-hoach-hanh-dong-781", doc="781/QĐ-BTTTT")
    exported = to_bytes(triples(batch.nodes, batch.edges, BASE), Format.NTRIPLES)
    conforms, _, text = validate(Graph().parse(data=exported, format="nt"), shacl_graph=shapes_graph())
    assert conforms, text
    file = tmp_path / "export.nt"
    file.write_bytes(exported)
    _, again = read([file])

    bundled = {n.id for n in read([BUNDLED_DATASET])[1].nodes}

    def deadlines(nodes: object) -> dict[str, dict[str, object]]:
        """The table's tasks (those the bundled dataset lacks) and their deadline fields."""
        return {
            n.id: {k: v for k, v in n.props.items() if k.startswith("deadline")}
            for n in nodes  # type: ignore[attr-defined]
            if n.label is Label.TASK and n.id not in bundled
        }

    before, after = deadlines(batch.nodes), deadlines(again.nodes)
    assert len(before) == len(TEXTS)
    assert after == before
    assert {d["deadlineKind"] for d in before.values()} == {"recurring", "undated", "period"}
    assert sorted(d.get("deadlineEvery", 12) for d in before.values()) == [3, 6, 12, 12, 12, 12]


def test_a_deadline_every_the_shapes_do_not_know_is_refused() -> None:
    data = Graph().parse(
        data=f"""
        @prefix sg: <https://w3id.org/stratagraph/ontology#> .
        <{BASE}id/task/x> sg:deadline <{BASE}id/task/x#deadline> .
        <{BASE}id/task/x#deadline> a sg:Deadline ; sg:deadlineText "Hằng tháng" ; sg:deadlineKind "recurring" ;
            sg:deadlineMonth 12 ; sg:deadlineDay 31 ; sg:deadlineEvery 1 .
        """,
        format="turtle",
    )
    conforms, _, text = validate(data, shacl_graph=shapes_graph())
    assert not conforms
    assert "sg:deadlineEvery, 3 or 6" in str(text)
