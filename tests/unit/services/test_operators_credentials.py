"""Credential administration in the service: password rule, logged changes, who may read."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from app import bootstrap
from app.db.models.operators import Grant
from app.domain.errors import DomainError
from app.domain.rights import AccessDenied, Right
from app.services.auth import LoginFailed
from app.services.operators import BOOTSTRAP_ADMIN, console_session, password_problem
from tests.support.auth import TERMINAL, log_rows


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("abc-12", "at least 10 characters"),
        ("only-letters-here", "at least one letter and one digit"),
        ("1234567890", "at least one letter and one digit"),
        ("xx-CLERK01-9", "must not contain the operator ID"),
        ("counter-pass-7", None),
    ],
)
def test_the_password_rule(password: str, problem: str | None) -> None:
    assert password_problem(password, "clerk01") == problem


def test_every_password_change_writes_one_ledger_row(container: bootstrap.Container) -> None:
    admin = console_session("admin01", TERMINAL)
    before = container.operators.ledger_count()
    container.operators.set_password(admin, "clerk01", "counter-pass-7")
    [entry] = container.operators.ledger(admin)[before:]
    assert (entry.action, entry.operator_id, entry.administrator_id) == (
        "password_set",
        "clerk01",
        "admin01",
    )
    assert "counter-pass-7" not in log_rows(container, "rights.password_set")[-1].detail
    assert container.auth.login_password("clerk01", "counter-pass-7", TERMINAL)
    with pytest.raises(DomainError, match="password"):
        container.operators.set_password(admin, "clerk01", "short-1")
    assert container.operators.ledger_count() == before + 1


def test_the_fallback_needs_a_password_and_never_by_oneself(
    container: bootstrap.Container,
) -> None:
    admin = console_session("admin01", TERMINAL)
    container.operators.add_operator(admin, "clerk02", "窓口 次郎", role="窓口担当")
    with pytest.raises(DomainError, match="set a password"):
        container.operators.allow_password(admin, "clerk02", True)
    assert container.operators.allow_password(admin, "admin01", False) is True
    assert container.operators.allow_password(admin, "admin01", False) is False  # no change
    with pytest.raises(DomainError, match="their own password"):
        container.operators.allow_password(admin, "admin01", True)
    with pytest.raises(LoginFailed):
        container.auth.login_password("admin01", "demo-pass-03", TERMINAL)


def test_enrolment_is_logged_and_refused_for_revoked_or_by_non_admins(
    container: bootstrap.Container,
) -> None:
    admin = console_session("admin01", TERMINAL)
    template = container.biometric.enroll("left_thumb", subject="super01")
    with pytest.raises(AccessDenied):
        container.operators.enroll_finger(
            console_session("clerk01", TERMINAL), "super01", "left_thumb", template
        )
    container.operators.enroll_finger(admin, "super01", "left_thumb", template)
    assert container.operators.ledger(admin)[-1].reason == "left_thumb"
    container.operators.revoke_operator(admin, "super01", reason="退職")
    with pytest.raises(DomainError, match="revoked"):
        container.operators.enroll_finger(admin, "super01", "right_thumb", template)


def test_listing_needs_rights_admin_and_the_ledger_admin_or_export(
    container: bootstrap.Container,
) -> None:
    admin = console_session("admin01", TERMINAL)
    clerk = console_session("clerk01", TERMINAL)
    assert {o.operator_id for o in container.operators.list_operators(admin)} >= {"clerk01"}
    with pytest.raises(AccessDenied):
        container.operators.list_operators(clerk)
    with pytest.raises(AccessDenied):
        container.operators.ledger(clerk)
    container.operators.grant(
        admin,
        "clerk01",
        rights=frozenset({Right.EXPORT}),
        valid_from=dt.date(2000, 1, 1),
        valid_until=dt.date(2099, 12, 31),
    )
    assert container.operators.ledger(clerk)
    with pytest.raises(AccessDenied):
        container.operators.list_operators(clerk)
    refusals = log_rows(container, "operator.list") + log_rows(container, "rights.ledger")
    assert [r.outcome for r in refusals] == ["refused"] * 3


def test_bootstrap_closes_for_good_with_the_first_administrator_grant(
    container: bootstrap.Container,
) -> None:
    assert not container.operators.bootstrap_open()
    # The last administrator cannot be revoked; a grant can still end by date unnoticed.
    with container.uow.begin() as db:
        db.execute(
            update(Grant)
            .where(Grant.operator_id == "admin01")
            .values(valid_until=dt.date(2000, 1, 1), valid_from=dt.date(1999, 1, 1))
        )
    assert not container.operators.has_administrator()
    assert not container.operators.bootstrap_open()
    with pytest.raises(AccessDenied):
        container.operators.add_operator(
            console_session(BOOTSTRAP_ADMIN, TERMINAL), "admin02", "管理", role="権限管理者"
        )
