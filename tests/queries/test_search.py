"""Search as planners type: no diacritics, abbreviations, English names, typos."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bench.synthetic import generate
from stratagraph.graph.derived import Derived
from stratagraph.graph.store import Store
from stratagraph.model.records import Batch, Label, Node
from stratagraph.model.text import compact, fold
from stratagraph.queries.search import DRAFT_PENALTY, LABEL_WEIGHT, SEARCH_INDEX, Hit, SearchIndex, search


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cuc bao chi", "agency/cuc-bao-chi"),
        ("Cục Báo chí", "agency/cuc-bao-chi"),
        ("CUC BAO CHI", "agency/cuc-bao-chi"),
        ("Press Department", "agency/cuc-bao-chi"),
        ("MIC", "agency/bo-tttt"),
        ("Bộ TT&TT", "agency/bo-tttt"),
        ("bo tttt", "agency/bo-tttt"),
        ("vhttdl", "agency/bo-vhttdl"),
        ("348/QĐ-TTg", "document/qd-348-2023-ttg"),
        ("cuc bao chj", "agency/cuc-bao-chi"),
    ],
)
async def test_first_hit(bundled_store: Store, text: str, expected: str) -> None:
    hits = await search(Derived(bundled_store), text)
    assert hits[0].id == expected, hits[:3]


async def test_types_narrow_the_search(bundled_store: Store) -> None:
    hits = await search(Derived(bundled_store), "chuyen doi so bao chi", {Label.PLAN})
    assert hits
    assert {h.label for h in hits} == {Label.PLAN}


async def test_an_adopted_plans_indicator_ranks_above_the_drafts_and_the_draft_says_so(bundled_store: Store) -> None:
    hits = await search(Derived(bundled_store), "tòa soạn hội tụ")
    ids = [h.id for h in hits]
    adopted, draft = "indicator/toa-soan-hoi-tu", "indicator/du-thao-toa-soan-hoi-tu-da-phuong-tien"
    assert ids[0] == adopted, hits[:3]
    assert ids.index("task/781-nen-tang-dung-chung") < ids.index(draft), "a task of an adopted plan, same words"
    found = hits[ids.index(draft)]
    assert found.draft
    assert not hits[0].draft
    assert found.matched.startswith("(Dự thảo)")


async def test_a_draft_is_still_found_first_when_nothing_adopted_matches(bundled_store: Store) -> None:
    hits = await search(Derived(bundled_store), "thu phi ban doc")
    assert (hits[0].id, hits[0].draft) == ("indicator/du-thao-thu-phi-ban-doc", True)


SAME_RULE = [  # each holds the words "chỉ số" but does not begin with them: the word rule, scores 74 to 80
    "Bộ chỉ số",
    "Bộ chỉ số đánh giá",
    "Số lượng chỉ số thành phần",
    "Bộ Chỉ số đánh giá, đo lường mức độ trưởng thành chuyển đổi số báo chí của các cơ quan báo chí cả nước",
]


@pytest.mark.parametrize("label", [Label.TASK, Label.INDICATOR])
def test_for_the_same_rule_every_adopted_match_ranks_above_every_draft(label: Label) -> None:
    """Whatever their lengths and types: a draft loses more than the rule's spread and the label weights."""
    nodes = [Node(f"{label.value.lower()}/a{i}", label, {"nameVi": name}) for i, name in enumerate(SAME_RULE)]
    nodes += [Node(f"plan/d{i}", Label.PLAN, {"nameVi": name}) for i, name in enumerate(SAME_RULE)]
    hits = SearchIndex.build(nodes, frozenset(f"plan/d{i}" for i in range(len(SAME_RULE)))).search("chi so")
    assert len(hits) == 2 * len(SAME_RULE)
    assert [h.draft for h in hits] == [False] * len(SAME_RULE) + [True] * len(SAME_RULE), hits


async def test_index_follows_the_data_version(bundled_store: Store) -> None:
    derived = Derived(bundled_store)
    first = await derived.get(SEARCH_INDEX)
    assert await derived.get(SEARCH_INDEX) is first
    await bundled_store.write(Batch())
    assert await derived.get(SEARCH_INDEX) is not first


# --- the index answers as a scan of every spelling would -------------------------------------

WORDS = ["so", "sở", "thong", "thông", "tin", "truyen", "truyền", "bo", "bộ", "cuc", "cục", "bao", "báo", "chi", "chí"]
WORDS += ["ke", "kế", "hoach", "hoạch", "tt&tt", "vhttdl", "ha", "hà", "noi", "nội", "2025", "a", "ab", "abc"]


