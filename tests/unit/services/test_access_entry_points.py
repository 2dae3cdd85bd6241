"""Every confirmation, 特例転入, 転居 and approval entry point asks the guard first (R-07).

An operator without any right is refused before the card is touched and before anything is
written: no PIN is asked, no pending change appears, no decision is taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.db.models.movein import PendingChange
from app.domain.rights import AccessDenied, Right
from tests.support.movein import CLERK, Pins, World, certificate, entry, holder, operator

NOBODY = operator("nobody01")

EntryPoint = Callable[[World, Pins], object]


def _pending_count(world: World) -> int:
    with world.uow.begin() as session:
        return session.scalar(select(func.count()).select_from(PendingChange)) or 0


def _submit_move_in(world: World, _pins: Pins) -> object:
    received = world.inbox.receive(certificate())
    return world.move_in.submit(NOBODY, entry(received.inbox_id))


def _decide(world: World, approve: bool) -> object:
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
    if approve:
        return world.approvals.approve(NOBODY, change_id)
    return world.approvals.reject(NOBODY, change_id, "誤入力")


def _verdict(world: World, reveal: bool) -> object:
    stranger = holder(resident_code="11111111119")
    result = world.confirmation.confirm(CLERK, world.card(stranger), Pins())
    if reveal:
        return world.confirmation.reveal_my_number(NOBODY, result)
    return world.confirmation.record_verdict(NOBODY, result, matched=True)


ENTRY_POINTS: dict[str, tuple[Right, EntryPoint]] = {
    "confirmation.confirm": (
        Right.CARD_CONFIRM,
        lambda w, pins: w.confirmation.confirm(NOBODY, w.card(), pins),
    ),
    "confirmation.record_verdict": (Right.CARD_CONFIRM, lambda w, _p: _verdict(w, False)),
    "confirmation.reveal_my_number": (Right.REVEAL_MY_NUMBER, lambda w, _p: _verdict(w, True)),
    "move_in.inbox": (Right.MOVE_IN_ENTRY, lambda w, _p: w.move_in.inbox(NOBODY)),
    "move_in.read_card": (
        Right.MOVE_IN_ENTRY,
        lambda w, pins: w.move_in.read_card(NOBODY, w.card(), pins),
    ),
    "move_in.submit": (Right.MOVE_IN_ENTRY, _submit_move_in),
    "move_in.continued_use": (
        Right.MOVE_IN_ENTRY,
        lambda w, pins: w.move_in.continued_use(NOBODY, w.card(), pins),
    ),
    "move_within.submit": (
        Right.MOVE_IN_ENTRY,
        lambda w, _p: w.move_within.submit(
            NOBODY, "24727059608", {"address_lot": "１番"}, dt.date(2026, 4, 1)
        ),
    ),
    "approvals.pending": (Right.CONFIRM_OTHERS, lambda w, _p: w.approvals.pending(NOBODY)),
    "approvals.approve": (Right.CONFIRM_OTHERS, lambda w, _p: _decide(w, True)),
    "approvals.reject": (Right.CONFIRM_OTHERS, lambda w, _p: _decide(w, False)),
    "approvals.send_notifications": (
        Right.CONFIRM_OTHERS,
        lambda w, _p: w.approvals.send_notifications(NOBODY, w.dispatcher),
    ),
}


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_entry_point_without_the_right_is_refused_before_anything_happens(
    world: World, name: str
) -> None:
    right, call = ENTRY_POINTS[name]
    pins = Pins()
    with pytest.raises(AccessDenied):
        call(world, pins)
    assert world.guard.refusals == [("nobody01", right)]
    assert pins.asked == []  # the card was not touched
    if name == "move_in.submit":
        assert _pending_count(world) == 0
    if name in ("approvals.approve", "approvals.reject"):
        with world.uow.begin() as session:
            statuses = list(session.scalars(select(PendingChange.status)))
        assert statuses == ["pending"]


def test_opening_the_approvals_queue_is_a_logged_display(world: World) -> None:
    """The queue shows the entries' personal data, so opening it leaves a log row."""
    received = world.inbox.receive(certificate())
    world.move_in.submit(CLERK, entry(received.inbox_id))
    checker = operator("super01", Right.CONFIRM_OTHERS)
    assert len(world.approvals.pending(checker)) == 1
    rows = world.log("approval.list")
    assert [(r.operator_id, r.outcome) for r in rows] == [("super01", "ok")]
    assert '"count": 1' in rows[0].detail
