"""On the real PostgreSQL server, a connection broken mid-transaction leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from app.audit import LogEntry, OperationLog, Outcome
from app.clock import ManualClock
from app.db.base import Base
from app.db.engine import make_engine, normalise_url
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.errors import StorageUnavailable
from app.secret_store import InMemorySecretStore

pytestmark = pytest.mark.postgres


def test_connection_killed_mid_change_writes_nothing(pg_db_url: str) -> None:
    engine = make_engine(pg_db_url)
    Base.metadata.create_all(engine, tables=[OperationLogRow.__table__, OperationLogHead.__table__])
    log = OperationLog(InMemorySecretStore(), ManualClock())
    uow = UnitOfWork(engine)
    admin = create_engine(normalise_url(pg_db_url), isolation_level="AUTOCOMMIT")
    with pytest.raises(StorageUnavailable) as refused, uow.begin() as session:
        for i in range(5):
            log.append(session, LogEntry("OP1", "T0001", "bulk", Outcome.OK, target=str(i)))
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for i in range(5, 10):  # the rest of the multi-row change hits the dead connection
            log.append(session, LogEntry("OP1", "T0001", "bulk", Outcome.OK, target=str(i)))
    assert "OP1" not in str(refused.value) and "nothing was saved" in str(refused.value)
    with uow.begin() as session:
        assert session.scalar(select(func.count()).select_from(OperationLogRow)) == 0
        assert log.verify(session).ok
    admin.dispose()
    engine.dispose()


def test_identity_correction_cut_off_mid_transaction_changes_nothing(pg_db_url: str) -> None:
    """A correction is several rows (old version closed, new version, log head, log row).

    The server connection is killed just before the new version is inserted; afterwards
    the old version is still the current one, no half-written version exists, and the
    operation log still verifies.
    """
    import datetime as dt

    from sqlalchemy import event

    from app.db.migrate import upgrade
    from app.db.models.identity import IdentityRecord
    from app.domain.identifiers import make_my_number, make_resident_code
    from app.services.identity_records import IdentityRecordService

    engine = make_engine(pg_db_url)
    upgrade(engine)
    clock = ManualClock()
    log = OperationLog(InMemorySecretStore(), clock)
    uow = UnitOfWork(engine)
    service = IdentityRecordService(uow, clock, oplog=log)
    code = make_resident_code("1234567890")
    service.add_initial(
        {
            "resident_code": code,
            "name_kanji": "試験　花子",
            "name_furigana": "シケン　ハナコ",
            "date_of_birth": dt.date(1985, 6, 15),
            "sex_code": "2",
            "municipality_code": "072036",
            "postal_code": "9638601",
            "address": "福島県郡山市朝日一丁目23番7号",
            "my_number": make_my_number("12345678901"),
            "relationship": "世帯主",
            "change_reason_code": "10",
            "change_date": dt.date(1985, 6, 15),
        },
        operator_id="OP1",
        terminal_id="T1",
    )
    admin = create_engine(normalise_url(pg_db_url), isolation_level="AUTOCOMMIT")
    killed: list[int] = []

    def kill_before_new_version(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO IDENTITY_RECORDS") and not killed:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            killed.append(pid)

    event.listen(engine, "before_cursor_execute", kill_before_new_version)
    try:
        with pytest.raises(StorageUnavailable) as refused:
            service.correct(
                code,
                {"address": "福島県郡山市駅前二丁目1番1号"},
                operator_id="OP1",
                terminal_id="T1",
                change_reason_code="41",
            )
    finally:
        event.remove(engine, "before_cursor_execute", kill_before_new_version)
    assert killed, "the connection was never cut: the test did not test anything"
    assert "駅前" not in str(refused.value) and "INSERT" not in str(refused.value)
    history = service.history(code)
    assert [(v.update_seq, v.is_current) for v in history] == [(1, True)]
    with uow.begin() as session:
        current = session.scalars(
            select(IdentityRecord).where(IdentityRecord.resident_code == code)
        ).one()
        assert current.address == "福島県郡山市朝日一丁目23番7号"
        assert log.verify(session).ok
        assert session.scalar(select(func.count()).select_from(OperationLogRow)) == 1
    admin.dispose()
    engine.dispose()
