"""Kanji name search key and the project's variant table (variant_kanji.py + its TSV)."""

from __future__ import annotations

import unicodedata

import pytest

from app.domain.search_keys import kanji_key
from app.domain.variant_kanji import (
    VARIANT_TABLE_PATH,
    VARIANTS,
    VariantTableError,
    fold_variants,
    parse_variant_table,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("山\ufa11", "山崎"),
        ("山嵜", "山崎"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("齋藤", "斎藤"),
        ("齊藤", "斎藤"),
        ("斉藤", "斎藤"),
        ("長濱", "長浜"),
        ("長濵", "長浜"),
        ("佐籐", "佐藤"),
        ("澤田", "沢田"),
        ("櫻井", "桜井"),
        ("冨田", "富田"),
        ("\ufa19田", "神田"),
        ("\ufa1b田", "福田"),
        ("𠮷田", "吉田"),
        ("山田 太郎", "山田太郎"),
        ("山田　太郎", "山田太郎"),
        ("斉\U000e0100藤", "斉藤"),  # an IVS does not hide the base character
        ("ＳＭＩＴＨ", "smith"),
        ("ｽﾐｽ", "スミス"),
    ],
)
def test_variant_pairs_match(a: str, b: str) -> None:
    assert kanji_key(a) == kanji_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("高橋", "高畑"), ("崎", "埼"), ("吉田", "古田"), ("沢", "択")]
)
def test_distinct_names_stay_distinct(a: str, b: str) -> None:
    assert kanji_key(a) != kanji_key(b)


@pytest.mark.parametrize(
    "name", ["山崎", "高橋", "渡辺", "斎藤", "𩸽", "\U0002a6b2", "々", "さくら"]
)
def test_unlisted_characters_pass_through(name: str) -> None:
    assert kanji_key(name) == name


def test_no_normalisation_outside_the_table() -> None:
    # U+F91D (欄) is a compatibility ideograph that NFC would rewrite; it is not in our table,
    # so the key keeps it: folding happens only where the table says.
    assert "\uf91d" not in VARIANTS
    assert kanji_key("\uf91d") == "\uf91d"


def test_table_is_loaded_and_sized_sensibly() -> None:
    assert VARIANT_TABLE_PATH.is_file()
    assert 60 <= len(VARIANTS) <= 200


def test_every_standard_is_a_fixed_point() -> None:
    for variant, standard in VARIANTS.items():
        assert standard not in VARIANTS, variant
        assert fold_variants(variant) == standard


def test_compatibility_entries_agree_with_unicode() -> None:
    # A row for a compatibility ideograph must send it where Unicode says it is equivalent.
    for variant, standard in VARIANTS.items():
        canonical = unicodedata.normalize("NFC", variant)
        if canonical != variant:
            assert canonical == standard


def test_table_file_has_no_compatibility_ideograph_written_literally() -> None:
    # Such a character could be rewritten by any tool that normalises text; use U+XXXX.
    text = VARIANT_TABLE_PATH.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_parser_resolves_chains_and_reads_code_points() -> None:
    table = parse_variant_table("# c\n\nA\tB\tnote\nB\tC\nU+0044\tC\n")
    assert table == {"A": "C", "B": "C", "D": "C"}


@pytest.mark.parametrize(
    "text",
    ["A\tA\n", "A\tB\nA\tC\n", "A\tB\nB\tA\n", "AB\tC\n", "A\n", "U+XYZ\tA\n"],
)
def test_parser_rejects_bad_tables(text: str) -> None:
    with pytest.raises(VariantTableError):
        parse_variant_table(text)
