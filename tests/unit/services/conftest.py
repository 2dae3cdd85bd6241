"""Fixtures of the service tests, defined once in tests/support/ and shared with other folders."""

from tests.support.auth import container
from tests.support.movein import pending_world, world
from tests.support.search_register import make_operator, register, searcher

__all__ = ["container", "make_operator", "pending_world", "register", "searcher", "world"]
