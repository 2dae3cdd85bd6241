"""Move-in tables: the Juki-net inbox and outbox, pending changes (four-eyes) and 継続利用.

- ``jukinet_inbox``: 転出証明書情報 received from other municipalities (one row per message,
  idempotent by ``message_id``).
- ``pending_changes``: entries (特例転入, 転居) that take effect only when a second operator
  approves them (R-22, R-27). The entered values travel as a JSON document.
- ``jukinet_outbox`` and ``jukinet_delivery_attempts``: the transactional outbox. A message
  is written in the approving transaction; the dispatcher sends it later and records every
  attempt, refused ones included (R-39).
- ``card_continuations``: recorded 継続利用 of a My Number card after a 特例転入.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.models.register import NAME_KANA, NAME_KANJI, STAMP_ID
from app.db.models.timestamps import utc_now

MESSAGE_ID = 64
LONG_ADDRESS = 300


class InboxMoveOut(Base):
    """One 転出証明書情報 received through Juki-net from the former municipality."""

    __tablename__ = "jukinet_inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(MESSAGE_ID), unique=True)
    from_municipality_code: Mapped[str] = mapped_column(String(6))
    resident_code: Mapped[str] = mapped_column(String(11), index=True)
    my_number: Mapped[str | None] = mapped_column(String(12))
    name_kanji: Mapped[str] = mapped_column(String(NAME_KANJI))
    name_kana: Mapped[str] = mapped_column(String(NAME_KANA))
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    sex_code: Mapped[str] = mapped_column(String(1))
    former_postal_code: Mapped[str | None] = mapped_column(String(7))
    former_address: Mapped[str] = mapped_column(String(LONG_ADDRESS))
    planned_move_out_date: Mapped[dt.date] = mapped_column(Date)
    destination_address: Mapped[str] = mapped_column(String(LONG_ADDRESS))
    head_name_kanji: Mapped[str] = mapped_column(String(NAME_KANJI))
    relationship_name: Mapped[str] = mapped_column(String(20))
    domicile: Mapped[str | None] = mapped_column(String(LONG_ADDRESS))  # 本籍 (Japanese only)
    domicile_head_name: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # 筆頭者
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    # open → entered (a pending move-in exists) → used (approved); back to open on rejection.
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)


class PendingChange(Base):
    """An entered change waiting for a second operator (R-27): never effective before approval."""

    __tablename__ = "pending_changes"
    # At most one pending change per person, whatever races the application loses.
    __table_args__ = (
        Index(
            "ux_pending_changes_one_pending",
            "resident_code",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # move_in | move_within
    resident_code: Mapped[str] = mapped_column(String(11), index=True)
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("jukinet_inbox.id"))
    payload: Mapped[str] = mapped_column(Text)  # JSON of the entered values
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    correlation_id: Mapped[str] = mapped_column(String(MESSAGE_ID))
    entered_by: Mapped[str] = mapped_column(String(STAMP_ID))
    entered_terminal: Mapped[str] = mapped_column(String(STAMP_ID))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(STAMP_ID))
    decided_terminal: Mapped[str | None] = mapped_column(String(STAMP_ID))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    # How the person was identified: "card" (a PIN-verified read in this flow, see
    # CardReadEvidence) or "operator_entry" (typed by the clerk, with a reason the approver sees).
    evidence: Mapped[str] = mapped_column(String(16), default="card", server_default="card")
    evidence_reason: Mapped[str | None] = mapped_column(String(200))


class OutboxMessage(Base):
    """A notification waiting to leave (or that left) the terminal through Juki-net."""

    __tablename__ = "jukinet_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(MESSAGE_ID), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # move_in_notice | identity_update
    recipient: Mapped[str] = mapped_column(String(30), index=True)  # prefecture | muni:NNNNNN
    data_category: Mapped[str] = mapped_column(String(40))
    resident_code: Mapped[str] = mapped_column(String(11), index=True)
    payload: Mapped[str] = mapped_column(Text)  # JSON
    # queued → sent (handed to the peer, answer pending) → acknowledged | refused
    status: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    pending_change_id: Mapped[int | None] = mapped_column(ForeignKey("pending_changes.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    last_reason: Mapped[str | None] = mapped_column(String(200))


class DeliveryAttempt(Base):
    """One attempt to send an outbox message: written before the send, completed after (R-39)."""

    __tablename__ = "jukinet_delivery_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("jukinet_outbox.message_id"), index=True)
    attempted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    operator_id: Mapped[str] = mapped_column(String(STAMP_ID))
    terminal_id: Mapped[str] = mapped_column(String(STAMP_ID))
    recipient: Mapped[str] = mapped_column(String(30))
    data_category: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(11))  # the 住民票コード
    # in_flight (no answer recorded: the sender stopped) | acknowledged | refused | failed
    outcome: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(200))


class CardContinuation(Base):
    """A recorded 継続利用 of a My Number card after a 特例転入 (PIN-verified at the counter)."""

    __tablename__ = "card_continuations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_code: Mapped[str] = mapped_column(String(11), index=True)
    move_in_notified_date: Mapped[dt.date] = mapped_column(Date)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    endorsement_text: Mapped[str] = mapped_column(String(LONG_ADDRESS))
    operator_id: Mapped[str] = mapped_column(String(STAMP_ID))
    terminal_id: Mapped[str] = mapped_column(String(STAMP_ID))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CardReadEvidence(Base):
    """Proof that a PIN-verified card read happened in this flow (a token, stored hashed).

    The card-reading use case writes one row per successful read for a purpose that needs
    evidence (特例転入); the submission presents the token, which is checked against the
    person, the operator and its age, and is used once.
    """

    __tablename__ = "card_read_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    purpose: Mapped[str] = mapped_column(String(40))
    resident_code: Mapped[str] = mapped_column(String(11), index=True)
    operator_id: Mapped[str] = mapped_column(String(STAMP_ID))
    terminal_id: Mapped[str] = mapped_column(String(STAMP_ID))
    session_id: Mapped[str] = mapped_column(String(36))
    correlation_id: Mapped[str] = mapped_column(String(MESSAGE_ID))
    read_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    used_by_change_id: Mapped[int | None] = mapped_column(ForeignKey("pending_changes.id"))
