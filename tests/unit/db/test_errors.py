"""classify: a driver's error becomes the typed error whose one line says what to do."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import psycopg
import psycopg.errors
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.db.engine import make_engine
from app.db.errors import classify
from app.domain.errors import (
    InvalidFormat,
    RegisterNotSetUp,
    StorageCannotOpen,
    StorageDamaged,
    StorageFull,
    StorageLoginRefused,
    StorageReadOnly,
    StorageUnavailable,
    StorageUnreachable,
)


def _sqlite_error(path: Path, *statements: str, uri: bool = False) -> sqlite3.Error:
    """The error SQLite raises when ``statements`` run on ``path`` (opening included)."""
    try:
        connection = sqlite3.connect(str(path), uri=uri)
    except sqlite3.Error as exc:
        return exc
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    except sqlite3.Error as exc:
        return exc
    finally:
        connection.close()
    raise AssertionError("no error")


def test_a_full_sqlite_file_is_disk_full(tmp_path: Path) -> None:
    path = tmp_path / "full.sqlite3"
    error = _sqlite_error(
        path,
        "PRAGMA max_page_count=2",
        "CREATE TABLE t (x TEXT)",
        "INSERT INTO t VALUES (zeroblob(100000))",
    )
    assert isinstance(classify(error), StorageFull)


def test_writing_a_read_only_file_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    sqlite3.connect(path).close()
    error = _sqlite_error(Path(f"file:{path}?mode=ro"), "CREATE TABLE t (x TEXT)", uri=True)
    assert isinstance(classify(error), StorageReadOnly)


def test_garbage_is_damaged_and_an_empty_file_is_not_set_up(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00not a database\xff" * 1000)
    assert isinstance(classify(_sqlite_error(garbage, "SELECT * FROM t")), StorageDamaged)
    empty = tmp_path / "empty.sqlite3"
    assert isinstance(classify(_sqlite_error(empty, "SELECT * FROM t")), RegisterNotSetUp)


def test_a_folder_cannot_be_opened(tmp_path: Path) -> None:
    assert isinstance(classify(_sqlite_error(tmp_path, "SELECT 1")), StorageCannotOpen)


def test_a_refused_connection_is_unreachable_through_sqlalchemy() -> None:
    engine = make_engine("postgresql+psycopg://x:y@127.0.0.1:1/nope")
    with pytest.raises(DBAPIError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    engine.dispose()
    assert isinstance(raised.value.orig, psycopg.OperationalError)
    assert isinstance(classify(raised.value), StorageUnreachable)


def test_a_plain_storage_unavailable_is_made_precise_from_its_cause(tmp_path: Path) -> None:
    full = _sqlite_error(
        tmp_path / "f.sqlite3",
        "PRAGMA max_page_count=2",
        "CREATE TABLE t (x TEXT)",
        "INSERT INTO t VALUES (zeroblob(100000))",
    )
    try:
        try:
            raise full
        except sqlite3.Error:
            raise StorageUnavailable() from None
    except StorageUnavailable as hidden:
        assert isinstance(classify(hidden), StorageFull)
    alone = StorageUnavailable()
    assert classify(alone) is alone  # nothing more is known: the general text stays


def test_other_errors_are_left_alone() -> None:
    refusal = InvalidFormat("氏名", "required")
    assert classify(refusal) is refusal
    assert classify(ValueError("x")) is None
    assert classify(sqlite3.IntegrityError("UNIQUE constraint failed: t.x")) is None
    assert classify(None) is None


@pytest.mark.parametrize(
    "kind",
    [StorageUnreachable, StorageFull, StorageReadOnly, StorageDamaged, StorageCannotOpen],
)
def test_every_storage_fault_is_a_storage_unavailable_with_one_line(
    kind: type[StorageUnavailable],
) -> None:
    message = str(kind())
    assert isinstance(kind(), StorageUnavailable)
    assert "\n" not in message and message.startswith("データベース: ")
    assert message.endswith(")") and "(" in message  # Japanese, then English in brackets


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (psycopg.errors.DiskFull("x"), StorageFull),
        (psycopg.errors.ReadOnlySqlTransaction("x"), StorageReadOnly),
        (psycopg.errors.AdminShutdown("x"), StorageUnreachable),
        (psycopg.errors.InvalidPassword("x"), StorageLoginRefused),
        (psycopg.OperationalError("connection failed: FATAL:  no such db"), StorageLoginRefused),
        (psycopg.OperationalError("connection failed: Connection refused"), StorageUnreachable),
    ],
    ids=["disk-full", "read-only", "shutdown", "password", "fatal", "refused"],
)
def test_postgresql_errors_are_told_apart(
    error: psycopg.Error, kind: type[StorageUnavailable]
) -> None:
    assert type(classify(error)) is kind
    assert classify(psycopg.errors.UniqueViolation("x")) is None  # a refused statement


@pytest.mark.postgres
def test_a_wrong_password_is_a_refused_login() -> None:
    url = os.environ.get("MADOGUCHI_TEST_PG")
    if not url:
        pytest.skip("MADOGUCHI_TEST_PG is not set")
    engine = make_engine(make_url(url).set(password="not-the-password").render_as_string(False))
    with pytest.raises(DBAPIError) as raised, engine.connect():
        pass
    engine.dispose()
    assert isinstance(classify(raised.value), StorageLoginRefused)
