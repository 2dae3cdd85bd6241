"""Operator administration: personal IDs, roles, grants with validity, revocation, the ledger.

Every issue, change and revocation of rights adds one row to the rights ledger (管理簿,
R-10) and one row to the operation log, in the same transaction as the change. There is no
method that edits or deletes a ledger row. Administrative calls need the rights
administration right, checked by the access guard at the moment of the call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import OperationLog, Outcome
from app.db.models.operators import (
    Grant,
    Operator,
    OperatorFingerprint,
    RightsLedgerRow,
    Role,
    RoleRight,
    Terminal,
)
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.rights import STANDARD_ROLES, AccessDenied, AuthMethod, OperatorSession, Right
from app.domain.text_rules import refused_character
from app.ports import Clock
from app.services.access import AccessGuard
from app.services.passwords import MIN_PASSWORD_LENGTH, PasswordHasher
from app.services.stamps import jst_date, utc_iso

BOOTSTRAP_ADMIN = "(bootstrap)"
"""The administrator named in the ledger when the very first administrator is created."""

FAR_FUTURE = dt.date(9999, 12, 31)

ADMIN_WARNING_DAYS = 30
"""Warn when every valid rights administrator's grants end within this many days."""

MAX_ID_LENGTH = 32
"""Operator and terminal IDs: the width of their table keys."""

MAX_TEXT_LENGTH = 100
"""Operator names, terminal names and locations: the width of their columns."""


def password_problem(password: str, operator_id: str = "") -> str | None:
    """Why ``password`` breaks the password rule, or None when it is acceptable.

    The rule: at least MIN_PASSWORD_LENGTH (10) characters, at least one letter and one
    digit, and not containing the operator ID (docs/OPERATORS.md).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"at least {MIN_PASSWORD_LENGTH} characters"
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        return "at least one letter and one digit"
    if operator_id and operator_id.casefold() in password.casefold():
        return "must not contain the operator ID"
    return None


class DuplicateOperator(DomainError):
    """An operator ID is already registered (R-02: IDs are personal and unique)."""

    def __init__(self) -> None:
        super().__init__("operator_id", "this operator ID is already registered")


class UnknownOperator(DomainError):
    """No operator has this ID."""

    def __init__(self) -> None:
        super().__init__("operator_id", "no operator has this ID")


class LastAdministrator(DomainError):
    """The change would leave no operator holding the rights administration right today."""

    def __init__(self) -> None:
        super().__init__(
            "operator_id",
            "後任の権限管理者を先に登録してください "
            "(this is the last valid rights administrator: register a successor first)",
        )


def plain_text(value: str) -> bool:
    """True when ``value`` holds no character the outside-text rule refuses (control, format,
    surrogate, line separator: app/domain/text_rules.py); the ideographic space of a name is
    fine, which ``str.isprintable`` would refuse."""
    return refused_character(value) is None


def check_id(field: str, value: str) -> str:
    """``value`` without surrounding blanks: 1 to 32 printable characters, else DomainError."""
    value = value.strip()
    if not value or len(value) > MAX_ID_LENGTH or not value.isprintable():
        raise DomainError(field, f"1 to {MAX_ID_LENGTH} printable characters")
    return value


class LedgerAction:
    """The actions written to the rights ledger."""

    REGISTER = "register"
    ISSUE = "issue"
    REVOKE = "revoke"
    REVOKE_OPERATOR = "revoke_operator"
    PASSWORD_ENABLE = "password_enable"  # noqa: S105 - an action name
    PASSWORD_DISABLE = "password_disable"  # noqa: S105 - an action name
    PASSWORD_SET = "password_set"  # noqa: S105 - an action name
    BIOMETRIC_ENROLL = "biometric_enroll"
    ROLE_DEFINE = "role_define"
    UNLOCK = "unlock"


@dataclasses.dataclass(frozen=True)
class GrantView:
    """One grant as shown to administrators."""

    right: Right
    role_name: str | None
    valid_from: dt.date
    valid_until: dt.date
    revoked: bool


@dataclasses.dataclass(frozen=True)
class OperatorView:
    """One operator as listed for administrators (no password hash, no templates)."""

    operator_id: str
    name: str
    is_contractor: bool
    password_allowed: bool
    fingers: tuple[str, ...]
    revoked_at: str | None
    revoke_reason: str | None
    locked_until: str | None
    rights_now: frozenset[Right]
    grants: tuple[GrantView, ...]


@dataclasses.dataclass(frozen=True)
class LedgerEntry:
    """One row of the rights ledger, as exported for audits."""

    seq: int
    at: str
    operator_id: str
    action: str
    rights: tuple[str, ...]
    role_name: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    reason: str
    administrator_id: str
    terminal_id: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (dates as ISO strings)."""
        row = dataclasses.asdict(self)
        row["rights"] = list(self.rights)
        row["valid_from"] = self.valid_from.isoformat() if self.valid_from else ""
        row["valid_until"] = self.valid_until.isoformat() if self.valid_until else ""
        return row


