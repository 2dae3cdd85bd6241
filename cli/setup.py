"""``madoguchi setup``: a new register's terminal and first administrator, in one step.

The schema is created when the register has none. The administrator's password is the first
line of stdin (asked twice, without echo, at a terminal); it is checked against the password
rule before anything is created. A register that has operators or terminals is refused; one
with an administrator but no terminal is told how to add the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from app.domain.errors import DomainError
from app.services.operators import check_id, password_problem
from app.services.setup import RegisterNotNew
from cli.common import CliError, container, settings, stdin_line

if TYPE_CHECKING:
    from cli.common import Subparsers


def _refused(reason: str) -> CliError:
    return CliError(f"setup: {reason}")


def _password() -> str:
    """The administrator's password: typed twice at a terminal, else stdin's first line."""
    if sys.stdin.isatty():
        first = getpass.getpass("password of the first administrator: ")
        if first != getpass.getpass("the same password again: "):
            raise _refused("the two passwords differ")
        return first
    password = stdin_line()
    if not password:
        raise _refused("no password on stdin (the first line is the administrator's password)")
    return password


def _cmd_setup(args: argparse.Namespace) -> int:
    from app.db.migrate import current_revision, upgrade  # alembic only when needed

    terminal_id = args.terminal_id or settings(args).terminal_id
    password = _password()
    try:  # before a file or a schema is created for a set-up that cannot succeed
        admin_id = check_id("operator_id", args.admin_id)
        check_id("terminal_id", terminal_id)
    except DomainError as error:
        raise _refused(str(error)) from None
    problem = password_problem(password, admin_id)
    if problem is not None:
        raise _refused(f"password: {problem}")
    with container(args, create=True) as box:
        if current_revision(box.engine) is None:
            upgrade(box.engine)  # a new register: create the schema
        elif not box.schema_is_current():
            raise _refused("the schema is not current: run `madoguchi db upgrade` first")
        try:
            done = box.setup.set_up(
                terminal_id,
                admin_id,
                args.admin_name,
                password,
                terminal_name=args.terminal_name,
                location=args.location,
            )
        except RegisterNotNew:
            if box.setup.has_terminal():
                raise _refused(
                    "the register is already set up: log in as a rights administrator "
                    "(`--by ADMIN --password-stdin`)"
                ) from None
            raise _refused(
                "the register has operators but no terminal: register this one with "
                "`madoguchi terminal add ID --by ADMIN --password-stdin`"
            ) from None
    print(
        f"set up: terminal {done.terminal_id} and rights administrator {done.admin_id} "
        f"({done.role}, password login)"
    )
    print(
        f"next: log in as {done.admin_id} (`madoguchi gui`, or `--by {done.admin_id} "
        "--password-stdin`) and register the staff with `madoguchi operator add`"
    )
    return 0


def register(sub: Subparsers) -> None:
    """Add ``setup``."""
    setup = sub.add_parser(
        "setup",
        help="set up a new register: this terminal and the first administrator",
        description="Register this terminal and the first rights administrator (role "
        "権限管理者, password login, valid from today) in one transaction, on a register with "
        "no terminal and no operator; the schema is created if there is none. The password "
        "is read from the first line of stdin (asked twice at a terminal).",
    )
    setup.add_argument(
        "--terminal-id", help="this terminal's 操作端末ID (default: MADOGUCHI_TERMINAL)"
    )
    setup.add_argument("--terminal-name", default="", help="e.g. 市民課窓口1")
    setup.add_argument("--location", default="", help="where the terminal stands")
    setup.add_argument("--admin-id", required=True, help="the first administrator's personal ID")
    setup.add_argument("--admin-name", required=True, help="the first administrator's name")
    setup.set_defaults(handler=_cmd_setup)
