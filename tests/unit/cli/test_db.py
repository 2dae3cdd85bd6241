"""``madoguchi db upgrade`` and ``db grant-terminal`` as an administrator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.cipher import is_plain_sqlite
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from cli.main import main


@pytest.fixture(autouse=True)
def _test_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")


def test_grant_terminal_on_sqlite_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == "schema is up to date"
    assert main(["--db", url, "db", "grant-terminal", "counter"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "madoguchi: db grant-terminal: an SQLite register has no roles (PostgreSQL only)"
    ]


@pytest.mark.postgres
def test_grant_terminal_refuses_a_role_name_that_is_not_plain(
    pg_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", pg_db_url, "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--db", pg_db_url, "db", "grant-terminal", 'x"; DROP TABLE residents']) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "plain lower-case name" in err[0]


def test_a_register_in_clear_is_refused_until_db_encrypt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.sqlite3"
    plain = make_engine(sqlite_url(path))
    upgrade(plain)  # a register made before encryption at rest
    plain.dispose()
    url = sqlite_url(path)
    assert main(["--db", url, "audit", "verify"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "run `madoguchi db encrypt`" in err[0]
    assert main(["--db", url, "db", "encrypt"]) == 0
    assert "encrypted (SQLCipher" in capsys.readouterr().out
    assert not is_plain_sqlite(path)
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "audit", "verify"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "db", "encrypt"]) == 2
    assert "not a register in clear" in capsys.readouterr().err
