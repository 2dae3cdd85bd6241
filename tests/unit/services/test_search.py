"""The search service's policy, result shape and logging: refusals, removed persons, bulk limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from app.domain.codes import Sex
from app.domain.rights import AccessDenied, OperatorSession, Right
from app.domain.search_policy import RefusalReason, SearchQuery, SearchRefused
from app.services.search import RecordNotFound, ResidentStatus
from tests.support.search_register import Register

DOB = dt.date(1975, 12, 3)
ADDRESS = "福島県郡山市大町二丁目5番8号"

REFUSED = [
    (SearchQuery(), RefusalReason.NO_KEYS),
    (SearchQuery(name="  ", address="　"), RefusalReason.NO_KEYS),
    (SearchQuery(sex=Sex.MALE), RefusalReason.NO_KEYS),
    (SearchQuery(name="*", dob=DOB), RefusalReason.WILDCARD_ONLY),
    (SearchQuery(name="鈴木一郎", address="％"), RefusalReason.WILDCARD_ONLY),
    (SearchQuery(name="鈴木一郎"), RefusalReason.ADDRESS_OR_DOB_REQUIRED),
    (SearchQuery(name="鈴木一郎", sex=Sex.MALE), RefusalReason.ADDRESS_OR_DOB_REQUIRED),
    (SearchQuery(dob=DOB, sex=Sex.MALE), RefusalReason.NAME_REQUIRED),
    (SearchQuery(address="大町", dob=DOB), RefusalReason.NAME_REQUIRED),
]


@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_refused_combinations_are_logged_with_their_reason(
    register: Register, searcher: OperatorSession, query: SearchQuery, reason: RefusalReason
) -> None:
    register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    with pytest.raises(SearchRefused) as refused:
        register.service().search(searcher, query)
    assert refused.value.reason_code is reason
    assert refused.value.message_ja  # the view shows which combination is missing
    (row,) = [r for r in register.log_rows() if r["operation"] == "search"]
    assert row["outcome"] == "refused"
    assert row["detail"]["reason"] == reason.value
    assert row["detail"]["result_count"] == 0
    assert row["operator_id"] == "OP01"


def test_address_and_dob_without_name_only_behind_the_switch(
    register: Register, searcher: OperatorSession
) -> None:
    code = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    query = SearchQuery(address="大町二丁目", dob=DOB)
    with pytest.raises(SearchRefused):
        register.service().search(searcher, query)
    result = register.service(allow_address_dob=True).search(searcher, query)
    assert [r.resident_code for r in result.rows] == [code]


def test_accepted_search_is_logged_with_conditions_and_count(
    register: Register, searcher: OperatorSession
) -> None:
    register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    register.add("鈴木　一郎", "スズキ　イチロウ", DOB, "福島県郡山市大町一丁目1番1号")
    result = register.service().search(
        searcher, SearchQuery(name="鈴木 一郎", dob=DOB, sex=Sex.MALE)
    )
    assert result.count == 2
    assert not result.too_many
    assert result.name_kind == "kanji"
    (row,) = [r for r in register.log_rows() if r["operation"] == "search"]
    assert row["outcome"] == "ok"
    assert row["correlation_id"] == result.search_id
    assert row["detail"]["result_count"] == 2
    assert row["detail"]["conditions"] == {
        "name": "鈴木 一郎",
        "dob": "1975-12-03",
        "sex": "1",
        "include_removed": False,
    }


def test_no_result_is_logged_as_not_found(register: Register, searcher: OperatorSession) -> None:
    result = register.service().search(searcher, SearchQuery(name="鈴木一郎", dob=DOB))
    assert (result.count, result.rows) == (0, ())
    (row,) = register.log_rows()
    assert (row["outcome"], row["detail"]["result_count"]) == ("not_found", 0)


def test_rows_carry_masked_my_number_and_no_number_reaches_the_log(
    register: Register, searcher: OperatorSession
) -> None:
    code = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    my_number = register.records.current(code).values["my_number"]
    assert isinstance(my_number, str)
    service = register.service()
    result = service.search(searcher, SearchQuery(name="スズキ イチロウ", address="大町"))
    (row,) = result.rows
    assert row.my_number_masked == "●●●● ●●●● ●●●●"
    assert my_number not in repr(result)
    detail = service.open_record(searcher, code, search_id=result.search_id)
    assert my_number not in repr(detail)
    assert detail.has_my_number
    assert my_number not in repr(register.log_rows())


def test_only_the_current_version_is_found(register: Register, searcher: OperatorSession) -> None:
    code = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    register.records.correct(
        code,
        {"address": "福島県郡山市大町二丁目9番9号"},
        operator_id="SEED",
        terminal_id="T0",
        change_reason_code="20",
    )
    service = register.service()
    found = service.search(searcher, SearchQuery(name="鈴木一郎", dob=DOB))
    assert [r.address for r in found.rows] == ["福島県郡山市大町二丁目9番9号"]
    old = service.search(searcher, SearchQuery(name="鈴木一郎", address="大町2-5-8"))
    assert old.count == 0


def test_removed_persons_only_when_asked_and_marked(
    register: Register, searcher: OperatorSession
) -> None:
    living = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    moved = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    died = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    register.remove(moved, "30")
    register.remove(died, "31")
    service = register.service()
    default = service.search(searcher, SearchQuery(name="鈴木一郎", dob=DOB))
    assert [r.resident_code for r in default.rows] == [living]
    everyone = service.search(searcher, SearchQuery(name="鈴木一郎", dob=DOB, include_removed=True))
    status = {r.resident_code: r.status for r in everyone.rows}
    assert status == {
        living: ResidentStatus.CURRENT,
        moved: ResidentStatus.REMOVED,
        died: ResidentStatus.DECEASED,
    }
    assert ResidentStatus.REMOVED.label_ja == "消除"


def test_prospective_records_are_not_found(register: Register, searcher: OperatorSession) -> None:
    register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS, prospective_flag=True)
    assert register.service().search(searcher, SearchQuery(name="鈴木一郎", dob=DOB)).count == 0


def test_too_many_results_show_no_rows(register: Register, searcher: OperatorSession) -> None:
    for _ in range(4):
        register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    service = register.service(max_results=3)
    result = service.search(searcher, SearchQuery(name="鈴木一郎", address="福島県"))
    assert result.too_many
    assert result.rows == ()
    assert result.count == 4
    (row,) = register.log_rows()
    assert row["detail"]["too_many"] is True
    exact = register.service(max_results=4).search(
        searcher, SearchQuery(name="鈴木一郎", address="福島県")
    )
    assert (exact.too_many, len(exact.rows)) == (False, 4)


def test_rows_are_ordered_by_reading_then_birth_date(
    register: Register, searcher: OperatorSession
) -> None:
    later = register.add("鈴木　一郎", "スズキ　イチロウ", dt.date(1990, 1, 1), ADDRESS)
    earlier = register.add("鈴木　一郎", "スズキ　イチロウ", dt.date(1960, 1, 1), ADDRESS)
    result = register.service().search(searcher, SearchQuery(name="鈴木一郎", address="大町"))
    assert [r.resident_code for r in result.rows] == [earlier, later]


def test_opening_a_record_is_a_separate_logged_display(
    register: Register, searcher: OperatorSession
) -> None:
    code = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    service = register.service()
    result = service.search(searcher, SearchQuery(name="鈴木一郎", dob=DOB))
    detail = service.open_record(searcher, code, search_id=result.search_id)
    assert (detail.resident_code, detail.name_kanji, detail.address) == (
        code,
        "鈴木　一郎",
        ADDRESS,
    )
    assert detail.status is ResidentStatus.CURRENT
    assert detail.change_reason == "転入"
    search_row, display_row = register.log_rows()
    assert search_row["operation"] == "search"
    assert display_row["operation"] == "display"
    assert display_row["target"] == code
    assert display_row["outcome"] == "ok"
    assert display_row["correlation_id"] == result.search_id


def test_opening_an_unknown_record_is_logged_as_not_found(
    register: Register, searcher: OperatorSession
) -> None:
    with pytest.raises(RecordNotFound):
        register.service().open_record(searcher, "99999999999")
    (row,) = register.log_rows()
    assert (row["operation"], row["outcome"], row["target"]) == (
        "display",
        "not_found",
        "99999999999",
    )


def test_without_the_right_nothing_is_searched_or_opened(
    register: Register, make_operator: Callable[..., OperatorSession]
) -> None:
    code = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    outsider = make_operator(Right.CARD_CONFIRM)
    service = register.service()
    with pytest.raises(AccessDenied):
        service.search(outsider, SearchQuery(name="鈴木一郎", dob=DOB))
    with pytest.raises(AccessDenied):
        service.open_record(outsider, code)
    assert [(r["operation"], r["outcome"]) for r in register.log_rows()] == [
        ("search", "refused"),
        ("display", "refused"),
    ]
    assert register.guard.checks == [
        (Right.SEARCH, "search", ""),
        (Right.SEARCH, "display", code),
    ]


def test_kana_option_must_be_kana(register: Register, searcher: OperatorSession) -> None:
    with pytest.raises(SearchRefused):
        register.service().search(searcher, SearchQuery(name="鈴木一郎", dob=DOB), kana="鈴木")
    (row,) = register.log_rows()
    assert row["outcome"] == "refused"
    assert row["detail"]["conditions"]["kana"] == "鈴木"


def test_kana_alone_serves_as_the_name(register: Register, searcher: OperatorSession) -> None:
    code = register.add("鈴木　一郎", "スズキ　イチロウ", DOB, ADDRESS)
    result = register.service().search(searcher, SearchQuery(dob=DOB), kana="すずき いちろう")
    assert ([r.resident_code for r in result.rows], result.name_kind) == ([code], "kana")
