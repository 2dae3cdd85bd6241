"""Ports: the protocols app/ needs from the outside world, implemented by adapters and fakes."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Where services get the time (tests pass a controllable one)."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware."""
        ...


class SecretStore(Protocol):
    """A store for the terminal's secrets (log-chain key and the like), behind ``keyring``."""

    def get(self, name: str) -> str | None:
        """The secret called ``name``, or None if it was never stored."""
        ...

    def set(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any previous value."""
        ...
