"""本人確認 with the My Number card (R-16 to R-18): read the card, look up, compare, record.

The card is read by the one card-reading use case (:mod:`app.services.card_reading`): the
住民票コード from the ResidentCodeSource or typed by the operator, the 券面事項入力補助 PIN →
個人番号 and 基本4情報. The current 本人確認情報 is looked up by the 住民票コード, or by the
個人番号 when no code is available at all, and shown beside the card's 基本4情報 with the
differing items marked. The key used is logged (``resident_code_card``,
``resident_code_entered`` or ``my_number``), never the 個人番号. Card read, lookup and
display are logged under the read's one correlation id; the operator then records match or
mismatch. An unknown key is "not found", logged, and never widens into a search (R-18).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Protocol

from sqlalchemy import select

from app.audit import OperationLog, Outcome
from app.db.models.identity import IdentityRecord
from app.db.uow import UnitOfWork
from app.domain.rights import Guard, OperatorSession, Right
from app.services.card_reading import CardRead, CardReadingService, CardReadRequest
from hardware.mynumber import BasicFour
from hardware.ports import GuardedPinPrompt, ResidentCodePrompt, Transport

READ_FOR_CONFIRMATION = CardReadRequest("card.confirm", card_face=True)
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−－ｰー"})


class RevealLog(Protocol):
    """Checks the reveal right and logs a 個人番号 reveal (app.services.screen.ScreenPrivacy)."""

    def reveal_my_number(self, session: OperatorSession, *, target: str, purpose: str = "") -> None:
        """Raise AccessDenied without the right; otherwise log the reveal."""
        ...


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
    register: dict[str, str] = dataclasses.field(default_factory=dict)
    comparisons: tuple[FieldComparison, ...] = ()
    my_number_matches: bool | None = None

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


class CardConfirmationService:
    """Use cases of the confirmation screen: confirm with a card, record the verdict, reveal."""

    def __init__(
        self,
        uow: UnitOfWork,
        oplog: OperationLog,
        guard: Guard,
        *,
        card_reading: CardReadingService,
        reveal: RevealLog,
    ) -> None:
        self._uow = uow
        self._oplog = oplog
        self._guard = guard
        self._card_reading = card_reading
        self._reveal = reveal

    def confirm(
        self,
        op: OperatorSession,
        transport: Transport,
        pin: GuardedPinPrompt,
        *,
        code_entry: ResidentCodePrompt | None = None,
    ) -> ConfirmationResult:
        """Read the card and look the person up; every step logged under one correlation id.

        ``code_entry`` is where the operator types the 住民票コード if the card-reading
        service has no source for it (asked before the card is touched; see
        :meth:`CardReadingService.read` for what a cancel or a malformed code raises).
        """
        self._guard.require(op, Right.CARD_CONFIRM, operation="card.confirm")
        read = self._card_reading.read(
            op, transport, pin, READ_FOR_CONFIRMATION, code_entry=code_entry
        )
        return self._look_up(op, read)

    def _look_up(self, op: OperatorSession, read: CardRead) -> ConfirmationResult:
        """Find the current 本人確認情報 (by code, else by 個人番号), log, and compare."""
        face = read.face
        if face is None:  # READ_FOR_CONFIRMATION always reads the card face
            raise ValueError("a confirmation needs the card face")
        result = ConfirmationResult(
            correlation_id=read.correlation_id,
            key_kind=read.key_kind,
            found=False,
            resident_code=read.resident_code,
            card=face.basic_four,
            card_expired=read.card_expired,
        )
        with self._uow.begin() as session:
            query = select(IdentityRecord).where(IdentityRecord.is_current.is_(True))
            if read.resident_code:
                query = query.where(IdentityRecord.resident_code == read.resident_code)
            else:
                query = query.where(IdentityRecord.my_number == face.my_number)
            row = session.scalar(query)
            target = read.resident_code or (row.resident_code if row is not None else "")
            outcome = Outcome.OK if row is not None else Outcome.NOT_FOUND
            self._oplog.record(
                session,
                op,
                "identity.lookup",
                outcome,
                target=target,
                correlation_id=read.correlation_id,
                key=read.key_kind,
            )
            if row is None:
                return result
            comparisons = compare(face.basic_four, row)
            differing = [c.item for c in comparisons if c.differs]
            self._oplog.record(
                session,
                op,
                "identity.display",
                Outcome.OK,
                target=target,
                correlation_id=read.correlation_id,
                key=read.key_kind,
                differing=differing,
            )
            return dataclasses.replace(
                result,
                found=True,
                resident_code=row.resident_code,
                register=register_view(row),
                comparisons=comparisons,
                my_number_matches=(row.my_number == face.my_number) if row.my_number else None,
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
        self._oplog.record_alone(
            self._uow,
            op,
            "card.verdict",
            Outcome.MATCH if matched else Outcome.MISMATCH,
            target=result.resident_code or "",
            correlation_id=result.correlation_id,
            note_given=bool(note.strip()),
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
