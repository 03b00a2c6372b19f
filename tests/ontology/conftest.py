"""Fixtures for the RDF tests: the bundled dataset as the loaders build it, and a small hand-built batch."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from pyoxigraph import Triple
from rdflib import Graph

from stratagraph.loaders.deadline_text import parse_deadline
from stratagraph.loaders.load import read
from stratagraph.model.deadlines import deadline_props
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, Rel
from stratagraph.ontology.formats import Format, to_bytes
from stratagraph.settings import BUNDLED_DATASET

BASE = "https://example.org/stratagraph/"

DECISION = Citation("document/qd-781-2023-btttt", "Mục II.1", Kind.VERBATIM, page="A1", quote="Chủ trì: Cục Báo chí")
NEWS = Citation("document/tin-bo-tttt", "đoạn 2", Kind.INFERRED, note="the unit is named in the news only")


def small_batch() -> Batch:
    """Every label, a dated affiliation, a deadline of each shape, a broader indicator: the mapping's cases.

    Written as the loaders would build it (statuses given, targets citing what their
    indicator edge cites), so it also survives a trip through the loaders unchanged.
    """
    nodes = [
        Node(
            "document/qd-781-2023-btttt",
            Label.DOCUMENT,
            {
                "number": "781/QĐ-BTTTT",
                "docType": "decision",
                "nameVi": "Kế hoạch hành động",
                "nameEn": "Action plan",
                "date": "2023-05-08",
                "pages": ("A1 https://example.org/a1", "A2 https://example.org/a2"),
            },
            (DECISION,),
        ),
        Node("document/tin-bo-tttt", Label.DOCUMENT, {"docType": "news", "nameVi": "Tin"}, (DECISION,)),
        Node("agency/bo-tttt", Label.AGENCY, {"nameVi": "Bộ TT&TT", "agencyType": "ministry"}, (DECISION,)),
        Node("agency/bo-vhttdl", Label.AGENCY, {"nameVi": "Bộ VHTTDL", "agencyType": "ministry"}, (DECISION,)),
        Node(
            "agency/cuc-bao-chi",
            Label.AGENCY,
            {"nameVi": "Cục Báo chí", "nameEn": "Press Department", "agencyType": "department", "aliases": ("CBC",)},
            (DECISION, NEWS),
        ),
        Node("agency/bao-nhan-dan", Label.AGENCY, {"nameVi": "Báo Nhân Dân", "agencyType": "press-agency"}, (NEWS,)),
        Node(
            "plan/kh-781",
            Label.PLAN,
            {"nameVi": "Kế hoạch 781", "planKind": "plan", "status": "approved", "horizon": 2030},
            (DECISION,),
        ),
        Node("indicator/chi-so", Label.INDICATOR, {"nameVi": "Chỉ số", "maxScore": 100.0}, (DECISION,)),
        Node("indicator/tru-cot", Label.INDICATOR, {"nameVi": "Trụ cột", "unit": "điểm"}, (DECISION,)),
        Node(
            "target/chi-so-2025",
            Label.TARGET,
            {"year": 2025, "value": 70.0, "unit": "%", **deadline_props(parse_deadline("Năm 2025"))},
            (DECISION,),
        ),
        Node(
            "task/phap-ly",
            Label.TASK,
            {"nameVi": "Sửa Luật Báo chí", "status": "unknown", **deadline_props(parse_deadline("Quý II/2023"))},
            (DECISION,),
        ),
        Node(
            "task/bao-cao",
            Label.TASK,
            {
                "nameVi": "Báo cáo",
                "status": "in-progress",
                **deadline_props(parse_deadline("Trước ngày 15/12 hằng năm")),
            },
            (DECISION,),
        ),
        Node(
            "task/hop",
            Label.TASK,
            {"nameVi": "Họp", "status": "done", **deadline_props(parse_deadline("Ngày 20/06/2023"))},
            (DECISION,),
        ),
        Node("measurement/chi-so-2024", Label.MEASUREMENT, {"year": 2024, "value": 61.5}, (NEWS,)),
    ]
    edges = [
        Edge(Rel.ISSUED_BY, "document/qd-781-2023-btttt", "agency/bo-tttt", {}, (DECISION,)),
        Edge(Rel.PART_OF, "agency/cuc-bao-chi", "agency/bo-tttt", {"validTo": "2025-02-28"}, (DECISION,)),
        Edge(Rel.PART_OF, "agency/cuc-bao-chi", "agency/bo-vhttdl", {"validFrom": "2025-03-01"}, (NEWS,)),
        Edge(Rel.GOVERNED_BY, "agency/bao-nhan-dan", "agency/bo-tttt", {}, (NEWS,)),
        Edge(Rel.ADOPTED_BY, "plan/kh-781", "document/qd-781-2023-btttt", {}, (DECISION,)),
        Edge(Rel.IN_PLAN, "indicator/chi-so", "plan/kh-781", {}, (DECISION,)),
        Edge(Rel.IN_PLAN, "indicator/tru-cot", "plan/kh-781", {}, (DECISION,)),
        Edge(Rel.BROADER, "indicator/tru-cot", "indicator/chi-so", {}, (DECISION,)),
        Edge(Rel.HAS_TARGET, "indicator/chi-so", "target/chi-so-2025", {}, (DECISION,)),
        Edge(Rel.IN_PLAN, "target/chi-so-2025", "plan/kh-781", {}, (DECISION,)),
        Edge(Rel.IN_PLAN, "task/phap-ly", "plan/kh-781", {}, (DECISION,)),
        Edge(Rel.IN_PLAN, "task/bao-cao", "plan/kh-781", {}, (DECISION,)),
        Edge(Rel.IN_PLAN, "task/hop", "plan/kh-781", {}, (DECISION,)),
        Edge(Rel.LEADS, "agency/cuc-bao-chi", "task/phap-ly", {}, (DECISION,)),
        Edge(Rel.SUPPORTS, "agency/bo-tttt", "task/phap-ly", {}, (DECISION,)),
        Edge(Rel.LEADS, "agency/bo-tttt", "task/bao-cao", {}, (DECISION,)),
        Edge(Rel.LEADS, "agency/bo-tttt", "task/hop", {}, (DECISION,)),
        Edge(Rel.DEPENDS_ON, "task/bao-cao", "task/phap-ly", {}, (NEWS,)),
        Edge(Rel.CONTRIBUTES_TO, "task/phap-ly", "indicator/chi-so", {}, (DECISION,)),
        Edge(Rel.FULFILLED_BY, "task/hop", "document/tin-bo-tttt", {}, (NEWS,)),
        Edge(Rel.MEASURES, "measurement/chi-so-2024", "indicator/chi-so", {}, (NEWS,)),
        Edge(Rel.CITES, "document/tin-bo-tttt", "document/qd-781-2023-btttt", {}, (NEWS,)),
    ]
    return Batch.of(nodes, edges)


def rdflib_graph(triples: Iterable[Triple]) -> Graph:
    """pyoxigraph triples as an rdflib graph (through N-Triples), for rdflib's comparison and pyshacl."""
    return Graph().parse(data=to_bytes(triples, Format.NTRIPLES), format="nt")


