"""Bad input to the ``madoguchi`` command is one line on stderr and exit 2 (issue 11, point 8).

Usage errors (unknown command, missing argument, bad choice, bad type, an argument too
many) are one line that points to ``--help``, not argparse's usage text; ``--help`` itself is
unchanged. The other point-8 cases live beside the code they exercise:
test_jukinet_bad_input.py (documents that are not 転出証明書情報) and
test_common_storage.py (registers that cannot be used, bad environment values); here the
terminal ID on PostgreSQL, and a full disk told apart from read-only storage.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from app.config import Settings
from app.db.engine import make_engine
from app.db.uow import UnitOfWork
from cli.common import MAX_LINE, run
from cli.main import main

DISK_FULL = "(disk full: nothing was saved; free disk space, then try again)"
READ_ONLY = "(read-only storage: check write permission on the register file and its drive)"


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "1")
    monkeypatch.delenv("MADOGUCHI_DB", raising=False)
    monkeypatch.delenv("MADOGUCHI_TERMINAL", raising=False)


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run ``argv``; assert exit 2, one line on stderr, nothing on stdout; return the line."""
    capsys.readouterr()
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "usage:" not in captured.err
    assert captured.err.count("\n") == 1 and captured.err.endswith("\n")
    assert captured.err.strip()
    assert captured.out == ""
    return captured.err.strip()


# ---------------------------------------------------------------- usage errors
@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["frobnicate"],
            "madoguchi: error: argument command: invalid choice: 'frobnicate' (choose from",
        ),
        ([], "madoguchi: error: the following arguments are required: command; see madoguchi"),
        (
            ["operator", "grant"],
            "madoguchi operator grant: error: the following arguments are required: ID, --from,"
            " --until; see madoguchi operator grant --help",
        ),
        (
            ["search", "--operator", "clerk01", "--sex", "7"],
            "madoguchi search: error: argument --sex: invalid choice: '7' (choose from '1', '2',"
            " '9'); see madoguchi search --help",
        ),
        (
            ["demo", "seed", "--residents", "many"],
            "madoguchi demo seed: error: argument --residents: invalid int value: 'many'; see "
            "madoguchi demo seed --help",
        ),
        (
            ["operator", "add", "X1", "--name", "n", "--until", "soon"],
            "madoguchi operator add: error: argument --until: dates are YYYY-MM-DD; see "
            "madoguchi operator add --help",
        ),
        (
            ["jukinet", "send", "--operator", "clerk01"],
            "madoguchi: error: unrecognized arguments: --operator clerk01; see madoguchi --help",
        ),
        (["jukinet"], "madoguchi jukinet: error: the following arguments are required:"),
        (["jukinet", "receive-move-out"], "madoguchi jukinet receive-move-out: error: the "),
    ],
    ids=[
        "unknown-command",
        "no-command",
        "missing-arguments",
        "bad-choice",
        "bad-int",
        "bad-date",
        "argument-too-many",
        "missing-subcommand",
        "missing-file",
    ],
)
def test_a_usage_error_is_one_line_that_points_to_help(
    capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    said = _refused(capsys, argv)
    assert said.startswith(line)
    assert said.endswith(" --help")


def test_a_usage_error_echoing_a_hostile_argument_stays_one_short_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    said = _refused(capsys, ["\x1b[2J\u202e" + "x" * 5000])
    assert "\x1b" not in said and "\u202e" not in said
    assert len(said) <= MAX_LINE


@pytest.mark.parametrize("argv", [["--help"], ["operator", "grant", "--help"]])
def test_help_is_unchanged(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(" ".join(["usage: madoguchi", *argv[:-1]]) + " ")
    assert "options:" in captured.out and captured.err == ""


# ---------------------------------------------------------------- terminal ID on PostgreSQL
@pytest.mark.postgres
@pytest.mark.parametrize("value", ["A" * 5000, "T\u202e1"], ids=["long", "rlo"])
def test_an_unusable_terminal_id_is_refused_before_postgresql_sees_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    pg_db_url: str,
    value: str,
) -> None:
    monkeypatch.setenv("MADOGUCHI_TERMINAL", value)
    said = _refused(capsys, ["--db", pg_db_url, "db", "upgrade"])
    assert said.startswith("madoguchi: MADOGUCHI_TERMINAL must be at most 32 characters")
    assert len(said) <= MAX_LINE


@pytest.mark.postgres
def test_a_nul_in_the_terminal_id_is_refused_before_postgresql_sees_it(
    capsys: pytest.CaptureFixture[str], pg_db_url: str
) -> None:
    # A process environment cannot hold a NUL (a service manager's file could): a mapping.
    def configure(_args: argparse.Namespace) -> int:
        Settings.from_env(environ={"MADOGUCHI_TERMINAL": "T\x001", "MADOGUCHI_DB": pg_db_url})
        return 0

    assert run(configure, argparse.Namespace()) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x00" not in err
    assert err.startswith("madoguchi: MADOGUCHI_TERMINAL must be at most 32 characters")


# ---------------------------------------------------------------- full disk vs read-only
def _small(engine: Engine) -> None:
    """Every new connection may grow the file to a few pages only: a full disk, in effect."""

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA max_page_count=3")

    engine.dispose()


def test_a_full_disk_and_read_only_storage_are_different_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "register.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x TEXT)"))
    engine.dispose()

    def write(url: str, *, full: bool) -> int:
        target = make_engine(url)
        if full:
            _small(target)

        def handler(_args: argparse.Namespace) -> int:
            with UnitOfWork(target).begin() as session:
                session.execute(text("INSERT INTO t VALUES (:x)"), {"x": "個" * 100_000})
            return 0

        try:
            return run(handler, argparse.Namespace())
        finally:
            target.dispose()

    assert write(f"sqlite:///{path}", full=True) == 2
    full_line = capsys.readouterr().err
    assert write(f"sqlite:///file:{path}?mode=ro&uri=true", full=False) == 2
    read_only_line = capsys.readouterr().err
    assert full_line.count("\n") == read_only_line.count("\n") == 1
    assert full_line.strip().endswith(DISK_FULL)
    assert read_only_line.strip().endswith(READ_ONLY)
    assert full_line != read_only_line
    assert "個" not in full_line + read_only_line