LEDGER_COLUMNS = [field.name for field in dataclasses.fields(LedgerEntry)]


@dataclasses.dataclass(frozen=True)
class AdminCoverage:
    """Who can administer rights today, and until when anybody can (a grant ends by date).

    ``last_day`` is the latest end of a live (not revoked, not yet ended) rights
    administration grant of a live operator; gaps between grants are not looked for.
    """

    holders: tuple[str, ...]
    """Operators holding the rights administration right today."""
    last_day: dt.date | None
    """None when no live grant remains at all."""
    ends_soon: bool
    """Nobody holds the right today, or every live grant ends within ADMIN_WARNING_DAYS."""


@dataclasses.dataclass(frozen=True)
class NewOperator:
    """A checked registration: what :meth:`OperatorAdmin.write_operator` inserts."""

    operator_id: str
    name: str
    role: str | None
    rights: frozenset[Right]
    valid_from: dt.date
    valid_until: dt.date
    contractor: bool
    password_hash: str | None
    """Hashed when checked, so argon2 does not run under the write lock."""
    allow_password: bool


def console_session(operator_id: str, terminal_id: str) -> OperatorSession:
    """An actor that did not log in: the installer's bootstrap and the demo seeding.

    The command line does not use it for ``--by``: that operator logs in through AuthService.
    """
    return OperatorSession(
        session_id=str(uuid.uuid4()),  # fits the log's 36-character correlation ID
        operator_id=operator_id,
        terminal_id=terminal_id,
        method=AuthMethod.CONSOLE,
        started_at=dt.datetime.now(dt.UTC),
        rights=frozenset(),
    )


def _bootstrap_mark(actor: OperatorSession) -> dict[str, object]:
    """Log detail that flags an action taken by the installer before any administrator."""
    return {"bootstrap": True} if actor.operator_id == BOOTSTRAP_ADMIN else {}


def _bootstrap_open(db: Session) -> bool:
    """True while no rights administration grant was ever issued (revoked ones count)."""
    first = db.scalar(select(Grant.id).where(Grant.right == Right.RIGHTS_ADMIN.value).limit(1))
    return first is None


