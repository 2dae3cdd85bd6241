"""The SQLite register's files are the owner's alone, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db.engine import make_engine, sqlite_url


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)  # the worst case: everything created world-writable
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_a_new_register_and_its_folders_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "register.sqlite3"
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    companions = [p for p in path.parent.iterdir() if p != path]
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700
    assert companions and all(_mode(p) == 0o600 for p in companions)  # -wal and -shm
    engine.dispose()


@pytest.mark.usefixtures("open_umask")
def test_an_existing_register_is_narrowed_but_a_shared_folder_is_left_alone(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    path = shared / "register.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)
    make_engine(sqlite_url(path)).dispose()
    assert _mode(path) == 0o600
    assert _mode(shared) == 0o777
