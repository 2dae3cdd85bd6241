"""Fixtures of the command-line tests: the card-layer tests' virtual card, shared, not copied."""

from tests.unit.hardware.conftest import card, holder

__all__ = ["card", "holder"]
