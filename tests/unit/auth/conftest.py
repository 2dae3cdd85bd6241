"""Fixtures of the auth tests: the training container on a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from auth_support import make_container

from app import bootstrap
from app.clock import ManualClock


@pytest.fixture
def container(
    sqlite_db_url: str, tmp_path: Path, clock: ManualClock
) -> Iterator[bootstrap.Container]:
    """The training container on a fresh SQLite file."""
    built = make_container(sqlite_db_url, tmp_path, clock)
    yield built
    built.close()
