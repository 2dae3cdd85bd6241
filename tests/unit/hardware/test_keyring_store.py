"""The keyring adapter: secrets go through keyring; production refuses plaintext backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from hardware.keyring_store import (
    InsecureSecretBackend,
    KeyringSecretStore,
    TrainingFileKeyring,
    backend_is_insecure,
)


@pytest.fixture(autouse=True)
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


class _SecureLookingBackend(keyring.backend.KeyringBackend):
    """Stands for an OS secret service (its storage here is a dict)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.values[(service, username)]


def test_production_refuses_a_backend_that_cannot_keep_secrets() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(InsecureSecretBackend, match="plain text"):
        KeyringSecretStore()


def test_production_refuses_the_training_file_backend(tmp_path: Path) -> None:
    keyring.set_keyring(TrainingFileKeyring(tmp_path / "k.json"))
    with pytest.raises(InsecureSecretBackend):
        KeyringSecretStore()


def test_secrets_round_trip_through_keyring() -> None:
    backend = _SecureLookingBackend()
    keyring.set_keyring(backend)
    store = KeyringSecretStore()
    assert store.get("operation-log-chain-key") is None
    store.set("operation-log-chain-key", "ab" * 32)
    assert store.get("operation-log-chain-key") == "ab" * 32
    assert backend.values[("madoguchi", "operation-log-chain-key")] == "ab" * 32


def test_training_mode_keeps_secrets_in_an_owner_only_file(tmp_path: Path) -> None:
    path = tmp_path / "training-keyring.json"
    keyring.set_keyring(TrainingFileKeyring(path))
    store = KeyringSecretStore(allow_plaintext=True)
    store.set("k", "v")
    assert KeyringSecretStore(allow_plaintext=True).get("k") == "v"
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_training_key_file_and_its_new_folder_are_private_whatever_the_umask(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new-data-dir" / "training-keyring.json"
    keyring.set_keyring(TrainingFileKeyring(path))
    old = os.umask(0)
    try:
        KeyringSecretStore(allow_plaintext=True).set("k", "v")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_insecure_detection_covers_chainers() -> None:
    from keyring.backends import chainer

    class EmptyChainer(chainer.ChainerBackend):
        backends = []  # type: ignore[assignment]

    assert backend_is_insecure(EmptyChainer())
    assert not backend_is_insecure(_SecureLookingBackend())
