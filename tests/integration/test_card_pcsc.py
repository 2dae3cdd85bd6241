"""The card stack through the real pcscd + vpcd + pyscard path, with the virtual card."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import threading

import pytest

from bench.pcscd_service import VPCD_READER, PcscdService, wait_for, wait_for_card
from bench.transport_tools import CountingTransport
from cli.card import run_card_read
from hardware.errors import CardRemoved, ReaderUnavailable, VirtualReaderRefused
from hardware.mynumber import ConfirmationRead, MyNumberCard
from hardware.pcsc import PcscCardMonitor, PcscReader
from hardware.ports import CardConnection, CardEvent, CardEventKind, PinKind
from hardware.readers import list_pcsc_readers, open_pcsc_transport
from tests.integration.pcsc_fixtures import InsertCard


def _open(reader: str | None = None) -> CardConnection:
    """The training terminal's way to the virtual reader (vpcd is refused otherwise)."""
    return open_pcsc_transport(reader, allow_virtual=True)


pytestmark = pytest.mark.pcsc
TODAY = dt.date(2025, 4, 1)


class Pin:
    """PinPrompt fake with a fixed answer."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        del kind, tries_left
        return bytearray(b"1234")


def test_readers_are_listed(pcscd_service: PcscdService) -> None:
    assert VPCD_READER in list_pcsc_readers()


def test_card_read_through_pcscd(virtual_card_in_reader: InsertCard) -> None:
    virtual_card_in_reader()
    connection = _open(None)
    counting = CountingTransport(connection)
    try:
        read = MyNumberCard(counting).read_confirmation(Pin(), TODAY)
    finally:
        connection.close()
    assert read.my_number == "123456789018"
    assert read.basic_four.name == "試験\u3000太郎"
    assert read.integrity.signature_valid
    assert counting.count <= 14


def test_cli_card_read_through_pcscd(virtual_card_in_reader: InsertCard) -> None:
    virtual_card_in_reader()
    args = argparse.Namespace(reader=VPCD_READER, pin_stdin=True, json=True, confirm_last_try=False)
    out, err = io.StringIO(), io.StringIO()
    code = run_card_read(args, _open, io.StringIO("1234\n"), out, err)
    assert (code, err.getvalue()) == (0, "")
    assert json.loads(out.getvalue())["my_number"] == "123456789018"


def test_a_virtual_reader_is_refused_outside_training(
    virtual_card_in_reader: InsertCard,
) -> None:
    """vpcd takes cards from the network: only the training terminal may read through it."""
    virtual_card_in_reader()
    with pytest.raises(VirtualReaderRefused):
        open_pcsc_transport(None)  # not even chosen as "the reader with a card"
    with pytest.raises(VirtualReaderRefused):
        open_pcsc_transport(VPCD_READER)
    args = argparse.Namespace(reader=VPCD_READER, pin_stdin=True, json=True, confirm_last_try=False)
    out, err = io.StringIO(), io.StringIO()
    code = run_card_read(args, open_pcsc_transport, io.StringIO("1234\n"), out, err)
    assert code == 2 and out.getvalue() == ""
    assert "virtual card reader (vpcd) is usable in training mode only" in err.getvalue()


def test_no_card_and_unknown_reader(pcscd_service: PcscdService) -> None:
    wait_for_card(False)
    with pytest.raises(CardRemoved):
        _open(None)
    with pytest.raises(ReaderUnavailable):
        _open("No Such Reader 00 00")


def test_removal_mid_read_gives_card_removed_and_no_result(
    virtual_card_in_reader: InsertCard,
) -> None:
    virtual_card_in_reader(remove_after_apdus=7)
    connection = _open(None)
    result: ConfirmationRead | None = None
    with pytest.raises(CardRemoved):
        result = MyNumberCard(connection).read_confirmation(Pin(), TODAY)
    assert result is None
    # The connection is dead for good, even once a card is back.
    wait_for_card(False)
    virtual_card_in_reader()
    with pytest.raises(CardRemoved):
        connection.transmit(bytes.fromhex("00A40000"))
    connection.close()
    fresh = _open(None)
    try:
        assert MyNumberCard(fresh).read_confirmation(Pin(), TODAY).my_number == "123456789018"
    finally:
        fresh.close()


def test_monitor_reports_insertion_and_removal(virtual_card_in_reader: InsertCard) -> None:
    events: list[CardEvent] = []
    seen = threading.Condition()

    def record(event: CardEvent) -> None:
        with seen:
            events.append(event)
            seen.notify_all()

    monitor = PcscCardMonitor(interval=0.05)
    monitor.start(record)
    try:
        client = virtual_card_in_reader()
        with seen:
            assert seen.wait_for(
                lambda: CardEvent(CardEventKind.INSERTED, VPCD_READER) in events, 15
            )
        client.remove()
        with seen:
            assert seen.wait_for(
                lambda: CardEvent(CardEventKind.REMOVED, VPCD_READER) in events, 15
            )
    finally:
        monitor.stop()


def test_pcscd_restart_is_recovered_from(
    pcscd_service: PcscdService, virtual_card_in_reader: InsertCard
) -> None:
    if pcscd_service.external:
        pytest.skip("pcscd was started outside this test session; it is not ours to restart")
    virtual_card_in_reader()
    reader = PcscReader()  # one long-lived context, as the terminal keeps
    connection = reader.connect(None)
    pcscd_service.stop()
    with pytest.raises(ReaderUnavailable):
        connection.transmit(bytes.fromhex("00A40000"))
    with pytest.raises(ReaderUnavailable):
        reader.list_readers()
    pcscd_service.start()
    # The vpcd link dropped with pcscd: put the card back, then the same reader object works.
    virtual_card_in_reader()
    wait_for("reader listed again", lambda: VPCD_READER in reader.list_readers())
    again = reader.connect(None)
    try:
        assert MyNumberCard(again).read_confirmation(Pin(), TODAY).my_number == "123456789018"
    finally:
        again.close()
