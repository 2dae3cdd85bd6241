"""The ``madoguchi`` command line: admin, demo, scripted use (a stable contract, see README).

Exit codes: 0 success, 2 refused or invalid input (one-line reason on stderr), 1 unexpected
failure. Commands that touch personal data take an operator and are logged like the GUI.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence

from app import bootstrap
from app.config import Settings
from app.domain.errors import DomainError, UnsafeConfiguration

log = logging.getLogger("madoguchi")


class CliError(Exception):
    """A refusal or invalid input: printed as one line on stderr, exit code 2."""


Handler = Callable[[argparse.Namespace], int]


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(getattr(args, "db", None), demo=getattr(args, "demo", False))


def _container(args: argparse.Namespace) -> bootstrap.Container:
    return bootstrap.build(_settings(args))


# ---------------------------------------------------------------- commands
def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from app.db.migrate import upgrade  # alembic is only loaded when migrating

    container = _container(args)
    try:
        upgrade(container.engine)
    finally:
        container.close()
    print("schema is up to date")
    return 0


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    container = _container(args)
    try:
        with container.uow.begin() as session:
            report = container.oplog.verify(session)
    finally:
        container.close()
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "rows_checked": report.rows_checked,
                    "findings": [
                        {"kind": str(f.kind), "seq": f.seq, "message": f.message}
                        for f in report.findings
                    ],
                },
                ensure_ascii=False,
            )
        )
    else:
        for finding in report.findings:
            print(f"{finding.kind}: row {finding.seq}: {finding.message}")
        print(f"{report.rows_checked} rows checked, {len(report.findings)} problems")
    return 0 if report.ok else 2


def _cmd_audit_import_key(args: argparse.Namespace) -> int:
    if not args.stdin:
        raise CliError("audit import-key: --stdin is required (the key is never an argument)")
    container = _container(args)
    try:
        with container.uow.begin() as session:
            container.oplog.import_key(session, sys.stdin.readline())
    finally:
        container.close()
    print("operation-log key stored in this terminal's keyring")
    return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    from ui.main import run  # Qt is loaded only for the window

    return run(_settings(args), screenshot=args.screenshot, quit_after=args.quit_after)


# ---------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (subcommands register themselves here)."""
    parser = argparse.ArgumentParser(prog="madoguchi", description="窓口 counter terminal")
    parser.add_argument("--db", help="database URL (default: MADOGUCHI_DB or embedded SQLite)")
    sub = parser.add_subparsers(dest="command", required=True)

    gui = sub.add_parser("gui", help="open the terminal window")
    gui.add_argument("--demo", action="store_true", help="training mode with a demo population")
    gui.add_argument("--screenshot", help="save a PNG of the window and quit (for checks)")
    gui.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    gui.set_defaults(handler=_cmd_gui)

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_cmd", required=True)
    db.add_parser("upgrade", help="create or migrate the schema").set_defaults(
        handler=_cmd_db_upgrade
    )

    audit = sub.add_parser("audit", help="operation log").add_subparsers(
        dest="audit_cmd", required=True
    )
    verify = audit.add_parser("verify", help="check the operation log's hash chain")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_cmd_audit_verify)
    import_key = audit.add_parser(
        "import-key",
        help="store the register's operation-log key in this terminal's keyring "
        "(a further terminal on a shared database)",
    )
    import_key.add_argument("--stdin", action="store_true", help="read the 64 hex digits")
    import_key.set_defaults(handler=_cmd_audit_import_key)

    from app.demo import cli as demo_cli

    demo_cli.register(sub, _settings)

    from app import cli_card

    cli_card.register(sub, bootstrap.open_card_transport)
    from app import cli_operator

    cli_operator.register(sub)  # operator, terminal: rights and the ledger
    from app import cli_search

    cli_search.register(sub, _container)  # search: 本人確認情報検索 (issue 5)
    from app import cli_jukinet

    cli_jukinet.register(sub)  # jukinet: inbox and outbox of Juki-net (issue 6)

    # Benchmarks: each feature adds its own under `madoguchi bench ...`.
    bench = sub.add_parser("bench", help="benchmarks (print figures beside their targets)")
    bench_sub = bench.add_subparsers(dest="bench_cmd", required=True)
    cli_card.register_bench(bench_sub, bootstrap.run_card_bench)
    cli_search.register_bench(bench_sub, _settings)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``madoguchi`` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except (CliError, DomainError, UnsafeConfiguration) as exc:
        print(f"madoguchi: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
