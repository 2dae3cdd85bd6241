"""和暦 ⇄ 西暦: parsing and formatting dates written in Japanese eras.

Era boundaries (the first day of each era, Gregorian):

======  ==========  ==================================================================
明治    1868-01-25  明治元年1月1日 of the old lunar calendar, the day the era was made
                    retroactive to. 明治5年 and earlier are taken as Gregorian month/day
                    (no lunar conversion); nobody on a current register needs it.
大正    1912-07-30
昭和    1926-12-25
平成    1989-01-08
令和    2019-05-01
======  ==========  ==================================================================

A 和暦 date is valid only inside its era: 昭和64年1月7日 is 1989-01-07 and 昭和64年1月8日 does
not exist; 平成31年4月30日 is the last day of 平成. On a day of 改元 (e.g. 1912-07-30) only the
new era is accepted, as in the usual calendar libraries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain.address import kanji_number_to_int
from app.domain.codes import Era
from app.domain.errors import ImpossibleDate, InvalidFormat
from app.domain.kana import SPACES, WIDTH_FOLD

ERA_STARTS: dict[Era, dt.date] = {
    Era.MEIJI: dt.date(1868, 1, 25),
    Era.TAISHO: dt.date(1912, 7, 30),
    Era.SHOWA: dt.date(1926, 12, 25),
    Era.HEISEI: dt.date(1989, 1, 8),
    Era.REIWA: dt.date(2019, 5, 1),
}
"""First day of each era; an era ends the day before the next one starts."""

_ERAS_NEWEST_FIRST = sorted(ERA_STARTS, key=ERA_STARTS.__getitem__, reverse=True)

_ERA_TOKENS: dict[str, Era] = {}
for _era in Era:
    _ERA_TOKENS[_era.label] = _era
    _ERA_TOKENS[_era.label[0]] = _era
    _ERA_TOKENS[_era.initial] = _era

_FOLD = str.maketrans({**WIDTH_FOLD, **dict.fromkeys(SPACES)})
_KANJI_NUMERALS = re.compile("[〇一二三四五六七八九十]+")

_WAREKI = re.compile(
    r"(明治|大正|昭和|平成|令和|[MTSHR明大昭平令])(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?"
)
_WAREKI_CODED = re.compile(r"([1-5])(\d{2})(\d{2})(\d{2})")  # 元号コード + YYMMDD, e.g. 5081126
_SEIREKI = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_SEIREKI_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True, slots=True)
class WarekiDate:
    """A date split into era, era year (1 = 元年), month and day."""

    era: Era
    year: int
    month: int
    day: int


def _gregorian(field: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ImpossibleDate(field, "no such day in the calendar") from None


def era_of(date: dt.date) -> Era:
    """The era ``date`` falls in; ImpossibleDate before 明治."""
    for era in _ERAS_NEWEST_FIRST:
        if date >= ERA_STARTS[era]:
            return era
    raise ImpossibleDate("date", "before the 明治 era")


def _era_end(era: Era) -> dt.date | None:
    later = [start for start in ERA_STARTS.values() if start > ERA_STARTS[era]]
    return min(later) if later else None


def from_wareki(era: Era, year: int, month: int, day: int, field: str = "date") -> dt.date:
    """The Gregorian date of ``era`` ``year``年 ``month``月 ``day``日 (year 1 is 元年).

    Raises ImpossibleDate when the day does not exist or lies outside the era.
    """
    if year < 1:
        raise ImpossibleDate(field, "era year must be 1 or more")
    date = _gregorian(field, ERA_STARTS[era].year + year - 1, month, day)
    end = _era_end(era)
    if date < ERA_STARTS[era] or (end is not None and date >= end):
        raise ImpossibleDate(field, f"outside the {era.label} era")
    return date


def to_wareki(date: dt.date) -> WarekiDate:
    """Split ``date`` into era, era year, month and day."""
    era = era_of(date)
    return WarekiDate(era, date.year - ERA_STARTS[era].year + 1, date.month, date.day)


def format_wareki(date: dt.date, *, short: bool = False) -> str:
    """'令和8年11月26日' (元年 for the first year), or 'R8.11.26' when ``short``."""
    w = to_wareki(date)
    if short:
        return f"{w.era.initial}{w.year}.{w.month}.{w.day}"
    year = "元" if w.year == 1 else str(w.year)
    return f"{w.era.label}{year}年{w.month}月{w.day}日"


def format_seireki_wareki(date: dt.date) -> str:
    """'1953年3月28日（昭和28年3月28日）': 西暦 with the 和暦 in brackets, as the counter writes.

    A date before 明治 (none on a current register) is written in 西暦 only.
    """
    seireki = f"{date.year}年{date.month}月{date.day}日"
    if date < ERA_STARTS[Era.MEIJI]:
        return seireki
    return f"{seireki}（{format_wareki(date)}）"


def _normalise(text: str) -> str:
    s = text.translate(_FOLD).upper()
    return _KANJI_NUMERALS.sub(lambda m: str(kanji_number_to_int(m.group(0))), s)


def parse_wareki(text: str, field: str = "date") -> dt.date:
    """Parse a 和暦 date: '令和8年11月26日', '平成元年1月8日', 'R8.11.26', 'H31/4/30', '昭64.1.7'.

    Full-width digits, kanji numerals and spaces are accepted, as is the 7-digit coded form
    (元号コード + YYMMDD, e.g. '5081126'). Raises InvalidFormat or ImpossibleDate.
    """
    s = _normalise(text)
    match = _WAREKI.fullmatch(s)
    if match is not None:
        era = _ERA_TOKENS[match.group(1)]
        year = 1 if match.group(2) == "元" else int(match.group(2))
        return from_wareki(era, year, int(match.group(3)), int(match.group(4)), field)
    coded = _WAREKI_CODED.fullmatch(s)
    if coded is not None:
        era = Era.parse(coded.group(1), field)
        year, month, day = (int(coded.group(i)) for i in (2, 3, 4))
        return from_wareki(era, year, month, day, field)
    raise InvalidFormat(field, "not a 和暦 date")


def parse_date(text: str, field: str) -> dt.date:
    """Parse a date typed at the counter: 'YYYY-MM-DD', 'YYYYMMDD', 'YYYY/MM/DD', 'YYYY年M月D日'
    or any 和暦 form :func:`parse_wareki` accepts.

    Raises InvalidFormat (naming ``field``) when the text is not a date, ImpossibleDate when
    it names a day that does not exist.
    """
    s = _normalise(text)
    if not s:
        raise InvalidFormat(field, "empty")
    for pattern in (_SEIREKI, _SEIREKI_COMPACT):
        match = pattern.fullmatch(s)
        if match is not None:
            year, month, day = (int(match.group(i)) for i in (1, 2, 3))
            return _gregorian(field, year, month, day)
    try:
        return parse_wareki(s, field)
    except InvalidFormat:
        raise InvalidFormat(field, "not a date (YYYY-MM-DD, YYYYMMDD or 和暦)") from None
