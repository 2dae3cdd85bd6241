"""Deadline and field rules of 特例転入, 継続利用 and 転居 (MYNUMBER_CARD.md §5, R-29)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.move_in_rules import (
    DeadlineExceeded,
    MoveBeforeNotification,
    NotAddressField,
    check_deadlines,
    require_address_only,
    require_continued_use,
    require_deadlines,
)

MOVED_IN = dt.date(2026, 4, 1)
FAR_PLANNED = dt.date(2026, 3, 30)  # the 30-day rule does not bind in the 14-day tests


def test_day_14_after_moving_in_is_allowed() -> None:
    check = require_deadlines(MOVED_IN, FAR_PLANNED, MOVED_IN + dt.timedelta(days=14))
    assert check.days_since_move_in == 14
    assert check.ok


def test_day_15_after_moving_in_is_refused_with_the_counts() -> None:
    with pytest.raises(DeadlineExceeded) as caught:
        require_deadlines(MOVED_IN, FAR_PLANNED, MOVED_IN + dt.timedelta(days=15))
    check = caught.value.check
    assert check is not None
    assert check.days_since_move_in == 15
    assert check.move_in_deadline == dt.date(2026, 4, 15)
    assert caught.value.field == "転入年月日"


def test_day_30_after_planned_move_out_is_allowed() -> None:
    planned = dt.date(2026, 3, 1)
    notified = planned + dt.timedelta(days=30)
    check = require_deadlines(notified - dt.timedelta(days=2), planned, notified)
    assert check.days_since_planned_move_out == 30
    assert check.ok


def test_day_31_after_planned_move_out_is_refused_with_the_counts() -> None:
    planned = dt.date(2026, 3, 1)
    notified = planned + dt.timedelta(days=31)
    with pytest.raises(DeadlineExceeded) as caught:
        require_deadlines(notified - dt.timedelta(days=2), planned, notified)
    check = caught.value.check
    assert check is not None
    assert check.days_since_planned_move_out == 31
    assert check.planned_move_out_deadline == dt.date(2026, 3, 31)
    assert caught.value.field == "転出予定年月日"


def test_whichever_limit_comes_first_is_the_deadline() -> None:
    check = check_deadlines(dt.date(2026, 4, 1), dt.date(2026, 3, 10), dt.date(2026, 4, 2))
    assert check.deadline == dt.date(2026, 4, 9)  # 3/10 + 30 days, before 4/1 + 14


def test_notification_before_the_move_is_refused() -> None:
    with pytest.raises(MoveBeforeNotification):
        require_deadlines(dt.date(2026, 4, 2), FAR_PLANNED, dt.date(2026, 4, 1))


def test_continued_use_day_90_allowed_day_91_refused() -> None:
    notified = dt.date(2026, 4, 1)
    assert require_continued_use(notified, notified + dt.timedelta(days=90)).days == 90
    with pytest.raises(DeadlineExceeded):
        require_continued_use(notified, notified + dt.timedelta(days=91))


def test_move_within_accepts_address_fields_only() -> None:
    assert require_address_only({"postal_code", "address", "address_lot"}) == {
        "postal_code",
        "address",
        "address_lot",
    }
    with pytest.raises(NotAddressField) as caught:
        require_address_only({"address", "name_kanji"})
    assert caught.value.field == "name_kanji"
