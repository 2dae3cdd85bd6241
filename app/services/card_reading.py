"""Reading the My Number card: the one use case behind 本人確認, 特例転入 and 継続利用.

One read is one staff action and leaves exactly one ``card.read`` row (ok, failed,
cancelled or refused) under a fresh correlation id; the caller logs what it then does with
the read (lookup, display, inbox match, 継続利用) under the same id.

- The 住民票コード comes from the configured ResidentCodeSource (a vendor module, the
  training card's simulation), which needs the 住民基本台帳用 PIN verified first. No public
  card command gives it (docs/CARD.md), so without a source the operator types it from the
  resident's documents (format enforced, check digit only warned), asked *before* the card
  is touched: a cancelled or malformed entry reads nothing. This service alone decides
  between the two; views hand it their prompts and never choose.
- The 住基 PIN is asked when the source needs it or when it is the only PIN of the read; the
  券面事項入力補助 PIN when the request reads the card face (個人番号 and 基本4情報).
- A PIN with one try left is sent only after the operator's explicit yes, asked through the
  PIN prompt at VERIFY time (``hardware.pin_policy``); a "no" sends nothing and the read
  ends as cancelled. There is no second attempt and no second log row.
- The log row names the key used (``key``: one of the ``KEY_*`` values) and the action the
  read was for (``purpose``); never a PIN or the 個人番号.
- A request with ``evidence`` (特例転入) also gets a one-time token when the read succeeded
  with a known 住民票コード: its SHA-256 is stored as a ``card_read_evidence`` row in the same
  transaction as the ``card.read`` row, and the token itself goes back to the caller only
  (never logged, never in an exception or a repr). The submission presents it as proof that
  a PIN-verified read of this person's card happened in this flow (docs/MOVE_IN.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
import uuid

from app.audit import OperationLog, Outcome
from app.db.models.movein import CardReadEvidence
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.rights import OperatorSession
from app.ports import Clock
from app.services.stamps import jst_date
from hardware.errors import CardError, PinEntryCancelled
from hardware.mynumber import BasicFour, CardInfo, MyNumberCard, require_not_expired
from hardware.ports import GuardedPinPrompt, ResidentCodePrompt, ResidentCodeSource, Transport
from hardware.resident_code import OperatorEntryResidentCodeSource

KEY_RESIDENT_CODE_CARD = "resident_code_card"
KEY_RESIDENT_CODE_ENTERED = "resident_code_entered"
KEY_MY_NUMBER = "my_number"


class ResidentCodeEntryCancelled(DomainError):
    """The operator cancelled the entry of the 住民票コード: nothing was read."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "entry was cancelled by the operator")


class ResidentCodeUnavailable(DomainError):
    """Neither the card's source nor the operator gave a 住民票コード, and the read has no
    other key."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "could not be obtained from the card or the operator")


@dataclasses.dataclass(frozen=True)
class CardReadRequest:
    """What a caller needs from the card.

    ``purpose`` names the staff action (logged with the read); ``card_face`` also reads the
    券面事項入力補助AP (個人番号 and 基本4情報, with its own PIN); ``refuse_expired`` ends the
    read with ExpiredCard before any PIN is asked; ``evidence`` issues a one-time evidence
    token for a successful read with a 住民票コード (see :func:`evidence_hash`).
    """

    purpose: str
    card_face: bool = False
    refuse_expired: bool = False
    evidence: bool = False


@dataclasses.dataclass(frozen=True)
class CardFace:
    """The 券面事項入力補助AP's data: the 個人番号 (kept out of repr) and the 基本4情報."""

    my_number: str = dataclasses.field(repr=False)
    basic_four: BasicFour


@dataclasses.dataclass(frozen=True)
class CardRead:
    """One successful read: its correlation id, the key the caller looks up, what was read.

    ``evidence_token`` is set when the request asked for evidence and the read had a
    住民票コード; it is a bearer secret for one submission, so it stays out of the repr.
    """

    correlation_id: str
    key_kind: str
    resident_code: str | None
    card_expiry: dt.date
    card_expired: bool
    face: CardFace | None = None
    evidence_token: str | None = dataclasses.field(default=None, repr=False)


