"""A SPARQL syntax error as a person can act on it: where, what was expected, how to fix it.

pyoxigraph reports ``error at LINE:COLUMN: expected one of …``, where the list mixes
keywords with the character classes of its grammar (``['A' ..= 'Z' | …]``) and an
undeclared prefix appears as one more item, "Prefix not found". This turns that into
the line and column, the line itself with a caret under the place, the keywords
only, and for an undeclared prefix the ``PREFIX`` line to add when the prefix is
one the data uses (``sg:``, ``org:``, ``prov:``…). A word that is no SPARQL keyword
(``SELEC``, ``LIMT``) is named with the keyword it is closest to: pyoxigraph reports
the last rule it tried there ("expected CONSTRUCT"), which does not say what is wrong.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

__all__ = ["explain"]

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_CHARACTER_CLASS = re.compile(r"\[[^\]]*\]")
_KEYWORD = re.compile(r"[A-Za-z][A-Za-z_]*")
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")
_SHOWN = 12
"""Keywords named at most; the rest are counted."""
_NOT_NAMES = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
"""IRIs, strings and comments: what may hold a colon without being a prefixed name."""
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_NAME = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:")


_PAIRS = {"}": "{", ")": "(", "]": "["}

_SPARQL_WORDS = frozenset(
    """BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT WHERE DESCRIBE ASK FROM NAMED GROUP BY HAVING ORDER ASC
    DESC LIMIT OFFSET VALUES LOAD SILENT INTO CLEAR DROP CREATE ADD MOVE COPY TO INSERT DELETE DATA WITH USING
    DEFAULT GRAPH ALL OPTIONAL SERVICE BIND UNDEF MINUS UNION FILTER IN NOT EXISTS A TRUE FALSE STR LANG
    LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI
    CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID
    STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL
    ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR
    LATERAL TRIPLE ISTRIPLE SUBJECT PREDICATE OBJECT LANGDIR HASLANG HASLANGDIR STRLANGDIR""".split()  # noqa: SIM905 (a word list reads best as words)
)
"""SPARQL 1.1's keywords and built-in functions, and 1.2's that pyoxigraph reads: every other name is written
``prefix:name``, ``<IRI>`` or ``?variable``."""
_BARE_WORD = re.compile(r"(?<![\w?$:@.-])([A-Za-z][\w]*)(?![\w.-]*:)")


def _blanked(query: str) -> str:
    """``query`` with IRIs, strings and comments blanked out, lines and columns kept."""
    return _NOT_NAMES.sub(lambda found: " " * len(found[0]), query)


def _unbalanced(query: str) -> str | None:
    """Where a bracket is left open or closes nothing (outside IRIs, strings and comments), if anywhere."""
    text = _blanked(query)
    opened: list[tuple[str, int, int]] = []
    for number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            if char in "{([":
                opened.append((char, number, column))
            elif char in _PAIRS:
                if not opened:
                    return f"the '{char}' at line {number}, column {column} closes nothing: remove it or open one"
                if opened[-1][0] != _PAIRS[char]:
                    return _never_closed(*opened[-1]) + f" before line {number}, column {column}"
                opened.pop()
    return _never_closed(*opened[-1]) if opened else None


def _never_closed(char: str, line: int, column: int) -> str:
    closing = {opening: closing for closing, opening in _PAIRS.items()}[char]
    return f"the '{char}' at line {line}, column {column} is never closed: add a '{closing}'"


def _first_undeclared(query: str) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix no ``PREFIX`` declares: (prefix, line, column), both from 1."""
    text = _blanked(query)
    declared = {found[1] or "" for found in _DECLARED.finditer(text)}
    for number, line in enumerate(text.split("\n"), 1):
        for found in _NAME.finditer(line):
            if (found[1] or "") not in declared:
                return found[1] or "", number, found.start() + 1
    return None


def explain(query: str, message: str, prefixes: Mapping[str, str]) -> str:
    """``message`` (pyoxigraph's) about ``query`` in words, with the place shown and a hint where one helps."""
    found = _POSITION.fullmatch(message.strip())
    if found is None:
        return f"query does not parse: {message}"
    line_number, column, detail = int(found[1]), int(found[2]), found[3]
    lines = query.splitlines()
    if "Prefix not found" in detail:
        undeclared = _first_undeclared(query)
        if undeclared is not None:  # the parser stops a little after the name; point at the name itself
            name, line_number, column = undeclared
        else:
            name_match = _PREFIXED_NAME.search(_line(lines, line_number)[: max(column - 1, 0)])
            name = (name_match[1] or "") if name_match else ""
        if name in prefixes:
            hint = f"declare it first: PREFIX {name}: <{prefixes[name]}>"
        else:
            hint = "declare it with PREFIX name: <namespace IRI>, or write the IRI in full, in <…>"
        what = f'the prefix "{name}:" is not declared'
    elif (stray := _stray_word(query)) is not None:  # the parser's complaint comes later, and about something else
        word, line_number, column = stray
        what = f"'{word}' is not a SPARQL keyword"
        hint = _stray_hint(word)
    else:
        listed = _CHARACTER_CLASS.sub("", detail).strip().removeprefix("expected").strip().removeprefix("one of")
        named = [item.strip() for item in listed.split(",") if _KEYWORD.fullmatch(item.strip())]
        shown = ", ".join(named[:_SHOWN]) + (f" (or {len(named) - _SHOWN} more)" if len(named) > _SHOWN else "")
        what = f"expected {shown} here" if named else "unexpected text here"
        hint = _unbalanced(query) or "the SPARQL 1.1 grammar: https://www.w3.org/TR/sparql11-query/#grammar"
    place = _caret(_line(lines, line_number), column)
    return f"query does not parse at line {line_number}, column {column}: {what}\n{place}\n{hint}"


def _stray_word(query: str) -> tuple[str, int, int] | None:
    """The first bare word that is no SPARQL keyword, outside IRIs, strings and comments: (word, line, column)."""
    for number, line in enumerate(_blanked(query).split("\n"), 1):
        for found in _BARE_WORD.finditer(line):
            if found[1].upper() not in _SPARQL_WORDS:
                return found[1], number, found.start() + 1
    return None


def _stray_hint(word: str) -> str:
    close = difflib.get_close_matches(word.upper(), _SPARQL_WORDS, n=1, cutoff=0.8)
    if close:
        return f"did you mean {close[0]}?"
    return "a name is written prefix:name or <IRI>, a variable ?name"


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _caret(line: str, column: int) -> str:
    """``line`` with a caret under ``column`` (from 1)."""
    return f"  {line}\n  {' ' * len(line[: max(column - 1, 0)])}^"
