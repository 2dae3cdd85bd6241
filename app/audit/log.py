"""The operation log: append-only rows sealed in an HMAC chain, and its verifier (R-12, R-13).

Every row carries time, operator, terminal, operation, target keys and outcome. Its MAC is
``HMAC-SHA256(key, prev_mac || canonical(row))`` with a key kept in the secret store, so a
row cannot be edited, inserted, deleted or moved without the verifier naming it. The chain
head (last sequence number and MAC, itself sealed) lets the verifier notice rows removed
from the end.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import enum
import json
import threading
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit.chain import FORMAT, GENESIS_MAC, HEAD_ID, canonical, head_mac, key_id, row_mac
from app.audit.checkpoint_dir import CheckpointUnavailable
from app.audit.checkpoints import (
    CHECKPOINT,
    REBASE,
    Anchor,
    InvalidAnchor,
    LogState,
    SignedAnchor,
    anchor_findings,
    parse,
    sign,
    signature_holds,
)
from app.audit.verify import Finding, FindingKind, VerifyReport, WalkSummary, findings
from app.db.models.oplog import OperationLogHead, OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidFormat, UnsafeConfiguration
from app.ports import CheckpointStore, Clock, SecretStore
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


class LogHeadMissing(UnsafeConfiguration):
    """The register has log rows but no chain head: nothing can be logged, so nothing runs."""

    def __init__(self) -> None:
        super().__init__(
            "操作履歴のチェーンヘッドがありません。操作を記録できないため実行できません。"
            "監査担当者に連絡してください "
            "(the operation log's head is missing: run `madoguchi audit verify` and call the "
            "auditor)"
        )


class RebaseRefused(DomainError):
    """A re-base record without what makes it legitimate."""


def _rows_without_head(session: Session) -> bool:
    """Rows exist but no head (checked again: another terminal may have just created both)."""
    if session.scalar(select(OperationLogRow.seq).limit(1)) is None:
        return False
    return session.scalar(select(OperationLogHead.id).where(OperationLogHead.id == HEAD_ID)) is None


SETTINGS_OPERATION = "config.settings"
SETTINGS_ACTOR = "system"

CLOCK_SLACK = dt.timedelta(seconds=2)
"""How far behind the newest row a terminal's clock may read (two PCs' clocks differ a
little); such a row takes the newest row's time, so the log's times never go back."""


class ClockBehind(UnsafeConfiguration):
    """This terminal's clock reads earlier than the newest row of the operation log."""

    def __init__(self) -> None:
        super().__init__(
            "この端末の時計が操作履歴の最新の記録より前の時刻を示しています。時計を合わせてから"
            "操作してください (this terminal's clock is behind the operation log's newest row: "
            "set the clock right; nothing was done)"
        )


def _stamp(now: dt.datetime, newest: str | None) -> str:
    """The row's time: ``now``, unless the clock reads earlier than the newest row."""
    stamp = _utc_iso(now)
    if newest is None or stamp >= newest:
        return stamp
    behind = dt.datetime.fromisoformat(newest.replace("Z", "+00:00")) - now
    if behind > CLOCK_SLACK:
        raise ClockBehind()
    return newest


