"""`madoguchi jukinet receive-move-out | send | outbox` as the gateway's operator runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app import bootstrap
from app.config import Settings
from app.db.models.oplog import OperationLogRow
from cli.jukinet import GATEWAY_ID
from cli.main import main
from tests.support.movein import certificate


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    monkeypatch.setenv("MADOGUCHI_JUKINET", "sim")
    url = f"sqlite:///{tmp_path / 'gateway.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    return url


def _log(url: str) -> list[tuple[str, str, str]]:
    container = bootstrap.build(Settings.from_env(url))
    try:
        with container.uow.begin() as session:
            rows = session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq))
            return [(r.operator_id, r.operation, r.outcome) for r in rows]
    finally:
        container.close()


def test_receiving_a_file_is_idempotent_and_logged_as_the_gateway(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "move_out.json"
    file.write_text(json.dumps([certificate().to_dict()], ensure_ascii=False), "utf-8")
    assert main(["--db", db, "jukinet", "receive-move-out", str(file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"inbox_id": 1, "duplicate": False}]
    assert main(["--db", db, "jukinet", "receive-move-out", str(file)]) == 0
    assert "0 received, 1 already in the inbox" in capsys.readouterr().out
    assert ("system:jukinet", "jukinet.receive_move_out", "ok") in _log(db)


def test_a_malformed_file_is_refused_whole(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = certificate().to_dict()
    bad = dict(good, my_number="12345")  # wrong length: the whole file is refused
    file = tmp_path / "move_out.json"
    file.write_text(json.dumps([good, bad], ensure_ascii=False), "utf-8")
    assert main(["--db", db, "jukinet", "receive-move-out", str(file)]) == 2
    err = capsys.readouterr().err
    assert "12345" not in err and err.count("\n") == 1
    (tmp_path / "broken.json").write_text("{not json", "utf-8")
    assert main(["--db", db, "jukinet", "receive-move-out", str(tmp_path / "broken.json")]) == 2
    assert "not a readable JSON file" in capsys.readouterr().err
    assert not any(op == "jukinet.receive_move_out" for _, op, _ in _log(db))


def test_send_names_no_person_and_an_empty_outbox_sends_nothing(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db, "jukinet", "send", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"acknowledged": 0, "refused": 0, "failed": 0}
    # There is no way to type an operator's name: a usage error, one line.
    assert main(["--db", db, "jukinet", "send", "--operator", "clerk01"]) == 2
    assert "unrecognized arguments: --operator clerk01" in capsys.readouterr().err
    assert main(["--db", db, "jukinet", "outbox", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert GATEWAY_ID == "system:jukinet"
