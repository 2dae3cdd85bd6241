"""本人確認 with the My Number card (R-16 to R-18): read the card, look up, compare, record.

The card is read (住基 PIN → 住民票コード through the ResidentCodeSource; 券面事項入力補助
PIN → 個人番号 and 基本4情報). Without a source, the caller may pass an operator-entry
source: the operator types the 住民票コード from the resident's documents before the card is
touched. The current 本人確認情報 is looked up by the 住民票コード, or by the 個人番号 when
no code is available at all, and shown beside the card's 基本4情報 with the differing items
marked. The key used is logged (``resident_code_card``, ``resident_code_entered`` or
``my_number``), never the 個人番号. Card read, lookup and display are logged under one
correlation id; the operator then records match or mismatch. An unknown key is "not found",
logged, and never widens into a search (R-18).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
import uuid
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import LogEntry, OperationLog, Outcome
from app.db.models.identity import IdentityRecord
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.rights import Guard, OperatorSession, Right
from app.ports import Clock
from app.services.resident_codes import (
    KEY_MY_NUMBER,
    KEY_RESIDENT_CODE_CARD,
    KEY_RESIDENT_CODE_ENTERED,
    ResidentCodeEntryCancelled,
    entered_resident_code,
)
from app.services.stamps import jst_date
from hardware.errors import CardError
from hardware.mynumber import BasicFour, MyNumberCard
from hardware.ports import PinPrompt, ResidentCodeSource, Transport

KEY_RESIDENT_CODE = KEY_RESIDENT_CODE_CARD  # the name callers of the first version import
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−－ｰー"})


class RevealLog(Protocol):
    """Checks the reveal right and logs a 個人番号 reveal (app.services.screen.ScreenPrivacy)."""

    def reveal_my_number(self, session: OperatorSession, *, target: str, purpose: str = "") -> None:
        """Raise AccessDenied without the right; otherwise log the reveal."""
        ...


@dataclasses.dataclass(frozen=True)
class CardReading:
    """What the card gave: the lookup key(s) and the 基本4情報 as printed on it."""

    resident_code: str | None
    my_number: str
    basic_four: BasicFour
    card_expiry: dt.date
    card_expired: bool
    key_kind: str = ""

    @property
    def key(self) -> str:
        """Which key the lookup uses: the code from the card, the entered code, or 個人番号."""
        if self.key_kind:
            return self.key_kind
        return KEY_RESIDENT_CODE_CARD if self.resident_code else KEY_MY_NUMBER


@dataclasses.dataclass(frozen=True)
class FieldComparison:
    """One 基本4情報 item: the card's value beside the register's, and whether they differ."""

    item: str  # name | address | date_of_birth | sex
    card_value: str
    register_value: str
    differs: bool


@dataclasses.dataclass(frozen=True)
class ConfirmationResult:
    """The outcome of a card confirmation, ready for the screen (no 個人番号 in clear)."""

    correlation_id: str
    key_kind: str
    found: bool
    resident_code: str | None
    card: BasicFour
    card_expired: bool
    register: dict[str, str]
    comparisons: tuple[FieldComparison, ...]
    my_number_matches: bool | None

    @property
    def has_differences(self) -> bool:
        """True when any 基本4情報 item on the card differs from the register."""
        return any(c.differs for c in self.comparisons)


def _plain(text: str) -> str:
    """A comparison form: NFKC, no spaces, one kind of dash (the card prints full width)."""
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(folded.split())


def compare(card: BasicFour, row: IdentityRecord) -> tuple[FieldComparison, ...]:
    """Compare the card's 基本4情報 with a 本人確認情報 row, item by item."""
    dob = row.date_of_birth.strftime("%Y%m%d") if row.date_of_birth else ""
    pairs = (
        ("name", card.name, row.name_kanji),
        ("address", card.address, row.address),
        ("date_of_birth", card.dob, dob),
        ("sex", card.sex, row.sex_code),
    )
    return tuple(
        FieldComparison(
            item, card_value, register_value, _plain(card_value) != _plain(register_value)
        )
        for item, card_value, register_value in pairs
    )


