"""The operation log's own two tables on SQLite and PostgreSQL, without the rest of the schema
(and without migration 0006's rules, so the tests can tamper as an attacker with the file)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from app.db.base import Base
from app.db.engine import make_engine
from app.db.models.oplog import OperationLogHead, OperationLogRow


def _log_tables(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    Base.metadata.create_all(engine, tables=[OperationLogRow.__table__, OperationLogHead.__table__])
    yield engine
    engine.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """The log's tables, on each database in turn."""
    yield from _log_tables(db_url)


@pytest.fixture
def sqlite_engine(sqlite_db_url: str) -> Iterator[Engine]:
    """The log's tables on SQLite only."""
    yield from _log_tables(sqlite_db_url)


@pytest.fixture
def pg_engine(pg_db_url: str) -> Iterator[Engine]:
    """The log's tables on PostgreSQL only."""
    yield from _log_tables(pg_db_url)
