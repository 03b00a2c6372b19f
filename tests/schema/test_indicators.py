"""The maturity index as structure: versions, pillars with their caps, counts and levels, through GraphQL."""

from __future__ import annotations

from tests.schema.conftest import Run

INDEX = """
{
  indicator(id: "indicator/chi-so-truong-thanh-cds-bao-chi") {
    name
    versions {
      id
      adoptedBy { number date }
      replaces { id }
      replacedBy { id }
      versionOf { id }
      maxScore criteriaCount componentCount levelCount
      narrower { id name rank maxScore }
      levels { name rank scoreFrom scoreBelow levelOf { id } }
      sources { kind page quote }
    }
  }
}
"""

PILLARS = ["Chiến lược", "Hạ tầng số", "Sự đồng nhất", "Độc giả", "Mức độ ứng dụng"]


async def test_the_index_has_two_versions_each_issued_by_its_decision(run: Run) -> None:
    versions = (await run(INDEX))["indicator"]["versions"]
    assert [v["adoptedBy"] for v in versions] == [
        {"number": "951/QĐ-BTTTT", "date": "2023-06-02"},
        {"number": "1827/QĐ-BTTTT", "date": "2024-10-24"},
    ]
    old, new = versions
    assert new["replaces"] == [{"id": old["id"]}]
    assert old["replacedBy"] == [{"id": new["id"]}]
    assert {v["versionOf"]["id"] for v in versions} == {"indicator/chi-so-truong-thanh-cds-bao-chi"}


async def test_what_changed_between_951_and_1827_is_one_criterion(run: Run) -> None:
    old, new = (await run(INDEX))["indicator"]["versions"]
    counts = ("maxScore", "criteriaCount", "componentCount", "levelCount")
    assert [old[c] for c in counts] == [100, 42, 10, 5]
    assert [new[c] for c in counts] == [100, 43, 10, 5]


async def test_each_version_has_five_pillars_in_the_sources_order_with_caps_summing_to_100(run: Run) -> None:
    for version in (await run(INDEX))["indicator"]["versions"]:
        pillars = version["narrower"]
        assert [p["rank"] for p in pillars] == [1, 2, 3, 4, 5]
        assert all(p["name"].startswith(f"Trụ cột {words}") for p, words in zip(pillars, PILLARS, strict=True))
        assert [p["maxScore"] for p in pillars] == [18, 24, 20, 23, 15], version["id"]
        assert sum(p["maxScore"] for p in pillars) == version["maxScore"]


async def test_levels_lowest_first_with_the_thresholds_the_sources_give(run: Run) -> None:
    old, new = (await run(INDEX))["indicator"]["versions"]
    assert [(level["rank"], level["scoreFrom"], level["scoreBelow"]) for level in new["levels"]] == [
        (1, None, 50),
        (2, None, None),
        (3, None, None),
        (4, None, None),
        (5, 90, None),
    ]
    assert [level["name"] for level in new["levels"]][0::4] == ["Mức Yếu (QĐ 1827)", "Mức Xuất sắc (QĐ 1827)"]
    assert {level["levelOf"]["id"] for level in new["levels"]} == {new["id"]}
    # 951: five levels "từ yếu đến xuất sắc", only the two ends named, no thresholds
    assert [(level["rank"], level["scoreFrom"], level["scoreBelow"]) for level in old["levels"]] == [
        (1, None, None),
        (5, None, None),
    ]


async def test_every_version_cites_its_counts(run: Run) -> None:
    old, new = (await run(INDEX))["indicator"]["versions"]
    assert any("42 tiêu chí" in (s["quote"] or "") and s["page"] == "B2" for s in old["sources"])
    assert any("43 tiêu chí" in (s["quote"] or "") and s["page"] == "B6" for s in new["sources"])


async def test_a_decision_lists_the_index_version_it_issues_not_as_a_plan(run: Run) -> None:
    data = await run("""{ document(id: "document/qd-1827-2024-btttt") { adopts { id } issuesIndicators { id } } }""")
    assert data["document"] == {
        "adopts": [],
        "issuesIndicators": [{"id": "indicator/chi-so-truong-thanh-cds-bao-chi-1827"}],
    }