def scan(index: SearchIndex, text: str, labels: set[Label] | None = None, limit: int = 20) -> list[Hit]:
    """The search as one loop over every spelling: the definition the index must agree with."""
    query, query_compact = fold(text), compact(text)
    if not query:
        return []
    best: dict[str, Hit] = {}

    def offer(i: int, score: float) -> None:
        _, _, original, label = index.spellings[i]
        if labels and label not in labels:
            return
        draft = index.ids[i] in index.drafts
        score += LABEL_WEIGHT[label] / 10 - (DRAFT_PENALTY if draft else 0)
        if index.ids[i] not in best or best[index.ids[i]].score < score:
            best[index.ids[i]] = Hit(index.ids[i], label, round(score, 2), original, draft)

    words = query.split()
    for i, (folded, compacted, _, _) in enumerate(index.spellings):
        if folded == query or compacted == query_compact:
            offer(i, 100.0)
        elif folded.startswith(query):
            offer(i, 90.0 - min(len(folded) - len(query), 40) / 10)
        elif len(query_compact) >= 3 and compacted.endswith(query_compact) and " " not in query:
            offer(i, 85.0)
        elif all(f" {w}" in f" {folded}" for w in words):
            offer(i, 80.0 - min(len(folded) - len(query), 60) / 10)
    if len(best) < limit:
        asked = [i for i, row in enumerate(index.spellings) if not labels or row[3] in labels]
        choices = [index.spellings[i][0] for i in asked]
        for _, score, at in process.extract(query, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=75):
            offer(asked[at], score * 0.75)
    return sorted(best.values(), key=lambda h: (-h.score, h.draft, h.id))[:limit]


names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([Label.AGENCY, Label.TASK, Label.PLAN]), names, st.booleans()),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    st.sampled_from([1, 3, 20]),
)
def test_the_index_agrees_with_a_scan(nodes: list[tuple[Label, str, bool]], text: str, limit: int) -> None:
    batch = [Node(f"{label.value.lower()}/n{i}", label, {"nameVi": name}) for i, (label, name, _) in enumerate(nodes)]
    drafts = frozenset(f"{label.value.lower()}/n{i}" for i, (label, _, draft) in enumerate(nodes) if draft)
    index = SearchIndex.build(batch, drafts)
    for labels in (None, {Label.TASK}):
        assert index.search(text, labels, limit) == scan(index, text, labels, limit)


async def test_the_synthetic_graph_answers_as_a_scan() -> None:
    batch = generate(300)
    index = SearchIndex.build([n for n in batch.nodes if LABEL_WEIGHT[n.label] > 0])
    for text in ("so thong tin va truyen thong", "ke hoach", "bo", "cds", "chuyen doi so bao chi 2025", "xyz"):
        assert index.search(text) == scan(index, text), text


def test_common_words_answer_as_a_scan_for_every_page_size_label_and_draft() -> None:
    """A common word matches thousands of spellings and the search stops once no lower score can reach the page;
    labels add up to ``MOST_BONUS`` and drafts lose ``DRAFT_PENALTY``, so where it stops must allow for both."""
    batch = generate(1000)
    nodes = [n for n in batch.nodes if LABEL_WEIGHT[n.label] > 0]
    index = SearchIndex.build(nodes, frozenset(n.id for n in nodes[::7]))
    words = sorted({w for n in nodes for w in fold(str(n.get("nameVi", ""))).split() if len(w) >= 4})
    rng = random.Random(0)
    for text in [*rng.sample(words, 30), *(w[:2] for w in rng.sample(words, 10))]:
        for limit in (1, 3, 20):
            for labels in (None, {Label.TASK}, {Label.AGENCY, Label.PLAN}):
                assert index.search(text, labels, limit) == scan(index, text, labels, limit), (text, limit, labels)


def test_a_lower_rule_score_with_a_heavier_label_still_ties_for_the_first_place() -> None:
    """The task's prefix scores 89.7 + 0.1 and the agency's 89.5 + 0.3: a tie the search must not stop before."""
    task = Node("task/x", Label.TASK, {"nameVi": "Kế hoạch ab"})
    agency = Node("agency/y", Label.AGENCY, {"nameVi": "Kế hoạch abcd"})
    [hit] = SearchIndex.build([task, agency]).search("ke hoach", limit=1)
    assert (hit.id, hit.score) == ("agency/y", 89.8)  # on a tie, by id


def test_a_page_of_none_is_empty() -> None:
    """``search(first: 0)`` is a valid request (a client asking only whether the query parses)."""
    index = SearchIndex.build([Node("agency/a", Label.AGENCY, {"nameVi": "Cục Báo chí"})])
    assert index.search("cuc bao chi", limit=0) == []


def test_loose_matches_are_taken_among_the_types_asked_for() -> None:
    """Asked for indicators, a typed name that loosely matches many agencies still finds the indicators it matches.

    The loose (fuzzy) step took the best spellings of every type and dropped the other types after, so
    ``first: 3`` found nothing where ``first: 20`` found two (a new-user trial, "cuc bao chi" [INDICATOR]).
    """
    agencies = [Node(f"agency/cuc-{i}", Label.AGENCY, {"nameVi": f"Cục Báo chí {i}"}) for i in range(12)]
    indicator = Node("indicator/x", Label.INDICATOR, {"nameVi": "Chỉ số báo chí số"})
    index = SearchIndex.build([*agencies, indicator])
    small, large = (index.search("cuc bao chi", {Label.INDICATOR}, limit) for limit in (1, 20))
    assert [h.id for h in large] == ["indicator/x"]
    assert small == large[:1]
