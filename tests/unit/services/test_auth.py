"""Login by fingerprint or enabled password: failures, lockout, revocation, validity."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app import bootstrap
from app.clock import ManualClock
from app.domain.rights import AuthMethod, Right
from app.services.auth import LoginFailed, LoginProblem
from app.services.operators import console_session
from tests.support.auth import TERMINAL, log_rows


def _sensor(container: bootstrap.Container):  # type: ignore[no-untyped-def]
    return container.biometric


def test_enrolled_finger_opens_a_session_and_is_logged(container: bootstrap.Container) -> None:
    _sensor(container).place("clerk01", "left_index")
    session = container.auth.login_biometric("clerk01", TERMINAL)
    assert session.method is AuthMethod.BIOMETRIC
    assert session.rights == {Right.SEARCH, Right.CARD_CONFIRM, Right.MOVE_IN_ENTRY}
    [row] = log_rows(container, "auth.login")
    assert (row.operator_id, row.terminal_id, row.outcome) == ("clerk01", TERMINAL, "ok")
    assert json.loads(row.detail)["method"] == "biometric"
    assert row.correlation_id == session.session_id


def test_someone_elses_finger_or_no_finger_opens_nothing(container: bootstrap.Container) -> None:
    _sensor(container).place("super01", "right_index")
    with pytest.raises(LoginFailed) as wrong:
        container.auth.login_biometric("clerk01", TERMINAL)
    assert wrong.value.problem is LoginProblem.BAD_CREDENTIALS
    with pytest.raises(LoginFailed) as none:
        container.auth.login_biometric("clerk01", TERMINAL)
    assert none.value.problem is LoginProblem.NO_SAMPLE


def test_three_failures_give_three_rows_then_a_lockout(
    container: bootstrap.Container, clock: ManualClock
) -> None:
    for _ in range(3):
        _sensor(container).place_unknown()
        with pytest.raises(LoginFailed):
            container.auth.login_biometric("clerk01", TERMINAL)
    failed = log_rows(container, "auth.login")
    assert [r.outcome for r in failed] == ["failed"] * 3
    assert len(log_rows(container, "auth.lockout")) == 1
    # Locked: even the right finger is refused until the lockout runs out.
    _sensor(container).place("clerk01", "right_index")
    with pytest.raises(LoginFailed) as locked:
        container.auth.login_biometric("clerk01", TERMINAL)
    assert locked.value.problem is LoginProblem.LOCKED_OUT
    clock.advance(minutes=11)
    _sensor(container).place("clerk01", "right_index")
    assert container.auth.login_biometric("clerk01", TERMINAL).operator_id == "clerk01"


def test_password_only_where_the_fallback_is_enabled(container: bootstrap.Container) -> None:
    session = container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    assert session.method is AuthMethod.PASSWORD
    assert json.loads(log_rows(container, "auth.login")[-1].detail)["method"] == "password"
    admin = console_session("admin01", TERMINAL)
    container.operators.allow_password(admin, "clerk01", False)
    with pytest.raises(LoginFailed) as refused:
        container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    assert refused.value.problem is LoginProblem.PASSWORD_NOT_ALLOWED
    assert log_rows(container, "auth.login")[-1].outcome == "refused"


def test_wrong_password_fails(container: bootstrap.Container) -> None:
    with pytest.raises(LoginFailed) as failed:
        container.auth.login_password("clerk01", "not-the-password", TERMINAL)
    assert failed.value.problem is LoginProblem.BAD_CREDENTIALS


def test_revoked_operator_cannot_log_in(container: bootstrap.Container) -> None:
    admin = console_session("admin01", TERMINAL)
    container.operators.revoke_operator(admin, "clerk01", reason="退職")
    _sensor(container).place("clerk01", "right_index")
    with pytest.raises(LoginFailed) as refused:
        container.auth.login_biometric("clerk01", TERMINAL)
    assert refused.value.problem is LoginProblem.REVOKED


def test_grant_past_its_valid_until_does_not_allow_login(
    container: bootstrap.Container, clock: ManualClock
) -> None:
    admin = console_session("admin01", TERMINAL)
    today = clock.now().date()
    container.operators.add_operator(
        admin,
        "temp01",
        "臨時 職員",
        role="窓口担当",
        valid_from=today,
        valid_until=today + dt.timedelta(days=30),
        contractor=True,
        password="temp-pass-0001",
        allow_password=True,
    )
    assert container.auth.login_password("temp01", "temp-pass-0001", TERMINAL)
    clock.advance(days=31)
    with pytest.raises(LoginFailed) as expired:
        container.auth.login_password("temp01", "temp-pass-0001", TERMINAL)
    assert expired.value.problem is LoginProblem.NO_VALID_GRANT


def test_unregistered_terminal_is_refused(container: bootstrap.Container) -> None:
    with pytest.raises(LoginFailed) as refused:
        container.auth.login_password("clerk01", "demo-pass-01", "UNKNOWN-PC")
    assert refused.value.problem is LoginProblem.UNKNOWN_TERMINAL
    assert log_rows(container, "auth.login")[-1].terminal_id == "UNKNOWN-PC"


def test_lock_reauth_and_logout_are_logged(container: bootstrap.Container) -> None:
    _sensor(container).place("clerk01", "right_index")
    session = container.auth.login_biometric("clerk01", TERMINAL)
    container.auth.lock(session, reason="idle")
    _sensor(container).place("super01", "right_index")
    with pytest.raises(LoginFailed):
        container.auth.reauthenticate(session, AuthMethod.BIOMETRIC)
    _sensor(container).place("clerk01", "right_index")
    again = container.auth.reauthenticate(session, AuthMethod.BIOMETRIC)
    assert again.session_id == session.session_id
    container.auth.logout(again)
    assert [r.outcome for r in log_rows(container, "auth.reauthenticate")] == ["failed", "ok"]
    assert len(log_rows(container, "auth.expire")) == 1
    assert len(log_rows(container, "auth.logout")) == 1


def test_log_rows_never_hold_the_password(container: bootstrap.Container) -> None:
    container.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    with pytest.raises(LoginFailed):
        container.auth.login_password("clerk01", "wrong-pass-99", TERMINAL)
    for row in log_rows(container, "auth.login"):
        assert "demo-pass-01" not in row.detail
        assert "wrong-pass-99" not in row.detail
