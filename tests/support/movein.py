"""Helpers for the 特例転入 tests: a register database, services, a fake guard, virtual cards."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.audit import OperationLog
from app.clock import JST, ManualClock
from app.db.base import Base
from app.db.engine import make_engine
from app.db.models.oplog import OperationLogRow
from app.db.models.register import Household, Resident
from app.db.uow import UnitOfWork
from app.domain import search_keys
from app.domain.rights import AccessDenied, AuthMethod, OperatorSession, Right
from app.jukinet.dispatcher import Dispatcher
from app.jukinet.inbox import Inbox
from app.jukinet.messages import MoveOutCertificate
from app.jukinet.outbox import Outbox
from app.jukinet.simulated import SimulatedPeerNetwork
from app.secret_store import InMemorySecretStore
from app.services.approvals import ApprovalService
from app.services.card_reading import CardReadingService
from app.services.confirmation import CardConfirmationService
from app.services.identity_records import IdentityRecordService
from app.services.move_in import HouseholdChoice, MoveInEntry, SpecialMoveInService
from app.services.move_within import MoveWithinService
from hardware.ports import PinKind
from hardware.virtual_card import CardHolder, SimulatedResidentCodeSource, VirtualMyNumberCard

CITY = "072036"
FORMER_CITY = "072010"
TODAY = dt.date(2026, 4, 1)


class FakeGuard:
    """Grants what each operator was given; records refusals like the real guard."""

    def __init__(self) -> None:
        self.refusals: list[tuple[str, Right]] = []

    def require(
        self, session: OperatorSession, right: Right, *, operation: str, target: str = ""
    ) -> None:
        """Raise AccessDenied unless the session carries ``right``."""
        del operation, target
        if right not in session.rights:
            self.refusals.append((session.operator_id, right))
            raise AccessDenied(right)


class FakeReveal:
    """The screen-privacy reveal: right-checked through the guard, remembered."""

    def __init__(self, guard: FakeGuard) -> None:
        self.guard = guard
        self.targets: list[str] = []

    def reveal_my_number(self, session: OperatorSession, *, target: str, purpose: str = "") -> None:
        """Check the right and remember the target."""
        del purpose
        self.guard.require(session, Right.REVEAL_MY_NUMBER, operation="reveal", target=target)
        self.targets.append(target)


class Pins:
    """A GuardedPinPrompt with canned answers per PIN kind; counts the prompts.

    ``last_try`` is the operator's answer when a PIN has one try left; the questions asked
    are kept in ``last_try_asked``.
    """

    def __init__(self, juki: str = "1234", kenhojo: str = "1234", *, last_try: bool = True):
        self.answers = {PinKind.JUKI: juki, PinKind.KENHOJO: kenhojo}
        self.asked: list[PinKind] = []
        self.last_try = last_try
        self.last_try_asked: list[PinKind] = []

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray | None:
        """The canned PIN for ``kind``."""
        del tries_left
        self.asked.append(kind)
        return bytearray(self.answers[kind].encode())

    def confirm_last_try(self, kind: PinKind) -> bool:
        """The canned answer to the last-try question."""
        self.last_try_asked.append(kind)
        return self.last_try


def operator(operator_id: str, *rights: Right) -> OperatorSession:
    """A signed-in operator with ``rights``."""
    return OperatorSession(
        session_id=f"s-{operator_id}",
        operator_id=operator_id,
        terminal_id="T0001",
        method=AuthMethod.PASSWORD,
        started_at=dt.datetime(2026, 4, 1, 9, tzinfo=JST),
        rights=frozenset(rights),
    )


CLERK = operator("clerk01", Right.CARD_CONFIRM, Right.MOVE_IN_ENTRY)
SUPER = operator("super01", Right.CONFIRM_OTHERS, Right.CARD_CONFIRM, Right.REVEAL_MY_NUMBER)
CLERK_WHO_CONFIRMS = operator("clerk02", Right.MOVE_IN_ENTRY, Right.CONFIRM_OTHERS)


def certificate(**changes: object) -> MoveOutCertificate:
    """A 転出証明書情報 for the person of :func:`holder` (from 福島市, planned 3/28)."""
    base = MoveOutCertificate(
        message_id="m-0001",
        from_municipality_code=FORMER_CITY,
        resident_code="24727059608",
        my_number="123456789018",
        name_kanji="試験　太郎",
        name_kana="シケン　タロウ",
        date_of_birth=dt.date(1980, 1, 1),
        sex_code="1",
        former_address="福島県福島市本町１－２",
        planned_move_out_date=dt.date(2026, 3, 28),
        destination_address="福島県郡山市",
        head_name_kanji="試験　太郎",
        relationship_name="世帯主",
        former_postal_code="9600001",
        domicile="福島県福島市本町1番地",
        domicile_head_name="試験　太郎",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def holder(**changes: object) -> CardHolder:
    """The card of the mover: it still carries the former address."""
    base = CardHolder(
        my_number="123456789018",
        resident_code="24727059608",
        name="試験　太郎",
        address="福島県福島市本町１－２",
        dob="19800101",
        sex="1",
        expiry=dt.date(2035, 1, 1),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


OPERATOR_ENTRY_REASON = "カード読取不良のため運転免許証で確認"


def entry(inbox_id: int, **changes: object) -> MoveInEntry:
    """A complete wizard entry for the mover: new household, moved in on 3/30.

    Without a ``card_token`` it is an operator entry (no card read), with a reason; see
    :func:`card_entry` for the entry after a card read.
    """
    base = MoveInEntry(
        inbox_id=inbox_id,
        card_resident_code="24727059608",
        moved_in=dt.date(2026, 3, 30),
        postal_code="963-8002",
        address="福島県郡山市駅前一丁目",
        address_lot="２番３号",
        katagaki_kanji="",
        household=HouseholdChoice(),
        operator_entry_reason=OPERATOR_ENTRY_REASON,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def card_entry(
    world: World,
    inbox_id: int,
    op: OperatorSession | None = None,
    card_holder: CardHolder | None = None,
    **changes: object,
) -> MoveInEntry:
    """Step 1 (the card read with the 住基 PIN) by ``op``, then :func:`entry` with its token."""
    match = world.move_in.read_card(op or CLERK, world.card(card_holder), Pins())
    return entry(
        inbox_id,
        card_token=match.card_token,
        correlation_id=match.correlation_id,
        operator_entry_reason="",
        **changes,
    )


@dataclasses.dataclass
class World:
    """Everything a move-in test touches."""

    engine: Engine
    uow: UnitOfWork
    clock: ManualClock
    oplog: OperationLog
    guard: FakeGuard
    network: SimulatedPeerNetwork
    inbox: Inbox
    outbox: Outbox
    dispatcher: Dispatcher
    card_reading: CardReadingService
    confirmation: CardConfirmationService
    move_in: SpecialMoveInService
    move_within: MoveWithinService
    approvals: ApprovalService
    identity: IdentityRecordService
    reveal: FakeReveal

    def log(self, operation: str | None = None) -> list[OperationLogRow]:
        """Operation-log rows, oldest first (optionally of one operation)."""
        with self.uow.begin() as session:
            query = select(OperationLogRow).order_by(OperationLogRow.seq)
            if operation is not None:
                query = query.where(OperationLogRow.operation == operation)
            rows = list(session.scalars(query))
            session.expunge_all()
            return rows

    def card(self, card_holder: CardHolder | None = None) -> VirtualMyNumberCard:
        """A fresh virtual card (direct Transport)."""
        return VirtualMyNumberCard(card_holder or holder())

    def add_household(self, number: str = "0000000001") -> None:
        """An existing household (with its head) to join."""
        with self.uow.begin() as session:
            household = Household(
                household_number=number,
                head_name_kanji="郡山　一郎",
                head_name_kana="コオリヤマ　イチロウ",
            )
            session.add(household)
            session.flush()
            session.add(
                Resident(
                    municipality_code=CITY,
                    resident_code="11111111119",
                    household_id=household.id,
                    name_kanji="郡山　一郎",
                    name_kana="コオリヤマ　イチロウ",
                    surname_kana="コオリヤマ",
                    given_kana="イチロウ",
                    date_of_birth=dt.date(1975, 5, 5),
                    sex_code="1",
                    relationship_code="01",
                    relationship_name="世帯主",
                    entry_order=1,
                    postal_code="9638002",
                    address="福島県郡山市駅前一丁目",
                    address_lot="５番６号",
                    resident_category="1",
                    updated_by="seed",
                    updated_terminal="seed",
                )
            )


@pytest.fixture
def world(tmp_path: object) -> Iterator[World]:
    """A fresh SQLite register with every move-in service wired to fakes."""
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    yield from make_world(f"sqlite:///{tmp_path / 'movein.sqlite3'}")


@pytest.fixture
def pending_world(db_url: str) -> Iterator[World]:
    """The move-in world on the ``db_url`` register (both databases), with one pending 特例転入."""
    for built in make_world(db_url):
        received = built.inbox.receive(certificate())
        built.move_in.submit(CLERK, entry(received.inbox_id))
        yield built


def make_world(url: str) -> Iterator[World]:
    """The :func:`world` of a fresh register at ``url`` (e.g. the ``db_url`` fixture's)."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    uow = UnitOfWork(engine)
    clock = ManualClock(dt.datetime(2026, 4, 1, 10, 0, tzinfo=JST))
    oplog = OperationLog(InMemorySecretStore(), clock)
    guard = FakeGuard()
    network = SimulatedPeerNetwork()
    reading = CardReadingService(uow, clock, oplog, resident_codes=SimulatedResidentCodeSource())
    reveal = FakeReveal(guard)
    yield World(
        engine=engine,
        uow=uow,
        clock=clock,
        oplog=oplog,
        guard=guard,
        network=network,
        inbox=Inbox(uow, clock, oplog, "T0001"),
        outbox=Outbox(uow),
        dispatcher=Dispatcher(
            uow,
            clock,
            oplog,
            network,
            sender_municipality_code=CITY,
            terminal_id="T0001",
            resend_after=dt.timedelta(0),
        ),
        card_reading=reading,
        confirmation=CardConfirmationService(
            uow, oplog, guard, card_reading=reading, reveal=reveal
        ),
        move_in=SpecialMoveInService(
            uow, clock, oplog, guard, card_reading=reading, municipality_code=CITY
        ),
        move_within=MoveWithinService(uow, clock, oplog, guard),
        approvals=ApprovalService(uow, clock, oplog, guard),
        identity=IdentityRecordService(uow, clock, oplog=oplog, search_keys=search_keys),
        reveal=reveal,
    )
    engine.dispose()


def approved_move_in(world: World) -> int:
    """Receive, read the card, submit and approve a 特例転入; returns the pending change id."""
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, card_entry(world, received.inbox_id))
    world.approvals.approve(SUPER, change_id)
    return change_id
