"""My Number card sessions: 共通AP, JPKI token check, 券面事項入力補助AP, 住基AP.

Facts (AIDs, EFs, layouts) are from MYNUMBER_CARD.md §1-§3. The full confirmation read
(:meth:`MyNumberCard.read_confirmation`) is 13 APDUs on a card whose 基本4情報 fit in
256 bytes: 共通AP 2, JPKI token 2, 入力補助AP select 1, tries query 1, VERIFY 1, EF0001 1,
EF0002 1, EF0003 2, EF0004 2 (only up to the public key; the CA signature is not read
because the J-LIS CA key is not available to the terminal).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from app.domain.errors import DomainError
from app.domain.identifiers import validate_my_number
from hardware import apdu
from hardware.errors import (
    ExpiredCard,
    IntegrityError,
    MalformedCardData,
    NotAMyNumberCard,
    PinBlocked,
)
from hardware.pin_policy import LastTryAnswer, PinStatus, verify_with_policy, wipe
from hardware.ports import PinKind, PinPrompt, Transport
from hardware.rsa_verify import RsaPublicKey, verify_pkcs1_v15_sha256
from hardware.session import CardSession
from hardware.tlv import Tlv, expect_tag, parse_all, parse_header, parse_one

MY_NUMBER_TOKEN = "JPKIAPICCTOKEN2"  # noqa: S105 - a token label, not a secret
TOKEN_LENGTH = 32

# Short EF identifiers used for reads without a separate SELECT.
SFI_COMMON_INFO = 0x01
SFI_TOKEN = 0x06
SFI_MY_NUMBER = 0x01
SFI_BASIC_FOUR = 0x02
SFI_INTEGRITY = 0x03
SFI_AP_CERTIFICATE = 0x04
SFI_KENHOJO_PIN = 0x11
SFI_JUKI_PIN = 0x1C

TAG_MY_NUMBER = 0xFF10
TAG_BASIC_FOUR = 0xFF20
TAG_OFFSETS = 0xDF21
TAG_NAME = 0xDF22
TAG_ADDRESS = 0xDF23
TAG_DOB = 0xDF24
TAG_SEX = 0xDF25
TAG_INTEGRITY = 0xFF30
TAG_MY_NUMBER_DIGEST = 0xDF31
TAG_BASIC_FOUR_DIGEST = 0xDF32
TAG_SIGNATURE = 0xDF33
TAG_CV_CERTIFICATE = 0x7F21
TAG_CERT_BODY = 0x5F4E
TAG_EXPONENT = 0x90
TAG_MODULUS = 0x91
KEY_ID_LENGTH = 16
COMMON_RECORD_DIGITS = 28
SEX_CODES = frozenset({"0", "1", "2", "9"})


@dataclass(frozen=True)
class CardInfo:
    """共通AP facts: serial, issuing municipality, expiry; ``expired`` is relative to today."""

    serial: str
    municipality_code: str
    expiry: dt.date
    expired: bool


@dataclass(frozen=True)
class BasicFour:
    """基本4情報 exactly as on the card (no normalisation of any kind)."""

    name: str
    address: str
    dob: str
    sex: str


@dataclass(frozen=True)
class IntegrityReport:
    """Outcome of the EF0003 check; only built when digests and signature both hold."""

    digests_match: bool
    signature_valid: bool
    signer_key_id: str


@dataclass(frozen=True)
class KenhojoFiles:
    """The raw 入力補助AP files needed for the confirmation and its integrity check."""

    my_number_file: bytes
    basic_four_file: bytes
    integrity_file: bytes
    certificate_prefix: bytes


@dataclass(frozen=True)
class ConfirmationRead:
    """Everything a full confirmation read yields, returned only when all of it succeeded."""

    card: CardInfo
    my_number: str
    basic_four: BasicFour
    integrity: IntegrityReport
    tries_left_before: int | None


# ---------------------------------------------------------------- decoding


def parse_common_record(record: bytes, today: dt.date) -> CardInfo:
    """Decode 共通AP EF0001 record 1: ``01 1C`` + serial(15) + municipality(5) + expiry(8)."""
    item = parse_one(record, 0, "共通AP record")
    expect_tag(item, 0x01, "共通AP record")
    digits = item.value
    if len(digits) != COMMON_RECORD_DIGITS or not all(0x30 <= b <= 0x39 for b in digits):
        raise MalformedCardData("共通AP record", "expected 28 ASCII digits")
    text = digits.decode("ascii")
    expiry = _parse_date(text[20:28], "有効期限")
    return CardInfo(
        serial=text[:15], municipality_code=text[15:20], expiry=expiry, expired=expiry < today
    )


def require_not_expired(card: CardInfo) -> CardInfo:
    """Return ``card`` unless it has expired (ExpiredCard): for flows that refuse expired cards."""
    if card.expired:
        raise ExpiredCard()
    return card


def _parse_date(text: str, field: str) -> dt.date:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise MalformedCardData(field, "expected YYYYMMDD")
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise MalformedCardData(field, "not a calendar date") from None


def parse_token(data: bytes) -> str:
    """The token label of JPKI EF0006 (first 32 bytes, ASCII, space padded)."""
    return data[:TOKEN_LENGTH].decode("ascii", "replace").rstrip(" \x00")


def parse_my_number_file(data: bytes) -> str:
    """Decode EF0001 (``FF 10 0C`` + 12 digits + FF filler) and validate the check digit."""
    item = parse_one(data, 0, "個人番号")
    expect_tag(item, TAG_MY_NUMBER, "個人番号")
    if any(b != 0xFF for b in data[item.end :]):
        raise MalformedCardData("個人番号", "unexpected bytes after the value")
    if not all(0x30 <= b <= 0x39 for b in item.value):
        raise MalformedCardData("個人番号", "not ASCII digits")
    number = item.value.decode("ascii")
    try:
        return validate_my_number(number)
    except DomainError as exc:
        raise MalformedCardData("個人番号", exc.reason) from None


def _utf8(value: bytes, field: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedCardData(field, "not valid UTF-8") from None


def _basic_four_items(data: bytes) -> tuple[Tlv, dict[int, Tlv]]:
    outer = parse_one(data, 0, "基本4情報")
    expect_tag(outer, TAG_BASIC_FOUR, "基本4情報")
    children: dict[int, Tlv] = {}
    for child in parse_all(outer.value, "基本4情報", base=outer.value_start):
        if child.tag in children:
            raise MalformedCardData("基本4情報", "duplicate field")
        children[child.tag] = child
    for tag in (TAG_OFFSETS, TAG_NAME, TAG_ADDRESS, TAG_DOB, TAG_SEX):
        if tag not in children:
            raise MalformedCardData("基本4情報", f"missing tag {tag:X}")
    offsets = children[TAG_OFFSETS].value
    if len(offsets) != 8:
        raise MalformedCardData("基本4情報", "offset table must be 8 bytes")
    for i, tag in enumerate((TAG_NAME, TAG_ADDRESS, TAG_DOB, TAG_SEX)):
        if int.from_bytes(offsets[2 * i : 2 * i + 2], "big") != children[tag].start:
            raise MalformedCardData("基本4情報", "offset table does not match the fields")
    return outer, children


def parse_basic_four_file(data: bytes) -> BasicFour:
    """Decode EF0002 (``FF 20`` {DF21 offsets, DF22 氏名, DF23 住所, DF24 生年月日, DF25 性別})."""
    _, children = _basic_four_items(data)
    dob = children[TAG_DOB].value
    sex = children[TAG_SEX].value
    if len(dob) != 8 or not all(0x30 <= b <= 0x39 for b in dob):
        raise MalformedCardData("生年月日", "expected YYYYMMDD")
    _parse_date(dob.decode("ascii"), "生年月日")
    if len(sex) != 1 or sex.decode("latin-1") not in SEX_CODES:
        raise MalformedCardData("性別", "expected one of 0, 1, 2, 9")
    return BasicFour(
        name=_utf8(children[TAG_NAME].value, "氏名"),
        address=_utf8(children[TAG_ADDRESS].value, "住所"),
        dob=dob.decode("ascii"),
        sex=sex.decode("ascii"),
    )


def basic_four_digest_input(data: bytes) -> bytes:
    """The bytes covered by DF32: EF0002's outer value from the DF22 tag to its end."""
    outer, children = _basic_four_items(data)
    return data[children[TAG_NAME].start : outer.end]