@pytest.fixture(scope="session")
def bundled() -> Batch:
    """The curated dataset, read and checked by the loaders."""
    _, batch = read([BUNDLED_DATASET])
    return batch


@pytest.fixture
def small() -> Batch:
    return small_batch()


def with_activity(batch: Batch) -> Batch:
    """``batch`` and one write's activity: the curated data has every class but those the service writes."""
    from stratagraph.model.access import Caller, Role
    from stratagraph.model.audit import Change, activity
    from stratagraph.model.records import Citation, Kind, Label

    document = next(node for node in batch.nodes if node.label is Label.DOCUMENT)
    agency = next(node for node in batch.nodes if node.label is Label.AGENCY)
    task = next(node for node in batch.nodes if node.label is Label.TASK)
    cite = (Citation(document.id, "báo cáo tiến độ", Kind.PARAPHRASE),)
    caller = Caller("0" * 16, "Nguyễn Văn A", agency.id, Role.REPORTER)
    made, edges = activity(
        action="reportTaskStatus",
        caller=caller,
        changes=[Change(task.id, "status", "unknown", "in-progress")],
        used=[task.id],
        evidence=[document.id],
        sources=cite,
        version=1,
        note="đang thực hiện",
    )
    return Batch.of([*batch.nodes, made], [*batch.edges, *edges])
