"""RDF as an input file: hand-written Turtle loads; every problem says file, line, subject, predicate and a fix."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from audit.hostile import billion_laughs, nested_turtle
from stratagraph.graph.open import open_store
from stratagraph.graph.store import Store
from stratagraph.loaders.limits import TOO_LARGE, InputLimits
from stratagraph.loaders.load import load, read
from stratagraph.model.errors import DatasetError, Problem
from stratagraph.model.records import Direction, Label, Rel
from stratagraph.ontology.formats import Format, to_bytes
from stratagraph.ontology.mapping import triples
from tests.ontology.conftest import small_batch

HEAD = """@prefix sg: <https://w3id.org/stratagraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://example.org/sg/> .
"""

MINIMAL = (
    HEAD
    + """
<id/document/qd-1> a sg:Document ; sg:docType "decision" ; sg:number "1/QĐ-BTTTT" ;
    sg:nameVi "Quyết định 1"@vi ;
    sg:citation [ sg:document <id/document/qd-1> ; sg:locator "tiêu đề" ; sg:kind sg:verbatim ] .

<id/agency/bo-a> a sg:Agency ; sg:agencyType "ministry" ; sg:nameVi "Bộ A"@vi ;
    sg:citation [ sg:document <id/document/qd-1> ; sg:locator "Điều 1" ; sg:kind sg:verbatim ] .

<id/agency/cuc-b> a sg:Agency ; sg:agencyType "department" ; sg:nameVi "Cục B"@vi ;
    sg:partOf <id/agency/bo-a> ;
    sg:citation [ sg:document <id/document/qd-1> ; sg:locator "Điều 2" ; sg:kind sg:paraphrase ] .

<id/plan/kh-1> a sg:Plan ; sg:planKind "plan" ; sg:nameVi "Kế hoạch 1"@vi ;
    sg:adoptedBy <id/document/qd-1> ;
    sg:citation [ sg:document <id/document/qd-1> ; sg:locator "Điều 1" ; sg:kind sg:verbatim ] .

<id/task/t-1> a sg:Task ; sg:nameVi "Nhiệm vụ 1"@vi ; sg:inPlan <id/plan/kh-1> ;
    sg:deadline [ sg:deadlineText "Quý II/2024" ] ;
    sg:citation [ sg:document <id/document/qd-1> ; sg:locator "Phụ lục, mục 1" ; sg:kind sg:verbatim ] .

