"""Alembic environment: migrates the connection handed over by :mod:`app.db.migrate`.

There is no alembic.ini and no URL here: the caller passes an open SQLAlchemy connection
in ``config.attributes["connection"]``, so the same code migrates SQLite and PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.db.base import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run the migrations on ``connection``; SQLite needs batch mode to alter tables."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Entry point run by alembic for every command."""
    if context.is_offline_mode():
        raise RuntimeError("offline (SQL script) migrations are not supported; use app.db.migrate")
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("app.db.migrate must pass a connection in config.attributes")
    run_migrations(connection)


main()
