"""The address prefix helpers: the range bound that replaces LIKE, and the home-city rule."""

from __future__ import annotations

import pytest

from app.domain.search_keys import address_key
from app.services.search import address_prefixes, prefix_upper_bound


@pytest.mark.parametrize(
    ("key", "inside", "outside"),
    [
        ("駅前1-", "駅前1-2-3", "駅前1"),
        ("駅前1-", "駅前1-𠮷野ハイツ", "駅前2-1"),  # a character beyond U+FFFF stays inside
        ("A%", "A%B", "AB"),  # % and _ are plain characters in a range condition
        ("\ud7ff", "\ud7ffX", "\ue001"),
    ],
)
def test_range_is_exactly_the_prefix(key: str, inside: str, outside: str) -> None:
    bound = prefix_upper_bound(key)
    assert bound is not None
    assert key <= inside < bound
    assert not (key <= outside < bound)


def test_no_bound_beyond_the_last_code_point() -> None:
    assert prefix_upper_bound("\U0010ffff") is None
    assert prefix_upper_bound("a\U0010ffff") == "b"


HOME = "福島県郡山市"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("駅前一丁目", "福島県郡山市駅前1-"),
        ("郡山市駅前一丁目", "福島県郡山市駅前1-"),
        ("福島県郡山市駅前", "福島県郡山市駅前"),
        ("宮城県仙台市青葉区", "宮城県仙台市青葉区"),
    ],
)
def test_typed_address_is_placed_in_the_home_city(typed: str, expected: str) -> None:
    assert address_prefixes(typed, HOME) == [address_key(expected)]


def test_without_a_home_city_the_address_is_taken_as_typed() -> None:
    assert address_prefixes("駅前一丁目", "") == [address_key("駅前一丁目")]
