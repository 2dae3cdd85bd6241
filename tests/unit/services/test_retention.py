"""The one guarded deletion path: a named rule deletes only what is past its cutoff, writes its
purge record and its log row; around the path, the same deletes are refused (both databases)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app import bootstrap
from app.audit import ActorIds
from app.clock import ManualClock
from app.db.models.movein import CardReadEvidence
from app.db.models.operators import PurgeRecord
from app.db.models.register_history import ResidentHistory
from app.services.retention import UnknownRetentionRule
from tests.support.auth import log_rows, make_container
from tests.support.register_rows import add_head_of_household

JOB = ActorIds("retention", "DEMO-01")


@pytest.fixture
def box(db_url: str, tmp_path: Path, clock: ManualClock) -> Iterator[bootstrap.Container]:
    built = make_container(db_url, tmp_path, clock)
    yield built
    built.close()


def _history(box: bootstrap.Container, *ages_in_years: int) -> None:
    now = dt.datetime.now(dt.UTC)
    with box.uow.begin() as session:
        resident = add_head_of_household(session)
        for number, years in enumerate(ages_in_years, start=1):
            session.add(
                ResidentHistory(
                    resident_id=resident.id,
                    personal_history_number=number,
                    snapshot="{}",
                    superseded_at=now.replace(year=now.year - years),
                    superseded_by="OP1",
                    superseded_terminal="T0001",
                )
            )


def _count(box: bootstrap.Container, model: type[ResidentHistory] | type[CardReadEvidence]) -> int:
    with box.uow.begin() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_150_year_rule_deletes_only_older_history(box: bootstrap.Container) -> None:
    _history(box, 151, 149, 1)
    assert box.retention.purge(JOB, "resident_history_150y") == 1
    assert _count(box, ResidentHistory) == 2
    with box.uow.begin() as session:
        record = session.scalars(select(PurgeRecord)).one()
        assert (record.rule, record.rows_deleted, record.requested_by) == (
            "resident_history_150y",
            1,
            "retention",
        )
    (row,) = log_rows(box, "retention.purge")
    assert json.loads(row.detail) == {"rows": 1, "rule": "resident_history_150y"}
    # Nothing is past the cutoff any more: the next run deletes nothing, and says so.
    assert box.retention.purge(JOB, "resident_history_150y") == 0


def test_around_the_path_the_history_cannot_be_deleted(box: bootstrap.Container) -> None:
    _history(box, 151)
    with pytest.raises(DBAPIError) as refused, box.uow.begin() as session:
        session.execute(text("DELETE FROM resident_history"))
    assert "resident_history" in str(refused.value.orig)
    assert _count(box, ResidentHistory) == 1


def test_unused_card_evidence_goes_after_a_day(
    box: bootstrap.Container, clock: ManualClock
) -> None:
    # PostgreSQL's path takes the server's clock, SQLite's the terminal's: let them agree.
    clock.set(dt.datetime.now(dt.UTC))
    now = clock.now()
    with box.uow.begin() as session:
        for n, (age, used) in enumerate([(2, False), (2, True), (0, False)]):
            session.add(
                CardReadEvidence(
                    token_hash=f"{n:064x}",
                    purpose="move_in.card",
                    resident_code="12345678901",
                    operator_id="clerk01",
                    terminal_id="DEMO-01",
                    session_id="s",
                    correlation_id="c",
                    read_at=now - dt.timedelta(days=age),
                    used_at=now if used else None,
                )
            )
    rows = box.retention.purge(JOB, "card_evidence_unused")
    assert rows == 1 and _count(box, CardReadEvidence) == 2


def test_an_unknown_rule_deletes_nothing(box: bootstrap.Container) -> None:
    _history(box, 151)
    with pytest.raises(UnknownRetentionRule) as refused:
        box.retention.purge(JOB, "everything")
    assert "resident_history_150y" in str(refused.value)
    assert _count(box, ResidentHistory) == 1 and not log_rows(box, "retention.purge")


def test_a_purge_record_cannot_be_changed_or_removed(box: bootstrap.Container) -> None:
    box.retention.purge(JOB, "card_evidence_unused")
    for statement in (
        "UPDATE purge_records SET rows_deleted = 99",
        "UPDATE purge_records SET rule = 'x'",
        "DELETE FROM purge_records",
    ):
        with pytest.raises(DBAPIError) as refused, box.uow.begin() as session:
            session.execute(text(statement))
        assert "purge_records" in str(refused.value.orig)
