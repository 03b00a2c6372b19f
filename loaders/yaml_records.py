"""Reading the curated YAML files into located, shape-checked records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import process

from stratagraph.loaders.compile import Records
from stratagraph.loaders.limits import Budget
from stratagraph.loaders.located import Located, PathPart, format_path
from stratagraph.loaders.records import RECORD_TYPES, Strict, without_bad_fields
from stratagraph.loaders.suggest import kind_hint, value_hint
from stratagraph.loaders.text_file import read_text
from stratagraph.loaders.yaml_file import YamlDocument, parse_yaml, plain
from stratagraph.model.errors import Problem


def read_yaml_records(path: Path, shown_as: str, into: Records, budget: Budget, max_bytes: int) -> list[Problem]:
    """Add the records of one YAML file to ``into``; return the problems found."""
    text, problem = read_text(path, shown_as, max_bytes)
    if problem is not None or text is None:
        return [problem] if problem else []
    document, problem = parse_yaml(text, shown_as, budget)
    if problem is not None or document is None:
        return [problem] if problem else []
    if document.data is None:
        return []
    if not isinstance(document.data, dict):
        return [Problem(shown_as, 1, "", "expected a mapping of record lists at the top", _top_hint(), "syntax")]
    problems: list[Problem] = []
    for section, items in document.data.items():
        model = RECORD_TYPES.get(str(section))
        if model is None:
            best = process.extractOne(str(section), list(RECORD_TYPES))
            hint = f"did you mean {best[0]!r}? " if best and best[1] > 60 else ""
            problems.append(
                Problem(shown_as, document.line([section]), str(section), "unknown section", hint + _top_hint())
            )
            continue
        if not isinstance(items, list):
            problems.append(
                Problem(
                    shown_as,
                    document.line([section]),
                    str(section),
                    "expected a list of records",
                    "start each record with '- '",
                )
            )
            continue
        target: list[Located[Any]] = getattr(into, str(section))
        for index, raw in enumerate(items):
            located = _validate(model, raw, document, (str(section), index), problems)
            if located is not None:
                target.append(located)
    return problems


def _validate(
    model: type[Strict],
    raw: Any,
    document: YamlDocument,
    path: tuple[PathPart, ...],
    problems: list[Problem],
) -> Located[Any] | None:
    data = plain(raw)
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            problems.append(_problem(model, detail, document, path))
        partial = without_bad_fields(model, data, error)
        if partial is None:
            return None
        record = partial  # checked against the rest too, so one run reports all; the load fails anyway
    return Located(record, document.file, path, document.line)


def _problem(model: type[Strict], detail: Any, document: YamlDocument, path: tuple[PathPart, ...]) -> Problem:
    loc = tuple(part for part in detail["loc"] if not _is_union_branch(part))
    full: tuple[PathPart, ...] = (*path, *loc)
    kind = detail["type"]
    where = format_path(full)
    line = document.line(full)
    if kind == "missing":
        name = loc[-1] if loc else "?"
        return Problem(
            document.file,
            line,
            where,
            f"required field {name!r} is missing",
            f"add `{name}:` to this record (see data/README.md)",
            "missing",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        fields = list(model.model_fields) + [f.alias for f in model.model_fields.values() if f.alias]
        best = process.extractOne(name, fields)
        hint = f"did you mean {best[0]!r}?" if best and best[1] > 60 else "remove it (see data/README.md)"
        return Problem(document.file, line, where, f"unknown field {name!r}", hint, "unknown-field")
    return Problem(document.file, line, where, detail["msg"], value_hint(detail) or kind_hint(kind), "invalid")


def _is_union_branch(part: Any) -> bool:
    """pydantic names union branches in ``loc`` ('str', 'AgencyLink'); they mean nothing to a writer."""
    return isinstance(part, str) and (
        part[:1].isupper() or part in {"str", "list[...]", "constrained-str"} or "[" in part
    )


def _top_hint() -> str:
    return "top-level keys are: " + ", ".join(RECORD_TYPES)
