"""The composition root: wires settings, database, secret store, clock and devices together.

This is the only module in app/ that may import concrete adapters (hardware.keyring_store,
hardware.pcsc, the virtual card and the simulated biometric device); the import-linter
contracts in pyproject.toml allow it here and nowhere else.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine

from app.clock import SystemClock
from app.config import Settings
from app.db.engine import make_engine
from app.db.uow import UnitOfWork
from app.ports import Clock, SecretStore
from app.services.oplog import OperationLog
from hardware.keyring_store import KeyringSecretStore, use_training_keyring


@dataclasses.dataclass
class Container:
    """Everything a front-end (CLI or GUI) needs, built once per process."""

    settings: Settings
    engine: Engine
    uow: UnitOfWork
    clock: Clock
    secrets: SecretStore
    oplog: OperationLog

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()


def build_secret_store(settings: Settings) -> SecretStore:
    """The keyring-backed store; training mode uses a file-backed keyring in its data dir."""
    if settings.allow_plaintext_secrets:
        use_training_keyring(settings.data_dir / "training-keyring.json")
    return KeyringSecretStore(allow_plaintext=settings.allow_plaintext_secrets)


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    secrets: SecretStore | None = None,
) -> Container:
    """Build the container; tests pass their own clock and an in-memory secret store."""
    engine = make_engine(settings.db_url)
    clock = clock or SystemClock()
    secrets = secrets or build_secret_store(settings)
    return Container(
        settings=settings,
        engine=engine,
        uow=UnitOfWork(engine),
        clock=clock,
        secrets=secrets,
        oplog=OperationLog(secrets, clock),
    )
