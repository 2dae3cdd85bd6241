"""UI tests: offscreen Qt, the training container with a manual clock and a simulated sensor."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # (imports below run after the platform is chosen)
from pathlib import Path

import pytest
from ui_support import make_container

from app import bootstrap
from app.clock import ManualClock
from ui.card_worker import CardJobs


@pytest.fixture
def container(
    sqlite_db_url: str, tmp_path: Path, clock: ManualClock
) -> Iterator[bootstrap.Container]:
    """The training container (demo staff, DEMO-01) on a fresh SQLite file."""
    built = make_container(sqlite_db_url, tmp_path, clock)
    yield built
    built.close()


@pytest.fixture
def card_jobs(qapp: object) -> Iterator[CardJobs]:
    """The hardware worker thread a window shares with its views (stopped afterwards)."""
    del qapp
    jobs = CardJobs()
    yield jobs
    jobs.stop()
