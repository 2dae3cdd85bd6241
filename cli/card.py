"""``madoguchi card read``: read and check a My Number card from the command line.

``card read`` is the one sanctioned place where a 個人番号 is printed: it is an operator tool
(see docs/CARD.md). The PC/SC transport comes from the composition root (app.bootstrap), so
this module never imports a concrete device adapter.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from app import bootstrap
from app.clock import SystemClock
from cli.common import StdinPin, print_json, refuse, settings
from hardware.errors import (
    CardError,
    CardRemoved,
    IntegrityError,
    LastTryNeedsConfirmation,
    MalformedCardData,
    NotAMyNumberCard,
    PinBlocked,
    PinEntryCancelled,
    PinFormatError,
    ReaderUnavailable,
    WrongPin,
)
from hardware.mynumber import ConfirmationRead, MyNumberCard
from hardware.ports import CardConnection

if TYPE_CHECKING:
    from cli.common import Subparsers

TransportFactory = Callable[[str | None], CardConnection]


def confirmation_to_json(read: ConfirmationRead) -> dict[str, object]:
    """The JSON document printed by ``card read --json``."""
    return {
        "card": {
            "serial": read.card.serial,
            "municipality_code": read.card.municipality_code,
            "expiry": read.card.expiry.isoformat(),
            "expired": read.card.expired,
        },
        "my_number": read.my_number,
        "basic_four": {
            "name": read.basic_four.name,
            "address": read.basic_four.address,
            "dob": read.basic_four.dob,
            "sex": read.basic_four.sex,
        },
        "integrity": {
            "digests_match": read.integrity.digests_match,
            "signature_valid": read.integrity.signature_valid,
            "signer_key_id": read.integrity.signer_key_id,
            "certificate_chain_checked": False,
        },
        "pin": {"tries_left_before": read.tries_left_before},
    }


def refusal_reason(error: CardError) -> str:
    """The one-line stderr reason for a refused ``card read``."""
    if isinstance(error, WrongPin):
        plural = "try" if error.tries_left == 1 else "tries"
        return f"wrong PIN: {error.tries_left} {plural} left"
    if isinstance(error, PinBlocked):
        return str(error).split(" (SW")[0]
    if isinstance(error, LastTryNeedsConfirmation):
        return "only one PIN try left: rerun with --confirm-last-try to use it"
    if isinstance(error, CardRemoved):
        return "no card in the reader (or it was removed during the read)"
    if isinstance(error, ReaderUnavailable):
        return f"no card reader available: {error}"
    if isinstance(error, NotAMyNumberCard):
        return "the card is not a My Number card"
    if isinstance(error, IntegrityError):
        return f"{error}: the card data cannot be trusted"
    if isinstance(error, MalformedCardData | PinFormatError | PinEntryCancelled):
        return str(error)
    return f"card error: {error}"


def run_card_read(
    args: argparse.Namespace,
    transport_factory: TransportFactory,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Execute ``card read``: exit 0 with JSON on stdout, or 2 with one line on stderr."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if not args.pin_stdin:
        return refuse("card read: --pin-stdin is required", stderr)
    today = SystemClock().now().date()
    try:
        connection = transport_factory(args.reader)
        try:
            read = MyNumberCard(connection).read_confirmation(
                StdinPin(stdin), today, confirm_last_try=args.confirm_last_try
            )
        finally:
            connection.close()
    except CardError as error:
        return refuse(f"card read: {refusal_reason(error)}", stderr)
    document = confirmation_to_json(read)
    if args.json:
        print_json(document, indent=2, stdout=stdout)
    else:
        for key, value in document.items():
            print(f"{key}: {value}", file=stdout)
    return 0


def _cmd_read(args: argparse.Namespace) -> int:
    allow_virtual = bootstrap.virtual_readers_allowed(settings(args))

    def transport(reader: str | None) -> CardConnection:
        return bootstrap.open_card_transport(reader, allow_virtual=allow_virtual)

    return run_card_read(args, transport)


def register(sub: Subparsers) -> None:
    """Add ``card read [--reader NAME] --pin-stdin [--json] [--confirm-last-try]``."""
    card = sub.add_parser("card", help="My Number card operations")
    card_sub = card.add_subparsers(dest="card_command", required=True)
    read = card_sub.add_parser("read", help="read and check the card (prints the 個人番号)")
    read.add_argument("--reader", default=None, help="reader name (default: first with a card)")
    read.add_argument("--pin-stdin", action="store_true", help="read the 4-digit PIN from stdin")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.add_argument(
        "--confirm-last-try",
        action="store_true",
        help="allow sending the PIN when only one try is left",
    )
    read.set_defaults(handler=_cmd_read)
