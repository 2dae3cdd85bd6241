"""``madoguchi operator ...`` and ``madoguchi terminal ...``: rights administration on the CLI.

Every command that changes something, and the listing and the ledger export, act for an
operator named with ``--by`` who must authenticate through the same login service as the
window (``--password-stdin``, or ``--finger`` on a terminal with a fingerprint sensor): the
terminal must be registered, lockout, revocation, validity and the password-fallback switch
apply, and the login and logout are logged. The access guard then checks the right the
command needs, and each change is written to the rights ledger and the operation log exactly
as from the GUI. Only before the first rights administrator was ever registered may the
first terminal and that administrator be added without ``--by`` (the installer's bootstrap,
recorded as ``(bootstrap)``); ``madoguchi setup`` does both in one step. While no terminal
is registered, ``terminal add --by ADMIN --password-stdin`` checks the administrator's password
without the terminal check (a login needs a registered terminal), and every other ``--by``
command says how to get one. There is no command that edits or deletes ledger rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError, ProgrammingError

from app import bootstrap
from app.clock import JST
from app.domain.rights import OperatorSession, Right, parse_rights
from app.services.operators import (
    BOOTSTRAP_ADMIN,
    LEDGER_COLUMNS,
    AdminCoverage,
    OperatorView,
    console_session,
)
from cli.common import CliError, container, print_json, signed_in, stdin_line

if TYPE_CHECKING:
    from cli.common import Subparsers


NO_TERMINAL = (
    "no terminal is registered: on a new register run `madoguchi setup`; with an "
    "administrator already registered, `madoguchi terminal add ID --by ADMIN --password-stdin`"
)


def _refused(reason: str) -> CliError:
    """A refusal of the operator command line (printed as ``madoguchi: operator: ...``)."""
    return CliError(f"operator: {reason}")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("dates are YYYY-MM-DD") from None


def _password(what: str) -> str:
    """The next stdin line; refused when it is missing or empty."""
    password = stdin_line()
    if not password:
        raise _refused(f"no {what} on stdin")
    return password


def _act(
    box: bootstrap.Container,
    args: argparse.Namespace,
    work: Callable[[OperatorSession, str | None], int],
    *,
    bootstrap_ok: bool = False,
) -> int:
    """Run ``work(actor, new_password)`` as the authenticated ``--by`` operator.

    Both stdin lines are read first, in a fixed order: the acting operator's password
    (``--password-stdin``), then the target operator's new one (``--new-password-stdin``).
    Without ``--by`` the work runs as ``(bootstrap)``, but only when ``bootstrap_ok`` and no
    rights administrator was ever registered. The command-line session is logged out after.
    """
    if args.password_stdin and args.finger:
        raise _refused("--password-stdin and --finger exclude each other")
    acting = _password("password of --by") if args.password_stdin else None
    new_password = None
    if getattr(args, "new_password_stdin", False):
        new_password = _password("new password (the line after the --by password)")
    if not args.by:
        if acting is not None or args.finger:
            raise _refused(
                "--password-stdin and --finger authenticate --by ADMIN; "
                "the new operator's password comes with --new-password-stdin"
            )
        if not (bootstrap_ok and box.operators.bootstrap_open()):
            if not box.setup.has_terminal():
                raise _refused(NO_TERMINAL)
            raise _refused("--by ADMIN with --password-stdin is required")
        print(
            "madoguchi: bootstrap: no administrator was ever registered; "
            f"this action is recorded as {BOOTSTRAP_ADMIN}",
            file=sys.stderr,
        )
        return work(console_session(BOOTSTRAP_ADMIN, box.settings.terminal_id), new_password)
    if acting is None and not args.finger:
        raise _refused("--by needs --password-stdin (or --finger on a fingerprint terminal)")
    if not box.setup.has_terminal():  # a login would be refused for the unknown terminal
        raise _refused(NO_TERMINAL)
    with signed_in(box, args.by, password=acting, finger=args.finger) as session:
        return work(session, new_password)


def _run(args: argparse.Namespace, work: Callable[[bootstrap.Container], int]) -> int:
    """Run ``work`` with the container; a database without the operator tables is refused."""
    with container(args) as box:
        try:
            return work(box)
        except (OperationalError, ProgrammingError):
            raise CliError(
                "the database has no operator tables: run `madoguchi db upgrade`"
            ) from None


# ---------------------------------------------------------------- operator commands
def _cmd_add(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        if args.allow_password and not args.new_password_stdin:
            raise _refused("--allow-password needs --new-password-stdin")
        # Before the first administrator only that administrator may be added unauthenticated.
        role_rights = box.operators.roles().get(args.role or "", frozenset())
        first_admin = Right.RIGHTS_ADMIN in role_rights
        if first_admin and not args.by and box.operators.bootstrap_open():
            # Otherwise the bootstrap would close with an administrator nobody can log in as.
            if not box.setup.has_terminal():
                raise _refused(
                    "register a terminal first (`madoguchi terminal add ID`), "
                    "or both at once with `madoguchi setup`"
                )
            if not (args.new_password_stdin and args.allow_password):
                raise _refused(
                    "the first administrator needs --new-password-stdin --allow-password "
                    "(no finger can be enrolled before an administrator exists)"
                )

        def add(actor: OperatorSession, password: str | None) -> int:
            box.operators.add_operator(
                actor,
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

        return _act(box, args, add, bootstrap_ok=first_admin)

    return _run(args, work)


def _cmd_grant(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        rights = parse_rights(args.right or [])

        def grant(actor: OperatorSession, _: str | None) -> int:
            box.operators.grant(
                actor,
                args.operator_id,
                rights=rights,
                role=args.role,
                valid_from=args.valid_from,
                valid_until=args.valid_until,
                reason=args.reason or "",
            )
            print(f"granted to {args.operator_id}")
            return 0

        return _act(box, args, grant)

    return _run(args, work)


def _cmd_revoke(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        def revoke(actor: OperatorSession, _: str | None) -> int:
            if args.right:
                box.operators.revoke_right(
                    actor, args.operator_id, Right(args.right), reason=args.reason
                )
                print(f"right {args.right} of {args.operator_id} revoked")
            else:
                box.operators.revoke_operator(actor, args.operator_id, reason=args.reason)
                print(f"operator {args.operator_id} revoked")
            return 0

        return _act(box, args, revoke)

    return _run(args, work)


def _cmd_password(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        if args.allow and args.disallow:
            raise _refused("--allow and --disallow exclude each other")
        allow = True if args.allow else False if args.disallow else None
        if allow is None and not args.new_password_stdin:
            raise _refused("name --new-password-stdin, --allow or --disallow")

        def change(actor: OperatorSession, password: str | None) -> int:
            if password is not None:
                box.operators.set_password(actor, args.operator_id, password, allow=allow)
                print(f"password of {args.operator_id} set")
            else:
                assert allow is not None
                box.operators.allow_password(actor, args.operator_id, allow)
            if allow is not None:
                state = "enabled" if allow else "disabled"
                print(f"password fallback for {args.operator_id} {state}")
            return 0

        return _act(box, args, change)

    return _run(args, work)


def _cmd_unlock(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        def unlock(actor: OperatorSession, _: str | None) -> int:
            box.operators.unlock(actor, args.operator_id)
            print(f"operator {args.operator_id} unlocked")
            return 0

        return _act(box, args, unlock)

    return _run(args, work)


def _operator_json(o: OperatorView) -> dict[str, object]:
    return {
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


def _cmd_list(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        def listing(actor: OperatorSession, _: str | None) -> int:
            operators = box.operators.list_operators(actor)
            if args.json:
                print_json([_operator_json(o) for o in operators], indent=2)
                return 0
            for o in operators:
                state = "revoked" if o.revoked_at else ("locked" if o.locked_until else "active")
                rights = ",".join(sorted(r.value for r in o.rights_now)) or "-"
                kind = " contractor" if o.is_contractor else ""
                print(f"{o.operator_id}\t{o.name}\t{state}{kind}\t{rights}")
            coverage = box.operators.admin_coverage()
            if coverage.ends_soon:
                print(f"madoguchi: warning: {admin_warning(coverage)}", file=sys.stderr)
            return 0

        return _act(box, args, listing)

    return _run(args, work)


def admin_warning(coverage: AdminCoverage) -> str:
    """The warning when rights administration is about to end (or has ended)."""
    if not coverage.holders or coverage.last_day is None:
        return "no operator holds rights administration today"
    return (
        f"every rights administrator's grant ends by {coverage.last_day.isoformat()}: "
        "grant a successor (`operator grant ID --role 権限管理者 ...`) before then"
    )


def _cmd_roles(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        roles = box.operators.roles()
        if args.json:
            data = {name: sorted(r.value for r in rights) for name, rights in roles.items()}
            print_json(data, indent=2)
        else:
            for name, rights in roles.items():
                print(f"{name}\t{','.join(sorted(r.value for r in rights))}")
        return 0

    return _run(args, work)


def _cmd_ledger(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        since = dt.datetime.combine(args.since, dt.time(), JST) if args.since else None
        until = (
            dt.datetime.combine(args.until + dt.timedelta(days=1), dt.time(), JST)
            if args.until
            else None
        )

        def export(actor: OperatorSession, _: str | None) -> int:
            rows = box.operators.ledger(actor, since=since, until=until)
            if args.json:
                print_json([r.as_dict() for r in rows], indent=2)
            else:
                writer = csv.DictWriter(sys.stdout, fieldnames=LEDGER_COLUMNS, lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    record = row.as_dict()
                    record["rights"] = ",".join(row.rights)
                    writer.writerow(record)
            box.operators.record_export(actor, len(rows), "json" if args.json else "csv")
            return 0

        return _act(box, args, export)

    return _run(args, work)


# ---------------------------------------------------------------- terminal commands
def _cmd_terminal_add(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        if args.by and not box.setup.has_terminal():
            return _first_terminal(box, args)

        def add(actor: OperatorSession, _: str | None) -> int:
            box.operators.register_terminal(
                actor, args.terminal_id, name=args.name, location=args.location
            )
            print(f"terminal {args.terminal_id} registered")
            return 0

        # The first terminal comes before the first administrator (logins need a terminal).
        return _act(box, args, add, bootstrap_ok=True)

    return _run(args, work)


def _first_terminal(box: bootstrap.Container, args: argparse.Namespace) -> int:
    """The first terminal of a register that has an administrator: no login is possible yet,
    so the service checks the administrator's password itself (counted like a login)."""
    if not args.password_stdin:
        raise _refused("the first terminal needs --by ADMIN with --password-stdin")
    password = _password("password of --by")
    box.setup.add_first_terminal(
        args.by, password, args.terminal_id, name=args.name, location=args.location
    )
    print(f"terminal {args.terminal_id} registered")
    return 0


