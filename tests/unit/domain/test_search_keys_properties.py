"""Property tests: every key function is total on arbitrary text and idempotent."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.search_keys import address_key, kana_key, kanji_key, seion_kana

KANA = "".join(chr(c) for c in range(0x3041, 0x3097)) + "".join(
    chr(c) for c in range(0x30A1, 0x3100)
)
HALF_KANA = "".join(chr(c) for c in range(0xFF61, 0xFFA0))
ADDRESS_DIGITS = "0123456789０１２３４５６７８９〇一二三四五六七八九十百千万"
ADDRESS_CHARS = ADDRESS_DIGITS + "丁目番地号のノ之-－−ー―ヶケが町市県 　"
NAME_CHARS = "髙高﨑崎邊邉辺齋齊斉斎濱濵浜神福𠮷吉\ufa19\ufa1b\U000e0100・ 　"

names = st.text(alphabet=st.sampled_from(KANA + HALF_KANA + "ーｰ―‐－゛゜\u3099\u309a ・ヽヾ"))
addresses = st.text(alphabet=st.sampled_from(ADDRESS_CHARS + KANA[:20]))
mixed = st.text(alphabet=st.sampled_from(KANA + HALF_KANA + ADDRESS_CHARS + NAME_CHARS))

KEYS: list[Callable[[str], str]] = [kana_key, kanji_key, address_key]


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_never_raises_and_is_idempotent_on_any_text(key: Callable[[str], str], text: str) -> None:
    once = key(text)
    assert key(once) == once


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=300, deadline=None)
@given(text=mixed)
def test_idempotent_on_japanese_text(key: Callable[[str], str], text: str) -> None:
    once = key(text)
    assert key(once) == once


@settings(max_examples=300, deadline=None)
@given(text=names)
def test_kana_key_idempotent_on_kana(text: str) -> None:
    once = kana_key(text)
    assert kana_key(once) == once
    assert " " not in once and "\u3000" not in once


@settings(max_examples=300, deadline=None)
@given(text=addresses)
def test_address_key_idempotent_on_addresses(text: str) -> None:
    once = address_key(text)
    assert address_key(once) == once


@settings(max_examples=300, deadline=None)
@given(text=names)
def test_seion_kana_is_idempotent_and_has_no_voiced_kana(text: str) -> None:
    stored = seion_kana(text)
    assert seion_kana(stored) == stored
    assert not set(stored) & set(
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォッャュョ"
    )
