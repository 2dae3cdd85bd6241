"""Rules for outside text, typed by a clerk or sent by a peer (docs/INPUT_LIMITS.md).

Every such field has a documented maximum length (:data:`FIELDS`) and may hold no character
that can hide or rearrange what an operator reads, or break a line, a log row or a database
driver:

- category ``Cc``: C0 and C1 control characters, NUL, DEL (ESC drives a terminal);
- category ``Cf``: format characters, among them the bidi controls (U+202A..U+202E RLO,
  U+200E/U+200F, U+2066..U+2069), zero-width space, joiner and non-joiner (U+200B..U+200D),
  the BOM and the soft hyphen. No exception is made: a Japanese name or address never needs
  one, and U+200D only joins emoji;
- category ``Cs``: lone surrogates (JSON can carry ``"\\ud800"``, no database can store it);
- categories ``Zl`` and ``Zp``: U+2028 and U+2029 break a line like a newline.

Allowed on purpose: ideographic variation selectors (U+E0100.., category ``Mn``), so a kanji
with its 異体字 selector stays the same name, and private-use characters (``Co``), in which
municipal systems still carry 外字.

Text is NFC-normalised and trimmed before its length is checked, so a name keeps one form
whatever keyboard or system produced it. A refusal is an :class:`InvalidFormat` naming the
field in Japanese (氏名, 住所, ...), never the value.
"""

from __future__ import annotations

import dataclasses
import unicodedata

from app.domain.errors import InvalidFormat

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode general categories no outside text may contain (see the module text)."""


@dataclasses.dataclass(frozen=True)
class TextField:
    """A text field from outside: its name as refusals give it and its longest allowed value."""

    label: str
    max_length: int


# 転出証明書情報 (received from the former municipality): the columns of jukinet_inbox.
MESSAGE_ID = TextField("メッセージID", 64)
NAME = TextField("氏名", 100)
NAME_KANA = TextField("氏名カナ", 200)
FORMER_ADDRESS = TextField("転出前住所", 300)
DESTINATION_ADDRESS = TextField("転出先住所", 300)
HEAD_NAME = TextField("世帯主氏名", 100)
RELATIONSHIP = TextField("続柄", 20)
DOMICILE = TextField("本籍", 300)
DOMICILE_HEAD_NAME = TextField("筆頭者氏名", 100)

# 本人確認情報検索 keys (typed at the window or given to `madoguchi search`).
SEARCH_NAME = TextField("氏名", 100)
SEARCH_KANA = TextField("ふりがな", 100)
SEARCH_ADDRESS = TextField("住所", 300)
TYPED_DATE = TextField("生年月日", 20)
"""A typed date: 「平成元年12月31日」 or 1989-12-31 fit many times over."""

FIELDS: dict[str, TextField] = {
    "message_id": MESSAGE_ID,
    "name_kanji": NAME,
    "name_kana": NAME_KANA,
    "former_address": FORMER_ADDRESS,
    "destination_address": DESTINATION_ADDRESS,
    "head_name_kanji": HEAD_NAME,
    "relationship_name": RELATIONSHIP,
    "domicile": DOMICILE,
    "domicile_head_name": DOMICILE_HEAD_NAME,
    "search.name": SEARCH_NAME,
    "search.kana": SEARCH_KANA,
    "search.address": SEARCH_ADDRESS,
    "search.dob": TYPED_DATE,
}
"""Every outside text field by its key (a 転出証明書情報 JSON key, or ``search.<key>``)."""


def refused_character(value: str) -> str | None:
    """Why ``value`` cannot be accepted because of a character in it, or None when it can."""
    for char in value:
        category = unicodedata.category(char)
        if category in REFUSED_CATEGORIES:
            if char == "\x00":
                return "contains a NUL character"
            if category == "Cf":
                return "contains invisible format characters (bidi or zero-width)"
            if category == "Cs":
                return "contains an unpaired surrogate"
            return "contains control characters or line breaks"
    return None


def check(field: TextField, value: str) -> None:
    """Refuse ``value`` when it is too long for ``field`` or holds a refused character.

    The value itself is not changed (search keys are folded later by their own rules).
    """
    if len(value) > field.max_length:
        raise InvalidFormat(field.label, f"longer than {field.max_length} characters")
    reason = refused_character(value)
    if reason is not None:
        raise InvalidFormat(field.label, reason)


def clean(field: TextField, value: object, *, required: bool) -> str:
    """``value`` as NFC text without surrounding spaces, checked by :func:`check`.

    Raises :class:`InvalidFormat` naming the field: not text, required but blank, too long,
    or holding a refused character. A blank optional value becomes "".
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidFormat(field.label, "must be text")
    # A reason is found before normalising: NFC of a lone surrogate would raise itself.
    reason = refused_character(value)
    if reason is not None:
        raise InvalidFormat(field.label, reason)
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        raise InvalidFormat(field.label, "required")
    check(field, text)
    return text
