"""Fixtures for the real PC/SC tier (marker ``pcsc``): a private pcscd and virtual cards on vpcd.

``pcscd_service`` (session) starts ``pcscd --foreground`` unless one is already running and
stops only a pcscd it started. ``virtual_card_in_reader`` (function) inserts virtual cards
as vpcd clients and removes them afterwards. Every wait is a bounded poll.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.pcscd_service import PcscdService, pcscd_unavailable_reason, wait_for_card
from hardware.virtual_card import (
    VirtualCardOptions,
    VirtualMyNumberCard,
    VpcdCardClient,
    sample_holder,
)

InsertCard = Callable[..., VpcdCardClient]


@pytest.fixture(scope="session")
def pcscd_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscdService]:
    """A running pcscd with the vpcd reader; skipped with a reason when it cannot run here."""
    reason = pcscd_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    log_path: Path = tmp_path_factory.mktemp("pcscd") / "pcscd.log"
    service = PcscdService(log_path)
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def virtual_card_in_reader(pcscd_service: PcscdService) -> Iterator[InsertCard]:
    """Factory: insert a virtual card into the vpcd slot and wait until pcscd sees it."""
    clients: list[VpcdCardClient] = []

    def insert(
        card: VirtualMyNumberCard | None = None,
        options: VirtualCardOptions | None = None,
        remove_after_apdus: int | None = None,
    ) -> VpcdCardClient:
        card = card or VirtualMyNumberCard(sample_holder(), options)
        if not any(c.running for c in clients):
            wait_for_card(False)  # a just-removed card may still be reported for a moment
        client = VpcdCardClient(card, remove_after_apdus=remove_after_apdus)
        client.insert()
        clients.append(client)
        wait_for_card(True)
        return client

    yield insert
    for client in clients:
        client.remove()
    if clients:
        with contextlib.suppress(TimeoutError):
            wait_for_card(False)
