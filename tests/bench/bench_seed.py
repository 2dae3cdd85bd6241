"""Benchmark: seed a demo population into a fresh SQLite file and compare with the target.

Run: ``.venv/bin/python tests/bench/bench_seed.py [--residents N] [--seed S]`` (default
1,000,000 people). The time includes schema creation and index rebuilding. Exit code 1 when
the 120 s target is missed. Not part of the unit suite (no timed assertions there).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from app.demo.loader import seed_population

TARGET_SECONDS = 120.0


def main(argv: list[str] | None = None) -> int:
    """Seed, print the figure beside the target, return 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-seed-") as directory:
        engine = make_engine(sqlite_url(Path(directory) / "seed.sqlite3"))
        cpu_before = os.times()
        started = time.perf_counter()
        upgrade(engine)
        result = seed_population(engine, args.residents, args.seed, workers=args.workers)
        elapsed = time.perf_counter() - started
        cpu_after = os.times()
        engine.dispose()
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.children_user - cpu_before.children_user)
    verdict = "OK" if elapsed <= TARGET_SECONDS else "MISSED"
    print(
        f"seeded {result.residents} residents ({result.rows} rows) in {elapsed:.1f} s "
        f"(target {TARGET_SECONDS:.0f} s: {verdict}); CPU user {cpu:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    return 0 if elapsed <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
