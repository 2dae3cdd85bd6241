"""``madoguchi operator ...`` and ``madoguchi terminal ...``: rights administration on the CLI.

Every command that changes rights names the administrator with ``--by``; the access guard
checks that this operator holds the rights administration right today, and the change is
written to the rights ledger and the operation log exactly as from the GUI. Only the very
first administrator may be added without ``--by`` (the installer's bootstrap). The ledger
export (CSV or JSON) is for audits; there is no command that edits or deletes ledger rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TextIO

from sqlalchemy.exc import OperationalError, ProgrammingError

from app import bootstrap
from app.clock import JST
from app.config import Settings
from app.domain.errors import DomainError
from app.domain.rights import OperatorSession, Right, parse_rights
from app.services.operators import BOOTSTRAP_ADMIN, LEDGER_COLUMNS, console_session

EXIT_REFUSED = 2


class OperatorCliError(DomainError):
    """A refusal or invalid input on the operator command line (exit code 2)."""

    def __init__(self, reason: str) -> None:
        super().__init__("operator", reason)


def _container(args: argparse.Namespace) -> bootstrap.Container:
    return bootstrap.build(Settings.from_env(getattr(args, "db", None)))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("dates are YYYY-MM-DD") from None


def _actor(container: bootstrap.Container, args: argparse.Namespace) -> OperatorSession:
    by = getattr(args, "by", None)
    if by:
        return console_session(by, container.settings.terminal_id)
    if container.operators.has_administrator():
        raise OperatorCliError("--by ADMIN is required (an administrator exists)")
    return console_session(BOOTSTRAP_ADMIN, container.settings.terminal_id)


def _read_password(stream: TextIO) -> str:
    password = stream.readline().rstrip("\r\n")
    if not password:
        raise OperatorCliError("no password on stdin")
    return password


def _run(args: argparse.Namespace, work: Callable[[bootstrap.Container], int]) -> int:
    container = _container(args)
    try:
        return work(container)
    except (OperationalError, ProgrammingError):
        print(
            "madoguchi: the database has no operator tables: run `madoguchi db upgrade`",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    finally:
        container.close()


# ---------------------------------------------------------------- operator commands
def _cmd_add(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        password = _read_password(sys.stdin) if args.password_stdin else None
        if args.allow_password and password is None:
            raise OperatorCliError("--allow-password needs --password-stdin")
        container.operators.add_operator(
            _actor(container, args),
            args.operator_id,
            args.name,
            role=args.role,
            valid_from=args.valid_from,
            valid_until=args.valid_until,
            contractor=args.contractor,
            password=password,
            allow_password=args.allow_password,
        )
        print(f"operator {args.operator_id} registered")
        return 0

    return _run(args, work)


def _cmd_grant(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        rights = parse_rights(args.right or [])
        container.operators.grant(
            _actor(container, args),
            args.operator_id,
            rights=rights,
            role=args.role,
            valid_from=args.valid_from,
            valid_until=args.valid_until,
            reason=args.reason or "",
        )
        print(f"granted to {args.operator_id}")
        return 0

    return _run(args, work)


def _cmd_revoke(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        actor = _actor(container, args)
        if args.right:
            container.operators.revoke_right(
                actor, args.operator_id, Right(args.right), reason=args.reason
            )
            print(f"right {args.right} of {args.operator_id} revoked")
        else:
            container.operators.revoke_operator(actor, args.operator_id, reason=args.reason)
            print(f"operator {args.operator_id} revoked")
        return 0

    return _run(args, work)


def _cmd_password(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        actor = _actor(container, args)
        if args.password_stdin:
            container.operators.set_password(
                actor, args.operator_id, _read_password(sys.stdin), allow=not args.disallow
            )
        else:
            container.operators.allow_password(actor, args.operator_id, not args.disallow)
        state = "disabled" if args.disallow else "enabled"
        print(f"password fallback for {args.operator_id} {state}")
        return 0

    return _run(args, work)


def _cmd_unlock(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        container.operators.unlock(_actor(container, args), args.operator_id)
        print(f"operator {args.operator_id} unlocked")
        return 0

    return _run(args, work)


def _cmd_list(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        operators = container.operators.list_operators()
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "operator_id": o.operator_id,
                            "name": o.name,
                            "contractor": o.is_contractor,
                            "password_allowed": o.password_allowed,
                            "fingers": list(o.fingers),
                            "revoked_at": o.revoked_at,
                            "revoke_reason": o.revoke_reason,
                            "locked_until": o.locked_until,
                            "rights_now": sorted(r.value for r in o.rights_now),
                            "grants": [
                                {
                                    "right": g.right.value,
                                    "role": g.role_name,
                                    "valid_from": g.valid_from.isoformat(),
                                    "valid_until": g.valid_until.isoformat(),
                                    "revoked": g.revoked,
                                }
                                for g in o.grants
                            ],
                        }
                        for o in operators
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return 0
        for o in operators:
            state = "revoked" if o.revoked_at else ("locked" if o.locked_until else "active")
            rights = ",".join(sorted(r.value for r in o.rights_now)) or "-"
            kind = " contractor" if o.is_contractor else ""
            print(f"{o.operator_id}\t{o.name}\t{state}{kind}\t{rights}")
        return 0

    return _run(args, work)


def _cmd_roles(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        roles = container.operators.roles()
        if args.json:
            data = {name: sorted(r.value for r in rights) for name, rights in roles.items()}
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for name, rights in roles.items():
                print(f"{name}\t{','.join(sorted(r.value for r in rights))}")
        return 0

    return _run(args, work)


def _cmd_ledger(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        since = dt.datetime.combine(args.since, dt.time(), JST) if args.since else None
        until = (
            dt.datetime.combine(args.until + dt.timedelta(days=1), dt.time(), JST)
            if args.until
            else None
        )
        rows = container.operators.ledger(since=since, until=until)
        out = sys.stdout
        if args.json:
            json.dump([r.as_dict() for r in rows], out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            writer = csv.DictWriter(out, fieldnames=LEDGER_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                record = row.as_dict()
                record["rights"] = ",".join(row.rights)
                writer.writerow(record)
        actor = console_session(args.by or "(console)", container.settings.terminal_id)
        container.operators.record_export(actor, len(rows), "json" if args.json else "csv")
        return 0

    return _run(args, work)


# ---------------------------------------------------------------- terminal commands
def _cmd_terminal_add(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        container.operators.register_terminal(
            _actor(container, args), args.terminal_id, name=args.name, location=args.location
        )
        print(f"terminal {args.terminal_id} registered")
        return 0

    return _run(args, work)


def _cmd_terminal_list(args: argparse.Namespace) -> int:
    def work(container: bootstrap.Container) -> int:
        terminals = container.operators.terminals()
        if args.json:
            keys = ("terminal_id", "name", "location", "active")
            print(json.dumps([dict(zip(keys, t, strict=True)) for t in terminals]))
        else:
            for tid, name, location, active in terminals:
                print(f"{tid}\t{name}\t{location}\t{'active' if active else 'inactive'}")
        return 0

    return _run(args, work)


# ---------------------------------------------------------------- parser
def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``operator`` and ``terminal`` command groups to the main parser."""
    rights_help = "one of: " + ", ".join(r.value for r in Right)
    operator = sub.add_parser("operator", help="operators, rights and the rights ledger")
    ops = operator.add_subparsers(dest="operator_cmd", required=True)

    add = ops.add_parser("add", help="register an operator under a personal ID")
    add.add_argument("operator_id", metavar="ID")
    add.add_argument("--name", required=True)
    add.add_argument("--role", help="grant this role's rights (see `operator roles`)")
    add.add_argument(
        "--from", dest="valid_from", type=_date, help="grant valid from (default today)"
    )
    add.add_argument("--until", dest="valid_until", type=_date, help="grant valid until")
    add.add_argument("--password-stdin", action="store_true", help="read a password from stdin")
    add.add_argument("--allow-password", action="store_true", help="enable the password fallback")
    add.add_argument("--contractor", action="store_true", help="contractor staff (委託業者)")
    add.add_argument("--by", help="the administrator (omit only for the first administrator)")
    add.set_defaults(handler=_cmd_add)

    grant = ops.add_parser("grant", help="grant rights for a validity period")
    grant.add_argument("operator_id", metavar="ID")
    grant.add_argument("--right", action="append", help=rights_help + " (repeatable)")
    grant.add_argument("--role", help="grant every right of this role")
    grant.add_argument("--from", dest="valid_from", type=_date, required=True)
    grant.add_argument("--until", dest="valid_until", type=_date, required=True)
    grant.add_argument("--reason", default="")
    grant.add_argument("--by", required=True)
    grant.set_defaults(handler=_cmd_grant)

    revoke = ops.add_parser("revoke", help="revoke an operator (or one right) at once")
    revoke.add_argument("operator_id", metavar="ID")
    revoke.add_argument("--reason", required=True, help="e.g. 退職, 異動, その他: ...")
    revoke.add_argument("--right", choices=[r.value for r in Right], help="only this right")
    revoke.add_argument("--by", required=True)
    revoke.set_defaults(handler=_cmd_revoke)

    password = ops.add_parser("password", help="set or enable/disable the password fallback")
    password.add_argument("operator_id", metavar="ID")
    password.add_argument("--password-stdin", action="store_true")
    password.add_argument("--disallow", action="store_true", help="disable the fallback")
    password.add_argument("--by", required=True)
    password.set_defaults(handler=_cmd_password)

    unlock = ops.add_parser("unlock", help="lift a lockout after failed logins")
    unlock.add_argument("operator_id", metavar="ID")
    unlock.add_argument("--by", required=True)
    unlock.set_defaults(handler=_cmd_unlock)

    listing = ops.add_parser("list", help="list operators and their rights today")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_cmd_list)

    roles = ops.add_parser("roles", help="list the roles and their rights")
    roles.add_argument("--json", action="store_true")
    roles.set_defaults(handler=_cmd_roles)

    ledger = ops.add_parser("ledger", help="export the rights ledger (CSV, or JSON) for audits")
    ledger.add_argument("--json", action="store_true", help="JSON instead of CSV")
    ledger.add_argument("--from", dest="since", type=_date, help="first day (JST)")
    ledger.add_argument("--to", dest="until", type=_date, help="last day (JST), inclusive")
    ledger.add_argument("--by", help="who exports (written to the operation log)")
    ledger.set_defaults(handler=_cmd_ledger)

    terminal = sub.add_parser("terminal", help="registered terminals (操作端末ID)")
    terms = terminal.add_subparsers(dest="terminal_cmd", required=True)
    tadd = terms.add_parser("add", help="register a terminal ID")
    tadd.add_argument("terminal_id", metavar="ID")
    tadd.add_argument("--name", default="")
    tadd.add_argument("--location", default="")
    tadd.add_argument("--by", help="the administrator (omit only before the first one exists)")
    tadd.set_defaults(handler=_cmd_terminal_add)
    tlist = terms.add_parser("list", help="list registered terminals")
    tlist.add_argument("--json", action="store_true")
    tlist.set_defaults(handler=_cmd_terminal_list)
