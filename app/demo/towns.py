"""Towns (町・字) of 郡山市 and the apartment buildings used for 方書 in the demo population."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.demo.resources import WeightedTable, read_tsv

PREFECTURE_CITY = "福島県郡山市"
MUNICIPALITY_CODE = "072036"

KANJI_NUMERALS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width(number: int) -> str:
    """``number`` in full-width digits, as the register prints 番地 and room numbers."""
    return str(number).translate(_FULL_WIDTH_DIGITS)


@dataclass(frozen=True, slots=True)
class Town:
    """A 町 or 大字 of the city: name, reading, postal code, 丁目 count, how lots are written."""

    name: str
    kana: str
    postal_code: str
    chome: int
    residential_numbering: bool  # True: 住居表示 (N番N号); False: 地番 (N番地)
    code: str  # the demo's own 町字コード, stored as the address code


@dataclass(frozen=True, slots=True)
class Building:
    """An apartment or building name used as 方書."""

    name: str
    kana: str


@cache
def towns() -> WeightedTable[Town]:
    """The towns weighted by how many residents live there."""
    items: list[Town] = []
    weights: list[int] = []
    for index, (name, kana, postal, chome, style, weight) in enumerate(read_tsv("towns.tsv")):
        items.append(
            Town(
                name, kana, postal, int(chome), style == "J", f"{MUNICIPALITY_CODE}{index + 1:04d}"
            )
        )
        weights.append(int(weight))
    return WeightedTable(items, weights)


@cache
def buildings() -> tuple[Building, ...]:
    """The apartment and building names."""
    return tuple(Building(name, kana) for name, kana in read_tsv("buildings.tsv"))
