"""Helpers for the identity-search tests: a register on a real database, a fake guard, a session.

People are added through :class:`IdentityRecordService`, so their search keys are filled by
the same code path as in production; the search then runs over the real SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.audit import OperationLog, Outcome
from app.clock import JST, ManualClock
from app.config import SearchSettings
from app.db.base import Base
from app.db.engine import make_engine
from app.db.models.oplog import OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.identifiers import make_my_number, make_resident_code
from app.domain.rights import AccessDenied, AuthMethod, OperatorSession, Right
from app.secret_store import InMemorySecretStore
from app.services.identity_records import IdentityRecordService
from app.services.search import IdentitySearchService

HOME = "福島県郡山市"


class FakeGuard:
    """Grants the rights of the session; a refusal is logged like the real guard does."""

    def __init__(self, uow: UnitOfWork, oplog: OperationLog) -> None:
        self._uow = uow
        self._oplog = oplog
        self.checks: list[tuple[Right, str, str]] = []

    def require(
        self, session: OperatorSession, right: Right, *, operation: str, target: str = ""
    ) -> None:
        """Record the check; refuse (and log) when the session lacks ``right``."""
        self.checks.append((right, operation, target))
        if right not in session.rights:
            self._oplog.record_alone(
                self._uow, session, operation, Outcome.REFUSED, target=target, right=right.value
            )
            raise AccessDenied(right)


@dataclasses.dataclass
class Register:
    """A test register: its engine, the services over it and a way to add people."""

    engine: Engine
    uow: UnitOfWork
    oplog: OperationLog
    guard: FakeGuard
    records: IdentityRecordService
    _serial: Iterator[int] = dataclasses.field(default_factory=lambda: itertools.count(1))

    def service(self, **settings: Any) -> IdentitySearchService:
        """A search service with ``settings`` over this register."""
        options: dict[str, Any] = {"home_prefix": HOME, **settings}
        return IdentitySearchService(self.uow, self.oplog, self.guard, SearchSettings(**options))

    def add(
        self,
        name: str,
        kana: str,
        dob: dt.date | None = dt.date(1980, 4, 1),
        address: str = "福島県郡山市駅前一丁目2番3号",
        sex: str = "1",
        **extra: object,
    ) -> str:
        """Add one person and return the 住民票コード."""
        n = next(self._serial)
        code = make_resident_code(f"{n:010d}")
        values: dict[str, object] = {
            "resident_code": code,
            "name_kanji": name,
            "name_furigana": kana,
            "date_of_birth": dob,
            "sex_code": sex,
            "municipality_code": "072036",
            "postal_code": "9638002",
            "address": address,
            "my_number": make_my_number(f"{n:011d}"),
            "relationship": "世帯主",
            "change_reason_code": "11",
            "change_date": dt.date(2020, 1, 1),
        }
        values.update(extra)
        self.records.add_initial(values, operator_id="SEED", terminal_id="T0")
        return code

    def remove(self, code: str, reason: str = "30") -> None:
        """Record a removal (転出 '30', 死亡 '31') as a new version, as the register does."""
        self.records.correct(
            code,
            {"record_status": "1"},
            operator_id="SEED",
            terminal_id="T0",
            change_reason_code=reason,
        )

    def log_rows(self) -> list[dict[str, Any]]:
        """The operation-log rows with their JSON detail decoded."""
        with self.uow.begin() as session:
            rows = session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)).all()
            return [
                {
                    "operation": r.operation,
                    "outcome": r.outcome,
                    "target": r.target,
                    "operator_id": r.operator_id,
                    "correlation_id": r.correlation_id,
                    "detail": json.loads(r.detail),
                }
                for r in rows
            ]


def make_register(url: str) -> Register:
    """Create the schema at ``url`` and the services over it."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    clock = ManualClock(dt.datetime(2026, 11, 26, 10, 0, tzinfo=JST))
    uow = UnitOfWork(engine)
    oplog = OperationLog(InMemorySecretStore(), clock)
    return Register(
        engine=engine,
        uow=uow,
        oplog=oplog,
        guard=FakeGuard(uow, oplog),
        records=IdentityRecordService(uow, clock),
    )


def operator(*rights: Right) -> OperatorSession:
    """A signed-in operator holding ``rights``."""
    return OperatorSession(
        session_id="S1",
        operator_id="OP01",
        terminal_id="T0001",
        method=AuthMethod.PASSWORD,
        started_at=dt.datetime(2026, 11, 26, 9, 0, tzinfo=JST),
        rights=frozenset(rights),
    )


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
