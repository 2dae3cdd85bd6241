"""Fixtures for the identity-search tests (helpers live in search_register.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from search_register import Register, make_register, operator

from app.domain.rights import OperatorSession, Right


@pytest.fixture
def register(sqlite_db_url: str) -> Iterator[Register]:
    """An empty register on a fresh SQLite file."""
    reg = make_register(sqlite_db_url)
    yield reg
    reg.engine.dispose()


@pytest.fixture
def searcher() -> OperatorSession:
    """An operator with the search right only."""
    return operator(Right.SEARCH)


@pytest.fixture
def make_operator() -> Callable[..., OperatorSession]:
    """Build an operator session with the given rights."""
    return operator
