"""Fixtures of the gateway tests: the 特例転入 world of tests/support/movein.py."""

from tests.support.movein import world

__all__ = ["world"]
