"""Vietnamese deadline texts ("thời hạn", "thời gian hoàn thành") read into ``Deadline`` values.

Action plans write deadlines as prose: "Quý II/2023", "Giai đoạn 2021-2025",
"Trước ngày 15/12 hằng năm", "Thường xuyên". Questions such as "what is due this
quarter?" need dates, so each text is read into a window ``[start, end]`` whose
last day is the due date, and the text is kept verbatim beside it: the reading is
ours, the words are the document's.

Planners type with and without diacritics, in any case, with en dashes or hyphens,
so the text is folded to ASCII words (``stratagraph.model.text.fold``) before it is read,
keeping the digits, ``/``, ``.`` and ``-`` that carry the numbers.

Decisions, each pinned by a test:

* "Trước ngày X" is read literally, strictly before X: ``end`` (the due date) is
  the day before X and ``before`` records the wording, so X is ``end + 1 day`` and a
  reader who takes "trước" inclusively can say so. The same holds for "trước tháng
  6/2024" (due 31/5/2024) and "trước năm 2025" (due 31/12/2024).
* "Đến năm 2025", "Đến hết năm 2025", "Chậm nhất ngày ..." name a due date but no
  beginning: ``start`` is None. "Năm 2025" and "Trong năm 2025" mean the whole year.
* A yearly recurrence that names no day ("Hằng năm", "Định kỳ hằng năm") is due on
  31/12 each year, as "Năm 2025" is due on 31/12/2025.
* A day without a year ("Trước ngày 03/4") is an error unless the text says that it
  recurs ("hằng năm"): guessing the year would invent a date.
* "Năm 2024 và các năm tiếp theo" recurs yearly from 2024 (it names years, each
  with a due date); "Từ năm 2024" is ongoing from 2024 (no due date). There is no
  separate ``since`` field: ``start`` is where a recurrence or an ongoing duty begins.
* "Thường xuyên" beside a window ("Thường xuyên, giai đoạn 2021-2025") reads as that
  window; beside "hằng năm" it reads as the yearly recurrence.
* Yearly, half-yearly and quarterly recurrences are understood: "Hằng quý" is due at
  the end of each quarter, "Định kỳ 6 tháng" ("6 tháng một lần") on 30/6 and 31/12,
  "Quý I hằng năm" at the end of each first quarter. Monthly and weekly duties are
  errors that say so rather than being read as something else.
* "Đầu năm 2025" is the first quarter, "Giữa năm 2025" the second and third
  (1/4-30/9); "Cuối năm 2025" is due by the year's end, as "Đến cuối năm" is.
* Listed quarters or months are the window from the first to the last: "Quý II,
  III/2024" and "Quý II và III/2024" as "Quý II-III/2024", "Tháng 6, 7/2024" as
  "Tháng 6-7/2024".
* A text that names no date on purpose ("Theo tiến độ dự án", "Khi có yêu cầu") is
  UNDATED: its words are kept and it is due on no day; a text with a number that no
  rule reads stays an error (a typo is not a plan without dates).
* Years are 1900-2999: outside that a four-digit number is a typo, not a plan.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Literal, NamedTuple

from stratagraph.model.deadlines import Deadline, DeadlineKind
from stratagraph.model.errors import DeadlineError
from stratagraph.model.text import fold

__all__ = ["parse_deadline", "read_as_yearly", "read_deadline"]


_DAY = timedelta(days=1)
_MIN_YEAR, _MAX_YEAR = 1900, 2999
_MAX_LENGTH = 160


# --- public functions ------------------------------------------------------------


def parse_deadline(text: str) -> Deadline:
    """Read a deadline text; raise DeadlineError quoting it when no rule applies.

    The hint says what is wrong (a month 13, a reversed period, a missing year) or,
    for a form no rule knows, lists the forms that are understood.
    """
    folded = _normalize(text)
    if len(folded) > _MAX_LENGTH:
        raise DeadlineError(text, f"a deadline is a short phrase, not {len(folded)} characters")
    try:
        meaning = _read(folded)
    except _Invalid as invalid:
        raise DeadlineError(text, str(invalid)) from None
    if meaning is None:
        if _UNDATED.fullmatch(folded) and not re.search(r"[0-9]", folded):
            return Deadline(text, DeadlineKind.UNDATED, None, None)
        raise DeadlineError(text, _FORMS)
    return replace(meaning, text=text)


def read_deadline(text: str, *, yearly: bool = False) -> Deadline:
    """``parse_deadline``, or with ``yearly`` a day without a year read as every year.

    The dataset's ``recurs: yearly`` is the curators' cited reading of a text such
    as "Trước ngày 03/4"; the text itself is kept as the source wrote it.
    """
    if not yearly:
        return parse_deadline(text)
    try:
        alone = parse_deadline(text)
    except DeadlineError:
        alone = None
    if alone is not None and alone.kind is DeadlineKind.RECURRING:
        return alone  # the words say it already ("Trước ngày 03/4 hằng năm")
    return replace(parse_deadline(f"{text} hằng năm"), text=text)


def read_as_yearly(text: str, kind: str | None) -> bool:
    """True when a recurring deadline's words alone cannot be dated ("Trước ngày 03/4"): it was read with
    ``yearly``, and whoever writes the text down must say so beside it for it to read back the same."""
    if kind != DeadlineKind.RECURRING.value:
        return False
    try:
        parse_deadline(text)
    except DeadlineError:
        return True
    return False


# --- reading -----------------------------------------------------------------------


class _Invalid(Exception):
    """A value the text names that cannot be; the message is the hint."""


class _Span(NamedTuple):
    """A closed window named by the text: a day, a month, a quarter, a year..."""

    kind: DeadlineKind
    first: date
    last: date


_FORMS = (
    "accepted forms: '06/4/2023', 'ngày 06 tháng 4 năm 2023', 'tháng 6/2024', 'quý II/2023', "
    "'6 tháng đầu năm 2024', 'năm 2025', '2023-2025', 'giai đoạn 2021-2025', 'tháng 9-10/2025', "
    "'24-25/11/2025', 'trước ngày 15/12/2023', 'đến hết năm 2025', 'từ năm 2024', 'hằng năm', "
    "'trước ngày 15/12 hằng năm', 'năm 2024 và các năm tiếp theo', 'hằng quý', 'định kỳ 6 tháng', "
    "'quý I hằng năm', 'đầu năm 2025', 'giữa năm 2025', 'quý II, III/2024', 'thường xuyên', "
    "'theo tiến độ dự án' (no date); with or without diacritics"
)
_NO_YEAR = "no year: write it ('15/12/2023'), or add 'hằng năm' for a deadline that recurs every year"
_ONLY_YEARLY = (
    "yearly, half-yearly and quarterly recurrences ('hằng năm', 'trước ngày 15/12 hằng năm', 'định kỳ 6 tháng', "
    "'hằng quý') are understood; write a monthly or weekly duty as 'thường xuyên' or as its dates"
)

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_LETTERS = re.compile(r"[^\W\d_]+")
_AROUND_SEPARATOR = re.compile(r" ?([/-]) ?")
# Column labels that planners paste along with the value: "Thời hạn: Quý II/2023".
_LABEL = re.compile(
    r"(?:thoi han(?: hoan thanh)?|thoi gian(?: hoan thanh| thuc hien)?|han hoan thanh"
    r"|hoan thanh|thuc hien) "
)

# Words before a window and what they do to it: "in" names it ("Trong năm 2025"),
# "by" opens its start ("Đến hết năm 2025"), "before" ends it the day before it
# begins ("Trước ngày 15/12/2023"), "from" starts an ongoing duty ("Từ năm 2024").
_Role = Literal["in", "by", "before", "from"]
_ROLES: dict[str, _Role] = {
    **dict.fromkeys(("trong", "vao", "giai doan", "thoi ky", "ca giai doan", "thuong xuyen", "lien tuc"), "in"),
    **dict.fromkeys(
        (
            "den het",
            "den",
            "cho den",
            "toi",
            "cham nhat la",
            "cham nhat vao",
            "cham nhat",
            "muon nhat",
            "han chot",
            "cuoi",
        ),
        "by",
    ),
    "truoc": "before",
    **dict.fromkeys(("tu", "bat dau tu", "ke tu"), "from"),
}
_PREFIX = re.compile("(?P<word>" + "|".join(sorted(_ROLES, key=len, reverse=True)) + ") (?P<rest>.+)")
_ONGOING = frozenset({"thuong xuyen", "lien tuc"})
_ONWARDS = re.compile(r"(?P<rest>.+) tro (?:di|ve sau)")

_ONCE = r"(?: (?:mot|1) lan)?"
_QUARTERLY = re.compile(
    rf"\b(?:(?:dinh ky )?(?:hang|moi) quy{_ONCE}|dinh ky (?:theo |hang )?quy|quy (?:mot|1) lan"
    rf"|(?:dinh ky )?(?:3|ba) thang (?:mot|1) lan|dinh ky (?:3|ba) thang{_ONCE})\b"
)
_HALF_YEARLY = re.compile(
    rf"\b(?:(?:dinh ky )?(?:6|sau) thang (?:mot|1) lan|dinh ky (?:6|sau) thang{_ONCE}"
    rf"|(?:dinh ky )?(?:hang|moi) nua nam{_ONCE}|dinh ky nua nam|nua nam (?:mot|1) lan)\b"
)
_UNDATED = re.compile(
    r"(?:theo (?:tien do|yeu cau|chi dao|lo trinh|ke hoach)|khi (?:co|duoc|nhan duoc) (?:yeu cau|chi dao|van ban)"
    r"|khi can(?: thiet)?|tuy (?:theo )?(?:tinh hinh|dieu kien|yeu cau)|dot xuat|(?:chua|khong) xac dinh)\b.*"
)
"""Texts that name no date on purpose: read as UNDATED (their words kept), never guessed."""
_LISTED = re.compile(r"\b([ivx]+|[0-9]{1,2}) ?(?:,|va) ?(?=(?:[ivx]+|[0-9]{1,2}) ?/ ?[0-9]{4}\b)")
"""Quarters or months listed before their year ("quý II, III/2024", "tháng 6 và 7/2024"): read as a span."""
_PART_OF_YEAR = re.compile(r"(?P<part>dau|giua) nam (?P<y>[0-9]{4})")
_YEARLY = re.compile(r"\b(?:(?:dinh ky )?(?:hang|moi) nam|thuong nien)\b")
_NEXT_YEARS = re.compile(r"\b(?:va )?(?:cac|nhung) nam (?:tiep theo|ke tiep|tiep sau|sau do|sau)\b")
_OTHER_FREQUENCY = re.compile(r"\b(?:(?:hang|moi) (?:ngay|tuan|thang|quy)|dinh ky|[0-9]+ thang (?:mot|1) lan)\b")
_FILLER = re.compile(r"\b(?:thuong xuyen|lien tuc|va)\b")
# The years a recurrence runs for: "giai đoạn 2021-2025", "từ năm 2024", "năm 2024".
_BOUNDS = re.compile(
    r"(?<![^ ])(?:(?:(?:trong |ca )?(?:giai doan|thoi ky)|tu|bat dau tu|ke tu|den het|den|trong) )?"
    r"(?:nam )?[0-9]{4}(?:(?:-| den het | den )(?:nam )?[0-9]{4})?(?: tro di)?(?![^ ])"
)
_PERIOD_SEPARATOR = re.compile(r"-| den het | den | toi ")
_UNIT = re.compile(r"(?:quy|thang|ngay) ")


def _normalize(text: str) -> str:
    """Fold letters to ASCII words; keep digits and the separators that carry meaning.

    ``fold`` alone would turn "6/4/2023" and "2023-2025" into bare numbers, so only
    the runs of letters are folded and the punctuation around numbers stays.
    """
    s = unicodedata.normalize("NFC", text).translate(_DASHES)
    s = _LETTERS.sub(lambda m: f" {fold(m.group())} ", s)
    s = _LISTED.sub(r"\1-", " ".join(s.split()))
    s = re.sub(r"[,;:()]", " ", s)
    # spaces are collapsed first: a run of them before no separator cost _AROUND_SEPARATOR its length squared
    s = _AROUND_SEPARATOR.sub(r"\1", " ".join(s.split()))
    return s.lstrip("-*•+ ").rstrip(". ")


def _read(s: str) -> Deadline | None:
    """The meaning of a normalized text (with a placeholder text), or None."""
    if (label := _LABEL.match(s)) is not None:
        s = s[label.end() :]
    for pattern, every in ((_QUARTERLY, 3), (_HALF_YEARLY, 6)):
        if (often := pattern.search(s)) is not None:
            rest = " ".join(_FILLER.sub(" ", _NEXT_YEARS.sub(" ", s[: often.start()] + s[often.end() :])).split())
            if _YEARLY.search(rest) or _OTHER_FREQUENCY.search(rest):
                raise _Invalid(_ONLY_YEARLY)
            return _recurring(rest, open_end=_NEXT_YEARS.search(s) is not None, every=every)
    yearly, onwards = _YEARLY.search(s), _NEXT_YEARS.search(s)
    if yearly is None and onwards is None:
        if _OTHER_FREQUENCY.search(s):
            raise _Invalid(_ONLY_YEARLY)
        return _core(s)
    rest = " ".join(_FILLER.sub(" ", _NEXT_YEARS.sub(" ", _YEARLY.sub(" ", s))).split())
    if _OTHER_FREQUENCY.search(rest):
        raise _Invalid(_ONLY_YEARLY)
    return _recurring(rest, open_end=onwards is not None)


def _core(s: str) -> Deadline | None:
    """A one-off or ongoing deadline: role words applied to a window or a period."""
    if s in _ONGOING:
        return Deadline("", DeadlineKind.ONGOING, None, None)
    if (part := _PART_OF_YEAR.fullmatch(s)) is not None:
        year = _need(_year(part["y"], None))
        first, last = (1, 3) if part["part"] == "dau" else (4, 9)
        part_of_year = _months(DeadlineKind.PERIOD, year, first, last)
        return Deadline("", part_of_year.kind, part_of_year.first, part_of_year.last)
    if (onwards := _ONWARDS.fullmatch(s)) is not None:
        return _apply("from", _core(onwards["rest"]))
    if (prefixed := _PREFIX.fullmatch(s)) is not None:
        return _apply(_ROLES[prefixed["word"]], _core(prefixed["rest"]))
    span = _window(s) or _period(s)
    return None if span is None else Deadline("", span.kind, span.first, span.last)


def _apply(role: _Role, d: Deadline | None) -> Deadline | None:
    """What a role word does to the deadline after it; None where it makes no sense."""
    if d is None or role == "in":
        return d
    if role == "by":
        return None if d.kind is DeadlineKind.ONGOING else replace(d, start=None)
    if role == "before":
        if d.start is None or d.before or d.kind in (DeadlineKind.PERIOD, DeadlineKind.ONGOING):
            return None
        return replace(d, start=None, end=d.start - _DAY, before=True)
    # "from": "Từ năm 2024" starts an ongoing duty; "Từ 2023 đến 2025" is a period.
    if d.start is None or d.before:
        return None
    if d.kind in (DeadlineKind.PERIOD, DeadlineKind.ONGOING):
        return d
    return Deadline("", DeadlineKind.ONGOING, d.start, None)


def _recurring(rest: str, *, open_end: bool, every: int = 12) -> Deadline | None:
    """A yearly recurrence: ``rest`` is the text without "hằng năm", maybe with the
    day ("trước ngày 15/12") and the years ("giai đoạn 2021-2025"). One every ``every``
    months (6, 3) names no day: it is due at the end of each half-year or quarter."""
    start = end = None
    if (bounds := _BOUNDS.search(rest)) is not None:
        years = _core(bounds.group())
        if years is None:
            return None
        start, end = years.start, years.end
        rest = " ".join((rest[: bounds.start()] + rest[bounds.end() :]).split())
    if every != 12 and rest:
        return None
    when = _yearly_day(rest)
    if when is None:
        return None
    month, day, before = when
    return Deadline("", DeadlineKind.RECURRING, start, None if open_end else end, month, day, before, every)


def _yearly_day(clause: str) -> tuple[int, int, bool] | None:
    """(month, day, before) of a yearly deadline; 31/12 when the clause is empty."""
    before = False
    while (prefixed := _PREFIX.fullmatch(clause)) is not None:
        role = _ROLES[prefixed["word"]]
        if role == "from":
            return None
        before = before or role == "before"
        clause = prefixed["rest"]
    if not clause:
        return 12, 31, before
    if re.search(r"[0-9]{4}", clause):
        raise _Invalid("a yearly deadline names a day and a month, not a year: drop the year, or drop 'hằng năm'")
    leap = _window(clause, year=2000)
    if leap is None:
        return None
    try:
        common = _window(clause, year=2001)
    except _Invalid:
        raise _Invalid("29/2 does not occur every year: a yearly deadline needs a day every year has") from None
    assert common is not None  # the same text, another year
    anchor, other = (leap.first, common.first) if before else (leap.last, common.last)
    if (anchor.month, anchor.day) != (other.month, other.day):
        raise _Invalid("the end of February moves with leap years: name the day ('28/2 hằng năm')")
    return anchor.month, anchor.day, before


# --- windows -------------------------------------------------------------------------


def _year(found: str | None, default: int | None) -> int | None:
    """The year written, else the one implied (a period's other end), else None."""
    if found is None:
        return default
    year = int(found)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _Invalid(f"year {year} is outside {_MIN_YEAR}-{_MAX_YEAR}")
    return year


def _month(month: int) -> int:
    if not 1 <= month <= 12:
        raise _Invalid(f"month {month} does not exist: months are 1-12")
    return month


def _need(year: int | None) -> int:
    if year is None:
        raise _Invalid(_NO_YEAR)
    return year


def _day(year: int | None, month: int, day: int) -> _Span:
    _month(month)
    longest = calendar.monthrange(2000, month)[1]  # a leap year: the most days the month can have
    if not 1 <= day <= longest:
        if year is not None:
            days = calendar.monthrange(year, month)[1]
            raise _Invalid(f"day {day} does not exist in month {month}/{year}: it has {days} days")
        raise _Invalid(f"day {day} does not exist in month {month}: it has at most {longest} days")
    known = _need(year)
    if month == 2 and day == 29 and not calendar.isleap(known):
        raise _Invalid(f"29/2/{known} does not exist: {known} is not a leap year")
    when = date(known, month, day)
    return _Span(DeadlineKind.DATE, when, when)


def _months(kind: DeadlineKind, year: int | None, first: int, last: int) -> _Span:
    known = _need(year)
    end = date(known, last, calendar.monthrange(known, last)[1])
    return _Span(kind, date(known, first, 1), end)


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _as_date(m: re.Match[str], year: int | None) -> _Span:
    return _day(_year(m["y"], year), int(m["m"]), int(m["d"]))


def _as_month(m: re.Match[str], year: int | None) -> _Span:
    month = _month(int(m["m"]))
    return _months(DeadlineKind.MONTH, _year(m["y"], year), month, month)


def _as_quarter(m: re.Match[str], year: int | None) -> _Span:
    quarter = _QUARTERS.get(m["q"])
    if quarter is None:
        raise _Invalid(f"quarter {m['q'].upper()} does not exist: quarters are I-IV or 1-4")
    return _months(DeadlineKind.QUARTER, _year(m["y"], year), 3 * quarter - 2, 3 * quarter)


def _as_half(m: re.Match[str], year: int | None) -> _Span:
    first = 1 if m["h"] == "dau" else 7
    return _months(DeadlineKind.HALF, _year(m["y"], year), first, first + 5)


def _as_year(m: re.Match[str], year: int | None) -> _Span:
    return _months(DeadlineKind.YEAR, _year(m["y"], year), 1, 12)


_N = "[0-9]{1,2}"
_Y = "(?P<y>[0-9]{4})"
_THEN_YEAR = rf"(?:(?:/|-| nam | ){_Y})?"
_WINDOWS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], int | None], _Span]], ...] = (
    (re.compile(rf"(?:ngay )?{_Y}-(?P<m>{_N})-(?P<d>{_N})"), _as_date),  # ISO 2023-04-06
    (
        re.compile(rf"(?:ngay )?(?P<d>{_N})(?P<s>[/.-])(?P<m>{_N})(?:(?:(?P=s)| nam ){_Y})?"),
        _as_date,
    ),
    (re.compile(rf"(?:ngay )?(?P<d>{_N}) thang (?P<m>{_N}){_THEN_YEAR}"), _as_date),
    (re.compile(rf"thang (?P<m>{_N}){_THEN_YEAR}"), _as_month),
    (re.compile(rf"(?P<m>{_N})/{_Y}"), _as_month),
    (re.compile(rf"quy (?P<q>[ivx]+|[0-9]{{1,2}}){_THEN_YEAR}"), _as_quarter),
    (re.compile(rf"(?:(?:6|sau) thang|nua) (?P<h>dau|cuoi)(?: nam)?{_THEN_YEAR}"), _as_half),
    (re.compile(rf"(?:nam )?{_Y}"), _as_year),
)
_BARE = re.compile(rf"(?:ngay )?(?P<n>{_N})")


