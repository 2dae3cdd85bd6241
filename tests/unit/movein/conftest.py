"""Fixtures of the 特例転入 tests (the helpers live in movein_support.py)."""

from movein_support import world

__all__ = ["world"]
