"""The operation log's verifier: names every edited, inserted, copied, deleted or moved row.

Every row must link to its immediate predecessor (its ``prev_mac`` is the MAC of the row
one sequence number before it) and carry a valid seal. Where a link or a seal is broken, the
verifier works out what happened from what the seals still prove: a row whose seal holds
under another sequence number was moved (or copied, if the same sealed row is also present
at its own place); a row no seal explains was inserted or edited; a gap in the sequence is
a deletion. The chain head (its own seal over the last sequence number and MAC) shows rows
removed from the end; a missing head is a finding, never a crash. What the database alone
cannot show (a wipe, a truncation with an older head put back, an older copy restored) is
found against the signed checkpoints outside it (:mod:`app.audit.checkpoints`).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from app.audit.chain import GENESIS_MAC, canonical, head_mac, row_mac
from app.db.models.oplog import OperationLogHead, OperationLogRow

# How far from its place a moved row is looked for when its predecessor does not say.
_NEAR = 3


class FindingKind(enum.StrEnum):
    """The kinds of tampering the verifier tells apart."""

    EDITED = "edited"
    INSERTED = "inserted"
    COPIED = "copied"
    DELETED = "deleted"
    REORDERED = "reordered"
    HEAD = "head"
    HEAD_MISSING = "head_missing"
    WIPED = "wiped"
    TRUNCATED = "truncated"
    ROLLED_BACK = "rolled_back"
    CHECKPOINT = "checkpoint"


@dataclasses.dataclass(frozen=True)
class Finding:
    """One problem in the chain, naming the row (sequence number) it was found at."""

    kind: FindingKind
    seq: int
    message: str


@dataclasses.dataclass(frozen=True)
class VerifyReport:
    """The result of ``audit verify``: findings, rows checked, and the anchor used."""

    findings: list[Finding]
    rows_checked: int
    anchor: str = ""  # which checkpoint the log was compared with ("" = none available)

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return not self.findings


def _sealed_as(key: bytes, row: Any, seq: int) -> bool:
    """Whether ``row``'s seal holds if it stood at ``seq`` (the sequence is sealed)."""
    moved = OperationLogRow(
        seq=seq,
        at=row.at,
        operator_id=row.operator_id,
        terminal_id=row.terminal_id,
        operation=row.operation,
        target=row.target,
        outcome=row.outcome,
        correlation_id=row.correlation_id,
        detail=row.detail,
        prev_mac=row.prev_mac,
        fmt=row.fmt,
    )
    return bool(row_mac(key, row.prev_mac, canonical(moved)) == row.mac)


class MacIndex(Protocol):
    """What the walk asks about rows it is not standing on (answered by the database)."""

    def first_seq(self, mac: str) -> int | None:
        """The sequence number of the first row sealed with ``mac``, if any."""
        ...

    def copies(self) -> dict[str, int]:
        """MACs that stand on more than one row, with the first row's sequence number."""
        ...


