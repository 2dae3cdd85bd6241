"""The register at rest: a production SQLite register is SQLCipher, keyed from the keyring.

The raw files (the register and its WAL) are searched for a known 個人番号, name and
operator ID, which must not be there; the training register stays in clear.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app import bootstrap
from app.clock import ManualClock
from app.config import Settings
from app.db import cipher
from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from app.db.models.register import Resident
from app.demo.loader import seed_population
from app.domain.identifiers import make_my_number
from app.secret_store import REGISTER_KEY, InMemorySecretStore
from tests.support.register_rows import add_head_of_household
from tests.support.setup import fresh_container

MY_NUMBER = make_my_number("98765432109")
NAME = "暗号　花子"
ADMIN = "ADMX01"


def _raw(path: Path) -> bytes:
    """The register file and every companion SQLite keeps beside it."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def _add_resident(box: bootstrap.Container) -> None:
    with box.uow.begin() as session:
        add_head_of_household(
            session, name=NAME, kana="アンゴウ　ハナコ", my_number=MY_NUMBER, updated_by=ADMIN
        )


def test_a_production_register_is_encrypted_at_rest(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "register.sqlite3"
    box = fresh_container(sqlite_url(path), tmp_path / "data", clock)
    secrets = box.secrets
    box.setup.set_up("T0001", ADMIN, "管理　一郎", "Str0ngPassword9")
    _add_resident(box)
    box.close()

    raw = _raw(path)
    assert not cipher.is_plain_sqlite(path)
    for secret in (MY_NUMBER.encode(), NAME.encode(), ADMIN.encode(), b"operation_log"):
        assert secret not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM residents").fetchone()

    settings = Settings(db_url=sqlite_url(path), data_dir=tmp_path / "data")
    again = bootstrap.build(settings, clock=clock, secrets=secrets)
    try:
        with again.uow.begin() as session:
            assert session.scalar(select(Resident.my_number)) == MY_NUMBER
    finally:
        again.close()


def test_without_its_key_an_encrypted_register_is_one_clear_refusal(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "register.sqlite3"
    fresh_container(sqlite_url(path), tmp_path / "data", clock).close()
    settings = Settings(db_url=sqlite_url(path), data_dir=tmp_path / "data")
    with pytest.raises(cipher.RegisterKeyMissing) as refused:
        bootstrap.build(settings, clock=clock, secrets=InMemorySecretStore())
    assert "鍵" in str(refused.value)


def test_a_plain_register_is_refused_until_it_is_encrypted(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "register.sqlite3"
    plain = make_engine(sqlite_url(path))
    upgrade(plain)
    plain.dispose()
    settings = Settings(db_url=sqlite_url(path), data_dir=tmp_path / "data")
    secrets = InMemorySecretStore()
    with pytest.raises(cipher.RegisterNotEncrypted):
        bootstrap.build(settings, clock=clock, secrets=secrets)

    key = bytes(range(32))
    cipher.encrypt_file(path, key)
    secrets.set(REGISTER_KEY, key.hex())
    box = bootstrap.build(settings, clock=clock, secrets=secrets)
    try:
        box.setup.set_up("T0001", ADMIN, "管理　一郎", "Str0ngPassword9")
        assert box.setup.is_new() is False
    finally:
        box.close()
    assert not cipher.is_plain_sqlite(path) and ADMIN.encode() not in _raw(path)
    assert not list(tmp_path.glob("register.sqlite3.encrypting"))


def test_the_training_register_stays_in_clear(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "demo.sqlite3"
    settings = Settings(db_url=sqlite_url(path), demo=True, data_dir=tmp_path / "data")
    box = bootstrap.build(settings, clock=clock, secrets=InMemorySecretStore())
    upgrade(box.engine)
    box.close()
    assert cipher.is_plain_sqlite(path)


def test_the_key_is_raw_and_must_be_32_bytes() -> None:
    assert cipher.key_pragma(bytes(32)) == "PRAGMA key = \"x'" + "00" * 32 + "'\""
    with pytest.raises(ValueError, match="32 bytes"):
        cipher.key_pragma(b"passphrase")


def test_a_seeded_training_register_opens_in_clear_without_demo(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "demo.sqlite3"
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    seed_population(engine, 20, 1, training_operators=frozenset(), workers=0)
    engine.dispose()
    assert cipher.is_plain_sqlite(path) and cipher.is_training_file(path)
    settings = Settings(db_url=sqlite_url(path), data_dir=tmp_path / "data")  # no --demo
    secrets = InMemorySecretStore()
    box = bootstrap.build(settings, clock=clock, secrets=secrets)
    try:
        with box.uow.begin() as session:
            assert session.scalar(select(Resident.id).limit(1)) is not None
    finally:
        box.close()
    assert secrets.get(REGISTER_KEY) is None and cipher.is_plain_sqlite(path)
