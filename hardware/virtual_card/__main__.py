"""``python -m hardware.virtual_card --holder-json FILE``: run a virtual card against vpcd.

Runs until SIGINT/SIGTERM. SIGUSR1 removes the card (disconnects), SIGUSR2 inserts it again.
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from types import FrameType

from hardware.virtual_card.card import VirtualCardOptions, VirtualMyNumberCard
from hardware.virtual_card.holder import load_holder, sample_holder
from hardware.virtual_card.vpcd import VPCD_HOST, VPCD_PORT, VpcdCardClient


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, insert the card and serve until told to stop."""
    parser = argparse.ArgumentParser(prog="python -m hardware.virtual_card")
    parser.add_argument("--holder-json", type=Path, help="holder JSON (default: sample holder)")
    parser.add_argument("--host", default=VPCD_HOST)
    parser.add_argument("--port", type=int, default=VPCD_PORT)
    parser.add_argument("--expired", action="store_true")
    parser.add_argument("--not-my-number-card", action="store_true")
    parser.add_argument("--remove-after", type=int, default=None, metavar="N")
    args = parser.parse_args(argv)
    holder = load_holder(args.holder_json) if args.holder_json else sample_holder()
    options = VirtualCardOptions(expired=args.expired, not_my_number_card=args.not_my_number_card)
    client = VpcdCardClient(
        VirtualMyNumberCard(holder, options), args.host, args.port, args.remove_after
    )
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        del frame
        if signum == signal.SIGUSR1:
            client.remove()
        elif signum == signal.SIGUSR2:
            client.insert()
        else:
            done.set()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(signum, on_signal)
    client.insert()
    done.wait()
    client.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
