"""Engine creation for SQLite (embedded default, WAL) and PostgreSQL (by URL)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from app.db import cipher


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{path}"


def normalise_url(url: str) -> str:
    """Map plain ``postgresql://`` URLs to the psycopg 3 driver the project installs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def sqlite_file(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if parsed.query.get("mode") == "memory":
        return None
    if database.startswith("file:") and parsed.query.get("uri") == "true":
        # A URI filename (file:PATH?mode=ro): the file is the path before any parameter.
        database = database.removeprefix("file:").split("?", 1)[0]
        if database.startswith("//"):  # file://host/path is not a local register
            return None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def owner_only(path: Path) -> None:
    """Create the register file (and its folder) readable by its owner only, whatever the umask.

    SQLite gives its ``-wal``, ``-shm`` and journal files the main file's mode, so creating
    the file first with 0600 covers them too. A folder this creates is 0700; an existing
    folder is left alone (it may be a shared one such as /tmp); an existing file is narrowed
    where its owner may (read-only media and another owner's file are left as they are, and
    opening them says what is wrong).
    """
    folder = path.parent
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for created in missing:
        created.chmod(0o700)
    if not path.exists():
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    companions = [path.with_name(path.name + side) for side in ("-wal", "-shm", "-journal")]
    for file in (path, *companions):
        with contextlib.suppress(OSError):
            if file.exists() and file.stat().st_mode & 0o077:
                file.chmod(0o600)


def make_engine(url: str, *, echo: bool = False, key: bytes | None = None) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection.

    With ``key`` an SQLite file is opened as an SQLCipher register keyed with it
    (app/db/cipher.py); PostgreSQL ignores it (its storage is the server's).
    """
    url = normalise_url(url)
    parsed = make_url(url)
    # hide_parameters: a driver error's text never quotes the values of a statement, which
    # are personal data (names, 個人番号) in this database.
    kwargs: dict[str, Any] = {"echo": echo, "future": True, "hide_parameters": True}
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        kwargs["connect_args"] = {"timeout": 30}
        path = sqlite_file(url)
        if path is not None:
            owner_only(path)
        if key is not None:
            kwargs["module"] = cipher.dbapi()
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if sqlite:
        if key is not None:
            event.listen(engine, "connect", lambda conn, _record: cipher.unlock(conn, key))
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the GUI read while a write is in progress; NORMAL is durable across
        # application crashes (the register's transactions are short and explicit).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
    finally:
        cursor.close()


def is_sqlite(engine: Engine) -> bool:
    """True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"
