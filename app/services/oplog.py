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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.rights import OperatorSession
from app.ports import Clock, SecretStore
from app.secret_store import LOG_CHAIN_KEY, new_key

GENESIS_MAC = "0" * 64
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


def _utc_iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class OperationLog:
    """Appends sealed rows inside the caller's transaction, and verifies the chain."""

    def __init__(self, secrets: SecretStore, clock: Clock) -> None:
        self._secrets = secrets
        self._clock = clock

    # -- key -----------------------------------------------------------------------
    def _key(self) -> bytes:
        key = self._secrets.get(LOG_CHAIN_KEY)
        if key is None:
            key = new_key()
            self._secrets.set(LOG_CHAIN_KEY, key)
        return bytes.fromhex(key)

    # -- append --------------------------------------------------------------------
    def append(self, session: Session, entry: LogEntry) -> OperationLogRow:
        """Seal and insert one row in ``session``'s transaction (committed with the work)."""
        key = self._key()
        # Bump the head first: this takes the write lock (SQLite) or the row lock
        # (PostgreSQL) before anything is read, so concurrent appenders queue up here.
        bump = (
            update(OperationLogHead)
            .where(OperationLogHead.id == _HEAD_ID)
            .values(seq=OperationLogHead.seq + 1)
        )
        if session.execute(bump).rowcount == 0:  # type: ignore[attr-defined]
            # The very first row: create the head. Two terminals may race to do so; the
            # loser's insert fails on the primary key and it simply bumps the winner's head.
            try:
                with session.begin_nested():
                    session.add(
                        OperationLogHead(
                            id=_HEAD_ID,
                            seq=0,
                            mac=GENESIS_MAC,
                            head_mac=_head_mac(key, 0, GENESIS_MAC),
                        )
                    )
            except IntegrityError:
                pass
            session.execute(bump)
        head = session.get(OperationLogHead, _HEAD_ID, populate_existing=True)
        assert head is not None
        prev_mac = head.mac
        row = OperationLogRow(
            seq=head.seq,
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
        session.add(row)
        head.mac = row.mac
        head.head_mac = _head_mac(key, head.seq, row.mac)
        session.flush()
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
        key = self._key()
        rows = list(session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)))
        head = session.get(OperationLogHead, _HEAD_ID)
        return VerifyReport(list(_findings(rows, head, key)), len(rows))


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
