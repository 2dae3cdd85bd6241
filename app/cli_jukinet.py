"""``madoguchi jukinet ...``: the Juki-net gateway from the command line.

- ``receive-move-out FILE.json``: put 転出証明書情報 (one JSON object or a list) into the
  inbox, as the network would; a message id seen before is reported, not stored twice.
- ``send``: run the outbox dispatcher once (every attempt is recorded, R-39).
- ``outbox [--json]``: message ids, kinds, recipients and statuses (no personal data).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app import bootstrap
from app.config import Settings
from app.jukinet.messages import MoveOutCertificate

EXIT_REFUSED = 2

GATEWAY_ID = "system:jukinet"
"""How the log names these commands' actions: the gateway process of the 市町村CS, run by
its service account, never a person. Clerks send from the approvals screen, which logs
them by their own ID after checking their confirm right; nobody can type a name here."""


def _container(args: argparse.Namespace) -> bootstrap.Container:
    return bootstrap.build(Settings.from_env(getattr(args, "db", None)))


def _cmd_receive(args: argparse.Namespace) -> int:
    try:
        document: Any = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(
            f"madoguchi: {args.file}: not a readable JSON file ({type(exc).__name__})",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    items = document if isinstance(document, list) else [document]
    certificates = [MoveOutCertificate.from_dict(item) for item in items]  # all or nothing
    container = _container(args)
    try:
        results = [container.jukinet_inbox.receive(c, operator_id=GATEWAY_ID) for c in certificates]
    finally:
        container.close()
    summary = [{"inbox_id": r.inbox_id, "duplicate": r.duplicate} for r in results]
    if args.json:
        print(json.dumps(summary))
    else:
        new = sum(not r.duplicate for r in results)
        print(f"{new} received, {len(results) - new} already in the inbox")
    return 0


def _cmd_send(args: argparse.Namespace) -> int:
    container = _container(args)
    try:
        report = container.dispatcher.run_once(operator_id=GATEWAY_ID)
    finally:
        container.close()
    counts = {
        "acknowledged": report.acknowledged,
        "refused": report.refused,
        "failed": report.failed,
    }
    print(json.dumps(counts) if args.json else ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _cmd_outbox(args: argparse.Namespace) -> int:
    container = _container(args)
    try:
        messages = container.jukinet_outbox.messages()
    finally:
        container.close()
    rows = [
        {
            "message_id": m.message_id,
            "kind": m.kind,
            "recipient": m.recipient,
            "status": m.status,
            "attempts": m.attempt_count,
        }
        for m in messages
    ]
    if args.json:
        print(json.dumps(rows))
    else:
        for row in rows:
            print(f"{row['message_id']}  {row['kind']:<16} {row['recipient']:<12} {row['status']}")
    return 0


def register(sub: Any) -> None:
    """Add ``jukinet`` and its subcommands to the top-level parser's subparsers."""
    jukinet = sub.add_parser("jukinet", help="Juki-net gateway: inbox and outbox")
    commands = jukinet.add_subparsers(dest="jukinet_cmd", required=True)
    receive = commands.add_parser("receive-move-out", help="receive 転出証明書情報 from a file")
    receive.add_argument("file")
    receive.add_argument("--json", action="store_true")
    receive.set_defaults(handler=_cmd_receive)
    send = commands.add_parser("send", help="send the outbox once (every attempt recorded)")
    send.add_argument("--json", action="store_true")
    send.set_defaults(handler=_cmd_send)
    outbox = commands.add_parser("outbox", help="list outbound messages and their status")
    outbox.add_argument("--json", action="store_true")
    outbox.set_defaults(handler=_cmd_outbox)
