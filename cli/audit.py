"""``madoguchi audit verify``, ``checkpoint``, ``import-key``: the log's chain, anchors, key."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.audit import ActorIds
from cli.common import EXIT_OK, EXIT_REFUSED, CliError, container, print_json, stdin_line

if TYPE_CHECKING:
    from cli.common import Subparsers

CHECKPOINT_ACTOR = "audit"  # the system actor named by checkpoints written from the shell


def _cmd_verify(args: argparse.Namespace) -> int:
    with container(args) as box, box.uow.begin() as session:
        report = box.oplog.verify(session)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "rows_checked": report.rows_checked,
                "anchor": report.anchor,
                "findings": [
                    {"kind": str(f.kind), "seq": f.seq, "message": f.message}
                    for f in report.findings
                ],
            }
        )
    else:
        for finding in report.findings:
            print(f"{finding.kind}: row {finding.seq}: {finding.message}")
        anchor = f"against {report.anchor}" if report.anchor else "no checkpoint to compare with"
        print(f"{report.rows_checked} rows checked ({anchor}), {len(report.findings)} problems")
    return EXIT_OK if report.ok else EXIT_REFUSED


def _cmd_checkpoint(args: argparse.Namespace) -> int:
    with container(args) as box:
        actor = ActorIds(CHECKPOINT_ACTOR, box.settings.terminal_id)
        anchor = box.oplog.checkpoint_logged(box.uow, actor, reason="manual")
    if anchor is None:
        raise CliError(
            "audit checkpoint: nothing to anchor (the log is empty or its head is not intact: "
            "run madoguchi audit verify)"
        )
    print(f"checkpoint of row {anchor.seq} written to {box.settings.checkpoint_dir}")
    return EXIT_OK


def _cmd_import_key(args: argparse.Namespace) -> int:
    if not args.stdin:
        raise CliError("audit import-key: --stdin is required (the key is never an argument)")
    with container(args) as box, box.uow.begin() as session:
        box.oplog.import_key(session, stdin_line())
    print("operation-log key stored in this terminal's keyring")
    return 0


def register(sub: Subparsers) -> None:
    """Add ``audit verify [--json]``, ``audit checkpoint`` and ``audit import-key --stdin``."""
    audit = sub.add_parser("audit", help="operation log").add_subparsers(
        dest="audit_cmd", required=True
    )
    verify = audit.add_parser("verify", help="check the operation log's hash chain")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_cmd_verify)
    checkpoint = audit.add_parser(
        "checkpoint",
        help="write a signed checkpoint of the log to the checkpoint store "
        "(MADOGUCHI_CHECKPOINT_DIR); the window also writes one at every logout",
    )
    checkpoint.set_defaults(handler=_cmd_checkpoint)
    import_key = audit.add_parser(
        "import-key",
        help="store the register's operation-log key in this terminal's keyring "
        "(a further terminal on a shared database)",
    )
    import_key.add_argument("--stdin", action="store_true", help="read the 64 hex digits")
    import_key.set_defaults(handler=_cmd_import_key)
