"""Code tables of the register: 性別, 異動事由, 消除事由, 続柄, 住民区分, 元号, 外国人住民の区分.

Every table is a :class:`CodeEnum`: the member's value is the string stored in the database,
``.label`` is the Japanese display name, and ``parse(value, field)`` turns a stored or typed
code into a member, raising :class:`~app.domain.errors.UnknownCode` that names the field.

The seed gives field names only, never the code tables (SEED_DIGEST §7A(13)), so the code
values below are this project's own. Where a table has groups, the code carries the group in
its first digit so that a reader of raw data can tell them apart (see :class:`ChangeReason`).
"""

from __future__ import annotations

import enum
from typing import Self, cast

from app.domain.errors import UnknownCode


class CodeEnum(enum.StrEnum):
    """A code table whose members are (stored code, Japanese label) pairs."""

    _value_: str
    _label: str

    def __new__(cls, code: str, label: str) -> Self:
        """Create a member stored as ``code`` and displayed as ``label``."""
        member = str.__new__(cls, code)
        member._value_ = code
        member._label = label
        return member

    @property
    def label(self) -> str:
        """The Japanese display name of this code."""
        return self._label

    @classmethod
    def parse(cls, value: object, field: str) -> Self:
        """Return the member for ``value`` (a stored code string or a member).

        Raises ``UnknownCode(field, ...)`` for anything else; the message names the table,
        never the value, because a mistyped code may be personal data typed in the wrong box.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            member = cls._value2member_map_.get(value.strip())
            if member is not None:
                return cast(Self, member)
        raise UnknownCode(field, f"not a code of {cls.__name__}")

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, label) pairs in table order, for pick lists and documentation."""
        return [(member.value, member.label) for member in cls]


class Sex(CodeEnum):
    """性別コード (本人確認情報 item 7; 住民票 item 50)."""

    MALE = "1", "男"
    FEMALE = "2", "女"
    UNKNOWN = "9", "不明"


class ChangeReason(CodeEnum):
    """異動事由 (本人確認情報 item 21; 住民票 item 100).

    The first digit is the group: ``1x`` 記載 (a person enters the register), ``2x`` 住所の
    変更 within the city, ``3x`` 消除 (a person leaves the register), ``4x`` 修正 (a record is
    corrected or a non-address item changes). 特例転入 is recorded as 転入: the card only
    changes how the move-in is processed, not its legal cause.
    """

    BIRTH = "10", "出生"
    MOVE_IN = "11", "転入"
    MOVE_IN_FROM_ABROAD = "12", "国外転入"
    NATURALISATION = "13", "帰化"
    NATIONALITY_ACQUISITION = "14", "国籍取得"
    OFFICIAL_ENTRY = "15", "職権記載"
    MOVE_WITHIN = "20", "転居"
    ADDRESS_DISPLAY_CHANGE = "21", "住居表示変更"
    MOVE_OUT = "30", "転出"
    DEATH = "31", "死亡"
    NATIONALITY_LOSS = "32", "国籍喪失"
    OFFICIAL_REMOVAL = "33", "職権消除"
    NAME_CHANGE = "40", "氏名変更"
    CORRECTION = "41", "職権修正"
    RECORD_CORRECTION = "42", "訂正"
    RESIDENT_CODE_CHANGE = "43", "住民票コード変更"

    @property
    def is_entry(self) -> bool:
        """True for reasons that create a record (出生, 転入, 帰化 ...)."""
        return self.value.startswith("1")

    @property
    def is_removal(self) -> bool:
        """True for reasons that remove a record (転出, 死亡, 職権消除 ...)."""
        return self.value.startswith("3")

    @property
    def is_address_only(self) -> bool:
        """True when the update may change address fields only (R-29: 転居, 住居表示変更)."""
        return self.value.startswith("2")


class RemovalReason(CodeEnum):
    """消除事由コード (住民票 item 115).

    Death is its own reason (R-38): the seed's 消除者 excludes persons removed by death, yet
    their records and 個人番号 are kept, so reports must tell the two apart.
    """

    MOVED_OUT = "01", "転出"
    DEATH = "02", "死亡"
    OFFICIAL_REMOVAL = "03", "職権消除"
    LOSS_OF_STATUS = "04", "在留期間満了等"
    NATURALISATION = "05", "帰化等"
    NATIONALITY_LOSS = "06", "国籍喪失"
    OTHER = "99", "その他"

    @property
    def is_death(self) -> bool:
        """True for removal by death, which the term 消除者 does not cover."""
        return self is RemovalReason.DEATH


