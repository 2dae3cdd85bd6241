"""Unit of work: one database session per staff action, committed or rolled back as a whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


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
        finally:
            session.close()

    __call__ = begin
