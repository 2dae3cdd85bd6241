"""Which key a card operation used, and the operator-entry fallback for the 住民票コード.

No public card command gives the 住民票コード (docs/CARD.md): a vendor module does, the
virtual card simulates one, and without either the operator types it from the resident's
documents (``hardware.resident_code.OperatorEntryResidentCodeSource``: format enforced,
check digit only warned). The operator is asked *before* the card is touched, so a
cancelled entry reads nothing. The key used is logged as one of the ``KEY_*`` values,
never the 個人番号 itself.
"""

from __future__ import annotations

from app.domain.errors import DomainError
from hardware.ports import ResidentCodeSource, Transport

KEY_RESIDENT_CODE_CARD = "resident_code_card"
KEY_RESIDENT_CODE_ENTERED = "resident_code_entered"
KEY_MY_NUMBER = "my_number"


class ResidentCodeEntryCancelled(DomainError):
    """The operator cancelled the entry of the 住民票コード: nothing was read."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "entry was cancelled by the operator")


def entered_resident_code(entry: ResidentCodeSource, transport: Transport) -> str:
    """The code the operator typed (format already enforced by the source).

    Raises ResidentCodeEntryCancelled when the operator cancels, and the domain's
    InvalidFormat (naming the field) for a code that is not 11 digits.
    """
    code = entry.resident_code(transport)
    if code is None:
        raise ResidentCodeEntryCancelled()
    return code
