"""`madoguchi db upgrade` and `madoguchi audit verify` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app import bootstrap
from app.audit import LogEntry, Outcome
from app.config import Settings
from app.db.models.oplog import OperationLogRow
from cli.main import main
from tests.support.movein import certificate


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    return url


def _log_rows(url: str, n: int) -> None:
    container = bootstrap.build(Settings.from_env(url))
    try:
        for i in range(n):
            with container.uow.begin() as session:
                container.oplog.append(
                    session, LogEntry("OP1", "T0001", "search", Outcome.OK, target=f"n={i}")
                )
    finally:
        container.close()


def _drop_log_rules(url: str) -> None:
    """Whoever holds the SQLite file can drop the database's rules; the chain still tells."""
    container = bootstrap.build(Settings.from_env(url))
    with container.engine.begin() as conn:
        for trigger in (
            "operation_log_no_update",
            "operation_log_no_delete",
            "operation_log_head_no_delete",
        ):
            conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
    container.close()


def test_verify_reports_a_clean_log(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _log_rows(db, 3)
    assert main(["--db", db, "audit", "verify", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"ok": True, "rows_checked": 3, "findings": [], "anchor": ""}


def test_verify_names_an_edited_row_and_exits_2(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _log_rows(db, 4)
    _drop_log_rules(db)
    container = bootstrap.build(Settings.from_env(db))
    with container.engine.begin() as conn:
        conn.execute(update(OperationLogRow).where(OperationLogRow.seq == 2).values(target="x"))
    container.close()
    assert main(["--db", db, "audit", "verify"]) == 2
    out = capsys.readouterr().out
    assert "edited: row 2" in out
    assert "4 rows checked (no checkpoint to compare with), 1 problems" in out


def test_a_checkpoint_then_a_wipe_is_named(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _log_rows(db, 5)
    assert main(["--db", db, "audit", "checkpoint"]) == 0
    assert "checkpoint of row 5 written to" in capsys.readouterr().out
    assert main(["--db", db, "audit", "verify"]) == 0
    # The checkpoint's own log row (row 6) is covered by the next checkpoint.
    assert "6 rows checked (against checkpoint 5 " in capsys.readouterr().out
    _drop_log_rules(db)
    container = bootstrap.build(Settings.from_env(db))
    with container.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM operation_log")
        conn.exec_driver_sql("DELETE FROM operation_log_head")
    container.close()
    assert main(["--db", db, "audit", "verify"]) == 2
    out = capsys.readouterr().out
    assert "wiped: row 5: the log is empty" in out and "1 problems" in out
    assert list((tmp_path / "data" / "checkpoints").iterdir())


def test_a_checkpoint_store_that_cannot_be_written_is_one_line_and_logged(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _log_rows(db, 2)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("MADOGUCHI_CHECKPOINT_DIR", str(blocker / "cp"))
    assert main(["--db", db, "audit", "checkpoint"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ENOTDIR" in err[0] and "Traceback" not in err[0]
    container = bootstrap.build(Settings.from_env(db))
    with container.uow.begin() as session:
        row = session.scalars(
            select(OperationLogRow).order_by(OperationLogRow.seq.desc()).limit(1)
        ).one()
        assert (row.operation, row.outcome) == ("audit.checkpoint", "failed")
        assert json.loads(row.detail) == {"fault": "ENOTDIR", "reason": "manual"}
    container.close()


def test_production_settings_refuse_a_plaintext_keyring(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backends import fail

    from hardware.keyring_store import InsecureSecretBackend

    monkeypatch.delenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(InsecureSecretBackend):
            bootstrap.build(Settings.from_env(db))
        assert main(["--db", db, "audit", "verify"]) == 2
        assert "plain text" in capsys.readouterr().err
    finally:
        keyring.set_keyring(before)


def test_a_second_terminal_needs_the_register_key(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Terminal B on a shared register: refused until the register's key is imported."""
    import io

    _log_rows(db, 2)  # terminal A (data dir tmp_path/data) made the key
    key = json.loads((tmp_path / "data" / "training-keyring.json").read_text())["madoguchi"][
        "operation-log-chain-key"
    ]
    # Terminal B may open the (encrypted) register: it holds the register key, not the log key.
    register_key = json.loads((tmp_path / "data" / "training-keyring.json").read_text())[
        "madoguchi"
    ]["register-key"]
    (tmp_path / "terminal-b").mkdir()
    (tmp_path / "terminal-b" / "training-keyring.json").write_text(
        json.dumps({"madoguchi": {"register-key": register_key}})
    )
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "terminal-b"))
    assert main(["--db", db, "audit", "verify"]) == 2
    assert "no operation-log key on this terminal" in capsys.readouterr().err
    assert main(["--db", db, "audit", "import-key"]) == 2  # never as an argument
    monkeypatch.setattr("sys.stdin", io.StringIO("00" * 32 + "\n"))
    assert main(["--db", db, "audit", "import-key", "--stdin"]) == 2
    assert "not the register's" in capsys.readouterr().err
    stored = json.loads((tmp_path / "terminal-b" / "training-keyring.json").read_text())
    assert "operation-log-chain-key" not in stored["madoguchi"]  # nothing stored
    monkeypatch.setattr("sys.stdin", io.StringIO(key + "\n"))
    assert main(["--db", db, "audit", "import-key", "--stdin"]) == 0
    assert main(["--db", db, "audit", "verify"]) == 0
    assert "2 rows checked (no checkpoint to compare with), 0 problems" in capsys.readouterr().out


def test_a_deleted_head_is_named_and_stops_logging_in_one_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _log_rows(db, 3)
    _drop_log_rules(db)
    container = bootstrap.build(Settings.from_env(db))
    with container.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM operation_log_head")
    container.close()
    assert main(["--db", db, "audit", "verify"]) == 2
    assert "head_missing: row 3: the chain head is missing" in capsys.readouterr().out
    document = tmp_path / "move_out.json"
    document.write_text(json.dumps([certificate().to_dict()]), "utf-8")
    assert main(["--db", db, "jukinet", "receive-move-out", str(document)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "operation log's head is missing" in err[0]
    assert "Traceback" not in err[0]
