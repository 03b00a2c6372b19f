"""Search over names, abbreviations and aliases in both languages, typed any way.

Planners type "cuc bao chi" for Cục Báo chí and "MIC" for Bộ TT&TT, so every
spelling is folded (no diacritics, case or punctuation) and also compacted (no
spaces) for abbreviations. Ranking: an exact spelling beats a prefix, a prefix
beats words found anywhere, and a fuzzy match (rapidfuzz) comes last; agencies
win ties because they are what people look up most. A draft (a plan whose status
is draft, what is in it, a document of type draft) ranks below what was adopted:
its score is ``DRAFT_PENALTY`` less, more than a rule's spread of scores and the
label weights together, so whatever the same rule matches in adopted plans comes
first; the draft is still found, and its hit says it is one. The index is
derived once per data version (``SEARCH_INDEX``, held by the app's
``graph.derived.Derived``).
"""

from __future__ import annotations

import heapq
import itertools
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from stratagraph.graph.derived import Derived, Recipe
from stratagraph.graph.store import Store
from stratagraph.model.records import Direction, Label, Node, PlanStatus, Rel
from stratagraph.model.text import compact, fold

SPELLING_PROPS = ("nameVi", "nameEn", "abbreviation", "number")
LABEL_WEIGHT = {
    Label.AGENCY: 3,
    Label.PLAN: 2,
    Label.DOCUMENT: 2,
    Label.INDICATOR: 1,
    Label.TASK: 1,
    Label.TARGET: 0,
    Label.MEASUREMENT: 0,
    Label.ACTIVITY: 0,
}
MOST_BONUS = max(LABEL_WEIGHT.values()) / 10
"""The most a node's label adds to a rule's score: a spelling scored lower by more than this cannot outrank."""
DRAFT_PENALTY = 7.0
"""Points a draft's match loses: more than the widest rule's spread (words: 80 down to 74) plus the label weights."""


@dataclass(frozen=True)
class Hit:
    id: str
    label: Label
    score: float
    matched: str  # the spelling that matched, as written
    draft: bool = False  # a draft plan, in one, or a draft document: never adopted


