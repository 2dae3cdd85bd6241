"""On the real PostgreSQL server, a connection broken mid-transaction leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from app.clock import ManualClock
from app.db.base import Base
from app.db.engine import make_engine, normalise_url
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.secret_store import InMemorySecretStore
from app.services.oplog import LogEntry, OperationLog, Outcome

pytestmark = pytest.mark.postgres


def test_connection_killed_mid_change_writes_nothing(pg_db_url: str) -> None:
    engine = make_engine(pg_db_url)
    Base.metadata.create_all(engine, tables=[OperationLogRow.__table__, OperationLogHead.__table__])
    log = OperationLog(InMemorySecretStore(), ManualClock())
    uow = UnitOfWork(engine)
    admin = create_engine(normalise_url(pg_db_url), isolation_level="AUTOCOMMIT")
    with pytest.raises(DBAPIError), uow.begin() as session:
        for i in range(5):
            log.append(session, LogEntry("OP1", "T0001", "bulk", Outcome.OK, target=str(i)))
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for i in range(5, 10):  # the rest of the multi-row change hits the dead connection
            log.append(session, LogEntry("OP1", "T0001", "bulk", Outcome.OK, target=str(i)))
    with uow.begin() as session:
        assert session.scalar(select(func.count()).select_from(OperationLogRow)) == 0
        assert log.verify(session).ok
    admin.dispose()
    engine.dispose()
