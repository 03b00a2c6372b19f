"""A deadline as a value: its invariants, and the flat properties a store keeps it in, read back as they were."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from stratagraph.loaders.deadline_text import parse_deadline
from stratagraph.model.deadlines import Deadline, DeadlineKind, deadline_from_props, deadline_props
from stratagraph.model.errors import DeadlineError
from tests.loaders.test_deadline_text import TABLE

K = DeadlineKind
D = date


@pytest.mark.parametrize(("text", "_expected"), TABLE, ids=[text for text, _ in TABLE])
def test_store_properties_round_trip(text: str, _expected: Deadline) -> None:
    d = parse_deadline(text)
    props = deadline_props(d)
    assert None not in props.values()
    assert deadline_from_props(props) == d


def test_store_properties_are_flat_and_iso() -> None:
    assert deadline_props(parse_deadline("Quý II/2023")) == {
        "deadlineText": "Quý II/2023",
        "deadlineKind": "quarter",
        "deadlineStart": "2023-04-01",
        "deadlineEnd": "2023-06-30",
        "deadlineBefore": False,
    }
    assert deadline_props(parse_deadline("Trước ngày 15/12 hằng năm")) == {
        "deadlineText": "Trước ngày 15/12 hằng năm",
        "deadlineKind": "recurring",
        "deadlineMonth": 12,
        "deadlineDay": 15,
        "deadlineBefore": True,
    }


def test_stored_text_without_its_reading_is_an_error_and_no_text_is_no_deadline() -> None:
    with pytest.raises(DeadlineError, match="deadlineKind"):
        deadline_from_props({"deadlineText": "Năm 2025"})
    assert deadline_from_props({"name": "a task"}) is None
    assert deadline_from_props({"deadlineText": None, "deadlineKind": None}) is None


def test_stored_dates_may_be_date_objects() -> None:
    props = {"deadlineText": "Năm 2025", "deadlineKind": "year", "deadlineEnd": D(2025, 12, 31)}
    assert deadline_from_props(props) == Deadline("Năm 2025", K.YEAR, None, D(2025, 12, 31))


@pytest.mark.parametrize(
    ("props", "hint"),
    [
        ({"deadlineText": 2025}, "deadlineText must be a string"),
        ({"deadlineText": "x", "deadlineKind": "weekly", "deadlineEnd": "2025-01-01"}, "weekly"),
        ({"deadlineText": "x", "deadlineKind": "year", "deadlineEnd": "31/12/2025"}, "isoformat"),
        ({"deadlineText": "x", "deadlineKind": "year", "deadlineEnd": 20251231}, "ISO date"),
        (
            {"deadlineText": "x", "deadlineKind": "year", "deadlineEnd": datetime(2025, 1, 1)},
            "ISO date",
        ),
        ({"deadlineText": "x", "deadlineKind": "year"}, "needs an end"),
        (
            {
                "deadlineText": "x",
                "deadlineKind": "recurring",
                "deadlineMonth": 2,
                "deadlineDay": 29,
            },
            "day is out of range",
        ),
        (
            {
                "deadlineText": "x",
                "deadlineKind": "recurring",
                "deadlineMonth": True,
                "deadlineDay": 1,
            },
            "deadlineMonth",
        ),
        (
            {
                "deadlineText": "x",
                "deadlineKind": "period",
                "deadlineStart": "2025-01-01",
                "deadlineEnd": "2024-01-01",
            },
            "after end",
        ),
    ],
)
def test_bad_store_properties_are_deadline_errors(props: dict[str, object], hint: str) -> None:
    with pytest.raises(DeadlineError, match=r"inconsistent|must be") as caught:
        deadline_from_props(props)
    assert hint in caught.value.hint


def test_deadline_checks_its_invariants() -> None:
    with pytest.raises(ValueError, match="needs a month and a day"):
        Deadline("x", K.RECURRING, None, None)
    with pytest.raises(ValueError, match="no yearly month and day"):
        Deadline("x", K.YEAR, None, D(2025, 12, 31), month=12, day=31)
    with pytest.raises(ValueError, match="no end"):
        Deadline("x", K.ONGOING, None, D(2025, 12, 31))


# --- errors ------------------------------------------------------------------------
