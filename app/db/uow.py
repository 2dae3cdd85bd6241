"""Unit of work: one database session per staff action, committed or rolled back as a whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import is_sqlite
from app.domain.errors import StorageUnavailable


class UnitOfWork:
    """Opens a session per ``with`` block; commits on success, rolls back on any exception.

    Services never keep a session beyond one staff action and never share one across
    threads, so a failure in the middle leaves nothing half-written.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)

    def begin(self) -> AbstractContextManager[Session]:
        """A session inside one transaction."""
        return self._open(write=False)

    def begin_write(self) -> AbstractContextManager[Session]:
        """A session inside one transaction that decides a write from what it reads.

        For a counter, a status or anything read and then written back: on SQLite the
        database's write lock is taken before the first read (``BEGIN IMMEDIATE``), so two
        such units run one after the other instead of both reading the old value. (The
        sqlite3 driver otherwise starts its transaction only at the first INSERT or UPDATE,
        leaving the reads before it outside any transaction.) On PostgreSQL this is a plain
        transaction: there the unit itself locks the row (``SELECT ... FOR UPDATE``) or
        writes with an atomic ``UPDATE ... RETURNING``.
        """
        return self._open(write=True)

    @contextmanager
    def _open(self, *, write: bool) -> Iterator[Session]:
        session = self._factory()
        try:
            with session.begin():
                if write and is_sqlite(self.engine):
                    # Waits up to the busy timeout for another writer, then fails as busy.
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
        except DBAPIError as exc:
            if _connection_problem(exc):
                # The whole transaction was rolled back; say so without the driver's
                # text, which may quote the statement.
                raise StorageUnavailable() from None
            raise
        finally:
            session.close()

    __call__ = begin


def _connection_problem(exc: DBAPIError) -> bool:
    """True when the database went away or is busy (rather than refusing the statement)."""
    if exc.connection_invalidated or isinstance(exc, InterfaceError):
        return True
    if isinstance(exc, OperationalError):
        # SQLite reports a missing schema as an OperationalError too; that is not an outage
        # (the command line tells the operator to run `madoguchi db upgrade`).
        text = str(exc.orig)
        return not text.startswith(("no such table", "no such column"))
    return False
