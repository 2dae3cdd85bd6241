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
import hashlib
import hmac
import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidFormat, UnsafeConfiguration
from app.domain.rights import OperatorSession
from app.ports import Clock, SecretStore
from app.secret_store import LOG_CHAIN_KEY, new_key

GENESIS_MAC = "0" * 64
_ROW_COLUMNS = tuple(c.key for c in OperationLogRow.__table__.columns)
_HEAD_ID = 1


class Outcome(enum.StrEnum):
    """How a logged operation ended."""

    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"
    NOT_FOUND = "not_found"
    MATCH = "match"
    MISMATCH = "mismatch"
    CANCELLED = "cancelled"


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


def _canonical(row: OperationLogRow) -> bytes:
    fields = [
        row.at,
        row.operator_id,
        row.terminal_id,
        row.operation,
        row.target,
        row.outcome,
        row.correlation_id,
        row.detail,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def _mac(key: bytes, prev_mac: str, payload: bytes) -> str:
    return hmac.new(key, prev_mac.encode() + payload, hashlib.sha256).hexdigest()


def _head_mac(key: bytes, seq: int, mac: str) -> str:
    return hmac.new(key, f"head|{seq}|{mac}".encode(), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """Names a chain key without revealing it."""
    return hmac.new(key, b"madoguchi operation-log key id", hashlib.sha256).hexdigest()


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
            .where(OperationLogHead.id == _HEAD_ID)
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
                            id=_HEAD_ID,
                            seq=0,
                            mac=GENESIS_MAC,
                            head_mac=_head_mac(key, 0, GENESIS_MAC),
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
        row.mac = _mac(key, prev_mac, _canonical(row))
        session.execute(
            insert(OperationLogRow).values(
                {column: getattr(row, column) for column in _ROW_COLUMNS}
            )
        )
        session.execute(
            update(OperationLogHead)
            .where(OperationLogHead.id == _HEAD_ID)
            .values(mac=row.mac, head_mac=_head_mac(key, seq, row.mac))
        )
        return row

    def record(
        self,
        session: Session,
        op: OperatorSession,
        operation: str,
        outcome: str,
        *,
        target: str = "",
        correlation_id: str = "",
        **detail: object,
    ) -> OperationLogRow:
        """Append what the signed-in operator ``op`` did, in ``session``'s transaction."""
        return self.append(
            session,
            LogEntry(
                operator_id=op.operator_id,
                terminal_id=op.terminal_id,
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
        op: OperatorSession,
        operation: str,
        outcome: str,
        *,
        target: str = "",
        correlation_id: str = "",
        **detail: object,
    ) -> None:
        """Log in a transaction of its own: for refusals, whose work was rolled back."""
        with uow.begin() as session:
            self.record(
                session,
                op,
                operation,
                outcome,
                target=target,
                correlation_id=correlation_id,
                **detail,
            )

    # -- verify --------------------------------------------------------------------
    def verify(self, session: Session) -> VerifyReport:
        """Walk the whole chain and report every row that was edited, inserted, deleted or moved."""
        head = session.get(OperationLogHead, _HEAD_ID)
        key = self._key(create=False) if head is not None else b""
        if head is not None and head.key_id != key_id(key):
            raise LogKeyMismatch()
        rows = list(session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)))
        return VerifyReport(list(_findings(rows, head, key)), len(rows))

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
        head = session.get(OperationLogHead, _HEAD_ID)
        if head is not None and head.key_id != key_id(raw):
            raise LogKeyMismatch()
        with self._key_lock:
            self._secrets.set(LOG_CHAIN_KEY, raw.hex())


class FindingKind(enum.StrEnum):
    """The kinds of tampering the verifier tells apart."""

    EDITED = "edited"
    INSERTED = "inserted"
    DELETED = "deleted"
    REORDERED = "reordered"
    HEAD = "head"


@dataclasses.dataclass(frozen=True)
class Finding:
    """One problem in the chain, naming the row (sequence number) it was found at."""

    kind: FindingKind
    seq: int
    message: str


@dataclasses.dataclass(frozen=True)
class VerifyReport:
    """The result of ``audit verify``."""

    findings: list[Finding]
    rows_checked: int

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return not self.findings


def _findings(
    rows: list[OperationLogRow],
    head: OperationLogHead | None,
    key: bytes,
) -> Iterator[Finding]:
    stored_macs = {row.mac: index for index, row in enumerate(rows)}
    valid = [_mac(key, row.prev_mac, _canonical(row)) == row.mac for row in rows]
    expected_prev = GENESIS_MAC
    expected_seq = 1
    for index, row in enumerate(rows):
        nxt = rows[index + 1] if index + 1 < len(rows) else None
        if row.seq > expected_seq:
            yield Finding(
                FindingKind.DELETED,
                row.seq,
                f"rows {expected_seq}..{row.seq - 1} are missing before row {row.seq}",
            )
        linked = row.prev_mac == expected_prev
        if not valid[index]:
            skipped_over = nxt is not None and nxt.prev_mac == expected_prev
            if skipped_over or (nxt is None and head is not None and head.seq < row.seq):
                yield Finding(FindingKind.INSERTED, row.seq, f"row {row.seq} was inserted")
                expected_seq = row.seq + 1
                continue  # the chain goes on from the row before the inserted one
            yield Finding(FindingKind.EDITED, row.seq, f"row {row.seq} was edited")
        elif not linked:
            points_to = stored_macs.get(row.prev_mac)
            if points_to is not None and points_to > index:
                yield Finding(
                    FindingKind.REORDERED, row.seq, f"row {row.seq} is out of its sealed order"
                )
            elif points_to is None and row.seq <= expected_seq:
                yield Finding(
                    FindingKind.DELETED, row.seq, f"a row before row {row.seq} was deleted"
                )
        expected_prev = row.mac
        expected_seq = row.seq + 1
    yield from _head_findings(rows, head, key, expected_prev)


def _head_findings(
    rows: list[OperationLogRow],
    head: OperationLogHead | None,
    key: bytes,
    last_mac: str,
) -> Iterable[Finding]:
    if head is None:
        if rows:
            yield Finding(FindingKind.HEAD, 0, "the chain head is missing")
        return
    if _head_mac(key, head.seq, head.mac) != head.head_mac:
        yield Finding(FindingKind.HEAD, head.seq, "the chain head was edited")
        return
    last_seq = rows[-1].seq if rows else 0
    sealed = [row for row in rows if row.seq <= head.seq]
    sealed_last_mac = sealed[-1].mac if sealed else GENESIS_MAC
    if head.seq > last_seq:
        yield Finding(
            FindingKind.DELETED,
            last_seq + 1,
            f"rows {last_seq + 1}..{head.seq} are missing at the end of the log",
        )
    elif head.mac not in (sealed_last_mac, last_mac):
        yield Finding(FindingKind.EDITED, head.seq, f"row {head.seq} does not match the head")
