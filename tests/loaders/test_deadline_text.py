"""Reading Vietnamese deadline texts: the forms plans use, the errors, the calendar."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stratagraph.loaders.deadline_text import parse_deadline
from stratagraph.model.deadlines import (
    Deadline,
    DeadlineKind,
    deadline_from_props,
    deadline_props,
    next_due,
    occurrences,
)
from stratagraph.model.errors import DeadlineError

K = DeadlineKind
D = date


def meaning(
    kind: DeadlineKind,
    start: date | None,
    end: date | None,
    month: int | None = None,
    day: int | None = None,
    *,
    before: bool = False,
    every: int = 12,
) -> Deadline:
    """An expected reading; the text is compared separately."""
    return Deadline("", kind, start, end, month, day, before, every)


Q2_2023 = meaning(K.QUARTER, D(2023, 4, 1), D(2023, 6, 30))
YEAR_2025 = meaning(K.YEAR, D(2025, 1, 1), D(2025, 12, 31))
BY_2025 = meaning(K.YEAR, None, D(2025, 12, 31))
Y2023_2025 = meaning(K.PERIOD, D(2023, 1, 1), D(2025, 12, 31))
Y2021_2025 = meaning(K.PERIOD, D(2021, 1, 1), D(2025, 12, 31))
BEFORE_15_12_YEARLY = meaning(K.RECURRING, None, None, 12, 15, before=True)
YEARLY = meaning(K.RECURRING, None, None, 12, 31)
ONGOING = meaning(K.ONGOING, None, None)
JUNE_2024 = meaning(K.MONTH, D(2024, 6, 1), D(2024, 6, 30))
APRIL_6 = meaning(K.DATE, D(2023, 4, 6), D(2023, 4, 6))
SEP_OCT_2025 = meaning(K.PERIOD, D(2025, 9, 1), D(2025, 10, 31))
NOV_24_25 = meaning(K.PERIOD, D(2025, 11, 24), D(2025, 11, 25))
H1_2024 = meaning(K.HALF, D(2024, 1, 1), D(2024, 6, 30))
FROM_2024 = meaning(K.ONGOING, D(2024, 1, 1), None)
QUARTERLY = meaning(K.RECURRING, None, None, 12, 31, every=3)
HALF_YEARLY = meaning(K.RECURRING, None, None, 12, 31, every=6)
Q2_Q3_2024 = meaning(K.PERIOD, D(2024, 4, 1), D(2024, 9, 30))
UNDATED = meaning(K.UNDATED, None, None)

TABLE: list[tuple[str, Deadline]] = [
    # quarters
    ("Quý II/2023", Q2_2023),
    ("quy ii/2023", Q2_2023),
    ("Quý II/2023.", Q2_2023),
    ("  QUÝ  II / 2023 ", Q2_2023),
    ("Quý 2 năm 2023", Q2_2023),
    ("Trong quý II/2023", Q2_2023),
    ("Hoàn thành trong quý II/2023", Q2_2023),
    ("Thời hạn: Quý II/2023", Q2_2023),
    ("Quý IV năm 2023", meaning(K.QUARTER, D(2023, 10, 1), D(2023, 12, 31))),
    ("quý 3/2024", meaning(K.QUARTER, D(2024, 7, 1), D(2024, 9, 30))),
    ("Quý I/2024", meaning(K.QUARTER, D(2024, 1, 1), D(2024, 3, 31))),
    ("Đến hết quý II/2023", meaning(K.QUARTER, None, D(2023, 6, 30))),
    ("Cuối quý II/2023", meaning(K.QUARTER, None, D(2023, 6, 30))),
    # years
    ("Năm 2025", YEAR_2025),
    ("Trong năm 2025", YEAR_2025),
    ("trong nam 2025", YEAR_2025),
    ("2025", YEAR_2025),
    ("2030", meaning(K.YEAR, D(2030, 1, 1), D(2030, 12, 31))),
    ("Đến năm 2025", BY_2025),
    ("Đến hết năm 2025", BY_2025),
    ("den het nam 2025", BY_2025),
    ("Cuối năm 2025", BY_2025),
    ("Đến 2030", meaning(K.YEAR, None, D(2030, 12, 31))),
    ("Trước năm 2025", meaning(K.YEAR, None, D(2024, 12, 31), before=True)),
    # periods of years
    ("2023-2025", Y2023_2025),
    ("2023 – 2025", Y2023_2025),
    ("2023—2025", Y2023_2025),
    ("Giai đoạn 2023 - 2025", Y2023_2025),
    ("Năm 2023 - 2025", Y2023_2025),
    ("Từ năm 2023 đến năm 2025", Y2023_2025),
    ("Từ 2023 đến hết 2025", Y2023_2025),
    ("Giai đoạn 2021-2025", Y2021_2025),
    ("giai doan 2021-2025", Y2021_2025),
    ("Trong giai đoạn 2021 – 2025", Y2021_2025),
    ("Thường xuyên, giai đoạn 2021-2025", Y2021_2025),
    # periods of months, quarters and days
    ("Tháng 9–10/2025", SEP_OCT_2025),
    ("9-10/2025", SEP_OCT_2025),
    ("Tháng 9 - tháng 10/2025", SEP_OCT_2025),
    ("Từ tháng 9 đến tháng 10/2025", SEP_OCT_2025),
    ("Quý II - Quý III/2024", meaning(K.PERIOD, D(2024, 4, 1), D(2024, 9, 30))),
    ("quý II-III/2024", meaning(K.PERIOD, D(2024, 4, 1), D(2024, 9, 30))),
    ("Quý IV/2024 - Quý I/2025", meaning(K.PERIOD, D(2024, 10, 1), D(2025, 3, 31))),
    ("24–25/11/2025", NOV_24_25),
    ("Từ ngày 24 đến ngày 25/11/2025", NOV_24_25),
    ("15/12 - 20/12/2025", meaning(K.PERIOD, D(2025, 12, 15), D(2025, 12, 20))),
    ("06-4-2023 - 10-4-2023", meaning(K.PERIOD, D(2023, 4, 6), D(2023, 4, 10))),
    # halves
    ("6 tháng đầu năm 2024", H1_2024),
    ("Trong 6 tháng đầu năm 2024", H1_2024),
    ("nửa đầu năm 2024", H1_2024),
    ("6 tháng cuối năm 2023", meaning(K.HALF, D(2023, 7, 1), D(2023, 12, 31))),
    # months
    ("Tháng 6/2024", JUNE_2024),
    ("tháng 06 năm 2024", JUNE_2024),
    ("Tháng 6 - 2024", JUNE_2024),
    ("6/2024", JUNE_2024),
    ("Trước tháng 6/2024", meaning(K.MONTH, None, D(2024, 5, 31), before=True)),
    # days
    ("06/4/2023", APRIL_6),
    ("6/4/2023", APRIL_6),
    ("ngày 06 tháng 4 năm 2023", APRIL_6),
    ("Ngày 6/4/2023", APRIL_6),
    ("NGAY 6 THANG 4 NAM 2023", APRIL_6),
    ("06.4.2023", APRIL_6),
    ("06-4-2023", APRIL_6),
    ("2023-04-06", APRIL_6),
    ("Ngày 29/02/2024", meaning(K.DATE, D(2024, 2, 29), D(2024, 2, 29))),
    ("Trước ngày 15/12/2023", meaning(K.DATE, None, D(2023, 12, 14), before=True)),
    ("truoc ngay 15/12/2023", meaning(K.DATE, None, D(2023, 12, 14), before=True)),
    ("Hoàn thành trước ngày 01/01/2024", meaning(K.DATE, None, D(2023, 12, 31), before=True)),
    ("Chậm nhất ngày 30/6/2024", meaning(K.DATE, None, D(2024, 6, 30))),
    ("Đến ngày 30/6/2024", meaning(K.DATE, None, D(2024, 6, 30))),
    ("Hạn chót 30/6/2024", meaning(K.DATE, None, D(2024, 6, 30))),
    ("Thời gian hoàn thành: chậm nhất ngày 30/6/2024", meaning(K.DATE, None, D(2024, 6, 30))),
    # yearly recurrences
    ("Trước ngày 15/12 hằng năm", BEFORE_15_12_YEARLY),
    ("trước 15/12 hàng năm", BEFORE_15_12_YEARLY),
    ("Hằng năm, trước ngày 15/12", BEFORE_15_12_YEARLY),
    ("truoc ngay 15/12 hang nam", BEFORE_15_12_YEARLY),
    ("Ngày 15/12 hằng năm", meaning(K.RECURRING, None, None, 12, 15)),
    ("Trước ngày 01/01 hằng năm", meaning(K.RECURRING, None, None, 1, 1, before=True)),
    ("Hằng năm", YEARLY),
    ("hang nam", YEARLY),
    ("Định kỳ hằng năm", YEARLY),
    ("Hàng năm, thường xuyên", YEARLY),
    ("Thường xuyên, hằng năm", YEARLY),
    ("Mỗi năm", YEARLY),
    ("Quý I hằng năm", meaning(K.RECURRING, None, None, 3, 31)),
    ("Tháng 12 hằng năm", YEARLY),
    (
        "Hằng năm, giai đoạn 2021-2025",
        meaning(K.RECURRING, D(2021, 1, 1), D(2025, 12, 31), 12, 31),
    ),
    (
        "Trước ngày 31/3 hằng năm, từ năm 2024",
        meaning(K.RECURRING, D(2024, 1, 1), None, 3, 31, before=True),
    ),
    ("Năm 2024 và các năm tiếp theo", meaning(K.RECURRING, D(2024, 1, 1), None, 12, 31)),
    ("nam 2024 va cac nam tiep theo", meaning(K.RECURRING, D(2024, 1, 1), None, 12, 31)),
    # ongoing
    ("Thường xuyên", ONGOING),
    ("thuong xuyen", ONGOING),
    ("Thường xuyên, liên tục", ONGOING),
    ("Thường xuyên.", ONGOING),
    ("Từ năm 2024", FROM_2024),
    ("Từ năm 2024 trở đi", FROM_2024),
    ("Thường xuyên từ năm 2024", FROM_2024),
    ("Từ quý III/2024", meaning(K.ONGOING, D(2024, 7, 1), None)),
    # quarterly and half-yearly: due at the end of each quarter, or on 30/6 and 31/12
    ("Hằng quý", QUARTERLY),
    ("hang quy", QUARTERLY),
    ("Định kỳ hằng quý", QUARTERLY),
    ("Mỗi quý một lần", QUARTERLY),
    ("Hằng quý, giai đoạn 2023-2025", meaning(K.RECURRING, D(2023, 1, 1), D(2025, 12, 31), 12, 31, every=3)),
    ("Quý I hằng năm", meaning(K.RECURRING, None, None, 3, 31)),
    ("Định kỳ 6 tháng", HALF_YEARLY),
    ("định kỳ 6 tháng một lần", HALF_YEARLY),
    ("6 tháng một lần", HALF_YEARLY),
    ("6 tháng 1 lần", HALF_YEARLY),
    ("Hằng nửa năm", HALF_YEARLY),
    # parts of a year
    ("Đầu năm 2025", meaning(K.PERIOD, D(2025, 1, 1), D(2025, 3, 31))),
    ("Giữa năm 2025", meaning(K.PERIOD, D(2025, 4, 1), D(2025, 9, 30))),
    ("Đến giữa năm 2025", meaning(K.PERIOD, None, D(2025, 9, 30))),
    # quarters and months listed before their year: the span from the first to the last
    ("Quý II, III/2024", Q2_Q3_2024),
    ("Quý II và III/2024", Q2_Q3_2024),
    ("quy ii va iii/2024", Q2_Q3_2024),
    ("Tháng 6, 7/2024", meaning(K.PERIOD, D(2024, 6, 1), D(2024, 7, 31))),
    ("Tháng 6 và 7/2024", meaning(K.PERIOD, D(2024, 6, 1), D(2024, 7, 31))),
    # no date on purpose: the words are kept, no day is due
    ("Theo tiến độ dự án", UNDATED),
    ("theo tien do du an", UNDATED),
    ("Khi có yêu cầu", UNDATED),
    ("Theo chỉ đạo của Bộ", UNDATED),
    ("Đột xuất", UNDATED),
]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[text for text, _ in TABLE])
def test_reads_each_form(text: str, expected: Deadline) -> None:
    got = parse_deadline(text)
    assert got.text == text  # verbatim, spaces and all
    assert replace(got, text="") == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("sớm nhất có thể", "accepted forms"),
        ("", "accepted forms"),
        ("Quý II/2023 và quý IV/2023", "accepted forms"),
        ("Trong vòng 30 ngày kể từ ngày ký", "accepted forms"),
        ("Tháng 13/2024", "month 13 does not exist"),
        ("13/2024", "month 13 does not exist"),
        ("15/13/2024", "month 13 does not exist"),
        ("Tháng 0/2024", "month 0 does not exist"),
        ("Quý V/2023", "quarter V does not exist"),
        ("quý 5/2023", "quarter 5 does not exist"),
        ("Quý 0/2023", "quarter 0 does not exist"),
        ("2025-2023", "the period runs backwards"),
        ("Giai đoạn 2025 – 2021", "the period runs backwards"),
        ("Tháng 10-9/2025", "the period runs backwards"),
        ("25-24/11/2025", "the period runs backwards"),
        ("31/4/2023", "day 31 does not exist in month 4/2023: it has 30 days"),
        ("29/2/2023", "2023 is not a leap year"),
        ("30/02/2024", "day 30 does not exist in month 2/2024: it has 29 days"),
        ("31/02/2025", "day 31 does not exist in month 2/2025: it has 28 days"),
        ("Trước ngày 03/4", "no year"),
        ("Tháng 6", "no year"),
        ("Quý II", "no year"),
        ("24-25/11", "no year"),
        ("29/2 hằng năm", "29/2 does not occur every year"),
        ("Tháng 2 hằng năm", "February moves with leap years"),
        ("15/12/2023 hằng năm", "not a year"),
        ("Hằng tháng", "yearly, half-yearly and quarterly recurrences"),
        ("Hằng tuần", "yearly, half-yearly and quarterly recurrences"),
        ("Báo cáo định kỳ 6 tháng và hằng năm", "yearly, half-yearly and quarterly recurrences"),
        ("Hằng quý trước ngày 15", "accepted forms"),
        ("Theo tiến độ dự án năm 2O25", "accepted forms"),  # a number no rule reads: a typo, not "no date"
        ("Năm 1800", "year 1800 is outside"),
        ("tu " * 100, "short phrase"),
    ],
)
def test_errors_quote_the_text_and_say_why(text: str, hint: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(text)
    assert caught.value.text == text
    assert repr(text) in str(caught.value)
    assert hint in caught.value.hint
    assert hint in str(caught.value)


# --- the calendar ------------------------------------------------------------------


def test_yearly_before_is_due_the_day_before() -> None:
    d = parse_deadline("Trước ngày 15/12 hằng năm")
    assert d.due is None
    assert next_due(d, D(2024, 12, 20)) == D(2025, 12, 14)
    assert next_due(d, D(2024, 12, 14)) == D(2024, 12, 14)  # on or after
    assert next_due(d, D(2024, 12, 15)) == D(2025, 12, 14)
    assert occurrences(d, D(2023, 1, 1), D(2025, 12, 31)) == [
        D(2023, 12, 14),
        D(2024, 12, 14),
        D(2025, 12, 14),
    ]
    assert occurrences(d, D(2024, 12, 15), D(2025, 12, 13)) == []


def test_yearly_before_new_year_falls_in_the_year_before() -> None:
    d = parse_deadline("Trước ngày 01/01 hằng năm")
    assert occurrences(d, D(2024, 1, 1), D(2024, 12, 31)) == [D(2024, 12, 31)]
    assert next_due(d, D(2024, 6, 1)) == D(2024, 12, 31)


def test_bare_yearly_is_due_at_year_end() -> None:
    d = parse_deadline("Hằng năm")
    assert next_due(d, D(2024, 3, 1)) == D(2024, 12, 31)
    assert next_due(d, D(2025, 1, 1)) == D(2025, 12, 31)


def test_bounded_recurrence_stops_with_its_years() -> None:
    d = parse_deadline("Hằng năm, giai đoạn 2021-2025")
    assert occurrences(d, D(2000, 1, 1), D(2030, 12, 31)) == [D(y, 12, 31) for y in range(2021, 2026)]
    assert d.due == D(2025, 12, 31)
    assert next_due(d, D(2019, 1, 1)) == D(2021, 12, 31)
    assert next_due(d, D(2026, 1, 1)) is None


def test_recurrence_from_a_year_starts_then() -> None:
    d = parse_deadline("Năm 2024 và các năm tiếp theo")
    assert next_due(d, D(2020, 5, 5)) == D(2024, 12, 31)
    assert occurrences(d, D(2022, 1, 1), D(2025, 12, 31)) == [D(2024, 12, 31), D(2025, 12, 31)]


def test_one_off_deadline_is_due_once() -> None:
    d = parse_deadline("Quý II/2023")
    assert d.due == D(2023, 6, 30)
    assert occurrences(d, D(2023, 1, 1), D(2023, 12, 31)) == [D(2023, 6, 30)]
    assert occurrences(d, D(2023, 7, 1), D(2023, 12, 31)) == []
    assert next_due(d, D(2023, 6, 30)) == D(2023, 6, 30)
    assert next_due(d, D(2023, 7, 1)) is None
    before = parse_deadline("Trước ngày 15/12/2023")
    assert before.due == D(2023, 12, 14)
    assert next_due(before, D(2023, 12, 15)) is None


def test_ongoing_work_is_never_due() -> None:
    for text in ("Thường xuyên", "Từ năm 2024"):
        d = parse_deadline(text)
        assert d.due is None
        assert occurrences(d, D(2000, 1, 1), D(2100, 1, 1)) == []
        assert next_due(d, D(2024, 1, 1)) is None


# --- properties --------------------------------------------------------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
LAST_DAY = timedelta(days=-1)
days = st.dates(D(1900, 1, 1), D(2999, 12, 31))
years = st.integers(1900, 2999)


def _month_end(year: int, month: int) -> date:
    return (D(year + 1, 1, 1) if month == 12 else D(year, month + 1, 1)) + LAST_DAY


@st.composite
def written(draw: st.DrawFn) -> tuple[str, Deadline]:
    """A deadline as a planner would write it, with the meaning it must have."""
    form = draw(st.sampled_from(["day", "before", "month", "quarter", "half", "year", "period"]))
    if form in ("day", "before"):
        d = draw(days)
        text = draw(
            st.sampled_from(
                [
                    f"{d.day:02}/{d.month}/{d.year}",
                    f"{d.day}/{d.month:02}/{d.year}",
                    f"ngày {d.day} tháng {d.month} năm {d.year}",
                    f"{d.day}.{d.month}.{d.year}",
                    d.isoformat(),
                ]
            )
        )
        if form == "before":
            said = f"Trước {text}" if text.startswith("ngày") else f"Trước ngày {text}"
            return said, meaning(K.DATE, None, d + LAST_DAY, before=True)
        return text, meaning(K.DATE, d, d)
    year = draw(years)
    if form == "month":
        month = draw(st.integers(1, 12))
        text = draw(st.sampled_from([f"Tháng {month}/{year}", f"tháng {month:02} năm {year}"]))
        return text, meaning(K.MONTH, D(year, month, 1), _month_end(year, month))
    if form == "quarter":
        q = draw(st.integers(1, 4))
        text = draw(st.sampled_from([f"Quý {ROMAN[q]}/{year}", f"quý {q} năm {year}"]))
        return text, meaning(K.QUARTER, D(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if form == "half":
        first = draw(st.booleans())
        text = f"6 tháng {'đầu' if first else 'cuối'} năm {year}"
        return text, meaning(K.HALF, D(year, 1 if first else 7, 1), _month_end(year, 6 if first else 12))
    if form == "year":
        text = draw(st.sampled_from([f"Năm {year}", f"{year}", f"Trong năm {year}"]))
        return text, meaning(K.YEAR, D(year, 1, 1), D(year, 12, 31))
    last = draw(st.integers(year, 2999))
    text = draw(st.sampled_from([f"Giai đoạn {year} – {last}", f"{year}-{last}"]))
    return text, meaning(K.PERIOD, D(year, 1, 1), D(last, 12, 31))


yearly_days = days.filter(lambda d: (d.month, d.day) != (2, 29))


def _without_marks(text: str) -> str:
    """The text as typed on a keyboard without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _variants(text: str) -> list[str]:
    plain = _without_marks(text)
    return [text, text.upper(), f"  {text}. ", plain, plain.lower(), text.replace(" ", "  ")]