@dataclass(frozen=True)
class IntegrityRecord:
    """EF0003: the two digests, the signature and the bytes the signature covers."""

    my_number_digest: bytes
    basic_four_digest: bytes
    signature: bytes
    signed_bytes: bytes


def parse_integrity_file(data: bytes) -> IntegrityRecord:
    """Decode EF0003 (``FF 30`` {DF31 32 B, DF32 32 B, DF33 signature})."""
    outer = parse_one(data, 0, "EF0003")
    expect_tag(outer, TAG_INTEGRITY, "EF0003")
    items = parse_all(outer.value, "EF0003", base=outer.value_start)
    tags = [item.tag for item in items]
    if tags != [TAG_MY_NUMBER_DIGEST, TAG_BASIC_FOUR_DIGEST, TAG_SIGNATURE]:
        raise MalformedCardData("EF0003", "unexpected field layout")
    if len(items[0].value) != 32 or len(items[1].value) != 32:
        raise MalformedCardData("EF0003", "digests must be 32 bytes")
    return IntegrityRecord(
        my_number_digest=items[0].value,
        basic_four_digest=items[1].value,
        signature=items[2].value,
        signed_bytes=data[outer.value_start : items[2].start],
    )


def certificate_prefix_length(head: bytes) -> int:
    """Bytes of EF0004 needed to reach the end of the certificate body (5F4E)."""
    outer = parse_header(head, 0, "EF0004")
    if outer.tag != TAG_CV_CERTIFICATE:
        raise MalformedCardData("EF0004", f"expected tag {TAG_CV_CERTIFICATE:X}")
    inner = parse_header(head, outer.header_length, "EF0004")
    if inner.tag != TAG_CERT_BODY:
        raise MalformedCardData("EF0004", f"expected tag {TAG_CERT_BODY:X}")
    if inner.total_length > outer.length:
        raise MalformedCardData("EF0004", "body longer than the certificate")
    return outer.header_length + inner.total_length


