"""My Number card sessions over the virtual card used as a direct Transport."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.transport_tools import CountingTransport
from hardware import apdu
from hardware.errors import (
    CardError,
    CardRemoved,
    ExpiredCard,
    FileNotFound,
    IntegrityError,
    LastTryNeedsConfirmation,
    MalformedCardData,
    NotAMyNumberCard,
    PinBlocked,
    SecurityStatusNotSatisfied,
    WrongPin,
)
from hardware.mynumber import MyNumberCard, require_not_expired
from hardware.ports import PinKind
from hardware.virtual_card import (
    CardHolder,
    EofStyle,
    OverRead,
    Tamper,
    VirtualCardOptions,
    VirtualMyNumberCard,
)
from tests.support.card_fakes import TODAY, CannedPin

APDU_TARGET = 14


def test_full_confirmation_read_within_apdu_target(card: VirtualMyNumberCard) -> None:
    counting = CountingTransport(card)
    read = MyNumberCard(counting).read_confirmation(CannedPin(), TODAY)
    assert read.my_number == "123456789018"
    assert read.basic_four.name == "試験\u3000太郎"
    assert read.basic_four.address == "東京都千代田区霞が関２－１－２"
    assert (read.basic_four.dob, read.basic_four.sex) == ("19800101", "1")
    assert read.card.municipality_code == "13101"
    assert read.card.expired is False
    assert read.integrity.signature_valid and read.integrity.digests_match
    assert read.tries_left_before == 3
    assert counting.count <= APDU_TARGET


@pytest.mark.parametrize(
    "options",
    [
        VirtualCardOptions(over_read=OverRead.EXACT_6C),
        VirtualCardOptions(over_read=OverRead.WARN_6282),
        VirtualCardOptions(eof_style=EofStyle.SW_6282),
    ],
)
def test_card_answer_styles_give_the_same_result(
    card: VirtualMyNumberCard, options: VirtualCardOptions
) -> None:
    variant = VirtualMyNumberCard(card.holder, options, card.key)
    read = MyNumberCard(variant).read_confirmation(CannedPin(), TODAY)
    assert read.my_number == card.holder.my_number


def test_text_is_kept_exactly_outside_jis_x_0208(
    holder: CardHolder, card: VirtualMyNumberCard
) -> None:
    odd = dataclasses.replace(
        holder, name="𠮷野　髙﨑", address="大阪府大阪市北区梅田１－１－１　ﾃｽﾄ①"
    )
    read = MyNumberCard(VirtualMyNumberCard(odd, key=card.key)).read_confirmation(
        CannedPin(), TODAY
    )
    assert read.basic_four.name == "𠮷野　髙﨑"
    assert read.basic_four.address == "大阪府大阪市北区梅田１－１－１　ﾃｽﾄ①"


def test_long_basic_four_is_read_in_chunks(holder: CardHolder, card: VirtualMyNumberCard) -> None:
    long_address = "北海道" + "長い地名" * 60 + "１２－７－２０２"
    variant = VirtualMyNumberCard(dataclasses.replace(holder, address=long_address), key=card.key)
    counting = CountingTransport(variant)
    read = MyNumberCard(counting).read_confirmation(CannedPin(), TODAY)
    assert read.basic_four.address == long_address
    assert counting.count == 13 + 3  # EF0002 of ~770 bytes needs 3 more chunks


def test_expired_card_is_reported_not_refused(card: VirtualMyNumberCard) -> None:
    expired = VirtualMyNumberCard(card.holder, VirtualCardOptions(expired=True), card.key)
    info = MyNumberCard(expired).read_common_info(TODAY)
    assert info.expired is True
    assert info.expiry < TODAY
    with pytest.raises(ExpiredCard):
        require_not_expired(info)
    assert require_not_expired(MyNumberCard(card).read_common_info(TODAY)) is not None


def test_expiry_day_itself_is_still_valid(card: VirtualMyNumberCard) -> None:
    info = MyNumberCard(card).read_common_info(card.holder.expiry)
    assert info.expired is False
    assert MyNumberCard(card).read_common_info(card.holder.expiry + dt.timedelta(days=1)).expired


def test_not_a_my_number_card(card: VirtualMyNumberCard) -> None:
    other = VirtualMyNumberCard(card.holder, VirtualCardOptions(not_my_number_card=True), card.key)
    with pytest.raises(NotAMyNumberCard):
        MyNumberCard(other).read_confirmation(CannedPin(), TODAY)
    with pytest.raises(NotAMyNumberCard):
        MyNumberCard(other).check_token()


def test_old_juki_card_token_is_not_a_my_number_card(card: VirtualMyNumberCard) -> None:
    old = VirtualMyNumberCard(card.holder, VirtualCardOptions(token="JPKIAPICCTOKEN"), card.key)
    with pytest.raises(NotAMyNumberCard):
        MyNumberCard(old).check_token()


def test_tries_query_does_not_spend_a_try(card: VirtualMyNumberCard) -> None:
    session = MyNumberCard(card)
    session.kenhojo.select()
    assert session.kenhojo.query_pin().tries_left == 3
    assert session.kenhojo.query_pin().tries_left == 3
    assert card.key_state(apdu.AID_KENHOJO, 0x11).tries_left == 3


def test_wrong_pin_reports_tries_left_and_nothing_is_read(card: VirtualMyNumberCard) -> None:
    prompt = CannedPin("9999")
    with pytest.raises(WrongPin) as caught:
        MyNumberCard(card).read_confirmation(prompt, TODAY)
    assert caught.value.tries_left == 2
    assert prompt.asked == [(PinKind.KENHOJO, 3)]
    assert "9999" not in str(caught.value)


def test_last_try_needs_confirmation(card: VirtualMyNumberCard) -> None:
    card.key_state(apdu.AID_KENHOJO, 0x11).tries_left = 1
    prompt = CannedPin()
    with pytest.raises(LastTryNeedsConfirmation):
        MyNumberCard(card).read_confirmation(prompt, TODAY)
    assert prompt.asked == []  # the PIN was not even asked for
    assert card.key_state(apdu.AID_KENHOJO, 0x11).tries_left == 1
    read = MyNumberCard(card).read_confirmation(prompt, TODAY, confirm_last_try=True)
    assert read.tries_left_before == 1
    assert card.key_state(apdu.AID_KENHOJO, 0x11).tries_left == 3


def test_exhausting_the_counter_blocks_the_pin(card: VirtualMyNumberCard) -> None:
    wrong = CannedPin("0000")
    for expected in (2, 1):
        with pytest.raises(WrongPin) as caught:
            MyNumberCard(card).read_confirmation(wrong, TODAY, confirm_last_try=True)
        assert caught.value.tries_left == expected
    with pytest.raises(PinBlocked):
        MyNumberCard(card).read_confirmation(wrong, TODAY, confirm_last_try=True)
    with pytest.raises(PinBlocked) as blocked:
        MyNumberCard(card).read_confirmation(CannedPin(), TODAY, confirm_last_try=True)
    assert blocked.value.sw == 0x6984
    assert "municipality counter" in str(blocked.value)


def test_reading_before_verify_is_refused(card: VirtualMyNumberCard) -> None:
    session = MyNumberCard(card)
    session.kenhojo.select()
    with pytest.raises(SecurityStatusNotSatisfied):
        session.kenhojo.read_my_number()


def test_missing_file_gives_file_not_found(card: VirtualMyNumberCard) -> None:
    session = MyNumberCard(card)
    session.kenhojo.select()
    with pytest.raises(FileNotFound):
        session.session.expect_ok(apdu.select_ef(0x0099))


@pytest.mark.parametrize(
    ("tamper", "check"),
    [
        (Tamper.BASIC_FOUR, "基本4情報 digest"),
        (Tamper.MY_NUMBER, "個人番号 digest"),
        (Tamper.SIGNATURE, "EF0003 signature"),
    ],
)
def test_integrity_failures(card: VirtualMyNumberCard, tamper: Tamper, check: str) -> None:
    damaged = VirtualMyNumberCard(card.holder, VirtualCardOptions(tamper=tamper), card.key)
    with pytest.raises(IntegrityError) as caught:
        MyNumberCard(damaged).read_confirmation(CannedPin(), TODAY)
    assert caught.value.check == check


@pytest.mark.parametrize("after", [0, 3, 6, 9, 12])
def test_removal_mid_read_gives_card_removed_and_no_result(
    card: VirtualMyNumberCard, after: int
) -> None:
    removed = VirtualMyNumberCard(
        card.holder, VirtualCardOptions(remove_after_apdus=after), card.key
    )
    result = None
    with pytest.raises(CardRemoved):
        result = MyNumberCard(removed).read_confirmation(CannedPin(), TODAY)
    assert result is None


def test_juki_pin_verify(card: VirtualMyNumberCard) -> None:
    session = MyNumberCard(card)
    status = session.verify_juki_pin(CannedPin("1234"))
    assert status.tries_left == 3
    session2 = MyNumberCard(card)
    with pytest.raises(WrongPin):
        session2.verify_juki_pin(CannedPin("4321"))
    session2.juki.select()
    assert session2.juki.query_pin().tries_left == 2


def test_bad_check_digit_on_card_is_malformed(
    holder: CardHolder, card: VirtualMyNumberCard
) -> None:
    bad = VirtualMyNumberCard(dataclasses.replace(holder, my_number="123456789012"), key=card.key)
    with pytest.raises(MalformedCardData) as caught:
        MyNumberCard(bad).read_confirmation(CannedPin(), TODAY)
    assert caught.value.field == "個人番号"
    assert "123456789012" not in str(caught.value)


class _Replay:
    """Transport that answers every APDU from a list of canned raw responses, then garbage."""

    def __init__(self, answers: list[bytes]) -> None:
        self._answers = list(answers)

    def transmit(self, apdu_bytes: bytes) -> bytes:
        del apdu_bytes
        return self._answers.pop(0) if self._answers else b""


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=300), max_size=16))
def test_fuzz_response_handling_gives_typed_errors_only(answers: list[bytes]) -> None:
    result = None
    try:
        result = MyNumberCard(_Replay(answers)).read_confirmation(
            CannedPin(), TODAY, confirm_last_try=True
        )
    except CardError:
        assert result is None
        return
    raise AssertionError("random answers cannot form a signed, consistent card")


@settings(max_examples=300)
@given(st.binary(max_size=600))
def test_fuzz_file_decoders(raw: bytes) -> None:
    from hardware import mynumber

    for decode in (
        mynumber.parse_my_number_file,
        mynumber.parse_basic_four_file,
        mynumber.parse_integrity_file,
        mynumber.parse_certificate_key,
        lambda data: mynumber.parse_common_record(data, TODAY),
    ):
        with contextlib.suppress(MalformedCardData):
            decode(raw)
