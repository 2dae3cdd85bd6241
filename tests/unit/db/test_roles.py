"""A counter terminal's PostgreSQL role: does its work, and nothing it must not.

The terminal's role works the register through the real container (login, the log, its
head, sessions), then tries, with plain SQL, each change the law and the PIA forbid.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.audit import ActorIds
from app.clock import ManualClock
from app.db.engine import make_engine, normalise_url
from app.db.migrate import upgrade
from app.db.roles import RoleNameRefused, grant_terminal, terminal_privileges, terminal_roles
from tests.support.auth import TERMINAL, log_rows, make_container

pytestmark = pytest.mark.postgres
PASSWORD = "terminal-pw-1"


@pytest.fixture
def owner_url(pg_db_url: str) -> str:
    engine = make_engine(pg_db_url)
    upgrade(engine)
    engine.dispose()
    return pg_db_url


@pytest.fixture
def terminal_role(owner_url: str) -> Iterator[str]:
    role = f"term_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        normalise_url(os.environ["MADOGUCHI_TEST_PG"]), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'"))
    owner = make_engine(owner_url)
    with owner.begin() as conn:
        grant_terminal(conn, role)
    owner.dispose()
    yield role
    with admin.connect() as conn:
        conn.execute(text(f"DROP OWNED BY {role}"))
        conn.execute(text(f"DROP ROLE {role}"))
    admin.dispose()


@pytest.fixture
def as_terminal(owner_url: str, terminal_role: str) -> Iterator[Engine]:
    url = make_url(owner_url).set(username=terminal_role, password=PASSWORD)
    engine = make_engine(url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()


def test_the_terminal_role_works_the_register(
    owner_url: str, terminal_role: str, tmp_path: Path, clock: ManualClock
) -> None:
    url = make_url(owner_url).set(username=terminal_role, password=PASSWORD)
    box = make_container(url.render_as_string(hide_password=False), tmp_path, clock)
    try:
        session = box.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
        box.auth.logout(session)
        assert log_rows(box, "auth.logout")
        with box.uow.begin() as db:
            assert box.oplog.verify(db).ok
    finally:
        box.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE operation_log SET target = 'x'",
        "DELETE FROM operation_log",
        "TRUNCATE operation_log",
        "DELETE FROM operation_log_head",
        "UPDATE rights_ledger SET reason = 'x'",
        "DELETE FROM rights_ledger",
        "UPDATE resident_history SET snapshot = '{}'",
        "DELETE FROM resident_history",
        "DROP TRIGGER operation_log_no_change ON operation_log",
        "ALTER TABLE operation_log DISABLE TRIGGER ALL",
        "DROP TABLE resident_history",
        "CREATE TABLE stash (x int)",
        "DELETE FROM card_read_evidence",
        "INSERT INTO purge_records (rule, cutoff, rows_deleted, requested_by, terminal_id, at)"
        " VALUES ('x', now(), 0, 'x', 'x', now())",
        # The history's trigger lets a purge run's rows pass; the role still has no DELETE.
        "SELECT set_config('madoguchi.purge_rule', 'resident_history_150y', true),"
        " set_config('madoguchi.purge_cutoff', '9999-01-01', true);"
        " DELETE FROM resident_history",
    ],
)
def test_the_terminal_role_is_refused(as_terminal: Engine, statement: str) -> None:
    with pytest.raises(DBAPIError) as refused, as_terminal.begin() as conn:
        conn.execute(text(statement))
    assert type(refused.value.orig).__name__ == "InsufficientPrivilege"


def test_four_eyes_holds_for_the_terminal_role_too(as_terminal: Engine) -> None:
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    with as_terminal.begin() as conn:
        change = conn.execute(
            text(
                "INSERT INTO pending_changes (kind, resident_code, payload, status,"
                " correlation_id, entered_by, entered_terminal, entered_at, evidence)"
                " VALUES ('move_within', '12345678901', '{}', 'pending', 'c', 'clerk01', 'T1',"
                " :at, 'card') RETURNING id"
            ),
            {"at": now},
        ).scalar_one()
    with pytest.raises(DBAPIError) as refused, as_terminal.begin() as conn:
        conn.execute(
            text(
                "UPDATE pending_changes SET status = 'approved', decided_by = 'clerk01'"
                " WHERE id = :id"
            ),
            {"id": change},
        )
    assert "not by the operator who entered it" in str(refused.value.orig)


def test_upgrade_finds_the_roles_to_renew(owner_url: str, terminal_role: str) -> None:
    owner = make_engine(owner_url)
    with owner.begin() as conn:
        assert terminal_roles(conn) == [terminal_role]
    owner.dispose()


def test_privileges_follow_the_table() -> None:
    assert terminal_privileges("operation_log") == ("SELECT", "INSERT")
    assert "DELETE" not in terminal_privileges("residents")
    assert "DELETE" in terminal_privileges("role_rights")
    with pytest.raises(RoleNameRefused):
        grant_terminal(None, 'x"; DROP TABLE residents; --')  # type: ignore[arg-type]


def test_the_terminal_role_deletes_only_through_the_retention_path(
    owner_url: str, terminal_role: str, tmp_path: Path, clock: ManualClock
) -> None:
    url = make_url(owner_url).set(username=terminal_role, password=PASSWORD)
    box = make_container(url.render_as_string(hide_password=False), tmp_path, clock)
    try:
        assert box.retention.purge(ActorIds("retention", TERMINAL), "card_evidence_unused") == 0
        with box.uow.begin() as db:
            assert db.scalar(text("SELECT count(*) FROM purge_records")) == 1
    finally:
        box.close()
