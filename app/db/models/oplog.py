"""Tables of the operation log: append-only rows sealed in a keyed hash chain (R-12, R-13)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class OperationLogRow(Base):
    """One logged operation. Rows are only ever inserted; the chain seals their order."""

    __tablename__ = "operation_log"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)  # ISO 8601, UTC, microseconds
    operator_id: Mapped[str] = mapped_column(String(32), index=True)
    terminal_id: Mapped[str] = mapped_column(String(32), index=True)
    operation: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(16))
    correlation_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))
    # The seal's format (app/audit/chain.py): 1 did not cover the sequence number, so a
    # sealed row could be copied under another one; 2 covers it. Older rows keep format 1.
    fmt: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")


class OperationLogHead(Base):
    """The single row that remembers the last sealed sequence number and MAC.

    Appenders update it first, which serialises them (row lock on PostgreSQL, the write
    lock on SQLite); the verifier uses it to notice rows deleted from the end of the log.
    """

    __tablename__ = "operation_log_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    mac: Mapped[str] = mapped_column(String(64))
    head_mac: Mapped[str] = mapped_column(String(64))
    # Which key seals this chain (an HMAC of a fixed label, not the key): a terminal whose
    # keyring holds another key must not write to, or judge, this chain.
    key_id: Mapped[str] = mapped_column(String(64))
    # The newest row's time: a terminal whose clock reads earlier is refused (a clock set
    # back would reorder the log and move deadlines, grants and lockouts).
    at: Mapped[str | None] = mapped_column(String(32), nullable=True)