@dataclass
class SearchIndex:
    """Every spelling of every searchable node, folded, with lookups that find the matches without a full scan.

    What a rule matches depends only on the folded spelling, and names repeat
    (a plan's tasks, the same unit in every ministry), so the lookups are built
    over the distinct folded spellings, once per data version: exact spellings
    in dicts, prefixes by bisection of the sorted spellings, abbreviation
    endings by bisection of the reversed compacted spellings, words by a sorted
    word list with the spellings each word begins, and the fuzzy match scores
    each distinct spelling once. A search ranks only the candidates the lookups
    give, with the same rules as a scan of every spelling (so the answers are the
    same, ``tests/queries/test_search.py``), highest score first, and stops once
    no lower score can be among the first ``limit``: its time follows the page
    asked rather than the graph (figures: ``bench/README.md``).
    """

    spellings: list[tuple[str, str, str, Label]]  # (folded, compacted, original, label)
    ids: list[str]
    drafts: frozenset[str] = frozenset()  # ids of drafts, ranked below what was adopted
    _distinct: list[str] = field(default_factory=list, repr=False)  # distinct folded spellings
    _members: list[array[int]] = field(default_factory=list, repr=False)  # the spellings of each, in order
    _distinct_of: array[int] = field(default_factory=lambda: array("I"), repr=False)  # spelling -> distinct
    _exact: dict[str, int] = field(default_factory=dict, repr=False)
    _exact_compact: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _folded: list[str] = field(default_factory=list, repr=False)  # sorted
    _folded_at: array[int] = field(default_factory=lambda: array("I"), repr=False)
    _backwards: list[str] = field(default_factory=list, repr=False)  # compacted, reversed, sorted
    _backwards_at: array[int] = field(default_factory=lambda: array("I"), repr=False)
    _words: list[str] = field(default_factory=list, repr=False)  # distinct words, sorted
    _postings: list[array[int]] = field(default_factory=list, repr=False)  # distinct spellings holding each word
    _counts: array[int] = field(default_factory=lambda: array("Q"), repr=False)  # running total of postings

    @classmethod
    def build(cls, nodes: list[Node], drafts: frozenset[str] = frozenset()) -> SearchIndex:
        """The index of ``nodes`` (``drafts``: those never adopted)."""
        rows: list[tuple[str, str, str, Label]] = []
        ids: list[str] = []
        folds: dict[str, tuple[str, str]] = {}
        for node in nodes:
            for spelling in spellings_of(node):
                folded = folds.get(spelling)
                if folded is None:
                    text = fold(spelling)
                    folded = folds[spelling] = (text, text.replace(" ", ""))  # compact() without folding twice
                rows.append((folded[0], folded[1], spelling, node.label))
                ids.append(node.id)
        index = cls(rows, ids, drafts)
        index._build_lookups()
        return index

    def _build_lookups(self) -> None:
        for i, (folded, compacted, _, _) in enumerate(self.spellings):
            d = self._exact.get(folded)
            if d is None:
                d = self._exact[folded] = len(self._distinct)
                self._distinct.append(folded)
                self._members.append(array("I"))
                self._exact_compact.setdefault(compacted, []).append(d)
            self._members[d].append(i)
            self._distinct_of.append(d)
        words: dict[str, array[int]] = {}
        for d, folded in enumerate(self._distinct):
            for word in set(folded.split()):
                posting = words.get(word)
                if posting is None:
                    posting = words[word] = array("I")
                posting.append(d)
        by_folded = sorted(range(len(self._distinct)), key=self._distinct.__getitem__)
        self._folded = [self._distinct[d] for d in by_folded]
        self._folded_at = array("I", by_folded)
        backwards = {d: self._distinct[d].replace(" ", "")[::-1] for d in range(len(self._distinct))}
        by_backwards = sorted(backwards, key=backwards.__getitem__)
        self._backwards = [backwards[d] for d in by_backwards]
        self._backwards_at = array("I", by_backwards)
        self._words = sorted(words)
        self._postings = [words[w] for w in self._words]
        self._counts = array("Q", [0])
        for posting in self._postings:
            self._counts.append(self._counts[-1] + len(posting))

    def _candidates(self, query: str, query_compact: str, words: list[str]) -> set[int]:
        """The distinct spellings some rule of ``search`` can match; a superset, each is checked again."""
        found: set[int] = set(self._exact_compact.get(query_compact, ()))
        exact = self._exact.get(query)
        if exact is not None:
            found.add(exact)
        found.update(self._folded_at[slice(*_prefixed(self._folded, query))])
        if len(query_compact) >= 3 and " " not in query:
            found.update(self._backwards_at[slice(*_prefixed(self._backwards, query_compact[::-1]))])
        if words:
            # Every word must begin a word of the spelling: the rarest word's spellings hold all matches.
            ranges = [_prefixed(self._words, w) for w in words]
            lo, hi = min(ranges, key=lambda r: self._counts[r[1]] - self._counts[r[0]])
            found.update(*self._postings[lo:hi])
        return found

    def search(self, text: str, labels: set[Label] | None = None, limit: int = 20) -> list[Hit]:
        query, query_compact = fold(text), compact(text)
        if not query or limit <= 0:
            return []
        words = query.split()
        scores: dict[int, float] = {}
        for d in self._candidates(query, query_compact, words):
            folded = self._distinct[d]
            compacted = folded.replace(" ", "")
            if folded == query or compacted == query_compact:
                scores[d] = 100.0
            elif folded.startswith(query):
                scores[d] = 90.0 - min(len(folded) - len(query), 40) / 10
            elif len(query_compact) >= 3 and compacted.endswith(query_compact) and " " not in query:
                scores[d] = 85.0  # an abbreviation without its "Bộ"/"Cục": "vhttdl" for "Bộ VHTTDL"
            elif all(f" {w}" in f" {folded}" for w in words):
                scores[d] = 80.0 - min(len(folded) - len(query), 60) / 10
        # Spellings are offered by rule score, highest first (those of one score in spelling order,
        # as the scan offers them), so a node's first score is its best. Once ``limit`` nodes score
        # more than a lower rule score plus the heaviest label could, no later spelling is returned.
        best: dict[str, tuple[float, int]] = {}  # node id -> its best score, rounded as a hit's, and the spelling
        firsts: list[float] = []  # a heap of the best ``limit`` nodes' scores so far
        for score, group in itertools.groupby(sorted(scores, key=lambda d: -scores[d]), key=scores.__getitem__):
            if len(firsts) == limit and firsts[0] >= round(score + MOST_BONUS, 2) + 0.01:
                break
            for index in heapq.merge(*(self._members[d] for d in group)):
                new = self._offer(best, index, score, labels)
                if new is None:
                    continue
                if len(firsts) < limit:
                    heapq.heappush(firsts, new)
                else:
                    heapq.heappushpop(firsts, new)
        if len(best) < limit:
            for index, score in self._fuzzy(query, limit * 3, labels):
                self._offer(best, index, score * 0.75, labels)  # below every word match, in rapidfuzz order
        top = heapq.nsmallest(limit, best.items(), key=lambda item: (-item[1][0], item[0] in self.drafts, item[0]))
        return [self._hit(node_id, score, index) for node_id, (score, index) in top]

    def _offer(
        self, best: dict[str, tuple[float, int]], index: int, score: float, labels: set[Label] | None
    ) -> float | None:
        """Keep spelling ``index`` for its node if it scores higher than the node's best so far (the first on a tie);
        the node's score when it is new.

        A common word matches many thousand spellings, so this keeps only a score and an index:
        a ``Hit`` is made for the few that are returned.
        """
        label = self.spellings[index][3]
        if labels and label not in labels:
            return None
        node_id = self.ids[index]
        score += LABEL_WEIGHT[label] / 10 - (DRAFT_PENALTY if node_id in self.drafts else 0)
        kept = best.get(node_id)
        if kept is None or kept[0] < score:
            best[node_id] = (round(score, 2), index)
        return best[node_id][0] if kept is None else None

    def _hit(self, node_id: str, score: float, index: int) -> Hit:
        _, _, original, label = self.spellings[index]
        return Hit(node_id, label, score, original, node_id in self.drafts)

    def _fuzzy(self, query: str, wanted: int, labels: set[Label] | None) -> list[tuple[int, float]]:
        """The ``wanted`` best spellings of ``labels`` by rapidfuzz's WRatio (at least 75), best first, ties in
        spelling order.

        What ``process.extract`` over every spelling of those labels gives, with each distinct spelling scored
        once. The labels are chosen first: taken after, the best spellings of other types crowd out those asked for.
        """
        scored = process.extract(query, self._distinct, scorer=fuzz.WRatio, limit=None, score_cutoff=75)
        scored.sort(key=lambda hit: -hit[1])
        taken: list[tuple[int, float]] = []
        for score, group in itertools.groupby(scored, key=lambda hit: hit[1]):
            members: Iterable[int] = heapq.merge(*(self._members[d] for _, _, d in group))
            if labels:
                members = (index for index in members if self.spellings[index][3] in labels)
            taken.extend((index, score) for index in itertools.islice(members, wanted - len(taken)))
            if len(taken) >= wanted:
                break
        return taken