def parse_certificate_key(prefix: bytes) -> tuple[str, RsaPublicKey]:
    """The subject key ID and RSA key from the EF0004 certificate body."""
    outer = parse_header(prefix, 0, "EF0004")
    body = parse_one(prefix, outer.header_length, "EF0004")
    expect_tag(body, TAG_CERT_BODY, "EF0004")
    if len(body.value) < 2 * KEY_ID_LENGTH:
        raise MalformedCardData("EF0004", "body too short")
    subject = body.value[KEY_ID_LENGTH : 2 * KEY_ID_LENGTH]
    items = {item.tag: item for item in parse_all(body.value[2 * KEY_ID_LENGTH :], "EF0004")}
    if TAG_EXPONENT not in items or TAG_MODULUS not in items:
        raise MalformedCardData("EF0004", "public key missing")
    key = RsaPublicKey(
        n=int.from_bytes(items[TAG_MODULUS].value, "big"),
        e=int.from_bytes(items[TAG_EXPONENT].value, "big"),
    )
    key_id = subject[:7].decode("ascii", "replace")
    return key_id, key


def check_integrity(files: KenhojoFiles) -> IntegrityReport:
    """Compare the EF0003 digests with the bytes read and verify its signature with EF0004.

    Raises IntegrityError naming the failed check. The certificate itself is not verified
    against the J-LIS CA (the CA key is not on the card and not available here).
    """
    record = parse_integrity_file(files.integrity_file)
    mn_digest = hashlib.sha256(files.my_number_file).digest()
    if not hmac.compare_digest(mn_digest, record.my_number_digest):
        raise IntegrityError("個人番号 digest")
    b4_digest = hashlib.sha256(basic_four_digest_input(files.basic_four_file)).digest()
    if not hmac.compare_digest(b4_digest, record.basic_four_digest):
        raise IntegrityError("基本4情報 digest")
    key_id, key = parse_certificate_key(files.certificate_prefix)
    if not verify_pkcs1_v15_sha256(key, record.signed_bytes, record.signature):
        raise IntegrityError("EF0003 signature")
    return IntegrityReport(digests_match=True, signature_valid=True, signer_key_id=key_id)


# ---------------------------------------------------------------- applications


def _query(session: CardSession, sfi: int) -> PinStatus:
    response = session.exchange(apdu.verify(None, sfi))
    if response.sw == apdu.SW_OK:
        return PinStatus(tries_left=None, verified=True)
    if response.sw == 0x6300:
        return PinStatus(tries_left=None)
    if response.sw1 == 0x63 and response.sw2 & 0xF0 == 0xC0:
        tries = response.sw2 & 0x0F
        if tries == 0:
            raise PinBlocked(response.sw)
        return PinStatus(tries_left=tries)
    apdu.check_status(response.sw)
    raise MalformedCardData("VERIFY", "unexpected answer to the tries query")


def _verify(session: CardSession, sfi: int, pin: bytearray) -> None:
    command = bytearray(apdu.verify(pin, sfi))
    try:
        response = session.exchange(bytes(command))
    finally:
        wipe(command)
    apdu.check_status(response.sw)