class OperatorAdmin:
    """The use cases of rights administration (GUI admin view and ``madoguchi operator``)."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        oplog: OperationLog,
        guard: AccessGuard,
        hasher: PasswordHasher,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._guard = guard
        self._hasher = hasher

    # -- helpers ----------------------------------------------------------------------
    def _now(self) -> str:
        return utc_iso(self._clock.now())

    def _ledger(
        self,
        db: Session,
        actor: OperatorSession,
        operator_id: str,
        action: str,
        *,
        rights: frozenset[Right] | set[Right] = frozenset(),
        role_name: str = "",
        valid_from: dt.date | None = None,
        valid_until: dt.date | None = None,
        reason: str = "",
    ) -> None:
        """Append one ledger row and the matching operation-log row in ``db``'s transaction."""
        names = sorted(right.value for right in rights)
        db.add(
            RightsLedgerRow(
                at=self._now(),
                operator_id=operator_id,
                action=action,
                rights=",".join(names),
                role_name=role_name,
                valid_from=valid_from,
                valid_until=valid_until,
                reason=reason,
                administrator_id=actor.operator_id,
                terminal_id=actor.terminal_id,
            )
        )
        self._oplog.record(
            db,
            actor,
            f"rights.{action}",
            Outcome.OK,
            target=operator_id,
            correlation_id=actor.session_id,
            rights=names,
            role=role_name,
            reason=reason,
            **_bootstrap_mark(actor),
        )

    def _require_admin(self, actor: OperatorSession, operation: str, target: str = "") -> None:
        if actor.operator_id == BOOTSTRAP_ADMIN and self.bootstrap_open():
            return  # the very first administrator is created by the installer
        self._guard.require(actor, Right.RIGHTS_ADMIN, operation=operation, target=target)

    def _require_any(
        self, actor: OperatorSession, rights: tuple[Right, ...], operation: str
    ) -> None:
        """Return if ``actor`` holds one of ``rights`` now; otherwise log the refusal and raise."""
        self._guard.require_live(actor, rights[0], operation=operation)  # an ended session
        with self._uow.begin() as db:
            if self._guard.rights_now(db, actor.operator_id) & set(rights):
                return
            reason = self._guard.why_not(db, actor.operator_id, rights[0])
        self._guard.log_refusal(actor, rights[0], operation=operation, target="", reason=reason)
        raise AccessDenied(rights[0], reason)

    @staticmethod
    def _operator(db: Session, operator_id: str) -> Operator:
        """The operator's row, locked for the write unit (a no-op on SQLite, which holds the
        database's write lock from ``begin_write`` on)."""
        operator = db.get(Operator, operator_id, with_for_update=True)
        if operator is None:
            raise UnknownOperator()
        return operator

    def _admin_grants(self, db: Session, *, lock: bool = False) -> list[Grant]:
        """Live rights administration grants of live operators that have not ended by today.

        With ``lock`` the rows are locked (``SELECT ... FOR UPDATE OF grants``). Two
        administrators revoking each other on PostgreSQL would otherwise each read the other
        as the remaining administrator and both succeed (write skew under READ COMMITTED);
        locked, the second waits for the first and then re-reads the rows it revoked. On
        SQLite the write unit's ``BEGIN IMMEDIATE`` already runs the two one after the other.
        """
        today = jst_date(self._clock.now())
        query = (
            select(Grant)
            .join(Operator, Operator.operator_id == Grant.operator_id)
            .where(
                Grant.right == Right.RIGHTS_ADMIN.value,
                Grant.revoked_at.is_(None),
                Grant.valid_until >= today,
                Operator.revoked_at.is_(None),
            )
            .order_by(Grant.id)
        )
        if lock:
            query = query.with_for_update(of=Grant)
        return list(db.scalars(query))

    def _keep_an_administrator(self, db: Session, operator_id: str, right: Right | None) -> None:
        """Refuse ending ``right`` (None: every right) of ``operator_id`` when that leaves no
        operator holding rights administration today (the register could not be
        administered again: no bootstrap reopens). Runs first in the write unit."""
        if right not in (None, Right.RIGHTS_ADMIN):
            return
        today = jst_date(self._clock.now())
        holders = {
            g.operator_id for g in self._admin_grants(db, lock=True) if g.valid_from <= today
        }
        if operator_id in holders and not holders - {operator_id}:
            raise LastAdministrator()

    def _refuse_last_admin(self, actor: OperatorSession, operation: str, target: str) -> None:
        """Log a refused revocation of the last administrator (its unit was rolled back)."""
        self._oplog.record_alone(
            self._uow,
            actor,
            operation,
            Outcome.REFUSED,
            target=target,
            correlation_id=actor.session_id,
            reason="last_rights_administrator",
        )

    @staticmethod
    def _check_period(valid_from: dt.date, valid_until: dt.date) -> None:
        if valid_until < valid_from:
            raise DomainError("valid_until", "the validity period ends before it starts")

    @staticmethod
    def _check_password(password: str, operator_id: str) -> None:
        problem = password_problem(password, operator_id)
        if problem is not None:
            raise DomainError("password", problem)

    # -- queries ----------------------------------------------------------------------
    def admin_coverage(self) -> AdminCoverage:
        """Who administers rights today and until when (the front ends warn when it ends)."""
        today = jst_date(self._clock.now())
        with self._uow.begin() as db:
            grants = self._admin_grants(db)
        holders = tuple(sorted({g.operator_id for g in grants if g.valid_from <= today}))
        last_day = max((g.valid_until for g in grants), default=None)
        ends_soon = (
            not holders
            or last_day is None
            or (last_day <= today + dt.timedelta(days=ADMIN_WARNING_DAYS))
        )
        return AdminCoverage(holders, last_day, ends_soon)

    def has_administrator(self) -> bool:
        """True when some operator holds the rights administration right today."""
        with self._uow.begin() as db:
            ids = db.scalars(
                select(Grant.operator_id).where(Grant.right == Right.RIGHTS_ADMIN.value)
            )
            return any(Right.RIGHTS_ADMIN in self._guard.rights_now(db, i) for i in set(ids))

    def bootstrap_open(self) -> bool:
        """True until the first rights administration grant is issued (then never again).

        Only while this holds may the installer act as ``(bootstrap)``. Expired or revoked
        administrator grants still count, so losing every administrator does not reopen it.
        """
        with self._uow.begin() as db:
            return _bootstrap_open(db)

    def exists(self, operator_id: str) -> bool:
        """True when ``operator_id`` is registered (revoked operators included)."""
        with self._uow.begin() as db:
            return db.get(Operator, operator_id) is not None

    def roles(self) -> dict[str, frozenset[Right]]:
        """Every role with its rights: the built-in standard roles and those defined here."""
        with self._uow.begin() as db:
            defined = list(db.scalars(select(Role.name)))
            roles: dict[str, set[Right]] = {name: set(r) for name, r in STANDARD_ROLES.items()}
            roles.update({name: set() for name in defined})
            for row in db.scalars(select(RoleRight)):
                if row.right in Right._value2member_map_:
                    roles.setdefault(row.role_name, set()).add(Right(row.right))
        return {name: frozenset(rights) for name, rights in roles.items()}

    def list_operators(self, actor: OperatorSession) -> list[OperatorView]:
        """All operators, revoked ones included, with today's rights (administrators only)."""
        self._guard.require(actor, Right.RIGHTS_ADMIN, operation="operator.list")
        with self._uow.begin() as db:
            result = []
            for operator in db.scalars(select(Operator).order_by(Operator.operator_id)):
                fingers = tuple(
                    db.scalars(
                        select(OperatorFingerprint.finger)
                        .where(OperatorFingerprint.operator_id == operator.operator_id)
                        .order_by(OperatorFingerprint.finger)
                    )
                )
                grants = tuple(
                    GrantView(
                        Right(g.right),
                        g.role_name,
                        g.valid_from,
                        g.valid_until,
                        g.revoked_at is not None,
                    )
                    for g in db.scalars(
                        select(Grant)
                        .where(Grant.operator_id == operator.operator_id)
                        .order_by(Grant.id)
                    )
                    if g.right in Right._value2member_map_
                )
                result.append(
                    OperatorView(
                        operator_id=operator.operator_id,
                        name=operator.name,
                        is_contractor=operator.is_contractor,
                        password_allowed=operator.password_allowed,
                        fingers=fingers,
                        revoked_at=operator.revoked_at,
                        revoke_reason=operator.revoke_reason,
                        locked_until=operator.locked_until,
                        rights_now=self._guard.rights_now(db, operator.operator_id),
                        grants=grants,
                    )
                )
            return result

    def ledger(
        self,
        actor: OperatorSession,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> list[LedgerEntry]:
        """The ledger rows with effective time in [since, until), oldest first.

        Only rights administrators and holders of the export right may read it (R-10, R-11).
        """
        self._require_any(actor, (Right.RIGHTS_ADMIN, Right.EXPORT), "rights.ledger")
        query = select(RightsLedgerRow).order_by(RightsLedgerRow.seq)
        if since is not None:
            query = query.where(RightsLedgerRow.at >= utc_iso(since))
        if until is not None:
            query = query.where(RightsLedgerRow.at < utc_iso(until))
        with self._uow.begin() as db:
            return [
                LedgerEntry(
                    seq=row.seq,
                    at=row.at,
                    operator_id=row.operator_id,
                    action=row.action,
                    rights=tuple(r for r in row.rights.split(",") if r),
                    role_name=row.role_name,
                    valid_from=row.valid_from,
                    valid_until=row.valid_until,
                    reason=row.reason,
                    administrator_id=row.administrator_id,
                    terminal_id=row.terminal_id,
                )
                for row in db.scalars(query)
            ]

    def ledger_count(self) -> int:
        """How many rows the ledger holds."""
        with self._uow.begin() as db:
            return int(db.scalar(select(func.count()).select_from(RightsLedgerRow)) or 0)

    def record_export(self, actor: OperatorSession, rows: int, fmt: str) -> None:
        """Log that the ledger was exported for an audit (who, how many rows, which format)."""
        self._oplog.record_alone(
            self._uow,
            actor,
            "rights.ledger_export",
            Outcome.OK,
            correlation_id=actor.session_id,
            rows=rows,
            format=fmt,
        )

    # -- terminals and roles ------------------------------------------------------------
    def register_terminal(
        self, actor: OperatorSession, terminal_id: str, *, name: str = "", location: str = ""
    ) -> None:
        """Register a counter PC's terminal ID (operators can log in only at registered PCs)."""
        terminal_id = check_id("terminal_id", terminal_id)
        self._require_admin(actor, "terminal.register", terminal_id)
        with self._uow.begin_write() as db:
            self.write_terminal(db, actor, terminal_id, name=name, location=location)

    def write_terminal(
        self,
        db: Session,
        actor: OperatorSession,
        terminal_id: str,
        *,
        name: str = "",
        location: str = "",
    ) -> None:
        """Insert a checked terminal ID and its log row in ``db``'s write unit (no right check:
        the caller checked it, or is the first set-up)."""
        if db.get(Terminal, terminal_id) is not None:
            raise DomainError("terminal_id", "this terminal ID is already registered")
        for field, value in (("terminal_name", name), ("location", location)):
            if len(value) > MAX_TEXT_LENGTH or not plain_text(value):
                raise DomainError(
                    field, f"up to {MAX_TEXT_LENGTH} characters, no control characters"
                )
        db.add(
            Terminal(
                terminal_id=terminal_id,
                name=name,
                location=location,
                registered_at=self._now(),
                registered_by=actor.operator_id,
                active=True,
            )
        )
        self._oplog.record(
            db,
            actor,
            "terminal.register",
            Outcome.OK,
            target=terminal_id,
            correlation_id=actor.session_id,
            **_bootstrap_mark(actor),
        )

    def terminals(self) -> list[tuple[str, str, str, bool]]:
        """(terminal ID, name, location, active) of every registered terminal."""
        with self._uow.begin() as db:
            return [
                (t.terminal_id, t.name, t.location, t.active)
                for t in db.scalars(select(Terminal).order_by(Terminal.terminal_id))
            ]

    def define_role(
        self,
        actor: OperatorSession,
        name: str,
        rights: frozenset[Right],
        description: str = "",
    ) -> None:
        """Create or redefine a role (a named bundle of rights); written to the ledger."""
        self._require_admin(actor, "rights.role_define", name)
        with self._uow.begin_write() as db:
            role = db.get(Role, name)
            if role is None:
                db.add(Role(name=name, description=description))
                db.flush()
            for row in db.scalars(select(RoleRight).where(RoleRight.role_name == name)):
                db.delete(row)
            db.flush()
            for right in sorted(rights):
                db.add(RoleRight(role_name=name, right=right.value))
            self._ledger(db, actor, "", LedgerAction.ROLE_DEFINE, rights=rights, role_name=name)

    # -- operators ----------------------------------------------------------------------
    def add_operator(
        self,
        actor: OperatorSession,
        operator_id: str,
        name: str,
        *,
        role: str | None = None,
        valid_from: dt.date | None = None,
        valid_until: dt.date | None = None,
        contractor: bool = False,
        password: str | None = None,
        allow_password: bool = False,
    ) -> None:
        """Register a person under a personal ID, optionally with a role for a period.

        The installer's ``(bootstrap)`` may add operators only until the first rights
        administrator exists; that administrator's grant must be valid today
        (:meth:`check_first_administrator`).
        """
        new = self.check_new_operator(
            operator_id,
            name,
            role=role,
            valid_from=valid_from,
            valid_until=valid_until,
            contractor=contractor,
            password=password,
            allow_password=allow_password,
        )
        self._require_admin(actor, "operator.add", new.operator_id)
        bootstrap = actor.operator_id == BOOTSTRAP_ADMIN
        if bootstrap:
            self.check_first_administrator(new)
        with self._uow.begin_write() as db:
            if bootstrap and not _bootstrap_open(db):
                # Another installer's administrator was committed since the check above.
                raise DomainError("operator_id", "an administrator exists: use --by ADMIN")
            self.write_operator(db, actor, new)

    def check_new_operator(
        self,
        operator_id: str,
        name: str,
        *,
        role: str | None = None,
        valid_from: dt.date | None = None,
        valid_until: dt.date | None = None,
        contractor: bool = False,
        password: str | None = None,
        allow_password: bool = False,
    ) -> NewOperator:
        """A registration checked field by field (DomainError names the first bad field)."""
        operator_id = check_id("operator_id", operator_id)
        name = name.strip()
        if not name:
            raise DomainError("name", "required")
        if len(name) > MAX_TEXT_LENGTH or not plain_text(name):
            raise DomainError("name", f"up to {MAX_TEXT_LENGTH} characters, no control characters")
        if password is not None:
            self._check_password(password, operator_id)
        if allow_password and password is None:
            raise DomainError("password", "the password fallback needs a password")
        rights = self._role_rights(role) if role else frozenset()
        start = valid_from or jst_date(self._clock.now())
        end = valid_until or FAR_FUTURE
        self._check_period(start, end)
        password_hash = self._hasher.hash(password) if password is not None else None
        return NewOperator(
            operator_id, name, role, rights, start, end, contractor, password_hash, allow_password
        )

    def check_first_administrator(self, new: NewOperator) -> None:
        """The rule for an operator added by the installer with the administration right:
        the grant must be valid today, or the bootstrap would close with nobody able to
        administer. (``madoguchi operator add`` and the set-up also require the password
        fallback and a registered terminal, so that the administrator can log in.)
        """
        if Right.RIGHTS_ADMIN not in new.rights:
            return
        today = jst_date(self._clock.now())
        if new.valid_from > today:
            raise DomainError("valid_from", "the first administrator's grant must be valid today")
        if new.valid_until < today:
            raise DomainError("valid_until", "the first administrator's grant must be valid today")

    def write_operator(self, db: Session, actor: OperatorSession, new: NewOperator) -> None:
        """Insert a checked registration with its ledger and log rows in ``db``'s write unit
        (no right check: the caller checked it, or is the first set-up)."""
        if db.get(Operator, new.operator_id) is not None:
            raise DuplicateOperator()
        db.add(
            Operator(
                operator_id=new.operator_id,
                name=new.name,
                is_contractor=new.contractor,
                password_hash=new.password_hash,
                password_allowed=new.allow_password,
                created_at=self._now(),
                created_by=actor.operator_id,
                failed_logins=0,
            )
        )
        db.flush()
        self._ledger(
            db,
            actor,
            new.operator_id,
            LedgerAction.REGISTER,
            reason="contractor" if new.contractor else "",
        )
        if new.allow_password:
            self._ledger(db, actor, new.operator_id, LedgerAction.PASSWORD_ENABLE)
        if new.role:
            self._issue(
                db,
                actor=actor,
                operator_id=new.operator_id,
                rights=new.rights,
                valid_from=new.valid_from,
                valid_until=new.valid_until,
                role=new.role,
                reason="",
            )

    def _role_rights(self, role: str) -> frozenset[Right]:
        roles = self.roles()
        if role not in roles:
            raise DomainError("role", "no such role")
        return roles[role]

    def _issue(
        self,
        db: Session,
        *,
        actor: OperatorSession,
        operator_id: str,
        rights: frozenset[Right],
        valid_from: dt.date,
        valid_until: dt.date,
        role: str | None,
        reason: str,
    ) -> None:
        for right in sorted(rights):
            db.add(
                Grant(
                    operator_id=operator_id,
                    right=right.value,
                    role_name=role,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    granted_at=self._now(),
                    granted_by=actor.operator_id,
                )
            )
        self._ledger(
            db,
            actor,
            operator_id,
            LedgerAction.ISSUE,
            rights=rights,
            role_name=role or "",
            valid_from=valid_from,
            valid_until=valid_until,
            reason=reason,
        )

    def grant(
        self,
        actor: OperatorSession,
        operator_id: str,
        *,
        rights: frozenset[Right] = frozenset(),
        role: str | None = None,
        valid_from: dt.date,
        valid_until: dt.date,
        reason: str = "",
    ) -> None:
        """Grant rights (or a role's rights) to an operator for [valid_from, valid_until]."""
        self._check_period(valid_from, valid_until)
        self._require_admin(actor, "rights.grant", operator_id)
        if actor.operator_id == operator_id:
            raise DomainError("operator_id", "administrators cannot grant rights to themselves")
        all_rights = frozenset(rights) | (self._role_rights(role) if role else frozenset())
        if not all_rights:
            raise DomainError("right", "name at least one right or a role")
        with self._uow.begin_write() as db:
            operator = self._operator(db, operator_id)
            if operator.revoked_at is not None:
                raise DomainError("operator_id", "the operator was revoked; register a new ID")
            self._issue(
                db,
                actor=actor,
                operator_id=operator_id,
                rights=all_rights,
                valid_from=valid_from,
                valid_until=valid_until,
                role=role,
                reason=reason,
            )

    def revoke_right(
        self, actor: OperatorSession, operator_id: str, right: Right, *, reason: str
    ) -> int:
        """Revoke one right at once; returns how many live grants were ended.

        The last operator holding rights administration today keeps it
        (:class:`LastAdministrator`; the refusal is logged).
        """
        if not reason.strip():
            raise DomainError("reason", "required")
        self._require_admin(actor, "rights.revoke", operator_id)
        try:
            with self._uow.begin_write() as db:
                self._keep_an_administrator(db, operator_id, right)
                self._operator(db, operator_id)
                ended = self._end_grants(db, actor, operator_id, reason, right)
                self._ledger(
                    db, actor, operator_id, LedgerAction.REVOKE, rights={right}, reason=reason
                )
                return ended
        except LastAdministrator:
            self._refuse_last_admin(actor, "rights.revoke", operator_id)
            raise

    def revoke_operator(self, actor: OperatorSession, operator_id: str, *, reason: str) -> None:
        """Revoke an operator with immediate effect (retirement, transfer, ...): one ledger row.

        The last operator holding rights administration today cannot be revoked
        (:class:`LastAdministrator`; the refusal is logged).
        """
        if not reason.strip():
            raise DomainError("reason", "required")
        self._require_admin(actor, "operator.revoke", operator_id)
        try:
            with self._uow.begin_write() as db:
                self._keep_an_administrator(db, operator_id, None)
                operator = self._operator(db, operator_id)
                if operator.revoked_at is not None:
                    raise DomainError("operator_id", "the operator is already revoked")
                live = self._guard.rights_now(db, operator_id)
                self._end_grants(db, actor, operator_id, reason, None)
                operator.revoked_at = self._now()
                operator.revoke_reason = reason
                self._ledger(
                    db, actor, operator_id, LedgerAction.REVOKE_OPERATOR, rights=live, reason=reason
                )
        except LastAdministrator:
            self._refuse_last_admin(actor, "operator.revoke", operator_id)
            raise

    def _end_grants(
        self,
        db: Session,
        actor: OperatorSession,
        operator_id: str,
        reason: str,
        right: Right | None,
    ) -> int:
        query = select(Grant).where(Grant.operator_id == operator_id, Grant.revoked_at.is_(None))
        if right is not None:
            query = query.where(Grant.right == right.value)
        ended = 0
        for grant in db.scalars(query):
            grant.revoked_at = self._now()
            grant.revoked_by = actor.operator_id
            grant.revoke_reason = reason
            ended += 1
        return ended

    def set_password(
        self,
        actor: OperatorSession,
        operator_id: str,
        password: str,
        *,
        allow: bool | None = None,
    ) -> None:
        """Set the fallback password (one ``password_set`` ledger row); ``allow`` also switches
        the fallback on or off (one more row when that changes), None leaves it as it is.
        """
        self._check_password(password, operator_id)
        self._require_admin(actor, "operator.password", operator_id)
        if allow and actor.operator_id == operator_id:
            raise DomainError("operator_id", "administrators cannot enable their own password")
        password_hash = self._hasher.hash(password)  # argon2 before, not under the write lock
        with self._uow.begin_write() as db:
            operator = self._operator(db, operator_id)
            if operator.revoked_at is not None:
                raise DomainError("operator_id", "the operator was revoked")
            operator.password_hash = password_hash
            self._ledger(db, actor, operator_id, LedgerAction.PASSWORD_SET)
            if allow is not None and operator.password_allowed != allow:
                operator.password_allowed = allow
                action = LedgerAction.PASSWORD_ENABLE if allow else LedgerAction.PASSWORD_DISABLE
                self._ledger(db, actor, operator_id, action)

    def allow_password(self, actor: OperatorSession, operator_id: str, allow: bool) -> bool:
        """Enable or disable the password fallback for one operator (R-04).

        Returns False (and writes nothing) when it already was in that state. Enabling needs
        a password set beforehand, and administrators cannot enable their own.
        """
        self._require_admin(actor, "operator.password", operator_id)
        if allow and actor.operator_id == operator_id:
            raise DomainError("operator_id", "administrators cannot enable their own password")
        with self._uow.begin_write() as db:
            operator = self._operator(db, operator_id)
            if operator.password_allowed == allow:
                return False
            if allow and operator.revoked_at is not None:
                raise DomainError("operator_id", "the operator was revoked")
            if allow and not operator.password_hash:
                raise DomainError("password", "set a password before enabling the fallback")
            operator.password_allowed = allow
            action = LedgerAction.PASSWORD_ENABLE if allow else LedgerAction.PASSWORD_DISABLE
            self._ledger(db, actor, operator_id, action)
            return True

    def enroll_finger(
        self, actor: OperatorSession, operator_id: str, finger: str, template: bytes
    ) -> None:
        """Store (or replace) the template of one finger of an operator (one ledger row)."""
        if not finger.strip() or len(finger) > 32 or not template:
            raise DomainError("finger", "a finger name (up to 32 characters) and a template")
        self._require_admin(actor, "operator.enroll", operator_id)
        with self._uow.begin_write() as db:
            operator = self._operator(db, operator_id)
            if operator.revoked_at is not None:
                raise DomainError("operator_id", "the operator was revoked")
            existing = db.scalar(
                select(OperatorFingerprint).where(
                    OperatorFingerprint.operator_id == operator_id,
                    OperatorFingerprint.finger == finger,
                )
            )
            if existing is None:
                db.add(
                    OperatorFingerprint(
                        operator_id=operator_id,
                        finger=finger,
                        template=template.hex(),
                        enrolled_at=self._now(),
                    )
                )
            else:
                existing.template = template.hex()
                existing.enrolled_at = self._now()
            self._ledger(db, actor, operator_id, LedgerAction.BIOMETRIC_ENROLL, reason=finger)

    def unlock(self, actor: OperatorSession, operator_id: str) -> None:
        """Lift a lockout after failed logins before it runs out."""
        self._require_admin(actor, "operator.unlock", operator_id)
        with self._uow.begin_write() as db:
            operator = self._operator(db, operator_id)
            operator.failed_logins = 0
            operator.locked_until = None
            self._ledger(db, actor, operator_id, LedgerAction.UNLOCK)
