"""A database fault during an approval is no refusal: logged ``failed`` with the fault's type.

The approval's own transaction is made to fail the way a real register does (SQLite:
``PRAGMA query_only`` for read-only storage, SQLite's "disk is full" error for a full disk;
PostgreSQL: ``SET TRANSACTION READ ONLY``), while the log's own transaction still works, so
the row can be checked. With the database down altogether the row cannot be written, and the
operator is still told the fault, not a logging error.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from app.db.engine import is_sqlite
from app.db.models.movein import PendingChange
from app.db.uow import UnitOfWork
from app.domain.errors import StorageFull, StorageReadOnly, StorageUnreachable
from app.services.approvals import ApprovalService
from tests.support.movein import CLERK, SUPER, World, certificate, entry, make_world

READ_ONLY, FULL = "read_only", "full"


class FailingWrites(UnitOfWork):
    """The register's unit of work, except that a write transaction's writes fail."""

    def __init__(self, engine: Engine, fault: str) -> None:
        super().__init__(engine)
        self.fault = fault

    @contextmanager
    def begin_write(self) -> Iterator[Session]:
        """A write transaction on storage that is read-only or full."""
        with super().begin_write() as session:
            connection = session.connection()
            if not is_sqlite(self.engine):
                assert self.fault == READ_ONLY
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                yield session
                return
            if self.fault == FULL:
                # SQLite's own answer when a page cannot be added (SQLITE_FULL's text); a
                # real full disk needs a tiny file system, which a unit test cannot have.
                event.listen(connection, "before_cursor_execute", _disk_full)
                try:
                    yield session
                finally:
                    event.remove(connection, "before_cursor_execute", _disk_full)
                return
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA query_only=ON")
            try:
                yield session
            finally:
                raw.execute("PRAGMA query_only=OFF")  # the pooled connection serves the log


def _disk_full(_conn: object, _cursor: object, statement: str, *_: object) -> None:
    if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
        raise sqlite3.OperationalError("database or disk is full")


class _Unreachable(AbstractContextManager[Session]):
    """A transaction that fails to start, as the real one does without a server."""

    def __enter__(self) -> Session:
        raise StorageUnreachable()

    def __exit__(self, *exc: object) -> None:
        return None


class DatabaseDown(UnitOfWork):
    """A register whose server is gone: every transaction fails to start."""

    def begin(self) -> AbstractContextManager[Session]:
        """Fails as the real unit of work does when the server cannot be reached."""
        return _Unreachable()

    def begin_write(self) -> AbstractContextManager[Session]:
        """Fails the same way."""
        return _Unreachable()


def _only_change(world: World) -> PendingChange:
    with world.uow.begin() as session:
        change = session.scalars(select(PendingChange)).one()
        session.expunge(change)
        return change


def _approvals(world: World, uow: UnitOfWork) -> ApprovalService:
    return ApprovalService(uow, world.clock, world.oplog, world.guard)


@pytest.mark.parametrize("operation", ["approve", "reject"])
def test_a_read_only_register_fails_the_decision_and_it_is_logged_as_failed(
    pending_world: World, operation: str
) -> None:
    world = pending_world
    change = _only_change(world)
    approvals = _approvals(world, FailingWrites(world.engine, READ_ONLY))
    with pytest.raises(StorageReadOnly):
        if operation == "approve":
            approvals.approve(SUPER, change.id)
        else:
            approvals.reject(SUPER, change.id, "番地の誤り")
    rows = world.log(f"approval.{operation}")
    assert [row.outcome for row in rows] == ["failed"]
    assert json.loads(rows[0].detail) == {"fault": "StorageReadOnly"}
    assert rows[0].target == str(change.id)
    assert _only_change(world).status == "pending"  # nothing was decided
    world.approvals.approve(SUPER, change.id)  # and it can be decided once storage is back
    assert _only_change(world).status == "approved"


def test_a_full_disk_fails_the_approval_as_storage_full(sqlite_db_url: str) -> None:
    for world in make_world(sqlite_db_url):
        received = world.inbox.receive(certificate())
        change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
        with pytest.raises(StorageFull):
            _approvals(world, FailingWrites(world.engine, FULL)).approve(SUPER, change_id)
        (row,) = world.log("approval.approve")
        assert (row.outcome, json.loads(row.detail)) == ("failed", {"fault": "StorageFull"})
        assert _only_change(world).status == "pending"


def test_with_the_database_down_the_fault_is_told_though_nothing_can_be_logged(
    pending_world: World,
) -> None:
    world = pending_world
    change = _only_change(world)
    logged_before = len(world.log())
    with pytest.raises(StorageUnreachable):
        _approvals(world, DatabaseDown(world.engine)).approve(SUPER, change.id)
    assert len(world.log()) == logged_before
    assert _only_change(world).status == "pending"
