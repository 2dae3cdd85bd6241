"""The virtual My Number card: executes short APDUs like the real card's documented behaviour.

Applications 共通AP, JPKI (token), 券面事項入力補助AP and 住基AP; SELECT by AID and EF ID,
VERIFY with counters (empty VERIFY reports tries without spending one; 6984 when blocked),
READ BINARY (offset or short EF ID), READ RECORD, and a *simulated* proprietary command that
returns the 住民票コード (see :mod:`hardware.virtual_card.resident_code`). It is a direct
Transport for unit tests and the card behind :mod:`hardware.virtual_card.vpcd`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from hardware import apdu
from hardware.errors import CardRemoved
from hardware.virtual_card import files
from hardware.virtual_card.holder import CardHolder
from hardware.virtual_card.rsa_keygen import RsaPrivateKey, generate_key

# The placeholder ATR of MYNUMBER_CARD.md §6.4 (not the real card's ATR).
DEFAULT_ATR = bytes.fromhex("3B8B80018031F86392B99000")
# Simulated vendor command: CLA 80, INS F8 "read 住民票コード", only after the 住基 PIN.
CLA_PROPRIETARY = 0x80
INS_SIMULATED_RESIDENT_CODE = 0xF8
EXPIRED_DATE = dt.date(2020, 1, 1)
KEY_SEED = 20240101


class EofStyle(enum.Enum):
    """How the card answers a READ BINARY at or past the end of a file."""

    SW_6B00 = "6B00"
    SW_6282 = "6282"


class OverRead(enum.Enum):
    """How the card answers a READ BINARY whose Le exceeds the bytes left."""

    TRUNCATE = "truncate"  # the bytes left, 9000
    WARN_6282 = "6282"  # the bytes left, 6282
    EXACT_6C = "6C"  # 6Cxx, no data: resend with Le=xx


class Tamper(enum.Enum):
    """Ways to damage the card's data after EF0003 was computed (integrity tests)."""

    NONE = "none"
    BASIC_FOUR = "basic_four"
    MY_NUMBER = "my_number"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class VirtualCardOptions:
    """Behaviour switches of the virtual card."""

    not_my_number_card: bool = False
    expired: bool = False
    token: str = files.TOKEN_MY_NUMBER
    eof_style: EofStyle = EofStyle.SW_6B00
    over_read: OverRead = OverRead.TRUNCATE
    tamper: Tamper = Tamper.NONE
    remove_after_apdus: int | None = None
    key_seed: int | None = KEY_SEED


@dataclass
class PinKeyState:
    """A PIN key reference: value, retry limit, tries left."""

    pin: bytes
    max_tries: int = 3
    tries_left: int = 3

    @property
    def blocked(self) -> bool:
        """True once the counter reached zero."""
        return self.tries_left == 0


@dataclass
class _Application:
    binaries: dict[int, bytes] = field(default_factory=dict)
    records: dict[int, list[bytes]] = field(default_factory=dict)
    keys: dict[int, PinKeyState] = field(default_factory=dict)
    access: dict[int, int] = field(default_factory=dict)  # EF -> key EF that opens it


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + sw.to_bytes(2, "big")


@dataclass
class _Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None


def _parse_command(raw: bytes) -> _Command | None:
    if len(raw) < 4:
        return None
    cla, ins, p1, p2 = raw[:4]
    body = raw[4:]
    if not body:
        return _Command(cla, ins, p1, p2, b"", None)
    if len(body) == 1:
        return _Command(cla, ins, p1, p2, b"", body[0] or 256)
    lc = body[0]
    if lc == 0:
        return None  # extended length: not supported
    if len(body) == 1 + lc:
        return _Command(cla, ins, p1, p2, body[1:], None)
    if len(body) == 2 + lc:
        return _Command(cla, ins, p1, p2, body[1:-1], body[-1] or 256)
    return None


