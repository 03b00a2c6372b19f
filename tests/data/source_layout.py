"""The layout of a source text in ``../shared/sources/``, and the passage a citation's locator names.

The source files are hand-compiled: a provenance block between rules of ``=``
at the top (the header), then the body, laid out with headings the locators
name. This module reads that layout; ``data/README.md`` ("Locators") states the
forms a locator may take, and ``tests/data/test_citations.py`` holds every
citation of ``data/`` to them.

A heading is one of:

- a rule heading: lines framed by rules of ``-`` (``NHIỆM VỤ VÀ GIẢI PHÁP``), or
  one line underlined by such a rule (``1. VĂN BẢN / HOẠT ĐỘNG ...``);
- a line that starts at the left margin with an outline number: a part ``A.``,
  a Roman ``I.``, a number ``1.`` or ``1.1``, a letter ``a)``.

Indented lines never start a heading: they are quoted text or continuations.
A heading's passage runs to the next heading of its rank or a higher one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stratagraph.loaders.text_file import read_text

MAX_SOURCE_BYTES = 1 << 20  # the source texts are a few KiB each

_RULE = re.compile(r"^(?:-{10,}|={10,})$")
_PART = re.compile(r"^([A-Z])\. \S")
_ROMAN = re.compile(r"^([IVX]+)\. \S")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.? \S")
_LETTER = re.compile(r"^([a-z])\) \S")
_ROMAN_NAMED = re.compile(r"\bMục ([IVX]+)\b")  # a rule heading that says which Mục of the document it is
_SPACES = re.compile(r"\s+")
_COMMENT = re.compile(r"\s*\([^()]*\)$")
_PARAGRAPHS = re.compile(r"^(?:đoạn) (\d+(?:[–-]\d+)?)$", re.IGNORECASE)
_MORE_PARAGRAPHS = re.compile(r"^\d+(?:[–-]\d+)?$")
_OUTLINE = re.compile(r"^(?:Mục|mục|§) ?((?:[IVX]+|\d+)(?:\.(?:\d+|[a-z]))*)$")
_PART_STEP = re.compile(r"^Phần ([A-Z])$")
_FIRST_BLOCK = {"tiêu đề", "tiêu đề văn bản"}
_FIRST_PARAGRAPH = {"đoạn mở đầu"}
_LAST_PARAGRAPH = {"đoạn cuối"}
_SENTENCE_END = (".", ":", "…", "!", "?")

RANK_RULE, RANK_ROMAN, RANK_NUMBER, RANK_LETTER = 1, 2, 3, 9


def squeeze(text: str) -> str:
    """Runs of white space as one space: the files are wrapped at 80 columns, a line break is not wording."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Heading:
    line: int  # index into SourceText.lines of its first line
    rank: int
    number: str | None = None  # "I", "2", "1.1", "a", "A"
    name: str | None = None  # a rule heading's words, case-folded, without its remarks
    roman: str | None = None  # a rule heading that says it is "Mục I" of the document
    end: int = 0  # index of the line after its passage


@dataclass(frozen=True)
class Passage:
    """Lines of a source file that a locator names; ``text`` is what a quote must appear in."""

    first: int  # 1-based line numbers in the file
    last: int
    text: str