def _prefixed(ordered: list[str], prefix: str) -> tuple[int, int]:
    """The range of ``ordered`` (sorted) holding the strings that start with ``prefix``."""
    return bisect_left(ordered, prefix), bisect_left(ordered, prefix + "\U0010ffff")


def spellings_of(node: Node) -> list[str]:
    spellings = [value for name in SPELLING_PROPS if isinstance(value := node.get(name), str) and value]
    aliases = node.get("aliases")
    if isinstance(aliases, tuple):
        spellings.extend(str(a) for a in aliases)
    return spellings


async def _read(derived: Derived) -> tuple[list[Node], frozenset[str]]:
    nodes: list[Node] = []
    for label in Label:
        if LABEL_WEIGHT[label] > 0:
            nodes.extend(await derived.store.find(label))
    return nodes, await drafts_among(derived.store, nodes)


def _build(read: tuple[list[Node], frozenset[str]]) -> SearchIndex:
    return SearchIndex.build(*read)


SEARCH_INDEX: Recipe[[], tuple[list[Node], frozenset[str]], SearchIndex] = Recipe("search index", _read, _build)
"""The search index of the current data version: ``await derived.get(SEARCH_INDEX)``."""


async def search(derived: Derived, text: str, labels: set[Label] | None = None, limit: int = 20) -> list[Hit]:
    """The best ``limit`` hits for ``text`` in the current version (see ``SearchIndex.search``)."""
    return (await derived.get(SEARCH_INDEX)).search(text, labels, limit)


async def drafts_among(store: Store, nodes: list[Node]) -> frozenset[str]:
    """The ids of ``nodes`` never adopted: draft plans, what is in them, and draft documents."""
    plans = sorted(n.id for n in nodes if n.label is Label.PLAN and n.get("status") == PlanStatus.DRAFT)
    members = {e.source for e in await store.neighbours(plans, Rel.IN_PLAN, Direction.IN)} if plans else set()
    documents = {n.id for n in nodes if n.label is Label.DOCUMENT and n.get("docType") == "draft"}
    return frozenset({*plans, *members, *documents})
