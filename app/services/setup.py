"""The first set-up of a new register: this terminal and the first administrator, together.

A register needs a terminal before anybody can log in, and an administrator before a
terminal can be registered by somebody who logged in. Doing the two in separate steps left
dead ends (an administrator and no terminal: nobody can log in to add one). :meth:`SetUp.set_up`
does both in one write unit of work, only while the register holds no terminal and no
operator; :meth:`SetUp.add_first_terminal` is the way out of a register that already has an
administrator but no terminal. The rows are the same as from ``operator add`` and ``terminal
add`` (written by :class:`~app.services.operators.OperatorAdmin`), marked as the bootstrap.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from app.audit import OperationLog, Outcome
from app.config import AuthPolicy
from app.db.models.operators import Operator, Terminal
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.rights import AuthMethod, OperatorSession, Right
from app.ports import Clock
from app.services.access import AccessGuard
from app.services.operators import (
    BOOTSTRAP_ADMIN,
    AdminCoverage,
    OperatorAdmin,
    check_id,
    console_session,
)
from app.services.passwords import PasswordHasher
from app.services.stamps import from_utc_iso, utc_iso

FIRST_ADMIN_ROLE = "権限管理者"
"""The standard role the first administrator gets: rights administration and nothing else
(STANDARD_ROLES in app/domain/rights.py), so the installer cannot read residents' data; the
administrator then registers the staff, and themself under another role if they work at the
counter."""


class RegisterNotNew(DomainError):
    """The register already has a terminal or an operator: set-up is over."""

    def __init__(self) -> None:
        super().__init__(
            "register",
            "already set up (it has terminals or operators): log in as a rights administrator",
        )


@dataclasses.dataclass(frozen=True)
class SetUpDone:
    """What :meth:`SetUp.set_up` created."""

    terminal_id: str
    admin_id: str
    role: str
    coverage: AdminCoverage


class SetUp:
    """The use cases of a register's first set-up (``madoguchi setup`` and the window)."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        operators: OperatorAdmin,
        guard: AccessGuard,
        *,
        hasher: PasswordHasher,
        policy: AuthPolicy,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._operators = operators
        self._guard = guard
        self._hasher = hasher
        self._policy = policy

    def is_new(self) -> bool:
        """True while the register holds no terminal and no operator."""
        with self._uow.begin() as db:
            return _is_new(db)

    def has_terminal(self) -> bool:
        """True when at least one terminal is registered."""
        with self._uow.begin() as db:
            return db.scalar(select(Terminal.terminal_id).limit(1)) is not None

    def set_up(
        self,
        terminal_id: str,
        admin_id: str,
        admin_name: str,
        password: str,
        *,
        terminal_name: str = "",
        location: str = "",
    ) -> SetUpDone:
        """Register this terminal and the first rights administrator in one transaction.

        The administrator gets the 権限管理者 role from today with no end and the password
        fallback (no finger can be enrolled before an administrator exists). Refused with a
        DomainError naming the field: a register that is not new, a bad ID or name, a weak
        password. Everything is logged as the bootstrap.
        """
        terminal_id = check_id("terminal_id", terminal_id)
        new = self._operators.check_new_operator(
            admin_id, admin_name, role=FIRST_ADMIN_ROLE, password=password, allow_password=True
        )
        self._operators.check_first_administrator(new)
        actor = console_session(BOOTSTRAP_ADMIN, terminal_id)
        with self._uow.begin_write() as db:
            _serialise_set_up(db)
            if not _is_new(db):
                raise RegisterNotNew()
            self._operators.write_terminal(
                db, actor, terminal_id, name=terminal_name, location=location
            )
            self._operators.write_operator(db, actor, new)
            self._oplog.record(
                db,
                actor,
                "setup.first",
                Outcome.OK,
                target=new.operator_id,
                correlation_id=actor.session_id,
                terminal=terminal_id,
                role=FIRST_ADMIN_ROLE,
                bootstrap=True,
            )
        return SetUpDone(
            terminal_id, new.operator_id, FIRST_ADMIN_ROLE, self._operators.admin_coverage()
        )

    def add_first_terminal(
        self,
        admin_id: str,
        password: str,
        terminal_id: str,
        *,
        name: str = "",
        location: str = "",
    ) -> None:
        """Register a terminal while none exists, for a rights administrator's password.

        The way out of a register with an administrator but no terminal (a login needs a
        registered terminal). The password is checked like a login's: the failure counts
        towards the lockout, and until the password matched every refusal says only "wrong
        ID or credentials" (the log row has the real reason).
        """
        terminal_id = check_id("terminal_id", terminal_id)
        admin_id = admin_id.strip()[:32]
        # argon2 outside the write lock, as at login; an unknown ID costs the same.
        with self._uow.begin() as db:
            stored = db.scalar(
                select(Operator.password_hash).where(Operator.operator_id == admin_id)
            )
        if stored:
            matched = self._hasher.verify(stored, password)
        else:
            self._hasher.verify_absent(password)
            matched = False
        actor = OperatorSession(
            session_id=str(uuid.uuid4()),
            operator_id=admin_id,
            terminal_id=terminal_id,
            method=AuthMethod.PASSWORD,
            started_at=self._clock.now(),
            rights=frozenset(),
        )
        with self._uow.begin_write() as db:
            if db.scalar(select(Terminal.terminal_id).limit(1)) is not None:
                raise DomainError(
                    "terminal_id",
                    "a terminal is registered: log in there and use `terminal add --by ADMIN`",
                )
            reason = self._refusal(db, admin_id, matched)
            if reason is None:
                self._operators.write_terminal(db, actor, terminal_id, name=name, location=location)
            else:
                self._oplog.record(
                    db,
                    actor,
                    "terminal.register",
                    Outcome.REFUSED,
                    target=terminal_id,
                    correlation_id=actor.session_id,
                    reason=reason,
                    first_terminal=True,
                )
        # Raised after the commit, so the refusal row (and a counted failure) is kept.
        if reason is not None:
            if reason == "bad_credentials":
                raise DomainError("login", "wrong ID or credentials")
            raise DomainError("login", f"refused ({reason.replace('_', ' ')})")

    def _refusal(self, db: Session, admin_id: str, matched: bool) -> str | None:
        """Why ``admin_id`` may not add the first terminal (None: they may); counts a failure."""
        operator = db.get(Operator, admin_id, with_for_update=True)
        if operator is None:
            return "bad_credentials"
        now = self._clock.now()
        locked = operator.locked_until is not None and from_utc_iso(operator.locked_until) > now
        if not matched:
            if not locked:
                self._count_failure(db, operator, now)
            return "bad_credentials"
        if locked:
            return "locked_out"
        if operator.revoked_at is not None:
            return "revoked"
        if not operator.password_allowed:
            return "password_not_allowed"
        if Right.RIGHTS_ADMIN not in self._guard.rights_now(db, admin_id):
            return "not_rights_administrator"
        operator.failed_logins = 0
        operator.locked_until = None
        return None

    def _count_failure(self, db: Session, operator: Operator, now: dt.datetime) -> None:
        """One atomic increment, as at login; the lock is decided from the returned count."""
        failures = db.execute(
            update(Operator)
            .where(Operator.operator_id == operator.operator_id)
            .values(failed_logins=Operator.failed_logins + 1)
            .returning(Operator.failed_logins)
        ).scalar_one()
        if failures >= self._policy.max_failures:
            operator.locked_until = utc_iso(
                now + dt.timedelta(minutes=self._policy.lockout_minutes)
            )


def _is_new(db: Session) -> bool:
    terminal = db.scalar(select(Terminal.terminal_id).limit(1))
    operator = db.scalar(select(Operator.operator_id).limit(1))
    return terminal is None and operator is None


def _serialise_set_up(db: Session) -> None:
    """Make two concurrent set-ups run one after the other.

    On SQLite ``begin_write`` already holds the database's write lock. On PostgreSQL two
    set-ups with different terminal IDs would both read an empty register; this lock mode
    conflicts with itself and with writers of the operators table, not with readers.
    """
    if db.get_bind().dialect.name != "sqlite":
        db.execute(text("LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE"))