def _window(
    s: str, year: int | None = None, month: int | None = None, bare: DeadlineKind | None = None
) -> _Span | None:
    """One named window; ``year``/``month`` fill what the text leaves out.

    ``bare`` says how to read a lone number, which only the first end of a period
    writes: "24" in "24-25/11/2025" is a day, "9" in "9-10/2025" a month.
    """
    for pattern, build in _WINDOWS:
        if (m := pattern.fullmatch(s)) is not None:
            return build(m, year)
    if (m := _BARE.fullmatch(s)) is not None and year is not None:
        if bare is DeadlineKind.DATE and month is not None:
            return _day(year, month, int(m["n"]))
        if bare is DeadlineKind.MONTH:
            number = _month(int(m["n"]))
            return _months(DeadlineKind.MONTH, year, number, number)
    return None


def _period(s: str) -> _Span | None:
    """Two windows joined by a dash or "đến": "2023-2025", "tháng 9-10/2025".

    The first end may leave out what the second writes (the year, the month, the
    word "quý"), as Vietnamese does. Every joint is tried, so a dash inside a date
    ("06-4-2023 - 10-4-2023") is not mistaken for the one between the ends.
    """
    failure: _Invalid | None = None
    for joint in _PERIOD_SEPARATOR.finditer(s):
        left, right = s[: joint.start()], s[joint.end() :]
        try:
            span = _ends(left, right)
        except _Invalid as invalid:
            failure = failure or invalid
            continue
        if span is not None:
            return span
    if failure is not None:
        raise failure
    return None


def _ends(left: str, right: str) -> _Span | None:
    last = _window(right)
    if last is None and (unit := _UNIT.match(left)) is not None:
        last = _window(unit.group() + right)  # "quý II-III/2024"
    if last is None:
        return None
    first = _window(left, last.first.year, last.first.month, last.kind)
    if first is None:
        return None
    if first.first > last.first:
        raise _Invalid(
            f"the period runs backwards: {first.first.isoformat()} comes after "
            f"{last.first.isoformat()}; write the earlier end first"
        )
    return _Span(DeadlineKind.PERIOD, first.first, last.last)
