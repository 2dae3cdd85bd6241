"""Kana search key and the stored 清音化かな氏名 (app/domain/search_keys.py, kana.py)."""

from __future__ import annotations

import pytest

from app.domain.search_keys import classify_name_query, kana_key, seion_kana

MUST_MATCH = [
    ("ジョウ", "ジヨウ"),
    ("ジョウ", "ジョー"),
    ("ジョウ", "ショウ"),
    ("ジヨウ", "ショー"),
    ("ヂ", "ジ"),
    ("ヅ", "ズ"),
    ("ｻﾄｳ", "サトウ"),
    ("ｼﾞｮｳ", "ジョウ"),
    ("ﾁﾞｭｳ", "ジュウ"),
    ("さとう", "サトウ"),
    ("サトウ", "サトー"),
    ("サトウ", "サトオ"),
    ("サトウ", "ｻﾄｰ"),
    ("サトウ", "サト－"),
    ("サトウ", "サト―"),
    ("サトウ", "サト‐"),
    ("ッ", "ツ"),
    ("ハットリ", "ハツトリ"),
    ("ャュョ", "ヤユヨ"),
    ("ヮ", "ワ"),
    ("ヵ", "カ"),
    ("ヶ", "ケ"),
    ("スズキ", "ススキ"),
    ("ワタナベ", "ワタナヘ"),
    ("パク", "ハク"),
    ("ヲ", "オ"),
    ("ヰ", "イ"),
    ("ヱ", "エ"),
    ("ワ", "ハ"),
    ("ヴ", "ブ"),
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヒ", "ピ"),
    ("サトウ タロウ", "サトウタロウ"),
    ("サトウ　タロウ", "サトウタロウ"),
    ("ジョン・スミス", "ジョンスミス"),
    ("ユウコ", "ユーコ"),
    ("オオタ", "オウタ"),
    ("カ\u3099", "ガ"),
    ("カ゛", "ガ"),
    ("ゝ", ""),
    ("ササキ", "サヽキ"),
    ("ささき", "さゝき"),
]

MUST_NOT_MATCH = [
    ("サトウ", "カトウ"),
    ("タナカ", "タカナ"),
    ("スズキ", "スギ"),
    ("チ", "シ"),
    ("サトウ", "サト"),
    ("ケイコ", "ココ"),
    ("ウチダ", "オチダ"),  # ウ as the first character is never folded
]


@pytest.mark.parametrize(("a", "b"), MUST_MATCH)
def test_pairs_that_must_match(a: str, b: str) -> None:
    assert kana_key(a) == kana_key(b)


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MATCH)
def test_pairs_that_must_not_match(a: str, b: str) -> None:
    assert kana_key(a) != kana_key(b)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ジョウ", "シヨオ"),
        ("サトウ", "サトオ"),
        ("サトー", "サトオ"),
        ("スズキ　ハナコ", "ススキハナコ"),
        ("ヴァイオリン", "ハイオリン"),
        ("コウー", "コオオ"),
        ("ーア", "ア"),
        ("ンー", "ン"),
    ],
)
def test_canonical_form(text: str, key: str) -> None:
    assert kana_key(text) == key


def test_kanji_is_untouched_by_the_kana_key() -> None:
    # No NFKC: the compatibility ideograph U+FA19 must survive.
    assert kana_key("\ufa19") == "\ufa19"
    assert kana_key("山﨑") == "山﨑"


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("さとう　はなこ", "サトウ\u3000ハナコ"),
        ("ｻﾄｳ ﾊﾅｺ", "サトウ\u3000ハナコ"),
        ("スズキ  ジロウ", "ススキ\u3000シロウ"),
        ("  ガッコウ ", "カツコウ"),
        ("ヴィクトリア", "ウイクトリア"),
        ("ぢゅん", "チユン"),
        ("サトー", "サトー"),
        ("パク ヨンス", "ハク\u3000ヨンス"),
        ("ヲノ", "ヲノ"),
        ("ｼﾞｮﾝ･ｽﾐｽ", "シヨン・スミス"),
    ],
)
def test_seion_kana(text: str, stored: str) -> None:
    assert seion_kana(text) == stored


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("さとう", "kana"),
        ("サトウ　ハナコ", "kana"),
        ("ｻﾄｳ ﾊﾅｺ", "kana"),
        ("サトー", "kana"),
        ("ジョン・スミス", "kana"),
        ("佐藤", "kanji"),
        ("佐藤 はなこ", "kanji"),
        ("SMITH", "kanji"),
        ("", "kanji"),
        ("　", "kanji"),
    ],
)
def test_classify_name_query(text: str, kind: str) -> None:
    assert classify_name_query(text) == kind
