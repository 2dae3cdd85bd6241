"""``madoguchi jukinet ...``: the Juki-net gateway from the command line.

- ``receive-move-out FILE.json``: put 転出証明書情報 (one JSON object or a list) into the
  inbox, as the network would. Every certificate is checked before any is stored (one line
  names the first broken rule and which certificate). A message id seen before with the same
  content is reported, not stored twice; with other content it is refused and logged, the
  others are still received, and the command ends with one line naming the refused ids
  (exit 2).
- ``send``: run the outbox dispatcher once (every attempt is recorded, R-39).
- ``outbox [--json]``: message ids, kinds, recipients and statuses (no personal data).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.jukinet.inbox import MessageIdReused
from app.jukinet.messages import MAX_DOCUMENT_BYTES, parse_move_out_document
from cli.common import CliError, container, print_json, refuse

if TYPE_CHECKING:
    from cli.common import Subparsers

GATEWAY_ID = "system:jukinet"
"""How the log names these commands' actions: the gateway process of the 市町村CS, run by
its service account, never a person. Clerks send from the approvals screen, which logs
them by their own ID after checking their confirm right; nobody can type a name here."""


def _cmd_receive(args: argparse.Namespace) -> int:
    try:
        with Path(args.file).open("rb") as stream:
            raw = stream.read(MAX_DOCUMENT_BYTES + 1)  # one byte more tells "too large"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CliError(f"{args.file}: cannot read the file ({reason})") from None
    certificates = parse_move_out_document(raw)  # all or nothing
    results: list[dict[str, object]] = []
    reused: list[str] = []
    with container(args) as box:
        inbox = box.jukinet_inbox
        # Every rule, the dates against today included, before the first one is stored.
        for certificate in inbox.check(certificates):
            try:
                result = inbox.receive(certificate, operator_id=GATEWAY_ID)
            except MessageIdReused:  # logged by the inbox; the others are still received
                reused.append(certificate.message_id)
                results.append({"message_id": certificate.message_id, "refused": "reused"})
                continue
            results.append({"inbox_id": result.inbox_id, "duplicate": result.duplicate})
    new = sum(r.get("duplicate") is False for r in results)
    duplicates = sum(r.get("duplicate") is True for r in results)
    if args.json:
        print_json(results)
    else:
        refused = f", {len(reused)} refused" if reused else ""
        print(f"{new} received, {duplicates} already in the inbox{refused}")
    if reused:
        return refuse(f"madoguchi: メッセージID {', '.join(reused)}: {MessageIdReused().reason}")
    return 0


def _cmd_send(args: argparse.Namespace) -> int:
    with container(args) as box:
        report = box.dispatcher.run_once(operator_id=GATEWAY_ID)
    counts = {
        "acknowledged": report.acknowledged,
        "refused": report.refused,
        "failed": report.failed,
    }
    if args.json:
        print_json(counts)
    else:
        print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _cmd_outbox(args: argparse.Namespace) -> int:
    with container(args) as box:
        messages = box.jukinet_outbox.messages()
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
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['message_id']}  {row['kind']:<16} {row['recipient']:<12} {row['status']}")
    return 0


def register(sub: Subparsers) -> None:
    """Add ``jukinet receive-move-out|send|outbox``."""
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
