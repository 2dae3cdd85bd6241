"""The 送付先情報ファイル (別添2(3), 61 items): destination data for J-LIS's mailing.

Rows are passed on to J-LIS unedited (R-37) and deleted within a year; every variable-length
text travels with its 項目長 (field length) and 外字数 (count of non-standard characters),
because the interchange record is fixed-format.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.models.register import NAME_KANA, NAME_KANJI, STAMP_ID
from app.db.models.timestamps import utc_now

DEST_ADDRESS = 300
PLACE_NAME = 100
PHONE = 15
POSITIONS = 200


class DestinationRecord(Base):
    """One 送付先情報 record for the 個人番号通知書 and the card application form."""

    __tablename__ = "destination_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # --- (1)-(8) where the letter goes -------------------------------------------------------
    destination_number: Mapped[str] = mapped_column(String(20), index=True)  # (1) 送付先管理番号
    dest_postal_code: Mapped[str] = mapped_column(String(7))  # (2) 送付先郵便番号
    dest_address_length: Mapped[int] = mapped_column(Integer)  # (3) 漢字項目長
    dest_address: Mapped[str] = mapped_column(String(DEST_ADDRESS))  # (4) 送付先住所 漢字
    dest_address_gaiji_count: Mapped[int] = mapped_column(Integer, default=0)  # (5)
    dest_name_length: Mapped[int] = mapped_column(Integer)  # (6)
    dest_name: Mapped[str] = mapped_column(String(NAME_KANJI))  # (7) 送付先氏名 漢字
    dest_name_gaiji_count: Mapped[int] = mapped_column(Integer, default=0)  # (8)
    # --- (9)-(16) the sending municipality ---------------------------------------------------
    municipality_code: Mapped[str] = mapped_column(String(6))  # (9) 市町村コード
    municipality_name_length: Mapped[int] = mapped_column(Integer)  # (10)
    municipality_name: Mapped[str] = mapped_column(String(PLACE_NAME))  # (11)
    municipality_postal_code: Mapped[str] = mapped_column(String(7))  # (12)
    municipality_address_length: Mapped[int] = mapped_column(Integer)  # (13)
    municipality_address: Mapped[str] = mapped_column(String(DEST_ADDRESS))  # (14)
    municipality_address_gaiji_count: Mapped[int] = mapped_column(Integer, default=0)  # (15)
    municipality_phone: Mapped[str] = mapped_column(String(PHONE))  # (16)
    # --- (17)-(24) where the card is handed over (交付場所) ------------------------------------
    issue_place_name_length: Mapped[int | None] = mapped_column(Integer)  # (17)
    issue_place_name: Mapped[str | None] = mapped_column(String(PLACE_NAME))  # (18)
    issue_place_name_gaiji_count: Mapped[int | None] = mapped_column(Integer)  # (19)
    issue_place_postal_code: Mapped[str | None] = mapped_column(String(7))  # (20)
    issue_place_address_length: Mapped[int | None] = mapped_column(Integer)  # (21)
    issue_place_address: Mapped[str | None] = mapped_column(String(DEST_ADDRESS))  # (22)
    issue_place_address_gaiji_count: Mapped[int | None] = mapped_column(Integer)  # (23)
    issue_place_phone: Mapped[str | None] = mapped_column(String(PHONE))  # (24)
    # --- (25)-(32) where the card is delivered (カード送付場所) -----------------------------------
    card_delivery_place_name_length: Mapped[int | None] = mapped_column(Integer)  # (25)
    card_delivery_place_name: Mapped[str | None] = mapped_column(String(PLACE_NAME))  # (26)
    card_delivery_place_name_gaiji_count: Mapped[int | None] = mapped_column(Integer)  # (27)
    card_delivery_place_postal_code: Mapped[str | None] = mapped_column(String(7))  # (28)
    card_delivery_place_address_length: Mapped[int | None] = mapped_column(Integer)  # (29)
    card_delivery_place_address: Mapped[str | None] = mapped_column(  # (30)
        String(DEST_ADDRESS)
    )
    card_delivery_place_address_gaiji_count: Mapped[int | None] = mapped_column(  # (31)
        Integer
    )
    card_delivery_place_phone: Mapped[str | None] = mapped_column(String(PHONE))  # (32)
    # --- (33)-(37) processing -------------------------------------------------------------------
    person_count: Mapped[int] = mapped_column(Integer, default=1)  # (33) 対象となる人数
    processed_date: Mapped[dt.date] = mapped_column(Date)  # (34) 処理年月日
    operator_id: Mapped[str] = mapped_column(String(STAMP_ID))  # (35) 操作者ＩＤ
    terminal_id: Mapped[str] = mapped_column(String(STAMP_ID))  # (36) 操作端末ＩＤ
    print_category: Mapped[str | None] = mapped_column(String(1))  # (37) 印刷区分
    # --- (38)-(52) the person -------------------------------------------------------------------
    resident_code: Mapped[str] = mapped_column(String(11), index=True)  # (38) 住民票コード
    name_kanji_length: Mapped[int] = mapped_column(Integer)  # (39)
    name_kanji: Mapped[str] = mapped_column(String(NAME_KANJI))  # (40) 氏名 漢字
    name_kanji_gaiji_count: Mapped[int] = mapped_column(Integer, default=0)  # (41)
    name_kana_length: Mapped[int] = mapped_column(Integer)  # (42)
    name_kana: Mapped[str] = mapped_column(String(NAME_KANA))  # (43) 氏名 かな
    postal_code: Mapped[str] = mapped_column(String(7))  # (44)
    address_length: Mapped[int] = mapped_column(Integer)  # (45)
    address: Mapped[str] = mapped_column(String(DEST_ADDRESS))  # (46) 住所
    address_gaiji_count: Mapped[int] = mapped_column(Integer, default=0)  # (47)
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)  # (48) 生年月日
    sex_code: Mapped[str] = mapped_column(String(1))  # (49) 性別
    my_number: Mapped[str] = mapped_column(String(12))  # (50) 個人番号
    art30_45_category: Mapped[str | None] = mapped_column(String(2))  # (51) 第30条の45区分
    stay_expiry: Mapped[dt.date | None] = mapped_column(Date)  # (52) 在留期間の満了の日
    # --- (53)-(61) substitute renditions of 外字 --------------------------------------------------
    substitute_conversion_result: Mapped[str | None] = mapped_column(String(1))  # (53)
    substitute_name_length: Mapped[int | None] = mapped_column(Integer)  # (54)
    substitute_name: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (55)
    substitute_address_length: Mapped[int | None] = mapped_column(Integer)  # (56)
    substitute_address: Mapped[str | None] = mapped_column(String(DEST_ADDRESS))  # (57)
    substitute_name_positions: Mapped[str | None] = mapped_column(String(POSITIONS))  # (58)
    substitute_address_positions: Mapped[str | None] = mapped_column(String(POSITIONS))  # (59)
    gaiji_flag: Mapped[bool] = mapped_column(Boolean, default=False)  # (60) 外字フラグ
    gaiji_pattern: Mapped[bytes | None] = mapped_column(LargeBinary)  # (61) 外字パターン

    # --- not seed items: retention (kept under one year, SEED_DIGEST §3.3) -------------------
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
