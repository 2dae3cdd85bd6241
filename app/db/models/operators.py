"""Operators, terminals, roles, rights grants with validity periods, and the rights ledger.

The ledger (権限管理簿, R-10) is append-only: the application has no update or delete path
for it, and migration 0002 adds database triggers that refuse UPDATE and DELETE as well.
Times are ISO 8601 strings in UTC (like the operation log); validity periods are JST dates.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Terminal(Base):
    """A registered counter PC (操作端末ID); logins are accepted only at registered ones."""

    __tablename__ = "terminals"

    terminal_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(100), default="")
    registered_at: Mapped[str] = mapped_column(String(32))
    registered_by: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Operator(Base):
    """One person with a personal operator ID (R-02); contractor staff included."""

    __tablename__ = "operators"

    operator_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    is_contractor: Mapped[bool] = mapped_column(Boolean, default=False)
    # argon2id hash; the fallback is usable only when an administrator allowed it.
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    password_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_login_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class OperatorFingerprint(Base):
    """An enrolled biometric template of one finger of an operator."""

    __tablename__ = "operator_fingerprints"
    __table_args__ = (UniqueConstraint("operator_id", "finger"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operator_id: Mapped[str] = mapped_column(ForeignKey("operators.operator_id"), index=True)
    finger: Mapped[str] = mapped_column(String(32))
    template: Mapped[str] = mapped_column(String(1024))  # hex of the device's template
    enrolled_at: Mapped[str] = mapped_column(String(32))


class Role(Base):
    """A named bundle of rights (窓口担当, 確認者, ...); granting a role grants each right."""

    __tablename__ = "roles"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    description: Mapped[str] = mapped_column(String(200), default="")


class RoleRight(Base):
    """One right in a role."""

    __tablename__ = "role_rights"

    role_name: Mapped[str] = mapped_column(ForeignKey("roles.name"), primary_key=True)
    right: Mapped[str] = mapped_column(String(32), primary_key=True)


class Grant(Base):
    """One right granted to one operator for a validity period (R-07, R-08, R-09)."""

    __tablename__ = "grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operator_id: Mapped[str] = mapped_column(ForeignKey("operators.operator_id"), index=True)
    right: Mapped[str] = mapped_column(String(32))
    role_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    granted_at: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)


class RightsLedgerRow(Base):
    """One line of the rights ledger (管理簿): who got or lost which rights, when, by whom."""

    __tablename__ = "rights_ledger"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)  # effective time, UTC
    operator_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(32))
    rights: Mapped[str] = mapped_column(Text, default="")  # comma-separated Right values
    role_name: Mapped[str] = mapped_column(String(64), default="")
    valid_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    administrator_id: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str] = mapped_column(String(32), default="")


class OperatorSessionRow(Base):
    """One signed-in session of an operator at a terminal; ended rows are kept for audits.

    A login at another terminal ends the operator's open sessions elsewhere (one person, one
    seat; docs/DECISIONS.md), and the access guard refuses a session whose row has ended.
    """

    __tablename__ = "operator_sessions"

    session_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    operator_id: Mapped[str] = mapped_column(String(32), index=True)
    terminal_id: Mapped[str] = mapped_column(String(32))
    method: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[str] = mapped_column(String(32))  # UTC ISO, like the log
    ended_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # logout | cli | replaced | revoked | ... ; why the session ended
    end_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    ended_by_terminal: Mapped[str | None] = mapped_column(String(32), nullable=True)


class PurgeRecord(Base):
    """One run of a retention rule: what the one guarded deletion path deleted, when, for whom.

    Written by that path itself (``madoguchi_purge`` on PostgreSQL, the retention service on
    SQLite), append-only like the log. ``rows_deleted`` is NULL while the run is in progress:
    on SQLite that open record is what lets the history's delete trigger pass its rows.
    """

    __tablename__ = "purge_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(40))
    cutoff: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    rows_deleted: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requested_by: Mapped[str] = mapped_column(String(32))
    terminal_id: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
