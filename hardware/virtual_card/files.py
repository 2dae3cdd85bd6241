"""Builds the virtual card's file contents from a CardHolder (layouts: MYNUMBER_CARD.md §2)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from hardware.tlv import encode
from hardware.virtual_card.holder import CardHolder
from hardware.virtual_card.rsa_keygen import RsaPrivateKey, sign_pkcs1_v15_sha256

TOKEN_MY_NUMBER = "JPKIAPICCTOKEN2"  # noqa: S105 - a token label, not a secret
TOKEN_FILE_LENGTH = 160
# Simulated key IDs in the documented layout "NNNNNNN" 08 05 "NNN" 00 00 00 xx; the 9999xxx
# prefix marks them as neither production (5000033) nor JPKI test cards (6000033).
CA_KEY_ID = b"9999033" + b"\x08\x05" + b"001" + b"\x00\x00\x00\x01"
AP_KEY_ID = b"9999033" + b"\x08\x05" + b"001" + b"\x00\x00\x00\x02"


@dataclass(frozen=True)
class KenhojoContent:
    """The 入力補助AP files, as bytes."""

    my_number: bytes
    basic_four: bytes
    integrity: bytes
    certificate: bytes


def common_record(holder: CardHolder, expiry_text: str) -> bytes:
    """共通AP EF0001 record 1: ``01 1C`` + serial + municipality + expiry."""
    digits = holder.serial + holder.municipality_code + expiry_text
    return encode(0x01, digits.encode("ascii"))


def token_file(token: str) -> bytes:
    """JPKI EF0006: the token label space-padded to 32 bytes, then the rest of CK_TOKEN_INFO."""
    label = token.encode("ascii").ljust(32, b" ")
    return label + b"\x00" * (TOKEN_FILE_LENGTH - len(label))


def my_number_file(my_number: str) -> bytes:
    """EF0001: ``FF 10 0C`` + 12 digits + ``FF FF`` filler (17 bytes)."""
    return bytes.fromhex("FF100C") + my_number.encode("ascii") + b"\xff\xff"


def basic_four_file(holder: CardHolder) -> bytes:
    """EF0002: ``FF 20`` { DF21 offsets, DF22 氏名, DF23 住所, DF24 生年月日, DF25 性別 }."""
    fields = [
        encode(0xDF22, holder.name.encode("utf-8")),
        encode(0xDF23, holder.address.encode("utf-8")),
        encode(0xDF24, holder.dob.encode("ascii")),
        encode(0xDF25, holder.sex.encode("ascii")),
    ]
    body_len = 3 + 8 + sum(len(f) for f in fields)
    outer_header = len(encode(0xFF20, b"\x00" * body_len)) - body_len
    position = outer_header + 3 + 8
    offsets = b""
    for item in fields:
        offsets += position.to_bytes(2, "big")
        position += len(item)
    return encode(0xFF20, encode(0xDF21, offsets) + b"".join(fields))


def certificate_file(key: RsaPrivateKey) -> bytes:
    """EF0004: ``7F 21`` { 5F4E body with the AP key, 5F37 signature over the body }.

    The body is signed with the AP key itself: the terminal has no J-LIS CA key and does not
    check this link, so the virtual card does not pretend to have a CA.
    """
    k = (key.n.bit_length() + 7) // 8
    body = (
        CA_KEY_ID
        + AP_KEY_ID
        + encode(0x90, key.e.to_bytes(3, "big"))
        + encode(0x91, key.n.to_bytes(k, "big"))
    )
    return encode(0x7F21, encode(0x5F4E, body) + encode(0x5F37, sign_pkcs1_v15_sha256(key, body)))


def kenhojo_content(holder: CardHolder, key: RsaPrivateKey) -> KenhojoContent:
    """All 入力補助AP files, with EF0003 digests and signature computed from the others."""
    mn = my_number_file(holder.my_number)
    b4 = basic_four_file(holder)
    # DF32 covers the outer value from DF22 to the end: skip the FF20 header and DF21 table.
    outer_header = 2 + (1 if b4[2] < 0x80 else 1 + (b4[2] - 0x80))
    digest_input = b4[outer_header + 3 + 8 :]
    signed = encode(0xDF31, hashlib.sha256(mn).digest()) + encode(
        0xDF32, hashlib.sha256(digest_input).digest()
    )
    integrity = encode(0xFF30, signed + encode(0xDF33, sign_pkcs1_v15_sha256(key, signed)))
    return KenhojoContent(
        my_number=mn, basic_four=b4, integrity=integrity, certificate=certificate_file(key)
    )
