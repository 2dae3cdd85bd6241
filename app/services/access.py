"""The access guard: rights re-checked in the database at every call (R-07, R-08, R-09).

The session's own ``rights`` set only decides what the window shows; services call
:meth:`AccessGuard.require`, which reads the operator's grants at that moment, so a grant
that expired or was revoked while the operator was signed in stops working at once. A
refusal is written to the operation log in its own transaction, so it stays even though
the operation does not happen.

A session whose row in ``operator_sessions`` has ended (a login of the same operator at
another terminal replaced it, or it was logged out) is refused with
:class:`~app.domain.rights.SessionEnded` before any right is looked at. A session with no
row at all (the installer's console session, sessions built by hand in tests) is checked
on its rights alone, as before; issue 10 is to require the row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import OperationLog, Outcome
from app.db.models.operators import Grant, Operator, OperatorSessionRow
from app.db.uow import UnitOfWork
from app.domain.rights import AccessDenied, OperatorSession, Right, SessionEnded
from app.ports import Clock
from app.services.stamps import jst_date

ENDED = "session ended"
"""The log's reason for a refusal of a session that has ended."""


class AccessGuard:
    """Implements :class:`app.domain.rights.Guard` on the grants table."""

    def __init__(self, uow: UnitOfWork, clock: Clock, oplog: OperationLog) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog

    def rights_now(self, db: Session, operator_id: str) -> frozenset[Right]:
        """The rights ``operator_id`` holds today: granted, in their period, not revoked."""
        operator = db.get(Operator, operator_id)
        if operator is None or operator.revoked_at is not None:
            return frozenset()
        today = jst_date(self._clock.now())
        rows = db.scalars(
            select(Grant.right).where(
                Grant.operator_id == operator_id,
                Grant.revoked_at.is_(None),
                Grant.valid_from <= today,
                Grant.valid_until >= today,
            )
        )
        return frozenset(Right(value) for value in rows if value in Right._value2member_map_)

    def why_not(self, db: Session, operator_id: str, right: Right) -> str:
        """Why ``operator_id`` cannot use ``right`` now (a reason code for the log)."""
        operator = db.get(Operator, operator_id)
        if operator is None:
            return "unknown operator"
        if operator.revoked_at is not None:
            return "operator revoked"
        grants = list(
            db.scalars(select(Grant).where(Grant.operator_id == operator_id, Grant.right == right))
        )
        if not grants:
            return "not granted"
        today = jst_date(self._clock.now())
        live = [g for g in grants if g.revoked_at is None]
        if not live:
            return "revoked"
        if all(g.valid_from > today for g in live):
            return "not yet valid"
        return "expired"

    def require(
        self, session: OperatorSession, right: Right, *, operation: str, target: str = ""
    ) -> None:
        """Return if ``session`` may use ``right`` now; otherwise log the refusal and raise.

        Raises :class:`SessionEnded` (an :class:`AccessDenied`) when the session has ended.
        """
        with self._uow.begin() as db:
            ended = self.session_ended(db, session, right)
            if ended is None:
                if right in self.rights_now(db, session.operator_id):
                    return
                reason = self.why_not(db, session.operator_id, right)
        if ended is not None:
            self.log_refusal(session, right, operation=operation, target=target, reason=ENDED)
            raise ended
        self.log_refusal(session, right, operation=operation, target=target, reason=reason)
        raise AccessDenied(right, reason)

    def require_live(
        self, session: OperatorSession, right: Right, *, operation: str, target: str = ""
    ) -> None:
        """Refuse (logged, :class:`SessionEnded`) a session that has ended; rights unchecked.

        For callers that check rights themselves (several rights, any of which will do).
        """
        with self._uow.begin() as db:
            ended = self.session_ended(db, session, right)
        if ended is not None:
            self.log_refusal(session, right, operation=operation, target=target, reason=ENDED)
            raise ended

    def session_ended(
        self, db: Session, session: OperatorSession, right: Right
    ) -> SessionEnded | None:
        """The refusal for ``session`` if its row has ended; None if live or without a row."""
        row = db.get(OperatorSessionRow, session.session_id)
        if row is None or row.ended_at is None:
            return None
        return SessionEnded(
            right, session.session_id, row.end_reason or "ended", row.ended_by_terminal
        )

    def log_refusal(
        self, session: OperatorSession, right: Right, *, operation: str, target: str, reason: str
    ) -> None:
        """Write one "refused" row in its own transaction (committed although nothing ran)."""
        self._oplog.record_alone(
            self._uow,
            session,
            operation,
            Outcome.REFUSED,
            target=target,
            correlation_id=session.session_id,
            right=right.value,
            reason=reason,
        )