@given(written())
@example(("Quý II/2023", Q2_2023))
def test_written_deadlines_read_back(case: tuple[str, Deadline]) -> None:
    text, expected = case
    for variant in _variants(text):
        got = parse_deadline(variant)
        assert got.text == variant
        assert replace(got, text="") == expected


@given(yearly_days, st.booleans())
def test_written_yearly_deadlines_read_back(d: date, before: bool) -> None:
    text = f"{'Trước ngày' if before else 'Ngày'} {d.day}/{d.month} hằng năm"
    expected = meaning(K.RECURRING, None, None, d.month, d.day, before=before)
    for variant in _variants(text):
        assert replace(parse_deadline(variant), text="") == expected


WORDS = [
    *["quý", "tháng", "ngày", "năm", "trước", "đến", "hết", "từ", "trong", "giai", "đoạn"],
    *["hằng", "hàng", "thường", "xuyên", "và", "các", "tiếp", "theo", "trở", "đi", "định", "kỳ"],
    *["6", "đầu", "cuối", "I", "II", "IV", "V", "0", "1", "9", "12", "15", "29", "31"],
    *["2023", "2025", "1800", "/", "-", "–", ".", ",", ":", " "],
]


def _read_or_refusal(text: str) -> Deadline | DeadlineError:
    try:
        return parse_deadline(text)
    except DeadlineError as error:
        return error


