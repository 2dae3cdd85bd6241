"""What a database driver's error means for the operator, in one place.

SQLite and psycopg report an outage, a full disk, read-only storage and a damaged file with
their own codes; :func:`classify` turns those into the typed errors of
:mod:`app.domain.errors`, whose one-line texts say what to do. The driver's own text is
never passed on: it may quote a statement, and statements carry personal data.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

from app.domain.errors import (
    DomainError,
    RegisterNotSetUp,
    StorageCannotOpen,
    StorageDamaged,
    StorageFull,
    StorageLoginRefused,
    StorageReadOnly,
    StorageUnavailable,
    StorageUnreachable,
)

# SQLite's primary result codes (the low byte of an extended code), sqlite.org/rescode.html.
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
_SQLITE_BY_CODE: dict[int, type[StorageUnavailable]] = {
    _SQLITE_READONLY: StorageReadOnly,
    _SQLITE_CORRUPT: StorageDamaged,
    _SQLITE_FULL: StorageFull,
    _SQLITE_CANTOPEN: StorageCannotOpen,
    _SQLITE_NOTADB: StorageDamaged,
}
# When a build of sqlite3 gives no code, its stable English texts say the same.
_SQLITE_BY_TEXT: tuple[tuple[str, type[StorageUnavailable]], ...] = (
    ("database or disk is full", StorageFull),
    ("attempt to write a readonly database", StorageReadOnly),
    ("file is not a database", StorageDamaged),
    ("database disk image is malformed", StorageDamaged),
    ("unable to open database file", StorageCannotOpen),
)
# SQLite's answer to a query on a file that has no register schema yet.
_SQLITE_NO_SCHEMA = ("no such table", "no such column")

# PostgreSQL SQLSTATEs (postgresql.org/docs/current/errcodes-appendix.html).
_PG_BY_SQLSTATE: dict[str, type[StorageUnavailable]] = {
    "53100": StorageFull,  # disk_full
    "25006": StorageReadOnly,  # read_only_sql_transaction (a standby, or set read-only)
    "28000": StorageLoginRefused,  # invalid_authorization_specification
    "28P01": StorageLoginRefused,  # invalid_password
    "3D000": StorageLoginRefused,  # invalid_catalog_name: the database does not exist
    "57P01": StorageUnreachable,  # admin_shutdown
    "57P02": StorageUnreachable,  # crash_shutdown
    "57P03": StorageUnreachable,  # cannot_connect_now (starting up)
}
_PG_CONNECTION_CLASS = "08"  # connection_exception and its subclasses


def classify(error: BaseException | None) -> DomainError | None:
    """The typed error ``error`` stands for, or None when it is not a storage problem we know.

    ``error`` may be SQLAlchemy's wrapper (:class:`~sqlalchemy.exc.DBAPIError`), the
    driver's exception itself, or a plain :class:`StorageUnavailable` raised from one (the
    unit of work hides the driver error behind it; its ``__context__`` still tells which).
    """
    if error is None:
        return None
    if type(error) is StorageUnavailable:
        return classify(error.__context__) or error
    if isinstance(error, DomainError):
        return error
    if isinstance(error, DBAPIError):
        found = _from_driver(error.orig)
        if found is None and error.connection_invalidated:
            return StorageUnreachable()
        return found
    return _from_driver(error)


def _from_driver(orig: BaseException | None) -> DomainError | None:
    module = type(orig).__module__
    # SQLCipher's driver (an encrypted register) raises sqlite3's errors under its own name.
    if isinstance(orig, sqlite3.Error) or module.startswith("sqlcipher3"):
        return _from_sqlite(orig)
    if module.startswith("psycopg"):
        return _from_psycopg(orig)
    return None


def _from_sqlite(orig: BaseException | None) -> DomainError | None:
    text = str(orig)
    if text.startswith(_SQLITE_NO_SCHEMA):
        return RegisterNotSetUp()
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_BY_CODE:
        return _SQLITE_BY_CODE[code & 0xFF]()
    for start, kind in _SQLITE_BY_TEXT:
        if text.startswith(start):
            return kind()
    return None


def _from_psycopg(orig: BaseException | None) -> DomainError | None:
    # Read by duck typing: importing psycopg here would load libpq on SQLite terminals too.
    state = getattr(orig, "sqlstate", None) or ""
    if state in _PG_BY_SQLSTATE:
        return _PG_BY_SQLSTATE[state]()
    if state.startswith(_PG_CONNECTION_CLASS):
        return StorageUnreachable()
    operational = any(kind.__name__ == "OperationalError" for kind in type(orig).__mro__)
    if not state and operational:
        # libpq gives no SQLSTATE for a failed connection. When the server answered, its
        # refusal (wrong password, unknown database, too many connections) is a FATAL
        # report; otherwise it never answered (refused, no route, unknown host, timed out).
        if "FATAL:" in str(orig):
            return StorageLoginRefused()
        return StorageUnreachable()
    return None
