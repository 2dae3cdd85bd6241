"""転出証明書情報 validation and the exact R-36 prefectural message."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.errors import DomainError, ImpossibleDate
from app.jukinet.messages import PREFECTURE_FIELDS, MoveOutCertificate, prefecture_update
from tests.support.movein import certificate


def test_certificate_round_trips_through_json() -> None:
    original = certificate()
    assert MoveOutCertificate.from_dict(original.to_dict()) == original


def test_impossible_date_is_rejected() -> None:
    data = certificate().to_dict()
    data["date_of_birth"] = "2025-02-30"
    with pytest.raises(ImpossibleDate):
        MoveOutCertificate.from_dict(data)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("resident_code", "1234"),
        ("my_number", "123456789019"),
        ("sex_code", "7"),
        ("from_municipality_code", "07201"),
        ("name_kanji", ""),
        ("former_postal_code", "96000"),
    ],
)
def test_format_checks_name_the_field_not_the_value(key: str, value: str) -> None:
    data = certificate().to_dict()
    data[key] = value
    with pytest.raises(DomainError) as caught:
        MoveOutCertificate.from_dict(data)
    if len(value) > 3:
        assert value not in str(caught.value)


def test_prefecture_update_has_exactly_the_8_fields() -> None:
    message = prefecture_update(
        resident_code="24727059608",
        name="試験　太郎",
        date_of_birth=dt.date(1980, 1, 1),
        sex_code="1",
        address="福島県郡山市駅前一丁目２番３号",
        my_number="123456789018",
        change_reason_code="11",
        change_date=dt.date(2026, 3, 30),
    )
    assert tuple(message) == PREFECTURE_FIELDS
    assert PREFECTURE_FIELDS == (
        "住民票コード",
        "氏名",
        "生年月日",
        "性別",
        "住所",
        "個人番号",
        "異動事由",
        "異動年月日",
    )
