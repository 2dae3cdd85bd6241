"""``madoguchi bench checkpoint``: what a signed checkpoint of the log costs, and its verify.

A checkpoint is written at every logout and every few minutes, so its cost is paid by the
clerk who logs out. The benchmark fills a log of ``--rows`` rows on a fresh SQLite register
(the training kind: in clear, the key in memory), then times ``--count`` checkpoints through
the same call the logout makes (``checkpoint_logged``: head read, Ed25519 signature, one
synced file, one log row), and ``audit verify`` against all of them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from app.audit import ActorIds, DirectoryCheckpointStore, LogEntry, OperationLog, Outcome
from app.clock import SystemClock
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from app.db.uow import UnitOfWork
from app.secret_store import InMemorySecretStore

TARGET_CHECKPOINT_MS = 50.0  # a logout should not wait noticeably for it


def run(args: argparse.Namespace) -> int:
    """Print the checkpoint's p50/p99 and the verify time; 1 if the p99 misses its target."""
    with tempfile.TemporaryDirectory(prefix="bench-checkpoint-") as folder:
        root = Path(folder)
        engine = make_engine(sqlite_url(root / "register.sqlite3"))
        upgrade(engine)
        uow = UnitOfWork(engine)
        log = OperationLog(
            InMemorySecretStore(),
            SystemClock(),
            checkpoints=DirectoryCheckpointStore(root / "checkpoints"),
        )
        with uow.begin() as session:
            for i in range(args.rows):
                log.append(session, LogEntry("BENCH", "BENCH", "search", Outcome.OK, str(i)))
        actor = ActorIds("BENCH", "BENCH")
        times = []
        for _ in range(args.count):
            started = time.perf_counter()
            log.checkpoint_logged(uow, actor, reason="logout")
            times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with uow.begin() as session:
            report = log.verify(session)
        verify_s = time.perf_counter() - started
        engine.dispose()
    times.sort()
    p50 = statistics.median(times)
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    verdict = "PASS" if p99 <= TARGET_CHECKPOINT_MS else "FAIL"
    print(f"checkpoint (head read, Ed25519 signature, synced file, log row), {args.count} runs")
    print(f"  p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {times[-1]:.2f} ms")
    print(f"  {verdict}  p99 {p99:.2f} ms (target ≤ {TARGET_CHECKPOINT_MS:.0f} ms)")
    print(
        f"audit verify of {report.rows_checked:,} rows against {args.count} checkpoints: "
        f"{verify_s:.2f} s, {len(report.findings)} findings"
    )
    return 0 if verdict == "PASS" and report.ok else 1
