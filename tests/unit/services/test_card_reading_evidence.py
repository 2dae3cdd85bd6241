"""Card-read evidence: a one-time token for a successful 特例転入 read, stored hashed.

The token is issued only when the request asks for it and the read ended with a
住民票コード; its row and the ``card.read`` row commit together; the token itself reaches the
caller only (not the log, not a repr).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.db.models.movein import CardReadEvidence
from app.services.card_reading import (
    KEY_RESIDENT_CODE_CARD,
    KEY_RESIDENT_CODE_ENTERED,
    CardReadingService,
    CardReadRequest,
    evidence_hash,
)
from app.services.move_in import READ_FOR_CONTINUED_USE, READ_FOR_MOVE_IN
from hardware.errors import WrongPin
from tests.support.card_fakes import TypedCode
from tests.support.movein import CLERK, Pins, World, holder, world

__all__ = ["world"]  # the fixture

CODE = "24727059608"


def _evidence(world: World) -> list[CardReadEvidence]:
    with world.uow.begin() as session:
        rows = list(session.scalars(select(CardReadEvidence).order_by(CardReadEvidence.id)))
        session.expunge_all()
        return rows


def test_only_the_move_in_read_asks_for_evidence() -> None:
    assert READ_FOR_MOVE_IN.evidence
    assert not READ_FOR_CONTINUED_USE.evidence
    assert not CardReadRequest("card.confirm", card_face=True).evidence


def test_a_read_for_evidence_writes_its_row_with_the_read_and_returns_the_token(
    world: World,
) -> None:
    read = world.card_reading.read(CLERK, world.card(), Pins(), READ_FOR_MOVE_IN)
    assert read.key_kind == KEY_RESIDENT_CODE_CARD
    token = read.evidence_token
    assert token is not None
    assert token not in repr(read)
    (row,) = _evidence(world)
    assert row.token_hash == evidence_hash(token)
    assert (row.resident_code, row.purpose, row.correlation_id) == (
        CODE,
        READ_FOR_MOVE_IN.purpose,
        read.correlation_id,
    )
    (logged,) = world.log("card.read")
    assert logged.outcome == "ok"
    assert logged.correlation_id == read.correlation_id
    assert json.loads(logged.detail)["evidence"] is True
    assert token not in logged.detail and row.token_hash not in logged.detail


def test_each_read_gets_its_own_token(world: World) -> None:
    first = world.card_reading.read(CLERK, world.card(), Pins(), READ_FOR_MOVE_IN)
    second = world.card_reading.read(CLERK, world.card(), Pins(), READ_FOR_MOVE_IN)
    assert first.evidence_token != second.evidence_token
    assert len({row.token_hash for row in _evidence(world)}) == 2


def test_a_read_without_evidence_issues_no_token(world: World) -> None:
    read = world.card_reading.read(CLERK, world.card(), Pins(), READ_FOR_CONTINUED_USE)
    assert read.evidence_token is None
    assert _evidence(world) == []
    assert "evidence" not in json.loads(world.log("card.read")[-1].detail)


def test_a_failed_read_issues_no_token(world: World) -> None:
    with pytest.raises(WrongPin):
        world.card_reading.read(CLERK, world.card(), Pins(juki="0000"), READ_FOR_MOVE_IN)
    assert _evidence(world) == []
    assert world.log("card.read")[-1].outcome == "failed"


def test_a_typed_code_read_with_the_pin_also_gets_evidence(world: World) -> None:
    # Without a vendor module the code is typed, the card still PIN-verified: the evidence
    # proves that read happened; its card.read row (same correlation id) says the key was typed.
    reading = CardReadingService(world.uow, world.clock, world.oplog, resident_codes=None)
    read = reading.read(
        CLERK, world.card(holder()), Pins(), READ_FOR_MOVE_IN, code_entry=TypedCode(CODE)
    )
    assert read.key_kind == KEY_RESIDENT_CODE_ENTERED
    assert read.evidence_token is not None
    (row,) = _evidence(world)
    assert row.resident_code == CODE
    logged = world.log("card.read")[-1]
    assert logged.correlation_id == row.correlation_id
    assert json.loads(logged.detail)["key"] == KEY_RESIDENT_CODE_ENTERED
