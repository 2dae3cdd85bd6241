"""Register (別添2(1)) items a person has at most one of, or a list of, kept beside the 住民票.

- ``registered_domiciles``: 本籍 and 筆頭者 (Japanese residents only), items 59-63.
- ``address_change_origins``: the address before the last in-city move (住所変更前), items
  71-78, 144-149, 159.
- ``move_in_origins``: the address before moving in (転入前), items 79-85, 155.
- ``move_out_destinations``: the planned destination (転出予定先) and the place actually
  settled (実定地), items 86-99, 121-124, 156-157.
- ``special_permanent_resident_certificates``: 特別永住者証明書 history, items 160-168.
- ``alias_name_history``: where and when a 通称 was entered and deleted, items 170-176.
- ``resident_eligibilities``: 資格関係情報 shown on the 住民票 (item 178).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.models.register import ADDRESS, ADDRESS_CODE, ADDRESS_LOT, KATAGAKI, NAME_KANJI


class RegisteredDomicile(Base):
    """本籍 (registered domicile) and 筆頭者 (head of the family register) of a resident."""

    __tablename__ = "registered_domiciles"

    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    family_head_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (59)
    domicile_address_code: Mapped[str | None] = mapped_column(String(ADDRESS_CODE))  # (60)
    domicile_postal_code: Mapped[str | None] = mapped_column(String(7))  # (61)
    domicile_address: Mapped[str | None] = mapped_column(String(ADDRESS))  # (62) 本籍住所
    domicile_address_lot: Mapped[str | None] = mapped_column(String(ADDRESS_LOT))  # (63)


class AddressChangeOrigin(Base):
    """The address and districts before the last in-city address change (住所変更前)."""

    __tablename__ = "address_change_origins"

    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    head_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (71)
    head_juxtaposed_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (72)
    address_code: Mapped[str | None] = mapped_column(String(ADDRESS_CODE))  # (73)
    postal_code: Mapped[str | None] = mapped_column(String(7))  # (74)
    address: Mapped[str | None] = mapped_column(String(ADDRESS))  # (75) 住所変更前住所
    address_lot: Mapped[str | None] = mapped_column(String(ADDRESS_LOT))  # (76)
    katagaki_kana: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (77)
    katagaki_kanji: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (78)
    # (144)-(149) the districts of that address.
    administrative_district_code: Mapped[str | None] = mapped_column(String(6))  # (144)
    residents_association_code: Mapped[str | None] = mapped_column(String(6))  # (145)
    neighbourhood_association_code: Mapped[str | None] = mapped_column(String(6))  # (146)
    elementary_school_district_code: Mapped[str | None] = mapped_column(String(6))  # (147)
    junior_high_school_district_code: Mapped[str | None] = mapped_column(String(6))  # (148)
    voting_district_code: Mapped[str | None] = mapped_column(String(6))  # (149)
    specific_facility_code: Mapped[str | None] = mapped_column(String(10))  # (159)


class MoveInOrigin(Base):
    """The address a resident moved in from (転入前住所)."""

    __tablename__ = "move_in_origins"

    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    head_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (79)
    address_code: Mapped[str | None] = mapped_column(String(ADDRESS_CODE))  # (80)
    postal_code: Mapped[str | None] = mapped_column(String(7))  # (81)
    address: Mapped[str | None] = mapped_column(String(ADDRESS))  # (82) 転入前住所
    address_lot: Mapped[str | None] = mapped_column(String(ADDRESS_LOT))  # (83)
    katagaki_kana: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (84)
    katagaki_kanji: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (85)
    katagaki_hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # (155)


class MoveOutDestination(Base):
    """A move-out: the planned destination (転出予定先) and the place actually settled (実定地)."""

    __tablename__ = "move_out_destinations"

    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    # --- (86)-(92) 転出予定先 ------------------------------------------------------------------
    planned_head_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (86)
    planned_address_code: Mapped[str | None] = mapped_column(String(ADDRESS_CODE))  # (87)
    planned_postal_code: Mapped[str | None] = mapped_column(String(7))  # (88)
    planned_address: Mapped[str | None] = mapped_column(String(ADDRESS))  # (89)
    planned_address_lot: Mapped[str | None] = mapped_column(String(ADDRESS_LOT))  # (90)
    planned_katagaki_kana: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (91)
    planned_katagaki_kanji: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (92)
    # --- (93)-(99) 実定地 -------------------------------------------------------------------------
    actual_head_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))  # (93)
    actual_address_code: Mapped[str | None] = mapped_column(String(ADDRESS_CODE))  # (94)
    actual_postal_code: Mapped[str | None] = mapped_column(String(7))  # (95)
    actual_address: Mapped[str | None] = mapped_column(String(ADDRESS))  # (96)
    actual_address_lot: Mapped[str | None] = mapped_column(String(ADDRESS_LOT))  # (97)
    actual_katagaki_kana: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (98)
    actual_katagaki_kanji: Mapped[str | None] = mapped_column(String(KATAGAKI))  # (99)
    # --- (121)-(124) dates of the move-out -------------------------------------------------------
    planned_notified_date: Mapped[dt.date | None] = mapped_column(Date)  # (121) 転出予定届出日
    planned_move_out_date: Mapped[dt.date | None] = mapped_column(Date)  # (122) 転出予定日
    # (123) 通知日: the destination's 転入通知 reached us.
    notified_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_settled_date: Mapped[dt.date | None] = mapped_column(Date)  # (124) 実定日
    planned_katagaki_hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # (156)
    actual_katagaki_hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # (157)


class SpecialPermanentResidentCertificate(Base):
    """One version of a 特別永住者証明書 record; ``history_number`` orders them per person."""

    __tablename__ = "special_permanent_resident_certificates"
    __table_args__ = (UniqueConstraint("resident_id", "history_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    history_number: Mapped[int] = mapped_column(Integer)  # (160) 履歴番号
    change_reason_code: Mapped[str | None] = mapped_column(String(2))  # (161)
    status_flag: Mapped[str | None] = mapped_column(String(1))  # (162) 状態フラグ
    application_date: Mapped[dt.date | None] = mapped_column(Date)  # (163) 申請日
    scheduled_issue_start_date: Mapped[dt.date | None] = mapped_column(Date)  # (164)
    scheduled_issue_end_date: Mapped[dt.date | None] = mapped_column(Date)  # (165)
    issue_date: Mapped[dt.date | None] = mapped_column(Date)  # (166) 交付年月日
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)  # (167) 有効期限
    possession_code: Mapped[str | None] = mapped_column(String(1))  # (168) 証の有無コード


class AliasNameHistory(Base):
    """Where and when a foreign resident's 通称 was entered and deleted (通称履歴)."""

    __tablename__ = "alias_name_history"
    __table_args__ = (UniqueConstraint("resident_id", "branch_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    branch_number: Mapped[int] = mapped_column(Integer)  # (170) 通称名履歴枝番
    # The 通称 this entry is about (items 29/30 as they were); not a separate seed item.
    alias_name_kana: Mapped[str | None] = mapped_column(String(200))
    alias_name_kanji: Mapped[str | None] = mapped_column(String(NAME_KANJI))
    entered_date: Mapped[dt.date | None] = mapped_column(Date)  # (171) 記載日
    entered_municipality_code: Mapped[str | None] = mapped_column(String(6))  # (172)
    entered_municipality_name: Mapped[str | None] = mapped_column(String(40))  # (173)
    deleted_date: Mapped[dt.date | None] = mapped_column(Date)  # (174) 削除年月日
    deleted_municipality_code: Mapped[str | None] = mapped_column(String(6))  # (175)
    deleted_municipality_name: Mapped[str | None] = mapped_column(String(40))  # (176)


class ResidentEligibility(Base):
    """One 資格関係情報 entry (国保, 後期高齢者医療, 介護保険, 国民年金, 児童手当) on a 住民票."""

    __tablename__ = "resident_eligibilities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    # (178) 資格関係情報: which scheme; the dates say when the eligibility held.
    scheme_code: Mapped[str] = mapped_column(String(2))
    acquired_date: Mapped[dt.date | None] = mapped_column(Date)
    lost_date: Mapped[dt.date | None] = mapped_column(Date)