def _holds_if_read(text: str) -> None:
    d = _read_or_refusal(text)
    assert d.text == text
    if isinstance(d, Deadline):
        assert d.start is None or d.end is None or d.start <= d.end
        assert deadline_from_props(deadline_props(d)) == d


@given(st.text())
def test_any_text_is_read_or_refused_with_a_deadline_error(text: str) -> None:
    _holds_if_read(text)


@given(st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join))
def test_word_soup_is_read_or_refused_with_a_deadline_error(text: str) -> None:
    _holds_if_read(text)


@given(yearly_days, st.booleans(), days, st.integers(0, 3000))
def test_next_due_is_the_first_occurrence(named: date, before: bool, after: date, span: int) -> None:
    d = Deadline("x", K.RECURRING, None, None, named.month, named.day, before)
    found = occurrences(d, after, after + timedelta(days=span))
    assert found == sorted(set(found))
    assert all(after <= day <= after + timedelta(days=span) for day in found)
    assert len(found) >= span // 366
    first = next_due(d, after)
    assert first is not None
    assert first >= after
    assert (first - after).days <= 366
    if found:
        assert found[0] == first


@pytest.mark.parametrize("spaces", [" " * 100_000, "\t \n" * 30_000])
def test_a_text_padded_with_whitespace_reads_as_the_text(spaces: str) -> None:
    deadline = parse_deadline(f"Quý II{spaces}/ 2024")
    assert (deadline.kind, deadline.end) == (DeadlineKind.QUARTER, date(2024, 6, 30))


