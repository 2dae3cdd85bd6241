"""Operator IDs cannot be found out: same answer and same hashing work until the credential fits."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app import bootstrap
from app.clock import ManualClock
from app.services.auth import AuthService, LoginFailed, LoginProblem
from app.services.operators import console_session
from app.services.passwords import PasswordHasher
from tests.support.auth import TERMINAL, log_rows, make_container


class CountingHasher(PasswordHasher):
    """The real (cheap) argon2 hasher, counting the verifications it runs."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024)
        self.verified = 0

    def verify(self, stored_hash: str, password: str) -> bool:
        """Count, then verify."""
        self.verified += 1
        return super().verify(stored_hash, password)


def _auth(container: bootstrap.Container, hasher: PasswordHasher) -> AuthService:
    return AuthService(
        container.uow,
        container.clock,
        container.oplog,
        container.guard,
        hasher=hasher,
        device=container.biometric,
        policy=container.settings.auth,
    )


def _refusal(auth: AuthService, operator_id: str, password: str) -> LoginFailed:
    with pytest.raises(LoginFailed) as refused:
        auth.login_password(operator_id, password, TERMINAL)
    return refused.value


def test_unknown_id_and_wrong_password_look_and_cost_the_same(
    container: bootstrap.Container,
) -> None:
    hasher = CountingHasher()
    auth = _auth(container, hasher)
    wrong = _refusal(auth, "clerk01", "not-the-password")
    assert hasher.verified == 1
    unknown = _refusal(auth, "nobody99", "not-the-password")
    assert hasher.verified == 2  # the unknown ID went through argon2 as well
    assert (unknown.problem, str(unknown)) == (wrong.problem, str(wrong))
    assert unknown.problem is LoginProblem.BAD_CREDENTIALS
    # The log keeps the real reason for the auditor.
    details = [json.loads(r.detail) for r in log_rows(container, "auth.login")]
    assert details[-1] == {
        "method": "password",
        "reason": "bad_credentials",
        "state": "unknown_operator",
    }
    assert "state" not in details[-2]


def test_revoked_is_told_only_after_the_right_password(container: bootstrap.Container) -> None:
    container.operators.revoke_operator(
        console_session("admin01", TERMINAL), "clerk01", reason="退職"
    )
    assert _refusal(container.auth, "clerk01", "not-the-password").problem is (
        LoginProblem.BAD_CREDENTIALS
    )
    assert json.loads(log_rows(container, "auth.login")[-1].detail)["state"] == "revoked"
    assert _refusal(container.auth, "clerk01", "demo-pass-01").problem is LoginProblem.REVOKED
    assert [r.outcome for r in log_rows(container, "auth.login")] == ["failed", "refused"]


def test_password_not_enabled_is_told_only_after_the_right_password(
    container: bootstrap.Container,
) -> None:
    container.operators.allow_password(console_session("admin01", TERMINAL), "clerk01", False)
    assert _refusal(container.auth, "clerk01", "not-the-password").problem is (
        LoginProblem.BAD_CREDENTIALS
    )
    assert _refusal(container.auth, "clerk01", "demo-pass-01").problem is (
        LoginProblem.PASSWORD_NOT_ALLOWED
    )


def test_locked_is_told_only_after_the_right_password(container: bootstrap.Container) -> None:
    for _ in range(container.auth.policy.max_failures):
        _refusal(container.auth, "clerk01", "not-the-password")
    after_lock = _refusal(container.auth, "clerk01", "not-the-password")
    assert (after_lock.problem, after_lock.locked_until) == (LoginProblem.BAD_CREDENTIALS, None)
    assert json.loads(log_rows(container, "auth.login")[-1].detail)["state"] == "locked_out"
    locked = _refusal(container.auth, "clerk01", "demo-pass-01")
    assert locked.problem is LoginProblem.LOCKED_OUT
    assert locked.locked_until is not None


def test_unknown_id_by_finger_is_a_wrong_finger(container: bootstrap.Container) -> None:
    container.biometric.place("clerk01", "right_index")
    with pytest.raises(LoginFailed) as refused:
        container.auth.login_biometric("nobody99", TERMINAL)
    assert refused.value.problem is LoginProblem.BAD_CREDENTIALS


def test_the_attempt_that_locks_looks_like_any_wrong_attempt_on_an_unknown_id(
    db_url: str, tmp_path: Path, clock: ManualClock
) -> None:
    # An unknown ID never locks: if the locking attempt said "locked until", a real ID
    # would be told apart from an unknown one by guessing a few times.
    container = make_container(db_url, tmp_path, clock)
    try:
        auth = container.auth
        for _ in range(auth.policy.max_failures + 2):
            real = _refusal(auth, "clerk01", "not-the-password")
            unknown = _refusal(auth, "nobody99", "not-the-password")
            assert (real.problem, real.locked_until, str(real)) == (
                unknown.problem,
                unknown.locked_until,
                str(unknown),
            )
            assert (real.problem, real.locked_until) == (LoginProblem.BAD_CREDENTIALS, None)
        [lockout] = log_rows(container, "auth.lockout")  # the lock itself is logged
        assert lockout.operator_id == "clerk01"
        locked = _refusal(auth, "clerk01", "demo-pass-01")
        assert locked.problem is LoginProblem.LOCKED_OUT
        assert locked.locked_until == clock.now() + dt.timedelta(
            minutes=auth.policy.lockout_minutes
        )
    finally:
        container.close()
