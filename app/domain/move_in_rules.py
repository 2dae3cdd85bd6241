"""Rules of 特例転入, 継続利用 and 転居 (MYNUMBER_CARD.md §5; SEED_DIGEST R-21, R-29).

- 特例転入: the 転入届 must be made within 14 days of moving in AND within 30 days of the
  planned move-out date (転出予定日), whichever comes first. Day counts are calendar days
  after the start date: moving in on 4/1 and notifying on 4/15 is day 14 (allowed), on 4/16
  day 15 (refused). A 転入届 cannot precede the move itself.
- 継続利用 of the card: within 90 days of the 転入届 (day 90 allowed, day 91 refused).
- 転居 (a move within the city) may change address fields only (R-29).

Refusals carry the dates and the day counts so the screen can show them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from app.domain.errors import DomainError

MOVE_IN_LIMIT_DAYS = 14
PLANNED_MOVE_OUT_LIMIT_DAYS = 30
CONTINUED_USE_LIMIT_DAYS = 90

# The register and identity fields a 転居 may change: the address and what locates it.
ADDRESS_FIELDS = frozenset(
    {
        "postal_code",
        "address",
        "address_lot",
        "address_code",
        "katagaki_kanji",
        "katagaki_kana",
        "oaza_code",
        "address_gaiji_count",
    }
)
# Stamps of the 転居 itself, which describe the change rather than being changed by it.
MOVE_WITHIN_STAMPS = frozenset({"change_date", "notified_date", "address_established_date"})


@dataclasses.dataclass(frozen=True)
class DeadlineCheck:
    """The 特例転入 deadlines for one 転入届, with the day counts the screen shows."""

    moved_in: dt.date
    planned_move_out: dt.date
    notified: dt.date
    days_since_move_in: int
    days_since_planned_move_out: int

    @property
    def move_in_deadline(self) -> dt.date:
        """The last day allowed by the 14-day rule."""
        return self.moved_in + dt.timedelta(days=MOVE_IN_LIMIT_DAYS)

    @property
    def planned_move_out_deadline(self) -> dt.date:
        """The last day allowed by the 30-day rule."""
        return self.planned_move_out + dt.timedelta(days=PLANNED_MOVE_OUT_LIMIT_DAYS)

    @property
    def within_move_in_limit(self) -> bool:
        """Notified on or before day 14 after moving in (and not before the move)."""
        return 0 <= self.days_since_move_in <= MOVE_IN_LIMIT_DAYS

    @property
    def within_planned_move_out_limit(self) -> bool:
        """Notified on or before day 30 after the planned move-out date."""
        return self.days_since_planned_move_out <= PLANNED_MOVE_OUT_LIMIT_DAYS

    @property
    def ok(self) -> bool:
        """Both limits hold: the 特例 may be used."""
        return self.within_move_in_limit and self.within_planned_move_out_limit

    @property
    def deadline(self) -> dt.date:
        """The effective last day: whichever limit comes first."""
        return min(self.move_in_deadline, self.planned_move_out_deadline)


class DeadlineExceeded(DomainError):
    """A time limit of 特例転入 or 継続利用 has passed; ``check`` holds the dates and counts."""

    def __init__(self, field: str, reason: str, check: DeadlineCheck | None = None) -> None:
        self.check = check
        super().__init__(field, reason)


class MoveBeforeNotification(DomainError):
    """The move-in date lies after the notification date (a 転入届 follows the move)."""

    def __init__(self) -> None:
        super().__init__("転入年月日", "lies after the notification date")


class NotAddressField(DomainError):
    """A 転居 tried to change something other than the address (R-29)."""

    def __init__(self, field: str) -> None:
        super().__init__(field, "a 転居 may change address fields only")


def check_deadlines(
    moved_in: dt.date, planned_move_out: dt.date, notified: dt.date
) -> DeadlineCheck:
    """Compute the day counts of a 特例転入 (no exception; see :func:`require_deadlines`)."""
    return DeadlineCheck(
        moved_in=moved_in,
        planned_move_out=planned_move_out,
        notified=notified,
        days_since_move_in=(notified - moved_in).days,
        days_since_planned_move_out=(notified - planned_move_out).days,
    )


def require_deadlines(
    moved_in: dt.date, planned_move_out: dt.date, notified: dt.date
) -> DeadlineCheck:
    """The deadline check, raising when the 特例 cannot be used any more."""
    check = check_deadlines(moved_in, planned_move_out, notified)
    if check.days_since_move_in < 0:
        raise MoveBeforeNotification()
    if not check.within_move_in_limit:
        raise DeadlineExceeded(
            "転入年月日",
            f"day {check.days_since_move_in} after moving in; the limit is "
            f"{MOVE_IN_LIMIT_DAYS} days",
            check,
        )
    if not check.within_planned_move_out_limit:
        raise DeadlineExceeded(
            "転出予定年月日",
            f"day {check.days_since_planned_move_out} after the planned move-out date; "
            f"the limit is {PLANNED_MOVE_OUT_LIMIT_DAYS} days",
            check,
        )
    return check


@dataclasses.dataclass(frozen=True)
class ContinuedUseCheck:
    """継続利用 deadline: days since the 転入届 and the last allowed day."""

    move_in_notified: dt.date
    today: dt.date

    @property
    def days(self) -> int:
        """Calendar days since the 転入届."""
        return (self.today - self.move_in_notified).days

    @property
    def deadline(self) -> dt.date:
        """The last day on which 継続利用 is possible."""
        return self.move_in_notified + dt.timedelta(days=CONTINUED_USE_LIMIT_DAYS)

    @property
    def ok(self) -> bool:
        """On or before day 90."""
        return 0 <= self.days <= CONTINUED_USE_LIMIT_DAYS


def require_continued_use(move_in_notified: dt.date, today: dt.date) -> ContinuedUseCheck:
    """Raise :class:`DeadlineExceeded` when 継続利用 is no longer possible."""
    check = ContinuedUseCheck(move_in_notified, today)
    if not check.ok:
        raise DeadlineExceeded(
            "継続利用",
            f"day {check.days} after the 転入届; the limit is {CONTINUED_USE_LIMIT_DAYS} days",
        )
    return check


def require_address_only(changed_fields: Iterable[str]) -> frozenset[str]:
    """Return the changed fields of a 転居, raising on the first non-address field (R-29)."""
    fields = frozenset(changed_fields)
    for name in sorted(fields):
        if name not in ADDRESS_FIELDS and name not in MOVE_WITHIN_STAMPS:
            raise NotAddressField(name)
    return fields
