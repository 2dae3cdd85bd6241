"""``madoguchi bench card|search|checkpoint``: the benchmarks of the checkout's ``bench`` package.

The benchmarks are developer tooling and are not shipped in the wheel. From a source
checkout ``bench/`` lies beside ``cli/`` and is loaded when a benchmark runs (an editable
install maps only the shipped packages, so the checkout is put on the import path here); an
installed terminal has no ``bench`` package and the command says so in one line (exit 2).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from cli.common import CliError, settings

if TYPE_CHECKING:
    from cli.common import Subparsers

NOT_AVAILABLE = "bench: benchmarks are only available in a source checkout"


def load(name: str) -> ModuleType:
    """The benchmark module ``bench.<name>``; refused when there is no ``bench`` package."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "bench" / "__init__.py").is_file() and str(checkout) not in sys.path:
        sys.path.append(str(checkout))
    if importlib.util.find_spec("bench") is None:
        raise CliError(NOT_AVAILABLE)
    return importlib.import_module(f"bench.{name}")


def _cmd_card(args: argparse.Namespace) -> int:
    result: int = load("card").run(args)
    return result


def _cmd_checkpoint(args: argparse.Namespace) -> int:
    result: int = load("checkpoint").run(args)
    return result


def _cmd_verify(args: argparse.Namespace) -> int:
    result: int = load("verify").run(args)
    return result


def _cmd_search(args: argparse.Namespace) -> int:
    result: int = load("search").run_bench(args, settings(args))
    return result


def register(sub: Subparsers) -> None:
    """Add ``bench card``, ``bench search`` and ``bench checkpoint``: figures beside targets."""
    bench = sub.add_parser("bench", help="benchmarks (print figures beside their targets)")
    bench_sub = bench.add_subparsers(dest="bench_cmd", required=True)

    card = bench_sub.add_parser("card", help="card read: APDU count and terminal overhead")
    card.add_argument("--reads", type=int, default=50)
    card.set_defaults(handler=_cmd_card)

    checkpoint = bench_sub.add_parser(
        "checkpoint", help="a signed checkpoint of the log (logout) and verify against them"
    )
    checkpoint.add_argument("--rows", type=int, default=20_000, help="log rows before")
    checkpoint.add_argument("--count", type=int, default=200, help="checkpoints timed")
    checkpoint.set_defaults(handler=_cmd_checkpoint)

    verify = bench_sub.add_parser(
        "verify", help="audit verify on a generated log: rows per second and peak memory"
    )
    verify.add_argument("--rows", type=int, default=1_000_000)
    verify.set_defaults(handler=_cmd_verify)

    search = bench_sub.add_parser(
        "search", help="identity search latency (p50/p99) beside a primary-key lookup"
    )
    search.add_argument("--residents", type=int, default=1_000_000)
    search.add_argument("--queries", type=int, default=2000, help="queries per search kind")
    search.add_argument("--seed", type=int, default=1)
    search.add_argument(
        "--sqlite-file",
        default=None,
        help="cached SQLite file (default .work/bench-search-<N>.sqlite3; reused if present)",
    )
    search.add_argument(
        "--pg",
        default=None,
        help="PostgreSQL URL to measure too (the population is loaded there if it is missing)",
    )
    search.add_argument(
        "--encrypted",
        action="store_true",
        help="also measure an SQLCipher register (as a production terminal's) beside the plain one",
    )
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=_cmd_search)
