"""The 本人確認情報ファイル (別添2(2), 36 items): one row per version, never overwritten.

A correction marks the current row ``is_current = False`` and inserts a new row with
``update_seq + 1`` (R-33, R-34); the superseded rows are the 履歴情報 kept for 150 years.
A partial unique index keeps exactly one current row per 住民票コード on both SQLite and
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.models.register import NAME_KANA, NAME_KANJI, STAMP_ID

IDENTITY_ADDRESS = 300


def _search_key(length: int) -> String:
    """A derived search-key column: code-point ordered on every database."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class IdentityRecord(Base):
    """One version of a person's 本人確認情報 (36 items plus derived search keys)."""

    __tablename__ = "identity_records"
    __table_args__ = (
        UniqueConstraint("resident_code", "update_seq"),
        Index(
            "uq_identity_records_current",
            "resident_code",
            unique=True,
            sqlite_where=text("is_current = 1"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_identity_records_kana_dob", "search_kana_key", "date_of_birth"),
        Index("ix_identity_records_kanji_dob", "search_kanji_key", "date_of_birth"),
        Index("ix_identity_records_kana_address", "search_kana_key", "search_address_key"),
        Index("ix_identity_records_kanji_address", "search_kanji_key", "search_address_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # --- (1)-(7) key and the basic four items ----------------------------------------------
    resident_code: Mapped[str] = mapped_column(String(11), index=True)  # (1) 住民票コード
    name_kanji: Mapped[str] = mapped_column(String(NAME_KANJI))  # (2) 漢字氏名
    name_gaiji_count: Mapped[int] = mapped_column(Integer, default=0)  # (3) 外字数（氏名）
    name_furigana: Mapped[str] = mapped_column(String(NAME_KANA))  # (4) ふりがな氏名
    name_seion_kana: Mapped[str] = mapped_column(String(NAME_KANA))  # (5) 清音化かな氏名
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)  # (6) 生年月日
    sex_code: Mapped[str] = mapped_column(String(1))  # (7) 性別 (app.domain.codes.Sex)
    # --- (8)-(13) address and 個人番号 --------------------------------------------------------
    municipality_code: Mapped[str] = mapped_column(String(6))  # (8) 市町村コード
    oaza_code: Mapped[str | None] = mapped_column(String(10))  # (9) 大字・字コード
    postal_code: Mapped[str] = mapped_column(String(7))  # (10) 郵便番号
    # (11) 住所: the full address incl. 番地 and 方書, as printed on the card.
    address: Mapped[str] = mapped_column(String(IDENTITY_ADDRESS))
    address_gaiji_count: Mapped[int] = mapped_column(Integer, default=0)  # (12)
    my_number: Mapped[str | None] = mapped_column(String(12), index=True)  # (13) 個人番号
    # --- (14)-(19) dates and the pre-move-in address -------------------------------------------
    became_resident_date: Mapped[dt.date | None] = mapped_column(Date)  # (14) 住民となった日
    address_established_date: Mapped[dt.date | None] = mapped_column(Date)  # (15)
    notified_date: Mapped[dt.date | None] = mapped_column(Date)  # (16) 届出の年月日
    prev_municipality_code: Mapped[str | None] = mapped_column(String(6))  # (17)
    prev_address: Mapped[str | None] = mapped_column(String(IDENTITY_ADDRESS))  # (18)
    prev_address_gaiji_count: Mapped[int | None] = mapped_column(Integer)  # (19)
    # --- (20)-(26) relationship, 異動 and 住民票コード history ------------------------------
    relationship: Mapped[str] = mapped_column(String(20))  # (20) 続柄
    change_reason_code: Mapped[str] = mapped_column(String(2))  # (21) 異動事由
    change_date: Mapped[dt.date] = mapped_column(Date)  # (22) 異動年月日
    change_reason_detail: Mapped[str | None] = mapped_column(String(100))  # (23)
    old_resident_code: Mapped[str | None] = mapped_column(String(11))  # (24) 旧住民票コード
    resident_code_since: Mapped[dt.date | None] = mapped_column(Date)  # (25)
    request_number: Mapped[str | None] = mapped_column(String(20))  # (26) 依頼管理番号
    # --- (27)-(36) stamps, sequence and flags (R-33) ---------------------------------------------
    operator_id: Mapped[str] = mapped_column(String(STAMP_ID))  # (27) 操作者ＩＤ
    terminal_id: Mapped[str] = mapped_column(String(STAMP_ID))  # (28) 操作端末ＩＤ
    update_seq: Mapped[int] = mapped_column(Integer)  # (29) 更新順番号
    abnormal_update_seq: Mapped[int | None] = mapped_column(Integer)  # (30) 異常時更新順番号
    update_prohibited: Mapped[bool] = mapped_column(Boolean, default=False)  # (31)
    prospective_flag: Mapped[bool] = mapped_column(Boolean, default=False)  # (32) 予定者フラグ
    exclusive_lock: Mapped[bool] = mapped_column(Boolean, default=False)  # (33) 排他フラグ
    gaiji_flag: Mapped[bool] = mapped_column(Boolean, default=False)  # (34) 外字フラグ
    # (35) レコード状況フラグ: '0' current resident, '1' removed.
    record_status: Mapped[str] = mapped_column(String(1), default="0")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))  # (36)

    # --- not seed items: version marker, lock owner, derived search keys ---------------------
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    # Who holds the 排他フラグ, so only that terminal (or an admin) releases it.
    lock_operator_id: Mapped[str | None] = mapped_column(String(STAMP_ID))
    lock_terminal_id: Mapped[str | None] = mapped_column(String(STAMP_ID))
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Folded forms from app.domain.search_keys, for the two-of-four search. On
    # PostgreSQL they use the "C" collation whatever the database's default: the address
    # prefix search is a range in code-point order, which a linguistic collation breaks.
    search_kana_key: Mapped[str | None] = mapped_column(_search_key(200))
    search_kanji_key: Mapped[str | None] = mapped_column(_search_key(100))
    search_address_key: Mapped[str | None] = mapped_column(_search_key(300))


# The 36 seed items in item order (別添2(2) 1-36): the only attributes a 本人確認情報
# change may carry. The data-dictionary test keeps this list and the CSV in step.
IDENTITY_ITEMS: tuple[str, ...] = (
    "resident_code",
    "name_kanji",
    "name_gaiji_count",
    "name_furigana",
    "name_seion_kana",
    "date_of_birth",
    "sex_code",
    "municipality_code",
    "oaza_code",
    "postal_code",
    "address",
    "address_gaiji_count",
    "my_number",
    "became_resident_date",
    "address_established_date",
    "notified_date",
    "prev_municipality_code",
    "prev_address",
    "prev_address_gaiji_count",
    "relationship",
    "change_reason_code",
    "change_date",
    "change_reason_detail",
    "old_resident_code",
    "resident_code_since",
    "request_number",
    "operator_id",
    "terminal_id",
    "update_seq",
    "abnormal_update_seq",
    "update_prohibited",
    "prospective_flag",
    "exclusive_lock",
    "gaiji_flag",
    "record_status",
    "recorded_at",
)
