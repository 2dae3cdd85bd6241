"""Screen privacy: the logged reveal of a 個人番号 and the controlled hardcopy (R-48, R-49).

Both need a right, checked at the moment of use; both leave a row in the operation log.
The reveal log names the record (target key) whose number was shown, never the number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from app.audit import OperationLog, Outcome
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.rights import OperatorSession, Right
from app.ports import Clock
from app.services.access import AccessGuard

MAX_REASON = 200


@dataclasses.dataclass(frozen=True)
class HardcopyTicket:
    """Permission for one hardcopy: the watermark to stamp and the file name to use."""

    watermark: str
    file_name: str
    at: dt.datetime


class ScreenPrivacy:
    """Reveal of 個人番号 and in-app hardcopy, both guarded and logged."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, oplog: OperationLog, guard: AccessGuard
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._guard = guard

    def reveal_my_number(self, session: OperatorSession, *, target: str, purpose: str = "") -> None:
        """Allow showing one 個人番号 in full: needs the right; logs the target record key."""
        operation = "privacy.reveal_my_number"
        self._guard.require(session, Right.REVEAL_MY_NUMBER, operation=operation, target=target)
        self._oplog.record_alone(
            self._uow,
            session,
            operation,
            Outcome.OK,
            target=target,
            correlation_id=session.session_id,
            purpose=purpose[:MAX_REASON],
        )

    def hardcopy(self, session: OperatorSession, *, reason: str, screen: str) -> HardcopyTicket:
        """Allow one hardcopy of ``screen``: needs the right and a reason; logged."""
        operation = "privacy.hardcopy"
        if not reason.strip():
            raise DomainError("reason", "a hardcopy needs a reason")
        self._guard.require(session, Right.HARDCOPY, operation=operation, target=screen)
        now = self._clock.now()
        stamp = now.strftime("%Y-%m-%d %H:%M:%S %Z")
        watermark = f"{session.operator_id} / {session.terminal_id} / {stamp}"
        file_name = f"hardcopy-{session.terminal_id}-{now.strftime('%Y%m%d-%H%M%S-%f')}.png"
        self._oplog.record_alone(
            self._uow,
            session,
            operation,
            Outcome.OK,
            target=screen,
            correlation_id=session.session_id,
            reason=reason.strip()[:MAX_REASON],
            file=file_name,
        )
        return HardcopyTicket(watermark=watermark, file_name=file_name, at=now)
