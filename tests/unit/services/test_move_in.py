"""特例転入 from the inbox through the wizard's steps to the second operator's approval."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db.models.identity import IdentityRecord
from app.db.models.movein import PendingChange
from app.db.models.register import Household, Resident
from app.db.models.register_detail import MoveInOrigin, RegisteredDomicile
from app.domain.errors import InvalidFormat, UnknownCode
from app.domain.move_in_rules import DeadlineExceeded
from app.domain.rights import AccessDenied
from app.jukinet.messages import PREFECTURE, PREFECTURE_FIELDS
from app.services.approvals import NotPending, ReasonRequired, SelfApprovalRefused
from app.services.move_in import (
    AlreadyPending,
    AlreadyResident,
    CardDoesNotMatch,
    HouseholdChoice,
    UnknownHousehold,
)
from hardware.errors import WrongPin
from hardware.ports import PinKind
from tests.support.movein import (
    CITY,
    CLERK,
    CLERK_WHO_CONFIRMS,
    FORMER_CITY,
    SUPER,
    Pins,
    World,
    approved_move_in,
    certificate,
    entry,
    holder,
)


def _counts(world: World) -> tuple[int, int, int]:
    with world.uow.begin() as session:
        return (
            session.scalar(select(func.count()).select_from(Resident)) or 0,
            session.scalar(select(func.count()).select_from(IdentityRecord)) or 0,
            len(world.outbox.messages()),
        )


def test_card_is_read_with_the_juki_pin_and_matched_to_the_inbox(world: World) -> None:
    received = world.inbox.receive(certificate())
    pins = Pins()
    match = world.move_in.read_card(CLERK, world.card(), pins)
    assert pins.asked == [PinKind.JUKI]
    assert match.item is not None
    assert match.item.inbox_id == received.inbox_id
    assert match.resident_code == "24727059608"
    assert world.log("move_in.card")[-1].outcome == "ok"


def test_wrong_juki_pin_reports_tries_left_and_is_logged(world: World) -> None:
    world.inbox.receive(certificate())
    with pytest.raises(WrongPin) as caught:
        world.move_in.read_card(CLERK, world.card(), Pins(juki="9999"))
    assert caught.value.tries_left == 2
    row = world.log("card.read")[-1]
    assert row.outcome == "failed"
    assert '"purpose": "move_in.card"' in row.detail
    assert "9999" not in row.detail
    assert world.log("move_in.card") == []  # the failed read is the one row of this action


def test_card_without_a_move_out_certificate_is_not_found(world: World) -> None:
    match = world.move_in.read_card(CLERK, world.card(), Pins())
    assert match.item is None
    assert world.log("move_in.card")[-1].outcome == "not_found"


def test_inbox_receive_is_idempotent_by_message_id(world: World) -> None:
    first = world.inbox.receive(certificate())
    second = world.inbox.receive(certificate())
    assert second.duplicate
    assert second.inbox_id == first.inbox_id
    assert len(world.inbox.items()) == 1


def test_pending_move_in_is_not_effective_and_sends_nothing(world: World) -> None:
    """R-22: before confirmation nothing is current and no notification exists."""
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
    assert _counts(world) == (0, 0, 0)
    pending = world.approvals.pending(SUPER)
    assert [p.change_id for p in pending] == [change_id]
    payload = pending[0].payload
    # every field of a move-in update is filled.
    for key in (
        "change_reason_code",
        "moved_in",
        "notified",
        "prev_municipality_code",
        "prev_address",
    ):
        assert payload[key], key
    assert payload["change_reason_code"] == "11"
    assert payload["notified"] == "2026-04-01"


def test_self_approval_is_refused_and_logged(world: World) -> None:
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK_WHO_CONFIRMS, entry(received.inbox_id))
    with pytest.raises(SelfApprovalRefused):
        world.approvals.approve(CLERK_WHO_CONFIRMS, change_id)
    assert world.log("approval.approve")[-1].outcome == "refused"
    assert _counts(world) == (0, 0, 0)
    world.approvals.approve(SUPER, change_id)
    assert _counts(world)[0] == 1


def test_approval_without_the_confirm_right_is_refused(world: World) -> None:
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
    with pytest.raises(AccessDenied):
        world.approvals.approve(CLERK, change_id)
    assert _counts(world) == (0, 0, 0)


def test_approval_creates_everything_in_one_go(world: World) -> None:
    change_id = approved_move_in(world)
    with world.uow.begin() as session:
        resident = session.scalar(select(Resident))
        assert resident is not None
        assert resident.resident_code == "24727059608"
        assert resident.address == "福島県郡山市駅前一丁目"
        assert resident.change_reason_code == "11"
        assert resident.became_resident_date == dt.date(2026, 3, 30)
        household = session.get(Household, resident.household_id)
        assert household is not None
        assert household.head_name_kanji == "試験　太郎"
        origin = session.get(MoveInOrigin, resident.id)
        assert origin is not None
        assert origin.address == "福島県福島市本町１－２"
        domicile = session.get(RegisteredDomicile, resident.id)
        assert domicile is not None
        assert domicile.domicile_address == "福島県福島市本町1番地"
        identity = session.scalar(select(IdentityRecord))
        assert identity is not None
        assert identity.change_reason_code == "11"
        assert identity.prev_municipality_code == FORMER_CITY
        assert identity.notified_date == dt.date(2026, 4, 1)
        assert identity.operator_id == "super01"
        assert identity.search_kana_key  # the search keys are filled
        change = session.get(PendingChange, change_id)
        assert change is not None
        assert change.status == "approved"
        assert change.decided_by == "super01"
    messages = world.outbox.messages()
    assert {m.recipient for m in messages} == {PREFECTURE, f"muni:{FORMER_CITY}"}
    assert all(m.status == "queued" for m in messages)
    prefecture = next(m for m in messages if m.recipient == PREFECTURE)
    assert tuple(prefecture.payload) == PREFECTURE_FIELDS
    assert prefecture.payload["異動事由"] == "11"
    assert prefecture.payload["住所"] == "福島県郡山市駅前一丁目２番３号"
    assert prefecture.payload["個人番号"] == "123456789018"
    notice = next(m for m in messages if m.recipient != PREFECTURE)
    assert notice.payload["転入先市町村コード"] == CITY
    assert world.inbox.items() == []  # used


def test_move_in_of_a_current_resident_is_an_error(world: World) -> None:
    """R-21."""
    approved_move_in(world)
    again = world.inbox.receive(certificate(message_id="m-0002"))
    with pytest.raises(AlreadyResident):
        world.move_in.submit(CLERK, entry(again.inbox_id))
    assert world.log("move_in.submit")[-1].outcome == "refused"


def test_second_entry_for_the_same_person_waits_for_the_first(world: World) -> None:
    first = world.inbox.receive(certificate())
    second = world.inbox.receive(certificate(message_id="m-0002"))
    world.move_in.submit(CLERK, entry(first.inbox_id))
    with pytest.raises(AlreadyPending):
        world.move_in.submit(CLERK, entry(second.inbox_id))


def test_card_must_match_the_certificate(world: World) -> None:
    received = world.inbox.receive(certificate())
    with pytest.raises(CardDoesNotMatch):
        world.move_in.submit(CLERK, entry(received.inbox_id, card_resident_code="11111111119"))


@pytest.mark.parametrize(
    ("moved_in", "notified_offset", "field"),
    [
        (dt.date(2026, 3, 17), 0, "転入年月日"),  # 4/1 is day 15 after 3/17
    ],
)
def test_late_move_in_is_refused(
    world: World, moved_in: dt.date, notified_offset: int, field: str
) -> None:
    received = world.inbox.receive(certificate(planned_move_out_date=dt.date(2026, 3, 16)))
    world.clock.advance(days=notified_offset)
    with pytest.raises(DeadlineExceeded) as caught:
        world.move_in.submit(CLERK, entry(received.inbox_id, moved_in=moved_in))
    assert caught.value.field == field


def test_day_14_through_the_service_is_accepted(world: World) -> None:
    received = world.inbox.receive(certificate(planned_move_out_date=dt.date(2026, 3, 16)))
    assert world.move_in.submit(CLERK, entry(received.inbox_id, moved_in=dt.date(2026, 3, 18)))


def test_business_date_is_the_jst_date_whatever_the_clock_zone(world: World) -> None:
    """At 01:00 JST on 4/2 (16:00 UTC on 4/1), a move-in on 4/2 is today, not the future."""
    received = world.inbox.receive(certificate())
    world.clock.set(dt.datetime(2026, 4, 1, 16, 0, tzinfo=dt.UTC))
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id, moved_in=dt.date(2026, 4, 2)))
    with world.uow.begin() as session:
        change = session.get(PendingChange, change_id)
        assert change is not None
        assert '"notified": "2026-04-02"' in change.payload


def test_day_31_after_planned_move_out_through_the_service_is_refused(world: World) -> None:
    received = world.inbox.receive(certificate(planned_move_out_date=dt.date(2026, 3, 1)))
    check = world.move_in.check_deadlines(received.inbox_id, dt.date(2026, 3, 30))
    assert check.days_since_planned_move_out == 31
    assert not check.ok
    with pytest.raises(DeadlineExceeded):
        world.move_in.submit(CLERK, entry(received.inbox_id))


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"postal_code": "96380"}, InvalidFormat),
        ({"address": " "}, InvalidFormat),
        ({"address_lot": "x" * 101}, InvalidFormat),
        ({"katagaki_kana": "ひらがな"}, InvalidFormat),
        ({"moved_in": dt.date(2026, 4, 2)}, InvalidFormat),
        ({"household": HouseholdChoice(None, "04")}, InvalidFormat),
        ({"household": HouseholdChoice("0000000001", "01")}, InvalidFormat),
        ({"household": HouseholdChoice("0000000001", "77")}, UnknownCode),
    ],
)
def test_format_checks_on_every_field(
    world: World, changes: dict[str, object], error: type[Exception]
) -> None:
    """R-28."""
    received = world.inbox.receive(certificate())
    with pytest.raises(error):
        world.move_in.submit(CLERK, entry(received.inbox_id, **changes))


def test_joining_a_household_with_a_relationship(world: World) -> None:
    world.add_household()
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(
        CLERK, entry(received.inbox_id, household=HouseholdChoice("0000000001", "02"))
    )
    world.approvals.approve(SUPER, change_id)
    with world.uow.begin() as session:
        person = session.scalar(select(Resident).where(Resident.resident_code == "24727059608"))
        assert person is not None
        assert person.relationship_name == "妻"
        assert person.entry_order == 2
        assert session.scalar(select(func.count()).select_from(Household)) == 1


def test_joining_an_unknown_household_is_refused(world: World) -> None:
    received = world.inbox.receive(certificate())
    with pytest.raises(UnknownHousehold):
        world.move_in.submit(
            CLERK, entry(received.inbox_id, household=HouseholdChoice("0000000404", "02"))
        )


def test_rejection_needs_a_reason_is_logged_and_reopens_the_certificate(world: World) -> None:
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
    with pytest.raises(ReasonRequired):
        world.approvals.reject(SUPER, change_id, "  ")
    world.approvals.reject(SUPER, change_id, "番地の誤り")
    row = world.log("approval.reject")[-1]
    assert row.outcome == "ok"
    assert "番地の誤り" in row.detail
    assert [i.status for i in world.inbox.items()] == ["open"]
    with pytest.raises(NotPending):
        world.approvals.approve(SUPER, change_id)
    assert _counts(world) == (0, 0, 0)


def test_a_failure_inside_the_approval_leaves_nothing_behind(world: World) -> None:
    """One transaction: if the 本人確認情報 step fails, no 住民票 and no message remain."""
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
    # Another terminal holds a stale identity row that makes add_initial refuse.
    world.identity.add_initial(
        {
            "resident_code": "24727059608",
            "name_kanji": "試験　太郎",
            "name_furigana": "シケン　タロウ",
            "sex_code": "1",
            "municipality_code": CITY,
            "postal_code": "9638002",
            "address": "福島県郡山市",
            "relationship": "世帯主",
            "change_reason_code": "11",
            "record_status": "0",
        },
        operator_id="x",
        terminal_id="T9",
    )
    with pytest.raises(AlreadyResident):
        world.approvals.approve(SUPER, change_id)
    with world.uow.begin() as session:
        assert session.scalar(select(func.count()).select_from(Resident)) == 0
        change = session.get(PendingChange, change_id)
        assert change is not None
        assert change.status == "pending"
    assert world.outbox.messages() == []


def test_pins_and_my_number_never_reach_the_log(world: World) -> None:
    approved_move_in(world)
    world.confirmation.confirm(SUPER, world.card(holder()), Pins())
    for row in world.log():
        assert "123456789018" not in row.detail
        assert "1234" not in row.detail.replace("12345", "")
