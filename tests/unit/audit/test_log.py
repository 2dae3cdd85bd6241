"""The operation log's hash chain: appends verify clean, and each kind of tampering is named."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, delete, insert, select, update

from app.audit import (
    ClockBehind,
    FindingKind,
    LogEntry,
    LogKeyMismatch,
    LogKeyMissing,
    OperationLog,
    Outcome,
)
from app.clock import ManualClock
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.secret_store import InMemorySecretStore

ROWS = 8


@pytest.fixture
def log(secrets: InMemorySecretStore, clock: ManualClock) -> OperationLog:
    return OperationLog(secrets, clock)


def _fill(engine: Engine, log: OperationLog, clock: ManualClock, n: int = ROWS) -> None:
    uow = UnitOfWork(engine)
    for i in range(n):
        clock.advance(seconds=1)
        with uow.begin() as session:
            log.append(
                session,
                LogEntry(
                    operator_id=f"OP{i % 3}",
                    terminal_id="T0001",
                    operation="search",
                    outcome=Outcome.OK,
                    target=f"results={i}",
                    detail={"conditions": ["name", "dob"], "n": i},
                ),
            )


def _verify(engine: Engine, log: OperationLog) -> list[tuple[FindingKind, int]]:
    with UnitOfWork(engine).begin() as session:
        report = log.verify(session)
    return [(f.kind, f.seq) for f in report.findings]


def test_untouched_chain_verifies(engine: Engine, log: OperationLog, clock: ManualClock) -> None:
    _fill(engine, log, clock)
    with UnitOfWork(engine).begin() as session:
        report = log.verify(session)
        rows = session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)).all()
    assert report.ok and report.rows_checked == ROWS
    assert [r.seq for r in rows] == list(range(1, ROWS + 1))
    assert rows[0].at.endswith("Z") and rows[0].operator_id == "OP0"


def test_failed_transaction_leaves_no_log_row(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock, 2)
    uow = UnitOfWork(engine)
    with pytest.raises(RuntimeError), uow.begin() as session:
        log.append(session, LogEntry("OP1", "T0001", "correct", Outcome.OK))
        raise RuntimeError("the business change failed")
    _fill(engine, log, clock, 1)
    assert _verify(engine, log) == []


def test_edited_row_is_named(engine: Engine, log: OperationLog, clock: ManualClock) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(
            update(OperationLogRow).where(OperationLogRow.seq == 4).values(outcome="refused")
        )
    assert _verify(engine, log) == [(FindingKind.EDITED, 4)]


def test_edited_last_row_is_named(engine: Engine, log: OperationLog, clock: ManualClock) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(
            update(OperationLogRow).where(OperationLogRow.seq == ROWS).values(operator_id="X")
        )
    assert _verify(engine, log) == [(FindingKind.EDITED, ROWS)]


def test_deleted_row_is_named(engine: Engine, log: OperationLog, clock: ManualClock) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(delete(OperationLogRow).where(OperationLogRow.seq == 5))
    assert _verify(engine, log) == [(FindingKind.DELETED, 6)]


def test_rows_deleted_from_the_end_are_noticed(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(delete(OperationLogRow).where(OperationLogRow.seq >= ROWS - 1))
    assert _verify(engine, log) == [(FindingKind.DELETED, ROWS - 1)]


def test_forged_row_appended_is_inserted(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        last = conn.execute(select(OperationLogRow).where(OperationLogRow.seq == ROWS)).one()
        conn.execute(
            insert(OperationLogRow).values(
                seq=ROWS + 1,
                at=last.at,
                operator_id="OP9",
                terminal_id="T0001",
                operation="search",
                target="",
                outcome="ok",
                correlation_id="",
                detail="{}",
                prev_mac=last.mac,
                mac="f" * 64,
            )
        )
    assert _verify(engine, log) == [(FindingKind.INSERTED, ROWS + 1)]


def test_forged_row_inserted_in_the_middle_is_named(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        # Make room at seq 3 by moving the later rows up (highest first: seq is the key).
        for seq in range(ROWS, 2, -1):
            conn.execute(
                update(OperationLogRow).where(OperationLogRow.seq == seq).values(seq=seq + 1)
            )
        before = conn.execute(select(OperationLogRow).where(OperationLogRow.seq == 2)).one()
        conn.execute(
            insert(OperationLogRow).values(
                seq=3,
                at=before.at,
                operator_id="OP9",
                terminal_id="T0001",
                operation="display",
                target="resident=00000000000",
                outcome="ok",
                correlation_id="",
                detail="{}",
                prev_mac=before.mac,
                mac="0" * 64,
            )
        )
    # The seal covers the sequence number, so the renumbering shows too, as one act.
    assert _verify(engine, log) == [(FindingKind.INSERTED, 3), (FindingKind.REORDERED, 4)]
    with UnitOfWork(engine).begin() as session:
        messages = [f.message for f in log.verify(session).findings]
    assert "rows 4..9 were sealed as rows 3..8" in messages[1]


def test_reordered_rows_are_named(engine: Engine, log: OperationLog, clock: ManualClock) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(update(OperationLogRow).where(OperationLogRow.seq == 3).values(seq=-3))
        conn.execute(update(OperationLogRow).where(OperationLogRow.seq == 4).values(seq=3))
        conn.execute(update(OperationLogRow).where(OperationLogRow.seq == -3).values(seq=4))
    assert _verify(engine, log) == [(FindingKind.REORDERED, 3), (FindingKind.REORDERED, 4)]


def test_edited_head_is_named(engine: Engine, log: OperationLog, clock: ManualClock) -> None:
    _fill(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(update(OperationLogHead).values(seq=ROWS - 2))
    assert [kind for kind, _ in _verify(engine, log)] == [FindingKind.HEAD]


def test_a_terminal_with_another_key_can_neither_write_nor_judge(
    engine: Engine, clock: ManualClock
) -> None:
    """A second terminal on a shared register must hold the register's key (the seal)."""
    first = InMemorySecretStore()
    _fill(engine, OperationLog(first, clock), clock, 3)
    stranger = OperationLog(InMemorySecretStore(), clock)
    with pytest.raises(LogKeyMissing):  # no key at all: never silently make a new one
        _fill(engine, stranger, clock, 1)
    other = InMemorySecretStore()
    other.set("operation-log-chain-key", "cd" * 32)
    with pytest.raises(LogKeyMismatch):
        _fill(engine, OperationLog(other, clock), clock, 1)
    with pytest.raises(LogKeyMismatch):
        _verify(engine, OperationLog(other, clock))
    key = first.get("operation-log-chain-key")
    assert key is not None
    provisioned = OperationLog(other, clock)
    with UnitOfWork(engine).begin() as session:
        with pytest.raises(LogKeyMismatch):
            provisioned.import_key(session, "ef" * 32)
        provisioned.import_key(session, key)
    _fill(engine, provisioned, clock, 1)
    assert _verify(engine, provisioned) == []


