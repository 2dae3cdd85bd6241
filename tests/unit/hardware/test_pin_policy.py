"""PIN policy: tries first, last-try guard, format check, zeroing, cancellation."""

from __future__ import annotations

import pytest

from hardware.errors import (
    LastTryNeedsConfirmation,
    PinBlocked,
    PinEntryCancelled,
    PinFormatError,
    WrongPin,
)
from hardware.pin_policy import PinStatus, pin_to_buffer, verify_with_policy
from hardware.ports import PinKind
from tests.support.card_fakes import CannedPin


class LastTry:
    """LastTryPrompt fake: the operator's canned answer, and the PINs it was asked about."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[PinKind] = []

    def confirm_last_try(self, kind: PinKind) -> bool:
        """The canned answer."""
        self.asked.append(kind)
        return self.answer


class FakeKey:
    """PinKey fake: a fixed tries status and a record of what VERIFY saw."""

    def __init__(self, tries: int | None, correct: bytes = b"1234") -> None:
        self.tries = tries
        self.correct = correct
        self.seen: list[bytes] = []
        self.buffers: list[bytearray] = []

    def query_pin(self) -> PinStatus:
        if self.tries == 0:
            raise PinBlocked()
        return PinStatus(tries_left=self.tries)

    def verify_pin(self, pin: bytearray) -> None:
        self.seen.append(bytes(pin))
        self.buffers.append(pin)
        if bytes(pin) != self.correct:
            assert self.tries is not None
            self.tries -= 1
            raise WrongPin(self.tries)


def test_pin_buffers_are_zeroed_after_verify() -> None:
    key, prompt = FakeKey(3), CannedPin()
    status = verify_with_policy(key, PinKind.KENHOJO, prompt)
    assert status.tries_left == 3
    assert key.seen == [b"1234"]
    assert key.buffers[0] == bytearray(4)
    assert prompt.handed_out[0] == bytearray(4)


def test_buffers_are_zeroed_after_a_wrong_pin_too() -> None:
    key, prompt = FakeKey(3), CannedPin("1111")
    with pytest.raises(WrongPin):
        verify_with_policy(key, PinKind.KENHOJO, prompt)
    assert key.buffers[0] == bytearray(4)
    assert prompt.handed_out[0] == bytearray(4)


def test_tries_are_shown_to_the_prompt() -> None:
    prompt = CannedPin()
    verify_with_policy(FakeKey(2), PinKind.JUKI, prompt)
    assert prompt.asked == [(PinKind.JUKI, 2)]


def test_one_try_left_without_confirmation_sends_nothing() -> None:
    key, prompt = FakeKey(1), CannedPin()
    with pytest.raises(LastTryNeedsConfirmation) as caught:
        verify_with_policy(key, PinKind.KENHOJO, prompt)
    assert caught.value.tries_left == 1
    assert key.seen == [] and prompt.asked == []
    verify_with_policy(key, PinKind.KENHOJO, prompt, confirm_last_try=True)
    assert key.seen == [b"1234"]


def test_on_the_last_try_the_prompt_is_asked_and_a_yes_sends_the_pin() -> None:
    key, prompt, last_try = FakeKey(1), CannedPin(), LastTry(answer=True)
    status = verify_with_policy(key, PinKind.JUKI, prompt, confirm_last_try=last_try)
    assert status.tries_left == 1
    assert last_try.asked == [PinKind.JUKI]
    assert prompt.asked == [(PinKind.JUKI, 1)]
    assert key.seen == [b"1234"]


def test_on_the_last_try_a_no_sends_nothing_and_cancels() -> None:
    key, prompt, last_try = FakeKey(1), CannedPin(), LastTry(answer=False)
    with pytest.raises(PinEntryCancelled):
        verify_with_policy(key, PinKind.KENHOJO, prompt, confirm_last_try=last_try)
    assert last_try.asked == [PinKind.KENHOJO]
    assert key.seen == [] and prompt.asked == []


@pytest.mark.parametrize("tries", [None, 2, 3])
def test_the_last_try_prompt_is_asked_only_on_the_last_try(tries: int | None) -> None:
    key, last_try = FakeKey(tries), LastTry(answer=False)
    verify_with_policy(key, PinKind.KENHOJO, CannedPin(), confirm_last_try=last_try)
    assert last_try.asked == []
    assert key.seen == [b"1234"]


def test_blocked_key_asks_nothing() -> None:
    prompt, last_try = CannedPin(), LastTry(answer=True)
    with pytest.raises(PinBlocked):
        verify_with_policy(FakeKey(0), PinKind.KENHOJO, prompt, confirm_last_try=last_try)
    assert prompt.asked == [] and last_try.asked == []


@pytest.mark.parametrize("pin", ["123", "12345", "12a4", "１２３４", ""])
def test_badly_formed_pins_are_not_sent(pin: str) -> None:
    key = FakeKey(3)
    with pytest.raises(PinFormatError) as caught:
        verify_with_policy(key, PinKind.KENHOJO, CannedPin(pin))
    assert key.seen == []
    assert pin not in str(caught.value) or pin == ""


def test_cancelled_prompt() -> None:
    key = FakeKey(3)
    with pytest.raises(PinEntryCancelled):
        verify_with_policy(key, PinKind.KENHOJO, CannedPin(None))
    assert key.seen == []


def test_bytearray_from_prompt_is_zeroed() -> None:
    given = bytearray(b"1234")
    verify_with_policy(FakeKey(3), PinKind.KENHOJO, CannedPin(given))
    assert given == bytearray(4)
    assert pin_to_buffer("0042") == bytearray(b"0042")
