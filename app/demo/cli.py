"""The ``madoguchi demo seed`` command: create the schema and load a demo population."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from app.config import Settings
from app.db.engine import make_engine

SettingsFactory = Callable[[argparse.Namespace], Settings]

DEFAULT_RESIDENTS = 330_000  # about the population of 郡山市
EXIT_REFUSED = 2


def register(subparsers: Any, settings_factory: SettingsFactory) -> None:
    """Add ``demo seed`` to the ``madoguchi`` sub-command parsers."""
    demo = subparsers.add_parser("demo", help="demo (training) data")
    demo_sub = demo.add_subparsers(dest="demo_cmd", required=True)
    seed = demo_sub.add_parser("seed", help="load a deterministic demo population")
    seed.add_argument("--residents", type=int, default=DEFAULT_RESIDENTS, help="people to create")
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    # SUPPRESS keeps a global --db given before the sub-command from being reset to None.
    seed.add_argument("--db", default=argparse.SUPPRESS, help="database URL")
    seed.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    seed.add_argument("--quiet", action="store_true", help="no progress lines")

    def handler(args: argparse.Namespace) -> int:
        return run_seed(args, settings_factory)

    seed.set_defaults(handler=handler)


def run_seed(args: argparse.Namespace, settings_factory: SettingsFactory) -> int:
    """Migrate, refuse a populated database (exit 2), seed and print the figure line."""
    # Imported here so that other commands do not load alembic and the generator tables.
    from app.db.migrate import upgrade
    from app.demo.loader import PopulatedDatabase, seed_population

    if args.residents < 0:
        print("madoguchi: --residents must not be negative", file=sys.stderr)
        return EXIT_REFUSED
    settings = settings_factory(args)
    engine = make_engine(settings.db_url)
    try:
        upgrade(engine)
        step = max(args.residents // 10, 1)

        def progress(done: int, total: int) -> None:
            if not args.quiet and (done == total or done % step < 10_000):
                print(f"  {done:,} / {total:,} residents", flush=True)

        try:
            result = seed_population(
                engine, args.residents, args.seed, progress=progress, workers=args.workers
            )
        except PopulatedDatabase:
            print(
                "madoguchi: the database already holds residents; "
                "seed an empty database (or a new --db file)",
                file=sys.stderr,
            )
            return EXIT_REFUSED
    finally:
        engine.dispose()
    rate = result.rows / result.seconds if result.seconds > 0 else 0.0
    print(
        f"seeded {result.residents} residents in {result.seconds:.1f} s ({rate:,.0f} rows/s; "
        f"{result.households} households, {result.foreign_residents} foreign residents, "
        f"{result.identity_records} identity records)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``demo seed`` on its own (``python -m app.demo.cli seed ...``)."""
    parser = argparse.ArgumentParser(prog="madoguchi")
    parser.add_argument("--db", help="database URL")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub, lambda args: Settings.from_env(getattr(args, "db", None), demo=True))
    args = parser.parse_args(["demo", *(argv if argv is not None else sys.argv[1:])])
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
