"""The first set-up: terminal and first administrator in one transaction (issue 11, point 4)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app import bootstrap
from app.clock import ManualClock
from app.db.models.operators import Operator
from app.domain.errors import DomainError
from app.domain.rights import Right
from app.services.auth import LoginFailed, LoginProblem
from app.services.operators import BOOTSTRAP_ADMIN, console_session
from app.services.setup import FIRST_ADMIN_ROLE, RegisterNotNew
from tests.support.auth import log_rows
from tests.support.setup import fresh_container

PASSWORD = "first-admin-7"


@pytest.fixture
def fresh(db_url: str, tmp_path: Path, clock: ManualClock) -> Iterator[bootstrap.Container]:
    """A new register, on SQLite and on PostgreSQL."""
    built = fresh_container(db_url, tmp_path, clock)
    yield built
    built.close()


def test_set_up_registers_the_terminal_and_an_administrator_who_can_log_in(
    fresh: bootstrap.Container,
) -> None:
    assert fresh.setup.is_new()
    # The ideographic space between the names is fine (str.isprintable would refuse it).
    done = fresh.setup.set_up("T0001", "admin01", "管理　一郎", PASSWORD, terminal_name="窓口1")
    assert (done.terminal_id, done.admin_id, done.role) == ("T0001", "admin01", FIRST_ADMIN_ROLE)
    assert done.coverage.holders == ("admin01",) and not done.coverage.ends_soon
    assert not fresh.setup.is_new()
    assert fresh.operators.terminals() == [("T0001", "窓口1", "", True)]
    session = fresh.auth.login_password("admin01", PASSWORD, "T0001")
    assert session.rights == frozenset({Right.RIGHTS_ADMIN})
    ledger = fresh.operators.ledger(session)
    assert [(e.action, e.administrator_id) for e in ledger] == [
        ("register", BOOTSTRAP_ADMIN),
        ("password_enable", BOOTSTRAP_ADMIN),
        ("issue", BOOTSTRAP_ADMIN),
    ]
    assert ledger[-1].valid_from == fresh.clock.now().date()
    assert ledger[-1].valid_until is not None and ledger[-1].valid_until.year == 9999
    rows = [
        *log_rows(fresh, "terminal.register"),
        *log_rows(fresh, "rights.register"),
        *log_rows(fresh, "rights.issue"),
        *log_rows(fresh, "setup.first"),
    ]
    assert len(rows) == 4
    assert all(json.loads(r.detail)["bootstrap"] is True for r in rows)
    assert all(PASSWORD not in r.detail and "一郎" not in r.detail for r in rows)
    assert not fresh.operators.bootstrap_open()


def test_a_register_that_is_not_new_is_refused_and_left_alone(
    fresh: bootstrap.Container,
) -> None:
    fresh.setup.set_up("T0001", "admin01", "管理 一郎", PASSWORD)
    before = fresh.operators.ledger_count()
    with pytest.raises(RegisterNotNew) as refused:
        fresh.setup.set_up("T0002", "admin02", "管理 二郎", "second-admin-8")
    assert refused.value.field == "register"
    assert fresh.operators.ledger_count() == before
    assert not fresh.operators.exists("admin02")
    assert [t[0] for t in fresh.operators.terminals()] == ["T0001"]


def test_an_operator_alone_makes_the_register_not_new(fresh: bootstrap.Container) -> None:
    bootstrap_actor = console_session(BOOTSTRAP_ADMIN, "T0001")
    fresh.operators.add_operator(bootstrap_actor, "clerk01", "窓口 太郎", role="窓口担当")
    assert not fresh.setup.is_new()
    with pytest.raises(RegisterNotNew):
        fresh.setup.set_up("T0001", "admin01", "管理 一郎", PASSWORD)


@pytest.mark.parametrize(
    ("case", "field"),
    [
        (("", "admin01", "管理", PASSWORD), "terminal_id"),
        (("T" * 33, "admin01", "管理", PASSWORD), "terminal_id"),
        (("T\x0001", "admin01", "管理", PASSWORD), "terminal_id"),
        (("T0001", "", "管理", PASSWORD), "operator_id"),
        (("T0001", "admin\u202e01", "管理", PASSWORD), "operator_id"),
        (("T0001", "admin01", "  ", PASSWORD), "name"),
        (("T0001", "admin01", "管理\x1b[2J", PASSWORD), "name"),
        (("T0001", "admin01", "管理", "short-1"), "password"),
        (("T0001", "admin01", "管理", "no-digits-at-all"), "password"),
        (("T0001", "admin01", "管理", "x-admin01-1234"), "password"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(
    fresh: bootstrap.Container, case: tuple[str, str, str, str], field: str
) -> None:
    terminal_id, admin_id, name, password = case
    with pytest.raises(DomainError) as refused:
        fresh.setup.set_up(terminal_id, admin_id, name, password)
    assert refused.value.field == field
    assert password not in str(refused.value)
    assert fresh.setup.is_new()
    assert fresh.operators.ledger_count() == 0


def test_two_set_ups_at_once_give_one_register(fresh: bootstrap.Container) -> None:
    # Different terminal and administrator IDs, so only the set-up's own check can stop the
    # second (on PostgreSQL both would otherwise read an empty register).
    setup = fresh.setup
    start = threading.Barrier(2)

    def attempt(n: int) -> str:
        start.wait()
        try:
            setup.set_up(f"T000{n}", f"admin0{n}", "管理", PASSWORD)
        except RegisterNotNew:
            return "refused"
        return "done"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(attempt, (1, 2)))
    assert outcomes == ["done", "refused"]
    assert len(fresh.operators.terminals()) == 1
    assert fresh.operators.admin_coverage().holders in (("admin01",), ("admin02",))


def _dead_end(fresh: bootstrap.Container) -> None:
    """The old dead end: an administrator and no terminal (no longer reachable by the API)."""
    new = fresh.operators.check_new_operator(
        "admin01", "管理", role=FIRST_ADMIN_ROLE, password=PASSWORD, allow_password=True
    )
    with fresh.uow.begin_write() as db:
        fresh.operators.write_operator(db, console_session(BOOTSTRAP_ADMIN, "T0001"), new)


def test_the_first_terminal_for_an_administrators_password(fresh: bootstrap.Container) -> None:
    _dead_end(fresh)
    with pytest.raises(LoginFailed) as before:
        fresh.auth.login_password("admin01", PASSWORD, "T0001")
    assert before.value.problem is LoginProblem.UNKNOWN_TERMINAL
    fresh.setup.add_first_terminal("admin01", PASSWORD, "T0001", name="窓口1")
    assert fresh.auth.login_password("admin01", PASSWORD, "T0001").operator_id == "admin01"
    # Only while no terminal exists: later terminals are added by a logged-in administrator.
    with pytest.raises(DomainError, match="terminal is registered"):
        fresh.setup.add_first_terminal("admin01", PASSWORD, "T0002")


def test_the_first_terminal_counts_wrong_passwords_towards_the_lockout(
    fresh: bootstrap.Container,
) -> None:
    _dead_end(fresh)
    for n in range(3):
        with pytest.raises(DomainError, match="wrong ID or credentials"):
            fresh.setup.add_first_terminal("admin01", f"wrong-pass-{n}", "T0001")
    with pytest.raises(DomainError, match="wrong ID or credentials"):
        fresh.setup.add_first_terminal("nobody", PASSWORD, "T0001")  # unknown: the same
    with pytest.raises(DomainError, match="locked out"):
        fresh.setup.add_first_terminal("admin01", PASSWORD, "T0001")
    with fresh.uow.begin() as db:
        admin = db.get(Operator, "admin01")
        assert admin is not None and admin.failed_logins == 3 and admin.locked_until
    assert fresh.operators.terminals() == []
    refusals = log_rows(fresh, "terminal.register")
    reasons = [json.loads(r.detail)["reason"] for r in refusals]
    assert reasons == ["bad_credentials"] * 4 + ["locked_out"]
    fresh.clock.advance(minutes=11)
    fresh.setup.add_first_terminal("admin01", PASSWORD, "T0001")
    assert [t[0] for t in fresh.operators.terminals()] == ["T0001"]
