"""The planner's questions, asked through GraphQL over the bundled dataset."""

from __future__ import annotations

import itertools

import pytest

from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.schema import build_schema
from stratagraph.schema.context import Context
from tests.schema.conftest import Run

PRESS_DEPARTMENT_TASKS = """
{ agency(id: "agency/cuc-bao-chi") {
    name nameEn: name(lang: EN)
    tasks(role: LEAD, orderBy: {field: DEADLINE}) {
      totalCount edges { node { id name deadline { text due } } } } } }
"""

CHAIN = """
query ($asOf: Date) {
  task(id: "task/chi-dao-2023-04-10-cbc-co-so-du-lieu") {
    lead { id }
    accountability(asOf: $asOf) {
      chain { id }
      ministry { id name }
      steps { agency { id } parent { id } relation validFrom validTo sources { kind documentId } }
    }
  }
}
"""


async def test_tasks_led_by_the_press_department(run: Run) -> None:
    data = await run(PRESS_DEPARTMENT_TASKS)
    agency = data["agency"]
    assert (agency["name"], agency["nameEn"]) == ("Cục Báo chí", "Press Department")
    tasks = agency["tasks"]["edges"]
    assert agency["tasks"]["totalCount"] == len(tasks) >= 1
    dated = [t["node"]["deadline"] for t in tasks if t["node"]["deadline"]]
    assert dated, "at least one Press Department task has a deadline in the sources"
    assert [d["due"] for d in dated] == sorted(d["due"] for d in dated)


async def _chain(run: Run, as_of: str) -> dict[str, object]:
    data = await run(CHAIN.replace("$asOf: Date", '$asOf: Date = "' + as_of + '"'))
    accountability: dict[str, object] = data["task"]["accountability"]
    return accountability


async def test_accountability_chain_differs_as_the_sources_say(run: Run) -> None:
    before = await _chain(run, "2023-06-01")
    after = await _chain(run, "2025-06-01")
    assert [a["id"] for a in before["chain"]] == ["agency/cuc-bao-chi", "agency/bo-tttt", "agency/chinh-phu"]  # type: ignore[index, union-attr]
    assert [a["id"] for a in after["chain"]] == ["agency/cuc-bao-chi", "agency/bo-vhttdl", "agency/chinh-phu"]  # type: ignore[index, union-attr]
    assert before["ministry"] == {"id": "agency/bo-tttt", "name": "Bộ Thông tin và Truyền thông"}
    assert after["ministry"] == {"id": "agency/bo-vhttdl", "name": "Bộ Văn hóa, Thể thao và Du lịch"}
    first = before["steps"][0]  # type: ignore[index]
    assert first["relation"] == "PART_OF"
    assert first["validTo"] == "2024-12-31"
    assert "INFERRED" in {s["kind"] for s in first["sources"]}, "the year boundary is the curators reading"


@pytest.mark.parametrize(
    ("task_id", "ministry", "supported"),
    [
        ("task/chi-dao-2023-04-10-cbc-co-so-du-lieu", "agency/bo-vhttdl", False),
        ("task/1369-btttt-tong-hop-bao-cao", None, True),  # supported by Cục Báo chí, outside the chain
    ],
)
async def test_every_agency_the_chain_names_is_answered(
    run: Run, task_id: str, ministry: str | None, supported: bool
) -> None:
    """Leads, supporters, each step's two ends, the ministry and the government, read from one batch."""
    data = await run(
        f'{{ task(id: "{task_id}") {{ lead {{ id }} supporters {{ id }} '
        'accountability(asOf: "2025-06-01") { leads { id } supporters { id } chain { id } '
        "steps { agency { id } parent { id } } ministry { id } government { id } } } }"
    )
    task, accountability = data["task"], data["task"]["accountability"]
    chain = [a["id"] for a in accountability["chain"]]
    assert [a["id"] for a in accountability["leads"]] == [task["lead"]["id"]] == chain[:1]
    assert accountability["supporters"] == task["supporters"]
    assert bool(task["supporters"]) is supported
    assert [(s["agency"]["id"], s["parent"]["id"]) for s in accountability["steps"]] == list(itertools.pairwise(chain))
    if ministry:
        assert accountability["ministry"] == {"id": ministry}
    assert accountability["government"] == {"id": "agency/chinh-phu"} == {"id": chain[-1]}


async def test_search_ignores_diacritics_and_finds_abbreviations(run: Run) -> None:
    data = await run('{ a: search(text: "cuc bao chi") { node { id } } b: search(text: "MIC") { node { id } } }')
    assert data["a"][0]["node"]["id"] == "agency/cuc-bao-chi"
    assert data["b"][0]["node"]["id"] == "agency/bo-tttt"


