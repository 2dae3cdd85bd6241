"""Sealing primitives of the operation log's hash chain (shared by the log and its verifier).

A row's MAC is ``HMAC-SHA256(key, prev_mac || canonical(row))``; the chain head's own seal
binds the last sequence number to the last row's MAC, so rows removed from the end show.
Format 2 (every row written since issue 10) also seals the row's sequence number and format,
so a sealed row copied under another sequence number no longer verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Protocol

from app.db.models.oplog import OperationLogRow

GENESIS_MAC = "0" * 64
HEAD_ID = 1
FORMAT = 2
"""The seal format new rows are written in."""


class SealedFields(Protocol):
    """A log row's columns as the seal reads them: an ORM row or a plain result row."""

    seq: int
    at: str
    operator_id: str
    terminal_id: str
    operation: str
    target: str
    outcome: str
    correlation_id: str
    detail: str
    fmt: int


def canonical(row: SealedFields | OperationLogRow) -> bytes:
    """The bytes a row's MAC covers: every column but the MACs (format 1: and the sequence)."""
    fields: list[object] = [
        row.at,
        row.operator_id,
        row.terminal_id,
        row.operation,
        row.target,
        row.outcome,
        row.correlation_id,
        row.detail,
    ]
    if row.fmt != 1:  # anything but the legacy format seals its format and place
        fields = [row.fmt, row.seq, *fields]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def row_mac(key: bytes, prev_mac: str, payload: bytes) -> str:
    """A row's seal, chained to the previous row's."""
    # hmac.digest is the one-shot C path: the verifier calls this once per row.
    return hmac.digest(key, prev_mac.encode() + payload, hashlib.sha256).hex()


def head_mac(key: bytes, seq: int, mac: str) -> str:
    """The chain head's own seal over its sequence number and last MAC."""
    return hmac.new(key, f"head|{seq}|{mac}".encode(), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """Names a chain key without revealing it."""
    return hmac.new(key, b"madoguchi operation-log key id", hashlib.sha256).hexdigest()
