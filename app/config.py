"""Terminal configuration: database URL, terminal ID, data directory, demo (training) mode."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from app.db.engine import sqlite_url

DB_ENV = "MADOGUCHI_DB"
TERMINAL_ENV = "MADOGUCHI_TERMINAL"
DATA_DIR_ENV = "MADOGUCHI_DATA_DIR"
PLAINTEXT_SECRETS_ENV = "MADOGUCHI_ALLOW_PLAINTEXT_SECRETS"


def user_data_dir() -> Path:
    """The per-user data directory (XDG on Linux), overridable with MADOGUCHI_DATA_DIR."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "madoguchi"


@dataclass(frozen=True)
class Settings:
    """Everything the composition root needs to wire the terminal."""

    db_url: str
    terminal_id: str = "T0001"
    demo: bool = False
    data_dir: Path = field(default_factory=user_data_dir)
    # Training mode may keep its secrets in a plain file; production refuses that (see
    # hardware/keyring_store.py). This flag is only ever set by --demo.
    allow_plaintext_secrets: bool = False

    @classmethod
    def from_env(cls, db: str | None = None, *, demo: bool = False) -> Settings:
        """Settings from flags and environment, falling back to the embedded SQLite file."""
        data_dir = user_data_dir()
        name = "demo.sqlite3" if demo else "register.sqlite3"
        url = db or os.environ.get(DB_ENV) or sqlite_url(data_dir / name)
        return cls(
            db_url=url,
            terminal_id=os.environ.get(TERMINAL_ENV, "T0001" if not demo else "DEMO-01"),
            demo=demo,
            data_dir=data_dir,
            # Test machines without an OS secret service may opt in explicitly; a counter
            # PC never sets this, so production refuses plain-text keyring backends.
            allow_plaintext_secrets=demo or os.environ.get(PLAINTEXT_SECRETS_ENV) == "1",
        )
