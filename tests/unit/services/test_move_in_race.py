"""Clerks submitting the same 特例転入 at once: one pending change per person, clear refusals.

The submission reads the certificate's status and the pending changes under the write lock
(BEGIN IMMEDIATE on SQLite, row locks on PostgreSQL); the partial unique index on pending
changes is the last line and is refused as AlreadyPending, never as an IntegrityError.
Runs on SQLite and PostgreSQL (``db_url``).
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from app.db.models.movein import PendingChange
from app.domain.identifiers import make_my_number, make_resident_code
from app.domain.rights import OperatorSession, Right
from app.services import move_in as move_in_module
from app.services.move_in import AlreadyPending, MoveInError, NoMoveOutCertificate
from tests.support.movein import (
    World,
    card_entry,
    certificate,
    entry,
    holder,
    make_world,
    operator,
)

CLERKS = 8
PEOPLE = 5


@pytest.fixture
def shared_world(db_url: str) -> Iterator[World]:
    """The move-in world on the ``db_url`` register (SQLite file or PostgreSQL schema)."""
    yield from make_world(db_url)


def _clerks() -> list[OperatorSession]:
    return [operator(f"clerk{n:02d}", Right.MOVE_IN_ENTRY) for n in range(10, 10 + CLERKS)]


def _pending_by_person(world: World) -> Counter[str]:
    with world.uow.begin() as session:
        codes = session.scalars(
            select(PendingChange.resident_code).where(PendingChange.status == "pending")
        )
        return Counter(codes)


def _outcomes(world: World) -> Counter[str]:
    return Counter(row.outcome for row in world.log("move_in.submit"))


def test_clerks_with_their_own_card_reads_submit_one_person_at_once(
    shared_world: World,
) -> None:
    world = shared_world
    received = world.inbox.receive(certificate())
    clerks = _clerks()
    entries = [card_entry(world, received.inbox_id, clerk) for clerk in clerks]
    start = threading.Barrier(CLERKS)

    def submit(n: int) -> int | type[MoveInError]:
        start.wait()
        try:
            return world.move_in.submit(clerks[n], entries[n])
        except (AlreadyPending, NoMoveOutCertificate) as refused:
            return type(refused)

    with ThreadPoolExecutor(CLERKS) as pool:
        results = list(pool.map(submit, range(CLERKS)))

    saved = [r for r in results if isinstance(r, int)]
    assert len(saved) == 1
    assert len(results) - len(saved) == CLERKS - 1
    assert _pending_by_person(world) == Counter({"24727059608": 1})
    assert _outcomes(world) == Counter({"ok": 1, "refused": CLERKS - 1})
    for row in world.log("move_in.submit"):
        if row.outcome == "refused":
            assert json.loads(row.detail)["reason"] in {"転出証明書情報", "住民票コード"}


def test_clerks_submitting_the_same_five_people_at_once_give_one_change_each(
    shared_world: World,
) -> None:
    world = shared_world
    inbox_ids: dict[str, int] = {}
    for n in range(PEOPLE):
        code = make_resident_code(f"{2000000000 + n * 7919:010d}")
        received = world.inbox.receive(
            certificate(
                message_id=f"m-race-{n}",
                resident_code=code,
                my_number=make_my_number(f"{30000000000 + n * 104729:011d}"),
            )
        )
        inbox_ids[code] = received.inbox_id
    clerks = _clerks()
    start = threading.Barrier(CLERKS)

    def submit_all(n: int) -> list[str]:
        order = list(inbox_ids.items())
        random.Random(n).shuffle(order)
        start.wait()
        results = []
        for code, inbox_id in order:
            try:
                world.move_in.submit(clerks[n], entry(inbox_id, card_resident_code=code))
                results.append("ok")
            except (AlreadyPending, NoMoveOutCertificate) as refused:
                results.append(type(refused).__name__)
        return results

    with ThreadPoolExecutor(CLERKS) as pool:
        results = [r for rs in pool.map(submit_all, range(CLERKS)) for r in rs]

    assert Counter(results)["ok"] == PEOPLE
    assert len(results) == PEOPLE * CLERKS  # no other error (no IntegrityError, no busy)
    assert _pending_by_person(world) == Counter(dict.fromkeys(inbox_ids, 1))
    assert _outcomes(world) == Counter({"ok": PEOPLE, "refused": PEOPLE * (CLERKS - 1)})


def test_the_unique_index_behind_a_lost_race_is_refused_as_already_pending(
    shared_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two certificates for one person: the second entry's own checks pass while the first is
    # pending only if the pending check is lost in a race, as simulated here.
    world = shared_world
    first = world.inbox.receive(certificate())
    second = world.inbox.receive(certificate(message_id="m-0002"))
    world.move_in.submit(operator("clerk10", Right.MOVE_IN_ENTRY), entry(first.inbox_id))

    def race_lost(session: object, resident_code: str) -> bool:
        del session, resident_code
        return False

    monkeypatch.setattr(move_in_module, "pending_exists", race_lost)
    with pytest.raises(AlreadyPending):
        world.move_in.submit(operator("clerk11", Right.MOVE_IN_ENTRY), entry(second.inbox_id))
    assert _pending_by_person(world) == Counter({"24727059608": 1})
    refused = world.log("move_in.submit")[-1]
    assert refused.outcome == "refused"
    assert json.loads(refused.detail)["reason"] == "住民票コード"


def test_a_clerk_who_reads_the_card_of_one_person_cannot_race_the_token_twice(
    shared_world: World,
) -> None:
    # The same token presented by two submissions at once (a double click on two
    # terminals of one session): one uses it, the other is refused.
    world = shared_world
    first = world.inbox.receive(certificate())
    second = world.inbox.receive(certificate(message_id="m-0002"))
    clerk = operator("clerk10", Right.MOVE_IN_ENTRY)
    with_card = card_entry(world, first.inbox_id, clerk, card_holder=holder())
    start = threading.Barrier(2)

    def submit(inbox_id: int) -> str:
        start.wait()
        try:
            world.move_in.submit(clerk, entry(inbox_id, card_token=with_card.card_token))
        except MoveInError as refused:
            return type(refused).__name__
        return "ok"

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(submit, [first.inbox_id, second.inbox_id]))

    assert results[1] == "ok"
    assert results[0] in {"AlreadyPending", "CardEvidenceRefused"}
    assert _pending_by_person(world) == Counter({"24727059608": 1})
