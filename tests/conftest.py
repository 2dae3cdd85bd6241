"""Fixtures shared by every test tier: database URLs (SQLite and the real PostgreSQL), clocks."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from app.clock import ManualClock
from app.db.engine import normalise_url, sqlite_url
from app.secret_store import InMemorySecretStore

PG_ENV = "MADOGUCHI_TEST_PG"


def pytest_configure(config: pytest.Config) -> None:
    """In CI the PostgreSQL tests must run, never be skipped for want of a server."""
    if os.environ.get("CI") and not os.environ.get(PG_ENV):
        raise pytest.UsageError(f"CI run without {PG_ENV}: run the suite through ./dev test")


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when a test moves it."""
    return ManualClock()


@pytest.fixture
def secrets() -> InMemorySecretStore:
    """An in-memory secret store (the keyring adapter has its own tests)."""
    return InMemorySecretStore()


@pytest.fixture
def sqlite_db_url(tmp_path: object) -> str:
    """A fresh SQLite file."""
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    return sqlite_url(tmp_path / "register.sqlite3")


@pytest.fixture
def pg_db_url() -> Iterator[str]:
    """A fresh schema on the real PostgreSQL server started by ./dev test."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (./dev test starts PostgreSQL and sets it)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on the real PostgreSQL server."""
    name = "sqlite_db_url" if request.param == "sqlite" else "pg_db_url"
    url: str = request.getfixturevalue(name)
    return url
