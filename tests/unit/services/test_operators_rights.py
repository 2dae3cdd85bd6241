"""Rights: checked at call time, refusals logged, the ledger append-only (R-02, R-07..R-11)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from app import bootstrap
from app.clock import ManualClock
from app.domain.errors import DomainError
from app.domain.rights import AccessDenied, Right
from app.services.operators import DuplicateOperator, console_session
from tests.support.auth import TERMINAL, log_rows, make_container


def _login(container: bootstrap.Container, operator_id: str):  # type: ignore[no-untyped-def]
    container.biometric.place(operator_id, "right_index")
    return container.auth.login_biometric(operator_id, TERMINAL)


def test_call_without_the_right_is_refused_and_logged(container: bootstrap.Container) -> None:
    clerk = _login(container, "clerk01")
    with pytest.raises(AccessDenied):
        container.screen.reveal_my_number(clerk, target="resident:12345678901")
    [row] = log_rows(container, "privacy.reveal_my_number")
    assert row.outcome == "refused"
    assert json.loads(row.detail) == {"right": "reveal_my_number", "reason": "not granted"}


def test_guard_rechecks_the_database_after_revocation(container: bootstrap.Container) -> None:
    supervisor = _login(container, "super01")
    container.screen.reveal_my_number(supervisor, target="resident:1")
    admin = console_session("admin01", TERMINAL)
    container.operators.revoke_right(admin, "super01", Right.REVEAL_MY_NUMBER, reason="業務変更")
    with pytest.raises(AccessDenied) as denied:
        container.screen.reveal_my_number(supervisor, target="resident:1")
    assert "revoked" in str(denied.value)
    outcomes = [r.outcome for r in log_rows(container, "privacy.reveal_my_number")]
    assert outcomes == ["ok", "refused"]


def test_grant_outside_its_period_is_refused(
    container: bootstrap.Container, clock: ManualClock
) -> None:
    admin = console_session("admin01", TERMINAL)
    today = clock.now().date()
    container.operators.grant(
        admin,
        "clerk01",
        rights=frozenset({Right.HARDCOPY}),
        valid_from=today + dt.timedelta(days=1),
        valid_until=today + dt.timedelta(days=2),
    )
    clerk = _login(container, "clerk01")
    with pytest.raises(AccessDenied, match="not yet valid"):
        container.guard.require(clerk, Right.HARDCOPY, operation="privacy.hardcopy")
    clock.advance(days=1)
    container.guard.require(clerk, Right.HARDCOPY, operation="privacy.hardcopy")
    clock.advance(days=1)  # valid_until itself is still inside the period
    container.guard.require(clerk, Right.HARDCOPY, operation="privacy.hardcopy")
    clock.advance(days=1)
    with pytest.raises(AccessDenied, match="expired"):
        container.guard.require(clerk, Right.HARDCOPY, operation="privacy.hardcopy")


def test_duplicate_operator_id_is_rejected(container: bootstrap.Container) -> None:
    admin = console_session("admin01", TERMINAL)
    with pytest.raises(DuplicateOperator):
        container.operators.add_operator(admin, "clerk01", "別人", role="窓口担当")


def test_only_rights_administrators_administer(container: bootstrap.Container) -> None:
    clerk = _login(container, "clerk01")
    with pytest.raises(AccessDenied):
        container.operators.add_operator(clerk, "new01", "新人 一子", role="窓口担当")
    assert log_rows(container, "operator.add")[-1].outcome == "refused"
    assert not container.operators.exists("new01")


def test_administrators_cannot_grant_themselves(container: bootstrap.Container) -> None:
    admin = console_session("admin01", TERMINAL)
    today = dt.date(2026, 4, 1)
    with pytest.raises(DomainError):
        container.operators.grant(
            admin,
            "admin01",
            rights=frozenset({Right.EXPORT}),
            valid_from=today,
            valid_until=today,
        )


def test_revocation_adds_exactly_one_ledger_row(container: bootstrap.Container) -> None:
    admin = console_session("admin01", TERMINAL)
    before = container.operators.ledger_count()
    container.operators.revoke_operator(admin, "clerk01", reason="異動")
    entries = container.operators.ledger(admin)
    assert len(entries) == before + 1
    last = entries[-1]
    assert (last.operator_id, last.action, last.reason, last.administrator_id) == (
        "clerk01",
        "revoke_operator",
        "異動",
        "admin01",
    )
    assert set(last.rights) == {"search", "card_confirm", "move_in_entry"}


def test_ledger_rows_cannot_be_updated_or_deleted(container: bootstrap.Container) -> None:
    assert container.operators.ledger_count() > 0
    for statement in (
        "UPDATE rights_ledger SET reason = 'edited'",
        "DELETE FROM rights_ledger",
    ):
        with pytest.raises(DatabaseError), container.uow.begin() as db:
            db.execute(text(statement))
    assert all(
        entry.reason != "edited"
        for entry in container.operators.ledger(console_session("admin01", TERMINAL))
    )


def test_operator_admin_has_no_edit_or_delete_path_for_the_ledger() -> None:
    from app.services import operators

    names = [n for n in dir(operators.OperatorAdmin) if "ledger" in n.lower()]
    assert names and all(not n.startswith(("edit", "delete", "update")) for n in names)
    source = Path(operators.__file__).read_text(encoding="utf-8")
    assert "delete(RightsLedgerRow" not in source
    assert "update(RightsLedgerRow" not in source


@pytest.mark.postgres
def test_ledger_is_append_only_on_postgresql(
    pg_db_url: str, tmp_path: Path, clock: ManualClock
) -> None:
    container = make_container(pg_db_url, tmp_path, clock)
    try:
        admin = console_session("admin01", TERMINAL)
        container.operators.revoke_operator(admin, "super01", reason="退職")
        count = container.operators.ledger_count()
        for statement in (
            "UPDATE rights_ledger SET reason = 'edited'",
            "DELETE FROM rights_ledger",
            "TRUNCATE rights_ledger",
        ):
            with pytest.raises(DatabaseError), container.uow.begin() as db:
                db.execute(text(statement))
        assert container.operators.ledger_count() == count
        assert container.operators.ledger(admin)[-1].action == "revoke_operator"
    finally:
        container.close()
