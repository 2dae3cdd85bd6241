"""Operator login: fingerprint or (where enabled) password, lockout, lock and logout (R-03..R-06).

Every attempt is logged with operator, terminal, time and method: logins, failures,
lockouts, refusals (unknown terminal, revoked operator, no valid grant, password fallback
not enabled), idle expiries, locks, re-authentications and logouts. Failure rows are
committed even though the login fails. Messages shown to the person at the terminal do not
say whether the ID exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import ActorIds, OperationLog, Outcome
from app.config import AuthPolicy
from app.db.models.operators import Operator, OperatorFingerprint, Terminal
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.rights import AuthMethod, OperatorSession, Right
from app.ports import BiometricDevice, Clock
from app.services.access import AccessGuard
from app.services.passwords import PasswordHasher
from app.services.stamps import from_utc_iso, utc_iso


class LoginProblem(enum.StrEnum):
    """Why a login did not open a session (shown as a generic text where it must be)."""

    BAD_CREDENTIALS = "bad_credentials"  # unknown ID, wrong finger or wrong password
    NO_SAMPLE = "no_sample"  # nothing was placed on the sensor
    DEVICE_UNAVAILABLE = "device_unavailable"
    LOCKED_OUT = "locked_out"
    PASSWORD_NOT_ALLOWED = "password_not_allowed"  # noqa: S105 - a reason code
    REVOKED = "revoked"
    NO_VALID_GRANT = "no_valid_grant"
    UNKNOWN_TERMINAL = "unknown_terminal"
    WRONG_OPERATOR = "wrong_operator"  # re-authentication by somebody else


_PROBLEM_TEXTS = {
    LoginProblem.BAD_CREDENTIALS: "操作者IDまたは認証情報が違います (wrong ID or credentials)",
    LoginProblem.NO_SAMPLE: "指紋が読み取れませんでした (no fingerprint was placed)",
    LoginProblem.DEVICE_UNAVAILABLE: "指紋センサーが使用できません (sensor unavailable)",
    LoginProblem.LOCKED_OUT: "ログイン失敗が続いたためロック中です (locked out after failures)",
    LoginProblem.PASSWORD_NOT_ALLOWED: (
        "この操作者はパスワード認証が許可されていません (password login not enabled)"
    ),
    LoginProblem.REVOKED: "この操作者IDは失効しています (operator revoked)",
    LoginProblem.NO_VALID_GRANT: "本日有効な権限がありません (no grant valid today)",
    LoginProblem.UNKNOWN_TERMINAL: (
        "この端末IDは登録されていません (terminal not registered: set MADOGUCHI_TERMINAL "
        "or run `madoguchi terminal add`)"
    ),
    LoginProblem.WRONG_OPERATOR: "ロックした操作者本人のみ解除できます (only the same operator)",
}


class LoginFailed(DomainError):
    """No session was opened; ``problem`` says why, ``locked_until`` when locked out."""

    def __init__(self, problem: LoginProblem, locked_until: dt.datetime | None = None) -> None:
        self.problem = problem
        self.locked_until = locked_until
        super().__init__("login", _PROBLEM_TEXTS.get(problem, problem.value))


class NoBiometricDevice:
    """Stands in for the sensor where none is configured: never ready, matches nothing."""

    def is_ready(self) -> bool:
        """Always False."""
        return False

    def enroll(self, finger: str, *, subject: str) -> bytes:
        """Enrolment needs a sensor."""
        raise DomainError("biometric", "no biometric device is configured")

    def capture(self) -> bytes | None:
        """Nothing to capture."""
        return None

    def matches(self, sample: bytes, template: bytes) -> bool:
        """Nothing matches."""
        return False


Verifier = Callable[[Session, Operator], LoginProblem | None]


class AuthService:
    """Opens, locks, re-opens and closes operator sessions."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        guard: AccessGuard,
        *,
        hasher: PasswordHasher,
        device: BiometricDevice,
        policy: AuthPolicy,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._guard = guard
        self._hasher = hasher
        self._device = device
        self.policy = policy

    @property
    def device(self) -> BiometricDevice:
        """The biometric sensor this service reads."""
        return self._device

    # -- public use cases ---------------------------------------------------------------
    def login_biometric(self, operator_id: str, terminal_id: str) -> OperatorSession:
        """Operator ID plus the finger on the sensor (R-03)."""
        return self._login(operator_id, terminal_id, AuthMethod.BIOMETRIC, self._check_finger)

    def login_password(self, operator_id: str, password: str, terminal_id: str) -> OperatorSession:
        """Operator ID plus password: only for operators with the fallback enabled (R-04)."""
        return self._login(
            operator_id, terminal_id, AuthMethod.PASSWORD, self._password_check(password)
        )

    def reauthenticate(
        self, session: OperatorSession, method: AuthMethod, password: str | None = None
    ) -> OperatorSession:
        """Unlock ``session``: the same operator proves who they are again (R-06).

        Rights are read afresh, so a grant that ended while the screen was locked is gone.
        """
        if method is AuthMethod.PASSWORD:
            verify = self._password_check(password or "")
        elif method is AuthMethod.BIOMETRIC:
            verify = self._check_finger
        else:
            raise DomainError("method", "not a way to unlock a session")
        fresh = self._login(
            session.operator_id,
            session.terminal_id,
            method,
            verify,
            operation="auth.reauthenticate",
            session_id=session.session_id,
        )
        return dataclasses.replace(fresh, started_at=session.started_at)

    def check_finger_owner(self, session: OperatorSession) -> bool:
        """True when the finger on the sensor is the session operator's (used by the lock)."""
        with self._uow.begin() as db:
            operator = db.get(Operator, session.operator_id)
            return operator is not None and self._check_finger(db, operator) is None

    def lock(self, session: OperatorSession, *, reason: str) -> None:
        """Log that the session locked: "idle" (an expiry) or "leave_seat" (by the operator)."""
        operation = "auth.expire" if reason == "idle" else "auth.lock"
        self._record_session_event(session, operation, reason)

    def logout(self, session: OperatorSession, *, reason: str = "user") -> None:
        """Log the end of a session."""
        self._record_session_event(session, "auth.logout", reason)

    # -- internals ----------------------------------------------------------------------
    def _record_session_event(self, session: OperatorSession, operation: str, reason: str) -> None:
        self._oplog.record_alone(
            self._uow,
            session,
            operation,
            Outcome.OK,
            correlation_id=session.session_id,
            method=session.method.value,
            reason=reason,
        )

    def _check_finger(self, db: Session, operator: Operator) -> LoginProblem | None:
        if not self._device.is_ready():
            return LoginProblem.DEVICE_UNAVAILABLE
        sample = self._device.capture()
        if sample is None:
            return LoginProblem.NO_SAMPLE
        templates = db.scalars(
            select(OperatorFingerprint.template).where(
                OperatorFingerprint.operator_id == operator.operator_id
            )
        )
        if any(self._device.matches(sample, bytes.fromhex(t)) for t in templates):
            return None
        return LoginProblem.BAD_CREDENTIALS

    def _password_check(self, password: str) -> Verifier:
        def verify(db: Session, operator: Operator) -> LoginProblem | None:
            if not operator.password_allowed:
                return LoginProblem.PASSWORD_NOT_ALLOWED
            if operator.password_hash and self._hasher.verify(operator.password_hash, password):
                return None
            return LoginProblem.BAD_CREDENTIALS

        return verify

    def _login(
        self,
        operator_id: str,
        terminal_id: str,
        method: AuthMethod,
        verify: Verifier,
        *,
        operation: str = "auth.login",
        session_id: str | None = None,
    ) -> OperatorSession:
        operator_id = operator_id.strip()[:32]
        with self._uow.begin() as db:
            result = self._attempt(db, operator_id, terminal_id, method, verify)
            problem, locked_until = result if isinstance(result, tuple) else (None, None)
            session = None
            if problem is None:
                assert isinstance(result, frozenset)
                session = OperatorSession(
                    session_id=session_id or str(uuid.uuid4()),
                    operator_id=operator_id,
                    terminal_id=terminal_id,
                    method=method,
                    started_at=self._clock.now(),
                    rights=result,
                )
            detail = {"method": method.value}
            if problem is not None:
                detail["reason"] = problem.value
            # No session exists yet (nor ever, for a failed attempt): the row names the ids.
            self._oplog.record(
                db,
                ActorIds(operator_id, terminal_id),
                operation,
                Outcome.OK
                if problem is None
                else Outcome.FAILED
                if problem in (LoginProblem.BAD_CREDENTIALS, LoginProblem.NO_SAMPLE)
                else Outcome.REFUSED,
                correlation_id=session.session_id if session else "",
                **detail,
            )
        # Raised after the commit, so the failure rows above are kept.
        if problem is not None:
            raise LoginFailed(problem, locked_until)
        assert session is not None
        return session

    def _attempt(
        self,
        db: Session,
        operator_id: str,
        terminal_id: str,
        method: AuthMethod,
        verify: Verifier,
    ) -> frozenset[Right] | tuple[LoginProblem, dt.datetime | None]:
        """The rights of a successful attempt, or (problem, locked-until) of a failed one."""
        now = self._clock.now()
        terminal = db.get(Terminal, terminal_id)
        if terminal is None or not terminal.active:
            return (LoginProblem.UNKNOWN_TERMINAL, None)
        operator = db.get(Operator, operator_id)
        if operator is None:
            return (LoginProblem.BAD_CREDENTIALS, None)
        if operator.locked_until is not None:
            until = from_utc_iso(operator.locked_until)
            if until > now:
                return (LoginProblem.LOCKED_OUT, until)
            operator.locked_until = None
            operator.failed_logins = 0
        if operator.revoked_at is not None:
            return (LoginProblem.REVOKED, None)
        problem = verify(db, operator)
        if problem is LoginProblem.BAD_CREDENTIALS:
            return self._count_failure(db, operator, terminal_id, method)
        if problem is not None:
            return (problem, None)
        rights = self._guard.rights_now(db, operator_id)
        if not rights:
            return (LoginProblem.NO_VALID_GRANT, None)
        operator.failed_logins = 0
        operator.last_login_at = utc_iso(now)
        return frozenset(rights)

    def _count_failure(
        self, db: Session, operator: Operator, terminal_id: str, method: AuthMethod
    ) -> tuple[LoginProblem, dt.datetime | None]:
        operator.failed_logins += 1
        if operator.failed_logins < self.policy.max_failures:
            return (LoginProblem.BAD_CREDENTIALS, None)
        until = self._clock.now() + dt.timedelta(minutes=self.policy.lockout_minutes)
        operator.locked_until = utc_iso(until)
        self._oplog.record(
            db,
            ActorIds(operator.operator_id, terminal_id),
            "auth.lockout",
            Outcome.REFUSED,
            method=method.value,
            failures=operator.failed_logins,
            until=utc_iso(until),
        )
        return (LoginProblem.BAD_CREDENTIALS, until)
