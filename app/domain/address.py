"""The derived address search key: one spelling for every way of writing the same address.

'富田町一丁目２番３号', '富田町1-2-3' and '富田町１丁目２−３' all give '富田町1-2-3-'. Keys are
matched by prefix (``key LIKE query_key || '%'``). Every number in a key is closed by a '-',
so a number is always compared whole: '富田町一丁目' gives '富田町1-', a prefix of
'富田町1-2-3-' but not of '富田町12-3-'; '富田町1-2' gives '富田町1-2-', which does not find
'富田町1-23-'. See docs/SEARCH_KEYS.md for the full list of decisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from app.domain.kana import SPACES, WIDTH_FOLD, compose_marks
from app.domain.variant_kanji import variant_translation

# Dashes people put between address numbers. ー and ｰ (long-vowel marks) are not here: they
# are part of katakana building names, and count as a dash only right after a digit.
_ADDRESS_DASHES = "-‐‑‒–—―−－─━"

_LOWER_TO_UPPER = {chr(c): chr(c).upper() for c in range(ord("a"), ord("z") + 1)}

_STEP1 = variant_translation(
    {
        **WIDTH_FOLD,
        **_LOWER_TO_UPPER,
        **dict.fromkeys(SPACES),
        **dict.fromkeys(_ADDRESS_DASHES, "-"),
    }
)

_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUMBER = re.compile("[〇零一二三四五六七八九十百千万]+")

# A unit or a dash right after a number closes the number; の/ノ/之 only between two numbers
# (1の2), because before anything else they belong to a place name (1ノ瀬).
_UNIT_AFTER_NUMBER = re.compile("(?<=[0-9])(?:丁目|番地の?|番の?|号の?|號|ー)")
_NO_BETWEEN_NUMBERS = re.compile("(?<=[0-9])[のノ之](?=[0-9])")
_OPEN_NUMBER_END = re.compile("(?<=[0-9])(?![0-9-])")
_DOUBLE_DASH = re.compile("-{2,}")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々"
# 霞ヶ関 / 霞ケ関 / 霞が関, 一ノ瀬 / 一の瀬: small connective kana between place-name kanji.
_CONNECTIVE_KE = re.compile(f"(?<=[{_CJK}])[ヶヵケがガ](?=[{_CJK}])")
_CONNECTIVE_NO = re.compile(f"(?<=[{_CJK}0-9-])の(?=[{_CJK}])")


def kanji_number_to_int(run: str) -> int:
    """Value of a run of kanji numerals: 二十三 → 23, 百五 → 105, 二〇三 → 203, 十 → 10."""
    if not any(ch in _KANJI_UNITS or ch == "万" for ch in run):
        value = 0
        for ch in run:
            value = value * 10 + _KANJI_DIGITS[ch]
        return value
    total = 0
    section = 0
    digit: int | None = None
    for ch in run:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch] if digit is None else digit * 10 + _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            section += (1 if digit is None else digit) * _KANJI_UNITS[ch]
            digit = None
        else:  # 万
            section += 0 if digit is None else digit
            total += (section or 1) * 10_000
            section = 0
            digit = None
    return total + section + (0 if digit is None else digit)


def _kanji_number(match: re.Match[str]) -> str:
    return str(kanji_number_to_int(match.group(0)))


def _fold(text: str) -> str:
    s = text.translate(_STEP1)
    if "\u309b" in s or "\u309c" in s:
        s = compose_marks(s)
    return s


@lru_cache(maxsize=64)
def _folded_prefixes(strip_prefix: tuple[str, ...]) -> tuple[str, ...]:
    """The prefixes folded like the text, longest first (cached: callers reuse one tuple)."""
    folded = {_fold(p) for p in strip_prefix}
    return tuple(sorted((p for p in folded if p), key=len, reverse=True))


def _strip_prefixes(s: str, prefixes: tuple[str, ...]) -> str:
    stripped = True
    while stripped:
        stripped = False
        for prefix in prefixes:
            if s.startswith(prefix):
                s = s[len(prefix) :]
                stripped = True
                break
    return s


def address_key(text: str, strip_prefix: Iterable[str] = ()) -> str:
    """The address search key of ``text``.

    ``strip_prefix`` lists leading parts to drop when present, e.g. ('福島県', '郡山市') or
    ('福島県郡山市',); they are folded the same way and stripped repeatedly, longest first,
    so that an address typed with or without its prefecture and city gives the same key.
    """
    s = _fold(text)
    if strip_prefix:
        s = _strip_prefixes(s, _folded_prefixes(tuple(strip_prefix)))
    s = _KANJI_NUMBER.sub(_kanji_number, s)
    s = _UNIT_AFTER_NUMBER.sub("-", s)
    if "の" in s or "ノ" in s or "之" in s:
        s = _NO_BETWEEN_NUMBERS.sub("-", s)
    s = _OPEN_NUMBER_END.sub("-", s)
    if "--" in s:
        s = _DOUBLE_DASH.sub("-", s)
    if "ヶ" in s or "ヵ" in s or "ケ" in s or "が" in s or "ガ" in s:
        s = _CONNECTIVE_KE.sub("ケ", s)
    if "の" in s:
        s = _CONNECTIVE_NO.sub("ノ", s)
    return s
