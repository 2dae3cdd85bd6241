"""BER-TLV parser: length forms, private multi-byte tags, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.errors import MalformedCardData
from hardware.tlv import encode, parse_all, parse_header, parse_one


def test_private_high_tag_form_of_ef0001() -> None:
    item = parse_one(bytes.fromhex("FF100C") + b"123456789018" + b"\xff\xff")
    assert item.tag == 0xFF10
    assert item.value == b"123456789018"
    assert item.end == 15


@pytest.mark.parametrize(
    ("header", "length"),
    [("DF2105", 5), ("DF218105", 5), ("DF21820005", 5), ("FF40829F00", 0x9F00)],
)
def test_short_81_and_82_length_forms(header: str, length: int) -> None:
    parsed = parse_header(bytes.fromhex(header))
    assert parsed.length == length
    assert parsed.header_length == len(bytes.fromhex(header))


def test_two_byte_tags_df21_and_7f21() -> None:
    assert parse_header(bytes.fromhex("DF2108")).tag == 0xDF21
    assert parse_header(bytes.fromhex("7F21820233")).tag == 0x7F21


@pytest.mark.parametrize(
    "raw",
    ["", "DF", "DF21", "DF2183000001", "DF2184", "DF2105AABB", "FF8080808001", "01"],
)
def test_malformed_inputs_raise_typed_errors(raw: str) -> None:
    with pytest.raises(MalformedCardData):
        parse_one(bytes.fromhex(raw))


def test_parse_all_requires_exact_fill_and_reports_offsets() -> None:
    data = encode(0xDF22, "氏名".encode()) + encode(0xDF25, b"1")
    items = parse_all(data, base=10)
    assert [i.tag for i in items] == [0xDF22, 0xDF25]
    assert items[1].start == 10 + len(encode(0xDF22, "氏名".encode()))
    with pytest.raises(MalformedCardData):
        parse_all(data + b"\xdf")


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_fuzz_arbitrary_bytes_never_crash(raw: bytes) -> None:
    try:
        items = parse_all(raw)
    except MalformedCardData:
        return
    # A success consumed everything: re-encoding in the parsed form reproduces the length.
    assert sum(i.end - i.start for i in items) == len(raw)


@settings(max_examples=300)
@given(st.integers(min_value=0x01, max_value=0x1E), st.binary(max_size=1000))
def test_encode_then_parse_roundtrip(tag_low: int, value: bytes) -> None:
    tag = 0xDF00 | tag_low
    item = parse_one(encode(tag, value))
    assert (item.tag, item.value) == (tag, value)
