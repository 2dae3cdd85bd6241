"""Search keys are held to their maximum length and refused with control characters before
they are used or logged (issue 11, point 7): the log never holds more than the maximum."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from app.domain.rights import OperatorSession
from app.domain.search_policy import (
    SEARCH_KEY_FIELDS,
    InvalidSearchKey,
    RefusalReason,
    SearchQuery,
)
from tests.support.search_register import Register, make_register

DOB = dt.date(1975, 12, 3)
ADDRESS = "福島県郡山市大町二丁目5番8号"


@pytest.fixture
def any_register(db_url: str) -> Iterator[Register]:
    """An empty register on SQLite and on PostgreSQL."""
    reg = make_register(db_url)
    yield reg
    reg.engine.dispose()


def test_the_documented_maxima() -> None:
    assert {key: field.max_length for key, field in SEARCH_KEY_FIELDS.items()} == {
        "name": 100,
        "kana": 100,
        "address": 300,
    }
    assert {key: field.label for key, field in SEARCH_KEY_FIELDS.items()} == {
        "name": "氏名",
        "kana": "ふりがな",
        "address": "住所",
    }


def test_a_40000_character_name_is_refused_and_not_logged(
    any_register: Register, searcher: OperatorSession
) -> None:
    long_name = "鈴" * 40_000
    with pytest.raises(InvalidSearchKey) as refused:
        any_register.service().search(searcher, SearchQuery(name=long_name, dob=DOB))
    assert refused.value.reason_code is RefusalReason.INVALID_KEY
    assert refused.value.field == "氏名" and refused.value.key == "name"
    assert refused.value.message_ja == "氏名は100文字以内で入力してください。"
    assert refused.value.message_en == "氏名: longer than 100 characters."
    (row,) = [r for r in any_register.log_rows() if r["operation"] == "search"]
    assert row["outcome"] == "refused"
    assert row["detail"]["reason"] == "invalid_key"
    assert row["detail"]["invalid_key"] == "name"
    # The refused key is left out; the others are kept, as for any refused search.
    assert row["detail"]["conditions"] == {"dob": "1975-12-03", "include_removed": False}
    assert len(json.dumps(row["detail"], ensure_ascii=False)) < 300


KEY_CASES = {
    "esc-in-name": (SearchQuery(name="鈴木\x1b[2J一郎", dob=DOB), None, "name", "氏名"),
    "rlo-in-address": (
        SearchQuery(name="鈴木一郎", address="大町\u202e二丁目"),
        None,
        "address",
        "住所",
    ),
    "nul-in-name": (SearchQuery(name="鈴木\x00一郎", dob=DOB), None, "name", "氏名"),
    "newline-in-kana": (
        SearchQuery(name="鈴木一郎", dob=DOB),
        "スズキ\nイチロウ",
        "kana",
        "ふりがな",
    ),
    "long-address": (SearchQuery(name="鈴木一郎", address="町" * 301), None, "address", "住所"),
    "long-kana": (SearchQuery(dob=DOB), "ス" * 101, "kana", "ふりがな"),
}


@pytest.mark.parametrize("case", KEY_CASES.values(), ids=KEY_CASES.keys())
def test_each_key_is_checked_and_the_refusal_names_it(
    any_register: Register,
    searcher: OperatorSession,
    case: tuple[SearchQuery, str | None, str, str],
) -> None:
    query, kana, key, label = case
    with pytest.raises(InvalidSearchKey) as refused:
        any_register.service().search(searcher, query, kana=kana)
    assert (refused.value.key, refused.value.field) == (key, label)
    assert refused.value.message_ja.startswith(label)
    (row,) = [r for r in any_register.log_rows() if r["operation"] == "search"]
    assert row["detail"]["invalid_key"] == key
    assert key not in row["detail"]["conditions"]
    logged = json.dumps(row, ensure_ascii=False, default=str)
    assert "\x1b" not in logged and "\u202e" not in logged and "\\u0000" not in logged


def test_keys_at_the_maximum_are_searched(
    any_register: Register, searcher: OperatorSession
) -> None:
    any_register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    result = any_register.service().search(
        searcher, SearchQuery(name="鈴" * 100, address="町" * 300), kana="ス" * 100
    )
    assert result.count == 0
    (row,) = [r for r in any_register.log_rows() if r["operation"] == "search"]
    assert row["outcome"] == "not_found"
    assert row["detail"]["conditions"]["name"] == "鈴" * 100


def test_an_ordinary_search_is_unchanged(any_register: Register, searcher: OperatorSession) -> None:
    code = any_register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    result = any_register.service().search(searcher, SearchQuery(name="鈴木 一郎", dob=DOB))
    assert [row.resident_code for row in result.rows] == [code]
