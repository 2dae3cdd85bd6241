"""Retention: the one guarded path by which the register deletes what the law says to delete.

Every deletion the law requires goes through :meth:`RetentionService.purge` with a named rule:
the rule alone decides what is deleted (older than its cutoff), the path writes a purge
record (rule, cutoff, rows, who, where, when) and the operation log's ``retention.purge``
row in the same transaction. On PostgreSQL the deleting is done by ``madoguchi_purge``, a
SECURITY DEFINER function (migration 0007): the terminals' role holds no DELETE on what it
deletes, so this is the only way. On SQLite the same steps run here; the history's delete
trigger lets rows pass only while this path's purge record is open.

Rules so far (docs/SECURITY.md): ``resident_history_150y`` (住民票 history 150 years,
施行令第34条第3項; seed digest §8) and ``card_evidence_unused`` (card-read tokens never
used, after a day). The 送付先 deletion and the log's own retention come with the lifecycle
work and join this table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from app.audit import Actor, OperationLog, Outcome
from app.db.models.movein import CardReadEvidence
from app.db.models.operators import PurgeRecord
from app.db.models.register_history import ResidentHistory
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.ports import Clock


def _years_before(when: dt.datetime, years: int) -> dt.datetime:
    try:
        return when.replace(year=when.year - years)
    except ValueError:  # 29 February in a year that has none
        return when.replace(year=when.year - years, day=28)


@dataclasses.dataclass(frozen=True)
class RetentionRule:
    """A named rule: how its cutoff is computed and what it deletes (SQLite path)."""

    name: str
    cutoff: Callable[[dt.datetime], dt.datetime]
    deletes: Callable[[dt.datetime], object]  # the DELETE statement for a cutoff


RULES: dict[str, RetentionRule] = {
    rule.name: rule
    for rule in (
        RetentionRule(
            "resident_history_150y",
            lambda now: _years_before(now, 150),
            lambda cutoff: delete(ResidentHistory).where(ResidentHistory.superseded_at < cutoff),
        ),
        RetentionRule(
            "card_evidence_unused",
            lambda now: now - dt.timedelta(days=1),
            lambda cutoff: delete(CardReadEvidence).where(
                CardReadEvidence.used_at.is_(None), CardReadEvidence.read_at < cutoff
            ),
        ),
    )
}


class UnknownRetentionRule(DomainError):
    """No retention rule has this name: nothing is deleted."""

    def __init__(self) -> None:
        super().__init__("retention rule", "no such rule: " + ", ".join(sorted(RULES)))


class RetentionService:
    """Runs retention rules (a scheduled job or an administrator's command)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, oplog: OperationLog) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog

    def purge(self, actor: Actor, rule_name: str) -> int:
        """Apply ``rule_name`` once; returns how many rows it deleted (logged with the rule)."""
        rule = RULES.get(rule_name)
        if rule is None:
            raise UnknownRetentionRule()
        with self._uow.begin_write() as session:
            if session.get_bind().dialect.name == "postgresql":
                rows = session.execute(
                    text("SELECT madoguchi_purge(:rule, :by, :terminal)"),
                    {"rule": rule.name, "by": actor.operator_id, "terminal": actor.terminal_id},
                ).scalar_one()
            else:
                rows = self._purge_here(session, rule, actor)
            self._oplog.record(
                session, actor, "retention.purge", Outcome.OK, rule=rule.name, rows=int(rows)
            )
        return int(rows)

    def _purge_here(self, session: Session, rule: RetentionRule, actor: Actor) -> int:
        now = self._clock.now()
        record = PurgeRecord(
            rule=rule.name,
            cutoff=rule.cutoff(now),
            rows_deleted=None,  # open: the history's trigger lets this run's rows pass
            requested_by=actor.operator_id[:32],
            terminal_id=actor.terminal_id[:32],
            at=now,
        )
        session.add(record)
        session.flush()
        result = session.execute(rule.deletes(record.cutoff))  # type: ignore[call-overload]
        record.rows_deleted = int(result.rowcount)
        session.flush()
        return record.rows_deleted
