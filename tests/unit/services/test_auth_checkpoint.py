"""Every logout anchors the operation log outside the register; a broken store never blocks it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import bootstrap
from app.audit import DirectoryCheckpointStore, OperationLog
from app.clock import ManualClock
from tests.support.auth import TERMINAL, log_rows, make_container


@pytest.fixture
def box(db_url: str, tmp_path: Path, clock: ManualClock) -> Iterator[bootstrap.Container]:
    built = make_container(db_url, tmp_path, clock)
    yield built
    built.close()


def test_a_logout_writes_a_signed_checkpoint_and_logs_it(
    box: bootstrap.Container, tmp_path: Path
) -> None:
    session = box.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    box.auth.logout(session)
    logout = log_rows(box, "auth.logout")[-1]
    files = sorted((tmp_path / "checkpoints").iterdir())
    assert len(files) == 1
    stored = json.loads(files[0].read_text())
    assert stored["seq"] == logout.seq and stored["reason"] == "logout"
    assert stored["terminal_id"] == TERMINAL and len(stored["signature"]) == 128
    recorded = log_rows(box, "audit.checkpoint")
    assert [(r.outcome, json.loads(r.detail)) for r in recorded] == [
        ("ok", {"reason": "logout", "seq": logout.seq})
    ]
    with box.uow.begin() as db:
        assert box.oplog.verify(db).ok


def test_a_store_that_cannot_be_written_does_not_block_the_logout(
    box: bootstrap.Container, tmp_path: Path, clock: ManualClock
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    box.oplog = OperationLog(
        box.secrets, clock, checkpoints=DirectoryCheckpointStore(blocker / "cp")
    )
    # The services were built on the old log: rebuild the login service on the new one.
    box.__dict__.pop("auth", None)
    box.__dict__.pop("guard", None)
    session = box.auth.login_password("clerk01", "demo-pass-01", TERMINAL)
    box.auth.logout(session)
    assert log_rows(box, "auth.logout")
    failed = log_rows(box, "audit.checkpoint")
    assert [(r.outcome, json.loads(r.detail)) for r in failed] == [
        ("failed", {"fault": "ENOTDIR", "reason": "logout"})
    ]