async def test_search_ranks_an_adopted_plans_indicator_above_the_drafts(run: Run) -> None:
    data = await run('{ search(text: "toa soan hoi tu", types: [INDICATOR]) { node { id } draft } }')
    assert [(hit["node"]["id"], hit["draft"]) for hit in data["search"][:2]] == [
        ("indicator/toa-soan-hoi-tu", False),
        ("indicator/du-thao-toa-soan-hoi-tu-da-phuong-tien", True),
    ]


async def test_gaps_name_tasks_without_lead_with_their_sources(run: Run) -> None:
    data = await run(
        '{ plan(id: "plan/ke-hoach-hanh-dong-781") '
        "{ gaps(kinds: [NO_LEAD]) { kind subjectId sources { documentId } } } }"
    )
    gaps = data["plan"]["gaps"]
    assert gaps, "781's appendix table was not found, so its tasks have no lead"
    assert all(g["kind"] == "NO_LEAD" and g["sources"] for g in gaps)


async def test_responsibility_matrix(run: Run) -> None:
    data = await run(
        '{ plan(id: "plan/chien-luoc-cds-bao-chi") { responsibilityMatrix '
        "{ csvPath agencies { id } rows { task { id } cells { agency { id } role } } } } }"
    )
    matrix = data["plan"]["responsibilityMatrix"]
    assert matrix["csvPath"] == "/plans/chien-luoc-cds-bao-chi/matrix.csv"
    roles = {(c["agency"]["id"], c["role"]) for r in matrix["rows"] for c in r["cells"]}
    assert ("agency/bo-tttt", "LEAD") in roles


async def test_workload_groups_by_deadline_state(run: Run) -> None:
    data = await run(
        '{ agency(id: "agency/bo-tttt") { workload(asOf: "2025-06-01", includeSubUnits: true) '
        "{ leadCount supportCount byState { state count } assignments { agency { id } role state } } } }"
    )
    workload = data["agency"]["workload"]
    assert sum(s["count"] for s in workload["byState"]) == len(workload["assignments"])
    assert workload["leadCount"] + workload["supportCount"] == len(workload["assignments"])
    assert {s["state"] for s in workload["byState"]} == {"DONE", "ON_TRACK", "DUE_SOON", "OVERDUE", "NO_DEADLINE"}


async def test_a_bad_id_loses_only_its_own_field_and_suggests_the_right_one(bundled_store: Store) -> None:
    result = await build_schema().execute(
        '{ a: agency(id: "agency/cuc-bao-chi") { name } b: agency(id: "agency/cuc-bao-chii") { name } }',
        context_value=Context(bundled_store, Derived(bundled_store)),
    )
    assert result.data == {"a": {"name": "Cục Báo chí"}, "b": None}
    [error] = result.errors or []
    assert error.message == "no agency with id 'agency/cuc-bao-chii'; did you mean 'agency/cuc-bao-chi'?"
    assert error.extensions == {"code": "NOT_FOUND"}


async def test_an_id_of_another_type_says_so(bundled_store: Store) -> None:
    result = await build_schema().execute(
        '{ agency(id: "plan/chien-luoc-cds-bao-chi") { name } }',
        context_value=Context(bundled_store, Derived(bundled_store)),
    )
    assert result.errors
    assert "is a Plan, not an Agency" in result.errors[0].message


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ('{ task(id: "781-nen-tang-dung-chung") { id } }', "task/781-nen-tang-dung-chung"),
        ('{ agency(id: "cuc-bao-chi") { id } }', "agency/cuc-bao-chi"),
        ('{ plan(id: "task/ke-hoach-hanh-dong-781") { id } }', "plan/ke-hoach-hanh-dong-781"),
    ],
)
async def test_a_key_without_its_type_is_told_the_id_it_stands_for(
    bundled_store: Store, query: str, meant: str
) -> None:
    result = await build_schema().execute(query, context_value=Context(bundled_store, Derived(bundled_store)))
    [error] = result.errors or []
    assert f"did you mean {meant!r}? ids start with '{meant.split('/')[0]}/'" in error.message


async def test_an_unknown_id_in_a_filter_is_an_error_not_an_empty_list(bundled_store: Store) -> None:
    result = await build_schema().execute(
        '{ tasks(filter: {agency: "MIC"}) { totalCount } }',
        context_value=Context(bundled_store, Derived(bundled_store)),
    )
    assert result.errors
    assert "no agency with id 'MIC'; did you mean 'agency/bo-tttt'" in result.errors[0].message
