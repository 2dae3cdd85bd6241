"""The last valid rights administrator stays, also against two revocations at once (issue 11)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import update

from app import bootstrap
from app.clock import ManualClock
from app.db.models.operators import Grant
from app.domain.rights import AccessDenied, Right
from app.services.operators import (
    ADMIN_WARNING_DAYS,
    LastAdministrator,
    OperatorAdmin,
    console_session,
)
from app.services.stamps import jst_date
from tests.support.auth import TERMINAL, log_rows, make_container

ADMIN_ROLE = "権限管理者"


@pytest.fixture
def box(db_url: str, tmp_path: Path, clock: ManualClock) -> Iterator[bootstrap.Container]:
    """The training staff (admin01 the only administrator), on SQLite and PostgreSQL."""
    built = make_container(db_url, tmp_path, clock)
    yield built
    built.close()


def _as(operator_id: str):  # type: ignore[no-untyped-def]
    return console_session(operator_id, TERMINAL)


def _add_admin(box: bootstrap.Container, operator_id: str, **period: dt.date) -> None:
    box.operators.add_operator(_as("admin01"), operator_id, "管理 二郎", role=ADMIN_ROLE, **period)


def _today(box: bootstrap.Container) -> dt.date:
    return jst_date(box.clock.now())


@pytest.mark.parametrize(
    "revoke",
    [
        lambda ops: ops.revoke_right(_as("admin01"), "admin01", Right.RIGHTS_ADMIN, reason="異動"),
        lambda ops: ops.revoke_operator(_as("admin01"), "admin01", reason="退職"),
    ],
    ids=["right", "operator"],
)
def test_the_only_administrator_cannot_revoke_themself(
    box: bootstrap.Container, revoke: Callable[[OperatorAdmin], object]
) -> None:
    before = box.operators.ledger_count()
    with pytest.raises(LastAdministrator) as refused:
        revoke(box.operators)
    assert "後任の権限管理者を先に登録してください" in str(refused.value)
    assert refused.value.field == "operator_id"
    assert box.operators.ledger_count() == before
    assert box.operators.admin_coverage().holders == ("admin01",)
    rows = log_rows(box, "rights.revoke") + log_rows(box, "operator.revoke")
    assert [(r.outcome, json.loads(r.detail)["reason"]) for r in rows] == [
        ("refused", "last_rights_administrator")
    ]


def test_with_a_successor_either_may_go_but_not_both(box: bootstrap.Container) -> None:
    _add_admin(box, "admin02")
    box.operators.revoke_operator(_as("admin02"), "admin01", reason="退職")
    assert box.operators.admin_coverage().holders == ("admin02",)
    with pytest.raises(LastAdministrator):
        box.operators.revoke_right(_as("admin02"), "admin02", Right.RIGHTS_ADMIN, reason="異動")


def test_other_rights_of_the_last_administrator_can_be_revoked(box: bootstrap.Container) -> None:
    _add_admin(box, "admin02")
    box.operators.grant(
        _as("admin02"),
        "admin01",
        rights=frozenset({Right.EXPORT}),
        valid_from=_today(box),
        valid_until=_today(box),
    )
    box.operators.revoke_operator(_as("admin01"), "admin02", reason="異動")
    assert box.operators.revoke_right(_as("admin01"), "admin01", Right.EXPORT, reason="x") == 1


def test_an_administrator_whose_grant_ended_or_has_not_begun_does_not_count(
    box: bootstrap.Container,
) -> None:
    today = _today(box)
    _add_admin(box, "admin02", valid_from=today + dt.timedelta(days=1))
    ended = {
        "valid_from": today - dt.timedelta(days=9),
        "valid_until": today - dt.timedelta(days=1),
    }
    _add_admin(box, "admin03", **ended)
    with pytest.raises(LastAdministrator):
        box.operators.revoke_operator(_as("admin01"), "admin01", reason="退職")
    box.clock.advance(days=1)  # admin02 begins
    box.operators.revoke_operator(_as("admin02"), "admin01", reason="退職")
    assert box.operators.admin_coverage().holders == ("admin02",)


def test_coverage_warns_when_every_administrator_ends_within_the_warning_period(
    box: bootstrap.Container,
) -> None:
    assert not box.operators.admin_coverage().ends_soon
    soon = _today(box) + dt.timedelta(days=ADMIN_WARNING_DAYS - 1)
    with box.uow.begin() as db:
        db.execute(update(Grant).where(Grant.operator_id == "admin01").values(valid_until=soon))
    coverage = box.operators.admin_coverage()
    assert coverage.ends_soon and coverage.last_day == soon
    _add_admin(box, "admin02", valid_until=soon + dt.timedelta(days=1))  # still within 30 days
    assert box.operators.admin_coverage().ends_soon
    _add_admin(box, "admin04", valid_until=soon + dt.timedelta(days=2))  # 31 days: enough
    assert not box.operators.admin_coverage().ends_soon
    box.operators.revoke_operator(_as("admin01"), "admin04", reason="異動")
    _add_admin(box, "admin03")  # no end
    assert not box.operators.admin_coverage().ends_soon
    box.clock.advance(days=ADMIN_WARNING_DAYS + 5)  # admin01 and admin02 have ended
    assert box.operators.admin_coverage().holders == ("admin03",)


@pytest.mark.parametrize("how", ["right", "operator"])
def test_two_administrators_revoking_each_other_at_once_leave_one(
    box: bootstrap.Container, how: str
) -> None:
    _add_admin(box, "admin02")
    operators = box.operators
    start = threading.Barrier(2)

    def revoke(pair: tuple[str, str]) -> str:
        actor, target = pair
        start.wait()
        try:
            if how == "right":
                operators.revoke_right(_as(actor), target, Right.RIGHTS_ADMIN, reason="異動")
            else:
                operators.revoke_operator(_as(actor), target, reason="退職")
        except (LastAdministrator, AccessDenied):
            # AccessDenied when the other revocation committed before this one's right check.
            return "refused"
        return "done"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(revoke, [("admin01", "admin02"), ("admin02", "admin01")]))
    assert outcomes == ["done", "refused"]
    holders = operators.admin_coverage().holders
    assert len(holders) == 1 and holders[0] in {"admin01", "admin02"}
    refusals = log_rows(box, "rights.revoke") + log_rows(box, "operator.revoke")
    assert [r.outcome for r in refusals].count("refused") == 1
