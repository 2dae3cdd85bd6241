"""``madoguchi operator`` and ``terminal``: bootstrap, duplicates, refusals, ledger export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    monkeypatch.setenv("MADOGUCHI_TERMINAL", "T0001")
    url = f"sqlite:///{tmp_path / 'ops.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    return url


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_operator_commands_end_to_end(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db, "terminal", "add", "T0001", "--name", "窓口1"]) == 0
    _stdin(monkeypatch, "admin-pass-01\n")
    args = ["--db", db, "operator", "add", "admin01", "--name", "管理 一郎"]
    assert main([*args, "--role", "権限管理者", "--password-stdin", "--allow-password"]) == 0
    add_clerk = [
        "--db",
        db,
        "operator",
        "add",
        "clerk01",
        "--name",
        "窓口 太郎",
        "--role",
        "窓口担当",
    ]
    assert main(add_clerk) == 2  # an administrator exists now: --by is required
    assert main([*add_clerk, "--by", "admin01", "--contractor"]) == 0
    capsys.readouterr()
    assert main([*add_clerk, "--by", "admin01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["madoguchi: operator_id: this operator ID is already registered"]
    grant = ["--db", db, "operator", "grant", "admin01", "--right", "export"]
    grant += ["--from", "2026-01-01", "--until", "2026-12-31", "--by", "clerk01"]
    assert main(grant) == 2  # clerk01 holds no rights administration right
    revoke = ["--db", db, "operator", "revoke", "clerk01", "--reason", "異動", "--by", "admin01"]
    assert main(revoke) == 0
    capsys.readouterr()
    assert main(["--db", db, "operator", "list", "--json"]) == 0
    listed = {o["operator_id"]: o for o in json.loads(capsys.readouterr().out)}
    assert listed["clerk01"]["revoked_at"] and listed["clerk01"]["contractor"]
    assert listed["admin01"]["rights_now"] == ["rights_admin"]
    assert main(["--db", db, "operator", "ledger"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["action"] for r in rows][-1] == "revoke_operator"
    assert rows[-1]["reason"] == "異動" and rows[-1]["administrator_id"] == "admin01"
    assert main(["--db", db, "operator", "ledger", "--json", "--from", "2000-01-01"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(rows)
