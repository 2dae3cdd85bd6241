"""The one card read: one ``card.read`` row, one correlation id, the last try asked at VERIFY.

Through the real virtual card (direct Transport) and a real SQLite register, with the
move-in tests' world (``tests/support/movein.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from app.db.models.oplog import OperationLogRow
from app.domain.errors import InvalidFormat
from app.services.card_reading import (
    KEY_RESIDENT_CODE_CARD,
    KEY_RESIDENT_CODE_ENTERED,
    CardReadingService,
    CardReadRequest,
    ResidentCodeEntryCancelled,
    ResidentCodeUnavailable,
)
from hardware import apdu
from hardware.errors import ExpiredCard, PinEntryCancelled, WrongPin
from hardware.ports import PinKind
from hardware.resident_code import CHECK_DIGIT_WARNING
from hardware.virtual_card import VirtualMyNumberCard
from tests.support.card_fakes import TypedCode
from tests.support.movein import (
    CLERK,
    Pins,
    World,
    approved_move_in,
    holder,
    world,
)

__all__ = ["world"]  # the fixture

CODE = "24727059608"
MY_NUMBER = "123456789018"
JUKI_PIN, KENHOJO_PIN = 0x1C, 0x11
FACE = CardReadRequest("card.confirm", card_face=True)
JUKI_ONLY = CardReadRequest("move_in.card", refuse_expired=True)


class SentApdus:
    """A Transport that keeps every command APDU the card received."""

    def __init__(self, card: VirtualMyNumberCard) -> None:
        self.card = card
        self.sent: list[bytes] = []

    def transmit(self, command: bytes) -> bytes:
        """Forward to the virtual card."""
        self.sent.append(command)
        return self.card.transmit(command)

    def pins_sent(self) -> int:
        """VERIFY commands that carried a PIN (an empty VERIFY only asks the tries left)."""
        return sum(1 for c in self.sent if c[1] == 0x20 and len(c) > 5)


def _without_source(world: World) -> CardReadingService:
    return CardReadingService(world.uow, world.clock, world.oplog, resident_codes=None)


def _card_reads(world: World) -> list[OperationLogRow]:
    return world.log("card.read")


def _detail(row: OperationLogRow) -> dict[str, object]:
    parsed = json.loads(row.detail)
    assert isinstance(parsed, dict)
    return parsed


def test_a_confirmation_with_a_last_try_is_one_read_under_one_correlation_id(
    world: World,
) -> None:
    approved_move_in(world)
    already = len(world.log())
    card = world.card()
    card.key_state(apdu.AID_KENHOJO, KENHOJO_PIN).tries_left = 1
    pins = Pins(last_try=True)

    result = world.confirmation.confirm(CLERK, card, pins)

    assert result.found
    assert pins.last_try_asked == [PinKind.KENHOJO]  # asked once, at that PIN's VERIFY
    assert pins.asked == [PinKind.JUKI, PinKind.KENHOJO]
    assert card.key_state(apdu.AID_KENHOJO, KENHOJO_PIN).tries_left == 3  # sent once, right
    rows = world.log()[already:]
    assert [r.operation for r in rows] == ["card.read", "identity.lookup", "identity.display"]
    assert {r.correlation_id for r in rows} == {result.correlation_id}
    (read,) = (r for r in rows if r.operation == "card.read")
    assert read.outcome == "ok"
    assert read.target == CODE
    assert _detail(read) == {"key": KEY_RESIDENT_CODE_CARD, "purpose": "card.confirm"}
    assert all(MY_NUMBER not in r.detail for r in rows)


def test_a_no_to_the_last_try_sends_no_pin_and_logs_one_cancelled_read(world: World) -> None:
    approved_move_in(world)
    reads_before = len(_card_reads(world))
    card = world.card()
    card.key_state(apdu.AID_JUKI, JUKI_PIN).tries_left = 1
    transport = SentApdus(card)
    pins = Pins(last_try=False)

    with pytest.raises(PinEntryCancelled):
        world.confirmation.confirm(CLERK, transport, pins)

    assert pins.last_try_asked == [PinKind.JUKI]
    assert pins.asked == []  # the PIN was not even asked for
    assert transport.pins_sent() == 0
    assert card.key_state(apdu.AID_JUKI, JUKI_PIN).tries_left == 1
    reads = _card_reads(world)[reads_before:]
    assert [r.outcome for r in reads] == ["cancelled"]
    assert _detail(reads[0]) == {
        "key": KEY_RESIDENT_CODE_CARD,
        "purpose": "card.confirm",
        "error": "PinEntryCancelled",
    }
    assert not [r for r in world.log() if r.correlation_id == reads[0].correlation_id][1:]


def test_a_cancelled_operator_entry_reads_nothing(world: World) -> None:
    transport = SentApdus(world.card())
    pins = Pins()
    with pytest.raises(ResidentCodeEntryCancelled):
        _without_source(world).read(CLERK, transport, pins, FACE, code_entry=TypedCode(None))
    assert transport.sent == []
    assert pins.asked == []
    (read,) = _card_reads(world)
    assert read.outcome == "cancelled"
    assert _detail(read)["key"] == KEY_RESIDENT_CODE_ENTERED


def test_a_malformed_entered_code_is_refused_before_the_card_is_touched(world: World) -> None:
    transport = SentApdus(world.card())
    with pytest.raises(InvalidFormat):
        _without_source(world).read(CLERK, transport, Pins(), FACE, code_entry=TypedCode("123"))
    assert transport.sent == []
    (read,) = _card_reads(world)
    assert (read.outcome, _detail(read)["error"]) == ("refused", "InvalidFormat")


def test_an_entered_code_with_a_wrong_check_digit_is_warned_and_used(world: World) -> None:
    typed = TypedCode(CODE[:-1] + str((int(CODE[-1]) + 1) % 10))
    pins = Pins()
    read = _without_source(world).read(CLERK, world.card(), pins, FACE, code_entry=typed)
    assert typed.warnings == [CHECK_DIGIT_WARNING]
    assert read.resident_code == typed.code
    assert read.key_kind == KEY_RESIDENT_CODE_ENTERED
    assert pins.asked == [PinKind.KENHOJO]  # the card face's PIN proves the holder
    assert read.face is not None and read.face.my_number == MY_NUMBER
    assert MY_NUMBER not in repr(read)


def test_an_entered_code_still_needs_the_juki_pin_when_it_is_the_only_pin(
    world: World,
) -> None:
    pins = Pins()
    read = _without_source(world).read(
        CLERK, world.card(), pins, JUKI_ONLY, code_entry=TypedCode(CODE)
    )
    assert pins.asked == [PinKind.JUKI]
    assert (read.resident_code, read.face) == (CODE, None)


def test_a_wrong_pin_logs_one_failed_read(world: World) -> None:
    with pytest.raises(WrongPin):
        world.card_reading.read(CLERK, world.card(), Pins(juki="9999"), JUKI_ONLY)
    (read,) = _card_reads(world)
    assert read.outcome == "failed"
    assert _detail(read) == {
        "key": KEY_RESIDENT_CODE_CARD,
        "purpose": "move_in.card",
        "error": "WrongPin",
    }
    assert "9999" not in read.detail


def test_an_expired_card_is_refused_before_any_pin_when_the_request_says_so(
    world: World,
) -> None:
    expired = VirtualMyNumberCard(holder(expiry=dt.date(2026, 3, 31)))
    pins = Pins()
    with pytest.raises(ExpiredCard):
        world.card_reading.read(CLERK, expired, pins, JUKI_ONLY)
    assert pins.asked == []
    read = world.card_reading.read(
        CLERK, expired, pins, dataclasses.replace(JUKI_ONLY, refuse_expired=False)
    )
    assert read.card_expired
    assert [r.outcome for r in _card_reads(world)] == ["failed", "ok"]


def test_a_juki_only_read_without_any_code_fails_as_unavailable(world: World) -> None:
    pins = Pins()
    with pytest.raises(ResidentCodeUnavailable):
        _without_source(world).read(CLERK, world.card(), pins, JUKI_ONLY)
    assert pins.asked == [PinKind.JUKI]
    (read,) = _card_reads(world)
    assert (read.outcome, _detail(read)["error"]) == ("failed", "ResidentCodeUnavailable")