def _cmd_terminal_list(args: argparse.Namespace) -> int:
    def work(box: bootstrap.Container) -> int:
        terminals = box.operators.terminals()
        if args.json:
            keys = ("terminal_id", "name", "location", "active")
            print_json([dict(zip(keys, t, strict=True)) for t in terminals])
        else:
            for tid, name, location, active in terminals:
                print(f"{tid}\t{name}\t{location}\t{'active' if active else 'inactive'}")
        return 0

    return _run(args, work)


# ---------------------------------------------------------------- parser
_STDIN_HELP = (
    "Passwords come from stdin, one per line, in this order: first the --by operator's "
    "(--password-stdin), then the target operator's new one (--new-password-stdin)."
)


def _add_auth(parser: argparse.ArgumentParser, by_help: str) -> None:
    """The acting operator's options: who (--by) and how they authenticate."""
    parser.add_argument("--by", metavar="ADMIN", help=by_help)
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the --by operator's password from the first line of stdin",
    )
    parser.add_argument(
        "--finger",
        metavar="FINGER",
        help="authenticate --by with the fingerprint sensor instead (training: which "
        "simulated finger, e.g. right_index)",
    )


def _sub(group: Subparsers, name: str, help_text: str) -> argparse.ArgumentParser:
    return group.add_parser(name, help=help_text, description=help_text, epilog=_STDIN_HELP)


