"""YAML parsed with the line of every key and item, so errors can point at them.

ruamel.yaml's round-trip loader keeps line numbers for each mapping key and
sequence item; PyYAML's safe loader throws them away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from stratagraph.errors import Problem

PathPart = str | int


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its data and a way to find the line of any path inside it."""

    file: str
    data: Any

    def line(self, path: Sequence[PathPart]) -> int | None:
        """1-based line of the deepest part of ``path`` that exists in the file."""
        node: Any = self.data
        found: int | None = 1
        for part in path:
            if isinstance(node, CommentedMap) and part in node:
                found = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                found = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return found


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, Problem | None]:
    """Parse ``text``; a syntax error becomes a problem at the line the parser stopped."""
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or error.context or "invalid YAML"
        return None, Problem(
            file,
            line,
            "",
            f"YAML syntax error: {what}",
            "check indentation and quoting on this line and the one before "
            "(text containing ': ' or starting with a quote needs quotes around it)",
            code="syntax",
        )
    except YAMLError as error:
        return None, Problem(file, None, "", f"YAML syntax error: {error}", "", code="syntax")
    return YamlDocument(file, data), None


def plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists, for pydantic."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
