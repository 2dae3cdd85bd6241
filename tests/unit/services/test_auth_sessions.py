"""One operator, one seat: a login elsewhere ends the session, and the guard refuses it then."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from app import bootstrap
from app.clock import ManualClock
from app.db.models.operators import Operator, OperatorSessionRow
from app.domain.rights import AuthMethod, OperatorSession, Right, SessionEnded
from app.services.auth import LoginFailed, LoginProblem
from app.services.operators import console_session
from tests.support.auth import TERMINAL, log_rows, make_container

OTHER = "DEMO-02"


@pytest.fixture
def box(db_url: str, tmp_path: Path, clock: ManualClock) -> Iterator[bootstrap.Container]:
    """The training container, on SQLite and PostgreSQL, with a second terminal registered."""
    built = make_container(db_url, tmp_path, clock)
    built.operators.register_terminal(console_session("admin01", TERMINAL), OTHER, name="2番窓口")
    yield built
    built.close()


def _login(box: bootstrap.Container, terminal: str, who: str = "clerk01") -> OperatorSession:
    passwords = {"clerk01": "demo-pass-01", "admin01": "demo-pass-03"}
    return box.auth.login_password(who, passwords[who], terminal)


def _row(box: bootstrap.Container, session: OperatorSession) -> OperatorSessionRow:
    with box.uow.begin() as db:
        row = db.get(OperatorSessionRow, session.session_id)
        assert row is not None
        db.expunge(row)
        return row


def _search(box: bootstrap.Container, session: OperatorSession) -> None:
    box.guard.require(session, Right.SEARCH, operation="search.run")


def test_a_login_at_another_terminal_ends_the_first_session(box: bootstrap.Container) -> None:
    first = _login(box, TERMINAL)
    _search(box, first)  # live until the operator sits down elsewhere
    second = _login(box, OTHER)

    with pytest.raises(SessionEnded) as ended:
        _search(box, first)
    assert (ended.value.end_reason, ended.value.by_terminal) == ("replaced", OTHER)
    assert ended.value.session_id == first.session_id
    assert ended.value.reason == (
        "別の端末（DEMO-02）でログインしたため、この端末のセッションは終了しました。"
    )
    _search(box, second)  # the new seat works

    row = _row(box, first)
    assert (row.end_reason, row.ended_by_terminal) == ("replaced", OTHER)
    assert row.ended_at is not None
    assert _row(box, second).ended_at is None

    [replaced] = log_rows(box, "auth.session_replaced")
    assert (replaced.operator_id, replaced.terminal_id) == ("clerk01", TERMINAL)
    assert replaced.correlation_id == first.session_id
    assert json.loads(replaced.detail) == {"by_terminal": OTHER}
    [refusal] = log_rows(box, "search.run")
    assert (refusal.outcome, refusal.correlation_id) == ("refused", first.session_id)
    assert json.loads(refusal.detail)["reason"] == "session ended"


def test_two_logins_at_once_at_two_terminals_leave_one_seat(box: bootstrap.Container) -> None:
    auth = box.auth
    start = threading.Barrier(2)

    def login(terminal: str) -> OperatorSession:
        start.wait()
        return auth.login_password("clerk01", "demo-pass-01", terminal)

    with ThreadPoolExecutor(2) as pool:
        sessions = list(pool.map(login, [TERMINAL, OTHER]))
    rows = [_row(box, s) for s in sessions]
    [live] = [r for r in rows if r.ended_at is None]
    [ended] = [r for r in rows if r.ended_at is not None]
    assert (ended.end_reason, ended.ended_by_terminal) == ("replaced", live.terminal_id)
    [replaced] = log_rows(box, "auth.session_replaced")
    assert replaced.correlation_id == ended.session_id


def test_two_sessions_on_the_same_terminal_both_stay(box: bootstrap.Container) -> None:
    window = _login(box, TERMINAL)
    command_line = _login(box, TERMINAL)
    _search(box, window)
    _search(box, command_line)
    assert _row(box, window).ended_at is None
    assert _row(box, command_line).ended_at is None
    assert log_rows(box, "auth.session_replaced") == []


def test_only_the_same_operators_sessions_end(box: bootstrap.Container) -> None:
    clerk = _login(box, TERMINAL)
    admin = _login(box, OTHER, "admin01")
    _login(box, TERMINAL, "admin01")  # the administrator moves; the clerk stays seated
    _search(box, clerk)
    assert _row(box, admin).end_reason == "replaced"


def test_logout_ends_the_row_and_lock_does_not(box: bootstrap.Container) -> None:
    session = _login(box, TERMINAL)
    box.auth.lock(session, reason="leave_seat")
    assert _row(box, session).ended_at is None
    _search(box, session)
    box.auth.logout(session, reason="cli")
    row = _row(box, session)
    assert (row.end_reason, row.ended_by_terminal) == ("cli", None)
    assert row.ended_at is not None
    with pytest.raises(SessionEnded) as ended:
        _search(box, session)
    assert ended.value.end_reason == "cli"
    assert ended.value.reason == "このセッションは終了しています。もう一度ログインしてください。"


def test_a_logout_after_the_replacement_keeps_the_first_reason(box: bootstrap.Container) -> None:
    first = _login(box, TERMINAL)
    _login(box, OTHER)
    box.auth.logout(first, reason="session_ended")
    assert (_row(box, first).end_reason, _row(box, first).ended_by_terminal) == ("replaced", OTHER)
    assert len(log_rows(box, "auth.logout")) == 1  # the window's logout is still logged


def test_unlock_after_the_replacement_is_refused(box: bootstrap.Container) -> None:
    first = _login(box, TERMINAL)
    box.auth.lock(first, reason="idle")
    _login(box, OTHER)
    with pytest.raises(LoginFailed) as refused:
        box.auth.reauthenticate(first, AuthMethod.PASSWORD, "demo-pass-01")
    assert refused.value.problem is LoginProblem.SESSION_ENDED
    assert "セッションは終了しています" in str(refused.value)
    [row] = log_rows(box, "auth.reauthenticate")
    assert row.outcome == "refused"
    assert json.loads(row.detail)["reason"] == "session_ended"
    with box.uow.begin() as db:
        rows = db.scalars(select(OperatorSessionRow.session_id)).all()
    assert sorted(rows).count(first.session_id) == 1
    assert len(rows) == 2  # the two logins; the refused unlock added none


def test_unlock_of_a_live_session_keeps_its_one_row(box: bootstrap.Container) -> None:
    session = _login(box, TERMINAL)
    box.auth.lock(session, reason="idle")
    again = box.auth.reauthenticate(session, AuthMethod.PASSWORD, "demo-pass-01")
    assert again.session_id == session.session_id
    with box.uow.begin() as db:
        assert db.scalars(select(OperatorSessionRow.session_id)).all() == [session.session_id]
    _search(box, again)


def test_a_session_without_a_row_is_checked_on_rights_alone(box: bootstrap.Container) -> None:
    # The installer's console session has no row (issue 10 is to require one).
    assert box.operators.ledger(console_session("admin01", TERMINAL)) != []


def test_an_ended_administrator_session_is_refused_by_the_operator_service(
    box: bootstrap.Container,
) -> None:
    admin = _login(box, TERMINAL, "admin01")
    assert box.operators.ledger(admin) != []
    _login(box, OTHER, "admin01")
    with pytest.raises(SessionEnded):
        box.operators.ledger(admin)
    [refusal] = log_rows(box, "rights.ledger")
    assert json.loads(refusal.detail)["reason"] == "session ended"


def test_the_session_row_holds_no_personal_data(box: bootstrap.Container) -> None:
    session = _login(box, TERMINAL)
    _login(box, OTHER)
    row = _row(box, session)
    with box.uow.begin() as db:
        operator = db.get(Operator, "clerk01")
        assert operator is not None
        name = operator.name
    values = {column.name: getattr(row, column.key) for column in OperatorSessionRow.__table__.c}
    assert set(values) == {
        "session_id",
        "operator_id",
        "terminal_id",
        "method",
        "started_at",
        "ended_at",
        "end_reason",
        "ended_by_terminal",
    }
    text = " ".join(str(value) for value in values.values())
    assert name not in text
    assert "demo-pass-01" not in text
    assert (values["method"], values["end_reason"]) == ("password", "replaced")
