"""Ports of the card layer: what card sessions need from readers, prompts and vendor modules.

Adapters (``hardware.pcsc``, the virtual card) and test fakes implement these protocols; the
card logic in ``hardware.mynumber`` only ever sees them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Transport(Protocol):
    """Sends one command APDU and returns the response APDU (data followed by SW1 SW2)."""

    def transmit(self, apdu: bytes) -> bytes:
        """Exchange one APDU; raises CardRemoved / ReaderUnavailable on loss of the card."""
        ...


class CardConnection(Transport, Protocol):
    """A transport bound to one inserted card; dead after the card is removed."""

    def close(self) -> None:
        """Release the card; the connection is never reused afterwards."""
        ...


class CardEventKind(enum.Enum):
    """What a card monitor saw happen in a reader."""

    INSERTED = "inserted"
    REMOVED = "removed"
    # A reader is there and holds no card: reported once for each reader when the monitor
    # first sees it (at start, or when pcscd comes back), so the state is known at once.
    READER_EMPTY = "reader_empty"
    # No reader at all: the PC/SC service is down, or it runs with no reader attached.
    READER_UNAVAILABLE = "reader_unavailable"


@dataclass(frozen=True)
class CardEvent:
    """A card insertion or removal in the reader named ``reader``."""

    kind: CardEventKind
    reader: str


class CardReader(Protocol):
    """Lists readers and opens connections to the card in one of them."""

    def list_readers(self) -> list[str]:
        """Names of the readers currently known to the PC/SC service."""
        ...

    def connect(self, reader_name: str | None = None) -> CardConnection:
        """Connect to the card in ``reader_name``, or in the first reader holding a card."""
        ...


class CardMonitor(Protocol):
    """Reports card insertions and removals through a callback, from its own thread.

    Its first poll establishes the state: INSERTED for each reader holding a card,
    READER_EMPTY for each empty one, READER_UNAVAILABLE when there is no reader.
    """

    def start(self, callback: Callable[[CardEvent], None]) -> None:
        """Begin watching; ``callback`` is called from the monitor's thread."""
        ...

    def stop(self) -> None:
        """Stop watching and wait for the monitor thread to end."""
        ...


class PinKind(enum.Enum):
    """Which card PIN a prompt asks for."""

    KENHOJO = "券面事項入力補助用暗証番号"
    JUKI = "住民基本台帳用暗証番号"


class PinPrompt(Protocol):
    """Asks the operator (or the card holder) for a PIN; implemented by ui/ and by tests."""

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray | str | None:
        """The PIN typed for ``kind`` (shown with ``tries_left``), or None if cancelled.

        Return a bytearray where possible: the card layer zeroes it after the VERIFY.
        """
        ...


class LastTryPrompt(Protocol):
    """Asked when a PIN has one try left, before any PIN is asked for or sent."""

    def confirm_last_try(self, kind: PinKind) -> bool:
        """True only when the operator explicitly agrees to risk blocking ``kind``'s PIN."""
        ...


class GuardedPinPrompt(PinPrompt, LastTryPrompt, Protocol):
    """A PinPrompt that also answers the last-try question when it arises (at VERIFY time)."""


class ResidentCodeSource(Protocol):
    """Obtains the 住民票コード for the card in ``session`` (vendor module, simulator, operator)."""

    def resident_code(self, session: Transport) -> str | None:
        """The 11-digit 住民票コード, or None if this source cannot provide it."""
        ...


class ResidentCodePrompt(Protocol):
    """Operator entry of a 住民票コード, for the fallback source."""

    def enter_resident_code(self) -> str | None:
        """The code typed by the operator, or None if cancelled."""
        ...

    def warn(self, message: str) -> None:
        """Show a non-blocking warning (e.g. an unconfirmed check digit)."""
        ...
