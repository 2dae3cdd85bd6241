"""BER-TLV parsing for My Number card files (MYNUMBER_CARD.md §2.1).

Accepts the short, ``81 xx`` and ``82 xx xx`` length forms and multi-byte tags, including
the card's non-minimal private-class tags (``FF 10``, ``DF 21``...). Tags are returned as
integers of their raw bytes (``FF 20`` -> ``0xFF20``). Any malformed input raises
:class:`MalformedCardData`; a parse never returns part of a structure.
"""

from __future__ import annotations

from dataclasses import dataclass

from hardware.errors import MalformedCardData

MAX_TAG_BYTES = 3


@dataclass(frozen=True)
class Tlv:
    """One decoded TLV: its tag, value and where it sits in the parsed buffer."""

    tag: int
    value: bytes
    start: int
    value_start: int

    @property
    def end(self) -> int:
        """Offset just past the value."""
        return self.value_start + len(self.value)


@dataclass(frozen=True)
class TlvHeader:
    """A TLV's tag and declared value length, and the size of its header."""

    tag: int
    length: int
    header_length: int

    @property
    def total_length(self) -> int:
        """Header plus value length."""
        return self.header_length + self.length


def _read_tag(data: bytes, offset: int, field: str) -> tuple[int, int]:
    if offset >= len(data):
        raise MalformedCardData(field, "truncated tag")
    first = data[offset]
    tag = first
    pos = offset + 1
    if first & 0x1F == 0x1F:
        # High-tag form: subsequent bytes while bit 8 is set.
        while True:
            if pos >= len(data):
                raise MalformedCardData(field, "truncated multi-byte tag")
            b = data[pos]
            tag = (tag << 8) | b
            pos += 1
            if pos - offset > MAX_TAG_BYTES:
                raise MalformedCardData(field, "tag too long")
            if not b & 0x80:
                break
    return tag, pos


def parse_header(data: bytes, offset: int = 0, field: str = "TLV") -> TlvHeader:
    """Decode the tag and length at ``offset``; the value itself need not be present."""
    tag, pos = _read_tag(data, offset, field)
    if pos >= len(data):
        raise MalformedCardData(field, "truncated length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        length = first
    elif first in (0x81, 0x82):
        count = first - 0x80
        if pos + count > len(data):
            raise MalformedCardData(field, "truncated length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    else:
        raise MalformedCardData(field, "unsupported length form")
    return TlvHeader(tag=tag, length=length, header_length=pos - offset)


def parse_one(data: bytes, offset: int = 0, field: str = "TLV") -> Tlv:
    """Decode one complete TLV starting at ``offset``."""
    header = parse_header(data, offset, field)
    value_start = offset + header.header_length
    end = value_start + header.length
    if end > len(data):
        raise MalformedCardData(field, "value shorter than its declared length")
    return Tlv(
        tag=header.tag, value=bytes(data[value_start:end]), start=offset, value_start=value_start
    )


def parse_all(data: bytes, field: str = "TLV", base: int = 0) -> list[Tlv]:
    """Decode a sequence of TLVs that must fill ``data`` exactly.

    ``base`` is added to the reported offsets, so that children of a constructed value can
    report positions relative to the whole file.
    """
    items: list[Tlv] = []
    offset = 0
    while offset < len(data):
        item = parse_one(data, offset, field)
        items.append(
            Tlv(
                tag=item.tag,
                value=item.value,
                start=item.start + base,
                value_start=item.value_start + base,
            )
        )
        offset = item.value_start + len(item.value)
    return items


def expect_tag(item: Tlv, tag: int, field: str) -> Tlv:
    """Return ``item`` if it has ``tag``; raise MalformedCardData naming ``field`` otherwise."""
    if item.tag != tag:
        raise MalformedCardData(field, f"expected tag {tag:X}")
    return item


def encode(tag: int, value: bytes) -> bytes:
    """Encode one TLV with the shortest short/81/82 length form (used by the virtual card)."""
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n <= 0xFF:
        length = bytes([0x81, n])
    elif n <= 0xFFFF:
        length = bytes([0x82]) + n.to_bytes(2, "big")
    else:
        raise ValueError("TLV value too long")
    return tag_bytes + length + value
