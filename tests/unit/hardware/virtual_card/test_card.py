"""The virtual card's APDU-level answers (MYNUMBER_CARD.md §2.7 status words)."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from hardware import apdu
from hardware.errors import CardRemoved
from hardware.virtual_card import (
    CardHolder,
    EofStyle,
    OverRead,
    VirtualCardOptions,
    VirtualMyNumberCard,
    VpcdCardClient,
)
from hardware.virtual_card.holder import sample_holder


def sw(raw: bytes) -> int:
    return int.from_bytes(raw[-2:], "big")


def verified(card: VirtualMyNumberCard) -> VirtualMyNumberCard:
    assert sw(card.transmit(apdu.select_df(apdu.AID_KENHOJO))) == 0x9000
    assert sw(card.transmit(apdu.verify(b"1234", 0x11))) == 0x9000
    return card


def test_documented_transcript(card: VirtualMyNumberCard) -> None:
    assert sw(card.transmit(apdu.select_df(apdu.AID_KENHOJO))) == 0x9000
    assert sw(card.transmit(apdu.select_ef(0x0011))) == 0x9000
    assert sw(card.transmit(apdu.verify(None))) == 0x63C3
    assert sw(card.transmit(apdu.verify(b"9999"))) == 0x63C2
    assert sw(card.transmit(apdu.verify(b"1234"))) == 0x9000
    assert sw(card.transmit(apdu.select_ef(0x0001))) == 0x9000
    raw = card.transmit(apdu.read_binary(0, 17))
    assert raw == bytes.fromhex("FF100C") + b"123456789018" + bytes.fromhex("FFFF9000")


def test_blocked_key_answers_6984_even_to_queries(card: VirtualMyNumberCard) -> None:
    card.transmit(apdu.select_df(apdu.AID_KENHOJO))
    answers = [sw(card.transmit(apdu.verify(b"0000", 0x11))) for _ in range(3)]
    assert answers == [0x63C2, 0x63C1, 0x63C0]
    assert sw(card.transmit(apdu.verify(None, 0x11))) == 0x6984
    assert sw(card.transmit(apdu.verify(b"1234", 0x11))) == 0x6984


def test_read_before_verify_is_6982(card: VirtualMyNumberCard) -> None:
    card.transmit(apdu.select_df(apdu.AID_KENHOJO))
    assert sw(card.transmit(apdu.read_binary_sfi(1, 0, 17))) == 0x6982
    assert sw(card.transmit(apdu.read_binary_sfi(4, 0, 4))) == 0x9000  # EF0004 needs no PIN


@pytest.mark.parametrize(
    ("style", "expected"), [(EofStyle.SW_6B00, 0x6B00), (EofStyle.SW_6282, 0x6282)]
)
def test_end_of_file(
    holder: CardHolder, card: VirtualMyNumberCard, style: EofStyle, expected: int
) -> None:
    variant = verified(VirtualMyNumberCard(holder, VirtualCardOptions(eof_style=style), card.key))
    variant.transmit(apdu.read_binary_sfi(1, 0, 1))
    assert sw(variant.transmit(apdu.read_binary(17, 1))) == expected


def test_wrong_length_answers(holder: CardHolder, card: VirtualMyNumberCard) -> None:
    variant = verified(
        VirtualMyNumberCard(holder, VirtualCardOptions(over_read=OverRead.EXACT_6C), card.key)
    )
    assert sw(variant.transmit(apdu.read_binary_sfi(1, 0, 256))) == 0x6C11
    assert sw(variant.transmit(apdu.verify(b"12345", 0x11))) == 0x6700
    assert sw(variant.transmit(bytes.fromhex("00B00000000000"))) == 0x6700  # extended Le


def test_not_a_my_number_card_answers_6a82(holder: CardHolder, card: VirtualMyNumberCard) -> None:
    other = VirtualMyNumberCard(holder, VirtualCardOptions(not_my_number_card=True), card.key)
    for aid in (apdu.AID_COMMON, apdu.AID_JPKI, apdu.AID_KENHOJO, apdu.AID_JUKI):
        assert sw(other.transmit(apdu.select_df(aid))) == 0x6A82


def test_mf_select_behaviour(card: VirtualMyNumberCard) -> None:
    assert sw(card.transmit(bytes.fromhex("00A40000"))) == 0x6A86
    card.transmit(apdu.select_df(apdu.AID_COMMON))
    assert sw(card.transmit(bytes.fromhex("00A40000"))) == 0x9000


def test_reset_clears_security_state_but_keeps_counters(card: VirtualMyNumberCard) -> None:
    card.transmit(apdu.select_df(apdu.AID_KENHOJO))
    card.transmit(apdu.verify(b"0000", 0x11))
    card.transmit(apdu.verify(b"1234", 0x11))
    card.transmit(apdu.verify(b"0000", 0x11))
    card.reset()
    card.transmit(apdu.select_df(apdu.AID_KENHOJO))
    assert sw(card.transmit(apdu.read_binary_sfi(1, 0, 17))) == 0x6982
    assert sw(card.transmit(apdu.verify(None, 0x11))) == 0x63C2


def test_direct_transport_removal(holder: CardHolder, card: VirtualMyNumberCard) -> None:
    removed = VirtualMyNumberCard(holder, VirtualCardOptions(remove_after_apdus=1), card.key)
    removed.transmit(apdu.select_df(apdu.AID_COMMON))
    with pytest.raises(CardRemoved):
        removed.transmit(apdu.select_df(apdu.AID_COMMON))


def test_log_keeps_headers_only(card: VirtualMyNumberCard) -> None:
    verified(card)
    assert all(b"1234" not in entry for entry in card.log)


class FakeVpcd:
    """A one-connection stand-in for vpcd on an ephemeral loopback port."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.conn: socket.socket | None = None
        self.accepted = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.conn, _ = self.server.accept()
        self.accepted.set()

    def exchange(self, payload: bytes) -> bytes | None:
        assert self.conn is not None
        self.conn.sendall(struct.pack("!H", len(payload)) + payload)
        header = self.conn.recv(2, socket.MSG_WAITALL)
        if len(header) < 2:
            return None
        return self.conn.recv(struct.unpack("!H", header)[0], socket.MSG_WAITALL)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.server.close()


def test_vpcd_protocol_atr_apdu_and_removal_after_n(card: VirtualMyNumberCard) -> None:
    fake = FakeVpcd()
    client = VpcdCardClient(card, port=fake.port, remove_after_apdus=1)
    client.insert()
    try:
        assert fake.accepted.wait(5)
        assert fake.exchange(b"\x04") == card.atr
        assert fake.exchange(apdu.select_df(apdu.AID_KENHOJO)) == b"\x90\x00"
        assert fake.exchange(apdu.select_df(apdu.AID_KENHOJO)) is None  # dropped: "removed"
    finally:
        client.remove()
        fake.close()
    assert not client.running


def test_holder_json_roundtrip() -> None:
    holder = sample_holder()
    assert CardHolder.from_dict(holder.to_dict()) == holder
