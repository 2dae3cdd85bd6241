"""Table-driven: which typed keys find which recorded person, through the real search over SQLite.

The folding functions have their own unit tests (tests/unit/domain); these pairs check that
the service folds queries the same way the stored keys were folded and builds the right SQL.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.codes import Sex
from app.domain.rights import OperatorSession
from app.domain.search_policy import SearchQuery
from app.domain.wareki import parse_date
from app.services.search import IdentitySearchService
from tests.support.search_register import Register

DOB = dt.date(1980, 4, 1)
ADDRESS = "福島県郡山市駅前一丁目2番3号"

# (recorded kanji, recorded kana, typed name, typed address or None, typed date or None)
MUST_MATCH: list[tuple[str, str, str, str | None, str | None]] = [
    ("城　太郎", "ジョウ　タロウ", "ジヨウ　タロウ", None, "1980-04-01"),
    ("城　太郎", "ジョウ　タロウ", "じょう たろう", None, "1980-04-01"),
    ("城　太郎", "ジョウ　タロウ", "ｼﾞｮｳ ﾀﾛｳ", None, "1980-04-01"),
    ("城　太郎", "ジョウ　タロウ", "ジョー　タロー", None, "1980-04-01"),
    ("藤　千鶴", "フジ　チヅル", "フジ　チズル", None, "1980-04-01"),
    ("千治　一", "チヂ　ハジメ", "チジ　ハジメ", None, "1980-04-01"),
    ("髙橋　一郎", "タカハシ　イチロウ", "高橋　一郎", None, "1980-04-01"),
    ("高橋　一郎", "タカハシ　イチロウ", "髙橋一郎", None, "1980-04-01"),
    ("山﨑　花子", "ヤマザキ　ハナコ", "山崎　花子", None, "1980-04-01"),
    ("山崎　花子", "ヤマザキ　ハナコ", "ヤマサキ　ハナコ", None, "1980-04-01"),
    ("渡邊　健", "ワタナベ　ケン", "渡辺健", None, "1980-04-01"),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤 太郎", None, "昭和55年4月1日"),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤太郎", None, "S55.4.1"),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", None, "19800401"),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前一丁目", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前１丁目", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前1-2-3", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前１丁目２番", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "郡山市駅前一丁目", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "福島県郡山市駅前", None),
    ("佐藤　太郎", "サトウ　タロウ", "ｻﾄｳ ﾀﾛｳ", "駅前", None),
]

MUST_NOT_MATCH: list[tuple[str, str, str, str | None, str | None]] = [
    ("城　太郎", "ジョウ　タロウ", "ジョウ　ジロウ", None, "1980-04-01"),
    ("城　太郎", "ジョウ　タロウ", "ジョウ　タロウ", None, "1980-04-02"),
    ("城　太郎", "ジョウ　タロウ", "ジョウ", None, "1980-04-01"),  # full name, no prefix
    ("佐藤　茂", "サトウ　シゲル", "左藤　茂", None, "1980-04-01"),  # a different kanji
    ("佐藤　太郎", "サトウ　タロウ", "サトウ　タロウ", None, "1981-04-01"),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　次郎", None, "1980-04-01"),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前二丁目", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前1-2-4", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前12", None),  # 1丁目 ≠ 12
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "宮城県駅前", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "大町一丁目", None),
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅前%", None),  # no LIKE wildcard
    ("佐藤　太郎", "サトウ　タロウ", "佐藤　太郎", "駅_前", None),
]


def _search(
    service: IdentitySearchService,
    session: OperatorSession,
    name: str,
    address: str | None,
    dob: str | None,
) -> set[str]:
    query = SearchQuery(
        name=name, address=address, dob=parse_date(dob, "dob") if dob is not None else None
    )
    return {row.resident_code for row in service.search(session, query).rows}


Case = tuple[str, str, str, str | None, str | None]


@pytest.mark.parametrize("case", MUST_MATCH)
def test_pairs_that_must_match(register: Register, searcher: OperatorSession, case: Case) -> None:
    kanji, kana, typed, address, dob = case
    code = register.add(kanji, kana, DOB, ADDRESS)
    register.add("別人　太郎", "ベツジン　タロウ", DOB, ADDRESS)
    assert _search(register.service(), searcher, typed, address, dob) == {code}


@pytest.mark.parametrize("case", MUST_NOT_MATCH)
def test_pairs_that_must_not_match(
    register: Register, searcher: OperatorSession, case: Case
) -> None:
    kanji, kana, typed, address, dob = case
    register.add(kanji, kana, DOB, ADDRESS)
    assert _search(register.service(), searcher, typed, address, dob) == set()


def test_stored_names_stay_as_recorded(register: Register, searcher: OperatorSession) -> None:
    register.add("髙橋　一郎", "タカハシ　イチロウ", DOB, ADDRESS)
    (row,) = register.service().search(searcher, SearchQuery(name="高橋一郎", dob=DOB)).rows
    assert (row.name_kanji, row.name_furigana) == ("髙橋　一郎", "タカハシ　イチロウ")


def test_kanji_and_kana_given_together_both_narrow(
    register: Register, searcher: OperatorSession
) -> None:
    yamasaki = register.add("山崎　花子", "ヤマサキ　ハナコ", DOB, ADDRESS)
    register.add("山崎　花子", "ヤマザキ　ハナコ", DOB, ADDRESS)
    service = register.service()
    both = service.search(searcher, SearchQuery(name="山崎花子", dob=DOB))
    assert both.count == 2
    # ヤマサキ and ヤマザキ share a kana key (清音化), so the reading does not split them ...
    assert (
        service.search(
            searcher, SearchQuery(name="山崎花子", dob=DOB), kana="ヤマサキ ハナコ"
        ).count
        == 2
    )
    # ... but a different reading does.
    assert (
        service.search(
            searcher, SearchQuery(name="山崎花子", dob=DOB), kana="サキヤマ ハナコ"
        ).count
        == 0
    )
    assert yamasaki in {r.resident_code for r in both.rows}


def test_sex_narrows(register: Register, searcher: OperatorSession) -> None:
    male = register.add("伊藤　薫", "イトウ　カオル", DOB, ADDRESS, sex="1")
    female = register.add("伊藤　薫", "イトウ　カオル", DOB, ADDRESS, sex="2")
    service = register.service()
    assert {
        r.resident_code for r in service.search(searcher, SearchQuery(name="伊藤薫", dob=DOB)).rows
    } == {male, female}
    only = service.search(searcher, SearchQuery(name="伊藤薫", dob=DOB, sex=Sex.FEMALE))
    assert [r.resident_code for r in only.rows] == [female]
