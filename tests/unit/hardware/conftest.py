"""Shared fixtures for card-layer unit tests: holders, virtual cards and canned prompts."""

from __future__ import annotations

import pytest

from hardware.virtual_card import CardHolder, VirtualMyNumberCard, sample_holder


@pytest.fixture
def holder() -> CardHolder:
    """The synthetic holder of MYNUMBER_CARD.md §6.4."""
    return sample_holder()


@pytest.fixture
def card(holder: CardHolder) -> VirtualMyNumberCard:
    """A fresh virtual card for ``holder``."""
    return VirtualMyNumberCard(holder)
