"""In-process secret store for tests, and the names of the secrets the terminal keeps."""

from __future__ import annotations

import secrets as _stdlib_secrets

LOG_CHAIN_KEY = "operation-log-chain-key"
"""HMAC key that seals every row of the operation log (R-13)."""

REGISTER_KEY = "register-key"
"""SQLCipher key of an SQLite register that is not the training one (encryption at rest)."""


class InMemorySecretStore:
    """A SecretStore that lives in a dict: for unit tests only, never wired in production."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        """The stored value or None."""
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        """Store a value."""
        self._values[name] = value


def new_key() -> str:
    """A fresh 256-bit key, hex-encoded."""
    return _stdlib_secrets.token_hex(32)
