"""The transactional outbox: messages are written in the transaction that makes a change effective.

Because the message row commits (or rolls back) together with the change, an approved change
always has its notifications and a rolled-back one never has. The dispatcher
(:mod:`app.jukinet.dispatcher`) sends them later, idempotently by ``message_id``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models.movein import DeliveryAttempt, OutboxMessage
from app.db.uow import UnitOfWork

STATUS_QUEUED = "queued"
STATUS_SENT = "sent"
STATUS_ACKNOWLEDGED = "acknowledged"
STATUS_REFUSED = "refused"
MESSAGE_STATUSES = (STATUS_QUEUED, STATUS_SENT, STATUS_ACKNOWLEDGED, STATUS_REFUSED)


@dataclasses.dataclass(frozen=True)
class OutboxView:
    """A detached outbox message (the payload decoded)."""

    message_id: str
    kind: str
    recipient: str
    data_category: str
    resident_code: str
    status: str
    attempt_count: int
    payload: Mapping[str, str]
    last_reason: str | None


@dataclasses.dataclass(frozen=True)
class AttemptView:
    """One recorded delivery attempt (the provision log of R-39)."""

    message_id: str
    attempted_at: dt.datetime
    operator_id: str
    terminal_id: str
    recipient: str
    data_category: str
    record_key: str
    outcome: str
    reason: str | None


def enqueue(
    session: Session,
    *,
    kind: str,
    recipient: str,
    data_category: str,
    resident_code: str,
    payload: Mapping[str, str],
    now: dt.datetime,
    pending_change_id: int | None = None,
) -> str:
    """Add a queued message inside the caller's transaction; returns its new message id."""
    message_id = uuid.uuid4().hex
    session.add(
        OutboxMessage(
            message_id=message_id,
            kind=kind,
            recipient=recipient,
            data_category=data_category,
            resident_code=resident_code,
            payload=json.dumps(dict(payload), ensure_ascii=False),  # order kept: R-36 lists it
            status=STATUS_QUEUED,
            pending_change_id=pending_change_id,
            created_at=now,
            updated_at=now,
            attempt_count=0,
        )
    )
    return message_id


def view(row: OutboxMessage) -> OutboxView:
    """The detached view of an outbox row."""
    return OutboxView(
        message_id=row.message_id,
        kind=row.kind,
        recipient=row.recipient,
        data_category=row.data_category,
        resident_code=row.resident_code,
        status=row.status,
        attempt_count=row.attempt_count,
        payload=json.loads(row.payload),
        last_reason=row.last_reason,
    )


class Outbox:
    """Read access to the outbox and the delivery attempts (for the screen, the CLI, audits)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def messages(self, *, resident_code: str | None = None) -> list[OutboxView]:
        """Messages, oldest first, optionally for one 住民票コード."""
        with self._uow.begin() as session:
            query = select(OutboxMessage).order_by(OutboxMessage.id)
            if resident_code is not None:
                query = query.where(OutboxMessage.resident_code == resident_code)
            return [view(row) for row in session.scalars(query)]

    def attempts(self, message_id: str | None = None) -> list[AttemptView]:
        """Delivery attempts, oldest first, optionally for one message."""
        with self._uow.begin() as session:
            query = select(DeliveryAttempt).order_by(DeliveryAttempt.id)
            if message_id is not None:
                query = query.where(DeliveryAttempt.message_id == message_id)
            return [
                AttemptView(
                    message_id=row.message_id,
                    attempted_at=row.attempted_at,
                    operator_id=row.operator_id,
                    terminal_id=row.terminal_id,
                    recipient=row.recipient,
                    data_category=row.data_category,
                    record_key=row.record_key,
                    outcome=row.outcome,
                    reason=row.reason,
                )
                for row in session.scalars(query)
            ]
