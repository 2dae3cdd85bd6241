"""特例転入 (move-in with the My Number card, 住基法第24条の2) and 継続利用 of the card.

The wizard's steps, as use cases:

1. :meth:`SpecialMoveInService.read_card`: the card is read with the resident's 住民基本台帳用
   PIN (VERIFY on the 住基AP) by the one card-reading use case
   (:mod:`app.services.card_reading`); the 住民票コード from the ResidentCodeSource (or,
   without one, typed by the operator before the card is touched) is matched to an open
   転出証明書情報 in the inbox (by code only, R-31).
2. :meth:`SpecialMoveInService.check_deadlines`: 14 days after moving in, 30 days after the
   planned move-out date, with the day counts.
3. :meth:`SpecialMoveInService.submit`: new address, move-in date and household are checked
   (R-21 logical check, R-28 format checks) and saved as a *pending* change. Nothing is
   effective until a second operator approves it (:mod:`app.services.approvals`), where
   :func:`apply_move_in` creates the 住民票, the 本人確認情報 and the two notifications in one
   transaction.

Evidence: step 1's read issues a one-time card-read token (:mod:`app.services.card_reading`)
that step 3 presents. It must be this person's, read by this operator in this session, for
a 特例転入, at most :data:`EVIDENCE_LIFETIME` old and unused; it is used up by the submission.
Without a token the change is an *operator entry*: it needs a reason, is marked, and the
approver sees both. A token that fails any check is refused, never taken as operator entry.

Races: the submission decides from what it reads (the certificate's status, pending changes,
the token), so it runs in a write transaction (``UnitOfWork.begin_write``: BEGIN IMMEDIATE on
SQLite, row locks on PostgreSQL); the partial unique index on pending changes is the last
line, and its violation is refused as :class:`AlreadyPending`.

:meth:`SpecialMoveInService.continued_use` records 継続利用 within 90 days and produces the
追記欄 text. Writing the chip needs J-LIS facilities that no public command offers, so the
result says so (``chip_written`` is always False).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import OperationLog, Outcome
from app.db.models.identity import IdentityRecord
from app.db.models.movein import (
    CardContinuation,
    CardReadEvidence,
    InboxMoveOut,
    PendingChange,
)
from app.db.models.register import Household, Resident
from app.db.models.register_detail import MoveInOrigin, RegisteredDomicile
from app.db.uow import UnitOfWork
from app.domain import codes
from app.domain.errors import DomainError, InvalidFormat
from app.domain.move_in_rules import (
    DeadlineCheck,
    check_deadlines,
    require_continued_use,
    require_deadlines,
)
from app.domain.rights import Guard, OperatorSession, Right
from app.domain.wareki import format_wareki
from app.jukinet import inbox as inbox_mod
from app.jukinet.messages import (
    CATEGORY_IDENTITY_UPDATE,
    CATEGORY_MOVE_IN_NOTICE,
    KIND_IDENTITY_UPDATE,
    KIND_MOVE_IN_NOTICE,
    PREFECTURE,
    move_in_notice,
    municipality_recipient,
    prefecture_update,
)
from app.jukinet.outbox import enqueue
from app.ports import Clock
from app.services.card_reading import CardReadingService, CardReadRequest, evidence_hash
from app.services.stamps import jst_date
from hardware.ports import GuardedPinPrompt, ResidentCodePrompt, Transport

KIND_MOVE_IN = "move_in"
READ_FOR_MOVE_IN = CardReadRequest("move_in.card", refuse_expired=True, evidence=True)
EVIDENCE_CARD = "card"
EVIDENCE_OPERATOR_ENTRY = "operator_entry"
# A card read proves the holder was at the counter then; an entry takes minutes, not hours.
EVIDENCE_LIFETIME = dt.timedelta(minutes=60)
EVIDENCE_REASON_FIELD = "本人確認の理由"
EVIDENCE_REASON_LIMIT = 200
# The partial unique index of migration 0004: one pending change per person.
ONE_PENDING_INDEX = "ux_pending_changes_one_pending"
READ_FOR_CONTINUED_USE = CardReadRequest("move_in.continued_use")
STATUS_PENDING = "pending"
CHIP_WRITE_NOTICE_JA = (
    "ICチップ内の住所の書換えは、J-LISの設備（統合端末の専用機能）が必要なため、この端末では"
    "行えません。追記欄への記載のみ行ってください。"
)
CHIP_WRITE_NOTICE_EN = (
    "Writing the new address to the chip needs J-LIS facilities that no public card command "
    "offers; this terminal cannot do it. Print the 追記欄 text on the card only."
)


# ------------------------------------------------------------------------------ errors
class MoveInError(DomainError):
    """A refused step of 特例転入; names the field, never the value."""


class NoMoveOutCertificate(MoveInError):
    """No open 転出証明書情報 matches the card's 住民票コード."""

    def __init__(self) -> None:
        super().__init__("転出証明書情報", "none received for this 住民票コード")


