"""Terminal configuration: every MADOGUCHI_* environment variable, read and checked here once.

:meth:`Settings.from_env` parses the environment when a front end starts; a bad value stops
the start with one :class:`ConfigurationError` line naming the variable and what it must be
(the command line prints it and exits with 2). Services never read the environment: the
composition root (``app.bootstrap``) hands each one its part of :class:`Settings`.

An empty variable counts as unset (its default applies). Switches take exactly ``1`` or
``0``; anything else is an error, never a silent "off".
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from app.db.engine import sqlite_url
from app.domain.errors import UnsafeConfiguration

DB_ENV = "MADOGUCHI_DB"
TERMINAL_ENV = "MADOGUCHI_TERMINAL"
DATA_DIR_ENV = "MADOGUCHI_DATA_DIR"
PLAINTEXT_SECRETS_ENV = "MADOGUCHI_ALLOW_PLAINTEXT_SECRETS"
MUNICIPALITY_ENV = "MADOGUCHI_MUNICIPALITY"
LANG_ENV = "MADOGUCHI_LANG"
DEMO_RESIDENTS_ENV = "MADOGUCHI_DEMO_RESIDENTS"
BIOMETRIC_ENV = "MADOGUCHI_BIOMETRIC"
CARD_ENV = "MADOGUCHI_CARD"
JUKINET_ENV = "MADOGUCHI_JUKINET"
HOME_PREFIX_ENV = "MADOGUCHI_HOME_PREFIX"
ALLOW_ADDRESS_DOB_ENV = "MADOGUCHI_SEARCH_ALLOW_ADDRESS_DOB"
LOCKOUT_FAILURES_ENV = "MADOGUCHI_LOCKOUT_FAILURES"
LOCKOUT_MINUTES_ENV = "MADOGUCHI_LOCKOUT_MINUTES"
CURTAIN_IDLE_ENV = "MADOGUCHI_CURTAIN_IDLE_S"
LOCK_IDLE_ENV = "MADOGUCHI_LOCK_IDLE_S"
CHECKPOINT_DIR_ENV = "MADOGUCHI_CHECKPOINT_DIR"
CHECKPOINT_MINUTES_ENV = "MADOGUCHI_CHECKPOINT_MINUTES"

DEFAULT_TERMINAL = "T0001"
DEMO_TERMINAL = "DEMO-01"
MAX_TERMINAL_ID = 32  # the width of the terminals table's key
# The demo city 郡山市: its 市町村コード, and the prefix an address typed without prefecture
# and city is taken in (app/demo/towns.py). A real deployment sets both variables.
DEFAULT_MUNICIPALITY = "072036"
DEFAULT_HOME_PREFIX = "福島県郡山市"
DEFAULT_DEMO_RESIDENTS = 330_000  # about the population of 郡山市
DEFAULT_MAX_RESULTS = 100
DEFAULT_CHECKPOINT_MINUTES = 15.0
LANGUAGES = ("ja", "en")

_T = TypeVar("_T")


class ConfigurationError(UnsafeConfiguration):
    """An environment variable holds a value the terminal cannot use (one line, exit code 2)."""

    def __init__(self, variable: str, must_be: str, got: str) -> None:
        self.variable = variable
        super().__init__(f"{variable} must be {must_be}, got {got!r}")


def user_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The per-user data directory (XDG on Linux), overridable with MADOGUCHI_DATA_DIR."""
    env = os.environ if environ is None else environ
    override = env.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "madoguchi"


@dataclass(frozen=True)
class SearchSettings:
    """How this terminal searches (docs/SEARCH.md).

    ``home_prefix`` is the municipality's prefecture and city (e.g. '福島県郡山市'): an
    address typed without a prefecture is taken inside it, so '富田町一丁目' finds the
    stored '福島県郡山市富田町１丁目…'; an empty prefix takes typed addresses as they are.
    ``allow_address_dob`` is the R-23 switch (off). ``max_results`` is the bulk-access limit.
    """

    home_prefix: str = DEFAULT_HOME_PREFIX
    allow_address_dob: bool = False
    max_results: int = DEFAULT_MAX_RESULTS


