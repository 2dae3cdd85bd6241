"""ResidentCodeSource adapters that need no vendor module: operator entry and a fallback chain.

No public APDU sequence reads the 住民票コード (MYNUMBER_CARD.md §2.4): a real deployment
plugs in the 統合端末 vendor's module; the virtual card has a simulated one
(``hardware.virtual_card.resident_code``); otherwise the operator types the code.
"""

from __future__ import annotations

from app.domain.identifiers import CheckDigitStatus, resident_code_status
from hardware.ports import ResidentCodePrompt, ResidentCodeSource, Transport

CHECK_DIGIT_WARNING = (
    "住民票コード: the check digit does not match the assumed formula "
    "(平成14年総務省告示第436号 not confirmed); check the code against the register"
)


class OperatorEntryResidentCodeSource:
    """The operator types the 住民票コード; the format is enforced, the check digit only warned.

    A wrong format raises the domain's InvalidFormat (naming the field). A check-digit
    mismatch is a warning through the prompt, never a refusal, because the official formula
    is unconfirmed.
    """

    def __init__(self, prompt: ResidentCodePrompt) -> None:
        self._prompt = prompt

    def resident_code(self, session: Transport) -> str | None:
        """Ask the operator; ``session`` is not used (the card is not read)."""
        del session
        code = self._prompt.enter_resident_code()
        if code is None:
            return None
        code = code.strip()
        if resident_code_status(code) is CheckDigitStatus.MISMATCH_WARNING:
            self._prompt.warn(CHECK_DIGIT_WARNING)
        return code


class FirstAvailableResidentCodeSource:
    """Tries each source in order (e.g. vendor module, then operator entry)."""

    def __init__(self, *sources: ResidentCodeSource) -> None:
        self._sources = sources

    def resident_code(self, session: Transport) -> str | None:
        """The first code any source provides, or None."""
        for source in self._sources:
            code = source.resident_code(session)
            if code is not None:
                return code
        return None
