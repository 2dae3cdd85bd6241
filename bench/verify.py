"""``madoguchi bench verify``: ``audit verify``'s speed and memory on a long operation log.

A log of ``--rows`` sealed rows (format 2, one chain, a head) is generated straight into a
fresh SQLite register with the log's own sealing functions, in batches, so generating it
does not hold it in memory; then the verifier walks it once, as ``audit verify`` does. The
figures are rows per second and the process's peak memory (it must not grow with the log).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import types
from pathlib import Path

from sqlalchemy import Engine, insert

from app.audit import OperationLog
from app.audit.chain import FORMAT, GENESIS_MAC, HEAD_ID, canonical, head_mac, key_id, row_mac
from app.clock import SystemClock
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.secret_store import LOG_CHAIN_KEY, InMemorySecretStore

TARGET_ROWS_PER_S = 200_000
TARGET_PEAK_MB = 200
_BATCH = 20_000
_KEY = bytes(range(32))


def generate(engine: Engine, rows: int) -> None:
    """Seal ``rows`` rows and a head into the register behind ``engine``, batch by batch."""
    prev = GENESIS_MAC
    with engine.begin() as conn:
        start = 1
        while start <= rows:
            end = min(rows, start + _BATCH - 1)
            batch = []
            for seq in range(start, end + 1):
                row = types.SimpleNamespace(
                    seq=seq,
                    at=f"2026-11-30T00:00:{seq % 60:02d}.{seq % 1_000_000:06d}Z",
                    operator_id=f"OP{seq % 97:02d}",
                    terminal_id=f"T{seq % 16:04d}",
                    operation="search.identity",
                    target="",
                    outcome="ok",
                    correlation_id="",
                    detail='{"conditions":["name","dob"],"results":1}',
                    prev_mac=prev,
                    fmt=FORMAT,
                )
                row.mac = row_mac(_KEY, prev, canonical(row))
                prev = row.mac
                batch.append(vars(row))
            conn.execute(insert(OperationLogRow), batch)
            start = end + 1
        conn.execute(
            insert(OperationLogHead).values(
                id=HEAD_ID,
                seq=rows,
                mac=prev,
                head_mac=head_mac(_KEY, rows, prev),
                key_id=key_id(_KEY),
                at=None,
            )
        )


def run(args: argparse.Namespace) -> int:
    """Print rows/s and peak memory beside their targets; 1 if one is missed."""
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        engine = make_engine(sqlite_url(Path(folder) / "register.sqlite3"))
        upgrade(engine)
        started = time.perf_counter()
        generate(engine, args.rows)
        print(f"generated {args.rows:,} sealed rows in {time.perf_counter() - started:.1f} s")
        secrets = InMemorySecretStore()
        secrets.set(LOG_CHAIN_KEY, _KEY.hex())
        log = OperationLog(secrets, SystemClock())
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        with UnitOfWork(engine).begin() as session:
            report = log.verify(session)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        engine.dispose()
    rate = report.rows_checked / seconds if seconds else 0.0
    print(
        f"audit verify: {report.rows_checked:,} rows in {seconds:.1f} s, "
        f"{len(report.findings)} findings"
    )
    ok_rate = rate >= TARGET_ROWS_PER_S
    ok_peak = peak_mb <= TARGET_PEAK_MB
    print(f"  {'PASS' if ok_rate else 'FAIL'}  {rate:,.0f} rows/s (target ≥ {TARGET_ROWS_PER_S:,})")
    print(
        f"  {'PASS' if ok_peak else 'FAIL'}  peak memory {peak_mb:.0f} MB "
        f"(before the walk {before_mb:.0f} MB; target ≤ {TARGET_PEAK_MB} MB)"
    )
    return 0 if ok_rate and ok_peak and report.ok else 1
