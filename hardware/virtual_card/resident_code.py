"""The virtual card's ResidentCodeSource: a SIMULATED vendor-style proprietary read.

No public APDU reads the 住民票コード (MYNUMBER_CARD.md §2.4). A real terminal uses the
統合端末 vendor's module. The virtual card answers an invented command ``80 F8 00 00 0B``
(only after the 住基 PIN was verified in the 住基AP) so that demo and tests can exercise the
flow. A real card answers 6D00/6E00, and this source then returns None.
"""

from __future__ import annotations

from hardware import apdu
from hardware.ports import Transport
from hardware.virtual_card.card import CLA_PROPRIETARY, INS_SIMULATED_RESIDENT_CODE

RESIDENT_CODE_LENGTH = 11


class SimulatedResidentCodeSource:
    """Reads the 住民票コード with the virtual card's proprietary command (after the 住基 PIN)."""

    def resident_code(self, session: Transport) -> str | None:
        """The code, or None when the card does not answer the simulated command."""
        command = apdu.build(
            CLA_PROPRIETARY, INS_SIMULATED_RESIDENT_CODE, 0x00, 0x00, le=RESIDENT_CODE_LENGTH
        )
        response = apdu.parse_response(session.transmit(command))
        if response.sw != apdu.SW_OK:
            if response.sw == 0x6982:
                apdu.check_status(response.sw)
            return None
        data = response.data
        if len(data) != RESIDENT_CODE_LENGTH or not all(0x30 <= b <= 0x39 for b in data):
            return None
        return data.decode("ascii")