def register(sub: Subparsers) -> None:
    """Add the ``operator`` and ``terminal`` command groups to the main parser."""
    rights_help = "one of: " + ", ".join(r.value for r in Right)
    admin_help = "the rights administrator acting (authenticated)"
    operator = sub.add_parser(
        "operator",
        help="operators, rights and the rights ledger",
        description="Every command except `roles` needs --by ID authenticated with "
        "--password-stdin (or --finger). " + _STDIN_HELP,
    )
    ops = operator.add_subparsers(dest="operator_cmd", required=True)

    add = _sub(ops, "add", "register an operator under a personal ID")
    add.add_argument("operator_id", metavar="ID")
    add.add_argument("--name", required=True)
    add.add_argument("--role", help="grant this role's rights (see `operator roles`)")
    add.add_argument(
        "--from", dest="valid_from", type=_date, help="grant valid from (default today)"
    )
    add.add_argument("--until", dest="valid_until", type=_date, help="grant valid until")
    add.add_argument(
        "--new-password-stdin",
        action="store_true",
        help="read the new operator's password from stdin (the line after --password-stdin's)",
    )
    add.add_argument("--allow-password", action="store_true", help="enable the password fallback")
    add.add_argument("--contractor", action="store_true", help="contractor staff (委託業者)")
    _add_auth(add, admin_help + "; omit only for the very first administrator (bootstrap)")
    add.set_defaults(handler=_cmd_add)

    grant = _sub(ops, "grant", "grant rights for a validity period")
    grant.add_argument("operator_id", metavar="ID")
    grant.add_argument("--right", action="append", help=rights_help + " (repeatable)")
    grant.add_argument("--role", help="grant every right of this role")
    grant.add_argument("--from", dest="valid_from", type=_date, required=True)
    grant.add_argument("--until", dest="valid_until", type=_date, required=True)
    grant.add_argument("--reason", default="")
    _add_auth(grant, admin_help)
    grant.set_defaults(handler=_cmd_grant)

    revoke = _sub(ops, "revoke", "revoke an operator (or one right) at once")
    revoke.add_argument("operator_id", metavar="ID")
    revoke.add_argument("--reason", required=True, help="e.g. 退職, 異動, その他: ...")
    revoke.add_argument("--right", choices=[r.value for r in Right], help="only this right")
    _add_auth(revoke, admin_help)
    revoke.set_defaults(handler=_cmd_revoke)

    password = _sub(ops, "password", "set a password, enable or disable the password fallback")
    password.add_argument("operator_id", metavar="ID")
    password.add_argument(
        "--new-password-stdin",
        action="store_true",
        help="read the operator's new password from stdin (the line after --password-stdin's)",
    )
    password.add_argument("--allow", action="store_true", help="enable the fallback")
    password.add_argument("--disallow", action="store_true", help="disable the fallback")
    _add_auth(password, admin_help)
    password.set_defaults(handler=_cmd_password)

    unlock = _sub(ops, "unlock", "lift a lockout after failed logins")
    unlock.add_argument("operator_id", metavar="ID")
    _add_auth(unlock, admin_help)
    unlock.set_defaults(handler=_cmd_unlock)

    listing = _sub(ops, "list", "list operators and their rights today (administrators)")
    listing.add_argument("--json", action="store_true")
    _add_auth(listing, admin_help)
    listing.set_defaults(handler=_cmd_list)

    roles = ops.add_parser("roles", help="list the roles and their rights")
    roles.add_argument("--json", action="store_true")
    roles.set_defaults(handler=_cmd_roles)

    ledger = _sub(
        ops, "ledger", "export the rights ledger (CSV, or JSON) for audits (rights_admin or export)"
    )
    ledger.add_argument("--json", action="store_true", help="JSON instead of CSV")
    ledger.add_argument("--from", dest="since", type=_date, help="first day (JST)")
    ledger.add_argument("--to", dest="until", type=_date, help="last day (JST), inclusive")
    _add_auth(ledger, "who exports: a rights administrator or a holder of the export right")
    ledger.set_defaults(handler=_cmd_ledger)

    terminal = sub.add_parser("terminal", help="registered terminals (操作端末ID)")
    terms = terminal.add_subparsers(dest="terminal_cmd", required=True)
    tadd = _sub(terms, "add", "register a terminal ID")
    tadd.add_argument("terminal_id", metavar="ID")
    tadd.add_argument("--name", default="")
    tadd.add_argument("--location", default="")
    _add_auth(
        tadd,
        admin_help + "; omit only before the first administrator exists (while no terminal "
        "is registered, only --password-stdin is accepted)",
    )
    tadd.set_defaults(handler=_cmd_terminal_add)
    tlist = terms.add_parser("list", help="list registered terminals")
    tlist.add_argument("--json", action="store_true")
    tlist.set_defaults(handler=_cmd_terminal_list)
