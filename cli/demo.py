"""``madoguchi demo seed``: create the schema and load a deterministic demo population."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.config import DEFAULT_DEMO_RESIDENTS
from app.db.engine import make_engine
from cli.common import CliError, settings

if TYPE_CHECKING:
    from cli.common import Subparsers


def _cmd_seed(args: argparse.Namespace) -> int:
    """Migrate, refuse a populated or non-training register (exit 2), seed, print the figures."""
    # Imported here so that other commands do not load alembic and the generator tables.
    from app.db.migrate import upgrade
    from app.demo.loader import (
        NotATrainingRegister,
        PopulatedDatabase,
        SeedFailed,
        seed_population,
    )
    from app.demo.startup import training_operator_ids

    if args.residents < 0:
        raise CliError("--residents must not be negative")
    engine = make_engine(settings(args).db_url)
    try:
        upgrade(engine)
        step = max(args.residents // 10, 1)

        def progress(done: int, total: int) -> None:
            if not args.quiet and (done == total or done % step < 10_000):
                print(f"  {done:,} / {total:,} residents", flush=True)

        try:
            result = seed_population(
                engine,
                args.residents,
                args.seed,
                progress=progress,
                workers=args.workers,
                training_operators=training_operator_ids(),
            )
        except PopulatedDatabase:
            raise CliError(
                "the database already holds residents; seed an empty database (or a new --db file)"
            ) from None
        except NotATrainingRegister as exc:
            raise CliError(
                f"not a training register: {exc}; demo data goes into a new --db file only"
            ) from None
        except SeedFailed as exc:
            # The seed is one transaction: nothing of it was kept.
            raise CliError(
                f"the seed failed ({exc}); the register is unchanged; free disk space or "
                "check the --db file, then run the seed again"
            ) from None
    finally:
        engine.dispose()
    rate = result.rows / result.seconds if result.seconds > 0 else 0.0
    print(
        f"seeded {result.residents} residents in {result.seconds:.1f} s ({rate:,.0f} rows/s; "
        f"{result.households} households, {result.foreign_residents} foreign residents, "
        f"{result.identity_records} identity records)"
    )
    return 0


def register(sub: Subparsers) -> None:
    """Add ``demo seed [--residents N] [--seed S] [--db URL]``."""
    demo = sub.add_parser("demo", help="demo (training) data")
    demo_sub = demo.add_subparsers(dest="demo_cmd", required=True)
    seed = demo_sub.add_parser("seed", help="load a deterministic demo population")
    seed.add_argument(
        "--residents", type=int, default=DEFAULT_DEMO_RESIDENTS, help="people to create"
    )
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    # SUPPRESS keeps a global --db given before the sub-command from being reset to None.
    seed.add_argument("--db", default=argparse.SUPPRESS, help="database URL")
    seed.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    seed.add_argument("--quiet", action="store_true", help="no progress lines")
    seed.set_defaults(handler=_cmd_seed)
