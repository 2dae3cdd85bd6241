"""The outbox dispatcher: sends queued messages and records every attempt (R-39).

Each attempt is three steps, each in its own transaction where it touches the database:

1. claim: insert a delivery attempt with outcome ``in_flight`` and mark the message ``sent``
   (committed before the network is touched, so even an attempt cut short by a crash is on
   record);
2. deliver the envelope to the peer;
3. complete: record the peer's answer on the attempt and the message.

A crash after step 1 leaves the message ``sent`` with an ``in_flight`` attempt; the next run
sends it again under the same ``message_id``, which the peer treats as a redelivery. So a
crash anywhere between the approval and the answer neither loses nor duplicates a
notification.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import or_, select, update

from app.audit import ActorIds, OperationLog, Outcome
from app.db.models.movein import DeliveryAttempt, OutboxMessage
from app.db.uow import UnitOfWork
from app.jukinet.outbox import (
    STATUS_ACKNOWLEDGED,
    STATUS_QUEUED,
    STATUS_REFUSED,
    STATUS_SENT,
)
from app.jukinet.ports import Envelope, PeerDirectory, PeerUnavailable, Receipt, ReceiptOutcome
from app.ports import Clock

OUTCOME_IN_FLIGHT = "in_flight"
OUTCOME_FAILED = "failed"
UNKNOWN_RECIPIENT = "unknown recipient"


@dataclasses.dataclass
class DispatchReport:
    """How many messages one run acknowledged, saw refused, or left queued after a failure."""

    acknowledged: int = 0
    refused: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        """All attempts of the run."""
        return self.acknowledged + self.refused + self.failed


@dataclasses.dataclass(frozen=True)
class _Claim:
    attempt_id: int
    envelope: Envelope
    data_category: str
    resident_code: str


class Dispatcher:
    """Sends the outbox through a :class:`PeerDirectory`; safe to run again at any time."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        directory: PeerDirectory,
        *,
        sender_municipality_code: str,
        terminal_id: str,
        resend_after: dt.timedelta = dt.timedelta(seconds=60),
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._directory = directory
        self._sender = sender_municipality_code
        self._terminal_id = terminal_id
        self._resend_after = resend_after

    def run_once(self, *, operator_id: str = "system", limit: int = 100) -> DispatchReport:
        """Attempt every due message once (queued ones, and ``sent`` ones left by a crash)."""
        report = DispatchReport()
        for message_id in self._due(limit):
            claim = self._claim(message_id, operator_id)
            if claim is None:
                continue  # another dispatcher took it meanwhile
            peer = self._directory.peer_for(claim.envelope.recipient)
            if peer is None:
                receipt = Receipt(ReceiptOutcome.REFUSED, UNKNOWN_RECIPIENT)
            else:
                try:
                    receipt = peer.deliver(claim.envelope)
                except PeerUnavailable:
                    self._complete(claim, None, operator_id)
                    report.failed += 1
                    continue
            self._complete(claim, receipt, operator_id)
            if receipt.outcome is ReceiptOutcome.ACKNOWLEDGED:
                report.acknowledged += 1
            else:
                report.refused += 1
        return report

    # ------------------------------------------------------------------ steps
    def _due(self, limit: int) -> list[str]:
        stale = self._clock.now() - self._resend_after
        with self._uow.begin() as session:
            return list(
                session.scalars(
                    select(OutboxMessage.message_id)
                    .where(
                        or_(
                            OutboxMessage.status == STATUS_QUEUED,
                            (OutboxMessage.status == STATUS_SENT)
                            & (OutboxMessage.updated_at <= stale),
                        )
                    )
                    .order_by(OutboxMessage.id)
                    .limit(limit)
                )
            )

    def _claim(self, message_id: str, operator_id: str) -> _Claim | None:
        now = self._clock.now()
        with self._uow.begin() as session:
            row = session.scalar(
                select(OutboxMessage).where(OutboxMessage.message_id == message_id)
            )
            if row is None or row.status not in (STATUS_QUEUED, STATUS_SENT):
                return None
            # The conditional update is the guard against two dispatchers claiming one message.
            taken = session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row.id,
                    OutboxMessage.attempt_count == row.attempt_count,
                )
                .values(status=STATUS_SENT, attempt_count=row.attempt_count + 1, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                return None
            attempt = DeliveryAttempt(
                message_id=message_id,
                attempted_at=now,
                operator_id=operator_id,
                terminal_id=self._terminal_id,
                recipient=row.recipient,
                data_category=row.data_category,
                record_key=row.resident_code,
                outcome=OUTCOME_IN_FLIGHT,
            )
            session.add(attempt)
            session.flush()
            envelope = Envelope(
                message_id=message_id,
                kind=row.kind,
                recipient=row.recipient,
                sender_municipality_code=self._sender,
                payload=json.loads(row.payload),
            )
            return _Claim(attempt.id, envelope, row.data_category, row.resident_code)

    def _complete(self, claim: _Claim, receipt: Receipt | None, operator_id: str) -> None:
        now = self._clock.now()
        if receipt is None:
            outcome, status, reason = OUTCOME_FAILED, STATUS_QUEUED, "peer unavailable"
        elif receipt.outcome is ReceiptOutcome.ACKNOWLEDGED:
            outcome, status, reason = STATUS_ACKNOWLEDGED, STATUS_ACKNOWLEDGED, receipt.reason
        else:
            outcome, status, reason = STATUS_REFUSED, STATUS_REFUSED, receipt.reason
        with self._uow.begin() as session:
            session.execute(
                update(DeliveryAttempt)
                .where(DeliveryAttempt.id == claim.attempt_id)
                .values(outcome=outcome, reason=reason or None, finished_at=now)
            )
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.message_id == claim.envelope.message_id)
                .values(status=status, last_reason=reason or None, updated_at=now)
            )
            self._oplog.record(
                session,
                ActorIds(operator_id, self._terminal_id),
                "jukinet.send",
                Outcome.OK
                if outcome == STATUS_ACKNOWLEDGED
                else (Outcome.REFUSED if outcome == STATUS_REFUSED else Outcome.FAILED),
                target=claim.resident_code,
                message_id=claim.envelope.message_id,
                recipient=claim.envelope.recipient,
                category=claim.data_category,
            )
