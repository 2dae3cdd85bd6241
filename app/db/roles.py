"""Least privilege on a shared PostgreSQL register: what a terminal's role may do.

The role that runs the migrations owns every table, trigger and function. Counter terminals
connect with a role that does not own them, so it can neither drop the database's rules
(migration 0006) nor change the tables' shape, and it holds only the privileges its work
needs: read everything, add rows, update the tables whose rows change in the register's
work, delete nothing but a role's list of rights while an administrator redefines it; what
the law says to delete goes through ``madoguchi_purge`` (migration 0007) alone. The
operation log, the rights ledger and the 住民票 history take no UPDATE, DELETE or TRUNCATE
from it: the privileges refuse first, the triggers also refuse the owner.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

import app.db.models  # noqa: F401  (fills Base.metadata: every table is named below)
from app.db.base import Base

APPEND_ONLY = frozenset({"operation_log", "rights_ledger", "resident_history"})
"""Tables a terminal may read and add to, never change."""

DELETABLE = frozenset({"role_rights"})
"""Tables a terminal deletes rows from: a redefined role replaces its list of rights."""

READ_ONLY = frozenset({"purge_records"})
"""Tables only the retention path (``madoguchi_purge``, the owner's) writes."""

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class RoleNameRefused(ValueError):
    """Not a plain lower-case PostgreSQL role name (it is put into GRANT statements)."""


def _quoted(role: str) -> str:
    if not _ROLE_NAME.fullmatch(role):
        raise RoleNameRefused(role)
    return f'"{role}"'


def terminal_privileges(table: str) -> tuple[str, ...]:
    """The privileges a terminal's role holds on ``table``."""
    if table in READ_ONLY:
        return ("SELECT",)
    if table in APPEND_ONLY:
        return ("SELECT", "INSERT")
    if table in DELETABLE:
        return ("SELECT", "INSERT", "UPDATE", "DELETE")
    return ("SELECT", "INSERT", "UPDATE")


def grant_terminal(connection: Connection, role: str) -> None:
    """Give ``role`` exactly the terminal's privileges on the register's current schema.

    Idempotent: everything is revoked first, then granted, so a table that moved to the
    append-only set loses its old privileges. Run by the owner after every migration
    (``madoguchi db upgrade`` does it for every role that already holds them).
    """
    name = _quoted(role)
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {name}'))
    tables = [*sorted(Base.metadata.tables), "alembic_version"]
    for table in tables:
        connection.execute(text(f'REVOKE ALL ON "{table}" FROM {name}'))
        privileges = ("SELECT",) if table == "alembic_version" else terminal_privileges(table)
        connection.execute(text(f'GRANT {", ".join(privileges)} ON "{table}" TO {name}'))
    connection.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {name}'))


def terminal_roles(connection: Connection) -> list[str]:
    """Roles that hold a terminal's grant here (they may read the log and are not its owner)."""
    rows = connection.execute(
        text(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
            "WHERE table_schema = current_schema() AND table_name = 'operation_log' "
            "AND privilege_type = 'SELECT' AND grantee <> current_user "
            "AND grantee NOT IN (SELECT tableowner FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'operation_log')"
        )
    )
    return sorted(str(row[0]) for row in rows if _ROLE_NAME.fullmatch(str(row[0])))
