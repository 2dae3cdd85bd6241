"""The ``madoguchi`` command: admin, demo, scripted use (a stable contract, see README).

Exit codes: 0 success, 2 refused or invalid input (one-line reason on stderr), 1 unexpected
failure. Commands that touch personal data take an operator and are logged like the GUI.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from cli import audit, bench, card, db, demo, gui, jukinet, operator, search, setup
from cli.common import Handler, OneLineParser, UsageError, refuse, run

# The order of the groups in ``madoguchi --help``.
GROUPS = (gui, setup, db, audit, demo, card, operator, search, jukinet, bench)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser: every command group registers its subcommands here."""
    parser = OneLineParser(prog="madoguchi", description="窓口 counter terminal")
    parser.add_argument("--db", help="database URL (default: MADOGUCHI_DB or embedded SQLite)")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``madoguchi`` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:  # one line instead of argparse's usage text
        return refuse(str(exc))
    handler: Handler = args.handler
    return run(handler, args)


if __name__ == "__main__":
    sys.exit(main())