def test_quarterly_and_half_yearly_duties_fall_due_at_each_end() -> None:
    quarterly, half = parse_deadline("Hằng quý, giai đoạn 2024-2025"), parse_deadline("Định kỳ 6 tháng")
    assert occurrences(quarterly, D(2023, 1, 1), D(2026, 12, 31)) == [
        D(y, m, d) for y in (2024, 2025) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))
    ]
    assert quarterly.due == D(2025, 12, 31)
    assert next_due(half, D(2024, 7, 1)) == D(2024, 12, 31)
    assert next_due(half, D(2025, 1, 1)) == D(2025, 6, 30)
    assert occurrences(half, D(2024, 1, 1), D(2024, 12, 31)) == [D(2024, 6, 30), D(2024, 12, 31)]


@pytest.mark.parametrize("text", ["Hằng quý", "6 tháng một lần", "Theo tiến độ dự án", "Quý II và III/2024"])
def test_new_forms_keep_their_reading_in_a_store(text: str) -> None:
    d = parse_deadline(text)
    assert deadline_from_props(deadline_props(d)) == d


def test_an_undated_deadline_is_due_on_no_day() -> None:
    d = parse_deadline("Khi có yêu cầu")
    assert (d.due, next_due(d, D(2024, 1, 1)), occurrences(d, D(2000, 1, 1), D(2100, 1, 1))) == (None, None, [])
    assert "deadlineEvery" not in deadline_props(d)
