"""Second-operator confirmation (R-22, R-27): the approvals queue, approve and reject.

Entered changes wait as ``pending``. Only an operator with the confirm right who is not the
one who entered the change may approve it; self-approval is refused and logged. A rejection
needs a reason and is logged. Approval runs the change's applier in ONE transaction with the
status change and the log row: the 住民票, the 本人確認情報 version (through
:class:`~app.services.identity_records.IdentityRecordService`, joined to the same session)
and the outbox messages all commit together, or nothing does.

Approve and reject decide from what they read (the change's status), so they run in a write
transaction (``UnitOfWork.begin_write``): of two approvers at once, one decides and the
other is told :class:`NotPending`. A decision that could not be made because the database
failed (down, full, read-only) is not a refusal: it is logged ``failed`` with the fault's
type, as far as the database still takes a log row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.audit import OperationLog, Outcome
from app.db.errors import classify
from app.db.models.movein import PendingChange
from app.db.uow import UnitOfWork
from app.domain import search_keys
from app.domain.errors import DomainError, StorageUnavailable
from app.domain.rights import Guard, OperatorSession, Right
from app.jukinet.dispatcher import Dispatcher, DispatchReport
from app.ports import Clock
from app.services.identity_records import IdentityRecordService
from app.services.move_in import (
    EVIDENCE_CARD,
    KIND_MOVE_IN,
    STATUS_PENDING,
    ApplyContext,
    apply_move_in,
    reopen_inbox,
)
from app.services.move_within import KIND_MOVE_WITHIN, apply_move_within

STATUS_APPROVED = "approved"
STATUS_REJECTED = "rejected"
REASON_LIMIT = 200

Applier = Callable[[ApplyContext, PendingChange], None]
DEFAULT_APPLIERS: Mapping[str, Applier] = {
    KIND_MOVE_IN: apply_move_in,
    KIND_MOVE_WITHIN: apply_move_within,
}


class ApprovalError(DomainError):
    """An approval or rejection was refused."""


class SelfApprovalRefused(ApprovalError):
    """The operator who entered a change tried to confirm it (R-27)."""

    def __init__(self) -> None:
        super().__init__("承認者", "the operator who entered a change cannot confirm it")


class NotPending(ApprovalError):
    """The change does not exist or was already decided."""

    def __init__(self) -> None:
        super().__init__("承認待ち", "no pending change with this id")


class ReasonRequired(ApprovalError):
    """A rejection without a reason."""

    def __init__(self) -> None:
        super().__init__("却下理由", f"required, at most {REASON_LIMIT} characters")


@dataclasses.dataclass(frozen=True)
class PendingView:
    """A pending change as the approvals queue shows it.

    ``evidence`` is how the person was identified: ``card`` (a PIN-verified card read in
    the entry's flow) or ``operator_entry`` (typed by the clerk; ``evidence_reason`` says
    why), which the approver must see before deciding.
    """

    change_id: int
    kind: str
    resident_code: str
    entered_by: str
    entered_terminal: str
    entered_at: dt.datetime
    payload: Mapping[str, Any]
    evidence: str = EVIDENCE_CARD
    evidence_reason: str | None = None


class SessionUnitOfWork(UnitOfWork):
    """A unit of work that hands out an already open session (joins the caller's transaction).

    Lets a service written for its own transactions (the identity-record service) take part
    in the approval's single transaction; commit and rollback stay with the caller.
    """

    def __init__(self, session: Session) -> None:  # no super().__init__: no engine of its own
        self._session = session

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """The caller's session, without a transaction of its own."""
        yield self._session

    def begin_write(self) -> AbstractContextManager[Session]:
        """The caller's session too: the caller's transaction already holds what it locked."""
        return self.begin()

    __call__ = begin


class ApprovalService:
    """The approvals queue of the confirm right (承認)."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        guard: Guard,
        appliers: Mapping[str, Applier] = DEFAULT_APPLIERS,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._guard = guard
        self._appliers = appliers

    def pending(self, op: OperatorSession) -> list[PendingView]:
        """Changes waiting for confirmation, oldest first (own entries included, marked)."""
        self._guard.require(op, Right.CONFIRM_OTHERS, operation="approval.list")
        with self._uow.begin() as session:
            rows = session.scalars(
                select(PendingChange)
                .where(PendingChange.status == STATUS_PENDING)
                .order_by(PendingChange.id)
            )
            views = [
                PendingView(
                    change_id=row.id,
                    kind=row.kind,
                    resident_code=row.resident_code,
                    entered_by=row.entered_by,
                    entered_terminal=row.entered_terminal,
                    entered_at=row.entered_at,
                    payload=json.loads(row.payload),
                    evidence=row.evidence,
                    evidence_reason=row.evidence_reason,
                )
                for row in rows
            ]
            # The queue shows the entries' personal data: opening it is a logged display.
            self._oplog.record(session, op, "approval.list", Outcome.OK, count=len(views))
            return views

    def send_notifications(self, op: OperatorSession, dispatcher: Dispatcher) -> DispatchReport:
        """Send the outbox now (the confirming operator's action; every attempt recorded)."""
        self._guard.require(op, Right.CONFIRM_OTHERS, operation="jukinet.send")
        return dispatcher.run_once(operator_id=op.operator_id)

    def approve(self, op: OperatorSession, change_id: int) -> None:
        """Confirm ``change_id`` and make it effective, all in one transaction."""
        target = str(change_id)
        self._guard.require(op, Right.CONFIRM_OTHERS, operation="approval.approve", target=target)
        with (
            self._refusals_logged(op, "approval.approve", target),
            self._uow.begin_write() as session,
        ):
            change = self._pending_row(session, change_id, op)
            now = self._clock.now()
            self._decide(session, change, op, STATUS_APPROVED, now, None)
            identity = IdentityRecordService(
                SessionUnitOfWork(session),
                self._clock,
                oplog=self._oplog,
                search_keys=search_keys,
            )

            def add(values: Mapping[str, object]) -> object:
                return identity.add_initial(
                    values,
                    operator_id=op.operator_id,
                    terminal_id=op.terminal_id,
                    correlation_id=change.correlation_id,
                )

            def correct(
                code: str, values: Mapping[str, object], reason: str, date: dt.date
            ) -> object:
                return identity.correct(
                    code,
                    values,
                    operator_id=op.operator_id,
                    terminal_id=op.terminal_id,
                    change_reason_code=reason,
                    change_date=date,
                    correlation_id=change.correlation_id,
                )

            ctx = ApplyContext(session, op, now, change.correlation_id, add, correct)
            self._appliers[change.kind](ctx, change)
            self._oplog.record(
                session,
                op,
                "approval.approve",
                Outcome.OK,
                target=change.resident_code,
                correlation_id=change.correlation_id,
                change_id=change.id,
                kind=change.kind,
            )

    def reject(self, op: OperatorSession, change_id: int, reason: str) -> None:
        """Reject ``change_id`` with a reason (logged); the 転出証明書情報 becomes usable again."""
        target = str(change_id)
        self._guard.require(op, Right.CONFIRM_OTHERS, operation="approval.reject", target=target)
        reason = reason.strip()
        with self._refusals_logged(op, "approval.reject", target):
            if not reason or len(reason) > REASON_LIMIT:
                raise ReasonRequired()
            with self._uow.begin_write() as session:
                change = self._pending_row(session, change_id, op)
                self._decide(session, change, op, STATUS_REJECTED, self._clock.now(), reason)
                reopen_inbox(session, change)
                self._oplog.record(
                    session,
                    op,
                    "approval.reject",
                    Outcome.OK,
                    target=change.resident_code,
                    correlation_id=change.correlation_id,
                    change_id=change.id,
                    kind=change.kind,
                    reason=reason,
                )

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _pending_row(session: Session, change_id: int, op: OperatorSession) -> PendingChange:
        change = session.get(PendingChange, change_id, with_for_update=True)
        if change is None or change.status != STATUS_PENDING:
            raise NotPending()
        if change.entered_by == op.operator_id:
            raise SelfApprovalRefused()
        return change

    @staticmethod
    def _decide(  # noqa: PLR0917  (private helper: positional reads better at call sites)
        session: Session,
        change: PendingChange,
        op: OperatorSession,
        status: str,
        now: dt.datetime,
        reason: str | None,
    ) -> None:
        # Conditional on still being pending: of two approvers racing, one wins.
        decided = session.execute(
            update(PendingChange)
            .where(PendingChange.id == change.id, PendingChange.status == STATUS_PENDING)
            .values(
                status=status,
                decided_by=op.operator_id,
                decided_terminal=op.terminal_id,
                decided_at=now,
                reject_reason=reason,
            )
            .execution_options(synchronize_session=False)
        )
        if decided.rowcount != 1:  # type: ignore[attr-defined]
            raise NotPending()

    @contextmanager
    def _refusals_logged(self, op: OperatorSession, operation: str, target: str) -> Iterator[None]:
        """A refused decision rolls back; its refusal is logged in a transaction of its own.

        A storage fault is no refusal (nothing was decided): it is logged ``failed`` with
        the fault's type, best effort, and a driver error is passed on as that typed fault.
        """
        try:
            yield
        except StorageUnavailable as exc:
            fault = classify(exc) or exc
            self._log_fault(op, operation, target, fault)
            if fault is exc:
                raise
            raise fault from None  # the typed fault says what to do (full, read-only, ...)
        except DomainError as exc:
            self._oplog.record_alone(
                self._uow,
                op,
                operation,
                Outcome.REFUSED,
                target=target,
                reason=exc.field,
                error=type(exc).__name__,
            )
            raise
        except DBAPIError as exc:
            classified = classify(exc)
            if classified is None:
                raise
            self._log_fault(op, operation, target, classified)
            # The driver's text may quote a statement (personal data): say only what it means.
            raise classified from None

    def _log_fault(
        self, op: OperatorSession, operation: str, target: str, fault: DomainError
    ) -> None:
        """Log a decision the database's fault prevented, if the database still takes it.

        With the database down or full the row cannot be written either; that must not hide
        the fault the operator has to be told about, so a failure here is swallowed.
        """
        with suppress(StorageUnavailable, SQLAlchemyError):
            self._oplog.record_alone(
                self._uow, op, operation, Outcome.FAILED, target=target, fault=type(fault).__name__
            )