def _utc_iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class OperationLog:
    """Appends sealed rows inside the caller's transaction, and verifies the chain."""

    def __init__(
        self,
        secrets: SecretStore,
        clock: Clock,
        *,
        checkpoints: CheckpointStore | None = None,
        settings_digest: str = "",
    ) -> None:
        self._secrets = secrets
        self._clock = clock
        self._key_lock = threading.Lock()
        self._checkpoints = checkpoints
        self._settings_digest = settings_digest

    @property
    def checkpoints_enabled(self) -> bool:
        """True when this log writes checkpoints outside the register."""
        return self._checkpoints is not None

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
        returned: list[Any] = [
            OperationLogHead.seq,
            OperationLogHead.mac,
            OperationLogHead.key_id,
            OperationLogHead.at,
        ]
        server_clock = session.get_bind().dialect.name == "postgresql"
        if server_clock:
            # On a shared server the stamp is the server's clock, read under the head's lock:
            # one clock for every terminal, and no terminal's clock can reorder the log.
            returned.append(func.clock_timestamp())
        bump = (
            update(OperationLogHead)
            .where(OperationLogHead.id == HEAD_ID)
            .values(seq=OperationLogHead.seq + 1)
            .returning(*returned)
        )
        bumped = session.execute(bump).one_or_none()
        if bumped is None and _rows_without_head(session):
            # A new head would restart the sequence over sealed rows.
            raise LogHeadMissing()
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
        seq, prev_mac, head_key_id, newest = bumped[:4]
        if head_key_id != key_id(key):
            raise LogKeyMismatch()
        now = bumped[4] if server_clock else self._clock.now()
        row = OperationLogRow(
            seq=seq,
            at=_stamp(now, newest),
            operator_id=entry.operator_id,
            terminal_id=entry.terminal_id,
            operation=entry.operation,
            target=entry.target,
            outcome=str(entry.outcome),
            correlation_id=entry.correlation_id,
            detail=json.dumps(dict(entry.detail), ensure_ascii=False, sort_keys=True),
            prev_mac=prev_mac,
            fmt=FORMAT,
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
            .values(mac=row.mac, head_mac=head_mac(key, seq, row.mac), at=row.at)
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
        """Walk the whole chain, then compare it with the newest checkpoint outside the register.

        Names every row that was edited, inserted, copied, deleted or moved, a missing or
        edited head, and (with a checkpoint store) a wipe, a truncated tail or an older copy.
        """
        head = session.get(OperationLogHead, HEAD_ID)
        # An empty log on a terminal without a key is judged only if checkpoints exist
        # (then a wipe is possible and the key is needed to read them).
        stored = self._checkpoints is not None and any(self._checkpoints.entries(""))
        needs_key = head is not None or stored or self._secrets.get(LOG_CHAIN_KEY) is not None
        key = self._key(create=False) if needs_key else b""
        if head is not None and head.key_id != key_id(key):
            raise LogKeyMismatch()
        anchors: list[Anchor] = []
        bad: list[str] = []
        if self._checkpoints is not None and key:
            anchors, bad = self._stored_anchors(key)
        summary = WalkSummary()
        found = list(
            findings(
                _stream_rows(session),
                head,
                key,
                index=_DatabaseMacIndex(session),
                summary=summary,
                wanted=frozenset(a.seq for a in anchors),
            )
        )
        anchor = ""
        if self._checkpoints is not None and key:
            found += [
                Finding(FindingKind.CHECKPOINT, 0, f"{name} is not a valid checkpoint of this log")
                for name in bad
            ]
            state = LogState(
                rows=summary.rows,
                last_seq=summary.last_seq,
                last_mac=summary.last_mac,
                has_head=head is not None,
            )
            found += anchor_findings(anchors, state, summary.macs_at.get)
            if anchors:
                newest = max(anchors, key=lambda a: (a.seq, a.at))
                anchor = f"{newest.kind} {newest.seq} ({newest.at}, {newest.terminal_id})"
        return VerifyReport(found, summary.rows, anchor)

    # -- checkpoints ---------------------------------------------------------------
    def checkpoint(self, session: Session, *, terminal_id: str, reason: str) -> Anchor | None:
        """Write a signed checkpoint of the current head to the store outside the register.

        Returns None when there is nothing to anchor: no store configured, an empty log, or a
        head whose own seal does not hold (``audit verify`` names that).
        """
        if self._checkpoints is None:
            return None
        head = session.get(OperationLogHead, HEAD_ID)
        if head is None or head.seq == 0:
            return None
        key = self._key(create=False)
        if head.key_id != key_id(key):
            raise LogKeyMismatch()
        if head_mac(key, head.seq, head.mac) != head.head_mac:
            return None
        anchor = Anchor(
            kind=CHECKPOINT,
            seq=head.seq,
            row_mac=head.mac,
            at=_utc_iso(self._clock.now()),
            terminal_id=terminal_id,
            key_id=head.key_id,
            settings_digest=self._settings_digest,
            reason=reason,
        )
        self._store(anchor, key)
        return anchor

    def checkpoint_logged(self, uow: UnitOfWork, actor: Actor, *, reason: str) -> Anchor | None:
        """Write a checkpoint and log that it was written (or why it could not be).

        The row comes after the checkpoint, so the next checkpoint covers it. A store that
        cannot be written is logged as FAILED with the error's name and raised again.
        """
        try:
            with uow.begin() as session:
                anchor = self.checkpoint(session, terminal_id=actor.terminal_id, reason=reason)
        except CheckpointUnavailable as exc:
            self.record_alone(
                uow, actor, "audit.checkpoint", Outcome.FAILED, reason=reason, fault=exc.errno_name
            )
            raise
        if anchor is not None:
            self.record_alone(
                uow, actor, "audit.checkpoint", Outcome.OK, reason=reason, seq=anchor.seq
            )
        return anchor

    def record_settings(self, uow: UnitOfWork, terminal_id: str) -> bool:
        """At start-up: log the security settings' digest if it changed since this terminal's
        last start (or was never logged); True when a row was written.

        Every checkpoint carries the digest too; this row says *when* it changed.
        """
        actor = ActorIds(SETTINGS_ACTOR, terminal_id)
        with uow.begin() as session:
            last = session.scalar(
                select(OperationLogRow.detail)
                .where(
                    OperationLogRow.operation == SETTINGS_OPERATION,
                    OperationLogRow.terminal_id == terminal_id,
                )
                .order_by(OperationLogRow.seq.desc())
                .limit(1)
            )
            previous = str(json.loads(last).get("digest", "")) if last else ""
            if previous == self._settings_digest:
                return False
            self.record(
                session,
                actor,
                SETTINGS_OPERATION,
                Outcome.OK,
                digest=self._settings_digest,
                previous=previous,
            )
        return True

    def rebase(
        self,
        session: Session,
        *,
        terminal_id: str,
        manifest_digest: str,
        approved_by: tuple[str, str],
        reason: str = "restore",
    ) -> Anchor:
        """Record an approved restore or migration: the register's log now legitimately ends
        at its current head, whatever older checkpoints said (the lifecycle's restore calls it).
        """
        if len(set(approved_by)) != 2 or not all(approved_by):
            raise RebaseRefused("approved_by", "two different operators must approve a re-base")
        digest = manifest_digest.strip().lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise RebaseRefused("manifest_digest", "must be a SHA-256 digest (64 hex digits)")
        if self._checkpoints is None:
            raise RebaseRefused("checkpoint store", "no checkpoint store is configured")
        key = self._key(create=False)
        head = session.get(OperationLogHead, HEAD_ID)
        seq, mac = (head.seq, head.mac) if head is not None else (0, GENESIS_MAC)
        anchor = Anchor(
            kind=REBASE,
            seq=seq,
            row_mac=mac,
            at=_utc_iso(self._clock.now()),
            terminal_id=terminal_id,
            key_id=key_id(key),
            settings_digest=self._settings_digest,
            reason=reason,
            manifest_digest=digest,
            approved_by=tuple(approved_by),
        )
        self._store(anchor, key)
        return anchor

    def _store(self, anchor: Anchor, key: bytes) -> None:
        assert self._checkpoints is not None
        self._checkpoints.add(anchor.file_name(), sign(anchor, key).to_bytes())

    def _stored_anchors(self, key: bytes) -> tuple[list[Anchor], list[str]]:
        """The valid anchors of this register's chain, and the names of the invalid ones."""
        assert self._checkpoints is not None
        valid: list[Anchor] = []
        bad: list[str] = []
        for name, data in self._checkpoints.entries(key_id(key)[:16]):
            try:
                signed: SignedAnchor = parse(data)
            except InvalidAnchor:
                bad.append(name)
                continue
            if signature_holds(signed, key) and signed.anchor.key_id == key_id(key):
                valid.append(signed.anchor)
            else:
                bad.append(name)
        return valid, bad

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


_STREAM_BATCH = 10_000
_LOOKUPS = 50  # questions about far rows (each a scan): a wrecked log is not analysed in full


_PlainRow = collections.namedtuple(  # type: ignore[misc]
    "_PlainRow", [column.key for column in OperationLogRow.__table__.columns]
)


def _stream_rows(session: Session) -> Iterator[Any]:
    """The log's rows in order as plain tuples, fetched in batches (never all at once).

    Named tuples, not ORM objects nor result rows: the walk reads ten fields of every row,
    and a tuple's fields are the cheapest to read.
    """
    table = OperationLogRow.__table__
    result = (
        session.connection()
        .execution_options(stream_results=True, max_row_buffer=_STREAM_BATCH)
        .execute(select(*table.columns).order_by(table.c.seq))
    )
    make = _PlainRow._make
    for row in result:
        yield make(row)


class _DatabaseMacIndex:
    """A :class:`~app.audit.verify.MacIndex` asking the database, with the rows it asked
    about remembered (the walk asks only where a link or a seal is broken)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._known: dict[str, int | None] = {}
        self._lookups = 0

    def copies(self) -> dict[str, int]:
        """MACs on more than one row (the database groups them; nothing is held here)."""
        table = OperationLogRow.__table__
        rows = self._session.execute(
            select(table.c.mac, func.min(table.c.seq))
            .group_by(table.c.mac)
            .having(func.count() > 1)
        )
        return {mac: int(seq) for mac, seq in rows}

    def first_seq(self, mac: str) -> int | None:
        """The first row sealed with ``mac`` (None when unknown or past the lookup budget)."""
        if mac in self._known:
            return self._known[mac]
        if self._lookups >= _LOOKUPS:
            return None
        self._lookups += 1
        seq = self._session.scalar(
            select(func.min(OperationLogRow.seq)).where(OperationLogRow.mac == mac)
        )
        self._known[mac] = int(seq) if seq is not None else None
        return self._known[mac]
