"""``madoguchi search``: the same policy and logging as the GUI, exit 2 on a refused search."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app import bootstrap
from app.config import Settings
from app.db.models.oplog import OperationLogRow
from app.domain.identifiers import make_my_number, make_resident_code
from app.services.identity_records import IdentityRecordService
from cli.main import main

PASSWORD = "correct horse battery 42"
ADMIN_PASSWORD = "admin password 0042"
MY_NUMBER = make_my_number("98765432101")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated database with a terminal, an administrator, a searcher and one resident."""
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    monkeypatch.setenv("MADOGUCHI_TERMINAL", "T0001")
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "terminal", "add", "T0001"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    admin = ["operator", "add", "ADMIN1", "--name", "管理", "--role", "権限管理者"]
    assert main(["--db", url, *admin, "--new-password-stdin", "--allow-password"]) == 0
    # operator add authenticates the administrator: its password first, then the new one.
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n" + PASSWORD + "\n"))
    assert (
        main(
            [
                "--db",
                url,
                "operator",
                "add",
                "CLERK1",
                "--name",
                "窓口",
                "--role",
                "窓口担当",
                "--new-password-stdin",
                "--allow-password",
                "--by",
                "ADMIN1",
                "--password-stdin",
            ]
        )
        == 0
    )
    container = bootstrap.build(Settings.from_env(url))
    try:
        IdentityRecordService(container.uow, container.clock).add_initial(
            {
                "resident_code": make_resident_code("1000000001"),
                "name_kanji": "髙橋　一郎",
                "name_furigana": "タカハシ　イチロウ",
                "date_of_birth": dt.date(1980, 4, 1),
                "sex_code": "1",
                "municipality_code": "072036",
                "postal_code": "9638002",
                "address": "福島県郡山市駅前一丁目2番3号",
                "my_number": MY_NUMBER,
                "relationship": "世帯主",
                "change_reason_code": "11",
                "change_date": dt.date(2020, 1, 1),
            },
            operator_id="SEED",
            terminal_id="T0",
        )
    finally:
        container.close()
    return url


def _search(db: str, monkeypatch: pytest.MonkeyPatch, *keys: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--db", db, "search", "--operator", "CLERK1", "--password-stdin", *keys])


def _search_rows(db: str) -> list[tuple[str, dict[str, object]]]:
    container = bootstrap.build(Settings.from_env(db))
    try:
        with container.uow.begin() as session:
            rows = session.scalars(
                select(OperationLogRow).where(OperationLogRow.operation == "search")
            ).all()
            return [(r.outcome, json.loads(r.detail)) for r in rows]
    finally:
        container.close()


def test_search_prints_json_with_masked_number(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _search(db, monkeypatch, "--name", "高橋 一郎", "--dob", "昭和55年4月1日", "--json") == 0
    out = capsys.readouterr().out
    document = json.loads(out)
    assert document["count"] == 1
    (row,) = document["rows"]
    assert (row["name"], row["status"], row["my_number"]) == (
        "髙橋　一郎",
        "current",
        "●●●● ●●●● ●●●●",
    )
    assert row["date_of_birth"] == "1980-04-01"
    assert MY_NUMBER not in out
    ((outcome, detail),) = _search_rows(db)
    assert (outcome, detail["result_count"]) == ("ok", 1)


def test_kana_and_address(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _search(db, monkeypatch, "--kana", "ﾀｶﾊｼ ｲﾁﾛｳ", "--address", "駅前１丁目", "--json") == 0
    assert json.loads(capsys.readouterr().out)["count"] == 1


def test_refused_search_exits_2_names_the_missing_key_and_is_logged(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _search(db, monkeypatch, "--name", "髙橋一郎", "--sex", "1", "--json") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "address or the date of birth" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    ((outcome, detail),) = _search_rows(db)
    assert (outcome, detail["reason"]) == ("refused", "address_or_dob_required")


def test_wrong_password_searches_nothing(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong password\n"))
    code = main(
        [
            "--db",
            db,
            "search",
            "--operator",
            "CLERK1",
            "--password-stdin",
            "--name",
            "髙橋一郎",
            "--dob",
            "1980-04-01",
        ]
    )
    assert code == 2
    assert "髙橋" not in capsys.readouterr().out
    assert _search_rows(db) == []
