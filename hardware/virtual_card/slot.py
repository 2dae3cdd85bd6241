"""The training card slot: puts one virtual card at a time into the vpcd reader.

Training mode only. Inserting a card connects a :class:`VpcdCardClient` for the holder;
removing it disconnects, which pcscd reports as a card removal like a real one.
"""

from __future__ import annotations

import threading
from typing import Any

from hardware.virtual_card.card import VirtualMyNumberCard
from hardware.virtual_card.holder import CardHolder
from hardware.virtual_card.vpcd import VpcdCardClient


class TrainingCardSlot:
    """Holds at most one virtual card in the virtual reader."""

    def __init__(self) -> None:
        self._client: VpcdCardClient | None = None
        self._lock = threading.Lock()

    def insert(self, holder: dict[str, Any]) -> None:
        """Put the card of ``holder`` (CardHolder.to_dict form) into the reader."""
        card = VirtualMyNumberCard(CardHolder.from_dict(holder))
        with self._lock:
            self._remove_locked()
            self._client = VpcdCardClient(card)
            self._client.insert()

    def remove(self) -> None:
        """Take the card out of the reader."""
        with self._lock:
            self._remove_locked()

    def _remove_locked(self) -> None:
        if self._client is not None:
            self._client.remove()
        self._client = None
