"""Rules the database itself keeps (migration 0006), whatever client reaches it.

Each case goes around the application with plain SQL, as code run on a counter PC could.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DatabaseError

from app.audit import LogEntry, OperationLog, Outcome
from app.clock import ManualClock
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.db.models.register_history import ResidentHistory
from app.db.uow import UnitOfWork
from app.secret_store import InMemorySecretStore
from tests.support.register_rows import add_head_of_household

NOW = dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    log = OperationLog(InMemorySecretStore(), ManualClock())
    for i in range(3):
        with UnitOfWork(engine).begin() as session:
            log.append(session, LogEntry("OP1", "T0001", "search", Outcome.OK, target=str(i)))
    yield engine
    engine.dispose()


def _refused(engine: Engine, statement: str, **params: object) -> str:
    with pytest.raises(DatabaseError) as refused, engine.begin() as conn:
        conn.execute(text(statement), params)
    return str(refused.value.orig)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE operation_log SET target = 'x' WHERE seq = 2",
        "DELETE FROM operation_log WHERE seq = 3",
        "DELETE FROM operation_log",
        "DELETE FROM operation_log_head",
    ],
)
def test_the_log_cannot_be_changed_or_removed(engine: Engine, statement: str) -> None:
    assert "operation_log" in _refused(engine, statement)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM operation_log")) == 3


def _pending(conn: Connection, entered_by: str = "clerk01") -> int:
    conn.execute(
        text(
            "INSERT INTO pending_changes (kind, resident_code, payload, status, correlation_id,"
            " entered_by, entered_terminal, entered_at, evidence)"
            " VALUES ('move_within', '12345678901', '{}', 'pending', 'c1', :by, 'T0001', :at,"
            " 'card')"
        ),
        {"by": entered_by, "at": NOW},
    )
    return int(conn.scalar(text("SELECT max(id) FROM pending_changes")) or 0)


def test_the_submitter_cannot_approve_their_own_change(engine: Engine) -> None:
    with engine.begin() as conn:
        change = _pending(conn)
    approve = (
        "UPDATE pending_changes SET status = 'approved', decided_by = :by, decided_at = :at"
        " WHERE id = :id"
    )
    message = _refused(engine, approve, by="clerk01", at=NOW, id=change)
    assert "not by the operator who entered it" in message
    # Nor by rewriting who entered it in the same statement, nor without naming anybody.
    both = (
        "UPDATE pending_changes SET status = 'approved', decided_by = 'x', entered_by = 'y'"
        " WHERE id = :id"
    )
    _refused(engine, both, id=change)
    _refused(engine, "UPDATE pending_changes SET status = 'approved' WHERE id = :id", id=change)
    with engine.begin() as conn:  # a second operator may
        conn.execute(text(approve), {"by": "checker01", "at": NOW, "id": change})
        assert (
            conn.scalar(text("SELECT status FROM pending_changes WHERE id = :id"), {"id": change})
            == "approved"
        )


def test_a_decided_change_stays_decided(engine: Engine) -> None:
    with engine.begin() as conn:
        change = _pending(conn)
        conn.execute(
            text(
                "UPDATE pending_changes SET status = 'rejected', decided_by = 'checker01'"
                " WHERE id = :id"
            ),
            {"id": change},
        )
    _refused(
        engine,
        "UPDATE pending_changes SET status = 'approved', decided_by = 'checker02' WHERE id = :id",
        id=change,
    )
    _refused(engine, "UPDATE pending_changes SET status = 'pending' WHERE id = :id", id=change)


def test_history_rows_cannot_be_changed(engine: Engine) -> None:
    with UnitOfWork(engine).begin() as session:
        resident = add_head_of_household(session)
        session.add(
            ResidentHistory(
                resident_id=resident.id,
                personal_history_number=1,
                snapshot="{}",
                superseded_at=NOW,
                superseded_by="OP1",
                superseded_terminal="T1",
            )
        )
    for statement in (
        "UPDATE resident_history SET snapshot = '{\"x\": 1}'",
        "DELETE FROM resident_history",
    ):
        assert "resident_history" in _refused(engine, statement)
