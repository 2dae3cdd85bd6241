"""Typed card errors: every failure a card read can meet, carrying data, never personal values.

Messages name the field or the condition, never a PIN, a 個人番号 or a card payload, so an
exception can be logged or shown to staff without leaking what the card holds.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of every error raised by the card layer."""


class CardRemoved(CardError):
    """The card left the reader (or was reset) before the operation finished."""

    def __init__(self, reason: str = "the card was removed from the reader") -> None:
        super().__init__(reason)


class ReaderUnavailable(CardError):
    """No reader, the PC/SC service is not running, or the reader vanished."""

    def __init__(self, reason: str = "no card reader is available") -> None:
        super().__init__(reason)


class VirtualReaderRefused(ReaderUnavailable):
    """A virtual reader (vpcd) outside training: anybody on the network could feed it a card."""

    def __init__(self) -> None:
        super().__init__("a virtual card reader (vpcd) is usable in training mode only")


class NotAMyNumberCard(CardError):
    """The card in the reader does not hold the My Number card applications."""

    def __init__(self, reason: str = "the card is not a My Number card") -> None:
        super().__init__(reason)


class MalformedCardData(CardError):
    """Bytes from the card (or a response) do not have the documented shape."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class IntegrityError(CardError):
    """A digest or the signature of the integrity record (EF0003) does not match."""

    def __init__(self, check: str) -> None:
        self.check = check
        super().__init__(f"integrity check failed: {check}")


class ExpiredCard(CardError):
    """The card is past its expiry date (raised only by callers that refuse expired cards)."""

    def __init__(self) -> None:
        super().__init__("the card has expired")


class StatusWordError(CardError):
    """The card answered with a status word other than success; ``sw`` holds it."""

    def __init__(self, sw: int, reason: str) -> None:
        self.sw = sw
        super().__init__(f"{reason} (SW {sw:04X})")


class WrongPin(StatusWordError):
    """The PIN did not match; ``tries_left`` attempts remain before the key is blocked."""

    def __init__(self, tries_left: int, sw: int | None = None) -> None:
        self.tries_left = tries_left
        super().__init__(
            0x63C0 | tries_left if sw is None else sw, f"wrong PIN, {tries_left} tries left"
        )


class PinBlocked(StatusWordError):
    """The PIN is blocked; only the municipality counter can reset it."""

    ADVICE = (
        "the PIN is blocked: it must be reset at the municipality counter, with the card "
        "holder present and their identity documents"
    )

    def __init__(self, sw: int = 0x6984) -> None:
        super().__init__(sw, self.ADVICE)


class SecurityStatusNotSatisfied(StatusWordError):
    """The file needs a PIN (or other key) that has not been verified in this session."""

    def __init__(self, sw: int = 0x6982) -> None:
        super().__init__(sw, "security status not satisfied: verify the PIN first")


class FileNotFound(StatusWordError):
    """The application or elementary file does not exist on this card."""

    def __init__(self, sw: int = 0x6A82) -> None:
        super().__init__(sw, "file or application not found")


class WrongLength(StatusWordError):
    """Wrong Le/Lc; ``exact_length`` is the length the card asked for (6Cxx), if it said."""

    def __init__(self, sw: int, exact_length: int | None) -> None:
        self.exact_length = exact_length
        super().__init__(sw, "wrong length")


class EndOfFile(StatusWordError):
    """The read offset is at or beyond the end of the file (6B00, or 6282)."""

    def __init__(self, sw: int = 0x6B00) -> None:
        super().__init__(sw, "end of file")


class UnexpectedStatus(StatusWordError):
    """A status word this layer has no specific meaning for."""

    def __init__(self, sw: int) -> None:
        super().__init__(sw, "unexpected status word")


class PinFormatError(CardError):
    """The PIN given by the operator has the wrong shape; it was not sent to the card."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"PIN: {reason}")


class PinEntryCancelled(CardError):
    """The operator cancelled the PIN prompt; nothing was sent to the card."""

    def __init__(self) -> None:
        super().__init__("PIN entry cancelled")


class LastTryNeedsConfirmation(CardError):
    """Only one try is left: the PIN is sent only with the operator's explicit confirmation."""

    def __init__(self, tries_left: int = 1) -> None:
        self.tries_left = tries_left
        super().__init__(
            "only one PIN try is left: a wrong PIN would block the card; "
            "confirm explicitly before trying"
        )
