"""和暦 ⇄ 西暦 (app/domain/wareki.py): era boundaries, formats, impossible dates."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.codes import Era
from app.domain.errors import ImpossibleDate, InvalidFormat
from app.domain.wareki import (
    ERA_STARTS,
    WarekiDate,
    era_of,
    format_seireki_wareki,
    format_wareki,
    from_wareki,
    parse_date,
    parse_wareki,
    to_wareki,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和8年11月26日", D(2026, 11, 26)),
        ("R8.11.26", D(2026, 11, 26)),
        ("r8.11.26", D(2026, 11, 26)),
        ("Ｒ８．１１．２６", D(2026, 11, 26)),
        ("令和８年１１月２６日", D(2026, 11, 26)),
        ("令和八年十一月二十六日", D(2026, 11, 26)),
        ("令8.11.26", D(2026, 11, 26)),
        ("R08/11/26", D(2026, 11, 26)),
        ("令和 8年 11月 26日", D(2026, 11, 26)),
        ("5081126", D(2026, 11, 26)),
        ("H31.4.30", D(2019, 4, 30)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("S64.1.7", D(1989, 1, 7)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("大正元年7月30日", D(1912, 7, 30)),
        ("明治45年7月29日", D(1912, 7, 29)),
        ("明治元年1月25日", D(1868, 1, 25)),
        ("M42.3.1", D(1909, 3, 1)),
        ("令和6年2月29日", D(2024, 2, 29)),
    ],
)
def test_parse_wareki(text: str, expected: dt.date) -> None:
    assert parse_wareki(text, "生年月日") == expected
    assert parse_date(text, "生年月日") == expected


@pytest.mark.parametrize(
    "text",
    [
        "昭和64年1月8日",  # 平成 had begun
        "平成31年5月1日",  # 令和 had begun
        "令和元年4月30日",  # still 平成
        "平成元年1月7日",  # still 昭和
        "大正15年12月25日",  # 昭和 began that day
        "明治45年7月30日",  # 大正 began that day
        "明治元年1月24日",  # before 明治
        "令和7年2月29日",  # 2025 is not a leap year
        "令和8年2月30日",
        "令和8年13月1日",
        "令和8年4月31日",
        "令和0年1月1日",
        "H99.1.1",
    ],
)
def test_impossible_wareki_dates(text: str) -> None:
    with pytest.raises(ImpossibleDate) as info:
        parse_date(text, "生年月日")
    assert info.value.field == "生年月日"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-02-28", D(2025, 2, 28)),
        ("20250228", D(2025, 2, 28)),
        ("2025/02/28", D(2025, 2, 28)),
        ("2025/2/8", D(2025, 2, 8)),
        ("2025.2.8", D(2025, 2, 8)),
        ("2025年2月8日", D(2025, 2, 8)),
        ("２０２５－０２－２８", D(2025, 2, 28)),
        (" 2024-02-29 ", D(2024, 2, 29)),
    ],
)
def test_parse_seireki(text: str, expected: dt.date) -> None:
    assert parse_date(text, "生年月日") == expected


@pytest.mark.parametrize(
    "text", ["2025-02-30", "20250230", "2023/02/29", "2025-13-01", "2025-00-10"]
)
def test_impossible_seireki_dates(text: str) -> None:
    with pytest.raises(ImpossibleDate) as info:
        parse_date(text, "異動年月日")
    assert info.value.field == "異動年月日"


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "2025-1", "令和年1月1日", "X8.1.1", "9081126", "25-1-1"]
)
def test_not_a_date(text: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        parse_date(text, "生年月日")
    assert info.value.field == "生年月日"
    if text.strip():
        assert text.strip() not in str(info.value)


@pytest.mark.parametrize(
    ("date", "long", "short"),
    [
        (D(2026, 11, 26), "令和8年11月26日", "R8.11.26"),
        (D(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (D(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (D(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (D(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (D(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
        (D(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
        (D(1912, 7, 29), "明治45年7月29日", "M45.7.29"),
    ],
)
def test_format_and_round_trip(date: dt.date, long: str, short: str) -> None:
    assert format_wareki(date) == long
    assert format_wareki(date, short=True) == short
    assert parse_date(long, "d") == date
    assert parse_date(short, "d") == date


def test_every_day_around_each_boundary_round_trips() -> None:
    for start in ERA_STARTS.values():
        for offset in range(-3, 4):
            date = start + dt.timedelta(days=offset)
            if date < D(1868, 1, 25):
                continue
            w = to_wareki(date)
            assert from_wareki(w.era, w.year, w.month, w.day) == date
            assert parse_date(format_wareki(date), "d") == date


def test_to_wareki_and_era_of() -> None:
    assert to_wareki(D(2026, 11, 26)) == WarekiDate(Era.REIWA, 8, 11, 26)
    assert era_of(D(1989, 1, 7)) is Era.SHOWA
    assert era_of(D(1989, 1, 8)) is Era.HEISEI
    with pytest.raises(ImpossibleDate):
        era_of(D(1868, 1, 24))


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(1953, 3, 28), "1953年3月28日（昭和28年3月28日）"),
        (dt.date(1989, 1, 8), "1989年1月8日（平成元年1月8日）"),
        (dt.date(2019, 4, 30), "2019年4月30日（平成31年4月30日）"),
        (dt.date(1850, 1, 1), "1850年1月1日"),
    ],
)
def test_seireki_with_wareki(date: dt.date, expected: str) -> None:
    assert format_seireki_wareki(date) == expected
