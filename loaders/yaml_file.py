"""YAML parsed with the line of every key and item, so errors can point at them.

ruamel.yaml's round-trip loader keeps line numbers for each mapping key and
sequence item; PyYAML's safe loader throws them away.

What a hostile file could make of the parse is refused where it is written:
nesting deeper than ``MAX_DEPTH`` (the composer recurses per level) and more
nodes than the run's ``Budget``, aliases (``*name``) counted as the copies they
stand for (nine lines of nine aliases each stand for 9⁹ values, a "billion laughs"). Comments are skipped with the
plain scanner: the round-trip one keeps them, at a cost quadratic in a comment's
length, and nothing here reads them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, StreamMark, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.scanner import Scanner

from stratagraph.loaders.limits import MAX_DEPTH, RAISE_IT, TOO_LARGE, Budget
from stratagraph.model.errors import Problem

PathPart = str | int


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its data and a way to find the line of any path inside it."""

    file: str
    data: Any

    def line(self, path: Sequence[PathPart]) -> int | None:
        """1-based line of the deepest part of ``path`` that exists in the file.

        A value made by a tag (``!!python/object:…``) has no lines of its own: the search stops at it.
        """
        node: Any = self.data
        found: int | None = 1
        for part in path:
            if isinstance(node, CommentedMap) and part in node:
                position = node.lc.key(part)
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                position = node.lc.item(part)
            else:
                break
            if position is None:
                break
            found = position[0] + 1
            node = node[part]
        return found


_LONG_NUMBER = re.compile(rf"\d{{{sys.get_int_max_str_digits() + 1},}}")


class _Refused(Exception):
    """A YAML construct refused where it is written (``mark``)."""

    def __init__(self, mark: StreamMark, message: str, hint: str, code: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint, self.code = mark, message, hint, code


class _Guarded(Composer):
    """ruamel's composer, counting every node as the loaded data will hold it against the run's budget.

    An alias (``*name``) stands for a copy of what its anchor names: it counts as that many nodes and
    that many levels of nesting, so aliases used as the dataset uses them (a citation or a note
    repeated) load, while nine lines of nine aliases each, standing for 9⁹ values, are refused at the
    alias that takes the run past its budget. An alias inside what it names (a cycle) is refused too.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.shapes: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes, levels) it stands for, expanded

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        budget: Budget = self.loader.budget
        if self.parser.check_event(AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None:
                self._count_alias(event, self.shapes.get(id(target)), budget)
            return super().compose_node(parent, index)  # an undefined alias: ruamel's error
        if not budget.spend():
            raise _Refused(event.start_mark, budget.too_many("YAML nodes"), RAISE_IT, TOO_LARGE)
        node = super().compose_node(parent, index)
        if isinstance(node, MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value if isinstance(node, SequenceNode) else []
        shapes = [self.shapes[id(child)] for child in children]
        self.shapes[id(node)] = (1 + sum(n for n, _ in shapes), 1 + max((levels for _, levels in shapes), default=0))
        return node

    def _count_alias(self, event: Any, shape: tuple[int, int] | None, budget: Budget) -> None:
        if shape is None:
            raise _Refused(
                event.start_mark,
                f"YAML alias *{event.anchor} is inside the value it names",
                "an alias cannot repeat a value that contains it: write the value out",
                "syntax",
            )
        nodes, levels = shape
        if self.depth + levels > MAX_DEPTH:
            raise _Refused(
                event.start_mark,
                f"YAML alias *{event.anchor} nests the data more than {MAX_DEPTH} levels deep",
                "write the value out, or nest it less",
                "syntax",
            )
        if not budget.spend(nodes):
            raise _Refused(
                event.start_mark,
                budget.too_many(f"the alias *{event.anchor} alone stands for {nodes:,} YAML nodes"),
                RAISE_IT,
                TOO_LARGE,
            )


class _Reader(YAML):
    """The round-trip loader, guarded; ``budget`` is read by its composer."""

    def __init__(self, budget: Budget) -> None:
        super().__init__(typ="rt")
        self.budget = budget
        self.Scanner = Scanner
        self.Composer = _Guarded
        self.max_depth = MAX_DEPTH


def parse_yaml(text: str, file: str, budget: Budget) -> tuple[YamlDocument | None, Problem | None]:
    """Parse ``text``; a syntax error becomes a problem at the line the parser stopped."""
    try:
        data = _Reader(budget).load(text)
    except _Refused as refused:
        return None, Problem(file, refused.mark.line + 1, "", refused.message, refused.hint, refused.code)
    except MaxDepthExceededError as error:
        line = error.problem_mark.line + 1 if error.problem_mark is not None else None
        return None, Problem(
            file,
            line,
            "",
            f"YAML nested more than {MAX_DEPTH} levels deep",
            "records nest a few levels: check the brackets on this line",
            "syntax",
        )
    except ValueError as error:  # a number Python will not convert: more than sys.get_int_max_str_digits()
        found = _LONG_NUMBER.search(text)
        if found is None:
            return None, Problem(file, None, "", f"YAML value cannot be read: {error}", "", "syntax")
        line = text.count("\n", 0, found.start()) + 1
        digits = f"a number of more than {sys.get_int_max_str_digits():,} digits"
        return None, Problem(file, line, "", digits, "write the value in quotes, as text", "syntax")
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