def register_view(row: IdentityRecord) -> dict[str, str]:
    """The 本人確認情報 items the confirmation screen shows (個人番号 masked elsewhere)."""
    return {
        "resident_code": row.resident_code,
        "name": row.name_kanji,
        "furigana": row.name_furigana,
        "date_of_birth": row.date_of_birth.isoformat() if row.date_of_birth else "",
        "sex": row.sex_code,
        "postal_code": row.postal_code,
        "address": row.address,
        "change_reason_code": row.change_reason_code,
        "change_date": row.change_date.isoformat(),
    }


def read_card(
    transport: Transport,
    prompt: PinPrompt,
    source: ResidentCodeSource | None,
    today: dt.date,
    *,
    confirm_last_try: bool = False,
) -> CardReading:
    """Read the key(s) and the 基本4情報 from the card (two PIN prompts when a source exists)."""
    card = MyNumberCard(transport)
    resident_code: str | None = None
    if source is not None:
        card.read_common_info(today)
        card.check_token()
        card.verify_juki_pin(prompt, confirm_last_try=confirm_last_try)
        resident_code = source.resident_code(card.session)
    read = card.read_confirmation(prompt, today, confirm_last_try=confirm_last_try)
    return CardReading(
        resident_code=resident_code,
        my_number=read.my_number,
        basic_four=read.basic_four,
        card_expiry=read.card.expiry,
        card_expired=read.card.expired,
    )


