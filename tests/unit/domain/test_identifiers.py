"""個人番号 format and check-digit rules (app/domain/identifiers.py), on the worked examples."""

from __future__ import annotations

import pytest

from app.domain.errors import InvalidCheckDigit, InvalidFormat
from app.domain.identifiers import (
    CheckDigitStatus,
    is_valid_my_number,
    make_my_number,
    make_resident_code,
    resident_code_status,
    validate_my_number,
)

WORKED_EXAMPLES = ["123456789018", "983205673214", "537686677188"]


@pytest.mark.parametrize("number", WORKED_EXAMPLES)
def test_worked_examples_are_valid(number: str) -> None:
    assert validate_my_number(number) == number
    assert is_valid_my_number(number)
    assert make_my_number(number[:11]) == number


@pytest.mark.parametrize("number", WORKED_EXAMPLES)
def test_every_wrong_last_digit_is_rejected(number: str) -> None:
    for digit in "0123456789":
        if digit == number[-1]:
            continue
        wrong = number[:-1] + digit
        with pytest.raises(InvalidCheckDigit) as info:
            validate_my_number(wrong)
        assert info.value.field == "個人番号"
        assert wrong not in str(info.value)
        assert not is_valid_my_number(wrong)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12345678901",
        "1234567890188",
        "12345678901a",
        "１２３４５６７８９０１８",
        "1234 5678 9018",
    ],
)
def test_bad_format_names_the_field_not_the_value(value: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        validate_my_number(value)
    assert info.value.field == "個人番号"
    if value:
        assert value not in str(info.value)
    assert not is_valid_my_number(value)


def test_resident_code_bad_format_is_refused_but_bad_check_digit_only_warns() -> None:
    with pytest.raises(InvalidFormat) as info:
        resident_code_status("1234")
    assert info.value.field == "住民票コード"
    good = make_resident_code("1234567890")
    assert resident_code_status(good) is CheckDigitStatus.OK
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert resident_code_status(wrong) is CheckDigitStatus.MISMATCH_WARNING
