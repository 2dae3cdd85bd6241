"""特例転入 end to end through pcscd + vpcd + pyscard: card, wizard services, approval, send."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.audit import OperationLog
from app.clock import JST, ManualClock
from app.db.base import Base
from app.db.engine import make_engine
from app.db.models.movein import PendingChange
from app.db.uow import UnitOfWork
from app.domain.rights import AccessDenied, AuthMethod, OperatorSession, Right
from app.jukinet.dispatcher import Dispatcher
from app.jukinet.inbox import Inbox
from app.jukinet.messages import PREFECTURE_FIELDS, MoveOutCertificate
from app.jukinet.outbox import Outbox
from app.jukinet.simulated import SimulatedPeerNetwork
from app.secret_store import InMemorySecretStore
from app.services.approvals import ApprovalService
from app.services.card_reading import CardReadingService
from app.services.confirmation import CardConfirmationService
from app.services.move_in import MoveInEntry, SpecialMoveInService
from hardware.ports import PinKind
from hardware.readers import open_pcsc_transport
from hardware.virtual_card import (
    CardHolder,
    SimulatedResidentCodeSource,
    VirtualMyNumberCard,
    sample_holder,
)
from tests.integration.pcsc_fixtures import InsertCard

pytestmark = pytest.mark.pcsc


class Guard:
    """Grants what the session carries."""

    def require(
        self, session: OperatorSession, right: Right, *, operation: str, target: str = ""
    ) -> None:
        del operation, target
        if right not in session.rights:
            raise AccessDenied(right)


class Pin:
    """The holder types 1234 (and the operator would risk a last try)."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        del kind, tries_left
        return bytearray(b"1234")

    def confirm_last_try(self, kind: PinKind) -> bool:
        del kind
        return True


class Reveal:
    """No reveal in this test."""

    def reveal_my_number(self, session: OperatorSession, *, target: str, purpose: str = "") -> None:
        del session, target, purpose
        raise AccessDenied(Right.REVEAL_MY_NUMBER)


def _op(operator_id: str, *rights: Right) -> OperatorSession:
    return OperatorSession(
        f"s-{operator_id}",
        operator_id,
        "T0001",
        AuthMethod.PASSWORD,
        dt.datetime(2026, 4, 1, 9, tzinfo=JST),
        frozenset(rights),
    )


def test_special_move_in_and_confirmation_through_pcscd(
    virtual_card_in_reader: InsertCard, tmp_path: Path
) -> None:
    holder: CardHolder = sample_holder()
    virtual_card_in_reader(VirtualMyNumberCard(holder))
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    Base.metadata.create_all(engine)
    uow = UnitOfWork(engine)
    clock = ManualClock(dt.datetime(2026, 4, 1, 10, tzinfo=JST))
    oplog = OperationLog(InMemorySecretStore(), clock)
    reading = CardReadingService(uow, clock, oplog, resident_codes=SimulatedResidentCodeSource())
    network = SimulatedPeerNetwork()
    clerk = _op("clerk01", Right.MOVE_IN_ENTRY, Right.CARD_CONFIRM)
    supervisor = _op("super01", Right.CONFIRM_OTHERS)
    inbox = Inbox(uow, clock, oplog, "T0001")
    received = inbox.receive(
        MoveOutCertificate(
            message_id="pcsc-1",
            from_municipality_code="072010",
            resident_code=holder.resident_code,
            my_number=holder.my_number,
            name_kanji=holder.name,
            name_kana="シケン　タロウ",
            date_of_birth=dt.date(1980, 1, 1),
            sex_code=holder.sex,
            former_address=holder.address,
            planned_move_out_date=dt.date(2026, 3, 28),
            destination_address="福島県郡山市",
            head_name_kanji=holder.name,
            relationship_name="世帯主",
        )
    )
    move_in = SpecialMoveInService(
        uow, clock, oplog, Guard(), card_reading=reading, municipality_code="072036"
    )
    transport = open_pcsc_transport(allow_virtual=True)  # the training reader
    try:
        match = move_in.read_card(clerk, transport, Pin())
    finally:
        transport.close()
    assert match.item is not None and match.item.inbox_id == received.inbox_id
    change_id = move_in.submit(
        clerk,
        MoveInEntry(
            inbox_id=received.inbox_id,
            card_resident_code=match.resident_code,
            moved_in=dt.date(2026, 3, 30),
            postal_code="9638002",
            address="福島県郡山市駅前一丁目",
            address_lot="２番３号",
            correlation_id=match.correlation_id,
            card_token=match.card_token,  # the evidence of the PIN-verified read above
        ),
    )
    with uow.begin() as session:
        change = session.get(PendingChange, change_id)
        assert change is not None and change.evidence == "card"
    ApprovalService(uow, clock, oplog, Guard()).approve(supervisor, change_id)
    dispatcher = Dispatcher(
        uow, clock, oplog, network, sender_municipality_code="072036", terminal_id="T0001"
    )
    assert dispatcher.run_once().acknowledged == 2
    (update,) = network.prefecture.received.values()
    assert tuple(update.payload) == PREFECTURE_FIELDS

    confirmation = CardConfirmationService(
        uow, oplog, Guard(), card_reading=reading, reveal=Reveal()
    )
    transport = open_pcsc_transport(allow_virtual=True)  # the training reader
    try:
        result = confirmation.confirm(clerk, transport, Pin())
    finally:
        transport.close()
    assert result.found
    assert {c.item for c in result.comparisons if c.differs} == {"address"}
    assert Outbox(uow).messages()[0].status == "acknowledged"
    engine.dispose()
