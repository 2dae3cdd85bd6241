"""Units of work: commit or roll back as a whole; write units on SQLite lock before they read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from app.db.engine import make_engine
from app.db.uow import UnitOfWork

WRITERS = 10


@pytest.fixture
def uow(db_url: str) -> Iterator[UnitOfWork]:
    """A unit of work on a database with one counter row."""
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter VALUES (1, 0)"))
    yield UnitOfWork(engine)
    engine.dispose()


def _read(uow: UnitOfWork) -> int:
    with uow.begin() as db:
        return int(db.execute(text("SELECT n FROM counter WHERE id = 1")).scalar_one())


def test_write_unit_commits_or_rolls_back_as_a_whole(uow: UnitOfWork) -> None:
    with uow.begin_write() as db:
        db.execute(text("UPDATE counter SET n = 5 WHERE id = 1"))
    with pytest.raises(RuntimeError), uow.begin_write() as db:
        db.execute(text("UPDATE counter SET n = 6 WHERE id = 1"))
        raise RuntimeError("half way")
    assert _read(uow) == 5


def test_write_units_on_sqlite_never_lose_an_update(sqlite_db_url: str) -> None:
    # Read, then write back read + 1 in separate statements: the race the lock prevents.
    engine = make_engine(sqlite_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter VALUES (1, 0)"))
    uow = UnitOfWork(engine)
    start = threading.Barrier(WRITERS)

    def bump(_: int) -> None:
        start.wait()
        with uow.begin_write() as db:
            n = db.execute(text("SELECT n FROM counter WHERE id = 1")).scalar_one()
            threading.Event().wait(0.01)  # give another writer the chance to read too
            db.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})

    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(bump, range(WRITERS)))
        assert _read(uow) == WRITERS
    finally:
        engine.dispose()


def test_a_read_unit_does_not_wait_for_an_open_write_unit(sqlite_db_url: str) -> None:
    engine = make_engine(sqlite_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter VALUES (1, 0)"))
    uow = UnitOfWork(engine)
    try:
        with uow.begin_write() as db:
            db.execute(text("UPDATE counter SET n = 1 WHERE id = 1"))
            assert _read(uow) == 0  # WAL: the reader sees the last commit, at once
        assert _read(uow) == 1
    finally:
        engine.dispose()
