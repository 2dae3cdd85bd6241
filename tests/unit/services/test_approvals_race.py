"""Two approvers deciding the same change at once: one decision, one clear NotPending.

Approve and reject read the change's status under the write lock (BEGIN IMMEDIATE on
SQLite, the row locked on PostgreSQL). Runs on both databases (``db_url``).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app.db.models.identity import IdentityRecord
from app.db.models.movein import PendingChange
from app.domain.rights import OperatorSession, Right
from app.services.approvals import NotPending
from tests.support.movein import World, operator

APPROVER_A = operator("super10", Right.CONFIRM_OTHERS)
APPROVER_B = operator("super11", Right.CONFIRM_OTHERS)


def _change_id(world: World) -> int:
    with world.uow.begin() as session:
        return session.scalars(select(PendingChange.id)).one()


def _at_once(*decisions: Callable[[], None]) -> list[str]:
    start = threading.Barrier(len(decisions))

    def decide(decision: Callable[[], None]) -> str:
        start.wait()
        try:
            decision()
        except NotPending:
            return "NotPending"
        return "ok"

    with ThreadPoolExecutor(len(decisions)) as pool:
        return sorted(pool.map(decide, decisions))


def test_two_approvers_at_once_give_one_approval_and_one_not_pending(
    pending_world: World,
) -> None:
    world = pending_world
    change_id = _change_id(world)

    def approve(op: OperatorSession) -> Callable[[], None]:
        return lambda: world.approvals.approve(op, change_id)

    assert _at_once(approve(APPROVER_A), approve(APPROVER_B)) == ["NotPending", "ok"]
    with world.uow.begin() as session:
        change = session.get(PendingChange, change_id)
        assert change is not None and change.status == "approved"
        assert session.scalar(select(func.count()).select_from(IdentityRecord)) == 1
    assert len(world.outbox.messages()) == 2  # one approval's notifications, not two
    rows = world.log("approval.approve")
    assert Counter(r.outcome for r in rows) == Counter({"ok": 1, "refused": 1})
    (refused,) = [r for r in rows if r.outcome == "refused"]
    assert json.loads(refused.detail)["error"] == "NotPending"


def test_an_approval_and_a_rejection_at_once_decide_once(pending_world: World) -> None:
    world = pending_world
    change_id = _change_id(world)
    results = _at_once(
        lambda: world.approvals.approve(APPROVER_A, change_id),
        lambda: world.approvals.reject(APPROVER_B, change_id, "番地の誤り"),
    )
    assert results == ["NotPending", "ok"]
    with world.uow.begin() as session:
        change = session.get(PendingChange, change_id)
        assert change is not None
        decided = change.status
    assert decided in {"approved", "rejected"}
    assert len(world.outbox.messages()) == (2 if decided == "approved" else 0)
    oks = [r for r in world.log() if r.operation.startswith("approval.") and r.outcome == "ok"]
    expected = "approval.approve" if decided == "approved" else "approval.reject"
    assert [r.operation for r in oks] == [expected]
