"""Kana folding for derived search keys and for the stored 清音化かな氏名.

Two products, kept apart on purpose (docs/SEARCH_KEYS.md):

* :func:`fold_kana` is the *search key*: it folds everything the 住民記録システム標準仕様書
  2.1.2 asks an あいまい検索 to ignore (清音・濁音・半濁音, small kana, ヲ/オ, ワ/ハ, ヴ/ブ,
  オ段+ウ, 長音, dashes, spaces), so that ジョウ, ジヨウ, ジョー and ショウ share one key.
* :func:`seion` is the *stored* 清音化かな氏名 (本人確認情報 item 5): full-width katakana with the
  voicing marks literally taken off and small kana made large, nothing else.

Only kana, ASCII and width forms are touched. Kanji pass through unchanged: no NFKC is ever
applied to a whole string, because it would merge compatibility kanji (U+FA19 → U+795E)
without our variant table's say-so. The width tables are built per character, and only for
the full-width ASCII and half-width katakana blocks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# -------------------------------------------------------------------- alphabets
_HIRAGANA_FIRST, _HIRAGANA_LAST = 0x3041, 0x3096  # ぁ .. ゖ
_KATAKANA_OFFSET = 0x60

SPACES = " \u3000\t\n\r\u00a0"
MIDDLE_DOTS = "・･·\u2027"
# Everything people type for a long vowel or a dash in a kana name.
DASHES = "ーｰ―‐－−～〜-‑–—─"

_VOICED_MARK_SPACING, _SEMI_VOICED_MARK_SPACING = "\u309b", "\u309c"
_VOICED_MARK_COMBINING, _SEMI_VOICED_MARK_COMBINING = "\u3099", "\u309a"
_MARKS = (
    _VOICED_MARK_SPACING,
    _SEMI_VOICED_MARK_SPACING,
    _VOICED_MARK_COMBINING,
    _SEMI_VOICED_MARK_COMBINING,
)

# Parallel strings: _VOICED[i] is _UNVOICED[i] with a dakuten. The last five (ヴ ...) are
# unvoiced literally in the stored 清音化かな but go to the バ row in the search key.
_UNVOICED = "カキクケコサシスセソタチツテトハヒフヘホウワヰヱヲ"
_VOICED = "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴヷヸヹヺ"
_PLAIN_VOICED = 20
_SEMI_VOICED_BASE = "ハヒフヘホ"
_SEMI_VOICED = "パピプペポ"

_SMALL = "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
_LARGE = "アイウエオツヤユヨワカケクシストヌハヒフヘホムラリルレロ"

# Vowel of each (large, unvoiced) katakana, used to expand ー into the vowel it lengthens.
_ROWS = (
    "アイウエオ",
    "カキクケコ",
    "サシスセソ",
    "タチツテト",
    "ナニヌネノ",
    "ハヒフヘホ",
    "マミムメモ",
    "ヤ\0ユ\0ヨ",
    "ラリルレロ",
    "ワヰ\0ヱヲ",
)
_VOWEL_OF = {kana: "アイウエオ"[i] for row in _ROWS for i, kana in enumerate(row) if kana != "\0"}
_O_DAN = "".join(row[4] for row in _ROWS if row[4] != "\0")

_COMPOSE_VOICED = dict(zip(_UNVOICED, _VOICED, strict=True))
_COMPOSE_SEMI_VOICED = dict(zip(_SEMI_VOICED_BASE, _SEMI_VOICED, strict=True))


def _width_pairs() -> Iterable[tuple[str, str]]:
    """Full-width ASCII → ASCII and half-width katakana → full-width, one character at a time.

    Per-character NFKC restricted to these two blocks is exactly the width fold we want; the
    half-width voicing marks become the spacing marks so :func:`compose_marks` can join them.
    """
    for code in range(0xFF01, 0xFF5F):  # ！ .. ～
        ch = chr(code)
        yield ch, unicodedata.normalize("NFKC", ch)
    for code in range(0xFF61, 0xFFA0):  # ｡ .. ﾟ
        ch = chr(code)
        yield ch, unicodedata.normalize("NFKC", ch)
    yield "\uff9e", _VOICED_MARK_SPACING
    yield "\uff9f", _SEMI_VOICED_MARK_SPACING


def _hiragana_pairs() -> Iterable[tuple[str, str]]:
    """Hiragana → katakana (the blocks are parallel, 0x60 apart), iteration marks included."""
    for code in range(_HIRAGANA_FIRST, _HIRAGANA_LAST + 1):
        yield chr(code), chr(code + _KATAKANA_OFFSET)
    yield "ゝ", "ヽ"
    yield "ゞ", "ヾ"


WIDTH_FOLD: dict[str, str] = dict(_width_pairs())
"""Width fold for kana, ASCII letters and digits; shared with the address and kanji keys."""

# Step 1 of the search key: one alphabet (full-width katakana, ASCII), no spaces or dots.
_KEY_STEP1 = str.maketrans(
    {
        **WIDTH_FOLD,
        **dict(_hiragana_pairs()),
        **dict.fromkeys(SPACES + MIDDLE_DOTS),
        "\uff65": None,  # half-width middle dot
    }
)


def _key_fold_map() -> dict[str, str]:
    """Step 2 of the search key: every kana to its final, large, unvoiced representative.

    The spec pairs are applied *before* unvoicing (ヂ→ジ→シ, not ヂ→チ), so that ヂ/ジ and
    ヅ/ズ meet; ヲ→オ, ヰ→イ, ヱ→エ, ワ→ハ and ヴ→ブ likewise come first.
    """
    first: dict[str, str] = dict(zip(_SMALL, _LARGE, strict=True))
    first.update({"ヂ": "ジ", "ヅ": "ズ", "ヲ": "オ", "ヰ": "イ", "ヱ": "エ", "ワ": "ハ"})
    first.update({"ヴ": "ブ", "ヷ": "バ", "ヸ": "ビ", "ヹ": "ベ", "ヺ": "ボ"})
    unvoice = dict(zip(_VOICED[:_PLAIN_VOICED], _UNVOICED[:_PLAIN_VOICED], strict=True))
    unvoice.update(dict(zip(_SEMI_VOICED, _SEMI_VOICED_BASE, strict=True)))
    table: dict[str, str] = {}
    for ch in set(first) | set(unvoice):
        spelled = ch
        while spelled in first:  # ヮ → ワ → ハ: follow the pairs to their end
            spelled = first[spelled]
        table[ch] = unvoice.get(spelled, spelled)
    for ch in DASHES:
        table[ch] = "ー"
    for code in range(ord("a"), ord("z") + 1):
        table[chr(code)] = chr(code).upper()
    return table


_KEY_STEP2 = str.maketrans(_key_fold_map())


def _compose_tables(first: dict[int, str | None], second: dict[int, str]) -> dict[int, str | None]:
    """One table doing ``first`` then ``second`` (for text needing no mark composition)."""
    combined: dict[int, str | None] = {}
    for code in set(first) | set(second):
        once = first.get(code, chr(code))
        combined[code] = None if once is None else once.translate(second)
    return combined


# The common case (no separate voicing marks, no ヴ) is a single translate.
_KEY_ONE_PASS = _compose_tables(_KEY_STEP1, _KEY_STEP2)
_NEEDS_COMPOSING = re.compile("[\u309b\u309c\u3099\u309a\uff9e\uff9fヴゔヷヸヹヺ]")

# ヴ followed by a small vowel is one syllable of the バ row (spec 2.1.2: ヴァ/バ, ヴィ/ビ).
_V_SYLLABLES = (
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヴェ", "ベ"),
    ("ヴォ", "ボ"),
    ("ヴュ", "ビュ"),
)

# ウ right after an オ段 kana (the lookbehind sees the input, so runs like コウウ are finished
# by replacing オウ until none is left).
_U_AFTER_O_DAN = re.compile(f"(?<=[{_O_DAN}])ウ")


def compose_marks(text: str) -> str:
    """Join a kana and a following separate voicing mark (カ゛ → ガ, ｳﾞ → ヴ); drop stray marks."""
    out: list[str] = []
    for ch in text:
        if ch in (_VOICED_MARK_SPACING, _VOICED_MARK_COMBINING):
            if out and out[-1] in _COMPOSE_VOICED:
                out[-1] = _COMPOSE_VOICED[out[-1]]
            continue
        if ch in (_SEMI_VOICED_MARK_SPACING, _SEMI_VOICED_MARK_COMBINING):
            if out and out[-1] in _COMPOSE_SEMI_VOICED:
                out[-1] = _COMPOSE_SEMI_VOICED[out[-1]]
            continue
        out.append(ch)
    return "".join(out)


def _expand_lengthening(text: str) -> str:
    """ー becomes the vowel of what precedes it (サトー → サトオ); ヽ/ヾ repeat it.

    Works on the *output* so far, which keeps the fold idempotent: ーー after ト gives オオ.
    A mark with nothing kana before it (start, ン, a digit) is dropped.
    """
    out: list[str] = []
    for ch in text:
        if ch == "ー":
            vowel = _VOWEL_OF.get(out[-1]) if out else None
            if vowel is not None:
                out.append(vowel)
        elif ch in "ヽヾ":
            if out:
                out.append(out[-1])
        else:
            out.append(ch)
    return "".join(out)


def fold_kana(text: str) -> str:
    """The kana search key of ``text`` (see the module docstring for the pipeline)."""
    if _NEEDS_COMPOSING.search(text) is None:
        s = text.translate(_KEY_ONE_PASS)
    else:
        s = compose_marks(text.translate(_KEY_STEP1))
        for syllable, plain in _V_SYLLABLES:
            s = s.replace(syllable, plain)
        s = s.translate(_KEY_STEP2)
    if "ー" in s or "ヽ" in s or "ヾ" in s:
        s = _expand_lengthening(s)
    if "ウ" in s:
        s = _U_AFTER_O_DAN.sub("オ", s)
        while "オウ" in s:
            s = s.replace("オウ", "オオ")
    return s


# ---------------------------------------------------------- 清音化かな氏名 (stored)
_SEION_STEP1 = str.maketrans(
    {
        **WIDTH_FOLD,
        **dict(_hiragana_pairs()),
        **dict.fromkeys(SPACES, "\u3000"),
        "\uff65": "・",
    }
)


def _seion_fold_map() -> dict[str, str]:
    """Small → large and voiced → unvoiced, literally (ヴ → ウ, ヂ → チ); dashes → ー."""
    table = dict(zip(_SMALL, _LARGE, strict=True))
    table.update(zip(_VOICED, _UNVOICED, strict=True))
    table.update(zip(_SEMI_VOICED, _SEMI_VOICED_BASE, strict=True))
    for ch in DASHES:
        table[ch] = "ー"
    return table


_SEION_STEP2 = str.maketrans(_seion_fold_map())


def seion(text: str) -> str:
    """The 清音化かな氏名: full-width katakana, voicing marks removed, small kana made large.

    Unlike the search key it keeps ー, ヲ, ワ and middle dots, and keeps one U+3000 between
    the parts of the name (any run of spaces becomes one; leading/trailing ones go).
    """
    s = text.translate(_SEION_STEP1)
    if "\u309b" in s or "\u309c" in s or "\u3099" in s or "\u309a" in s:
        s = compose_marks(s)
    s = s.translate(_SEION_STEP2)
    return "\u3000".join(s.split())


# ------------------------------------------------------------- classification
def _kana_like_chars() -> frozenset[str]:
    chars: set[str] = set(SPACES + MIDDLE_DOTS + DASHES + "ヽヾゝゞ")
    chars.update(chr(c) for c in range(_HIRAGANA_FIRST, _HIRAGANA_LAST + 1))
    chars.update(chr(c) for c in range(0x30A1, 0x30FB))  # ァ .. ヺ
    chars.update(chr(c) for c in range(0x31F0, 0x3200))  # small katakana extension
    chars.update(chr(c) for c in range(0xFF65, 0xFFA0))  # half-width katakana
    chars.update(_MARKS)
    return frozenset(chars)


KANA_LIKE = _kana_like_chars()
"""Characters that may appear in a kana name: kana of any width, marks, spaces, dots, dashes."""


def is_kana_text(text: str) -> bool:
    """True when ``text`` has at least one kana and nothing but kana-like characters."""
    has_kana = False
    for ch in text:
        if ch not in KANA_LIKE:
            return False
        if ch not in SPACES and ch not in MIDDLE_DOTS:
            has_kana = True
    return has_kana