class AlreadyResident(MoveInError):
    """R-21: a 転入 for a person who already is a current resident."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "already a current resident: 転入 is not possible")


class AlreadyPending(MoveInError):
    """A change for this person already waits for approval."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "a change for this person is already pending")


class CardDoesNotMatch(MoveInError):
    """The card's 住民票コード is not the one of the chosen 転出証明書情報."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "the card does not match the 転出証明書情報")


class UnknownHousehold(MoveInError):
    """The household to join does not exist."""

    def __init__(self) -> None:
        super().__init__("世帯番号", "no such household")


class NotAMovedInResident(MoveInError):
    """継続利用 for someone who has not moved in by 特例転入 (or is not a current resident)."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "no 転入 recorded for this current resident")


class CardEvidenceRefused(MoveInError):
    """The card-read token does not prove a read of this person's card in this flow.

    ``problem`` says which check failed (logged; the token itself never is): ``unknown``,
    ``used``, ``purpose``, ``other_person``, ``other_operator`` or ``expired``.
    """

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            "カード読取",
            "カードの読取結果が無効です。カードを読み取り直してください "
            "(card read evidence not valid: read the card again)",
        )


class EvidenceReasonRequired(MoveInError):
    """An entry without a card read, but without the reason the approver must see."""

    def __init__(self) -> None:
        super().__init__(
            EVIDENCE_REASON_FIELD,
            f"カードを読み取らずに入力する理由を{EVIDENCE_REASON_LIMIT}文字以内で入力して"
            "ください (required without a card read, at most "
            f"{EVIDENCE_REASON_LIMIT} characters)",
        )


# ------------------------------------------------------------------------------ values
@dataclasses.dataclass(frozen=True)
class CardMatch:
    """Step 1's result: the card's 住民票コード and the matching inbox item (if any).

    ``card_token`` is the read's one-time evidence for :meth:`SpecialMoveInService.submit`
    (a bearer secret: not in the repr, never logged).
    """

    correlation_id: str
    resident_code: str
    card_expiry: dt.date
    item: inbox_mod.InboxItem | None
    card_token: str | None = dataclasses.field(default=None, repr=False)


@dataclasses.dataclass(frozen=True)
class HouseholdChoice:
    """A new household (the person heads it) or joining an existing one with a 続柄."""

    join_number: str | None = None
    relationship_code: str = codes.Relationship.HEAD.value

    @property
    def is_new(self) -> bool:
        """True when the person starts a new household."""
        return self.join_number is None


@dataclasses.dataclass(frozen=True)
class MoveInEntry:
    """What the operator enters in the wizard (strings as typed; validated by submit).

    ``card_token`` is step 1's evidence (:attr:`CardMatch.card_token`). Without it the entry
    is an operator entry and ``operator_entry_reason`` says why no card was read.
    """

    inbox_id: int
    card_resident_code: str
    moved_in: dt.date
    postal_code: str
    address: str
    address_lot: str
    katagaki_kanji: str = ""
    katagaki_kana: str = ""
    household: HouseholdChoice = HouseholdChoice()
    correlation_id: str = ""
    card_token: str | None = dataclasses.field(default=None, repr=False)
    operator_entry_reason: str = ""


