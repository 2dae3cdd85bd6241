"""Unit of work: one database session per staff action, committed or rolled back as a whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import StorageUnavailable


class UnitOfWork:
    """Opens a session per ``with`` block; commits on success, rolls back on any exception.

    Services never keep a session beyond one staff action and never share one across
    threads, so a failure in the middle leaves nothing half-written.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A session inside one transaction."""
        session = self._factory()
        try:
            with session.begin():
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
