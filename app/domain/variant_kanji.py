"""The project's 異体字 table (resources/variant_kanji.tsv) and the kanji fold built on it.

The table is hand-curated and explicit: a character is folded only if a row says so. That is
also how CJK compatibility ideographs (U+F900–U+FAFF) reach their unified form, instead of
NFC/NFKC, which would rewrite stored names behind our back. The fold is for derived search
keys only; the register keeps every name exactly as recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

VARIANT_TABLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "variant_kanji.tsv"
"""resources/ sits next to app/ at the top of the project."""

# Variation selectors (VS1–16 and the IVS range) say which glyph of a character is meant; the
# key ignores them so 斉 with an IVS finds 斉 without one.
VARIATION_SELECTORS = "".join(
    [chr(c) for c in range(0xFE00, 0xFE10)] + [chr(c) for c in range(0xE0100, 0xE01F0)]
)


class VariantTableError(ValueError):
    """The variant table file is malformed (bad column, duplicate, cycle)."""


def _cell(text: str, line_no: int) -> str:
    """One character, written literally or as ``U+XXXX``."""
    value = text.strip()
    if value.upper().startswith("U+"):
        try:
            value = chr(int(value[2:], 16))
        except ValueError as exc:
            raise VariantTableError(f"line {line_no}: bad code point") from exc
    if len(value) != 1:
        raise VariantTableError(f"line {line_no}: a column must hold exactly one character")
    return value


def parse_variant_table(text: str) -> dict[str, str]:
    """Parse the TSV text into {variant: standard}, with chains resolved to their end.

    Lines starting with ``#`` and blank lines are skipped. A variant listed twice, a row that
    maps a character to itself, or a cycle is an error, so a bad edit fails at import time.
    """
    direct: dict[str, str] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 2:
            raise VariantTableError(f"line {line_no}: expected variant<TAB>standard<TAB>note")
        variant, standard = _cell(columns[0], line_no), _cell(columns[1], line_no)
        if variant == standard:
            raise VariantTableError(f"line {line_no}: maps a character to itself")
        if variant in direct:
            raise VariantTableError(f"line {line_no}: variant listed twice")
        direct[variant] = standard
    resolved: dict[str, str] = {}
    for variant, first in direct.items():
        seen = {variant}
        target = first
        while target in direct:
            if target in seen:
                raise VariantTableError("the table has a cycle")
            seen.add(target)
            target = direct[target]
        resolved[variant] = target
    return resolved


def load_variant_table(path: Path = VARIANT_TABLE_PATH) -> dict[str, str]:
    """Read and parse the table file (UTF-8)."""
    return parse_variant_table(path.read_text(encoding="utf-8"))


VARIANTS: Mapping[str, str] = MappingProxyType(load_variant_table())
"""{variant: standard} as loaded at import; every standard is a fixed point."""

_FOLD = str.maketrans({**VARIANTS, **dict.fromkeys(VARIATION_SELECTORS)})


def fold_variants(text: str) -> str:
    """Replace every listed variant by its standard character and drop variation selectors."""
    return text.translate(_FOLD)


def variant_translation(extra: Mapping[str, str | None]) -> dict[int, str | None]:
    """A ``str.translate`` table doing :func:`fold_variants` plus ``extra`` (later wins)."""
    return str.maketrans({**VARIANTS, **dict.fromkeys(VARIATION_SELECTORS), **extra})
