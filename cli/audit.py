"""``madoguchi audit verify`` and ``audit import-key``: the operation log's chain and key."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, EXIT_REFUSED, CliError, container, print_json, stdin_line

if TYPE_CHECKING:
    from cli.common import Subparsers


def _cmd_verify(args: argparse.Namespace) -> int:
    with container(args) as box, box.uow.begin() as session:
        report = box.oplog.verify(session)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "rows_checked": report.rows_checked,
                "findings": [
                    {"kind": str(f.kind), "seq": f.seq, "message": f.message}
                    for f in report.findings
                ],
            }
        )
    else:
        for finding in report.findings:
            print(f"{finding.kind}: row {finding.seq}: {finding.message}")
        print(f"{report.rows_checked} rows checked, {len(report.findings)} problems")
    return EXIT_OK if report.ok else EXIT_REFUSED


def _cmd_import_key(args: argparse.Namespace) -> int:
    if not args.stdin:
        raise CliError("audit import-key: --stdin is required (the key is never an argument)")
    with container(args) as box, box.uow.begin() as session:
        box.oplog.import_key(session, stdin_line())
    print("operation-log key stored in this terminal's keyring")
    return 0


def register(sub: Subparsers) -> None:
    """Add ``audit verify [--json]`` and ``audit import-key --stdin``."""
    audit = sub.add_parser("audit", help="operation log").add_subparsers(
        dest="audit_cmd", required=True
    )
    verify = audit.add_parser("verify", help="check the operation log's hash chain")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_cmd_verify)
    import_key = audit.add_parser(
        "import-key",
        help="store the register's operation-log key in this terminal's keyring "
        "(a further terminal on a shared database)",
    )
    import_key.add_argument("--stdin", action="store_true", help="read the 64 hex digits")
    import_key.set_defaults(handler=_cmd_import_key)
