"""本人確認 with the card: register beside card, differences, one correlation id, not found."""

from __future__ import annotations

import pytest

from app.domain.identifiers import make_my_number
from app.domain.rights import AccessDenied
from app.services.card_reading import KEY_MY_NUMBER, KEY_RESIDENT_CODE_CARD, CardReadingService
from app.services.confirmation import CardConfirmationService
from hardware.errors import WrongPin
from hardware.ports import PinKind
from tests.support.movein import CLERK, SUPER, Pins, World, approved_move_in, holder


def test_confirmation_shows_the_register_beside_the_card_with_differences(world: World) -> None:
    approved_move_in(world)
    result = world.confirmation.confirm(CLERK, world.card(), Pins())
    assert result.found
    assert result.key_kind == KEY_RESIDENT_CODE_CARD
    assert result.register["address"] == "福島県郡山市駅前一丁目２番３号"
    differing = {c.item for c in result.comparisons if c.differs}
    assert differing == {"address"}  # the card still carries the old address
    assert result.my_number_matches is True
    assert "個人番号" not in result.register and "my_number" not in result.register


def test_read_lookup_and_display_share_one_correlation_id(world: World) -> None:
    approved_move_in(world)
    result = world.confirmation.confirm(CLERK, world.card(), Pins())
    rows = [r for r in world.log() if r.correlation_id == result.correlation_id]
    assert [r.operation for r in rows] == ["card.read", "identity.lookup", "identity.display"]
    assert all(r.target == "24727059608" for r in rows)


def test_verdict_is_logged_as_match_or_mismatch(world: World) -> None:
    approved_move_in(world)
    result = world.confirmation.confirm(CLERK, world.card(), Pins())
    world.confirmation.record_verdict(CLERK, result, matched=False, note="旧住所")
    world.confirmation.record_verdict(CLERK, result, matched=True)
    outcomes = [r.outcome for r in world.log("card.verdict")]
    assert outcomes == ["mismatch", "match"]
    assert all(r.correlation_id == result.correlation_id for r in world.log("card.verdict"))


def test_unknown_code_is_not_found_logged_and_not_widened(world: World) -> None:
    """R-18: an unknown code gives an empty result and a log row; no search happens."""
    approved_move_in(world)
    stranger = holder(resident_code="11111111119", my_number=make_my_number("98765432109"))
    result = world.confirmation.confirm(CLERK, world.card(stranger), Pins())
    assert not result.found
    assert result.register == {}
    assert result.comparisons == ()
    lookups = world.log("identity.lookup")
    assert lookups[-1].outcome == "not_found"
    assert not [
        r for r in world.log("identity.display") if r.correlation_id == result.correlation_id
    ]


def test_without_a_resident_code_source_the_my_number_is_the_key(world: World) -> None:
    approved_move_in(world)
    reading = CardReadingService(world.uow, world.clock, world.oplog, resident_codes=None)
    service = CardConfirmationService(
        world.uow, world.oplog, world.guard, card_reading=reading, reveal=world.reveal
    )
    pins = Pins()
    result = service.confirm(CLERK, world.card(), pins)
    assert pins.asked == [PinKind.KENHOJO]
    assert result.key_kind == KEY_MY_NUMBER
    assert result.resident_code == "24727059608"


def test_wrong_pin_fails_and_is_logged_without_the_pin(world: World) -> None:
    with pytest.raises(WrongPin):
        world.confirmation.confirm(CLERK, world.card(), Pins(juki="4321"))
    row = world.log("card.read")[-1]
    assert row.outcome == "failed"
    assert "4321" not in row.detail


def test_reveal_needs_the_right(world: World) -> None:
    approved_move_in(world)
    result = world.confirmation.confirm(CLERK, world.card(), Pins())
    with pytest.raises(AccessDenied):
        world.confirmation.reveal_my_number(CLERK, result)
    assert world.confirmation.reveal_my_number(SUPER, result) == "123456789018"
    assert world.reveal.targets == ["24727059608"]