@dataclass
class SourceText:
    """One source file: its lines (NFC, as the loaders read text), header and headings."""

    name: str
    lines: list[str]
    body_start: int
    headings: list[Heading] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> SourceText:
        text, problem = read_text(path, path.name, MAX_SOURCE_BYTES)
        if text is None:
            raise ValueError(problem.message if problem else f"cannot read {path}")
        lines = text.split("\n")
        rules = [i for i, line in enumerate(lines) if line.startswith("=") and _RULE.match(line)]
        body_start = rules[-1] + 1 if rules else 0
        source = cls(path.name, lines, body_start)
        source.headings = source._find_headings()
        return source

    def _find_headings(self) -> list[Heading]:
        found: list[Heading] = []
        lines, i, taken = self.lines, self.body_start, set[int]()
        while i < len(lines):
            if _RULE.match(lines[i]):
                j = i + 1
                while j < len(lines) and j - i <= 5 and lines[j].strip() and not _RULE.match(lines[j]):
                    j += 1
                if j < len(lines) and j > i + 1 and _RULE.match(lines[j]):  # framed: rule, words, rule
                    found.append(_rule_heading(i, lines[i + 1 : j]))  # its passage starts at the rule
                    taken.update(range(i + 1, j))
                    i = j + 1
                    continue
                if i - 1 >= self.body_start and lines[i - 1].strip() and (i - 1) not in taken:  # underlined
                    found.append(_rule_heading(i - 1, [lines[i - 1]]))
                    taken.add(i - 1)
            i += 1
        for i in range(self.body_start, len(lines)):
            if i in taken:
                continue
            line = lines[i]
            if match := _ROMAN.match(line):
                found.append(Heading(i, RANK_ROMAN, number=match[1]))
            elif match := _PART.match(line):
                found.append(Heading(i, RANK_RULE, number=match[1]))
            elif match := _NUMBER.match(line):
                found.append(Heading(i, RANK_NUMBER + match[1].count("."), number=match[1]))
            elif match := _LETTER.match(line):
                found.append(Heading(i, RANK_LETTER, number=match[1]))
        found.sort(key=lambda h: h.line)
        ended: list[Heading] = []
        for k, heading in enumerate(found):
            end = next((h.line for h in found[k + 1 :] if h.rank <= heading.rank), len(lines))
            ended.append(Heading(heading.line, heading.rank, heading.number, heading.name, heading.roman, end))
        return ended

    # -- passages ------------------------------------------------------------------

    def passage(self, start: int, end: int) -> Passage:
        return Passage(start + 1, end, squeeze("\n".join(self.lines[start:end])))

    def header(self) -> Passage:
        return self.passage(0, self.body_start)

    def whole(self) -> Passage:
        return self.passage(0, len(self.lines))

    def blocks(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Runs of non-blank lines in ``start..end``, as (first, after-last) indexes."""
        i = start
        while i < end:
            if not self.lines[i].strip():
                i += 1
                continue
            j = i
            while j < end and self.lines[j].strip():
                j += 1
            yield i, j
            i = j

    def paragraphs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The prose paragraphs of ``start..end``: blocks of five words or more that end a sentence.

        Titles, datelines, image names, bylines and page furniture end without one.
        """
        return [
            (i, j)
            for i, j in self.blocks(start, end)
            if len(squeeze(" ".join(self.lines[i:j])).split()) >= 5
            and squeeze(" ".join(self.lines[i:j])).endswith(_SENTENCE_END)
        ]

    # -- locators ------------------------------------------------------------------

    def resolve(self, locator: str) -> Passage:
        """The passage ``locator`` names; ``LookupError`` says what the file has instead."""
        steps = _COMMENT.sub("", locator.strip()).split(", ")
        if steps == ["header"]:
            return self.header()
        start, end = self.body_start, len(self.lines)
        pieces: list[tuple[int, int]] | None = None
        k = 0
        while k < len(steps):
            if pieces is not None:
                raise LookupError(f"{locator!r}: nothing can follow a list of paragraphs")
            step = steps[k]
            if match := _PARAGRAPHS.match(step):
                numbers = [match[1]]
                while k + 1 < len(steps) and _MORE_PARAGRAPHS.match(steps[k + 1]):
                    k += 1
                    numbers.append(steps[k])
                pieces = self._numbered_paragraphs(locator, start, end, numbers)
            elif step.casefold() in _FIRST_PARAGRAPH or step.casefold() in _LAST_PARAGRAPH:
                found = self.paragraphs(start, end)
                if not found:
                    raise LookupError(f"{locator!r}: no prose paragraph in lines {start + 1}-{end}")
                pieces = [found[0] if step.casefold() in _FIRST_PARAGRAPH else found[-1]]
            elif step.casefold() in _FIRST_BLOCK:
                block = next(self.blocks(start, end), None)
                if block is None:
                    raise LookupError(f"{locator!r}: lines {start + 1}-{end} are empty")
                start, end = block
            elif (match := _OUTLINE.match(step)) is not None:
                start, end = self._outline(locator, start, end, match[1])
            elif (match := _PART_STEP.match(step)) is not None:
                start, end = self._heading(locator, start, end, lambda h, p=match[1]: h.number == p and h.rank == 1)
            else:
                k, (start, end) = self._named(locator, steps, k, start, end)
            k += 1
        if pieces is None:
            return self.passage(start, end)
        text = " ".join(self.passage(i, j).text for i, j in pieces)
        return Passage(pieces[0][0] + 1, pieces[-1][1], text)

    def _numbered_paragraphs(self, locator: str, start: int, end: int, numbers: list[str]) -> list[tuple[int, int]]:
        found = self.paragraphs(start, end)
        wanted: list[int] = []
        for number in numbers:
            first, _, last = number.replace("–", "-").partition("-")
            wanted.extend(range(int(first), int(last or first) + 1))
        missing = [n for n in wanted if not 1 <= n <= len(found)]
        if missing:
            raise LookupError(f"{locator!r}: there are {len(found)} prose paragraphs, not {missing[0]}")
        return [found[n - 1] for n in wanted]

    def _outline(self, locator: str, start: int, end: int, path: str) -> tuple[int, int]:
        """``I.2.a``, ``2.3`` or ``1``: Roman, then numbers, then a letter, each inside the one before.

        A dotted number (``2.3``) is first looked for as written, as the files number
        their sections (``2.3 Năm 2025``); otherwise its parts nest (``2`` then ``3``).
        """
        if "." in path and path.split(".")[0].isdigit():
            try:
                return self._heading(locator, start, end, lambda h: h.number == path and h.rank < RANK_LETTER)
            except LookupError:
                pass
        for part in path.split("."):
            if re.fullmatch(r"[IVX]+", part):
                start, end = self._heading(
                    locator, start, end, lambda h, p=part: (h.number == p and h.rank == RANK_ROMAN) or h.roman == p
                )
            elif part.isdigit():
                start, end = self._heading(
                    locator,
                    start,
                    end,
                    lambda h, p=part: h.number == p and (RANK_NUMBER <= h.rank < RANK_LETTER or h.name is not None),
                )
            else:
                start, end = self._heading(
                    locator, start, end, lambda h, p=part: h.number == p and h.rank == RANK_LETTER
                )
        return start, end

    def _heading(self, locator: str, start: int, end: int, wanted: object) -> tuple[int, int]:
        assert callable(wanted)
        for heading in self.headings:
            if start <= heading.line < end and wanted(heading):
                return heading.line, min(heading.end, end)
        known = ", ".join(self.describe(h) for h in self.headings if start <= h.line < end) or "no headings"
        raise LookupError(f"{locator!r} names no section of lines {start + 1}-{end}; there: {known}")

    def _named(self, locator: str, steps: list[str], k: int, start: int, end: int) -> tuple[int, tuple[int, int]]:
        """The longest run of ``steps`` from ``k`` that begins a rule heading's words or a line of the passage.

        Headings first; then a line at the left margin (a "- " bullet mark ignored), whose
        passage runs to the next heading. Names compare case-folded: headings are in capitals.
        """
        for last in range(len(steps), k, -1):
            name = ", ".join(steps[k:last]).casefold()
            for heading in self.headings:
                if start <= heading.line < end and heading.name and heading.name.startswith(name):
                    return last - 1, (heading.line, min(heading.end, end))
            for i in range(start, end):
                line = self.lines[i].removeprefix("- ").casefold()
                if line.startswith(name) and not self.lines[i].startswith(" "):
                    after = next((h.line for h in self.headings if i < h.line < end), end)
                    return last - 1, (i, after)
        raise LookupError(f"{locator!r}: no heading or line in lines {start + 1}-{end} begins with {steps[k]!r}")

    def describe(self, heading: Heading) -> str:
        if heading.name is not None:
            return repr(heading.name[:40])
        if heading.rank == RANK_RULE:
            return f"Phần {heading.number}"
        return f"§{heading.number}" if heading.rank < RANK_LETTER else f"{heading.number})"


def _rule_heading(line: int, words: list[str]) -> Heading:
    first = squeeze(words[0])
    name = re.split(r"\s+[(\[]", first, maxsplit=1)[0].casefold()
    roman = _ROMAN_NAMED.search(" ".join(words))
    number = _NUMBER.match(first)
    return Heading(
        line,
        RANK_RULE,
        number=number[1] if number else None,
        name=name,
        roman=roman[1] if roman else None,
    )


def quote_found(quote: str, passage: str) -> bool:
    """Whether ``quote`` is in ``passage`` word for word, ``...`` marking words left out.

    Both are compared with white space squeezed and nothing else changed: case,
    diacritics, punctuation and brackets count, so an edited quote is caught.
    """
    position = 0
    for piece in (p.strip() for p in squeeze(quote).split("...")):
        if not piece:
            continue
        found = passage.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True
