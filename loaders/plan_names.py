"""Resolving the plan a planner names on the command line (``--plan``) to one plan id.

A planner knows a plan by its adopting decision ("781/QĐ-BTTTT"), by its name
("Kế hoạch hành động triển khai Chiến lược…", diacritics optional, or in English), or
by its id; and often by a short form of both: "Kế hoạch hành động 781". Each is
tried in that order of strictness; a text that names none (or several) is one
problem with the plans it may have meant, not an error on every row of the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from stratagraph.loaders.agency_names import NameIndex
from stratagraph.model.text import fold

_NUMBER = re.compile(r"\d+")


@dataclass
class PlanNames:
    """Every plan known to a load (its files and the store) by id, key, names and adopting document's number."""

    index: NameIndex = field(default_factory=lambda: NameIndex("plan"))
    _plans: dict[str, tuple[str, tuple[str, ...], str]] = field(default_factory=dict)
    """plan id -> (display name, names folded, adopting document's number)."""

    def add(self, plan_id: str, names: Iterable[str], number: str | None) -> None:
        written = [name for name in names if name]
        self.index.add(plan_id, written[0] if written else plan_id, [*written, *([number] if number else [])])
        self._plans[plan_id] = (written[0] if written else plan_id, tuple(fold(n) for n in written), number or "")

    def __len__(self) -> int:
        return len(self._plans)

    def resolve(self, text: str) -> tuple[str | None, str]:
        """The plan id ``text`` names, or None with a hint naming the plans it may mean."""
        found, hint = self.index.resolve(text)
        if found is not None:
            return found, ""
        if "several" in hint:
            return None, hint
        short = self._by_short_form(text)
        if len(short) == 1:
            return short[0], ""
        return None, self._suggest(text, short)

    def _by_short_form(self, text: str) -> list[str]:
        """Plans named as "Kế hoạch hành động 781": a number that begins the adopting document's number,
        and words that all stand in the plan's name."""
        numbers = _NUMBER.findall(text)
        words = [word for word in fold(_NUMBER.sub(" ", text)).split() if word not in ("so", "qd", "kh")]
        if not numbers:
            return []
        found = []
        for plan_id, (_, names, number) in self._plans.items():
            leading = _NUMBER.match(number)
            if leading is None or leading.group() not in numbers:
                continue
            if all(any(word in name.split() for name in names) for word in words):
                found.append(plan_id)
        return found

    def _suggest(self, text: str, candidates: list[str]) -> str:
        """Plans whose name or key is close to ``text`` (a score cut-off, never an unrelated one); else the list."""
        if not candidates:
            choices = {
                plan_id: " ".join((plan_id.split("/", 1)[-1], *names)) for plan_id, (_, names, _) in self._plans.items()
            }
            best = process.extract(fold(text), choices, scorer=fuzz.token_set_ratio, limit=3, score_cutoff=80)
            candidates = [plan_id for _, _, plan_id in best]
        if candidates:
            options = " or ".join(f"{self._plans[c][0]!r} ({c})" for c in candidates[:3])
            return f"did you mean {options}?"
        known = ", ".join(sorted(self._plans)[:8])
        more = f" and {len(self._plans) - 8} more" if len(self._plans) > 8 else ""
        return f"name a plan by its id, its name or its decision's number; the plans are {known}{more}"
