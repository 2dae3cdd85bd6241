"""PIN policy: query tries first, guard the last try, never keep or log a PIN.

- The tries left are always queried (empty VERIFY, no try spent) and reported to the prompt
  before a PIN is asked for.
- With one try left, no PIN is asked for or sent without explicit confirmation: a wrong PIN
  would block the card. The answer is given beforehand (``confirm_last_try=True``, the
  command line's flag; ``False`` raises :class:`LastTryNeedsConfirmation`) or asked at that
  moment through a :class:`~hardware.ports.LastTryPrompt` (a "no" raises
  :class:`PinEntryCancelled`: nothing was sent).
- A blocked PIN raises :class:`PinBlocked`, whose message tells staff what to do.
- The PIN is copied into a bytearray that is zeroed right after the VERIFY; a bytearray
  handed in by the prompt is zeroed too. Python cannot promise that no other copy exists
  (the transport's own buffers), but the card layer keeps none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeAlias

from hardware.errors import (
    LastTryNeedsConfirmation,
    PinBlocked,
    PinEntryCancelled,
    PinFormatError,
)
from hardware.ports import LastTryPrompt, PinKind, PinPrompt

PIN_LENGTH = 4

LastTryAnswer: TypeAlias = bool | LastTryPrompt
"""Whether a PIN may be sent on its last try: decided beforehand, or a prompt to ask then."""


@dataclass(frozen=True)
class PinStatus:
    """Tries left on a key (None: the key has no retry limit) and whether it is verified."""

    tries_left: int | None
    verified: bool = False


class PinKey(Protocol):
    """A PIN-protected key reference on the card (入力補助 0011, 住基 001C...)."""

    def query_pin(self) -> PinStatus:
        """Tries left, without spending one; raises PinBlocked for a blocked key."""
        ...

    def verify_pin(self, pin: bytearray) -> None:
        """VERIFY ``pin``; raises WrongPin / PinBlocked on failure."""
        ...


def wipe(buffer: bytearray) -> None:
    """Overwrite ``buffer`` with zeros in place."""
    for i in range(len(buffer)):
        buffer[i] = 0


def pin_to_buffer(pin: bytearray | str) -> bytearray:
    """Copy a 4-digit PIN into a fresh bytearray, refusing anything else (nothing is sent)."""
    buffer = bytearray(pin.encode("ascii", "replace")) if isinstance(pin, str) else bytearray(pin)
    if len(buffer) != PIN_LENGTH or not all(0x30 <= b <= 0x39 for b in buffer):
        wipe(buffer)
        raise PinFormatError(f"must be exactly {PIN_LENGTH} digits")
    return buffer


def check_tries(status: PinStatus, kind: PinKind, confirm_last_try: LastTryAnswer) -> None:
    """Apply the policy to a queried status before any PIN is asked for or sent."""
    if status.tries_left == 0:
        raise PinBlocked()
    if status.tries_left != 1:
        return
    if isinstance(confirm_last_try, bool):
        if not confirm_last_try:
            raise LastTryNeedsConfirmation(1)
    elif not confirm_last_try.confirm_last_try(kind):
        raise PinEntryCancelled()


def verify_with_policy(
    key: PinKey, kind: PinKind, prompt: PinPrompt, *, confirm_last_try: LastTryAnswer = False
) -> PinStatus:
    """Query tries, apply the policy, ask the prompt for the PIN and VERIFY it.

    Returns the status as queried *before* the VERIFY (what staff were shown). Raises
    PinBlocked, LastTryNeedsConfirmation, PinEntryCancelled, PinFormatError or WrongPin.
    """
    status = key.query_pin()
    if status.verified:
        return status
    check_tries(status, kind, confirm_last_try)
    answer = prompt.ask_pin(kind, status.tries_left)
    if answer is None:
        raise PinEntryCancelled()
    try:
        buffer = pin_to_buffer(answer)
    finally:
        if isinstance(answer, bytearray):
            wipe(answer)
    try:
        key.verify_pin(buffer)
    finally:
        wipe(buffer)
    return status
