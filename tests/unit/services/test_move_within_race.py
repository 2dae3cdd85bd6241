"""Clerks entering a 転居 for the same resident at once: one pending change, clear refusals.

Runs on SQLite and PostgreSQL (``db_url``): the resident and the pending changes are read
under the write lock, and the unique index behind it is refused as AlreadyPending.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from app.db.models.movein import PendingChange
from app.domain.rights import Right
from app.services import move_within as move_within_module
from app.services.move_in import AlreadyPending
from tests.support.movein import World, make_world, operator

CLERKS = 8
RESIDENT = "11111111119"  # the head of World.add_household's household
NEW_ADDRESS = {
    "postal_code": "9638001",
    "address": "福島県郡山市大町二丁目",
    "address_lot": "１番１号",
}
MOVED_ON = dt.date(2026, 4, 1)


@pytest.fixture
def shared_world(db_url: str) -> Iterator[World]:
    """The move-in world on the ``db_url`` register, with one current resident."""
    for world in make_world(db_url):
        world.add_household()
        yield world


def _pending(world: World) -> list[str]:
    with world.uow.begin() as session:
        return list(
            session.scalars(
                select(PendingChange.resident_code).where(PendingChange.status == "pending")
            )
        )


def test_clerks_entering_one_move_within_at_once_save_it_once(shared_world: World) -> None:
    world = shared_world
    clerks = [operator(f"clerk{n:02d}", Right.MOVE_IN_ENTRY) for n in range(10, 10 + CLERKS)]
    start = threading.Barrier(CLERKS)

    def submit(n: int) -> str:
        start.wait()
        try:
            world.move_within.submit(clerks[n], RESIDENT, NEW_ADDRESS, MOVED_ON)
        except AlreadyPending:
            return "AlreadyPending"
        return "ok"

    with ThreadPoolExecutor(CLERKS) as pool:
        results = Counter(pool.map(submit, range(CLERKS)))

    assert results == Counter({"ok": 1, "AlreadyPending": CLERKS - 1})
    assert _pending(world) == [RESIDENT]
    rows = world.log("move_within.submit")
    assert Counter(r.outcome for r in rows) == Counter({"ok": 1, "refused": CLERKS - 1})
    assert {json.loads(r.detail)["reason"] for r in rows if r.outcome == "refused"} == {
        "住民票コード"
    }


def test_the_unique_index_behind_a_lost_race_is_refused_as_already_pending(
    shared_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = shared_world
    clerk = operator("clerk10", Right.MOVE_IN_ENTRY)
    world.move_within.submit(clerk, RESIDENT, NEW_ADDRESS, MOVED_ON)

    def race_lost(session: object, resident_code: str) -> bool:
        del session, resident_code
        return False

    monkeypatch.setattr(move_within_module, "pending_exists", race_lost)
    with pytest.raises(AlreadyPending):
        world.move_within.submit(clerk, RESIDENT, NEW_ADDRESS, MOVED_ON)
    assert _pending(world) == [RESIDENT]
    assert world.log("move_within.submit")[-1].outcome == "refused"
