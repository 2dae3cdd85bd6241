"""A virtual My Number card: direct Transport for unit tests, vpcd client for PC/SC tests and demo.

Test equipment only: never wire it in a production build (app/bootstrap.py chooses).
"""

from hardware.virtual_card.card import (
    EofStyle,
    OverRead,
    Tamper,
    VirtualCardOptions,
    VirtualMyNumberCard,
)
from hardware.virtual_card.holder import CardHolder, CardPins, load_holder, sample_holder
from hardware.virtual_card.resident_code import SimulatedResidentCodeSource
from hardware.virtual_card.vpcd import VpcdCardClient

__all__ = [
    "CardHolder",
    "CardPins",
    "EofStyle",
    "OverRead",
    "SimulatedResidentCodeSource",
    "Tamper",
    "VirtualCardOptions",
    "VirtualMyNumberCard",
    "VpcdCardClient",
    "load_holder",
    "sample_holder",
]
