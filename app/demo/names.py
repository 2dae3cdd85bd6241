"""Japanese and foreign names of the demo population, with their readings.

Surnames are weighted by frequency (Fukushima-typical ones boosted) and include variant
kanji (渡邊, 齋藤) and characters outside JIS X 0208 (髙, 﨑, 𠮷, 濵) at a small rate; given
names are weighted per era of birth and sex.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.demo.resources import WeightedTable, read_tsv


@dataclass(frozen=True, slots=True)
class Name:
    """One name part (a surname or a given name) in kanji with its katakana reading."""

    kanji: str
    kana: str


@dataclass(frozen=True, slots=True)
class ForeignName:
    """One part of a foreign resident's name: the registered (Latin) form, kana, kanji form."""

    latin: str
    kana: str
    kanji: str | None


# Era buckets of the given-name list, by the year of birth that starts each bucket.
ERA_START_YEARS = (1945, 1970, 1990, 2010)


def era_of_birth_year(year: int) -> int:
    """The given-name era bucket (1..5) of a birth year."""
    era = 1
    for start in ERA_START_YEARS:
        if year >= start:
            era += 1
    return era


@cache
def surnames() -> WeightedTable[Name]:
    """All surnames, weighted by frequency."""
    rows = list(read_tsv("surnames.tsv"))
    return WeightedTable([Name(r[0], r[1]) for r in rows], [int(r[2]) for r in rows])


@cache
def given_names() -> dict[tuple[int, str], WeightedTable[Name]]:
    """Given names keyed by (era bucket, sex code)."""
    grouped: dict[tuple[int, str], tuple[list[Name], list[int]]] = {}
    for era, sex, kanji, kana, weight in read_tsv("given_names.tsv"):
        items, weights = grouped.setdefault((int(era), sex), ([], []))
        items.append(Name(kanji, kana))
        weights.append(int(weight))
    return {key: WeightedTable(items, weights) for key, (items, weights) in grouped.items()}


@cache
def foreign_names() -> dict[tuple[str, str], tuple[ForeignName, ...]]:
    """Foreign name parts keyed by (nationality code, 'S' surname or 'G' given name)."""
    grouped: dict[tuple[str, str], list[ForeignName]] = {}
    for nationality, part, latin, kana, kanji in read_tsv("foreign_names.tsv"):
        grouped.setdefault((nationality, part), []).append(
            ForeignName(latin, kana, None if kanji == "-" else kanji)
        )
    return {key: tuple(parts) for key, parts in grouped.items()}