class ListIndex:
    """A :class:`MacIndex` over rows held in memory (small logs and tests)."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self._first: dict[str, int] = {}
        self._copies: dict[str, int] = {}
        for row in rows:
            if row.mac in self._first:
                self._copies[row.mac] = self._first[row.mac]
            else:
                self._first[row.mac] = row.seq

    def first_seq(self, mac: str) -> int | None:
        """See :class:`MacIndex`."""
        return self._first.get(mac)

    def copies(self) -> dict[str, int]:
        """See :class:`MacIndex`."""
        return self._copies


@dataclasses.dataclass
class WalkSummary:
    """What the walk saw besides its findings: count, last row, and the MACs asked for."""

    rows: int = 0
    last_seq: int = 0
    last_mac: str = GENESIS_MAC
    macs_at: dict[int, str] = dataclasses.field(default_factory=dict)


def _with_next(rows: Iterable[Any]) -> Iterator[tuple[Any, Any | None]]:
    """Each row with the one after it (None for the last): the walk looks one row ahead."""
    previous: Any | None = None
    started = False
    for row in rows:
        if started:
            yield previous, row
        previous, started = row, True
    if started:
        yield previous, None


def _original_seq(key: bytes, row: Any, index: MacIndex) -> int | None:
    """The sequence number a format-2 row was sealed at, if its seal says so."""
    if row.fmt == 1:
        return None
    candidates = [row.seq + d for d in range(-_NEAR, _NEAR + 1) if d]
    before = index.first_seq(row.prev_mac)
    if before is not None:
        candidates.insert(0, before + 1)
    if row.prev_mac == GENESIS_MAC:
        candidates.insert(0, 1)
    for seq in candidates:
        if seq > 0 and seq != row.seq and _sealed_as(key, row, seq):
            return int(seq)
    return None


def findings(
    rows: Iterable[Any],
    head: OperationLogHead | None,
    key: bytes,
    *,
    index: MacIndex | None = None,
    summary: WalkSummary | None = None,
    wanted: frozenset[int] = frozenset(),
) -> Iterator[Finding]:
    """Every problem of the chain in ``rows`` (ordered by sequence number) and its head.

    The rows are read once, in order, and none is kept: memory stays flat however long the
    log. ``index`` answers the rare questions about other rows (where a moved row's
    predecessor is, which rows are copies); without one, the rows are held in a list for it.
    ``summary`` receives the row count, the last row and the MACs of the ``wanted`` rows.
    """
    if index is None:
        rows = list(rows)
        index = ListIndex(rows)
    summary = summary if summary is not None else WalkSummary()
    copies = index.copies()
    moves: list[tuple[int, int]] = []  # (seq now, seq sealed at) of moved rows, to merge runs
    expected_prev = GENESIS_MAC
    expected_seq = 1
    newest_format = 1
    sealed_last_mac = GENESIS_MAC  # the last row at or below the head's sequence number
    for row, nxt in _with_next(rows):
        summary.rows += 1
        summary.last_seq, summary.last_mac = row.seq, row.mac
        if row.seq in wanted:
            summary.macs_at[row.seq] = row.mac
        if head is not None and row.seq <= head.seq:
            sealed_last_mac = row.mac
        first = copies.get(row.mac)
        if first is not None and first != row.seq:
            yield Finding(FindingKind.COPIED, row.seq, f"row {row.seq} is a copy of row {first}")
            continue  # the chain goes on from the row before the copy
        if row.seq > expected_seq and not moves:
            yield Finding(
                FindingKind.DELETED,
                row.seq,
                f"rows {expected_seq}..{row.seq - 1} are missing before row {row.seq}",
            )
        sealed = row_mac(key, row.prev_mac, canonical(row)) == row.mac
        if sealed and row.fmt < newest_format:
            # A legacy seal after newer ones: a row that did not seal its place was put here.
            yield Finding(FindingKind.EDITED, row.seq, f"row {row.seq} has an older seal format")
        newest_format = max(newest_format, row.fmt)
        if not sealed:
            was = _original_seq(key, row, index)
            if was is not None:
                moves.append((row.seq, was))
            else:
                yield from _flush_moves(moves)
                skipped_over = nxt is not None and nxt.prev_mac == expected_prev
                if skipped_over or (nxt is None and head is not None and head.seq < row.seq):
                    yield Finding(FindingKind.INSERTED, row.seq, f"row {row.seq} was inserted")
                    expected_seq = row.seq + 1
                    continue  # the chain goes on from the row before the inserted one
                yield Finding(FindingKind.EDITED, row.seq, f"row {row.seq} was edited")
        else:
            yield from _flush_moves(moves)
            if row.prev_mac != expected_prev and row.seq <= expected_seq:
                points_to = index.first_seq(row.prev_mac)
                if points_to is not None and points_to > row.seq:
                    yield Finding(
                        FindingKind.REORDERED, row.seq, f"row {row.seq} is out of its sealed order"
                    )
                elif points_to is None:
                    yield Finding(
                        FindingKind.DELETED, row.seq, f"a row before row {row.seq} was deleted"
                    )
        expected_prev = row.mac
        expected_seq = row.seq + 1
    yield from _flush_moves(moves)
    yield from _head_findings(summary, head, key, expected_prev, sealed_last_mac)


def _flush_moves(moves: list[tuple[int, int]]) -> Iterator[Finding]:
    """One finding per run of rows moved by the same offset (a renumbering is one act)."""
    start = 0
    for end in range(1, len(moves) + 1):
        if end < len(moves):
            (now_a, was_a), (now_b, was_b) = moves[end - 1], moves[end]
            if now_b == now_a + 1 and was_b - now_b == was_a - now_a:
                continue
        first_now, first_was = moves[start]
        last_now, last_was = moves[end - 1]
        if first_now == last_now:
            text = f"row {first_now} was sealed as row {first_was}: it was moved"
        else:
            text = (
                f"rows {first_now}..{last_now} were sealed as rows {first_was}..{last_was}: "
                "they were renumbered"
            )
        yield Finding(FindingKind.REORDERED, first_now, text)
        start = end
    moves.clear()


def _head_findings(
    summary: WalkSummary,
    head: OperationLogHead | None,
    key: bytes,
    last_mac: str,
    sealed_last_mac: str,
) -> Iterable[Finding]:
    if head is None:
        if summary.rows:
            yield Finding(
                FindingKind.HEAD_MISSING,
                summary.last_seq,
                "the chain head is missing: rows deleted from the end would not show",
            )
        return
    if head_mac(key, head.seq, head.mac) != head.head_mac:
        yield Finding(FindingKind.HEAD, head.seq, "the chain head was edited")
        return
    last_seq = summary.last_seq
    if head.seq > last_seq:
        yield Finding(
            FindingKind.DELETED,
            last_seq + 1,
            f"rows {last_seq + 1}..{head.seq} are missing at the end of the log",
        )
    elif head.mac not in (sealed_last_mac, last_mac):
        yield Finding(FindingKind.EDITED, head.seq, f"row {head.seq} does not match the head")
