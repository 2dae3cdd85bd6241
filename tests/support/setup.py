"""Helpers of the set-up tests: a production (not training) container on a new register."""

from __future__ import annotations

from pathlib import Path

from app import bootstrap
from app.clock import ManualClock
from app.config import AuthPolicy, Settings
from app.db.migrate import upgrade
from app.secret_store import InMemorySecretStore
from app.services.passwords import PasswordHasher


def fresh_container(
    db_url: str, data_dir: Path, clock: ManualClock, *, terminal_id: str = "T0001"
) -> bootstrap.Container:
    """A container on a migrated register with no terminal and no operator (cheap argon2)."""
    settings = Settings(
        db_url=db_url,
        terminal_id=terminal_id,
        data_dir=data_dir,
        auth=AuthPolicy(max_failures=3, lockout_minutes=10.0),
    )
    container = bootstrap.build(settings, clock=clock, secrets=InMemorySecretStore())
    container.passwords = PasswordHasher(time_cost=1, memory_cost=1024)
    upgrade(container.engine)
    return container
