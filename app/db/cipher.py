"""SQLCipher for the register on SQLite: the adapter of ``sqlcipher3`` (encryption at rest).

A register that is not the training one is an SQLCipher file keyed with a raw 256-bit key
from the OS keyring (``PRAGMA key = "x'…'"``): a raw key skips SQLCipher's passphrase key
derivation, which costs tens of milliseconds on every new connection. The key never lies
beside the file. ``sqlcipher3`` is imported only when an encrypted register is opened.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

from app.domain.errors import UnsafeConfiguration

SQLITE_HEADER = b"SQLite format 3\x00"
TRAINING_APPLICATION_ID = 0x4D444754  # "MDGT": SQLite's header field 68..71 of a training register
_APPLICATION_ID_AT = 68


class RegisterKeyMissing(UnsafeConfiguration):
    """An encrypted register, but this terminal's keyring holds no key for it."""

    def __init__(self) -> None:
        super().__init__(
            "台帳を開けません。この端末に台帳の鍵がないか、ファイルが台帳ではありません "
            "(no register key in this terminal's keyring, or the file is not a register)"
        )


class RegisterNotEncrypted(UnsafeConfiguration):
    """A register that is not the training one, stored in clear."""

    def __init__(self) -> None:
        super().__init__(
            "台帳が暗号化されていません。`madoguchi db encrypt` を実行してください "
            "(the register is stored in clear: run `madoguchi db encrypt`; the training "
            "register is opened with --demo)"
        )


def dbapi() -> ModuleType:
    """The SQLCipher DB-API module (same interface as ``sqlite3``)."""
    import sqlcipher3.dbapi2

    module: ModuleType = sqlcipher3.dbapi2
    return module


def key_pragma(key: bytes) -> str:
    """The statement that unlocks a connection; it must be the connection's first."""
    if len(key) != 32:
        raise ValueError("the register key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


CACHE_KIB = 65536
"""SQLite's page cache per encrypted connection, in KiB. Every page read from the OS cache
is decrypted and its HMAC checked again, so the hot pages of the search indexes are kept
decrypted here rather than in SQLite's default 2 MiB (measured in docs/SECURITY.md)."""


def unlock(dbapi_connection: Any, key: bytes) -> None:
    """Key a fresh connection (before any other statement touches the file)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(key_pragma(key))
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    finally:
        cursor.close()


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (its header is readable); False for none or empty."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def is_training_file(path: Path) -> bool:
    """True for a training register in clear (marked by :func:`mark_training`)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_APPLICATION_ID_AT + 4)
    except FileNotFoundError:
        return False
    if not header.startswith(SQLITE_HEADER) or len(header) < _APPLICATION_ID_AT + 4:
        return False
    return int.from_bytes(header[_APPLICATION_ID_AT:], "big") == TRAINING_APPLICATION_ID


def mark_training(connection: Any) -> None:
    """Mark the file as a training register (its header says so; commands then open it in
    clear without ``--demo``). ``connection`` is a DB-API or SQLAlchemy connection."""
    connection.exec_driver_sql(f"PRAGMA application_id = {TRAINING_APPLICATION_ID}")


def encrypt_file(path: Path, key: bytes) -> None:
    """Turn the plain SQLite file ``path`` into an SQLCipher file keyed with ``key``.

    The encrypted copy is written beside it, checked, synced and renamed over the original,
    so a failure at any point leaves the plain register as it was. The plain copy's WAL is
    folded in first; nothing of the plain file remains under its name afterwards.
    """
    module = dbapi()
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    connection = module.connect(str(path))
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    check = module.connect(str(target))
    try:
        check.execute(key_pragma(key))
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RuntimeError("the encrypted copy did not pass the integrity check")
    finally:
        check.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    target.chmod(0o600)
    target.replace(path)
    for side in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + side).unlink(missing_ok=True)
