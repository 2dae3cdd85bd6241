"""Code tables (app/domain/codes.py): stored values, labels, parsing, helpers."""

from __future__ import annotations

import pytest

from app.domain.codes import (
    ChangeReason,
    CodeEnum,
    Era,
    ForeignResidentCategory,
    Nationality,
    Relationship,
    RemovalReason,
    ResidenceStatus,
    ResidentCategory,
    Sex,
)
from app.domain.errors import UnknownCode

ALL_TABLES: list[type[CodeEnum]] = [
    Sex,
    ChangeReason,
    RemovalReason,
    Relationship,
    ResidentCategory,
    Era,
    ForeignResidentCategory,
    ResidenceStatus,
    Nationality,
]


@pytest.mark.parametrize(
    ("member", "value", "label"),
    [
        (Sex.MALE, "1", "男"),
        (Sex.FEMALE, "2", "女"),
        (Sex.UNKNOWN, "9", "不明"),
        (ResidentCategory.JAPANESE, "1", "日本人住民"),
        (ResidentCategory.FOREIGN, "2", "外国人住民"),
        (Era.SHOWA, "3", "昭和"),
        (Era.REIWA, "5", "令和"),
        (ChangeReason.MOVE_IN, "11", "転入"),
        (ChangeReason.MOVE_WITHIN, "20", "転居"),
        (RemovalReason.DEATH, "02", "死亡"),
        (Relationship.WIFE, "02", "妻"),
        (Relationship.HUSBAND, "03", "夫"),
        (ForeignResidentCategory.SPECIAL_PERMANENT, "2", "特別永住者"),
        (Nationality.VN, "704", "ベトナム"),
    ],
)
def test_stored_value_and_label(member: CodeEnum, value: str, label: str) -> None:
    assert member.value == value
    assert member == value  # a str enum compares equal to the stored string
    assert member.label == label


@pytest.mark.parametrize("table", ALL_TABLES)
def test_every_code_parses_back_and_is_unique(table: type[CodeEnum]) -> None:
    values = [m.value for m in table]
    assert len(values) == len(set(values))
    labels = [m.label for m in table]
    assert len(labels) == len(set(labels))
    for member in table:
        assert table.parse(member.value, "f") is member
        assert table.parse(member, "f") is member
        assert member.label


@pytest.mark.parametrize("table", ALL_TABLES)
@pytest.mark.parametrize("bad", ["", "x", "000", "  ", None, 1])
def test_unknown_code_names_the_field(table: type[CodeEnum], bad: object) -> None:
    with pytest.raises(UnknownCode) as info:
        table.parse(bad, "続柄コード")
    assert info.value.field == "続柄コード"


def test_parse_strips_surrounding_spaces() -> None:
    assert Sex.parse(" 2 ", "性別") is Sex.FEMALE


def test_required_members_exist() -> None:
    for name in [
        "BIRTH",
        "MOVE_IN",
        "MOVE_WITHIN",
        "MOVE_OUT",
        "DEATH",
        "NATURALISATION",
        "NATIONALITY_LOSS",
        "CORRECTION",
        "RECORD_CORRECTION",
        "ADDRESS_DISPLAY_CHANGE",
        "RESIDENT_CODE_CHANGE",
        "NAME_CHANGE",
    ]:
        assert name in ChangeReason.__members__
    for name in ["HEAD", "WIFE", "HUSBAND", "CHILD", "FATHER", "MOTHER", "GRANDCHILD"]:
        assert name in Relationship.__members__
    for name in ["SIBLING", "CHILD_WIFE", "COHABITANT", "OTHER"]:
        assert name in Relationship.__members__
    assert [m.label for m in Era] == ["明治", "大正", "昭和", "平成", "令和"]
    assert len(ForeignResidentCategory) == 6


def test_change_reason_groups() -> None:
    assert ChangeReason.BIRTH.is_entry and ChangeReason.MOVE_IN.is_entry
    assert ChangeReason.MOVE_OUT.is_removal and ChangeReason.DEATH.is_removal
    assert ChangeReason.MOVE_WITHIN.is_address_only
    assert not ChangeReason.NAME_CHANGE.is_address_only
    for reason in ChangeReason:
        assert [reason.is_entry, reason.is_removal, reason.is_address_only].count(True) <= 1


def test_only_death_is_death() -> None:
    assert [r for r in RemovalReason if r.is_death] == [RemovalReason.DEATH]


def test_relationship_helpers() -> None:
    assert Relationship.HEAD.is_head and not Relationship.CHILD.is_head
    assert Relationship.WIFE.is_spouse and Relationship.HUSBAND.is_spouse
    assert not Relationship.CHILD_WIFE.is_spouse


@pytest.mark.parametrize(
    ("category", "current", "foreign", "removed"),
    [
        (ResidentCategory.JAPANESE, True, False, ResidentCategory.JAPANESE_REMOVED),
        (ResidentCategory.FOREIGN, True, True, ResidentCategory.FOREIGN_REMOVED),
        (ResidentCategory.JAPANESE_REMOVED, False, False, ResidentCategory.JAPANESE_REMOVED),
        (ResidentCategory.FOREIGN_REMOVED, False, True, ResidentCategory.FOREIGN_REMOVED),
    ],
)
def test_resident_category(
    category: ResidentCategory, current: bool, foreign: bool, removed: ResidentCategory
) -> None:
    assert category.is_current is current
    assert category.is_foreign is foreign
    assert category.removed() is removed
    assert category.removed().current().is_current
    assert category.removed().current().is_foreign is foreign


def test_era_initials() -> None:
    assert "".join(e.initial for e in Era) == "MTSHR"


def test_residence_status_has_the_common_statuses() -> None:
    labels = {m.label for m in ResidenceStatus}
    assert {
        "永住者",
        "定住者",
        "日本人の配偶者等",
        "留学",
        "家族滞在",
        "技能実習",
        "特定技能",
    } <= labels
    assert "技術・人文知識・国際業務" in labels


def test_choices_are_in_table_order() -> None:
    assert Sex.choices() == [("1", "男"), ("2", "女"), ("9", "不明")]