class VirtualMyNumberCard:
    """A virtual My Number card for ``holder``; ``transmit`` makes it a Transport."""

    def __init__(
        self,
        holder: CardHolder,
        options: VirtualCardOptions | None = None,
        key: RsaPrivateKey | None = None,
    ) -> None:
        self.holder = holder
        self.options = options or VirtualCardOptions()
        self.key = key or generate_key(seed=self.options.key_seed)
        self.atr = DEFAULT_ATR
        self.apdu_count = 0
        self.log: list[bytes] = []
        self._apps = self._build_applications()
        self._current_app: bytes | None = None
        self._current_ef: int | None = None
        self._verified: set[int] = set()

    # ------------------------------------------------------------ contents

    def _build_applications(self) -> dict[bytes, _Application]:
        holder, options = self.holder, self.options
        expiry = EXPIRED_DATE if options.expired else holder.expiry
        content = files.kenhojo_content(holder, self.key)
        my_number, basic_four, integrity = (
            content.my_number,
            content.basic_four,
            content.integrity,
        )
        if options.tamper is Tamper.BASIC_FOUR:
            # Swap the 性別 code (last byte) 1<->2: still well-formed, no longer what was signed.
            basic_four = basic_four[:-1] + bytes([basic_four[-1] ^ 0x03])
        elif options.tamper is Tamper.MY_NUMBER:
            my_number = my_number[:-1] + b"\xfe"
        elif options.tamper is Tamper.SIGNATURE:
            integrity = integrity[:-1] + bytes([integrity[-1] ^ 0x01])
        juki_pin = holder.pins.juki.encode("ascii")
        kenhojo = _Application(
            binaries={
                0x0001: my_number,
                0x0002: basic_four,
                0x0003: integrity,
                0x0004: content.certificate,
            },
            keys={0x0011: PinKeyState(holder.pins.kenhojo.encode("ascii"))},
            access={0x0001: 0x0011, 0x0002: 0x0011, 0x0003: 0x0011},
        )
        common = _Application(
            records={0x0001: [files.common_record(holder, expiry.strftime("%Y%m%d"))]},
            keys={0x001C: PinKeyState(juki_pin)},
        )
        jpki = _Application(binaries={0x0006: files.token_file(options.token)})
        juki = _Application(keys={0x001C: PinKeyState(juki_pin)})
        return {
            apdu.AID_COMMON: common,
            apdu.AID_JPKI: jpki,
            apdu.AID_KENHOJO: kenhojo,
            apdu.AID_JUKI: juki,
        }

    def key_state(self, aid: bytes, key_ef: int) -> PinKeyState:
        """The PIN counter of ``key_ef`` in application ``aid`` (tests inspect and set it)."""
        return self._apps[aid].keys[key_ef]

    # ------------------------------------------------------------ transport

    def reset(self) -> None:
        """Power cycle: security state and selections are lost; counters persist."""
        self._current_app = None
        self._current_ef = None
        self._verified.clear()

    def transmit(self, apdu_bytes: bytes) -> bytes:
        """Execute one APDU directly (unit tests); may simulate removal after N APDUs."""
        limit = self.options.remove_after_apdus
        if limit is not None and self.apdu_count >= limit:
            raise CardRemoved()
        return self.execute(apdu_bytes)

    def execute(self, raw: bytes) -> bytes:
        """Execute one APDU and return data + SW."""
        self.apdu_count += 1
        self.log.append(bytes(raw[:5]))  # headers only: no PIN or data kept
        command = _parse_command(bytes(raw))
        if command is None:
            return _sw(0x6700)
        if command.cla == CLA_PROPRIETARY and command.ins == INS_SIMULATED_RESIDENT_CODE:
            return self._resident_code(command)
        if command.cla != 0x00:
            return _sw(0x6E00)
        handlers = {
            apdu.INS_SELECT: self._select,
            apdu.INS_VERIFY: self._verify,
            apdu.INS_READ_BINARY: self._read_binary,
            apdu.INS_READ_RECORD: self._read_record,
        }
        handler = handlers.get(command.ins)
        if handler is None:
            return _sw(0x6D00)
        return handler(command)

    # ------------------------------------------------------------ commands

    def _app(self) -> _Application | None:
        return None if self._current_app is None else self._apps[self._current_app]

    def _select(self, c: _Command) -> bytes:
        if c.p1 == 0x04:
            if c.p2 != 0x0C:
                return _sw(0x6A86)
            if self.options.not_my_number_card or c.data not in self._apps:
                return _sw(0x6A82)
            self._current_app = c.data
            self._current_ef = None
            self._verified.clear()
            return _sw(0x9000)
        if c.p1 == 0x00 and not c.data:
            # MF select: does nothing; 6A86 before any application is selected (§1).
            return _sw(0x9000 if self._current_app is not None else 0x6A86)
        if c.p1 == 0x02:
            app = self._app()
            if len(c.data) != 2:
                return _sw(0x6700)
            if app is None:
                return _sw(0x6A82)
            ef = int.from_bytes(c.data, "big")
            if ef not in app.binaries and ef not in app.records and ef not in app.keys:
                return _sw(0x6A82)
            self._current_ef = ef
            return _sw(0x9000)
        return _sw(0x6A86)

    def _resolve_ef(self, app: _Application, sfi: int | None) -> int | None:
        if sfi is None:
            return self._current_ef
        return sfi  # our EF IDs are 00xx and their short identifiers equal xx

    def _verify(self, c: _Command) -> bytes:
        app = self._app()
        if app is None or c.p1 != 0x00 or not c.p2 & 0x80:
            return _sw(0x6A86 if app is not None else 0x6986)
        ef = self._resolve_ef(app, (c.p2 & 0x1F) or None)
        if ef is None:
            return _sw(0x6986)
        key = app.keys.get(ef)
        if key is None:
            return _sw(0x6A88)
        if key.blocked:
            return _sw(0x6984)
        if not c.data:
            return _sw(0x63C0 | key.tries_left)
        if len(c.data) != len(key.pin):
            return _sw(0x6700)
        if c.data == key.pin:
            key.tries_left = key.max_tries
            self._verified.add(ef)
            return _sw(0x9000)
        key.tries_left -= 1
        self._verified.discard(ef)
        return _sw(0x63C0 | key.tries_left)

    def _allowed(self, app: _Application, ef: int) -> bool:
        needed = app.access.get(ef)
        return needed is None or needed in self._verified

    def _read_binary(self, c: _Command) -> bytes:
        app = self._app()
        if app is None:
            return _sw(0x6986)
        if c.p1 & 0x80:
            ef: int | None = c.p1 & 0x1F
            offset = c.p2
        else:
            ef = self._current_ef
            offset = (c.p1 << 8) | c.p2
        if ef is None:
            return _sw(0x6986)
        if ef not in app.binaries:
            return _sw(0x6A82 if c.p1 & 0x80 else 0x6981)
        if c.data or c.le is None:
            return _sw(0x6700)
        if not self._allowed(app, ef):
            return _sw(0x6982)
        self._current_ef = ef
        content = app.binaries[ef]
        if offset >= len(content):
            return _sw(0x6B00 if self.options.eof_style is EofStyle.SW_6B00 else 0x6282)
        available = content[offset:]
        if c.le <= len(available):
            return _sw(0x9000, available[: c.le])
        if self.options.over_read is OverRead.EXACT_6C:
            return _sw(0x6C00 | len(available))
        if self.options.over_read is OverRead.WARN_6282:
            return _sw(0x6282, available)
        return _sw(0x9000, available)

    def _read_record(self, c: _Command) -> bytes:
        app = self._app()
        if app is None:
            return _sw(0x6986)
        if c.p2 & 0x07 != 0x04:
            return _sw(0x6A86)
        sfi = c.p2 >> 3
        ef = self._resolve_ef(app, sfi or None)
        if ef is None:
            return _sw(0x6986)
        if ef not in app.records:
            return _sw(0x6A82)
        if not self._allowed(app, ef):
            return _sw(0x6982)
        records = app.records[ef]
        if not 1 <= c.p1 <= len(records):
            return _sw(0x6A83)
        self._current_ef = ef
        record = records[c.p1 - 1]
        if c.le is None:
            return _sw(0x6700)
        if c.le not in (256, len(record)):
            return _sw(0x6C00 | len(record))
        return _sw(0x9000, record)

    def _resident_code(self, c: _Command) -> bytes:
        if self._current_app != apdu.AID_JUKI or self.options.not_my_number_card:
            return _sw(0x6D00)
        if 0x001C not in self._verified:
            return _sw(0x6982)
        code = self.holder.resident_code.encode("ascii")
        if c.le is None:
            return _sw(0x6700)
        return _sw(0x9000, code)
