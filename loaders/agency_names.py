"""Resolving what a person wrote ("Cuc Bao chi", "MIC", "Bộ TT&TT") to one agency id."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from stratagraph.model.records import Node
from stratagraph.model.text import compact, fold


@dataclass
class NameIndex:
    """Every name variant of every entity of one kind (name, abbreviation, alias, id), folded, mapped to ids.

    A name variant shared by two entities (two "Sở TT&TT") is ambiguous and resolves
    to neither; the error lists both so the writer can use the id.
    """

    kind: str
    _by_name_variant: dict[str, set[str]] = field(default_factory=dict)
    _display: dict[str, str] = field(default_factory=dict)
    _hints: dict[str, str] = field(default_factory=dict)
    words: int = 1
    """The most words any name variant holds, for ``split_names``: no longer run of parts can name one."""

    def add(self, entity_id: str, display: str, name_variants: Iterable[str]) -> None:
        self._display[entity_id] = display
        self._hints.clear()
        key = entity_id.split("/", 1)[-1]
        for name_variant in (entity_id, key, *name_variants):
            self.words = max(self.words, len(fold(name_variant).split()))
            for variant in {fold(name_variant), compact(name_variant)}:
                if variant:
                    self._by_name_variant.setdefault(variant, set()).add(entity_id)

    def add_stored(self, node: Node) -> None:
        """A stored agency, by every name it goes by: Vietnamese, English, abbreviation, aliases."""
        name_variants = [v for name in ("nameVi", "nameEn", "abbreviation") if isinstance(v := node.get(name), str)]
        aliases = node.get("aliases")
        if isinstance(aliases, tuple):
            name_variants.extend(str(a) for a in aliases)
        self.add(node.id, str(node.get("nameVi", node.id)), name_variants)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self._display

    def resolve(self, text: str) -> tuple[str | None, str]:
        """The id ``text`` names, or None with a hint ("did you mean ...?")."""
        candidates = self._candidates(text)
        if len(candidates) == 1:
            return next(iter(candidates)), ""
        if len(candidates) > 1:
            names = ", ".join(f"{self._display[c]} ({c})" for c in sorted(candidates))
            return None, f"{text!r} names several {self.kind}s: {names}; use the id"
        return None, self.suggest(text)

    def names_one(self, text: str) -> bool:
        """Whether ``text`` names exactly one entity: ``resolve`` without looking for a hint."""
        return len(self._candidates(text)) == 1

    def _candidates(self, text: str) -> set[str]:
        candidates: set[str] = set()
        for variant in (fold(text), compact(text)):
            candidates |= self._by_name_variant.get(variant, set())
        return candidates

    def suggest(self, text: str) -> str:
        """The names closest to ``text``, looked for once per text and for the first ``SUGGESTED`` texts:
        a cell may name thousands of unknown agencies, and each search goes through every name variant."""
        hint = self._hints.get(text)
        if hint is None:
            hint = self._suggest(text) if len(self._hints) < SUGGESTED else self._add_it()
            self._hints[text] = hint
        return hint

    def _add_it(self) -> str:
        return f"add the {self.kind} to the dataset, or use the id of an existing one"

    def _suggest(self, text: str) -> str:
        choices = {name: ids for name, ids in self._by_name_variant.items() if " " in name or len(name) > 3}
        # the whole name misspelt first ("Cục Báo trí"), then a name whose words are all in one known
        # ("Cục PTTH"); each with a cut-off, so that a name sharing a syllable ("Vụ Kế hoạch – Tài chính",
        # "Chính phủ") is no suggestion: WRatio's partial matches offered such names
        best = process.extract(fold(text), list(choices), scorer=fuzz.ratio, limit=3, score_cutoff=SIMILAR)
        if not best:
            best = process.extract(fold(text), list(choices), scorer=fuzz.token_set_ratio, limit=3, score_cutoff=85)
        seen: list[str] = []
        for name, _score, _index in best:
            for entity_id in sorted(choices[name]):
                if entity_id not in seen:
                    seen.append(entity_id)
        if not seen:
            return self._add_it()
        options = " or ".join(f"{self._display[e]!r} ({e})" for e in seen[:3])
        return f"did you mean {options}?"


SIMILAR = 75
"""The least ``fuzz.ratio`` (0-100) of a name misspelt to the one suggested."""
SUGGESTED = 1000
"""Unknown names (distinct texts) that get a did-you-mean hint from one index."""
_SEPARATORS = re.compile(r"[;\n]+")
_OUTSIDE_BRACKETS = re.compile(r",(?![^()]*\))")
"""A comma not inside brackets: "Vụ X (Bộ Văn hóa, Thể thao và Du lịch)" names one unit and its parent."""


def split_names(index: NameIndex, text: str) -> list[str]:
    """Split a cell naming several agencies ("Cục Báo chí; Cục PTTH&TTĐT, Bộ Công an").

    Semicolons and line breaks always separate. Commas separate too, except
    within brackets ("Vụ X (Bộ Văn hóa, Thể thao và Du lịch)": a unit and its parent) and
    inside a name that contains them ("Bộ Văn hóa, Thể thao và Du lịch"): the
    longest run of comma-separated parts that names a known agency wins. A run
    has no more parts than the longest name has words (empty parts are dropped),
    so a cell of thousands of commas is read in time proportional to its length.
    """
    names: list[str] = []
    for piece in (p.strip() for p in _SEPARATORS.split(text)):
        if not piece:
            continue
        parts = [p.strip() for p in _OUTSIDE_BRACKETS.split(piece) if p.strip()]
        start = 0
        while start < len(parts):
            end = min(len(parts), start + index.words)
            while end > start + 1 and not index.names_one(", ".join(parts[start:end])):
                end -= 1
            name = ", ".join(parts[start:end])
            if name:
                names.append(name)
            start = end
    return names