@dataclass(frozen=True)
class AuthPolicy:
    """Login lockout and the idle times of the privacy curtain and the lock (docs/OPERATORS.md)."""

    max_failures: int = 5
    lockout_minutes: float = 15.0
    curtain_idle_seconds: float = 30.0
    lock_idle_seconds: float = 300.0


@dataclass(frozen=True)
class DeviceSettings:
    """Simulated devices outside training mode (test machines); training mode always uses them."""

    simulated_biometric: bool = False  # MADOGUCHI_BIOMETRIC=sim
    virtual_card: bool = False  # MADOGUCHI_CARD=virtual: the simulated 住民票コード read
    simulated_jukinet: bool = False  # MADOGUCHI_JUKINET=sim


@dataclass(frozen=True)
class AuditSettings:
    """Where the operation log's signed checkpoints go, and how often the window writes one.

    The default directory is beside the register, which guards only against mistakes: a
    counter PC points MADOGUCHI_CHECKPOINT_DIR at other storage (a share of another host, or
    write-once media), see docs/SECURITY.md.
    """

    checkpoint_dir: Path | None = None  # None: the data directory's "checkpoints"
    checkpoint_minutes: float = DEFAULT_CHECKPOINT_MINUTES


@dataclass(frozen=True)
class Settings:
    """Everything the composition root needs to wire the terminal."""

    db_url: str
    terminal_id: str = DEFAULT_TERMINAL
    demo: bool = False
    data_dir: Path = field(default_factory=user_data_dir)
    # Training mode may keep its secrets in a plain file; production refuses that (see
    # hardware/keyring_store.py). Set by --demo, or explicitly on a test machine.
    allow_plaintext_secrets: bool = False
    municipality_code: str = DEFAULT_MUNICIPALITY
    language: str = "ja"
    demo_residents: int = DEFAULT_DEMO_RESIDENTS
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    auth: AuthPolicy = field(default_factory=AuthPolicy)
    audit: AuditSettings = field(default_factory=AuditSettings)

    @property
    def checkpoint_dir(self) -> Path:
        """The checkpoint store in force (by default in the data directory)."""
        return self.audit.checkpoint_dir or self.data_dir / "checkpoints"

    @classmethod
    def from_env(
        cls,
        db: str | None = None,
        *,
        demo: bool = False,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Settings from flags and environment, falling back to the embedded SQLite file.

        ``environ`` defaults to the process environment; raises :class:`ConfigurationError`
        for the first variable whose value is unusable.
        """
        env = _Environment(os.environ if environ is None else environ)
        data_dir = user_data_dir(env.values)
        name = "demo.sqlite3" if demo else "register.sqlite3"
        auth = AuthPolicy()
        return cls(
            db_url=db or env.text(DB_ENV) or sqlite_url(data_dir / name),
            terminal_id=env.parse(
                TERMINAL_ENV,
                DEMO_TERMINAL if demo else DEFAULT_TERMINAL,
                _terminal_id,
                f"at most {MAX_TERMINAL_ID} characters without spaces",
            ),
            demo=demo,
            data_dir=data_dir,
            # Test machines without an OS secret service may opt in explicitly; a counter
            # PC never sets this, so production refuses plain-text keyring backends.
            allow_plaintext_secrets=demo or env.switch(PLAINTEXT_SECRETS_ENV),
            municipality_code=env.parse(
                MUNICIPALITY_ENV, DEFAULT_MUNICIPALITY, _municipality, "a 6-digit 市町村コード"
            ),
            language=env.choice(LANG_ENV, "ja", LANGUAGES),
            demo_residents=env.parse(
                DEMO_RESIDENTS_ENV, DEFAULT_DEMO_RESIDENTS, _positive_int, _WHOLE
            ),
            devices=DeviceSettings(
                simulated_biometric=env.choice(BIOMETRIC_ENV, "", ("sim",)) == "sim",
                virtual_card=env.choice(CARD_ENV, "", ("virtual",)) == "virtual",
                simulated_jukinet=env.choice(JUKINET_ENV, "", ("sim",)) == "sim",
            ),
            search=SearchSettings(
                home_prefix=env.text(HOME_PREFIX_ENV) or DEFAULT_HOME_PREFIX,
                allow_address_dob=env.switch(ALLOW_ADDRESS_DOB_ENV),
            ),
            auth=AuthPolicy(
                max_failures=env.parse(
                    LOCKOUT_FAILURES_ENV, auth.max_failures, _positive_int, _WHOLE
                ),
                lockout_minutes=env.parse(
                    LOCKOUT_MINUTES_ENV, auth.lockout_minutes, _positive_float, _NUMBER
                ),
                curtain_idle_seconds=env.parse(
                    CURTAIN_IDLE_ENV, auth.curtain_idle_seconds, _positive_float, _NUMBER
                ),
                lock_idle_seconds=env.parse(
                    LOCK_IDLE_ENV, auth.lock_idle_seconds, _positive_float, _NUMBER
                ),
            ),
            audit=AuditSettings(
                checkpoint_dir=env.path(CHECKPOINT_DIR_ENV),
                checkpoint_minutes=env.parse(
                    CHECKPOINT_MINUTES_ENV,
                    DEFAULT_CHECKPOINT_MINUTES,
                    _positive_float,
                    _NUMBER,
                ),
            ),
        )


def security_digest(settings: Settings) -> str:
    """A digest of every setting that weakens or strengthens a safeguard.

    Carried in every checkpoint, so an auditor sees when lockout, idle times, the
    address+DOB search switch, simulated devices or the checkpoint interval changed.
    """
    fields = {
        "terminal": settings.terminal_id,
        "demo": settings.demo,
        "plaintext_secrets": settings.allow_plaintext_secrets,
        "devices": [
            settings.devices.simulated_biometric,
            settings.devices.virtual_card,
            settings.devices.simulated_jukinet,
        ],
        "allow_address_dob": settings.search.allow_address_dob,
        "auth": [
            settings.auth.max_failures,
            settings.auth.lockout_minutes,
            settings.auth.curtain_idle_seconds,
            settings.auth.lock_idle_seconds,
        ],
        "checkpoint": [str(settings.checkpoint_dir), settings.audit.checkpoint_minutes],
    }
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


_WHOLE = "a positive whole number"
_NUMBER = "a positive number"


class _Environment:
    """Typed reads of the environment; an empty value is the same as an unset one."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values

    def text(self, name: str) -> str:
        return self.values.get(name, "")

    def path(self, name: str) -> Path | None:
        text = self.text(name)
        return Path(text) if text else None

    def parse(self, name: str, default: _T, parse: Callable[[str], _T], must_be: str) -> _T:
        raw = self.text(name)
        if not raw:
            return default
        try:
            return parse(raw)
        except ValueError:
            raise ConfigurationError(name, must_be, raw) from None

    def switch(self, name: str) -> bool:
        return self.choice(name, "0", ("1", "0")) == "1"

    def choice(self, name: str, default: str, allowed: tuple[str, ...]) -> str:
        raw = self.text(name)
        if not raw:
            return default
        if raw not in allowed:
            # A device switch with one value reads "must be 'sim' or unset".
            choices = [repr(a) for a in allowed] + ([] if default else ["unset"])
            raise ConfigurationError(name, " or ".join(choices), raw)
        return raw


def _positive_int(raw: str) -> int:
    value = int(raw.strip())
    if value <= 0:
        raise ValueError(raw)
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(raw)
    return value


def _terminal_id(raw: str) -> str:
    # Printable characters only: the ID is shown, logged and stored, so a NUL, ESC or a
    # direction override (RLO) would reach screens, log lines and the database driver.
    if len(raw) > MAX_TERMINAL_ID or not raw.isprintable() or any(c.isspace() for c in raw):
        raise ValueError(raw)
    return raw


def _municipality(raw: str) -> str:
    if len(raw) != 6 or not raw.isascii() or not raw.isdigit():
        raise ValueError(raw)
    return raw
