"""The composition root: wires settings, database, secret store, clock and devices together.

This is the only module in app/ that may import concrete adapters (hardware.keyring_store,
hardware.pcsc, the virtual card and the simulated biometric device); the import-linter
contracts in pyproject.toml allow it here and nowhere else.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.audit import DirectoryCheckpointStore, OperationLog
from app.clock import SystemClock
from app.config import Settings, security_digest
from app.db import cipher
from app.db.engine import make_engine, sqlite_file
from app.db.uow import UnitOfWork
from app.jukinet.dispatcher import Dispatcher
from app.jukinet.inbox import Inbox
from app.jukinet.outbox import Outbox
from app.jukinet.ports import OfflinePeerDirectory, PeerDirectory
from app.jukinet.simulated import SimulatedPeerNetwork
from app.ports import BiometricDevice, Clock, SecretStore, SimulatedFingers
from app.secret_store import REGISTER_KEY, new_key
from app.services.access import AccessGuard
from app.services.approvals import ApprovalService
from app.services.auth import AuthService, NoBiometricDevice
from app.services.card_reading import CardReadingService
from app.services.confirmation import CardConfirmationService
from app.services.move_in import SpecialMoveInService
from app.services.move_within import MoveWithinService
from app.services.operators import OperatorAdmin
from app.services.passwords import PasswordHasher
from app.services.retention import RetentionService
from app.services.screen import ScreenPrivacy
from app.services.search import IdentitySearchService
from app.services.setup import SetUp
from hardware.biometric_sim import SimulatedFingerprintDevice
from hardware.keyring_store import KeyringSecretStore, use_training_keyring
from hardware.ports import CardConnection, CardMonitor, ResidentCodeSource
from hardware.virtual_card import SimulatedResidentCodeSource

if TYPE_CHECKING:
    from hardware.virtual_card.slot import TrainingCardSlot


@dataclasses.dataclass
class Container:
    """Everything a front-end (CLI or GUI) needs, built once per process."""

    settings: Settings
    engine: Engine
    uow: UnitOfWork
    clock: Clock
    secrets: SecretStore
    oplog: OperationLog

    def schema_is_current(self) -> bool:
        """True when the database is migrated to the newest revision."""
        from app.db.migrate import schema_is_current

        return schema_is_current(self.engine)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    # -- operators, rights and login (issue 4) ------------------------------------------
    @functools.cached_property
    def biometric(self) -> BiometricDevice:
        """The fingerprint sensor: simulated in training mode (or MADOGUCHI_BIOMETRIC=sim)."""
        if self.settings.demo or self.settings.devices.simulated_biometric:
            return SimulatedFingerprintDevice()
        return NoBiometricDevice()  # the vendor backend is wired here in a later issue

    @property
    def training_fingers(self) -> SimulatedFingers | None:
        """The sensor's on-screen finger picker: only a simulated sensor in training mode."""
        device = self.biometric
        if self.settings.demo and isinstance(device, SimulatedFingers):
            return device
        return None

    @functools.cached_property
    def guard(self) -> AccessGuard:
        """Rights checked in the database at every call; refusals logged."""
        return AccessGuard(self.uow, self.clock, self.oplog)

    @functools.cached_property
    def passwords(self) -> PasswordHasher:
        """argon2id hashing of the fallback passwords."""
        return PasswordHasher()

    @functools.cached_property
    def operators(self) -> OperatorAdmin:
        """Operator, role, grant and ledger administration."""
        return OperatorAdmin(self.uow, self.clock, self.oplog, self.guard, self.passwords)

    def card_transport(self, reader_name: str | None = None) -> CardConnection:
        """Open the card reader this terminal may use (virtual readers in training only)."""
        return open_card_transport(
            reader_name, allow_virtual=virtual_readers_allowed(self.settings)
        )

    @functools.cached_property
    def retention(self) -> RetentionService:
        """The one guarded deletion path (retention rules)."""
        return RetentionService(self.uow, self.clock, self.oplog)

    @functools.cached_property
    def setup(self) -> SetUp:
        """The first set-up of a new register (terminal and first administrator together)."""
        return SetUp(
            self.uow,
            self.clock,
            self.oplog,
            self.operators,
            self.guard,
            hasher=self.passwords,
            policy=self.settings.auth,
        )

    @functools.cached_property
    def auth(self) -> AuthService:
        """Login, lock, re-authentication and logout."""
        return AuthService(
            self.uow,
            self.clock,
            self.oplog,
            self.guard,
            hasher=self.passwords,
            device=self.biometric,
            policy=self.settings.auth,
        )

    @functools.cached_property
    def search(self) -> IdentitySearchService:
        """本人確認情報検索 under the two-of-four policy."""
        return IdentitySearchService(self.uow, self.oplog, self.guard, self.settings.search)

    @functools.cached_property
    def screen(self) -> ScreenPrivacy:
        """Logged 個人番号 reveal and the controlled hardcopy."""
        return ScreenPrivacy(self.uow, self.clock, self.oplog, self.guard)

    # -- identity confirmation, 特例転入 and Juki-net (issue 6) --------------------------------
    @functools.cached_property
    def municipality_code(self) -> str:
        """This city's 市町村コード (MADOGUCHI_MUNICIPALITY; the demo city 郡山市 by default)."""
        return self.settings.municipality_code

    @functools.cached_property
    def resident_code_source(self) -> ResidentCodeSource | None:
        """How the 住民票コード is read: the virtual card's simulated command in training mode
        (or MADOGUCHI_CARD=virtual); None until a vendor module is wired (the card-reading
        service then asks the operator to type it)."""
        if self.settings.demo or self.settings.devices.virtual_card:
            return SimulatedResidentCodeSource()
        return None

    @functools.cached_property
    def peer_network(self) -> PeerDirectory:
        """The Juki-net peers: simulated in training mode (or MADOGUCHI_JUKINET=sim)."""
        if self.settings.demo or self.settings.devices.simulated_jukinet:
            return SimulatedPeerNetwork()
        return OfflinePeerDirectory()

    @functools.cached_property
    def jukinet_inbox(self) -> Inbox:
        """Received 転出証明書情報."""
        return Inbox(self.uow, self.clock, self.oplog, self.settings.terminal_id)

    @functools.cached_property
    def jukinet_outbox(self) -> Outbox:
        """Outbound notifications and their delivery attempts."""
        return Outbox(self.uow)

    @functools.cached_property
    def dispatcher(self) -> Dispatcher:
        """Sends the outbox through the peer network, recording every attempt."""
        return Dispatcher(
            self.uow,
            self.clock,
            self.oplog,
            self.peer_network,
            sender_municipality_code=self.municipality_code,
            terminal_id=self.settings.terminal_id,
        )

    @functools.cached_property
    def card_reading(self) -> CardReadingService:
        """The one card read (PINs, last try, 住民票コード from the source or the operator)."""
        return CardReadingService(
            self.uow, self.clock, self.oplog, resident_codes=self.resident_code_source
        )

    @functools.cached_property
    def card_confirmation(self) -> CardConfirmationService:
        """本人確認 with the My Number card."""
        return CardConfirmationService(
            self.uow,
            self.oplog,
            self.guard,
            card_reading=self.card_reading,
            reveal=self.screen,
        )

    @functools.cached_property
    def move_in(self) -> SpecialMoveInService:
        """特例転入 entry and 継続利用."""
        return SpecialMoveInService(
            self.uow,
            self.clock,
            self.oplog,
            self.guard,
            card_reading=self.card_reading,
            municipality_code=self.municipality_code,
        )

    @functools.cached_property
    def move_within(self) -> MoveWithinService:
        """転居 entry."""
        return MoveWithinService(self.uow, self.clock, self.oplog, self.guard)

    @functools.cached_property
    def approvals(self) -> ApprovalService:
        """The second operator's approvals queue."""
        return ApprovalService(self.uow, self.clock, self.oplog, self.guard)


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
    clock = clock or SystemClock()
    secrets = secrets or build_secret_store(settings)
    engine = make_engine(settings.db_url, key=register_key(settings, secrets))
    return Container(
        settings=settings,
        engine=engine,
        uow=UnitOfWork(engine),
        clock=clock,
        secrets=secrets,
        oplog=OperationLog(
            secrets,
            clock,
            checkpoints=DirectoryCheckpointStore(settings.checkpoint_dir),
            settings_digest=security_digest(settings),
        ),
    )


