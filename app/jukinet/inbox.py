"""The inbox of 転出証明書情報: receive (idempotent by message id), list, find by 住民票コード.

Nothing is stored before the certificate passed every rule (app/jukinet/messages.py
:func:`check_move_out`, docs/INPUT_LIMITS.md). A message id received before is acknowledged
when the content is the same (a redelivery) and refused and logged when it is not: a
peer must not replace, nor quietly lose, a certificate by reusing its id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import ActorIds, OperationLog, Outcome
from app.clock import JST
from app.db.models.movein import InboxMoveOut
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidFormat
from app.jukinet.messages import MoveOutCertificate, check_move_out, check_move_outs
from app.ports import Clock

RECEIVE_OPERATION = "jukinet.receive_move_out"
REASON_MESSAGE_ID_REUSED = "message_id_reused"

STATUS_OPEN = "open"
STATUS_ENTERED = "entered"
STATUS_USED = "used"


@dataclasses.dataclass(frozen=True)
class InboxItem:
    """One received 転出証明書情報 with its inbox id, status and receipt time."""

    inbox_id: int
    status: str
    received_at: dt.datetime
    certificate: MoveOutCertificate


@dataclasses.dataclass(frozen=True)
class ReceiveResult:
    """Outcome of :meth:`Inbox.receive`: the inbox id and whether it was a redelivery."""

    inbox_id: int
    duplicate: bool


class MessageIdReused(InvalidFormat):
    """A message id already in the inbox arrived again with other content (refused, logged)."""

    def __init__(self) -> None:
        super().__init__(
            "メッセージID",
            "already received with other content: refused and logged (ask the sender for a "
            "new message id)",
        )


def item_from_row(row: InboxMoveOut) -> InboxItem:
    """The detached view of an inbox row."""
    certificate = MoveOutCertificate(
        message_id=row.message_id,
        from_municipality_code=row.from_municipality_code,
        resident_code=row.resident_code,
        my_number=row.my_number,
        name_kanji=row.name_kanji,
        name_kana=row.name_kana,
        date_of_birth=row.date_of_birth,
        sex_code=row.sex_code,
        former_address=row.former_address,
        planned_move_out_date=row.planned_move_out_date,
        destination_address=row.destination_address,
        head_name_kanji=row.head_name_kanji,
        relationship_name=row.relationship_name,
        former_postal_code=row.former_postal_code,
        domicile=row.domicile,
        domicile_head_name=row.domicile_head_name,
    )
    return InboxItem(row.id, row.status, row.received_at, certificate)


def open_row_for(session: Session, resident_code: str) -> InboxMoveOut | None:
    """The newest open 転出証明書情報 for ``resident_code`` (matched by code only, R-31)."""
    return session.scalar(
        select(InboxMoveOut)
        .where(InboxMoveOut.resident_code == resident_code, InboxMoveOut.status == STATUS_OPEN)
        .order_by(InboxMoveOut.id.desc())
        .limit(1)
    )


class Inbox:
    """Receives 転出証明書情報 from the network (or a file) and keeps them for the counter."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, oplog: OperationLog, terminal_id: str
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._terminal_id = terminal_id

    def today(self) -> dt.date:
        """Today's date in Japan, against which dates of birth and move-outs are checked."""
        return self._clock.now().astimezone(JST).date()

    def check(self, certificates: list[MoveOutCertificate]) -> list[MoveOutCertificate]:
        """Every certificate of a document checked before any is stored (all or nothing).

        Raises a field-named :class:`~app.domain.errors.DomainError` that says which one.
        """
        return check_move_outs(certificates, self.today())

    def receive(
        self, certificate: MoveOutCertificate, *, operator_id: str = "jukinet"
    ) -> ReceiveResult:
        """Store ``certificate``; a message id seen before is acknowledged, not stored twice.

        Raises a field-named DomainError when a rule is broken (nothing stored), and
        :class:`MessageIdReused` (logged) when the id is known with other content.
        """
        certificate = check_move_out(certificate, self.today())
        actor = ActorIds(operator_id, self._terminal_id)
        try:
            return self._store(certificate, actor)
        except IntegrityError:
            # Another receiver stored the same id between our read and our insert (PostgreSQL;
            # SQLite's write lock orders them): decide again from what is now stored.
            return self._store(certificate, actor)

    def _store(self, certificate: MoveOutCertificate, actor: ActorIds) -> ReceiveResult:
        with self._uow.begin_write() as session:
            existing = session.scalar(
                select(InboxMoveOut).where(InboxMoveOut.message_id == certificate.message_id)
            )
            if existing is None:
                return ReceiveResult(self._add(session, certificate, actor), duplicate=False)
            if item_from_row(existing).certificate == certificate:
                return ReceiveResult(existing.id, duplicate=True)
            existing_id = existing.id
        self._oplog.record_alone(
            self._uow,
            actor,
            RECEIVE_OPERATION,
            Outcome.REFUSED,
            target=certificate.resident_code,
            reason=REASON_MESSAGE_ID_REUSED,
            message_id=certificate.message_id,
            inbox_id=existing_id,
            **{"from": certificate.from_municipality_code},
        )
        raise MessageIdReused()

    def _add(self, session: Session, certificate: MoveOutCertificate, actor: ActorIds) -> int:
        fields = certificate.to_dict()
        fields["date_of_birth"] = certificate.date_of_birth
        fields["planned_move_out_date"] = certificate.planned_move_out_date
        row = InboxMoveOut(**fields, received_at=self._clock.now(), status=STATUS_OPEN)
        session.add(row)
        session.flush()
        self._oplog.record(
            session,
            actor,
            RECEIVE_OPERATION,
            Outcome.OK,
            target=certificate.resident_code,
            inbox_id=row.id,
            **{"from": certificate.from_municipality_code},  # a keyword in Python
        )
        return row.id

    def items(self, *, include_used: bool = False) -> list[InboxItem]:
        """Received 転出証明書情報, newest first (open and entered ones unless ``include_used``)."""
        with self._uow.begin() as session:
            query = select(InboxMoveOut).order_by(InboxMoveOut.id.desc())
            if not include_used:
                query = query.where(InboxMoveOut.status != STATUS_USED)
            return [item_from_row(row) for row in session.scalars(query)]

    def get(self, inbox_id: int) -> InboxItem | None:
        """One inbox item by id."""
        with self._uow.begin() as session:
            row = session.get(InboxMoveOut, inbox_id)
            return None if row is None else item_from_row(row)