@dataclasses.dataclass(frozen=True)
class ContinuedUse:
    """A recorded 継続利用: the 追記欄 text to print, and the plain statement about the chip."""

    resident_code: str
    endorsement_text: str
    deadline: dt.date
    chip_written: bool = False
    chip_notice_ja: str = CHIP_WRITE_NOTICE_JA
    chip_notice_en: str = CHIP_WRITE_NOTICE_EN


# ------------------------------------------------------------------------------ checks
def clean_text(value: str, field: str, limit: int, *, required: bool) -> str:
    """NFC, trimmed, length-checked text without control characters (R-28)."""
    value = unicodedata.normalize("NFC", value).strip()
    if required and not value:
        raise InvalidFormat(field, "required")
    if len(value) > limit:
        raise InvalidFormat(field, f"longer than {limit} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise InvalidFormat(field, "contains control characters")
    return value


def clean_postal(value: str) -> str:
    """A 郵便番号 as 7 ASCII digits (a hyphen and full-width digits are accepted)."""
    digits = unicodedata.normalize("NFKC", value).replace("-", "").strip()
    if len(digits) != 7 or not (digits.isascii() and digits.isdigit()):
        raise InvalidFormat("郵便番号", "must be 7 digits")
    return digits


def clean_kana(value: str, field: str) -> str:
    """Katakana text (spaces allowed), or empty."""
    value = clean_text(value, field, 200, required=False)
    for char in value:
        if not ("\u30a0" <= char <= "\u30ff" or char in " 　"):
            raise InvalidFormat(field, "must be katakana")
    return value


def full_address(address: str, lot: str, katagaki: str | None) -> str:
    """住所 as on the card and in 本人確認情報: town, 番地, then the 方書 after a space."""
    text = f"{address}{lot}"
    return f"{text}　{katagaki}" if katagaki else text


def current_resident_exists(session: Session, resident_code: str) -> bool:
    """R-21: is ``resident_code`` a current resident (register or 本人確認情報)?"""
    resident = session.scalar(select(Resident).where(Resident.resident_code == resident_code))
    if (
        resident is not None
        and codes.ResidentCategory.parse(resident.resident_category, "住民区分").is_current
    ):
        return True
    status = session.scalar(
        select(IdentityRecord.record_status).where(
            IdentityRecord.resident_code == resident_code, IdentityRecord.is_current.is_(True)
        )
    )
    return status == "0"


def pending_exists(session: Session, resident_code: str) -> bool:
    """Whether a change for ``resident_code`` already waits for approval."""
    found = session.scalar(
        select(PendingChange.id).where(
            PendingChange.resident_code == resident_code, PendingChange.status == STATUS_PENDING
        )
    )
    return found is not None


def one_pending_violated(error: IntegrityError) -> bool:
    """Whether ``error`` is the one-pending-change-per-person index refusing a second one.

    Reached only when two submissions race past the pending check (PostgreSQL's READ
    COMMITTED without a row to lock); the driver's text is looked at, never passed on.
    """
    text = str(error.orig)
    return ONE_PENDING_INDEX in text or "pending_changes.resident_code" in text


def _aware_utc(value: dt.datetime) -> dt.datetime:
    """A stored time as an aware datetime (SQLite hands back the UTC wall time, naive)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def use_card_evidence(
    session: Session, token: str, op: OperatorSession, resident_code: str, now: dt.datetime
) -> CardReadEvidence:
    """The evidence row of ``token``, checked; the caller marks it used in its transaction."""
    evidence = session.scalar(
        select(CardReadEvidence)
        .where(CardReadEvidence.token_hash == evidence_hash(token))
        .with_for_update()
    )
    if evidence is None:
        raise CardEvidenceRefused("unknown")
    if evidence.used_at is not None:
        raise CardEvidenceRefused("used")
    if evidence.purpose != READ_FOR_MOVE_IN.purpose:
        raise CardEvidenceRefused("purpose")
    if evidence.resident_code != resident_code:
        raise CardEvidenceRefused("other_person")
    if evidence.operator_id != op.operator_id or evidence.session_id != op.session_id:
        raise CardEvidenceRefused("other_operator")
    age = now - _aware_utc(evidence.read_at)
    if age > EVIDENCE_LIFETIME or age < -EVIDENCE_LIFETIME:
        raise CardEvidenceRefused("expired")
    return evidence


def evidence_reason(value: str) -> str:
    """The operator's reason for an entry without a card read (1..200 characters)."""
    reason = unicodedata.normalize("NFC", value).strip()
    if not reason or len(reason) > EVIDENCE_REASON_LIMIT:
        raise EvidenceReasonRequired()
    return clean_text(reason, EVIDENCE_REASON_FIELD, EVIDENCE_REASON_LIMIT, required=True)


def _split_kana(name_kana: str) -> tuple[str, str]:
    parts = name_kana.replace("　", " ").split(" ", 1)
    return (parts[0], parts[1].strip()) if len(parts) == 2 else (name_kana, "")


def endorsement_text(moved_in: dt.date, new_address: str) -> str:
    """The 追記欄 text of a 特例転入: the date in 和暦, 転入, and the new address."""
    return f"{format_wareki(moved_in)}転入　{new_address}"


# ------------------------------------------------------------------------------ service
class SpecialMoveInService:
    """The 特例転入 wizard's use cases and 継続利用."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        guard: Guard,
        *,
        card_reading: CardReadingService,
        municipality_code: str,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._guard = guard
        self._card_reading = card_reading
        self._municipality_code = municipality_code

    # -------------------------------------------------------------------- inbox
    def inbox(self, op: OperatorSession) -> list[inbox_mod.InboxItem]:
        """Received 転出証明書情報 not yet used (for the wizard's list)."""
        self._guard.require(op, Right.MOVE_IN_ENTRY, operation="move_in.inbox")
        with self._uow.begin() as session:
            rows = session.scalars(
                select(InboxMoveOut)
                .where(InboxMoveOut.status != inbox_mod.STATUS_USED)
                .order_by(InboxMoveOut.id.desc())
            )
            items = [inbox_mod.item_from_row(row) for row in rows]
            self._oplog.record(session, op, "move_in.inbox", Outcome.OK, count=len(items))
            return items

    # -------------------------------------------------------------------- step 1
    def read_card(
        self,
        op: OperatorSession,
        transport: Transport,
        pin: GuardedPinPrompt,
        *,
        code_entry: ResidentCodePrompt | None = None,
    ) -> CardMatch:
        """Verify the 住基 PIN, get the 住民票コード and match it to the inbox.

        ``code_entry`` is where the operator types the code if the card-reading service has
        no source for it; the card is still PIN-verified. An expired card is refused.
        """
        self._guard.require(op, Right.MOVE_IN_ENTRY, operation="move_in.card")
        read = self._card_reading.read(op, transport, pin, READ_FOR_MOVE_IN, code_entry=code_entry)
        code = read.resident_code or ""  # a read without card face always has its code
        with self._uow.begin() as session:
            row = inbox_mod.open_row_for(session, code)
            self._oplog.record(
                session,
                op,
                "move_in.card",
                Outcome.OK if row is not None else Outcome.NOT_FOUND,
                target=code,
                correlation_id=read.correlation_id,
                key=read.key_kind,
            )
            item = inbox_mod.item_from_row(row) if row is not None else None
        return CardMatch(
            read.correlation_id, code, read.card_expiry, item, card_token=read.evidence_token
        )

    # -------------------------------------------------------------------- step 2
    def check_deadlines(self, inbox_id: int, moved_in: dt.date) -> DeadlineCheck:
        """The day counts for a move-in on ``moved_in`` notified today (no exception)."""
        with self._uow.begin() as session:
            row = session.get(InboxMoveOut, inbox_id)
            if row is None:
                raise NoMoveOutCertificate()
            return check_deadlines(moved_in, row.planned_move_out_date, jst_date(self._clock.now()))

    # -------------------------------------------------------------------- step 3
    def submit(self, op: OperatorSession, entry: MoveInEntry) -> int:
        """Check everything and save the 特例転入 as a pending change; returns its id.

        With ``entry.card_token`` the change's evidence is the card read (the token is
        checked and used up); without it, an operator entry with its reason. Everything the
        decision reads is read under the write lock, so of two clerks submitting the same
        person at once one saves and the other is refused.
        """
        self._guard.require(
            op, Right.MOVE_IN_ENTRY, operation="move_in.submit", target=entry.card_resident_code
        )
        today = jst_date(self._clock.now())
        evidence = EVIDENCE_CARD if entry.card_token is not None else EVIDENCE_OPERATOR_ENTRY
        try:
            reason = (
                None
                if entry.card_token is not None
                else evidence_reason(entry.operator_entry_reason)
            )
            try:
                return self._save(op, entry, today=today, evidence=evidence, reason=reason)
            except IntegrityError as exc:
                if not one_pending_violated(exc):
                    raise
                raise AlreadyPending() from None
        except DomainError as exc:
            problem = exc.problem if isinstance(exc, CardEvidenceRefused) else None
            self._oplog.record_alone(
                self._uow,
                op,
                "move_in.submit",
                Outcome.REFUSED,
                target=entry.card_resident_code,
                correlation_id=entry.correlation_id,
                reason=exc.field,
                evidence=evidence,
                **({"problem": problem} if problem else {}),
            )
            raise

    def _save(
        self,
        op: OperatorSession,
        entry: MoveInEntry,
        *,
        today: dt.date,
        evidence: str,
        reason: str | None,
    ) -> int:
        """The deciding transaction of :meth:`submit` (write lock first, then the reads)."""
        with self._uow.begin_write() as session:
            # Locked first (PostgreSQL): the status below is then the committed one.
            row = session.get(InboxMoveOut, entry.inbox_id, with_for_update=True)
            payload = self._validated(row, entry, today)
            if row is None or row.status != inbox_mod.STATUS_OPEN:
                raise NoMoveOutCertificate()
            code = row.resident_code
            if current_resident_exists(session, code):
                raise AlreadyResident()
            if pending_exists(session, code):
                raise AlreadyPending()
            household = entry.household
            if not household.is_new:
                number = session.scalar(
                    select(Household.household_number).where(
                        Household.household_number == household.join_number
                    )
                )
                if number is None:
                    raise UnknownHousehold()
            now = self._clock.now()
            card = (
                use_card_evidence(session, entry.card_token, op, code, now)
                if entry.card_token is not None
                else None
            )
            payload.update(_certificate_payload(row))
            change = PendingChange(
                kind=KIND_MOVE_IN,
                resident_code=code,
                inbox_id=row.id,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                status=STATUS_PENDING,
                correlation_id=entry.correlation_id or uuid.uuid4().hex,
                entered_by=op.operator_id,
                entered_terminal=op.terminal_id,
                entered_at=now,
                evidence=evidence,
                evidence_reason=reason,
            )
            session.add(change)
            row.status = inbox_mod.STATUS_ENTERED
            session.flush()
            if card is not None:
                card.used_at = now.astimezone(dt.UTC)
                card.used_by_change_id = change.id
            # The reason is the clerk's free text (it may name documents or people): it
            # stays with the change for the approver; the log says only which evidence.
            self._oplog.record(
                session,
                op,
                "move_in.submit",
                Outcome.OK,
                target=code,
                correlation_id=change.correlation_id,
                change_id=change.id,
                evidence=evidence,
            )
            return change.id

    def _validated(
        self, row: InboxMoveOut | None, entry: MoveInEntry, today: dt.date
    ) -> dict[str, Any]:
        """R-28 format checks and the deadlines; returns the entered part of the payload."""
        if row is None:
            raise NoMoveOutCertificate()
        if row.resident_code != entry.card_resident_code:
            raise CardDoesNotMatch()
        planned = row.planned_move_out_date
        if entry.moved_in > today:
            raise InvalidFormat("転入年月日", "lies in the future")
        require_deadlines(entry.moved_in, planned, today)
        relationship = codes.Relationship.parse(entry.household.relationship_code, "続柄")
        if entry.household.is_new and not relationship.is_head:
            raise InvalidFormat("続柄", "a new household is headed by the person moving in")
        if not entry.household.is_new and relationship.is_head:
            raise InvalidFormat("続柄", "the household to join already has a 世帯主")
        join = entry.household.join_number
        if join is not None:
            join = clean_text(join, "世帯番号", 16, required=True)
        katagaki = clean_text(entry.katagaki_kanji, "方書", 200, required=False)
        return {
            "moved_in": entry.moved_in.isoformat(),
            "notified": today.isoformat(),
            "postal_code": clean_postal(entry.postal_code),
            "address": clean_text(entry.address, "住所", 200, required=True),
            "address_lot": clean_text(entry.address_lot, "番地", 100, required=True),
            "katagaki_kanji": katagaki or None,
            "katagaki_kana": clean_kana(entry.katagaki_kana, "方書カナ") or None,
            "household_number": join,
            "relationship_code": relationship.value,
            "relationship_name": relationship.label,
            "change_reason_code": codes.ChangeReason.MOVE_IN.value,
            "municipality_code": self._municipality_code,
        }

    # -------------------------------------------------------------------- 継続利用
    def continued_use(
        self,
        op: OperatorSession,
        transport: Transport,
        pin: GuardedPinPrompt,
        *,
        code_entry: ResidentCodePrompt | None = None,
    ) -> ContinuedUse:
        """PIN-verify the card, check the 90 days, record 継続利用, produce the 追記欄 text.

        ``code_entry`` is where the operator types the code if the card-reading service has
        no source for it.
        """
        operation = "move_in.continued_use"
        self._guard.require(op, Right.MOVE_IN_ENTRY, operation=operation)
        read = self._card_reading.read(
            op, transport, pin, READ_FOR_CONTINUED_USE, code_entry=code_entry
        )
        code = read.resident_code or ""  # a read without card face always has its code
        today = jst_date(self._clock.now())
        try:
            with self._uow.begin() as session:
                identity = session.scalar(
                    select(IdentityRecord).where(
                        IdentityRecord.resident_code == code,
                        IdentityRecord.is_current.is_(True),
                        IdentityRecord.record_status == "0",
                    )
                )
                if (
                    identity is None
                    or identity.change_reason_code != (codes.ChangeReason.MOVE_IN.value)
                    or identity.notified_date is None
                ):
                    raise NotAMovedInResident()
                check = require_continued_use(identity.notified_date, today)
                text = endorsement_text(identity.change_date, identity.address)
                session.add(
                    CardContinuation(
                        resident_code=code,
                        move_in_notified_date=identity.notified_date,
                        recorded_on=today,
                        endorsement_text=text,
                        operator_id=op.operator_id,
                        terminal_id=op.terminal_id,
                        recorded_at=self._clock.now(),
                    )
                )
                self._oplog.record(
                    session,
                    op,
                    operation,
                    Outcome.OK,
                    target=code,
                    correlation_id=read.correlation_id,
                    days=check.days,
                    key=read.key_kind,
                )
                return ContinuedUse(code, text, check.deadline)
        except DomainError as exc:
            self._oplog.record_alone(
                self._uow,
                op,
                operation,
                Outcome.REFUSED,
                target=code,
                correlation_id=read.correlation_id,
                reason=exc.field,
                key=read.key_kind,
            )
            raise


def _certificate_payload(row: InboxMoveOut) -> dict[str, Any]:
    """The 転出証明書情報 part of a pending move-in (what the approval needs, copied once)."""
    return {
        "resident_code": row.resident_code,
        "my_number": row.my_number,
        "name_kanji": row.name_kanji,
        "name_kana": row.name_kana,
        "date_of_birth": row.date_of_birth.isoformat(),
        "sex_code": row.sex_code,
        "prev_municipality_code": row.from_municipality_code,
        "prev_address": row.former_address,
        "prev_postal_code": row.former_postal_code,
        "prev_head_name_kanji": row.head_name_kanji,
        "planned_move_out_date": row.planned_move_out_date.isoformat(),
        "domicile": row.domicile,
        "domicile_head_name": row.domicile_head_name,
        "former_message_id": row.message_id,
    }


# ------------------------------------------------------------------------------ approval
@dataclasses.dataclass(frozen=True)
class ApplyContext:
    """What an approved change needs to take effect inside the approving transaction."""

    session: Session
    approver: OperatorSession
    now: dt.datetime
    correlation_id: str
    identity_add: Any  # Callable[[Mapping[str, object]], object]: IdentityRecordService.add_initial
    identity_correct: Any  # IdentityRecordService.correct bound to the same session


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def apply_move_in(ctx: ApplyContext, change: PendingChange) -> None:
    """Make an approved 特例転入 effective: household, 住民票, 本人確認情報, two notifications."""
    p: dict[str, Any] = json.loads(change.payload)
    session, now, op = ctx.session, ctx.now, ctx.approver
    code = p["resident_code"]
    if current_resident_exists(session, code):
        raise AlreadyResident()
    moved_in = dt.date.fromisoformat(p["moved_in"])
    notified = dt.date.fromisoformat(p["notified"])
    dob = _date(p["date_of_birth"])
    katagaki = p.get("katagaki_kanji")
    address_full = full_address(p["address"], p["address_lot"], katagaki)

    # --- the household
    if p.get("household_number"):
        household = session.scalar(
            select(Household).where(Household.household_number == p["household_number"])
        )
        if household is None:
            raise UnknownHousehold()
    else:
        next_id = (session.scalar(select(func.max(Household.id))) or 0) + 1
        household = Household(
            id=next_id,
            household_number=f"{next_id:010d}",
            head_name_kanji=p["name_kanji"],
            head_name_kana=p["name_kana"],
            created_at=now,
            updated_at=now,
        )
        session.add(household)
        session.flush()
    order = (
        session.scalar(
            select(func.max(Resident.entry_order)).where(Resident.household_id == household.id)
        )
        or 0
    ) + 1

    # --- the 住民票 (a removed row of a returning person is reused: the code is unique)
    resident = session.scalar(select(Resident).where(Resident.resident_code == code))
    surname_kana, given_kana = _split_kana(p["name_kana"])
    values: dict[str, Any] = {
        "municipality_code": p["municipality_code"],
        "resident_code": code,
        "my_number": p.get("my_number"),
        "household_id": household.id,
        "name_kanji": p["name_kanji"],
        "name_kana": p["name_kana"],
        "surname_kana": surname_kana,
        "given_kana": given_kana,
        "date_of_birth": dob,
        "sex_code": p["sex_code"],
        "relationship_code": p["relationship_code"],
        "relationship_name": p["relationship_name"],
        "entry_order": order,
        "postal_code": p["postal_code"],
        "address": p["address"],
        "address_lot": p["address_lot"],
        "katagaki_kanji": katagaki,
        "katagaki_kana": p.get("katagaki_kana"),
        "resident_category": codes.ResidentCategory.JAPANESE.value,
        "change_reason_code": p["change_reason_code"],
        "change_date": moved_in,
        "change_notified_date": notified,
        "became_resident_reason_code": p["change_reason_code"],
        "became_resident_notified_date": notified,
        "became_resident_date": moved_in,
        "address_established_reason_code": p["change_reason_code"],
        "address_established_notified_date": notified,
        "address_established_date": moved_in,
        "previous_address": p["prev_address"],
        "previous_postal_code": p.get("prev_postal_code"),
        "previous_head_name_kanji": p.get("prev_head_name_kanji"),
        "removal_reason_code": None,
        "removal_date": None,
        "updated_by": op.operator_id,
        "updated_terminal": op.terminal_id,
        "updated_at": now,
        "business_updated_at": now,
        "valid_flag": True,
    }
    if resident is None:
        resident = Resident(**values, initial_registered_at=now, created_at=now)
        session.add(resident)
    else:
        values["personal_history_number"] = resident.personal_history_number + 1
        for key, value in values.items():
            setattr(resident, key, value)
    session.flush()
    origin = session.get(MoveInOrigin, resident.id)
    if origin is None:
        origin = MoveInOrigin(resident_id=resident.id)
        session.add(origin)
    origin.head_name_kanji = p.get("prev_head_name_kanji")
    origin.postal_code = p.get("prev_postal_code")
    origin.address = p["prev_address"]
    if p.get("domicile"):
        domicile = session.get(RegisteredDomicile, resident.id) or RegisteredDomicile(
            resident_id=resident.id
        )
        domicile.domicile_address = p["domicile"]
        domicile.family_head_name_kanji = p.get("domicile_head_name")
        session.add(domicile)

    # --- the 本人確認情報 (異動事由 転入), through the identity service in this transaction
    identity_values: dict[str, object] = {
        "name_kanji": p["name_kanji"],
        "name_furigana": p["name_kana"],
        "date_of_birth": dob,
        "sex_code": p["sex_code"],
        "municipality_code": p["municipality_code"],
        "postal_code": p["postal_code"],
        "address": address_full,
        "my_number": p.get("my_number"),
        "became_resident_date": moved_in,
        "address_established_date": moved_in,
        "notified_date": notified,
        "prev_municipality_code": p["prev_municipality_code"],
        "prev_address": p["prev_address"],
        "prev_address_gaiji_count": 0,
        "relationship": p["relationship_name"],
        "record_status": "0",
    }
    has_history = session.scalar(
        select(IdentityRecord.id).where(IdentityRecord.resident_code == code).limit(1)
    )
    if has_history is None:
        ctx.identity_add(
            {
                **identity_values,
                "resident_code": code,
                "change_reason_code": p["change_reason_code"],
                "change_date": moved_in,
            }
        )
    else:
        ctx.identity_correct(code, identity_values, p["change_reason_code"], moved_in)

    # --- the notifications, in the same transaction (transactional outbox)
    enqueue(
        session,
        kind=KIND_MOVE_IN_NOTICE,
        recipient=municipality_recipient(p["prev_municipality_code"]),
        data_category=CATEGORY_MOVE_IN_NOTICE,
        resident_code=code,
        payload=move_in_notice(
            resident_code=code,
            name=p["name_kanji"],
            new_address=address_full,
            moved_in=moved_in,
            notified=notified,
            new_municipality_code=p["municipality_code"],
            former_message_id=p["former_message_id"],
        ),
        now=now,
        pending_change_id=change.id,
    )
    enqueue(
        session,
        kind=KIND_IDENTITY_UPDATE,
        recipient=PREFECTURE,
        data_category=CATEGORY_IDENTITY_UPDATE,
        resident_code=code,
        payload=prefecture_update(
            resident_code=code,
            name=p["name_kanji"],
            date_of_birth=dob,
            sex_code=p["sex_code"],
            address=address_full,
            my_number=p.get("my_number"),
            change_reason_code=p["change_reason_code"],
            change_date=moved_in,
        ),
        now=now,
        pending_change_id=change.id,
    )
    if change.inbox_id is not None:
        row = session.get(InboxMoveOut, change.inbox_id)
        if row is not None:
            row.status = inbox_mod.STATUS_USED


def reopen_inbox(session: Session, change: PendingChange) -> None:
    """After a rejection, the 転出証明書情報 can be used for a corrected entry."""
    if change.inbox_id is not None:
        row = session.get(InboxMoveOut, change.inbox_id)
        if row is not None and row.status == inbox_mod.STATUS_ENTERED:
            row.status = inbox_mod.STATUS_OPEN
