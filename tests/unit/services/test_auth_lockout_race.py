"""Parallel wrong passwords: every guess counts and the account locks, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.config import AuthPolicy
from app.db.models.operators import Operator
from app.services.auth import LoginFailed, LoginProblem
from tests.support.auth import TERMINAL, log_rows, make_container

GUESSES = 20


@pytest.mark.parametrize("max_failures", [GUESSES, 3])
def test_parallel_wrong_passwords_all_count_and_lock_the_account(
    db_url: str, tmp_path: Path, clock: ManualClock, max_failures: int
) -> None:
    # With the limit at 20, the counter must reach exactly 20: a lost update (read, then
    # write back an absolute value) leaves it lower and the account open. With the limit at
    # 3, it stops at 3 (guesses after the lock are not counted) with exactly one lockout.
    policy = AuthPolicy(max_failures=max_failures, lockout_minutes=10.0)
    container = make_container(db_url, tmp_path, clock, auth=policy)
    try:
        auth = container.auth  # built once, before the threads
        start = threading.Barrier(GUESSES)

        def guess(n: int) -> LoginProblem | None:
            start.wait()
            try:
                auth.login_password("clerk01", f"wrong-guess-{n:02d}", TERMINAL)
            except LoginFailed as failed:
                return failed.problem
            return None

        with ThreadPoolExecutor(GUESSES) as pool:
            problems = list(pool.map(guess, range(GUESSES)))

        assert problems == [LoginProblem.BAD_CREDENTIALS] * GUESSES
        with container.uow.begin() as db:
            operator = db.get(Operator, "clerk01")
            assert operator is not None
            assert operator.failed_logins == max_failures
            assert operator.locked_until is not None
        assert len(log_rows(container, "auth.lockout")) == 1
        assert [r.outcome for r in log_rows(container, "auth.login")] == ["failed"] * GUESSES
        # The right password is now told that the ID is locked.
        with pytest.raises(LoginFailed) as locked:
            auth.login_password("clerk01", "demo-pass-01", TERMINAL)
        assert locked.value.problem is LoginProblem.LOCKED_OUT
    finally:
        container.close()