def register_key(settings: Settings, secrets: SecretStore) -> bytes | None:
    """The SQLCipher key of this SQLite register, made for a new one; None when not encrypted.

    The training register stays in clear (its people are invented). Any other SQLite
    register is encrypted from its creation with a key kept in the OS keyring; a plain one
    is refused until ``madoguchi db encrypt`` converts it.
    """
    path = sqlite_file(settings.db_url)
    if path is None or settings.demo:
        return None
    exists = path.exists() and path.stat().st_size > 0
    if exists and cipher.is_plain_sqlite(path):
        if cipher.is_training_file(path):
            return None  # the training register, opened by a command without --demo
        raise cipher.RegisterNotEncrypted()
    stored = secrets.get(REGISTER_KEY)
    if stored:
        return bytes.fromhex(stored)
    if exists:
        raise cipher.RegisterKeyMissing()
    key = new_key()
    secrets.set(REGISTER_KEY, key)
    return bytes.fromhex(key)


def open_card_transport(
    reader_name: str | None = None, *, allow_virtual: bool = False
) -> CardConnection:
    """Connect through PC/SC (a fresh context per connection, so pcscd restarts heal).

    Virtual (vpcd) readers only with ``allow_virtual``: see :func:`virtual_readers_allowed`.
    pyscard is imported only when a card is used, so other commands start without it.
    """
    from hardware.readers import open_pcsc_transport

    return open_pcsc_transport(reader_name, allow_virtual=allow_virtual)


def virtual_readers_allowed(settings: Settings) -> bool:
    """Training mode, or a test machine that asked for the virtual card (MADOGUCHI_CARD)."""
    return settings.demo or settings.devices.virtual_card


def make_card_monitor() -> CardMonitor:
    """A monitor of card insertion and removal in the PC/SC readers."""
    from hardware.readers import make_pcsc_monitor

    return make_pcsc_monitor()


def training_card_slot() -> TrainingCardSlot:
    """The virtual card slot of training mode (one virtual card at a time in vpcd)."""
    from hardware.virtual_card.slot import TrainingCardSlot

    return TrainingCardSlot()
