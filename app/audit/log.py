"""The operation log: append-only rows sealed in an HMAC chain, and its verifier (R-12, R-13).

Every row carries time, operator, terminal, operation, target keys and outcome. Its MAC is
``HMAC-SHA256(key, prev_mac || canonical(row))`` with a key kept in the secret store, so a
row cannot be edited, inserted, deleted or moved without the verifier naming it. The chain
head (last sequence number and MAC, itself sealed) lets the verifier notice rows removed
from the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import threading
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit.chain import GENESIS_MAC, HEAD_ID, canonical, head_mac, key_id, row_mac
from app.audit.verify import VerifyReport, findings
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidFormat, UnsafeConfiguration
from app.ports import Clock, SecretStore
from app.secret_store import LOG_CHAIN_KEY, new_key

_ROW_COLUMNS = tuple(c.key for c in OperationLogRow.__table__.columns)


class Outcome(enum.StrEnum):
    """How a logged operation ended."""

    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"
    NOT_FOUND = "not_found"
    MATCH = "match"
    MISMATCH = "mismatch"
    CANCELLED = "cancelled"


class Actor(Protocol):
    """Who a row names: a signed-in :class:`~app.domain.rights.OperatorSession` fits as it is."""

    @property
    def operator_id(self) -> str:
        """The operator (or system actor, e.g. ``jukinet``) the row is about."""
        ...

    @property
    def terminal_id(self) -> str:
        """The terminal the action ran on."""
        ...


@dataclasses.dataclass(frozen=True)
class ActorIds:
    """An actor known only by its ids: a system actor such as the Juki-net gateway, a login
    attempt before its session exists, or a service that is handed the ids of the operator."""

    operator_id: str
    terminal_id: str


@dataclasses.dataclass(frozen=True)
class LogEntry:
    """What a service asks to log; the log adds time, sequence and seal."""

    operator_id: str
    terminal_id: str
    operation: str
    outcome: str
    target: str = ""
    correlation_id: str = ""
    detail: Mapping[str, Any] = dataclasses.field(default_factory=dict)


class LogKeyMissing(UnsafeConfiguration):
    """The register already has an operation log, but this terminal holds no key for it."""

    def __init__(self) -> None:
        super().__init__(
            "この端末に操作履歴の鍵がありません。管理者が鍵を登録してください "
            "(no operation-log key on this terminal: provision it with "
            "`madoguchi audit import-key --stdin`)"
        )


class LogKeyMismatch(UnsafeConfiguration):
    """This terminal's key is not the one that seals the register's operation log."""

    def __init__(self) -> None:
        super().__init__(
            "この端末の操作履歴の鍵が台帳の鍵と一致しません "
            "(this terminal's operation-log key is not the register's: provision the "
            "register's key with `madoguchi audit import-key --stdin`)"
        )


def _utc_iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class OperationLog:
    """Appends sealed rows inside the caller's transaction, and verifies the chain."""

    def __init__(self, secrets: SecretStore, clock: Clock) -> None:
        self._secrets = secrets
        self._clock = clock
        self._key_lock = threading.Lock()

    # -- key -----------------------------------------------------------------------
    def _key(self, *, create: bool) -> bytes:
        with self._key_lock:  # two threads of one terminal must not make two keys
            key = self._secrets.get(LOG_CHAIN_KEY)
            if key is None:
                if not create:
                    raise LogKeyMissing()
                key = new_key()
                self._secrets.set(LOG_CHAIN_KEY, key)
        return bytes.fromhex(key)

    # -- append --------------------------------------------------------------------
    def append(self, session: Session, entry: LogEntry) -> OperationLogRow:
        """Seal and insert one row in ``session``'s transaction (committed with the work).

        The first row of a new register creates the chain key (if this terminal has none)
        and records which key it is; afterwards a terminal whose key differs is refused
        (:class:`LogKeyMismatch`) instead of writing rows nobody else could verify.
        """
        # Bump the head first: this takes the write lock (SQLite) or the row lock
        # (PostgreSQL) before anything is read, so concurrent appenders queue up here.
        # Core statements with RETURNING keep this on every logged action's path cheap.
        bump = (
            update(OperationLogHead)
            .where(OperationLogHead.id == HEAD_ID)
            .values(seq=OperationLogHead.seq + 1)
            .returning(OperationLogHead.seq, OperationLogHead.mac, OperationLogHead.key_id)
        )
        bumped = session.execute(bump).one_or_none()
        key = self._key(create=bumped is None)
        if bumped is None:
            # The very first row: create the head. Two terminals may race to do so; the
            # loser's insert fails on the primary key and it simply bumps the winner's head.
            try:
                with session.begin_nested():
                    session.execute(
                        insert(OperationLogHead).values(
                            id=HEAD_ID,
                            seq=0,
                            mac=GENESIS_MAC,
                            head_mac=head_mac(key, 0, GENESIS_MAC),
                            key_id=key_id(key),
                        )
                    )
            except IntegrityError:
                pass
            bumped = session.execute(bump).one()
        seq, prev_mac, head_key_id = bumped
        if head_key_id != key_id(key):
            raise LogKeyMismatch()
        row = OperationLogRow(
            seq=seq,
            at=_utc_iso(self._clock.now()),
            operator_id=entry.operator_id,
            terminal_id=entry.terminal_id,
            operation=entry.operation,
            target=entry.target,
            outcome=str(entry.outcome),
            correlation_id=entry.correlation_id,
            detail=json.dumps(dict(entry.detail), ensure_ascii=False, sort_keys=True),
            prev_mac=prev_mac,
        )
        row.mac = row_mac(key, prev_mac, canonical(row))
        session.execute(
            insert(OperationLogRow).values(
                {column: getattr(row, column) for column in _ROW_COLUMNS}
            )
        )
        session.execute(
            update(OperationLogHead)
            .where(OperationLogHead.id == HEAD_ID)
            .values(mac=row.mac, head_mac=head_mac(key, seq, row.mac))
        )
        return row

    def record(
        self,
        session: Session,
        actor: Actor,
        operation: str,
        outcome: str,
        /,
        *,
        target: str = "",
        correlation_id: str = "",
        **detail: object,
    ) -> OperationLogRow:
        """Append what ``actor`` did, in ``session``'s transaction (committed with the work).

        The first four parameters are positional-only, so a detail may be named ``session``.
        """
        return self.append(
            session,
            LogEntry(
                operator_id=actor.operator_id,
                terminal_id=actor.terminal_id,
                operation=operation,
                outcome=outcome,
                target=target,
                correlation_id=correlation_id,
                detail=detail,
            ),
        )

    def record_alone(
        self,
        uow: UnitOfWork,
        actor: Actor,
        operation: str,
        outcome: str,
        /,
        *,
        target: str = "",
        correlation_id: str = "",
        **detail: object,
    ) -> None:
        """Log in a transaction of its own: a refusal whose work was rolled back, or an action
        (a lock, a reveal) that has no other database work."""
        with uow.begin() as session:
            self.record(
                session,
                actor,
                operation,
                outcome,
                target=target,
                correlation_id=correlation_id,
                **detail,
            )

    # -- verify --------------------------------------------------------------------
    def verify(self, session: Session) -> VerifyReport:
        """Walk the whole chain and report every row that was edited, inserted, deleted or moved."""
        head = session.get(OperationLogHead, HEAD_ID)
        key = self._key(create=False) if head is not None else b""
        if head is not None and head.key_id != key_id(key):
            raise LogKeyMismatch()
        rows = list(session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)))
        return VerifyReport(list(findings(rows, head, key)), len(rows))

    def import_key(self, session: Session, hex_key: str) -> None:
        """Store the register's chain key in this terminal's secret store (provisioning).

        A key that is not the one sealing the register's log is refused and not stored.
        """
        try:
            raw = bytes.fromhex(hex_key.strip())
        except ValueError:
            raise InvalidFormat("log key", "must be hexadecimal") from None
        if len(raw) != 32:
            raise InvalidFormat("log key", "must be 32 bytes (64 hex digits)")
        head = session.get(OperationLogHead, HEAD_ID)
        if head is not None and head.key_id != key_id(raw):
            raise LogKeyMismatch()
        with self._key_lock:
            self._secrets.set(LOG_CHAIN_KEY, raw.hex())