class CardConfirmationService:
    """Use cases of the confirmation screen: confirm with a card, record the verdict, reveal."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        guard: Guard,
        *,
        resident_codes: ResidentCodeSource | None,
        reveal: RevealLog,
    ) -> None:
        self._reveal = reveal
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._guard = guard
        self._source = resident_codes

    def confirm(
        self,
        op: OperatorSession,
        transport: Transport,
        prompt: PinPrompt,
        *,
        confirm_last_try: bool = False,
        operator_entry: ResidentCodeSource | None = None,
    ) -> ConfirmationResult:
        """Read the card and look the person up; every step logged under one correlation id.

        ``operator_entry`` is the fallback when no ResidentCodeSource is configured: the
        operator is asked for the 住民票コード before the card is touched (a cancel raises
        ResidentCodeEntryCancelled and reads nothing; a malformed code InvalidFormat).
        """
        self._guard.require(op, Right.CARD_CONFIRM, operation="card.confirm")
        correlation_id = uuid.uuid4().hex
        entered: str | None = None
        if self._source is None and operator_entry is not None:
            try:
                entered = entered_resident_code(operator_entry, transport)
            except DomainError as exc:
                outcome = (
                    Outcome.CANCELLED
                    if isinstance(exc, ResidentCodeEntryCancelled)
                    else Outcome.REFUSED
                )
                self._log_alone(
                    op,
                    "card.read",
                    outcome,
                    "",
                    correlation_id,
                    type(exc).__name__,
                    key_kind=KEY_RESIDENT_CODE_ENTERED,
                )
                raise
        try:
            reading = read_card(
                transport,
                prompt,
                self._source,
                jst_date(self._clock.now()),
                confirm_last_try=confirm_last_try,
            )
        except CardError as exc:
            self._log_alone(
                op,
                "card.read",
                Outcome.FAILED,
                "",
                correlation_id,
                type(exc).__name__,
                key_kind=KEY_RESIDENT_CODE_ENTERED if entered else "",
            )
            raise
        if entered is not None:
            reading = dataclasses.replace(
                reading, resident_code=entered, key_kind=KEY_RESIDENT_CODE_ENTERED
            )
        return self.look_up(op, reading, correlation_id)

    def look_up(
        self, op: OperatorSession, reading: CardReading, correlation_id: str
    ) -> ConfirmationResult:
        """Find the current 本人確認情報 (by code, else by 個人番号), log, and compare."""
        key_kind = reading.key
        with self._uow.begin() as session:
            query = select(IdentityRecord).where(IdentityRecord.is_current.is_(True))
            if reading.resident_code:
                query = query.where(IdentityRecord.resident_code == reading.resident_code)
            else:
                query = query.where(IdentityRecord.my_number == reading.my_number)
            row = session.scalar(query)
            target = reading.resident_code or (row.resident_code if row is not None else "")
            self._log(session, op, "card.read", Outcome.OK, target, correlation_id, key_kind)
            if row is None:
                self._log(
                    session,
                    op,
                    "identity.lookup",
                    Outcome.NOT_FOUND,
                    target,
                    correlation_id,
                    key_kind,
                )
                return ConfirmationResult(
                    correlation_id=correlation_id,
                    key_kind=key_kind,
                    found=False,
                    resident_code=reading.resident_code,
                    card=reading.basic_four,
                    card_expired=reading.card_expired,
                    register={},
                    comparisons=(),
                    my_number_matches=None,
                )
            self._log(session, op, "identity.lookup", Outcome.OK, target, correlation_id, key_kind)
            comparisons = compare(reading.basic_four, row)
            self._log(
                session,
                op,
                "identity.display",
                Outcome.OK,
                target,
                correlation_id,
                key_kind,
                differing=[c.item for c in comparisons if c.differs],
            )
            return ConfirmationResult(
                correlation_id=correlation_id,
                key_kind=key_kind,
                found=True,
                resident_code=row.resident_code,
                card=reading.basic_four,
                card_expired=reading.card_expired,
                register=register_view(row),
                comparisons=comparisons,
                my_number_matches=(row.my_number == reading.my_number) if row.my_number else None,
            )

    def record_verdict(
        self,
        op: OperatorSession,
        result: ConfirmationResult,
        *,
        matched: bool,
        note: str = "",
    ) -> None:
        """Log the operator's match or mismatch for a displayed result (R-17)."""
        self._guard.require(op, Right.CARD_CONFIRM, operation="card.verdict")
        detail: dict[str, object] = {"note_given": bool(note.strip())}
        with self._uow.begin() as session:
            self._oplog.append(
                session,
                LogEntry(
                    operator_id=op.operator_id,
                    terminal_id=op.terminal_id,
                    operation="card.verdict",
                    outcome=Outcome.MATCH if matched else Outcome.MISMATCH,
                    target=result.resident_code or "",
                    correlation_id=result.correlation_id,
                    detail=detail,
                ),
            )

    def reveal_my_number(self, op: OperatorSession, result: ConfirmationResult) -> str:
        """The register's 個人番号 in clear: a deliberate act, right-checked and logged by the
        screen-privacy service (the one place every reveal goes through)."""
        target = result.resident_code or ""
        self._reveal.reveal_my_number(op, target=target, purpose="card confirmation")
        with self._uow.begin() as session:
            number = session.scalar(
                select(IdentityRecord.my_number).where(
                    IdentityRecord.resident_code == target, IdentityRecord.is_current.is_(True)
                )
            )
            return number or ""

    # ------------------------------------------------------------------ logging
    def _log(  # noqa: PLR0917  (private log helper: positional reads better at call sites)
        self,
        session: Session,
        op: OperatorSession,
        operation: str,
        outcome: str,
        target: str,
        correlation_id: str,
        key_kind: str,
        **extra: object,
    ) -> None:
        detail: dict[str, object] = {"key": key_kind} if key_kind else {}
        detail.update(extra)
        self._oplog.record(
            session, op, operation, outcome, target=target, correlation_id=correlation_id, **detail
        )

    def _log_alone(  # noqa: PLR0917  (private log helper: positional reads better at call sites)
        self,
        op: OperatorSession,
        operation: str,
        outcome: str,
        target: str,
        correlation_id: str,
        error: str,
        *,
        key_kind: str = "",
    ) -> None:
        with self._uow.begin() as session:
            self._log(
                session, op, operation, outcome, target, correlation_id, key_kind, error=error
            )