class Relationship(CodeEnum):
    """続柄コード (住民票 items 56-57): the relationship to the 世帯主.

    Spouses are two codes, 妻 and 夫, because the 住民票 prints the word itself. Children are
    all 子 (the 住民票 stopped writing 長男/長女 in 1995).
    """

    HEAD = "01", "世帯主"
    WIFE = "02", "妻"
    HUSBAND = "03", "夫"
    CHILD = "04", "子"
    FATHER = "05", "父"
    MOTHER = "06", "母"
    GRANDCHILD = "07", "孫"
    SIBLING = "08", "兄弟姉妹"
    ELDER_BROTHER = "09", "兄"
    ELDER_SISTER = "10", "姉"
    YOUNGER_BROTHER = "11", "弟"
    YOUNGER_SISTER = "12", "妹"
    CHILD_WIFE = "13", "子の妻"
    CHILD_HUSBAND = "14", "子の夫"
    WIFE_FATHER = "15", "妻の父"
    WIFE_MOTHER = "16", "妻の母"
    GRANDFATHER = "17", "祖父"
    GRANDMOTHER = "18", "祖母"
    COHABITANT = "19", "同居人"
    OTHER = "20", "縁故者"

    @property
    def is_head(self) -> bool:
        """True for the 世帯主 row itself."""
        return self is Relationship.HEAD

    @property
    def is_spouse(self) -> bool:
        """True for 妻 or 夫 of the 世帯主."""
        return self in (Relationship.WIFE, Relationship.HUSBAND)


class ResidentCategory(CodeEnum):
    """住民区分 (住民票 item 12): Japanese or foreign resident, current or removed."""

    JAPANESE = "1", "日本人住民"
    FOREIGN = "2", "外国人住民"
    JAPANESE_REMOVED = "3", "日本人住民（消除）"
    FOREIGN_REMOVED = "4", "外国人住民（消除）"

    @property
    def is_current(self) -> bool:
        """True while the person is on the register (not removed)."""
        return self in (ResidentCategory.JAPANESE, ResidentCategory.FOREIGN)

    @property
    def is_foreign(self) -> bool:
        """True for 外国人住民, current or removed."""
        return self in (ResidentCategory.FOREIGN, ResidentCategory.FOREIGN_REMOVED)

    def removed(self) -> ResidentCategory:
        """The category the person takes when their 住民票 is removed."""
        return (
            ResidentCategory.FOREIGN_REMOVED
            if self.is_foreign
            else (ResidentCategory.JAPANESE_REMOVED)
        )

    def current(self) -> ResidentCategory:
        """The category the person takes when a removal is undone (e.g. 消除の回復)."""
        return ResidentCategory.FOREIGN if self.is_foreign else ResidentCategory.JAPANESE


class Era(CodeEnum):
    """元号 (住民票 item 52, 元号フラグ). Start dates live in :mod:`app.domain.wareki`."""

    MEIJI = "1", "明治"
    TAISHO = "2", "大正"
    SHOWA = "3", "昭和"
    HEISEI = "4", "平成"
    REIWA = "5", "令和"

    @property
    def initial(self) -> str:
        """The Latin initial used in short dates such as ``R8.11.26``."""
        return _ERA_INITIALS[self.name]


_ERA_INITIALS = {"MEIJI": "M", "TAISHO": "T", "SHOWA": "S", "HEISEI": "H", "REIWA": "R"}


class ForeignResidentCategory(CodeEnum):
    """住基法第30条の45規定区分 (住民票 items 129-130): who may be a 外国人住民."""

    MID_LONG_TERM = "1", "中長期在留者"
    SPECIAL_PERMANENT = "2", "特別永住者"
    TEMPORARY_REFUGE = "3", "一時庇護許可者"
    PROVISIONAL_STAY = "4", "仮滞在許可者"
    TRANSITIONAL_BY_BIRTH = "5", "出生による経過滞在者"
    TRANSITIONAL_BY_NATIONALITY_LOSS = "6", "国籍喪失による経過滞在者"


class ResidenceStatus(CodeEnum):
    """在留資格 (住民票 items 131-132): a working subset of the 入管法 別表 statuses."""

    PERMANENT_RESIDENT = "01", "永住者"
    SPOUSE_OF_JAPANESE = "02", "日本人の配偶者等"
    SPOUSE_OF_PERMANENT = "03", "永住者の配偶者等"
    LONG_TERM_RESIDENT = "04", "定住者"
    ENGINEER_HUMANITIES = "05", "技術・人文知識・国際業務"
    STUDENT = "06", "留学"
    DEPENDENT = "07", "家族滞在"
    TECHNICAL_INTERN = "08", "技能実習"
    SPECIFIED_SKILLED = "09", "特定技能"
    SKILLED_LABOR = "10", "技能"
    BUSINESS_MANAGER = "11", "経営・管理"
    HIGHLY_SKILLED = "12", "高度専門職"
    DESIGNATED_ACTIVITIES = "13", "特定活動"
    INTRA_COMPANY_TRANSFEREE = "14", "企業内転勤"
    NURSING_CARE = "15", "介護"
    PROFESSOR = "16", "教授"


class Nationality(CodeEnum):
    """国籍・地域 (住民票 items 127-128): ISO 3166-1 numeric codes with Japanese names.

    Only the countries the demo population and the tests use; a real deployment loads the
    full table. The 住民票 says 国籍・地域, hence 台湾 as its own entry.
    """

    CN = "156", "中国"
    KR = "410", "韓国"
    VN = "704", "ベトナム"
    PH = "608", "フィリピン"
    BR = "076", "ブラジル"
    NP = "524", "ネパール"
    ID = "360", "インドネシア"
    US = "840", "米国"
    TW = "158", "台湾"
    TH = "764", "タイ"
    MM = "104", "ミャンマー"
    LK = "144", "スリランカ"
    BD = "050", "バングラデシュ"
    PE = "604", "ペルー"
    IN = "356", "インド"
    GB = "826", "英国"