class KenhojoAP:
    """券面事項入力補助AP (text AP): PIN 0011, 個人番号, 基本4情報, integrity record."""

    def __init__(self, session: CardSession) -> None:
        self._session = session

    def select(self) -> None:
        """SELECT the application by AID."""
        self._session.select_application(apdu.AID_KENHOJO)

    def query_pin(self) -> PinStatus:
        """Tries left on PIN 0011 (empty VERIFY: no try spent)."""
        return _query(self._session, SFI_KENHOJO_PIN)

    def verify_pin(self, pin: bytearray) -> None:
        """VERIFY PIN 0011."""
        _verify(self._session, SFI_KENHOJO_PIN, pin)

    def read_my_number_file(self) -> bytes:
        """EF0001 as physically stored (17 bytes with the FF filler)."""
        return self._session.read_physical(SFI_MY_NUMBER, "個人番号")

    def read_my_number(self) -> str:
        """The 個人番号, check digit validated."""
        return parse_my_number_file(self.read_my_number_file())

    def read_basic_four_file(self) -> bytes:
        """EF0002, exactly its outer TLV."""
        return self._session.read_tlv_file(SFI_BASIC_FOUR, "基本4情報")

    def read_files(self) -> KenhojoFiles:
        """EF0001-EF0004 as needed for confirmation and integrity (after VERIFY)."""
        return KenhojoFiles(
            my_number_file=self.read_my_number_file(),
            basic_four_file=self.read_basic_four_file(),
            integrity_file=self._session.read_tlv_file(SFI_INTEGRITY, "EF0003"),
            certificate_prefix=self._session.read_prefix(
                SFI_AP_CERTIFICATE, certificate_prefix_length, "EF0004"
            ),
        )


class JukiAP:
    """住基AP: the 住民基本台帳用 PIN (001C). The 住民票コード is read by a ResidentCodeSource."""

    def __init__(self, session: CardSession) -> None:
        self._session = session

    def select(self) -> None:
        """SELECT the application by AID."""
        self._session.select_application(apdu.AID_JUKI)

    def query_pin(self) -> PinStatus:
        """Tries left on PIN 001C (empty VERIFY: no try spent)."""
        return _query(self._session, SFI_JUKI_PIN)

    def verify_pin(self, pin: bytearray) -> None:
        """VERIFY PIN 001C."""
        _verify(self._session, SFI_JUKI_PIN, pin)


class MyNumberCard:
    """The My Number card in one connection: the entry point of the card layer."""

    def __init__(self, transport: Transport) -> None:
        self.session = CardSession(transport)
        self.kenhojo = KenhojoAP(self.session)
        self.juki = JukiAP(self.session)

    def read_common_info(self, today: dt.date) -> CardInfo:
        """共通AP record 1 (no PIN); ``expired`` is set when the expiry is before ``today``."""
        self.session.select_application(apdu.AID_COMMON)
        record = self.session.read_record(1, SFI_COMMON_INFO, "共通AP record")
        return parse_common_record(record, today)

    def check_token(self) -> None:
        """Raise NotAMyNumberCard unless the JPKI token label says My Number card."""
        self.session.select_application(apdu.AID_JPKI)
        head, _ = self.session.read_chunk(
            lambda le: apdu.read_binary_sfi(SFI_TOKEN, 0, le), TOKEN_LENGTH
        )
        if parse_token(head) != MY_NUMBER_TOKEN:
            raise NotAMyNumberCard()

    def read_confirmation(
        self, prompt: PinPrompt, today: dt.date, *, confirm_last_try: LastTryAnswer = False
    ) -> ConfirmationRead:
        """共通AP + token + PIN + 個人番号 + 基本4情報 + integrity, all or nothing."""
        card = self.read_common_info(today)
        self.check_token()
        self.kenhojo.select()
        status = verify_with_policy(
            self.kenhojo, PinKind.KENHOJO, prompt, confirm_last_try=confirm_last_try
        )
        files = self.kenhojo.read_files()
        # Integrity first: tampered bytes are reported as such, not as a format problem.
        integrity = check_integrity(files)
        my_number = parse_my_number_file(files.my_number_file)
        basic_four = parse_basic_four_file(files.basic_four_file)
        return ConfirmationRead(
            card=card,
            my_number=my_number,
            basic_four=basic_four,
            integrity=integrity,
            tries_left_before=status.tries_left,
        )

    def verify_juki_pin(
        self, prompt: PinPrompt, *, confirm_last_try: LastTryAnswer = False
    ) -> PinStatus:
        """Select the 住基AP and verify the 住民基本台帳用 PIN under the PIN policy."""
        self.juki.select()
        return verify_with_policy(
            self.juki, PinKind.JUKI, prompt, confirm_last_try=confirm_last_try
        )
