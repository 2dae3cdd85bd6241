"""The 住民基本台帳ファイル (別添2(1), 182 items): households, residents and foreign residents.

Each column carries the seed item number it holds (``# (n)``); columns without a number are
keys or stamps that the normalisation needs. The item-to-column map is
``resources/data_dictionary.csv``. Address blocks that a person has at most one of at a
time (住所変更前, 転入前, 転出予定先/実定地), the 本籍, the special-permanent-resident
certificates and the 通称 history live in :mod:`app.db.models.register_detail`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.models.timestamps import utc_now

# Widths shared by the register and identity tables, so a value copied between them fits.
NAME_KANJI = 100
NAME_KANA = 200
ADDRESS = 200
ADDRESS_LOT = 100
KATAGAKI = 200
ADDRESS_CODE = 20
STAMP_ID = 32


class Household(Base):
    """A 世帯 (household): its number and the head-of-household name items 14, 19-22."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_number: Mapped[str] = mapped_column(String(16), unique=True)  # (14) 世帯番号
    # (19)-(22) 世帯主氏名 and the 併記名 of a foreign head of household.
    head_name_kana: Mapped[str] = mapped_column(String(NAME_KANA))  # (19)
    head_name_kanji: Mapped[str] = mapped_column(String(NAME_KANJI))  # (20)
    head_juxtaposed_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))  # (21)
    head_juxtaposed_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (22)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class Resident(Base):
    """The current 住民票 of one person (removed persons included); ``id`` is the 個人コード."""

    __tablename__ = "residents"

    # --- (1)-(13) keys, stamps and status --------------------------------------------------
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # (3) 個人コード
    municipality_code: Mapped[str] = mapped_column(String(6))  # (1) 自治体コード
    # (2) 個人履歴番号: the version of this row; earlier versions are in resident_history.
    personal_history_number: Mapped[int] = mapped_column(Integer, default=1)
    initial_registered_at: Mapped[dt.datetime | None] = mapped_column(  # (4) 初期登録業務日時
        DateTime(timezone=True)
    )
    business_updated_at: Mapped[dt.datetime | None] = mapped_column(  # (5) 更新業務日時
        DateTime(timezone=True)
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(  # (6) 更新システム日時
        DateTime(timezone=True), default=utc_now
    )
    updated_terminal: Mapped[str] = mapped_column(String(STAMP_ID))  # (7) 更新コンピュータ名
    updated_by: Mapped[str] = mapped_column(String(STAMP_ID))  # (8) 更新ユーザID
    valid_flag: Mapped[bool] = mapped_column(Boolean, default=True)  # (9) 有効フラグ
    approval_status: Mapped[str | None] = mapped_column(String(1))  # (10) 決裁状態
    removal_code: Mapped[str | None] = mapped_column(String(2))  # (11) 消除コード
    # (12) 住民区分: app.domain.codes.ResidentCategory.
    resident_category: Mapped[str] = mapped_column(String(1), index=True)
    recompilation_number: Mapped[str | None] = mapped_column(String(10))  # (13) 改製番号

    # --- (14)-(18) household membership ----------------------------------------------------
    # (14) 世帯番号 is households.household_number, reached through this key.
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    resident_code: Mapped[str] = mapped_column(String(11), unique=True)  # (15) 住民票コード
    former_household_number: Mapped[str | None] = mapped_column(String(16))  # (16)
    former_head_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (17)
    former_head_juxtaposed_name_kanji: Mapped[str | None] = mapped_column(  # (18)
        String(NAME_KANJI)
    )
    re_move_in_code: Mapped[str | None] = mapped_column(String(1))  # (23) 再転入コード

    # --- (24)-(42) names (通称 and 併記名 are on foreign_residents) --------------------------
    surname_kana: Mapped[str] = mapped_column(String(100))  # (24) 姓カナ
    given_kana: Mapped[str] = mapped_column(String(100))  # (25) 名カナ
    name_category: Mapped[str | None] = mapped_column(String(1))  # (26) 氏名区分
    name_kana: Mapped[str] = mapped_column(String(NAME_KANA))  # (27) 氏名カナ
    name_kanji: Mapped[str] = mapped_column(String(NAME_KANJI))  # (28) 氏名漢字
    addressee_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))  # (35)
    addressee_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (36)
    former_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))  # (41) 旧氏名カナ
    former_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (42)

    # --- (43)-(49) current address ------------------------------------------------------------
    address_code: Mapped[str | None] = mapped_column(String(ADDRESS_CODE))  # (43)
    postal_code: Mapped[str] = mapped_column(String(7))  # (44)
    address: Mapped[str] = mapped_column(String(ADDRESS))  # (45) 現住所 (県+市+町+丁目)
    address_lot: Mapped[str] = mapped_column(String(ADDRESS_LOT))  # (46) 現住所地番
    katagaki_kana: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (47) 方書カナ
    katagaki_kanji: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (48) 方書漢字

    # --- (50)-(58) sex, birth, relationship -------------------------------------------------
    sex_code: Mapped[str] = mapped_column(String(1))  # (50) app.domain.codes.Sex
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)  # (51); null when unknown
    era_flag: Mapped[str | None] = mapped_column(String(1))  # (52) 元号フラグ
    dob_unknown_flag: Mapped[bool] = mapped_column(Boolean, default=False)  # (53)
    dob_unknown_code: Mapped[str | None] = mapped_column(String(2))  # (54)
    dob_unknown_text: Mapped[str | None] = mapped_column(String(40))  # (55)
    relationship_code: Mapped[str] = mapped_column(String(2))  # (56) codes.Relationship
    relationship_name: Mapped[str] = mapped_column(String(20))  # (57) 続柄名称漢字
    entry_order: Mapped[int] = mapped_column(Integer)  # (58) 記載順位

    # --- (64)-(70) previous address (前住所) ----------------------------------------------------
    previous_head_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (64)
    previous_address_code: Mapped[str | None] = mapped_column(String(ADDRESS_CODE))  # (65)
    previous_postal_code: Mapped[str | None] = mapped_column(String(7))  # (66)
    previous_address: Mapped[str | None] = mapped_column(String(ADDRESS))  # (67) 前住所
    previous_address_lot: Mapped[str | None] = mapped_column(String(ADDRESS_LOT))  # (68)
    previous_katagaki_kana: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (69)
    previous_katagaki_kanji: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (70)

    # --- (100)-(120) 異動, 住民日, 住定日, 消除 -------------------------------------------------
    change_reason_code: Mapped[str | None] = mapped_column(String(2))  # (100) codes.ChangeReason
    change_notified_date: Mapped[dt.date | None] = mapped_column(Date)  # (101) 異動届出日
    change_date: Mapped[dt.date | None] = mapped_column(Date)  # (102) 異動日
    became_resident_reason_code: Mapped[str | None] = mapped_column(String(2))  # (103)
    became_resident_notified_date: Mapped[dt.date | None] = mapped_column(Date)  # (104)
    became_resident_date: Mapped[dt.date | None] = mapped_column(Date)  # (105) 住民日
    became_resident_date_unknown_flag: Mapped[bool] = mapped_column(  # (106)
        Boolean, default=False
    )
    became_resident_date_unknown_text: Mapped[str | None] = mapped_column(String(40))  # (107)
    address_established_reason_code: Mapped[str | None] = mapped_column(String(2))  # (110)
    address_established_notified_date: Mapped[dt.date | None] = mapped_column(Date)  # (111)
    address_established_date: Mapped[dt.date | None] = mapped_column(Date)  # (112) 住定日
    address_established_date_unknown_flag: Mapped[bool] = mapped_column(  # (113)
        Boolean, default=False
    )
    address_established_date_unknown_text: Mapped[str | None] = mapped_column(  # (114)
        String(40)
    )
    # (115) 消除事由コード: app.domain.codes.RemovalReason (death is its own reason, R-38).
    removal_reason_code: Mapped[str | None] = mapped_column(String(2), index=True)
    removal_notified_date: Mapped[dt.date | None] = mapped_column(Date)  # (116)
    removal_date: Mapped[dt.date | None] = mapped_column(Date)  # (117) 消除日
    removal_date_unknown_flag: Mapped[bool] = mapped_column(Boolean, default=False)  # (118)
    removal_date_unknown_code: Mapped[str | None] = mapped_column(String(2))  # (119)
    removal_date_unknown_text: Mapped[str | None] = mapped_column(String(40))  # (120)

    # --- (137)-(143) re-compilation and the districts of the current address --------------------
    recompiled_date: Mapped[dt.date | None] = mapped_column(Date)  # (137) 改製年月日
    administrative_district_code: Mapped[str | None] = mapped_column(String(6))  # (138)
    residents_association_code: Mapped[str | None] = mapped_column(String(6))  # (139)
    neighbourhood_association_code: Mapped[str | None] = mapped_column(String(6))  # (140)
    elementary_school_district_code: Mapped[str | None] = mapped_column(String(6))  # (141)
    junior_high_school_district_code: Mapped[str | None] = mapped_column(String(6))  # (142)
    voting_district_code: Mapped[str | None] = mapped_column(String(6))  # (143)

    # --- (150)-(158) processing, output control --------------------------------------------------
    migrated_flag: Mapped[bool] = mapped_column(Boolean, default=False)  # (150) 移行フラグ
    processing_number: Mapped[str | None] = mapped_column(String(20))  # (151) 処理番号
    issuance_identification_code: Mapped[str | None] = mapped_column(String(2))  # (152)
    katagaki_hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # (153)
    previous_katagaki_hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # (154)
    specific_facility_code: Mapped[str | None] = mapped_column(String(10))  # (158)
    linkage_processing_number: Mapped[str | None] = mapped_column(String(20))  # (169)

    # --- (177)-(182) 個人番号, 旧氏 and furigana certification ----------------------------------
    my_number: Mapped[str | None] = mapped_column(String(12), unique=True)  # (177) 個人番号
    former_surname_kana: Mapped[str | None] = mapped_column(String(100))  # (179) 旧氏カナ
    former_surname_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (180)
    furigana_certification: Mapped[str | None] = mapped_column(String(1))  # (181)
    former_surname_furigana_certification: Mapped[str | None] = mapped_column(  # (182)
        String(1)
    )


