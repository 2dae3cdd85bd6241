"""app/config.py: every MADOGUCHI_* variable, its default, a valid value and a refused one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import bootstrap
from app.config import (
    AuthPolicy,
    ConfigurationError,
    SearchSettings,
    Settings,
    security_digest,
)
from app.domain.errors import UnsafeConfiguration
from app.jukinet.ports import OfflinePeerDirectory
from app.jukinet.simulated import SimulatedPeerNetwork
from app.secret_store import InMemorySecretStore
from app.services.auth import NoBiometricDevice
from hardware.biometric_sim import SimulatedFingerprintDevice

ROOT = Path(__file__).resolve().parents[2]
BASE = {"XDG_DATA_HOME": "/xdg"}

Get = Callable[[Settings], Any]

# (variable, what it sets, default, a valid value and what it gives)
VALID: list[tuple[str, Get, Any, str, Any]] = [
    ("MADOGUCHI_TERMINAL", lambda s: s.terminal_id, "T0001", "T0042", "T0042"),
    ("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", lambda s: s.allow_plaintext_secrets, False, "1", True),
    ("MADOGUCHI_MUNICIPALITY", lambda s: s.municipality_code, "072036", "131016", "131016"),
    ("MADOGUCHI_LANG", lambda s: s.language, "ja", "en", "en"),
    ("MADOGUCHI_DEMO_RESIDENTS", lambda s: s.demo_residents, 330_000, "500", 500),
    ("MADOGUCHI_BIOMETRIC", lambda s: s.devices.simulated_biometric, False, "sim", True),
    ("MADOGUCHI_CARD", lambda s: s.devices.virtual_card, False, "virtual", True),
    ("MADOGUCHI_JUKINET", lambda s: s.devices.simulated_jukinet, False, "sim", True),
    (
        "MADOGUCHI_HOME_PREFIX",
        lambda s: s.search.home_prefix,
        "福島県郡山市",
        "東京都港区",
        "東京都港区",
    ),
    ("MADOGUCHI_SEARCH_ALLOW_ADDRESS_DOB", lambda s: s.search.allow_address_dob, False, "1", True),
    ("MADOGUCHI_LOCKOUT_FAILURES", lambda s: s.auth.max_failures, 5, "3", 3),
    ("MADOGUCHI_LOCKOUT_MINUTES", lambda s: s.auth.lockout_minutes, 15.0, "0.5", 0.5),
    ("MADOGUCHI_CURTAIN_IDLE_S", lambda s: s.auth.curtain_idle_seconds, 30.0, "5", 5.0),
    ("MADOGUCHI_LOCK_IDLE_S", lambda s: s.auth.lock_idle_seconds, 300.0, "20", 20.0),
    (
        "MADOGUCHI_CHECKPOINT_DIR",
        lambda s: s.checkpoint_dir,
        Path("/xdg/madoguchi/checkpoints"),
        "/mnt/audit",
        Path("/mnt/audit"),
    ),
    ("MADOGUCHI_CHECKPOINT_MINUTES", lambda s: s.audit.checkpoint_minutes, 15.0, "5", 5.0),
    ("MADOGUCHI_DATA_DIR", lambda s: s.data_dir, Path("/xdg/madoguchi"), "/srv/m", Path("/srv/m")),
    (
        "MADOGUCHI_DB",
        lambda s: s.db_url,
        "sqlite:////xdg/madoguchi/register.sqlite3",
        "postgresql+psycopg://db.example/register",
        "postgresql+psycopg://db.example/register",
    ),
]

# (variable, a refused value, what the message says it must be)
REFUSED: list[tuple[str, str, str]] = [
    ("MADOGUCHI_TERMINAL", "T 1", "at most 32 characters without spaces"),
    ("MADOGUCHI_TERMINAL", "T" * 33, "at most 32 characters without spaces"),
    ("MADOGUCHI_ALLOW_PLAINTEXT_SECRETS", "yes", "'1' or '0'"),
    ("MADOGUCHI_MUNICIPALITY", "07203", "a 6-digit 市町村コード"),
    ("MADOGUCHI_MUNICIPALITY", "０７２０３６", "a 6-digit 市町村コード"),
    ("MADOGUCHI_LANG", "fr", "'ja' or 'en'"),
    ("MADOGUCHI_DEMO_RESIDENTS", "0", "a positive whole number"),
    ("MADOGUCHI_DEMO_RESIDENTS", "many", "a positive whole number"),
    ("MADOGUCHI_BIOMETRIC", "vendor", "'sim' or unset"),
    ("MADOGUCHI_CARD", "sim", "'virtual' or unset"),
    ("MADOGUCHI_JUKINET", "on", "'sim' or unset"),
    ("MADOGUCHI_SEARCH_ALLOW_ADDRESS_DOB", "true", "'1' or '0'"),
    ("MADOGUCHI_LOCKOUT_FAILURES", "abc", "a positive whole number"),
    ("MADOGUCHI_LOCKOUT_FAILURES", "2.5", "a positive whole number"),
    ("MADOGUCHI_LOCKOUT_FAILURES", "-1", "a positive whole number"),
    ("MADOGUCHI_LOCKOUT_MINUTES", "x", "a positive number"),
    ("MADOGUCHI_LOCKOUT_MINUTES", "nan", "a positive number"),
    ("MADOGUCHI_CURTAIN_IDLE_S", "0", "a positive number"),
    ("MADOGUCHI_LOCK_IDLE_S", "inf", "a positive number"),
    ("MADOGUCHI_CHECKPOINT_MINUTES", "0", "a positive number"),
]


def _settings(**env: str) -> Settings:
    return Settings.from_env(environ={**BASE, **env})


@pytest.mark.parametrize(
    ("name", "get", "default", "raw", "value"), VALID, ids=[row[0] for row in VALID]
)
def test_default_valid_value_and_empty(
    name: str, get: Get, default: Any, raw: str, value: Any
) -> None:
    assert get(_settings()) == default
    assert get(_settings(**{name: raw})) == value
    assert get(_settings(**{name: ""})) == default  # empty counts as unset


@pytest.mark.parametrize(("name", "raw", "must_be"), REFUSED)
def test_a_bad_value_is_one_line_naming_the_variable(name: str, raw: str, must_be: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _settings(**{name: raw})
    assert str(caught.value) == f"{name} must be {must_be}, got {raw!r}"
    assert caught.value.variable == name
    # The command line catches this base and prints the one line with exit code 2.
    assert isinstance(caught.value, UnsafeConfiguration)


def test_every_variable_in_the_tables_is_known_to_config() -> None:
    source = (ROOT / "app" / "config.py").read_text(encoding="utf-8")
    read_there = set(re.findall(r'"(MADOGUCHI_[A-Z_]+)"', source))
    assert {row[0] for row in VALID} == read_there
    assert {row[0] for row in REFUSED} <= read_there


def test_switches_accept_zero_as_off() -> None:
    settings = _settings(
        MADOGUCHI_ALLOW_PLAINTEXT_SECRETS="0", MADOGUCHI_SEARCH_ALLOW_ADDRESS_DOB="0"
    )
    assert settings.allow_plaintext_secrets is False
    assert settings.search.allow_address_dob is False


def test_training_mode_defaults() -> None:
    settings = Settings.from_env(demo=True, environ=BASE)
    assert settings.terminal_id == "DEMO-01"
    assert settings.allow_plaintext_secrets is True
    assert settings.db_url.endswith("/xdg/madoguchi/demo.sqlite3")
    assert (
        Settings.from_env(demo=True, environ={**BASE, "MADOGUCHI_TERMINAL": "T9"}).terminal_id
        == "T9"
    )


def test_the_db_flag_wins_over_the_variable() -> None:
    settings = Settings.from_env(
        "sqlite:////tmp/flag.sqlite3",
        environ={**BASE, "MADOGUCHI_DB": "sqlite:////tmp/env.sqlite3"},
    )
    assert settings.db_url == "sqlite:////tmp/flag.sqlite3"


def test_directly_built_settings_equal_an_empty_environment() -> None:
    parsed = _settings()
    built = Settings(db_url=parsed.db_url, data_dir=parsed.data_dir)
    assert built == parsed


def test_settings_reach_the_services_through_the_container(tmp_path: Path) -> None:
    search = SearchSettings(home_prefix="東京都港区", allow_address_dob=True)
    auth = AuthPolicy(max_failures=2, lockout_minutes=1.0)
    settings = Settings.from_env(
        f"sqlite:///{tmp_path / 'c.sqlite3'}",
        environ={
            **BASE,
            "MADOGUCHI_HOME_PREFIX": search.home_prefix,
            "MADOGUCHI_SEARCH_ALLOW_ADDRESS_DOB": "1",
            "MADOGUCHI_LOCKOUT_FAILURES": "2",
            "MADOGUCHI_LOCKOUT_MINUTES": "1",
            "MADOGUCHI_MUNICIPALITY": "131032",
            "MADOGUCHI_BIOMETRIC": "sim",
            "MADOGUCHI_JUKINET": "sim",
        },
    )
    container = bootstrap.build(settings, secrets=InMemorySecretStore())
    try:
        assert container.search.settings == search
        assert container.auth.policy == auth
        assert container.municipality_code == "131032"
        assert isinstance(container.biometric, SimulatedFingerprintDevice)
        assert isinstance(container.peer_network, SimulatedPeerNetwork)
        assert container.resident_code_source is None  # MADOGUCHI_CARD was not set
    finally:
        container.close()


def test_production_devices_stay_off_without_the_variables(tmp_path: Path) -> None:
    settings = Settings.from_env(f"sqlite:///{tmp_path / 'p.sqlite3'}", environ=BASE)
    container = bootstrap.build(settings, secrets=InMemorySecretStore())
    try:
        assert isinstance(container.biometric, NoBiometricDevice)
        assert isinstance(container.peer_network, OfflinePeerDirectory)
    finally:
        container.close()


def test_no_other_module_reads_the_environment() -> None:
    readers = []
    for folder in ("app", "ui", "hardware"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "app" / "config.py":
                continue
            text = path.read_text(encoding="utf-8")
            if "os.environ" in text or "getenv" in text:
                readers.append(str(path.relative_to(ROOT)))
    assert readers == []


def test_the_command_line_stops_with_the_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from cli.main import main

    monkeypatch.setenv("MADOGUCHI_LOCKOUT_FAILURES", "abc")
    assert main(["--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", "db", "upgrade"]) == 2
    assert capsys.readouterr().err == (
        "madoguchi: MADOGUCHI_LOCKOUT_FAILURES must be a positive whole number, got 'abc'\n"
    )
    assert not (tmp_path / "x.sqlite3").exists()  # stopped before anything was opened


def test_the_security_digest_changes_with_every_safeguard_setting() -> None:
    base = security_digest(_settings())
    assert base == security_digest(_settings())
    for name, raw in [
        ("MADOGUCHI_LOCKOUT_FAILURES", "9"),
        ("MADOGUCHI_LOCK_IDLE_S", "999"),
        ("MADOGUCHI_SEARCH_ALLOW_ADDRESS_DOB", "1"),
        ("MADOGUCHI_CARD", "virtual"),
        ("MADOGUCHI_CHECKPOINT_DIR", "/mnt/other"),
    ]:
        assert security_digest(_settings(**{name: raw})) != base, name
    # Settings that protect nothing leave it alone.
    assert security_digest(_settings(MADOGUCHI_LANG="en")) == base
