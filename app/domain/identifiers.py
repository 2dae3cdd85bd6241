"""個人番号 and 住民票コード: format and check-digit rules (MYNUMBER_CARD.md §4).

Both use the same modulus-11 scheme: weights 2..7 from the lowest digit, cycling, and a
remainder of 0 or 1 gives check digit 0. For the 個人番号 this is 総務省令第85号 第5条. For the
住民票コード the 告示 text was not found, so a mismatch there is a *warning* (see
:func:`resident_code_status`), never a refusal.
"""

from __future__ import annotations

import enum

from app.domain.errors import InvalidCheckDigit, InvalidFormat

MY_NUMBER_LENGTH = 12
RESIDENT_CODE_LENGTH = 11


def _mod11_check_digit(body: str) -> int:
    """Check digit for ``body`` (digits only): Σ Pn·Qn with Qn = 2..7, 2..6 from the right."""
    total = 0
    for n, ch in enumerate(reversed(body), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(ch) * weight
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def _require_digits(field: str, value: str, length: int) -> None:
    if len(value) != length or not value.isascii() or not value.isdigit():
        raise InvalidFormat(field, f"must be exactly {length} ASCII digits")


def my_number_check_digit(first11: str) -> int:
    """The 検査用数字 for the first 11 digits of a 個人番号."""
    _require_digits("個人番号", first11, MY_NUMBER_LENGTH - 1)
    return _mod11_check_digit(first11)


def validate_my_number(value: str) -> str:
    """Return ``value`` if it is a well-formed 個人番号; raise a field-named error otherwise."""
    _require_digits("個人番号", value, MY_NUMBER_LENGTH)
    if _mod11_check_digit(value[:-1]) != int(value[-1]):
        raise InvalidCheckDigit("個人番号", "check digit does not match")
    return value


def is_valid_my_number(value: str) -> bool:
    """True when ``value`` is a 12-digit 個人番号 with a correct check digit."""
    try:
        validate_my_number(value)
    except (InvalidFormat, InvalidCheckDigit):
        return False
    return True


def make_my_number(first11: str) -> str:
    """Complete 11 digits into a 個人番号 (used by the demo population and fixtures)."""
    return first11 + str(my_number_check_digit(first11))


class CheckDigitStatus(enum.Enum):
    """Outcome of the provisional 住民票コード check-digit test."""

    OK = "ok"
    MISMATCH_WARNING = "mismatch_warning"


def resident_code_check_digit(first10: str) -> int:
    """The assumed 検査数字 for the first 10 digits of a 住民票コード (unverified formula)."""
    _require_digits("住民票コード", first10, RESIDENT_CODE_LENGTH - 1)
    return _mod11_check_digit(first10)


def resident_code_status(value: str) -> CheckDigitStatus:
    """Validate the format of a 住民票コード (refusing bad formats) and grade its check digit.

    A wrong length or non-digits is an error. A check digit that disagrees with the assumed
    formula only yields ``MISMATCH_WARNING``: the official 算式 (平成14年総務省告示第436号)
    has not been confirmed, so the terminal must not refuse a code it might be wrong about.
    """
    _require_digits("住民票コード", value, RESIDENT_CODE_LENGTH)
    if _mod11_check_digit(value[:-1]) == int(value[-1]):
        return CheckDigitStatus.OK
    return CheckDigitStatus.MISMATCH_WARNING


def make_resident_code(first10: str) -> str:
    """Complete 10 digits into a 住民票コード that satisfies the assumed formula."""
    return first10 + str(resident_code_check_digit(first10))


def mask_my_number(value: str) -> str:
    """The masked display form of a 個人番号: every digit hidden but the grouping kept."""
    return "●●●● ●●●● ●●●●" if value else ""
