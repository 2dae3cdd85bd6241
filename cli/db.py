"""``madoguchi db upgrade``, ``grant-terminal``, ``encrypt``: schema, terminals' role, storage."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.db.engine import is_sqlite
from cli.common import CliError, container, settings

if TYPE_CHECKING:
    from cli.common import Subparsers


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from app.db.migrate import upgrade  # alembic is only loaded when migrating
    from app.db.roles import grant_terminal, terminal_roles

    with container(args, create=True) as box:
        upgrade(box.engine)
        regranted: list[str] = []
        if not is_sqlite(box.engine):
            # New tables reach the terminals' roles with exactly their privileges.
            with box.engine.begin() as connection:
                regranted = terminal_roles(connection)
                for role in regranted:
                    grant_terminal(connection, role)
    print("schema is up to date")
    if regranted:
        print(f"terminal privileges renewed for: {', '.join(regranted)}")
    return 0


def _cmd_grant_terminal(args: argparse.Namespace) -> int:
    from app.db.roles import RoleNameRefused, grant_terminal

    with container(args) as box:
        if is_sqlite(box.engine):
            raise CliError("db grant-terminal: an SQLite register has no roles (PostgreSQL only)")
        try:
            with box.engine.begin() as connection:
                grant_terminal(connection, args.role)
        except RoleNameRefused:
            raise CliError(
                "db grant-terminal: the role must be a plain lower-case name "
                "(letters, digits, underscore)"
            ) from None
    print(
        f"{args.role}: terminal privileges granted (no UPDATE/DELETE on the log, ledger, history)"
    )
    return 0


def _cmd_encrypt(args: argparse.Namespace) -> int:
    from app import bootstrap
    from app.db import cipher
    from app.db.engine import sqlite_file
    from app.secret_store import REGISTER_KEY, new_key

    config = settings(args)
    path = sqlite_file(config.db_url)
    if path is None:
        raise CliError("db encrypt: only an SQLite register is encrypted by the terminal")
    if not cipher.is_plain_sqlite(path):
        raise CliError(f"db encrypt: {path} is not a register in clear (already encrypted?)")
    secrets = bootstrap.build_secret_store(config)
    if secrets.get(REGISTER_KEY):
        raise CliError(
            "db encrypt: this terminal already holds a register key; refusing to replace it"
        )
    key = new_key()
    # The key is stored first: a crash after the conversion must not leave a file nobody can open.
    secrets.set(REGISTER_KEY, key)
    cipher.encrypt_file(path, bytes.fromhex(key))
    print(f"{path}: encrypted (SQLCipher, key in this terminal's keyring)")
    return 0


def register(sub: Subparsers) -> None:
    """Add ``db upgrade``, ``db grant-terminal ROLE`` and ``db encrypt``."""
    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_cmd", required=True)
    db.add_parser("upgrade", help="create or migrate the schema").set_defaults(handler=_cmd_upgrade)
    grant = db.add_parser(
        "grant-terminal",
        help="give a PostgreSQL login role the counter terminals' privileges (run as the owner)",
    )
    grant.add_argument("role", help="an existing role the terminals connect with")
    grant.set_defaults(handler=_cmd_grant_terminal)
    db.add_parser(
        "encrypt", help="encrypt a register stored in clear (SQLite; the key goes to the keyring)"
    ).set_defaults(handler=_cmd_encrypt)
