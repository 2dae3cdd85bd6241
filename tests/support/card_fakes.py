"""Hand-written fakes for card-layer tests (no mocks)."""

from __future__ import annotations

import datetime as dt

from hardware.ports import PinKind

TODAY = dt.date(2025, 4, 1)


class CannedPin:
    """PinPrompt fake: answers with a fixed PIN and records what it was shown."""

    def __init__(self, pin: str | bytearray | None = "1234") -> None:
        self.pin = pin
        self.asked: list[tuple[PinKind, int | None]] = []
        self.handed_out: list[bytearray] = []

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray | str | None:
        """Record the question and hand out a fresh copy of the PIN."""
        self.asked.append((kind, tries_left))
        if isinstance(self.pin, str):
            buffer = bytearray(self.pin.encode("utf-8"))
            self.handed_out.append(buffer)
            return buffer
        return self.pin


class TypedCode:
    """ResidentCodePrompt fake: the operator types a canned code (None: cancel); warnings kept."""

    def __init__(self, code: str | None) -> None:
        self.code = code
        self.warnings: list[str] = []

    def enter_resident_code(self) -> str | None:
        """The canned code."""
        return self.code

    def warn(self, message: str) -> None:
        """Acknowledge the warning."""
        self.warnings.append(message)
