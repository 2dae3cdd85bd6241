"""The two-of-four search rule (app/domain/search_policy.py; SEED_DIGEST R-23, R-25)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.codes import Sex
from app.domain.errors import DomainError
from app.domain.search_policy import (
    RefusalReason,
    SearchQuery,
    SearchRefused,
    check_policy,
    is_blank,
)

DOB = dt.date(1980, 4, 1)
NAME = "佐藤"
ADDRESS = "富田町1-2-3"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (SearchQuery(sex=Sex.MALE, name=NAME), RefusalReason.ADDRESS_OR_DOB_REQUIRED),
        (SearchQuery(name=NAME), RefusalReason.ADDRESS_OR_DOB_REQUIRED),
        (SearchQuery(dob=DOB, sex=Sex.FEMALE), RefusalReason.NAME_REQUIRED),
        (SearchQuery(address=ADDRESS, dob=DOB), RefusalReason.NAME_REQUIRED),
        (SearchQuery(address=ADDRESS), RefusalReason.NAME_REQUIRED),
        (SearchQuery(dob=DOB), RefusalReason.NAME_REQUIRED),
        (SearchQuery(), RefusalReason.NO_KEYS),
        (SearchQuery(sex=Sex.MALE), RefusalReason.NO_KEYS),
        (SearchQuery(name="", address="  ", include_removed=True), RefusalReason.NO_KEYS),
        (SearchQuery(name="*"), RefusalReason.WILDCARD_ONLY),
        (SearchQuery(name="*", address="*"), RefusalReason.WILDCARD_ONLY),
        (SearchQuery(name="＊", dob=DOB), RefusalReason.WILDCARD_ONLY),
        (SearchQuery(name="%", address=ADDRESS), RefusalReason.WILDCARD_ONLY),
        (SearchQuery(name=NAME, address="％"), RefusalReason.WILDCARD_ONLY),
        (SearchQuery(name=NAME, address="?"), RefusalReason.WILDCARD_ONLY),
        (SearchQuery(name="_", address="_", dob=DOB), RefusalReason.WILDCARD_ONLY),
        (SearchQuery(name="\u3000", dob=DOB, sex=Sex.MALE), RefusalReason.NAME_REQUIRED),
    ],
)
def test_refused_by_default(query: SearchQuery, reason: RefusalReason) -> None:
    with pytest.raises(SearchRefused) as info:
        check_policy(query)
    refused = info.value
    assert isinstance(refused, DomainError)
    assert refused.reason_code is reason
    assert refused.message_ja and refused.message_en
    assert refused.field == "検索条件"
    # The refusal never echoes what was typed.
    assert NAME not in str(refused) and ADDRESS not in str(refused)
    assert NAME not in refused.message_ja and ADDRESS not in refused.message_ja


def test_refusal_says_what_is_missing() -> None:
    with pytest.raises(SearchRefused) as info:
        check_policy(SearchQuery(name=NAME))
    assert "氏名と、住所または生年月日の両方が必要です" in info.value.message_ja


def test_refusal_explains_that_sex_does_not_count() -> None:
    with pytest.raises(SearchRefused) as info:
        check_policy(SearchQuery(name=NAME, sex=Sex.MALE))
    assert "性別" in info.value.message_ja
    assert "Sex" in info.value.message_en


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(name=NAME, dob=DOB),
        SearchQuery(name=NAME, address=ADDRESS),
        SearchQuery(name=NAME, address=ADDRESS, dob=DOB, sex=Sex.FEMALE),
        SearchQuery(name=NAME, dob=DOB, sex=Sex.UNKNOWN, include_removed=True),
        SearchQuery(name=" 佐藤 ", dob=DOB),
    ],
)
def test_accepted(query: SearchQuery) -> None:
    cleaned = check_policy(query)
    assert cleaned.name == NAME
    assert cleaned.sex == query.sex
    assert cleaned.include_removed == query.include_removed


def test_wildcard_key_is_dropped_from_an_accepted_query() -> None:
    cleaned = check_policy(SearchQuery(name=NAME, address="*", dob=DOB))
    assert cleaned.address is None
    assert cleaned.name == NAME
    assert cleaned.dob == DOB


def test_address_and_dob_only_with_the_switch() -> None:
    query = SearchQuery(address=ADDRESS, dob=DOB)
    cleaned = check_policy(query, allow_address_dob=True)
    assert cleaned.address == ADDRESS and cleaned.dob == DOB


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(address=ADDRESS, sex=Sex.MALE),
        SearchQuery(dob=DOB, sex=Sex.MALE),
        SearchQuery(address=ADDRESS, dob=None),
    ],
)
def test_switch_still_needs_two_keys(query: SearchQuery) -> None:
    with pytest.raises(SearchRefused) as info:
        check_policy(query, allow_address_dob=True)
    assert info.value.reason_code is RefusalReason.SECOND_KEY_REQUIRED


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        ("\u3000", True),
        ("*", True),
        ("＊＊", True),
        ("% %", True),
        ("?", True),
        ("_", True),
        ("佐", False),
        ("佐*", False),
        ("0", False),
    ],
)
def test_is_blank(value: str | None, blank: bool) -> None:
    assert is_blank(value) is blank
