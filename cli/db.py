"""``madoguchi db upgrade``: create or migrate the database schema."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.common import container

if TYPE_CHECKING:
    from cli.common import Subparsers


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from app.db.migrate import upgrade  # alembic is only loaded when migrating

    with container(args, create=True) as box:
        upgrade(box.engine)
    print("schema is up to date")
    return 0


def register(sub: Subparsers) -> None:
    """Add ``db upgrade``."""
    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_cmd", required=True)
    db.add_parser("upgrade", help="create or migrate the schema").set_defaults(handler=_cmd_upgrade)