<id/agency/cuc-b> sg:leads <id/task/t-1> .
"""
)


def write(folder: Path, text: str, name: str = "data.ttl") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        read([path])
    return list(caught.value.problems)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    the_store = open_store("embedded", path=tmp_path / "store" / "s.sqlite3")
    await the_store.open()
    yield the_store
    await the_store.close()


async def test_hand_written_turtle_loads_with_the_loaders_defaults(tmp_path: Path, store: Store) -> None:
    result = await load([write(tmp_path, MINIMAL)], store)
    assert result.counts() == {
        "ADOPTED_BY": 1,
        "Agency": 2,
        "Document": 1,
        "IN_PLAN": 1,
        "LEADS": 1,
        "PART_OF": 1,
        "Plan": 1,
        "Task": 1,
    }
    task = (await store.get(["task/t-1"]))["task/t-1"]
    assert task.props["deadlineKind"] == "quarter"
    assert task.props["deadlineEnd"] == "2024-06-30"
    assert task.props["status"] == "unknown"
    [lead] = await store.neighbours(["task/t-1"], Rel.LEADS, direction=Direction.IN)
    assert lead.sources == task.sources, "a relation without its own citation cites its record's"


def test_a_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = MINIMAL.replace('sg:nameVi "Bộ A"@vi ;', 'sg:nameVi "Bộ A@vi ;')
    [problem] = problems_of(write(tmp_path, text))
    assert problem.code == "syntax"
    assert problem.line == line_of(text, '"Bộ A@vi')
    assert problem.message.startswith("not valid Turtle: Parser error at line")


def test_a_statement_outside_the_ontology_names_subject_predicate_and_line(tmp_path: Path) -> None:
    text = MINIMAL + '\n<id/agency/bo-a> rdfs:comment "một bộ" .\n'
    [problem] = problems_of(write(tmp_path, text))
    assert problem.line == line_of(text, "<id/agency/bo-a> a sg:Agency")
    assert problem.path == "<https://example.org/sg/id/agency/bo-a> rdfs:comment"
    assert "not a statement of this ontology" in problem.message
    assert "remove this triple" in problem.hint


def test_two_leads_are_refused_as_in_yaml(tmp_path: Path) -> None:
    text = MINIMAL + "\n<id/agency/bo-a> sg:leads <id/task/t-1> .\n"
    [problem] = problems_of(write(tmp_path, text))
    assert problem.code == "two-leads"
    assert problem.message == "task has 2 leads (chủ trì); exactly one is expected"
    assert problem.path == "<https://example.org/sg/id/task/t-1>.lead"
    assert problem.line == line_of(text, "<id/task/t-1> a sg:Task")
    assert "move the others to `supports`" in problem.hint


def test_a_part_of_cycle_is_refused(tmp_path: Path) -> None:
    text = MINIMAL + "\n<id/agency/bo-a> sg:partOf <id/agency/cuc-b> .\n"
    found = problems_of(write(tmp_path, text))
    assert [p.code for p in found] == ["cycle"]
    assert "PART_OF cycle: agency/bo-a -> agency/cuc-b -> agency/bo-a" in found[0].message


def test_an_unknown_reference_gets_the_loaders_hint(tmp_path: Path) -> None:
    text = MINIMAL.replace("sg:inPlan <id/plan/kh-1>", "sg:inPlan <id/plan/kh-2>")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.code == "unknown-reference"
    assert problem.message == "unknown plan 'plan/kh-2'"
    assert problem.hint == "did you mean 'kh-1'?"


def test_a_deadline_read_otherwise_than_its_text_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'sg:deadline [ sg:deadlineText "Quý II/2024" ]',
        'sg:deadline [ sg:deadlineText "Quý II/2024" ; sg:deadlineKind "quarter" ; '
        'sg:deadlineEnd "2024-09-30"^^xsd:date ; sg:deadlineStart "2024-04-01"^^xsd:date ; sg:deadlineBefore false ]',
    )
    [problem] = problems_of(write(tmp_path, text))
    assert "is read as" in problem.message
    assert "end 2024-06-30" in problem.message
    assert "end 2024-09-30" in problem.message
    assert problem.path == "<https://example.org/sg/id/task/t-1> sg:deadline"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            """<id/agency/bo-a#leads/task/t-1> a sg:Relationship ; sg:relationSource <id/agency/bo-a> ;
               sg:relationType sg:supports ; sg:relationTarget <id/task/t-1> ; sg:validFrom "2024-01-01"^^xsd:date .
               <id/agency/bo-a> sg:supports <id/task/t-1> .""",
            "sg:supports to task/t-1 is dated (validFrom)",
        ),
        ("<id/agency/khac> sg:partOf <id/agency/bo-a> .", "does not describe agency/khac"),
        (
            """<id/target/t-2025> a sg:Target ; sg:year "2025"^^xsd:gYear ; sg:value 70.0 ;
               sg:citation [ sg:document <id/document/qd-1> ; sg:locator "Mục 2" ; sg:kind sg:verbatim ] .""",
            "a target must be stated with its indicator",
        ),
        ('<id/plan/kh-1> sg:horizon "2030"^^xsd:integer .', "sg:horizon takes an xsd:gYear literal"),
        ('<id/agency/bo-a> sg:agencyType "bộ" .', "sg:agencyType has 2 values"),
    ],
    ids=["dated-support", "relation-without-its-record", "target-alone", "wrong-literal", "two-types"],
)
def test_what_a_record_cannot_say_is_refused(tmp_path: Path, extra: str, message: str) -> None:
    found = problems_of(write(tmp_path, MINIMAL + "\n" + extra + "\n"))
    assert any(message in p.message for p in found), found
    assert all(p.file.endswith("data.ttl") for p in found)


def test_an_enumeration_outside_the_loaders_values_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace('sg:agencyType "ministry"', 'sg:agencyType "bộ"')
    problem = problems_of(write(tmp_path, text))[0]
    assert problem.path == "<https://example.org/sg/id/agency/bo-a> type"
    assert "Input should be 'government', 'ministry'" in problem.message


async def test_a_failed_load_writes_nothing(tmp_path: Path, store: Store) -> None:
    await load([write(tmp_path, MINIMAL)], store)
    version = await store.version()
    with pytest.raises(DatasetError):
        await load([write(tmp_path, MINIMAL + "\n<id/agency/bo-a> sg:leads <id/task/t-1> .\n", "bad.ttl")], store)
    assert await store.version() == version


async def test_rdf_may_refer_to_what_the_store_already_holds(bundled_store: Store, tmp_path: Path) -> None:
    text = (
        HEAD
        + """
