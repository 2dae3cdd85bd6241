"""Derived search keys for names and addresses, and the stored 清音化かな氏名.

This is the one module the rest of the application calls; the folding itself lives in
:mod:`app.domain.kana`, :mod:`app.domain.variant_kanji` and :mod:`app.domain.address`.
Keys are derived data: they are computed from the recorded values, stored in indexed
columns and compared with the key of the query. The recorded values are never folded.

The key functions are cached because names repeat a great deal (seeding a demo population
computes millions of keys over a few thousand distinct names).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from app.domain import address as _address
from app.domain import kana as _kana
from app.domain.variant_kanji import variant_translation

NameQueryKind = Literal["kana", "kanji"]

_CACHE_SIZE = 1 << 16

_LOWER_TO_UPPER = {chr(c): chr(c).upper() for c in range(ord("a"), ord("z") + 1)}
_KANJI_KEY = variant_translation(
    {
        **_kana.WIDTH_FOLD,
        **_LOWER_TO_UPPER,
        **dict.fromkeys(_kana.SPACES + _kana.MIDDLE_DOTS),
        "\uff65": None,
    }
)


@lru_cache(maxsize=_CACHE_SIZE)
def kana_key(text: str) -> str:
    """The kana search key: ジョウ, ジヨウ, じょう, ｼﾞｮｳ and ジョー all give シヨオ.

    Folds width, hiragana, spaces, middle dots, small kana, the spec pairs (ヂ/ジ, ヅ/ズ,
    ヲ/オ, ワ/ハ, ヴ/ブ), voicing marks, long-vowel marks and オ段+ウ (docs/SEARCH_KEYS.md).
    """
    return _kana.fold_kana(text)


@lru_cache(maxsize=_CACHE_SIZE)
def kanji_key(text: str) -> str:
    """The kanji name search key: variants folded by our table (髙→高, 﨑→崎, 邊→辺), spaces,
    middle dots and variation selectors removed, ASCII and kana widths folded.

    Characters the table does not list pass through unchanged, including characters outside
    JIS X 0208. No Unicode normalisation is applied to kanji.
    """
    s = text.translate(_KANJI_KEY)
    if "\u309b" in s or "\u309c" in s:
        s = _kana.compose_marks(s)
    return s


def address_key(text: str, strip_prefix: Iterable[str] = ()) -> str:
    """The address search key, matched by prefix (see :mod:`app.domain.address`)."""
    prefixes = tuple(strip_prefix)
    return _cached_address_key(text, prefixes)


@lru_cache(maxsize=_CACHE_SIZE)
def _cached_address_key(text: str, strip_prefix: tuple[str, ...]) -> str:
    return _address.address_key(text, strip_prefix)


def classify_name_query(text: str) -> NameQueryKind:
    """'kana' when the name typed is kana only (spaces, dots and dashes allowed), else 'kanji'."""
    return "kana" if _kana.is_kana_text(text) else "kanji"


def seion_kana(text: str) -> str:
    """The stored 清音化かな氏名 (本人確認情報 item 5) of a ふりがな name.

    Full-width katakana, voicing marks taken off (ガ→カ, ヴ→ウ), small kana made large, one
    U+3000 between surname and given name. Unlike :func:`kana_key` it keeps ー, ヲ and ワ.
    """
    return _kana.seion(text)
