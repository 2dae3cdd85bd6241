"""Short command APDUs for the My Number card and status-word decoding (MYNUMBER_CARD.md §2.7, §3).

Only short APDUs are built (Lc ≤ 255, Le ≤ 256 written as ``00``): extended length is not
needed and not portable across readers.
"""

from __future__ import annotations

from dataclasses import dataclass

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

# Application identifiers (DF names), §1.
AID_KENHOJO = bytes.fromhex("D3921000310001010408")
AID_KENKAKU = bytes.fromhex("D3921000310001010402")
AID_JPKI = bytes.fromhex("D392F000260100000001")
AID_JUKI = bytes.fromhex("D3921000310001010401")
AID_COMMON = bytes.fromhex("D3921000310001010100")

SW_OK = 0x9000
SW_END_OF_FILE_WARNING = 0x6282
MAX_LE = 256
MAX_LC = 255
MAX_SFI = 0x1E
MAX_OFFSET = 0x7FFF
MAX_SFI_OFFSET = 0xFF

INS_SELECT = 0xA4
INS_VERIFY = 0x20
INS_READ_BINARY = 0xB0
INS_READ_RECORD = 0xB2
INS_GET_RESPONSE = 0xC0


def build(
    cla: int, ins: int, p1: int, p2: int, data: bytes = b"", *, le: int | None = None
) -> bytes:
    """Encode a short APDU; ``le`` is 1..256 (256 is written as ``00``) or None for no Le."""
    for name, byte in (("CLA", cla), ("INS", ins), ("P1", p1), ("P2", p2)):
        if not 0 <= byte <= 0xFF:
            raise ValueError(f"{name} out of range")
    if len(data) > MAX_LC:
        raise ValueError("command data too long for a short APDU")
    apdu = bytes([cla, ins, p1, p2])
    if data:
        apdu += bytes([len(data)]) + bytes(data)
    if le is not None:
        if not 1 <= le <= MAX_LE:
            raise ValueError("Le out of range for a short APDU")
        apdu += bytes([le & 0xFF])
    return apdu


def select_df(aid: bytes) -> bytes:
    """SELECT a DF by name (AID), without FCI (P2=0C)."""
    return build(0x00, INS_SELECT, 0x04, 0x0C, aid)


def select_ef(file_id: int) -> bytes:
    """SELECT an EF by its 2-byte identifier in the current DF."""
    return build(0x00, INS_SELECT, 0x02, 0x0C, file_id.to_bytes(2, "big"))


def _key_reference(sfi: int | None) -> int:
    if sfi is None:
        return 0x80
    if not 1 <= sfi <= MAX_SFI:
        raise ValueError("short EF identifier out of range")
    return 0x80 | sfi


def verify(pin: bytes | bytearray | None, sfi: int | None = None) -> bytes:
    """VERIFY of the current key EF, or of the key EF with short identifier ``sfi``.

    ``pin=None`` builds the empty VERIFY that asks for the tries left without spending one.
    """
    p2 = _key_reference(sfi)
    if pin is None:
        return build(0x00, INS_VERIFY, 0x00, p2)
    return build(0x00, INS_VERIFY, 0x00, p2, bytes(pin))


def read_binary(offset: int, le: int) -> bytes:
    """READ BINARY of the current EF at a 15-bit ``offset``."""
    if not 0 <= offset <= MAX_OFFSET:
        raise ValueError("READ BINARY offset out of range")
    return build(0x00, INS_READ_BINARY, offset >> 8, offset & 0xFF, le=le)


def read_binary_sfi(sfi: int, offset: int, le: int) -> bytes:
    """READ BINARY by short EF identifier (8-bit offset); the EF becomes the current EF."""
    if not 1 <= sfi <= MAX_SFI:
        raise ValueError("short EF identifier out of range")
    if not 0 <= offset <= MAX_SFI_OFFSET:
        raise ValueError("short-EF offset out of range")
    return build(0x00, INS_READ_BINARY, 0x80 | sfi, offset, le=le)


def read_record(record: int, sfi: int | None = None, le: int = MAX_LE) -> bytes:
    """READ RECORD ``record`` (absolute) of the current EF, or of the EF with ``sfi``."""
    p2 = 0x04 if sfi is None else (sfi << 3) | 0x04
    return build(0x00, INS_READ_RECORD, record, p2, le=le)


def get_response(le: int) -> bytes:
    """GET RESPONSE for a 61xx answer."""
    return build(0x00, INS_GET_RESPONSE, 0x00, 0x00, le=le)


@dataclass(frozen=True)
class Response:
    """A response APDU split into its data and status word."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        """The first status byte."""
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        """The second status byte."""
        return self.sw & 0xFF


def parse_response(raw: bytes) -> Response:
    """Split a raw response; fewer than two bytes is malformed."""
    if len(raw) < 2:
        raise MalformedCardData("response", "shorter than a status word")
    return Response(data=bytes(raw[:-2]), sw=int.from_bytes(raw[-2:], "big"))


def error_for_status(sw: int) -> CardError | None:
    """The typed error a status word stands for, or None for success (9000)."""
    if sw == SW_OK:
        return None
    sw1, sw2 = sw >> 8, sw & 0xFF
    if sw1 == 0x63 and sw2 & 0xF0 == 0xC0:
        tries = sw2 & 0x0F
        # 63C0 answers the attempt that exhausted the counter: the key is now blocked.
        return PinBlocked(sw) if tries == 0 else WrongPin(tries, sw)
    if sw == 0x6984:
        return PinBlocked(sw)
    if sw == 0x6982:
        return SecurityStatusNotSatisfied(sw)
    if sw == 0x6A82:
        return FileNotFound(sw)
    if sw == 0x6700:
        return WrongLength(sw, None)
    if sw1 == 0x6C:
        return WrongLength(sw, sw2 or MAX_LE)
    if sw in (0x6B00, SW_END_OF_FILE_WARNING):
        return EndOfFile(sw)
    return UnexpectedStatus(sw)


def check_status(sw: int) -> None:
    """Raise the typed error for ``sw`` unless it is 9000."""
    error = error_for_status(sw)
    if error is not None:
        raise error
