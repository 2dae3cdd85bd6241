"""A register that cannot be used, or bad configuration: one line on stderr, exit 2.

Missing, empty, garbage, truncated, read-only or unreachable databases and unusable
environment values each give one line that says what to do, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from app.config import Settings
from app.db.engine import make_engine
from app.db.uow import UnitOfWork
from cli.common import MAX_LINE, run
from cli.main import main
from tests.support.movein import certificate

NOT_SET_UP = "no register set up: run `madoguchi db upgrade`"
DAMAGED = "(not a Madoguchi register, or damaged: restore it from backup)"
# An unreadable file and no register key: encrypted without its key, or not a register.
NO_KEY = "(no register key in this terminal's keyring, or the file is not a register)"
UNREACHABLE = "(database server cannot be reached: check the server"
UNREACHABLE_PG = "postgresql+psycopg://x:y@127.0.0.1:1/nope"  # port 1 refuses at once


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    monkeypatch.delenv("MADOGUCHI_DB", raising=False)


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run ``argv``; assert exit 2 and exactly one line on stderr; return that line."""
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n")
    return err.strip()


def _register(path: Path) -> str:
    url = f"sqlite:///{path}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    return url


@pytest.mark.parametrize("where", ["register.sqlite3", "no/such/folder/register.sqlite3"])
def test_a_missing_register_is_refused_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    path = tmp_path / where
    line = _refused(capsys, ["--db", f"sqlite:///{path}", "jukinet", "outbox"])
    assert NOT_SET_UP in line and str(path) in line
    assert list(tmp_path.iterdir()) == []  # no file, no folder, no -wal or -shm beside it


def test_db_upgrade_creates_the_missing_register_and_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "register.sqlite3"
    assert main(["--db", f"sqlite:///{path}", "db", "upgrade"]) == 0
    assert path.is_file()
    assert main(["--db", f"sqlite:///{path}", "jukinet", "outbox"]) == 0


def test_an_empty_file_is_a_register_not_set_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "register.sqlite3"
    path.write_bytes(b"")
    line = _refused(capsys, ["--db", f"sqlite:///{path}", "jukinet", "outbox"])
    assert NOT_SET_UP in line


@pytest.mark.parametrize("command", [["jukinet", "outbox"], ["db", "upgrade"]])
def test_a_garbage_file_is_not_a_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "register.sqlite3"
    path.write_bytes(bytes(range(256)) * 64)
    line = _refused(capsys, ["--db", f"sqlite:///{path}", *command])
    assert line.endswith(NO_KEY)


def test_a_truncated_register_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "register.sqlite3"
    url = _register(path)
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size // 4)
    line = _refused(capsys, ["--db", url, "jukinet", "outbox"])
    assert line.endswith(DAMAGED)


def test_a_read_only_register_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "register.sqlite3"
    _register(path)
    document = tmp_path / "move_out.json"
    document.write_text(json.dumps([certificate().to_dict()]), "utf-8")
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    line = _refused(capsys, ["--db", read_only, "jukinet", "receive-move-out", str(document)])
    assert line.endswith(
        "(read-only storage: check write permission on the register file and its drive)"
    )


@pytest.mark.parametrize("command", [["db", "upgrade"], ["jukinet", "outbox"]])
def test_an_unreachable_server_says_so(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    line = _refused(capsys, ["--db", UNREACHABLE_PG, *command])
    assert UNREACHABLE in line
    assert "y@" not in line  # the URL's password is not repeated


def test_a_full_disk_during_a_unit_of_work_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'small.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x TEXT)"))
    _limit_pages(engine)

    def fill(_args: argparse.Namespace) -> int:
        with UnitOfWork(engine).begin() as session:
            session.execute(text("INSERT INTO t VALUES (:x)"), {"x": "個" * 100_000})
        return 0

    assert run(fill, argparse.Namespace()) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "(disk full: nothing was saved; free disk space, then try again)" in err
    assert "個" not in err  # no statement parameters
    engine.dispose()


def _limit_pages(engine: Engine) -> None:
    """Every new connection may grow the file to a few pages only: a full disk, in effect."""

    @event.listens_for(engine, "connect")
    def _small(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA max_page_count=3")

    engine.dispose()


@pytest.mark.parametrize(
    "value", ["A" * 5000, "T\x1b[2J", "T\u202e1", "T\n1"], ids=["long", "esc", "rlo", "newline"]
)
def test_an_unusable_terminal_id_is_one_short_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("MADOGUCHI_TERMINAL", value)
    line = _refused(capsys, ["jukinet", "outbox"])
    assert line.startswith("madoguchi: MADOGUCHI_TERMINAL must be at most 32 characters")
    assert len(line) <= MAX_LINE and "\x1b" not in line and "\u202e" not in line


def test_a_nul_in_the_terminal_id_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # A process environment cannot hold a NUL; a service manager's file could, so the
    # settings are read from a mapping here.
    def configure(_args: argparse.Namespace) -> int:
        Settings.from_env(environ={"MADOGUCHI_TERMINAL": "T\x001"})
        return 0

    assert run(configure, argparse.Namespace()) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x00" not in err
    assert err.startswith("madoguchi: MADOGUCHI_TERMINAL must be at most 32 characters")


def test_a_bad_number_in_the_environment_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MADOGUCHI_LOCKOUT_FAILURES", "abc")
    line = _refused(capsys, ["jukinet", "outbox"])
    assert (
        line == "madoguchi: MADOGUCHI_LOCKOUT_FAILURES must be a positive whole number, got 'abc'"
    )
