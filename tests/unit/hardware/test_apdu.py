"""APDU building and status-word decoding into typed errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware import apdu
from hardware.errors import (
    CardError,
    EndOfFile,
    FileNotFound,
    MalformedCardData,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnexpectedStatus,
    WrongLength,
    WrongPin,
)


def test_select_df_matches_documented_bytes() -> None:
    assert apdu.select_df(apdu.AID_KENHOJO).hex().upper() == "00A4040C0AD3921000310001010408"


def test_select_ef_and_verify_forms() -> None:
    assert apdu.select_ef(0x0011).hex().upper() == "00A4020C020011"
    assert apdu.verify(None).hex().upper() == "00200080"
    assert apdu.verify(None, 0x11).hex().upper() == "00200091"
    assert apdu.verify(b"1234", 0x11).hex().upper() == "002000910431323334"


def test_read_binary_le_256_is_written_as_00() -> None:
    assert apdu.read_binary(0x0105, 256).hex().upper() == "00B0010500"
    assert apdu.read_binary_sfi(0x02, 0, 7).hex().upper() == "00B0820007"
    assert apdu.read_record(1, 0x01).hex().upper() == "00B2010C00"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": b"x" * 256},
        {"le": 257},
        {"le": 0},
    ],
)
def test_extended_length_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"short APDU|Le out of range"):
        apdu.build(0, 0xB0, 0, 0, **kwargs)  # type: ignore[arg-type]


def test_offsets_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="offset"):
        apdu.read_binary(0x8000, 1)
    with pytest.raises(ValueError, match="offset"):
        apdu.read_binary_sfi(1, 0x100, 1)


@pytest.mark.parametrize(
    ("sw", "error_type"),
    [
        (0x63C2, WrongPin),
        (0x63C0, PinBlocked),
        (0x6984, PinBlocked),
        (0x6982, SecurityStatusNotSatisfied),
        (0x6A82, FileNotFound),
        (0x6700, WrongLength),
        (0x6C11, WrongLength),
        (0x6B00, EndOfFile),
        (0x6282, EndOfFile),
        (0x6F00, UnexpectedStatus),
    ],
)
def test_status_words_map_to_typed_errors(sw: int, error_type: type[CardError]) -> None:
    error = apdu.error_for_status(sw)
    assert isinstance(error, error_type)
    assert getattr(error, "sw", None) == sw


def test_status_errors_carry_their_data() -> None:
    wrong = apdu.error_for_status(0x63C2)
    assert isinstance(wrong, WrongPin)
    assert wrong.tries_left == 2
    length = apdu.error_for_status(0x6C11)
    assert isinstance(length, WrongLength)
    assert length.exact_length == 0x11
    assert apdu.error_for_status(0x9000) is None


def test_blocked_message_says_what_to_do() -> None:
    assert "municipality counter" in str(PinBlocked())
    assert "identity documents" in str(PinBlocked())


def test_short_response_is_malformed() -> None:
    with pytest.raises(MalformedCardData):
        apdu.parse_response(b"\x90")


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_any_response_parses_or_gives_a_typed_error(raw: bytes) -> None:
    try:
        response = apdu.parse_response(raw)
    except MalformedCardData:
        assert len(raw) < 2
        return
    assert response.data + response.sw.to_bytes(2, "big") == raw
    error = apdu.error_for_status(response.sw)
    assert error is None or isinstance(error, CardError)