def evidence_hash(token: str) -> str:
    """What ``card_read_evidence.token_hash`` holds for ``token`` (SHA-256, hex).

    Only the hash is stored: a copy of the register (a backup, a support dump) holds no
    token that could be presented to a submission.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class CardReadingService:
    """Reads the card for the card-using services and logs the read (one row per read)."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        *,
        resident_codes: ResidentCodeSource | None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._source = resident_codes

    def read(
        self,
        op: OperatorSession,
        transport: Transport,
        pin: GuardedPinPrompt,
        request: CardReadRequest,
        *,
        code_entry: ResidentCodePrompt | None = None,
    ) -> CardRead:
        """Read the card on ``transport`` as ``request`` asks and log the one ``card.read``.

        ``code_entry`` is where the operator types the 住民票コード when no source is
        configured; without either, the read's key is the 個人番号 (a card-face read) or
        there is none (ResidentCodeUnavailable). The caller checks the operator's right
        first. Raises the card layer's CardError, ResidentCodeEntryCancelled, the domain's
        InvalidFormat for a malformed entered code, or ResidentCodeUnavailable; each is
        logged before it propagates.
        """
        correlation_id = uuid.uuid4().hex
        key_kind = self._key_kind(code_entry)
        try:
            read = self._read(transport, pin, request, code_entry)
        except (CardError, DomainError) as exc:
            self._oplog.record_alone(
                self._uow,
                op,
                "card.read",
                _outcome(exc),
                correlation_id=correlation_id,
                key=key_kind,
                purpose=request.purpose,
                error=type(exc).__name__,
            )
            raise
        code, info, face = read
        if not code:
            key_kind = KEY_MY_NUMBER  # the source had no code: the 個人番号 is the key
        token = secrets.token_urlsafe(32) if request.evidence and code else None
        with self._uow.begin() as session:
            if token is not None and code:
                # The evidence and its read's log row commit together or not at all.
                session.add(
                    CardReadEvidence(
                        token_hash=evidence_hash(token),
                        purpose=request.purpose,
                        resident_code=code,
                        operator_id=op.operator_id,
                        terminal_id=op.terminal_id,
                        session_id=op.session_id,
                        correlation_id=correlation_id,
                        read_at=self._clock.now().astimezone(dt.UTC),
                    )
                )
            self._oplog.record(
                session,
                op,
                "card.read",
                Outcome.OK,
                target=code or "",
                correlation_id=correlation_id,
                key=key_kind,
                purpose=request.purpose,
                **({"evidence": True} if token is not None else {}),
            )
        return CardRead(
            correlation_id=correlation_id,
            key_kind=key_kind,
            resident_code=code or None,
            card_expiry=info.expiry,
            card_expired=info.expired,
            face=face,
            evidence_token=token,
        )

    def _key_kind(self, code_entry: ResidentCodePrompt | None) -> str:
        if self._source is not None:
            return KEY_RESIDENT_CODE_CARD
        return KEY_RESIDENT_CODE_ENTERED if code_entry is not None else KEY_MY_NUMBER

    def _read(
        self,
        transport: Transport,
        pin: GuardedPinPrompt,
        request: CardReadRequest,
        code_entry: ResidentCodePrompt | None,
    ) -> tuple[str | None, CardInfo, CardFace | None]:
        """The card sequence: the 住民票コード, the 共通AP facts and (if asked) the card face."""
        today = jst_date(self._clock.now())
        code: str | None = None
        if self._source is None and code_entry is not None:
            code = _entered_code(code_entry, transport)  # before the card is touched
        card = MyNumberCard(transport)
        if not request.card_face:
            # The 住基 PIN is the read's only PIN: it proves the holder even for a typed code.
            info, from_card = self._verify_juki(card, pin, request, today)
            code = code or from_card
            if not code:
                raise ResidentCodeUnavailable()
            return code, info, None
        if self._source is not None:
            _, code = self._verify_juki(card, pin, request, today)
        # An all-or-nothing read of its own: 共通AP and token (again), the PIN, the files.
        read = card.read_confirmation(pin, today, confirm_last_try=pin)
        info = _checked(read.card, request)
        return code, info, CardFace(read.my_number, read.basic_four)

    def _verify_juki(
        self, card: MyNumberCard, pin: GuardedPinPrompt, request: CardReadRequest, today: dt.date
    ) -> tuple[CardInfo, str | None]:
        """共通AP, token and the 住基 PIN; then the source's 住民票コード (it needs that PIN)."""
        info = _checked(card.read_common_info(today), request)
        card.check_token()
        card.verify_juki_pin(pin, confirm_last_try=pin)
        code = self._source.resident_code(card.session) if self._source is not None else None
        return info, code


def _checked(info: CardInfo, request: CardReadRequest) -> CardInfo:
    """``info``, unless the request refuses an expired card and this one is (ExpiredCard)."""
    return require_not_expired(info) if request.refuse_expired else info


def _entered_code(code_entry: ResidentCodePrompt, transport: Transport) -> str:
    """The code the operator typed (format enforced, check digit only warned)."""
    code = OperatorEntryResidentCodeSource(code_entry).resident_code(transport)
    if code is None:
        raise ResidentCodeEntryCancelled()
    return code


def _outcome(error: Exception) -> str:
    """How a read that ended with ``error`` is logged."""
    if isinstance(error, PinEntryCancelled | ResidentCodeEntryCancelled):
        return Outcome.CANCELLED
    if isinstance(error, CardError | ResidentCodeUnavailable):
        return Outcome.FAILED
    return Outcome.REFUSED  # the operator's input was refused (a malformed 住民票コード)
