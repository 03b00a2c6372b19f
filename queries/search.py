"""Search over names, abbreviations and aliases in both languages, typed any way.

Planners type "cuc bao chi" for Cục Báo chí and "MIC" for Bộ TT&TT, so every
spelling is folded (no diacritics, case or punctuation) and also compacted (no
spaces) for abbreviations. Ranking: an exact spelling beats a prefix, a prefix
beats words found anywhere, and a fuzzy match (rapidfuzz) comes last; agencies
win ties because they are what people look up most. The index is rebuilt only
when the store's data version changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.records import Label, Node
from graph.store import Store
from stratagraph.text import compact, fold

SPELLING_PROPS = ("nameVi", "nameEn", "abbreviation", "number")
LABEL_WEIGHT = {
    Label.AGENCY: 3,
    Label.PLAN: 2,
    Label.DOCUMENT: 2,
    Label.INDICATOR: 1,
    Label.TASK: 1,
    Label.TARGET: 0,
    Label.MEASUREMENT: 0,
}


@dataclass(frozen=True)
class Hit:
    id: str
    label: Label
    score: float
    matched: str  # the spelling that matched, as written


@dataclass
class SearchIndex:
    version: int
    spellings: list[tuple[str, str, str, Label]]  # (folded, compacted, original, ...)
    ids: list[str]

    @classmethod
    def build(cls, version: int, nodes: list[Node]) -> SearchIndex:
        rows: list[tuple[str, str, str, Label]] = []
        ids: list[str] = []
        for node in nodes:
            for spelling in spellings_of(node):
                rows.append((fold(spelling), compact(spelling), spelling, node.label))
                ids.append(node.id)
        return cls(version, rows, ids)

    def search(self, text: str, labels: set[Label] | None = None, limit: int = 20) -> list[Hit]:
        query, query_compact = fold(text), compact(text)
        if not query:
            return []
        best: dict[str, Hit] = {}

        def offer(index: int, score: float) -> None:
            _, _, original, label = self.spellings[index]
            if labels and label not in labels:
                return
            node_id = self.ids[index]
            score += LABEL_WEIGHT[label] / 10
            if node_id not in best or best[node_id].score < score:
                best[node_id] = Hit(node_id, label, round(score, 2), original)

        words = query.split()
        for index, (folded, compacted, _, _) in enumerate(self.spellings):
            if folded == query or compacted == query_compact:
                offer(index, 100.0)
            elif folded.startswith(query):
                offer(index, 90.0 - min(len(folded) - len(query), 40) / 10)
            elif len(query_compact) >= 3 and compacted.endswith(query_compact) and " " not in query:
                offer(index, 85.0)  # an abbreviation without its "Bộ"/"Cục": "vhttdl" for "Bộ VHTTDL"
            elif all(f" {w}" in f" {folded}" for w in words):
                offer(index, 80.0 - min(len(folded) - len(query), 60) / 10)
        if len(best) < limit:
            choices = [row[0] for row in self.spellings]
            for _, score, index in process.extract(
                query, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=75
            ):
                offer(index, score * 0.75)  # below every word match, in rapidfuzz order
        return sorted(best.values(), key=lambda h: (-h.score, h.id))[:limit]


def spellings_of(node: Node) -> list[str]:
    spellings = [value for name in SPELLING_PROPS if isinstance(value := node.get(name), str) and value]
    aliases = node.get("aliases")
    if isinstance(aliases, tuple):
        spellings.extend(str(a) for a in aliases)
    return spellings


class Searcher:
    """A search index kept in step with one store's data version."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: SearchIndex | None = None

    async def index(self) -> SearchIndex:
        version = await self.store.version()
        if self._index is None or self._index.version != version:
            nodes: list[Node] = []
            for label in Label:
                if LABEL_WEIGHT[label] > 0:
                    nodes.extend(await self.store.find(label))
            self._index = SearchIndex.build(version, nodes)
        return self._index

    async def search(self, text: str, labels: set[Label] | None = None, limit: int = 20) -> list[Hit]:
        return (await self.index()).search(text, labels, limit)
