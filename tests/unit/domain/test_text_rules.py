"""The rules for outside text: maximum lengths, refused characters, NFC, field-named refusals."""

from __future__ import annotations

import unicodedata

import pytest

from app.db.models.movein import InboxMoveOut
from app.domain.errors import InvalidFormat
from app.domain.text_rules import FIELDS, NAME, SEARCH_NAME, check, clean, refused_character

REFUSED = {
    "nul": "\x00",
    "esc": "\x1b",
    "bell": "\x07",
    "newline": "\n",
    "tab": "\t",
    "del": "\x7f",
    "c1-csi": "\x9b",
    "rlo": "\u202e",
    "lre": "\u202a",
    "lrm": "\u200e",
    "rlm": "\u200f",
    "lri": "\u2066",
    "pdi": "\u2069",
    "zwsp": "\u200b",
    "zwnj": "\u200c",
    "zwj": "\u200d",
    "bom": "\ufeff",
    "soft-hyphen": "\u00ad",
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
    "lone-surrogate": "\ud800",
}


@pytest.mark.parametrize("char", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_character_is_refused_by_field_name_without_the_value(char: str) -> None:
    value = f"試験{char}太郎"
    with pytest.raises(InvalidFormat) as caught:
        clean(NAME, value, required=True)
    assert caught.value.field == "氏名"
    assert "試験" not in str(caught.value) and char not in str(caught.value)


def test_the_reason_says_what_kind_of_character() -> None:
    assert refused_character("a\x00b") == "contains a NUL character"
    assert refused_character("a\u202eb") == (
        "contains invisible format characters (bidi or zero-width)"
    )
    assert refused_character("a\x1bb") == "contains control characters or line breaks"
    assert refused_character("a\ud800") == "contains an unpaired surrogate"
    assert refused_character("試験　太郎") is None


@pytest.mark.parametrize(
    "value",
    [
        "試験　太郎",  # an ideographic space between surname and given name
        "髙橋　﨑子",  # characters outside JIS level 1/2
        "葛\U000e0100城　一郎",  # an ideographic variation selector (異体字), category Mn
        "\ue000田　花子",  # a private-use 外字
        "シケン　タロウ",
        "福島県福島市本町１－２",
    ],
)
def test_names_and_addresses_as_registers_hold_them_are_accepted(value: str) -> None:
    assert clean(NAME, value, required=True) == value


def test_text_is_nfc_and_trimmed() -> None:
    decomposed = "カ\u3099"  # カ + combining voiced mark, as some input methods send it
    assert clean(NAME, f"  {decomposed}ン ", required=True) == "ガン"
    assert unicodedata.is_normalized("NFC", clean(NAME, decomposed, required=True))


def test_the_maximum_is_inclusive_and_counted_after_normalising() -> None:
    assert clean(NAME, "字" * 100, required=True) == "字" * 100
    with pytest.raises(InvalidFormat, match=r"^氏名: longer than 100 characters$"):
        clean(NAME, "字" * 101, required=True)
    # 100 decomposed characters are 200 code points but 100 after NFC: accepted.
    assert len(clean(NAME, "カ\u3099" * 100, required=True)) == 100


def test_required_optional_and_not_text() -> None:
    with pytest.raises(InvalidFormat, match=r"^氏名: required$"):
        clean(NAME, "　 ", required=True)
    assert clean(NAME, None, required=False) == ""
    with pytest.raises(InvalidFormat, match=r"^氏名: must be text$"):
        clean(NAME, 12, required=True)
    with pytest.raises(InvalidFormat, match=r"^氏名: must be text$"):
        clean(NAME, ["試験"], required=False)


def test_check_leaves_the_value_alone_and_refuses_a_long_one_before_scanning_it() -> None:
    check(SEARCH_NAME, " 試験 ")  # spaces are the search's business
    with pytest.raises(InvalidFormat, match=r"^氏名: longer than 100 characters$"):
        check(SEARCH_NAME, "\x00" * 40_000)


def test_every_field_has_a_label_and_inbound_maxima_fit_the_inbox_columns() -> None:
    assert all(field.label and field.max_length > 0 for field in FIELDS.values())
    columns = InboxMoveOut.__table__.columns
    for key in (
        "message_id",
        "name_kanji",
        "name_kana",
        "former_address",
        "destination_address",
        "head_name_kanji",
        "relationship_name",
        "domicile",
        "domicile_head_name",
    ):
        assert FIELDS[key].max_length == columns[key].type.length, key
