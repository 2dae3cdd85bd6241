"""The same search gives the same result set on SQLite and on the real PostgreSQL server.

Both databases are migrated with the project's migrations and loaded with the same demo
population by the real bulk loader; then the same queries — typed as people type them
(kanji, variant kanji, kana in every width, 和暦, addresses without the city) — run through
the search service on both, including removed persons and searches that find nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from app.audit import OperationLog
from app.clock import JST, ManualClock
from app.config import SearchSettings
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.db.uow import UnitOfWork
from app.demo.loader import seed_population
from app.domain.rights import AuthMethod, OperatorSession, Right
from app.domain.search_policy import SearchQuery
from app.secret_store import InMemorySecretStore
from app.services.search import IdentitySearchService
from bench.search import (
    AllowAll,
    address_variant,
    dob_variant,
    name_variants,
    sample_people,
)

pytestmark = pytest.mark.postgres

RESIDENTS = 3000
SESSION = OperatorSession(
    session_id="S-PG",
    operator_id="OP01",
    terminal_id="T0001",
    method=AuthMethod.PASSWORD,
    started_at=dt.datetime(2026, 11, 26, 9, 0, tzinfo=JST),
    rights=frozenset({Right.SEARCH}),
)


def _loaded(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    seed_population(engine, RESIDENTS, 7, workers=0)
    return engine


@pytest.fixture
def engines(sqlite_db_url: str, pg_db_url: str) -> Iterator[tuple[Engine, Engine]]:
    """The same population in SQLite and in PostgreSQL."""
    lite, pg = _loaded(sqlite_db_url), _loaded(pg_db_url)
    yield lite, pg
    lite.dispose()
    pg.dispose()


def _service(engine: Engine) -> IdentitySearchService:
    oplog = OperationLog(InMemorySecretStore(), ManualClock())
    return IdentitySearchService(
        UnitOfWork(engine), oplog, AllowAll(), SearchSettings(home_prefix="福島県郡山市")
    )


def _queries(engine: Engine) -> list[SearchQuery]:
    rng = random.Random(11)
    people = sample_people(engine, 60, rng)
    queries: list[SearchQuery] = []
    for person in people:
        name = name_variants(person, rng)
        queries.append(SearchQuery(name=name, dob=dob_variant(person, rng)))
        queries.append(SearchQuery(name=name, address=address_variant(person, rng)))
        queries.append(
            SearchQuery(
                name=person.name_kanji, address=address_variant(person, rng), include_removed=True
            )
        )
    surname = people[0].name_kanji.split("\u3000")[0]
    queries += [
        SearchQuery(name=surname, address="駅前"),  # a surname alone is not a full name
        SearchQuery(name="該当　なし", dob=dt.date(1970, 1, 1)),
        SearchQuery(name=people[1].name_furigana, address="福島県"),  # may be "too many"
        SearchQuery(name=people[2].name_kanji, address="駅前%"),
    ]
    return queries


def _answer(service: IdentitySearchService, query: SearchQuery) -> tuple[object, ...]:
    result = service.search(SESSION, query)
    return (
        result.count,
        result.too_many,
        tuple(
            (r.resident_code, r.status.value, r.address, r.my_number_masked) for r in result.rows
        ),
    )


def test_same_query_same_result_set_on_sqlite_and_postgresql(
    engines: tuple[Engine, Engine],
) -> None:
    lite, pg = engines
    queries = _queries(lite)
    lite_service, pg_service = _service(lite), _service(pg)
    on_sqlite = [_answer(lite_service, q) for q in queries]
    on_pg = [_answer(pg_service, q) for q in queries]
    assert on_sqlite == on_pg
    # The comparison means something only if most typed queries find their person.
    found = sum(1 for count, _, _ in on_sqlite if count)
    assert found >= len(queries) * 0.8
