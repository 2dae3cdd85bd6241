"""The secret store adapter over ``keyring`` (the one module that imports it).

Production refuses a keyring backend that keeps secrets in plain text or does not keep
them at all; training (demo) mode may use :class:`TrainingFileKeyring`, a plain JSON file
in the demo data directory, which is clearly not for real data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from app.domain.errors import UnsafeConfiguration

SERVICE = "madoguchi"

_INSECURE_MARKERS = ("plaintext", "fail", "null", "training")


class InsecureSecretBackend(UnsafeConfiguration):
    """The configured keyring backend would store secrets in plain text (or nowhere)."""


class TrainingFileKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that stores secrets in a JSON file: for training mode only."""

    priority = 0.1  # never chosen automatically; set explicitly by the demo wiring

    def __init__(self, path: Path) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._path = path

    def _load(self) -> dict[str, dict[str, str]]:
        if not self._path.exists():
            return {}
        loaded: dict[str, dict[str, str]] = json.loads(self._path.read_text(encoding="utf-8"))
        return loaded

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret or None."""
        return self._load().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret, readable by the owner only."""
        data = self._load()
        data.setdefault(service, {})[username] = password
        folder = self._path.parent
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
            folder.chmod(0o700)  # whatever the umask: the training data directory is private
        tmp = self._path.with_suffix(".tmp")
        # Created 0600 from the start: no moment in which the key file is readable by others.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data))
        tmp.chmod(0o600)  # an older .tmp left behind keeps its own mode through O_TRUNC
        tmp.replace(self._path)

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret."""
        data = self._load()
        if username not in data.get(service, {}):
            raise keyring.errors.PasswordDeleteError(username)
        del data[service][username]
        self._path.write_text(json.dumps(data), encoding="utf-8")


def backend_is_insecure(backend: keyring.backend.KeyringBackend) -> bool:
    """True for backends that keep secrets in plain text, or that cannot keep them at all."""
    names = [type(backend).__name__, type(backend).__module__]
    chained = getattr(backend, "backends", None)
    if chained is not None:
        if not chained:
            return True
        return all(backend_is_insecure(b) for b in chained)
    return any(marker in name.lower() for name in names for marker in _INSECURE_MARKERS)


class KeyringSecretStore:
    """SecretStore over the process's keyring backend."""

    def __init__(self, *, allow_plaintext: bool = False, service: str = SERVICE) -> None:
        self._service = service
        backend = keyring.get_keyring()
        if not allow_plaintext and backend_is_insecure(backend):
            raise InsecureSecretBackend(
                "鍵ストアが平文または利用不可のため起動できません "
                f"(keyring backend {type(backend).__name__} keeps secrets in plain text or "
                "not at all; configure the OS secret service, or use --demo for training)"
            )

    def get(self, name: str) -> str | None:
        """The secret ``name`` from the keyring, or None."""
        value: str | None = keyring.get_password(self._service, name)
        return value

    def set(self, name: str, value: str) -> None:
        """Store ``value`` in the keyring under ``name``."""
        keyring.set_password(self._service, name, value)


def use_training_keyring(path: Path) -> None:
    """Make :class:`TrainingFileKeyring` the process's keyring (demo mode and tests only)."""
    keyring.set_keyring(TrainingFileKeyring(path))
