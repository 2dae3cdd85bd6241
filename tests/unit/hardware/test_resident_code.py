"""ResidentCodeSource: the simulated vendor read and the operator-entry fallback."""

from __future__ import annotations

import pytest

from app.domain.errors import InvalidFormat
from hardware.errors import SecurityStatusNotSatisfied
from hardware.mynumber import MyNumberCard
from hardware.resident_code import (
    CHECK_DIGIT_WARNING,
    FirstAvailableResidentCodeSource,
    OperatorEntryResidentCodeSource,
)
from hardware.virtual_card import SimulatedResidentCodeSource, VirtualMyNumberCard
from tests.support.card_fakes import CannedPin, TypedCode


class NoCode:
    """A source that never has the code (a real card without a vendor module)."""

    def resident_code(self, session: object) -> str | None:
        del session
        return None


def test_simulated_source_after_juki_pin(card: VirtualMyNumberCard) -> None:
    session = MyNumberCard(card)
    session.verify_juki_pin(CannedPin())
    assert SimulatedResidentCodeSource().resident_code(session.session) == "24727059608"


def test_simulated_source_needs_the_pin(card: VirtualMyNumberCard) -> None:
    session = MyNumberCard(card)
    session.juki.select()
    with pytest.raises(SecurityStatusNotSatisfied):
        SimulatedResidentCodeSource().resident_code(session.session)


def test_simulated_source_is_none_outside_the_juki_ap(card: VirtualMyNumberCard) -> None:
    session = MyNumberCard(card)
    session.kenhojo.select()
    assert SimulatedResidentCodeSource().resident_code(session.session) is None


def test_operator_entry_accepts_mismatch_with_warning(card: VirtualMyNumberCard) -> None:
    prompt = TypedCode("24727059609")
    code = OperatorEntryResidentCodeSource(prompt).resident_code(card)
    assert code == "24727059609"
    assert prompt.warnings == [CHECK_DIGIT_WARNING]


def test_operator_entry_valid_code_has_no_warning(card: VirtualMyNumberCard) -> None:
    prompt = TypedCode(" 24727059608 ")
    assert OperatorEntryResidentCodeSource(prompt).resident_code(card) == "24727059608"
    assert prompt.warnings == []


def test_operator_entry_refuses_bad_format(card: VirtualMyNumberCard) -> None:
    with pytest.raises(InvalidFormat) as caught:
        OperatorEntryResidentCodeSource(TypedCode("2472705960")).resident_code(card)
    assert "2472705960" not in str(caught.value)
    assert OperatorEntryResidentCodeSource(TypedCode(None)).resident_code(card) is None


def test_chain_falls_back_to_operator(card: VirtualMyNumberCard) -> None:
    chain = FirstAvailableResidentCodeSource(
        NoCode(), OperatorEntryResidentCodeSource(TypedCode("24846016224"))
    )
    assert chain.resident_code(card) == "24846016224"