def test_a_malformed_key_is_refused_on_import(engine: Engine, log: OperationLog) -> None:
    from app.domain.errors import InvalidFormat

    with UnitOfWork(engine).begin() as session:
        for bad in ("xyz", "ab" * 16):
            with pytest.raises(InvalidFormat):
                log.import_key(session, bad)


def test_key_is_kept_in_the_secret_store(
    engine: Engine, log: OperationLog, clock: ManualClock, secrets: InMemorySecretStore
) -> None:
    assert secrets.get("operation-log-chain-key") is None
    _fill(engine, log, clock, 1)
    key = secrets.get("operation-log-chain-key")
    assert key is not None and len(bytes.fromhex(key)) == 32


def test_concurrent_appenders_keep_one_chain(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    """Several terminals logging at once still produce one gap-free, verifiable chain."""
    import threading

    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            _fill(engine, log, clock, n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(6,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with UnitOfWork(engine).begin() as session:
        report = log.verify(session)
    assert report.ok and report.rows_checked == 24


def test_a_cancelled_operation_has_its_own_outcome() -> None:
    # Services log an operator's cancel (e.g. of the 住民票コード entry) with this member.
    assert Outcome("cancelled") is Outcome.CANCELLED
    assert str(Outcome.CANCELLED) == "cancelled"


def test_a_clock_set_back_is_refused_and_a_little_skew_is_absorbed(
    sqlite_engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    """SQLite: the terminal's own clock stamps the rows (one machine, one clock)."""
    engine = sqlite_engine
    _fill(engine, log, clock, 2)
    with UnitOfWork(engine).begin() as session:
        newest = session.scalars(select(OperationLogRow.at).order_by(OperationLogRow.seq)).all()[-1]
    clock.advance(seconds=-1)  # another PC a second behind: its row keeps the log's order
    _fill(engine, log, clock, 1)
    with UnitOfWork(engine).begin() as session:
        third = session.scalars(select(OperationLogRow).where(OperationLogRow.seq == 3)).one()
        assert third.at == newest
    clock.advance(hours=-1)  # a clock set back
    with pytest.raises(ClockBehind) as refused:
        _fill(engine, log, clock, 1)
    assert "時計" in str(refused.value)
    with UnitOfWork(engine).begin() as session:
        assert session.scalar(select(OperationLogHead.seq)) == 3  # nothing was written
        assert log.verify(session).ok


def test_on_postgresql_the_servers_clock_stamps_the_rows(
    pg_engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    """A terminal's clock set back a year changes nothing: the server's clock is the stamp."""
    clock.set(clock.now() - dt.timedelta(days=365))
    before = dt.datetime.now(dt.UTC)
    _fill(pg_engine, log, clock, 3)
    after = dt.datetime.now(dt.UTC)
    with UnitOfWork(pg_engine).begin() as session:
        stamps = session.scalars(select(OperationLogRow.at).order_by(OperationLogRow.seq)).all()
        assert log.verify(session).ok
    moments = [dt.datetime.fromisoformat(at.replace("Z", "+00:00")) for at in stamps]
    assert moments == sorted(moments)
    slack = dt.timedelta(seconds=5)  # the server and this machine share a clock here
    assert all(before - slack <= m <= after + slack for m in moments)
