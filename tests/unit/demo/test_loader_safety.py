"""Seed safety (issue 11): a failed, full-disk or killed seed leaves a consistent register."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, inspect, select, text

from app.db.base import Base
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from app.db.models.operators import Operator
from app.db.models.register import Resident
from app.demo.loader import NotATrainingRegister, SeedFailed, seed_population


class _Interrupted(Exception):
    """The failure the tests inject between two chunks."""


def _fail_after_first_chunk(done: int, _total: int) -> None:
    raise _Interrupted(f"stopped after {done} residents")


def _residents(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(Resident.__table__)).scalar_one()
        )


def _missing_indexes(engine: Engine) -> set[str]:
    """Indexes the models define that the database lacks (all tables)."""
    inspector = inspect(engine)
    missing: set[str] = set()
    for table in Base.metadata.sorted_tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        missing |= {str(index.name) for index in table.indexes} - present
    return missing


def _integrity(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar_one())


def _add_operator(engine: Engine, operator_id: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            Operator.__table__.insert().values(
                operator_id=operator_id,
                name="研修 次郎",
                created_at="2026-11-30T00:00:00+09:00",
                created_by="test",
            )
        )


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A migrated, empty register on SQLite or PostgreSQL."""
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine  # type: ignore[misc]
    engine.dispose()


def test_the_models_define_the_one_current_record_index() -> None:
    # Guards the comparison below: it must cover the index the issue saw lost.
    names = {str(index.name) for table in Base.metadata.sorted_tables for index in table.indexes}
    assert "uq_identity_records_current" in names


def test_a_seed_failing_midway_leaves_every_index_and_no_residents(engine: Engine) -> None:
    with pytest.raises(_Interrupted):
        seed_population(engine, 25_000, 3, workers=0, progress=_fail_after_first_chunk)
    assert _residents(engine) == 0
    assert _missing_indexes(engine) == set()
    # The register is not left "populated": the same seed runs afterwards.
    assert seed_population(engine, 300, 3, workers=0).residents == _residents(engine) == 300
    assert _missing_indexes(engine) == set()


def test_a_full_disk_during_the_seed_keeps_the_register_intact(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "full.sqlite3"))
    upgrade(engine)
    _add_operator(engine, "clerk01")
    with engine.connect() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())
    engine.dispose()  # the limit below must apply to every connection the seed opens

    # SQLITE_FULL as a full disk gives it: the file may grow by 400 pages, no more.
    def limit(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute(f"PRAGMA max_page_count={pages + 400}")
        cursor.close()

    event.listen(engine, "connect", limit)
    with pytest.raises(SeedFailed, match="SQLITE_FULL"):
        seed_population(engine, 20_000, 4, workers=0, training_operators={"clerk01"})
    engine.dispose()
    event.remove(engine, "connect", limit)
    assert _integrity(engine) == "ok"
    assert _residents(engine) == 0
    assert _missing_indexes(engine) == set()
    with engine.connect() as connection:
        assert connection.execute(select(Operator.operator_id)).scalars().all() == ["clerk01"]
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    engine.dispose()


def test_a_killed_seed_leaves_no_half_population(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite3"
    command = [
        str(Path(sys.executable).parent / "madoguchi"),
        "--db",
        sqlite_url(path),
        "demo",
        "seed",
        "--residents",
        "400000",
        "--workers",
        "0",
        "--quiet",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Kill while rows are being written: the file has grown well past the empty schema.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if path.exists() and path.stat().st_size > 8_000_000:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the seed ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    engine = make_engine(sqlite_url(path))
    try:
        assert _integrity(engine) == "ok"
        assert _residents(engine) == 0
        assert _missing_indexes(engine) == set()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM households")).scalar_one() == 0
    finally:
        engine.dispose()


def test_a_register_with_other_operators_is_refused(engine: Engine) -> None:
    _add_operator(engine, "tanaka")
    with pytest.raises(NotATrainingRegister, match="operators other than the training staff"):
        seed_population(engine, 100, 1, workers=0, training_operators={"clerk01"})
    assert _residents(engine) == 0
    assert _missing_indexes(engine) == set()


def test_a_register_with_training_staff_only_is_seeded(engine: Engine) -> None:
    _add_operator(engine, "clerk01")
    result = seed_population(engine, 100, 1, workers=0, training_operators={"clerk01"})
    assert result.residents == 100


def test_a_seed_beside_another_open_connection_keeps_wal_and_settings(tmp_path: Path) -> None:
    # The training window may hold the file open: the journal switch is skipped, not waited for.
    url = sqlite_url(tmp_path / "shared.sqlite3")
    engine = make_engine(url)
    upgrade(engine)
    other = make_engine(url)
    with other.connect() as reader:
        reader.exec_driver_sql("SELECT 1").all()
        reader.commit()
        started = time.monotonic()
        assert seed_population(engine, 500, 2, workers=0).residents == 500
        assert time.monotonic() - started < 20  # not the 30 s busy timeout
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30_000
    other.dispose()
    engine.dispose()
