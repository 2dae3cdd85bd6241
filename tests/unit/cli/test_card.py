"""``madoguchi card read``: registration and behaviour, over the virtual card."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from cli.card import register, run_card_read
from cli.main import main
from hardware import apdu
from hardware.errors import CardRemoved, ReaderUnavailable
from hardware.ports import CardConnection
from hardware.virtual_card import Tamper, VirtualCardOptions, VirtualMyNumberCard


class VirtualConnection:
    """CardConnection over a virtual card that records whether it was closed."""

    def __init__(self, card: VirtualMyNumberCard) -> None:
        self.card = card
        self.closed = False

    def transmit(self, apdu_bytes: bytes) -> bytes:
        return self.card.transmit(apdu_bytes)

    def close(self) -> None:
        self.closed = True


def run(argv: list[str], factory: object, stdin: str = "1234\n") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="madoguchi")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = run_card_read(args, factory, io.StringIO(stdin), out, err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_card_read_prints_json(card: VirtualMyNumberCard) -> None:
    connection = VirtualConnection(card)
    seen: list[str | None] = []

    def factory(reader: str | None) -> CardConnection:
        seen.append(reader)
        return connection

    code, out, err = run(["card", "read", "--reader", "R1", "--pin-stdin", "--json"], factory)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["my_number"] == "123456789018"
    assert document["basic_four"]["name"] == "試験\u3000太郎"
    assert document["integrity"]["signature_valid"] is True
    assert document["pin"]["tries_left_before"] == 3
    assert seen == ["R1"] and connection.closed


def test_the_command_reads_through_the_composition_roots_transport(
    card: VirtualMyNumberCard,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    connection = VirtualConnection(card)
    readers: list[str | None] = []

    def open_card_transport(reader: str | None, *, allow_virtual: bool) -> CardConnection:
        readers.append(reader)
        assert not allow_virtual  # not training: a vpcd reader would be refused
        return connection

    monkeypatch.setattr("app.bootstrap.open_card_transport", open_card_transport)
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    assert main(["card", "read", "--reader", "R2", "--pin-stdin", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["my_number"] == "123456789018"
    assert readers == ["R2"] and connection.closed


def _failing(error: Exception) -> object:
    def factory(reader: str | None) -> CardConnection:
        raise error

    return factory


@pytest.mark.parametrize(
    ("options", "pin", "expected"),
    [
        (VirtualCardOptions(), "9999", "wrong PIN: 2 tries left"),
        (VirtualCardOptions(not_my_number_card=True), "1234", "not a My Number card"),
        (VirtualCardOptions(tamper=Tamper.SIGNATURE), "1234", "integrity check failed"),
    ],
)
def test_refusals_exit_2_with_one_line(
    card: VirtualMyNumberCard, options: VirtualCardOptions, pin: str, expected: str
) -> None:
    variant = VirtualMyNumberCard(card.holder, options, card.key)
    code, out, err = run(
        ["card", "read", "--pin-stdin", "--json"], lambda r: VirtualConnection(variant), pin + "\n"
    )
    assert code == 2 and out == ""
    assert expected in err and err.count("\n") == 1
    assert pin not in err


def test_blocked_pin_exit_2(card: VirtualMyNumberCard) -> None:
    card.key_state(apdu.AID_KENHOJO, 0x11).tries_left = 0
    code, _, err = run(["card", "read", "--pin-stdin"], lambda r: VirtualConnection(card))
    assert code == 2 and "municipality counter" in err


def test_last_try_needs_flag(card: VirtualMyNumberCard) -> None:
    card.key_state(apdu.AID_KENHOJO, 0x11).tries_left = 1
    code, _, err = run(["card", "read", "--pin-stdin"], lambda r: VirtualConnection(card))
    assert code == 2 and "--confirm-last-try" in err
    code, out, _ = run(
        ["card", "read", "--pin-stdin", "--json", "--confirm-last-try"],
        lambda r: VirtualConnection(card),
    )
    assert code == 0 and json.loads(out)["pin"]["tries_left_before"] == 1


@pytest.mark.parametrize(
    ("error", "expected"),
    [(CardRemoved("no card in any reader"), "no card"), (ReaderUnavailable(), "no card reader")],
)
def test_no_card_or_reader_exit_2(error: Exception, expected: str) -> None:
    code, _, err = run(["card", "read", "--pin-stdin"], _failing(error))
    assert code == 2 and expected in err


def test_pin_stdin_is_required(card: VirtualMyNumberCard) -> None:
    code, _, err = run(["card", "read"], lambda r: VirtualConnection(card))
    assert code == 2 and "--pin-stdin" in err