<id/task/moi> a sg:Task ; sg:nameVi "Nhiệm vụ mới"@vi ; sg:inPlan <id/plan/ke-hoach-hanh-dong-781> ;
    sg:citation [ sg:document <id/document/qd-781-2023-btttt> ; sg:locator "Mục III" ; sg:kind sg:verbatim ] .
<id/agency/cuc-bao-chi> sg:leads <id/task/moi> .
"""
    )
    await load([write(tmp_path, text)], bundled_store)
    [lead] = await bundled_store.neighbours(["task/moi"], Rel.LEADS, direction=Direction.IN)
    assert lead.source == "agency/cuc-bao-chi"


@pytest.mark.parametrize(
    ("fmt", "name"), [(Format.NTRIPLES, "x.nt"), (Format.RDFXML, "x.rdf"), (Format.RDFXML, "x.xml")], ids=str
)
def test_every_rdf_syntax_is_read(tmp_path: Path, fmt: Format, name: str) -> None:
    small = small_batch()
    path = tmp_path / name
    path.write_bytes(to_bytes(triples(small.nodes, small.edges, "https://example.org/sg/"), fmt))
    _, batch = read([path])
    assert {n.id for n in batch.nodes} == {n.id for n in small.nodes}


def test_jsonld_naming_our_context_is_read_offline(tmp_path: Path) -> None:
    small = small_batch()
    path = tmp_path / "x.jsonld"
    context = "http://unreachable.invalid/context.jsonld"
    path.write_bytes(
        to_bytes(triples(small.nodes, small.edges, "https://example.org/sg/"), Format.JSONLD, context=context)
    )
    _, batch = read([path])
    assert len(batch.nodes) == len(small.nodes)


def test_jsonld_with_another_remote_context_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"@context": "https://schema.org/", "@id": "x"}), "x.jsonld")
    [problem] = problems_of(path)
    assert problem.message == "remote JSON-LD context 'https://schema.org/' is not fetched"
    assert problem.line == 1


def test_folders_are_searched_for_rdf_too(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "a.ttl")
    files, batch = read([tmp_path])
    assert [Path(f).name for f in files] == ["a.ttl"]
    assert sum(n.label is Label.AGENCY for n in batch.nodes) == 2


def test_rdf_xml_declaring_entities_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, billion_laughs(), "laughs.rdf"))
    assert (problem.line, problem.code) == (3, "syntax")
    assert problem.message == "XML entity declaration <!ENTITY lol0 …> is not read"
    assert "write the values out in full" in problem.hint


def test_rdf_xml_with_a_document_type_but_no_entities_is_read(tmp_path: Path) -> None:
    small = small_batch()
    xml = to_bytes(triples(small.nodes, small.edges, "https://example.org/sg/"), Format.RDFXML).decode()
    head, rest = xml.split("\n", 1)
    path = write(tmp_path, f'{head}\n<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/never-fetched.dtd">\n{rest}', "x.rdf")
    _, batch = read([path])
    assert {n.id for n in batch.nodes} == {n.id for n in small.nodes}


def test_more_statements_than_the_limit_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, nested_turtle(100_000), "nested.ttl")  # 200 KB, 200,000 statements
    with pytest.raises(DatasetError) as caught:
        read([path], limits=InputLimits(1))
    [problem] = caught.value.problems
    assert problem.code == TOO_LARGE
    assert problem.message.startswith("more than 16,000 values to read (RDF statements)")


def test_jsonld_naming_our_context_too_often_is_refused_as_the_size_it_would_grow_to(tmp_path: Path) -> None:
    node = '{"@context": "http://x.invalid/context.jsonld", "@id": "https://example.org/sg/a"}'
    path = write(tmp_path, "[" + ",\n".join([node] * 1000) + "]", "x.jsonld")
    with pytest.raises(DatasetError) as caught:
        read([path], limits=InputLimits(1))
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == ("@context", TOO_LARGE)
    assert re.fullmatch(
        r"the context it refers to 1,000 times would make it [\d.]+ MiB, over the 1 MiB it may hold", problem.message
    )


def test_an_integer_of_more_digits_than_python_converts_is_a_problem(tmp_path: Path) -> None:
    digits = "9" * 5000
    text = MINIMAL.replace(
        '[ sg:deadlineText "Quý II/2024" ]', f'[ sg:deadlineText "Quý II/2024" ; sg:deadlineDay {digits} ]'
    )
    assert digits in text
    [problem] = problems_of(write(tmp_path, text))
    assert problem.message == "sg:deadlineDay takes an xsd:integer, not a number of 5,000 digits"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback HTTP port that records every connection made to it: nothing should ever connect."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                seen.append(connection.recv(1024))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


REMOTE_CONTEXTS = {
    "string": '{{"@context": "{url}/ctx", "@id": "https://example.org/sg/a"}}',
    "array": '{{"@context": ["{url}/ctx", {{"sg": "https://w3id.org/stratagraph/ontology#"}}], "@id": "x"}}',
    "import": '{{"@context": {{"@import": "{url}/ctx"}}, "@id": "https://example.org/sg/a"}}',
    "escaped key": '{{"@cont\\u0065xt": "{url}/ctx", "@id": "https://example.org/sg/a"}}',
    "property-scoped": '{{"@context": {{"p": {{"@id": "https://e.org/p", "@context": "{url}/c"}}}}, "p": {{"q": 1}}}}',
    "type-scoped": '{{"@context": {{"T": {{"@id": "https://e.org/T", "@context": "{url}/ctx"}}}}, "@type": "T"}}',
    "in a node": '{{"@id": "https://example.org/sg/a", "https://e.org/p": {{"@context": "{url}/ctx", "@id": "b"}}}}',
    "in a graph": '{{"@graph": [{{"@context": "{url}/ctx", "@id": "https://example.org/sg/b"}}]}}',
}


@pytest.mark.parametrize("form", list(REMOTE_CONTEXTS))
def test_a_remote_jsonld_context_is_never_fetched(tmp_path: Path, listener: tuple[str, list[bytes]], form: str) -> None:
    url, seen = listener
    [problem] = problems_of(write(tmp_path, REMOTE_CONTEXTS[form].format(url=url), "x.jsonld"))
    assert problem.code == "syntax"
    assert "context" in problem.message.lower()
    assert problem.file.endswith("x.jsonld")
    time.sleep(0.2)  # a connection the parser opened would be accepted by now
    assert seen == []


def test_an_export_with_activities_loads_without_them(tmp_path: Path) -> None:
    """The audit trail is written by the service alone: a file's activities are not loaded, the rest is."""
    from tests.ontology.conftest import with_activity

    batch = with_activity(small_batch())
    path = tmp_path / "export.nt"
    path.write_bytes(to_bytes(triples(batch.nodes, batch.edges, "http://127.0.0.1:8000/"), Format.NTRIPLES))
    _, loaded = read([path])
    assert Label.ACTIVITY not in {node.label for node in loaded.nodes}
    assert {node.id for node in loaded.nodes} == {node.id for node in batch.nodes if node.label is not Label.ACTIVITY}
    assert {edge.type for edge in loaded.edges}.isdisjoint({Rel.USED, Rel.WAS_ASSOCIATED_WITH})
