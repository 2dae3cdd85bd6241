"""``madoguchi gui``: open the terminal window."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.common import require_register, settings

if TYPE_CHECKING:
    from cli.common import Subparsers


def _cmd_gui(args: argparse.Namespace) -> int:
    from ui.main import run  # Qt is loaded only for the window

    config = settings(args)
    if not config.demo:  # training mode creates and seeds its own register on first start
        require_register(config)
    return run(config, screenshot=args.screenshot, quit_after=args.quit_after)


def register(sub: Subparsers) -> None:
    """Add ``gui [--demo] [--screenshot FILE]``."""
    gui = sub.add_parser("gui", help="open the terminal window")
    gui.add_argument("--demo", action="store_true", help="training mode with a demo population")
    gui.add_argument("--screenshot", help="save a PNG of the window and quit (for checks)")
    gui.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    gui.set_defaults(handler=_cmd_gui)
