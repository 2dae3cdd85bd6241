"""Operator login: fingerprint or (where enabled) password, lockout, lock and logout (R-03..R-06).

Every attempt is logged with operator, terminal, time and method: logins, failures,
lockouts, refusals (unknown terminal, revoked operator, no valid grant, password fallback
not enabled), idle expiries, locks, re-authentications and logouts. Failure rows are
committed even though the login fails. Messages shown to the person at the terminal do not
say whether the ID exists: until the password or finger matched, every refusal is "wrong ID
or credentials" and an unknown ID costs the same argon2 work as a wrong password; the real
reason is in the log row. The failure counter is one atomic increment in a write unit of
work, so parallel guesses all count.

One operator, one seat: every session has a row in ``operator_sessions``. A login ends the
same operator's open sessions at every other terminal (logged as ``auth.session_replaced``);
sessions on the same terminal (the window and the command line of one PC) stay. The access
guard refuses an ended session at its next call. A lock keeps the row open; a logout ends
it; an unlock of an ended session is refused.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import uuid
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit import ActorIds, CheckpointUnavailable, OperationLog, Outcome
from app.config import AuthPolicy
from app.db.models.operators import Operator, OperatorFingerprint, OperatorSessionRow, Terminal
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
    SESSION_ENDED = "session_ended"  # unlock of a session another login has ended


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
    LoginProblem.SESSION_ENDED: (
        "このセッションは終了しています。ログアウトして、もう一度ログインしてください "
        "(session ended)"
    ),
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


Verifier = Callable[[Session, Operator | None], LoginProblem | None]


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
        """Log that the session locked: "idle" (an expiry) or "leave_seat" (by the operator).

        The session row stays open: a locked screen still holds the seat.
        """
        operation = "auth.expire" if reason == "idle" else "auth.lock"
        self._oplog.record_alone(
            self._uow,
            session,
            operation,
            Outcome.OK,
            correlation_id=session.session_id,
            method=session.method.value,
            reason=reason,
        )

    def logout(self, session: OperatorSession, *, reason: str = "user") -> None:
        """End the session's row (``reason`` becomes its end reason) and log the logout.

        A row that already ended (replaced by a login elsewhere) keeps its first reason.
        """
        with self._uow.begin() as db:
            db.execute(
                update(OperatorSessionRow)
                .where(
                    OperatorSessionRow.session_id == session.session_id,
                    OperatorSessionRow.ended_at.is_(None),
                )
                .values(ended_at=utc_iso(self._clock.now()), end_reason=reason[:32])
            )
            self._oplog.record(
                db,
                session,
                "auth.logout",
                Outcome.OK,
                correlation_id=session.session_id,
                method=session.method.value,
                reason=reason,
            )
        # Every logout anchors the log outside the register (docs/SECURITY.md). A store that
        # cannot be written is logged as a failed checkpoint; the logout itself stands.
        with contextlib.suppress(CheckpointUnavailable):
            self._oplog.checkpoint_logged(self._uow, session, reason="logout")

    # -- internals ----------------------------------------------------------------------
    def _check_finger(self, db: Session, operator: Operator | None) -> LoginProblem | None:
        if not self._device.is_ready():
            return LoginProblem.DEVICE_UNAVAILABLE
        sample = self._device.capture()
        if sample is None:
            return LoginProblem.NO_SAMPLE
        if operator is None:
            return LoginProblem.BAD_CREDENTIALS
        templates = db.scalars(
            select(OperatorFingerprint.template).where(
                OperatorFingerprint.operator_id == operator.operator_id
            )
        )
        if any(self._device.matches(sample, bytes.fromhex(t)) for t in templates):
            return None
        return LoginProblem.BAD_CREDENTIALS

    def _password_check(self, password: str) -> Verifier:
        def verify(db: Session, operator: Operator | None) -> LoginProblem | None:
            # Whether the fallback is enabled is told only once the password matched.
            if operator is not None and operator.password_hash:
                if self._hasher.verify(operator.password_hash, password):
                    return None
            else:
                # Unknown ID or no password set: the same argon2 work as a wrong password.
                self._hasher.verify_absent(password)
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
        # The credential is checked first, outside the write lock: argon2 takes about 100 ms
        # and on SQLite that lock holds back every other writer of the register.
        with self._uow.begin() as db:
            # Never None (a match) unless the credential was really checked.
            credential: LoginProblem | None = LoginProblem.UNKNOWN_TERMINAL
            if _terminal_active(db, terminal_id):
                credential = verify(db, db.get(Operator, operator_id))
        # The decision reads the counter and the lock and writes them: one write unit.
        with self._uow.begin_write() as db:
            result = self._decide(db, operator_id, terminal_id, method, credential)
            if isinstance(result, frozenset) and session_id and _has_ended(db, session_id):
                result = _Refusal(LoginProblem.SESSION_ENDED)
            session = None
            if isinstance(result, frozenset):
                session = OperatorSession(
                    session_id=session_id or str(uuid.uuid4()),
                    operator_id=operator_id,
                    terminal_id=terminal_id,
                    method=method,
                    started_at=self._clock.now(),
                    rights=result,
                )
                if session_id is None:  # an unlock goes on in the row it has
                    self._take_seat(db, session)
            detail = {"method": method.value}
            if isinstance(result, _Refusal):
                detail["reason"] = result.problem.value
                if result.state:
                    # For the auditor only: the screen says no more than the problem.
                    detail["state"] = result.state
            # No session exists yet (nor ever, for a failed attempt): the row names the ids.
            self._oplog.record(
                db,
                ActorIds(operator_id, terminal_id),
                operation,
                result.outcome() if isinstance(result, _Refusal) else Outcome.OK,
                correlation_id=session.session_id if session else "",
                **detail,
            )
        # Raised after the commit, so the failure rows above are kept.
        if isinstance(result, _Refusal):
            raise LoginFailed(result.problem, result.locked_until)
        assert session is not None
        return session

    def _decide(
        self,
        db: Session,
        operator_id: str,
        terminal_id: str,
        method: AuthMethod,
        credential: LoginProblem | None,
    ) -> frozenset[Right] | _Refusal:
        """The rights of a successful attempt, or why it failed; ``credential`` is the check.

        Until the credential checked out, every refusal is BAD_CREDENTIALS, so nobody learns
        from the answer whether an ID exists, is revoked, locked or lacks the fallback.
        """
        now = self._clock.now()
        if credential is LoginProblem.UNKNOWN_TERMINAL or not _terminal_active(db, terminal_id):
            return _Refusal(LoginProblem.UNKNOWN_TERMINAL)
        # A row lock on PostgreSQL; on SQLite the unit already holds the write lock.
        operator = db.get(Operator, operator_id, with_for_update=True)
        if operator is None:
            problem = credential or LoginProblem.BAD_CREDENTIALS
            return _Refusal(problem, state="unknown_operator")
        until = from_utc_iso(operator.locked_until) if operator.locked_until else None
        if until is not None and until <= now:
            operator.locked_until = None
            operator.failed_logins = 0
            until = None
        if credential is LoginProblem.BAD_CREDENTIALS:
            if until is not None:
                # Already locked: counting on would change nothing.
                return _Refusal(credential, state="locked_out")
            return self._count_failure(db, operator, terminal_id, method)
        if credential is not None:  # no sample, no sensor: nothing was tried
            return _Refusal(credential)
        if until is not None:
            return _Refusal(LoginProblem.LOCKED_OUT, until)
        if operator.revoked_at is not None:
            return _Refusal(LoginProblem.REVOKED)
        if method is AuthMethod.PASSWORD and not operator.password_allowed:
            return _Refusal(LoginProblem.PASSWORD_NOT_ALLOWED)
        rights = self._guard.rights_now(db, operator_id)
        if not rights:
            return _Refusal(LoginProblem.NO_VALID_GRANT)
        operator.failed_logins = 0
        operator.last_login_at = utc_iso(now)
        return frozenset(rights)

    def _count_failure(
        self, db: Session, operator: Operator, terminal_id: str, method: AuthMethod
    ) -> _Refusal:
        db.flush()  # an expired lock reset above is written before the increment
        # One atomic increment; the lock is decided from the value the database returns.
        failures = db.execute(
            update(Operator)
            .where(Operator.operator_id == operator.operator_id)
            .values(failed_logins=Operator.failed_logins + 1)
            .returning(Operator.failed_logins)
        ).scalar_one()
        state = "revoked" if operator.revoked_at is not None else ""
        if failures < self.policy.max_failures:
            return _Refusal(LoginProblem.BAD_CREDENTIALS, state=state)
        until = self._clock.now() + dt.timedelta(minutes=self.policy.lockout_minutes)
        operator.locked_until = utc_iso(until)
        self._oplog.record(
            db,
            ActorIds(operator.operator_id, terminal_id),
            "auth.lockout",
            Outcome.REFUSED,
            method=method.value,
            failures=failures,
            until=utc_iso(until),
        )
        # Not even the attempt that locks says so: an unknown ID never locks, so "locked
        # until" would tell that the ID exists. LOCKED_OUT, with its time, is told only to
        # the right credential.
        return _Refusal(LoginProblem.BAD_CREDENTIALS, state=state)

    def _take_seat(self, db: Session, session: OperatorSession) -> None:
        """Open ``session``'s row and end the operator's open sessions at other terminals.

        Runs in the login's write unit, after the operator row was locked, so two logins of
        one operator at once end up one after the other: the later one ends the earlier.
        """
        now = utc_iso(session.started_at)
        open_elsewhere = db.scalars(
            select(OperatorSessionRow).where(
                OperatorSessionRow.operator_id == session.operator_id,
                OperatorSessionRow.ended_at.is_(None),
                OperatorSessionRow.terminal_id != session.terminal_id,
            )
        ).all()
        for row in open_elsewhere:
            row.ended_at = now
            row.end_reason = "replaced"
            row.ended_by_terminal = session.terminal_id
            self._oplog.record(
                db,
                ActorIds(row.operator_id, row.terminal_id),
                "auth.session_replaced",
                Outcome.OK,
                correlation_id=row.session_id,
                by_terminal=session.terminal_id,
            )
        db.add(
            OperatorSessionRow(
                session_id=session.session_id,
                operator_id=session.operator_id,
                terminal_id=session.terminal_id,
                method=session.method.value,
                started_at=now,
            )
        )


@dataclasses.dataclass(frozen=True)
class _Refusal:
    """Why an attempt opened no session; ``state`` is logged, never shown."""

    problem: LoginProblem
    locked_until: dt.datetime | None = None
    state: str = ""

    def outcome(self) -> Outcome:
        """FAILED for a wrong or missing credential, REFUSED for anything else."""
        if self.problem in (LoginProblem.BAD_CREDENTIALS, LoginProblem.NO_SAMPLE):
            return Outcome.FAILED
        return Outcome.REFUSED


def _has_ended(db: Session, session_id: str) -> bool:
    """True if the session's row exists and has ended (a session without a row has not)."""
    row = db.get(OperatorSessionRow, session_id)
    return row is not None and row.ended_at is not None


def _terminal_active(db: Session, terminal_id: str) -> bool:
    terminal = db.get(Terminal, terminal_id)
    return terminal is not None and terminal.active
