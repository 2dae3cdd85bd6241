"""The log against its checkpoints outside the register: wipe, truncation, rollback, copies.

Each case is what an attacker with write access to the register (but not to the checkpoint
store, and without the log key) can do; each must be named by ``verify``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, insert, select, update

from app.audit import (
    DirectoryCheckpointStore,
    FindingKind,
    LogEntry,
    LogHeadMissing,
    OperationLog,
    Outcome,
    RebaseRefused,
)
from app.audit.chain import HEAD_ID, canonical, head_mac, row_mac
from app.audit.checkpoints import CHECKPOINT, Anchor, sign
from app.clock import ManualClock
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.secret_store import LOG_CHAIN_KEY, InMemorySecretStore

DIGEST = "ab" * 32


@pytest.fixture
def store(tmp_path: Path) -> DirectoryCheckpointStore:
    return DirectoryCheckpointStore(tmp_path / "checkpoints")


@pytest.fixture
def log(
    secrets: InMemorySecretStore, clock: ManualClock, store: DirectoryCheckpointStore
) -> OperationLog:
    return OperationLog(secrets, clock, checkpoints=store, settings_digest="s" * 64)


def _fill(engine: Engine, log: OperationLog, clock: ManualClock, n: int) -> None:
    for i in range(n):
        clock.advance(seconds=1)
        with UnitOfWork(engine).begin() as session:
            log.append(
                session,
                LogEntry("OP1", "T0001", "search", Outcome.OK, target=f"n={i}", detail={"i": i}),
            )


def _checkpoint(engine: Engine, log: OperationLog, clock: ManualClock) -> Anchor:
    clock.advance(seconds=1)
    with UnitOfWork(engine).begin() as session:
        anchor = log.checkpoint(session, terminal_id="T0001", reason="manual")
    assert anchor is not None
    return anchor


def _kinds(engine: Engine, log: OperationLog) -> list[tuple[FindingKind, int]]:
    with UnitOfWork(engine).begin() as session:
        return [(f.kind, f.seq) for f in log.verify(session).findings]


def _head(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return dict(conn.execute(select(OperationLogHead)).one()._mapping)


def _put_back(engine: Engine, head: dict[str, object], *, keep_up_to: int) -> None:
    """Delete the rows after ``keep_up_to`` and put an older (validly sealed) head back."""
    with engine.begin() as conn:
        conn.execute(delete(OperationLogRow).where(OperationLogRow.seq > keep_up_to))
        conn.execute(update(OperationLogHead).values(**head))


def test_an_untouched_log_verifies_against_its_checkpoint(
    engine: Engine, log: OperationLog, clock: ManualClock, store: DirectoryCheckpointStore
) -> None:
    _fill(engine, log, clock, 5)
    anchor = _checkpoint(engine, log, clock)
    _fill(engine, log, clock, 2)  # work after the checkpoint is fine
    with UnitOfWork(engine).begin() as session:
        report = log.verify(session)
    assert report.ok and report.rows_checked == 7
    assert report.anchor.startswith("checkpoint 5 ")
    assert anchor.seq == 5 and anchor.settings_digest == "s" * 64
    files = list(store.directory.iterdir())
    assert len(files) == 1 and files[0].stat().st_mode & 0o777 == 0o600
    assert store.directory.stat().st_mode & 0o777 == 0o700


def test_a_wiped_log_is_named(engine: Engine, log: OperationLog, clock: ManualClock) -> None:
    _fill(engine, log, clock, 6)
    _checkpoint(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(delete(OperationLogRow))
        conn.execute(delete(OperationLogHead))
    assert _kinds(engine, log) == [(FindingKind.WIPED, 6)]
    # The terminal then starts a new chain; the wipe stays visible.
    _fill(engine, log, clock, 8)
    assert (FindingKind.ROLLED_BACK, 6) in _kinds(engine, log)


def test_a_truncated_tail_with_an_older_head_put_back_is_named(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock, 4)
    older_head = _head(engine)  # never checkpointed: not a state anybody vouched for
    _fill(engine, log, clock, 4)
    _checkpoint(engine, log, clock)
    _put_back(engine, older_head, keep_up_to=4)
    assert _kinds(engine, log) == [(FindingKind.TRUNCATED, 5)]


def test_a_rollback_to_an_older_checkpointed_copy_is_named(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock, 5)
    _checkpoint(engine, log, clock)
    at_five = _head(engine)  # the state a backup taken at this logout would hold
    _fill(engine, log, clock, 3)
    _checkpoint(engine, log, clock)
    _put_back(engine, at_five, keep_up_to=5)
    assert _kinds(engine, log) == [(FindingKind.ROLLED_BACK, 5)]
    # ... and working on from the restored copy does not hide it.
    _fill(engine, log, clock, 6)
    assert _kinds(engine, log) == [(FindingKind.ROLLED_BACK, 8)]


def test_a_copied_sealed_row_is_named(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock, 6)
    with engine.begin() as conn:
        original = conn.execute(select(OperationLogRow).where(OperationLogRow.seq == 3)).one()
        values = dict(original._mapping)
        values["seq"] = 7
        conn.execute(insert(OperationLogRow).values(**values))
    assert _kinds(engine, log) == [(FindingKind.COPIED, 7)]


def test_a_deleted_head_is_a_finding_and_stops_logging_with_one_message(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock, 4)
    _checkpoint(engine, log, clock)
    with engine.begin() as conn:
        conn.execute(delete(OperationLogHead))
    assert _kinds(engine, log) == [(FindingKind.HEAD_MISSING, 4)]
    with pytest.raises(LogHeadMissing) as refused:
        _fill(engine, log, clock, 1)
    assert "audit verify" in str(refused.value)
    with engine.connect() as conn:
        assert conn.scalar(select(OperationLogRow.seq).order_by(OperationLogRow.seq.desc())) == 4


def test_a_rebase_accepts_exactly_one_approved_rollback(
    engine: Engine, log: OperationLog, clock: ManualClock
) -> None:
    _fill(engine, log, clock, 5)
    _checkpoint(engine, log, clock)
    at_five = _head(engine)
    _fill(engine, log, clock, 3)
    _checkpoint(engine, log, clock)
    _put_back(engine, at_five, keep_up_to=5)  # the restore of the backup taken at row 5
    clock.advance(seconds=1)
    with UnitOfWork(engine).begin() as session:
        rebase = log.rebase(
            session, terminal_id="T0001", manifest_digest=DIGEST, approved_by=("ADM1", "ADM2")
        )
    assert rebase.seq == 5 and rebase.approved_by == ("ADM1", "ADM2")
    assert _kinds(engine, log) == []
    _fill(engine, log, clock, 2)
    _checkpoint(engine, log, clock)
    _put_back(engine, at_five, keep_up_to=5)  # a second rollback, not approved
    assert _kinds(engine, log) == [(FindingKind.ROLLED_BACK, 5)]


@pytest.mark.parametrize(
    ("digest", "approvers"),
    [(DIGEST, ("ADM1", "ADM1")), (DIGEST, ("ADM1", "")), ("xyz", ("ADM1", "ADM2"))],
)
def test_a_rebase_needs_two_approvers_and_a_manifest_digest(
    engine: Engine,
    log: OperationLog,
    clock: ManualClock,
    digest: str,
    approvers: tuple[str, str],
) -> None:
    _fill(engine, log, clock, 1)
    with UnitOfWork(engine).begin() as session, pytest.raises(RebaseRefused):
        log.rebase(session, terminal_id="T0001", manifest_digest=digest, approved_by=approvers)


def test_forged_and_foreign_checkpoint_files(
    engine: Engine,
    log: OperationLog,
    clock: ManualClock,
    store: DirectoryCheckpointStore,
    secrets: InMemorySecretStore,
) -> None:
    _fill(engine, log, clock, 3)
    real = _checkpoint(engine, log, clock)
    # A checkpoint claiming a longer log, signed with some other key, under this log's name.
    claim = Anchor(
        kind=CHECKPOINT,
        seq=99,
        row_mac="f" * 64,
        at="2099-01-01T00:00:00.000000Z",
        terminal_id="T0001",
        key_id=real.key_id,
        settings_digest="",
        reason="manual",
    )
    store.add(claim.file_name(), sign(claim, b"\x01" * 32).to_bytes())
    store.add(real.key_id[:16] + "-garbage.json", b"\xff not json")
    store.add("0123456789abcdef-000000000001-x-T-checkpoint.json", b"{}")  # another register
    with UnitOfWork(engine).begin() as session:
        report = log.verify(session)
    kinds = [(f.kind, f.seq) for f in report.findings]
    assert kinds == [(FindingKind.CHECKPOINT, 0), (FindingKind.CHECKPOINT, 0)]
    assert report.anchor.startswith("checkpoint 3 ")  # the forged seq 99 was not believed
    # An edited field breaks the signature of a real checkpoint as well.
    path = next(p for p in store.directory.iterdir() if p.name == real.file_name())
    fields = json.loads(path.read_text())
    fields["seq"] = 1
    store.add(real.file_name().replace("checkpoint", "edited"), json.dumps(fields).encode())
    assert secrets.get(LOG_CHAIN_KEY) is not None
    assert len(_kinds(engine, log)) == 3


def test_a_checkpoint_of_an_edited_head_is_not_written(
    engine: Engine, log: OperationLog, clock: ManualClock, store: DirectoryCheckpointStore
) -> None:
    _fill(engine, log, clock, 3)
    with engine.begin() as conn:
        conn.execute(update(OperationLogHead).values(seq=2))
    with UnitOfWork(engine).begin() as session:
        assert log.checkpoint(session, terminal_id="T0001", reason="manual") is None
    assert not store.directory.exists() or not list(store.directory.iterdir())


def test_a_chain_resealed_with_the_key_still_contradicts_older_checkpoints(
    engine: Engine,
    log: OperationLog,
    clock: ManualClock,
    secrets: InMemorySecretStore,
) -> None:
    """Whoever steals the key can re-seal edited rows, but not unwrite earlier checkpoints."""
    _fill(engine, log, clock, 5)
    _checkpoint(engine, log, clock)
    key = bytes.fromhex(secrets.get(LOG_CHAIN_KEY) or "")
    with UnitOfWork(engine).begin() as session:
        rows = list(session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)))
        prev = rows[0].mac
        for row in rows[1:]:  # edit row 2, then re-seal it and every later row
            if row.seq == 2:
                row.target = "n=forged"
            row.prev_mac = prev
            row.mac = row_mac(key, prev, canonical(row))
            prev = row.mac
        head = session.get(OperationLogHead, HEAD_ID)
        assert head is not None
        head.mac = prev
        head.head_mac = head_mac(key, head.seq, prev)
    _checkpoint(engine, log, clock)  # and anchor the forgery anew
    assert _kinds(engine, log) == [(FindingKind.ROLLED_BACK, 5)]


def test_a_changed_security_setting_is_logged_once_at_start_up(
    engine: Engine, clock: ManualClock, secrets: InMemorySecretStore
) -> None:
    uow = UnitOfWork(engine)
    first = OperationLog(secrets, clock, settings_digest="a" * 64)
    assert first.record_settings(uow, "T0001") is True
    assert first.record_settings(uow, "T0001") is False  # unchanged: no second row
    changed = OperationLog(secrets, clock, settings_digest="b" * 64)
    assert changed.record_settings(uow, "T0001") is True
    assert changed.record_settings(uow, "T0002") is True  # each terminal has its own settings
    with uow.begin() as session:
        rows = session.scalars(
            select(OperationLogRow).where(OperationLogRow.operation == "config.settings")
        ).all()
        assert [(r.terminal_id, json.loads(r.detail)) for r in rows] == [
            ("T0001", {"digest": "a" * 64, "previous": ""}),
            ("T0001", {"digest": "b" * 64, "previous": "a" * 64}),
            ("T0002", {"digest": "b" * 64, "previous": ""}),
        ]
        assert changed.verify(session).ok