class ForeignResident(Base):
    """The foreign-resident items of a 住民票 (names, nationality, status of residence)."""

    __tablename__ = "foreign_residents"

    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    # --- (29)-(40) 通称, 併記名 and their former values -----------------------------------
    alias_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))  # (29) 通称氏名カナ
    alias_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (30)
    juxtaposed_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))  # (31)
    juxtaposed_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (32)
    # (33)/(34) 併記名 carried over from the former 外国人登録法 register.
    alien_registration_juxtaposed_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))
    alien_registration_juxtaposed_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))
    former_alias_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))  # (37)
    former_alias_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (38)
    former_juxtaposed_name_kana: Mapped[str | None] = mapped_column(String(NAME_KANA))  # (39)
    former_juxtaposed_name_kanji: Mapped[str | None] = mapped_column(  # (40)
        String(NAME_KANJI)
    )
    # (49) 住居地補正コード: correction of the 住居地 reported for the residence card.
    residence_address_correction_code: Mapped[str | None] = mapped_column(String(2))
    # --- (108)-(109) when the person became a foreign resident --------------------------------
    foreign_resident_notified_date: Mapped[dt.date | None] = mapped_column(Date)  # (108)
    foreign_resident_date: Mapped[dt.date | None] = mapped_column(Date)  # (109)
    # --- (125)-(136) residence card, nationality, status and period of stay ----------------------
    residence_card_number: Mapped[str | None] = mapped_column(String(12))  # (125)
    residence_card_number_type: Mapped[str | None] = mapped_column(String(1))  # (126)
    nationality_code: Mapped[str] = mapped_column(String(3))  # (127) 国籍コード
    nationality_name: Mapped[str] = mapped_column(String(50))  # (128) 国籍名
    art30_45_category: Mapped[str] = mapped_column(String(2))  # (129) 住基法第30条の45規定区分
    art30_45_category_name: Mapped[str] = mapped_column(String(40))  # (130)
    residence_status_code: Mapped[str | None] = mapped_column(String(3))  # (131) 在留資格
    residence_status_name: Mapped[str | None] = mapped_column(String(40))  # (132)
    stay_years: Mapped[int | None] = mapped_column(Integer)  # (133) 在留期間 年
    stay_months: Mapped[int | None] = mapped_column(Integer)  # (134) 月
    stay_days: Mapped[int | None] = mapped_column(Integer)  # (135) 日
    stay_expiry: Mapped[dt.date | None] = mapped_column(Date)  # (136) 在留期間終日
