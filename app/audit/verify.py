"""The operation log's verifier: names every row that was edited, inserted, deleted or moved."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Iterator

from app.audit.chain import GENESIS_MAC, canonical, head_mac, row_mac
from app.db.models.oplog import OperationLogHead, OperationLogRow


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


def findings(
    rows: list[OperationLogRow],
    head: OperationLogHead | None,
    key: bytes,
) -> Iterator[Finding]:
    stored_macs = {row.mac: index for index, row in enumerate(rows)}
    valid = [row_mac(key, row.prev_mac, canonical(row)) == row.mac for row in rows]
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
    if head_mac(key, head.seq, head.mac) != head.head_mac:
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
