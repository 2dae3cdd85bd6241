"""Helpers of the auth tests: a training container on a migrated database, log queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app import bootstrap
from app.clock import ManualClock
from app.config import AuthPolicy, Settings
from app.db.migrate import upgrade
from app.db.models.oplog import OperationLogRow
from app.demo.staff import ensure_demo_staff
from app.secret_store import InMemorySecretStore
from app.services.passwords import PasswordHasher
from hardware.biometric_sim import SimulatedFingerprintDevice

TERMINAL = "DEMO-01"


# The service tests lock out sooner than a terminal does, so lockout cases stay short.
SERVICE_TEST_POLICY = AuthPolicy(max_failures=3, lockout_minutes=10.0)


def make_container(
    db_url: str, data_dir: Path, clock: ManualClock, *, auth: AuthPolicy = SERVICE_TEST_POLICY
) -> bootstrap.Container:
    """A training container wired for tests (cheap argon2 parameters, simulated sensor)."""
    settings = Settings(
        db_url=db_url, terminal_id=TERMINAL, demo=True, data_dir=data_dir, auth=auth
    )
    container = bootstrap.build(settings, clock=clock, secrets=InMemorySecretStore())
    container.passwords = PasswordHasher(time_cost=1, memory_cost=1024)
    container.biometric = SimulatedFingerprintDevice()
    upgrade(container.engine)
    ensure_demo_staff(container)
    return container


def log_rows(container: bootstrap.Container, operation: str) -> list[OperationLogRow]:
    """Operation-log rows of one operation, oldest first."""
    with container.uow.begin() as db:
        return list(
            db.scalars(
                select(OperationLogRow)
                .where(OperationLogRow.operation == operation)
                .order_by(OperationLogRow.seq)
            )
        )


@pytest.fixture
def container(
    sqlite_db_url: str, tmp_path: Path, clock: ManualClock
) -> Iterator[bootstrap.Container]:
    """The training container on a fresh SQLite file."""
    built = make_container(sqlite_db_url, tmp_path, clock)
    yield built
    built.close()
