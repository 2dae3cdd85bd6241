"""転居 through the approvals (address only, R-29) and 継続利用 within 90 days."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.move_in_rules import DeadlineExceeded, NotAddressField
from app.jukinet.messages import PREFECTURE, PREFECTURE_FIELDS
from app.services.move_in import NotAMovedInResident
from app.services.move_within import NotCurrentResident
from tests.support.movein import CLERK, SUPER, Pins, World, approved_move_in

NEW_ADDRESS = {
    "postal_code": "9638001",
    "address": "福島県郡山市大町二丁目",
    "address_lot": "１番１号",
}


def test_move_within_changing_the_name_is_rejected(world: World) -> None:
    approved_move_in(world)
    with pytest.raises(NotAddressField):
        world.move_within.submit(
            CLERK, "24727059608", {**NEW_ADDRESS, "name_kanji": "別名　太郎"}, dt.date(2026, 4, 1)
        )
    assert world.log("move_within.submit")[-1].outcome == "refused"


def test_move_within_is_pending_until_approved(world: World) -> None:
    approved_move_in(world)
    world.dispatcher.run_once()
    change_id = world.move_within.submit(CLERK, "24727059608", NEW_ADDRESS, dt.date(2026, 4, 1))
    assert world.identity.current("24727059608").values["change_reason_code"] == "11"
    world.approvals.approve(SUPER, change_id)
    versions = world.identity.history("24727059608")
    assert [v.values["change_reason_code"] for v in versions] == ["11", "20"]
    assert versions[-1].values["address"] == "福島県郡山市大町二丁目１番１号"
    assert versions[-1].values["name_kanji"] == versions[0].values["name_kanji"]
    updates = [m for m in world.outbox.messages() if m.status == "queued"]
    assert [m.recipient for m in updates] == [PREFECTURE]
    assert tuple(updates[0].payload) == PREFECTURE_FIELDS
    assert updates[0].payload["異動事由"] == "20"


def test_move_within_for_a_non_resident_is_refused(world: World) -> None:
    with pytest.raises(NotCurrentResident):
        world.move_within.submit(CLERK, "24727059608", NEW_ADDRESS, dt.date(2026, 4, 1))


def test_continued_use_on_day_90_gives_the_endorsement_text(world: World) -> None:
    approved_move_in(world)
    world.clock.advance(days=90)
    result = world.move_in.continued_use(CLERK, world.card(), Pins())
    assert result.endorsement_text.startswith("令和8年3月30日転入")
    assert "福島県郡山市駅前一丁目２番３号" in result.endorsement_text
    assert result.chip_written is False
    assert "J-LIS" in result.chip_notice_ja
    assert world.log("move_in.continued_use")[-1].outcome == "ok"


def test_continued_use_on_day_91_is_refused(world: World) -> None:
    approved_move_in(world)
    world.clock.advance(days=91)
    with pytest.raises(DeadlineExceeded):
        world.move_in.continued_use(CLERK, world.card(), Pins())
    assert world.log("move_in.continued_use")[-1].outcome == "refused"


def test_continued_use_needs_a_move_in(world: World) -> None:
    with pytest.raises(NotAMovedInResident):
        world.move_in.continued_use(CLERK, world.card(), Pins())
