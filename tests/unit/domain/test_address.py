"""Address search key (app/domain/address.py): spellings that meet, and prefix semantics."""

from __future__ import annotations

import pytest

from app.domain.address import kanji_number_to_int
from app.domain.search_keys import address_key

SAME_ADDRESS = [
    "富田町一丁目２番３号",
    "富田町1-2-3",
    "富田町１丁目２−３",
    "富田町１－２－３",
    "富田町1丁目2番地3",
    "富田町1丁目2番地の3",
    "富田町1の2の3",
    "富田町 1丁目 2番 3号",
    "富田町1―2―3",
    "富田町1ー2ー3",
    "富田町1‐2‐3",
    "富田町１丁目２番３",
]


@pytest.mark.parametrize("spelling", SAME_ADDRESS)
def test_spellings_of_one_address_share_a_key(spelling: str) -> None:
    assert address_key(spelling) == address_key(SAME_ADDRESS[0]) == "富田町1-2-3-"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("富田町一丁目", "富田町１丁目"),
        ("富田町二十三番地", "富田町23番地"),
        ("霞が関三丁目", "霞ヶ関3丁目"),
        ("霞ケ関", "霞ヵ関"),
        ("一の瀬", "一ノ瀬"),
        ("富田町1番地の5", "富田町1の5"),
        ("ｺｰﾎﾟ富田", "コーポ富田"),
        ("Ａ棟", "a棟"),
        ("渡邉町1-1", "渡辺町1-1"),
    ],
)
def test_folded_pairs(a: str, b: str) -> None:
    assert address_key(a) == address_key(b)


@pytest.mark.parametrize(
    ("partial", "full"),
    [
        ("富田町一丁目", "富田町一丁目2番3号"),
        ("富田町1-", "富田町一丁目2番3号"),
        ("富田町", "富田町一丁目2番3号"),
        ("富田町一丁目2番", "富田町1-2-3"),
        ("富田町1-2", "富田町1丁目2番3号"),
        ("富田町1丁目2番地", "富田町1-2-3"),
    ],
)
def test_partial_address_key_is_a_prefix(partial: str, full: str) -> None:
    assert address_key(full).startswith(address_key(partial))


@pytest.mark.parametrize(
    ("partial", "full"),
    [
        ("富田町一丁目", "富田町十二丁目3番4号"),
        ("富田町1-", "富田町12-3-4"),
        ("富田町1丁目2番", "富田町1丁目22番3号"),
        ("富田町2丁目", "富田町1丁目2番3号"),
    ],
)
def test_chome_boundary_is_kept(partial: str, full: str) -> None:
    assert not address_key(full).startswith(address_key(partial))


def test_katakana_long_vowel_in_building_names_is_kept() -> None:
    assert address_key("富田町1-2-3コーポ") == "富田町1-2-3-コーポ"
    assert address_key("富田町1丁目2番3号コーポ") == "富田町1-2-3-コーポ"


def test_a_bare_number_is_a_whole_number() -> None:
    # Typing '1-2' means 2番, not "anything starting with 2".
    assert not address_key("富田町1-23").startswith(address_key("富田町1-2"))
    assert address_key("富田町1") == "富田町1-"


@pytest.mark.parametrize(
    ("text", "prefixes"),
    [
        ("福島県郡山市富田町一丁目2番3号", ("福島県郡山市",)),
        ("福島県郡山市富田町一丁目2番3号", ("福島県", "郡山市")),
        ("郡山市富田町一丁目2番3号", ("福島県", "郡山市")),
        ("福島県　郡山市　富田町1-2-3", ("福島県郡山市",)),
        ("富田町1-2-3", ("福島県", "郡山市")),
    ],
)
def test_prefecture_and_city_prefix_is_optional(text: str, prefixes: tuple[str, ...]) -> None:
    assert address_key(text, strip_prefix=prefixes) == "富田町1-2-3-"


def test_prefix_is_kept_when_not_asked_to_strip() -> None:
    assert address_key("郡山市富田町1-2-3") == "郡山市富田町1-2-3-"


@pytest.mark.parametrize(
    ("run", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("百", 100),
        ("百五", 105),
        ("三百二十一", 321),
        ("千二百", 1200),
        ("二〇三", 203),
        ("一二", 12),
        ("一万二千", 12000),
        ("万", 10000),
    ],
)
def test_kanji_numerals(run: str, value: int) -> None:
    assert kanji_number_to_int(run) == value
