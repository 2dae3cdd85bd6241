"""Superseded versions of a 住民票 (履歴情報 of file (1)), kept for the statutory 150 years."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.models.register import STAMP_ID


class ResidentHistory(Base):
    """A frozen copy of one earlier version of a ``residents`` row.

    ``personal_history_number`` is the 個人履歴番号 (item 2) the row had; the snapshot is
    canonical JSON of all the row's columns, so adding a column never breaks old history.
    """

    __tablename__ = "resident_history"
    __table_args__ = (UniqueConstraint("resident_id", "personal_history_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    personal_history_number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)
    superseded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    superseded_by: Mapped[str] = mapped_column(String(STAMP_ID))
    superseded_terminal: Mapped[str] = mapped_column(String(STAMP_ID))
