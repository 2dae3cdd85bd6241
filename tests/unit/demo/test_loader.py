"""Loading the demo population into a temporary SQLite database (the command: tests/unit/cli)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from app.db.models.identity import IdentityRecord
from app.db.models.register import ForeignResident, Household, Resident
from app.demo.loader import PopulatedDatabase, seed_population
from app.demo.population import generate
from app.domain.search_keys import address_key, kana_key, kanji_key


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _schema(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        )
        return [(str(name), str(sql)) for name, sql in rows]


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    """A migrated, empty SQLite database."""
    engine = make_engine(sqlite_url(tmp_path / "demo.sqlite3"))
    upgrade(engine)
    yield engine  # type: ignore[misc]
    engine.dispose()


def test_loading_2000_residents_gives_the_generated_row_counts(engine: Engine) -> None:
    chunks = list(generate(2000, 5))
    schema_before = _schema(engine)
    result = seed_population(engine, 2000, 5, workers=0)
    assert result.residents == _count(engine, Resident.__table__) == 2000
    assert result.households == _count(engine, Household.__table__)
    assert result.households == sum(len(c.households) for c in chunks)
    assert _count(engine, ForeignResident.__table__) == sum(
        len(c.foreign_residents) for c in chunks
    )
    assert _count(engine, IdentityRecord.__table__) == sum(len(c.identity_records) for c in chunks)
    # The indexes dropped for the load are back, exactly as the migration made them.
    assert _schema(engine) == schema_before


def test_loaded_identity_records_have_their_search_keys(engine: Engine) -> None:
    seed_population(engine, 2000, 5, workers=0)
    with engine.connect() as connection:
        missing = connection.execute(
            select(func.count())
            .select_from(IdentityRecord.__table__)
            .where(
                (IdentityRecord.search_kana_key.is_(None))
                | (IdentityRecord.search_kanji_key.is_(None))
                | (IdentityRecord.search_address_key.is_(None))
            )
        ).scalar_one()
        assert missing == 0
        rows = connection.execute(
            select(
                IdentityRecord.name_furigana,
                IdentityRecord.name_kanji,
                IdentityRecord.address,
                IdentityRecord.search_kana_key,
                IdentityRecord.search_kanji_key,
                IdentityRecord.search_address_key,
                IdentityRecord.date_of_birth,
                IdentityRecord.recorded_at,
            ).limit(50)
        ).all()
    for furigana, kanji, address, kana_k, kanji_k, address_k, dob, recorded in rows:
        assert kana_k == kana_key(furigana)
        assert kanji_k == kanji_key(kanji)
        assert address_k == address_key(address)
        assert dob is not None and recorded is not None  # dates read back through the ORM types


def test_loaded_database_reads_back_through_the_models(engine: Engine) -> None:
    seed_population(engine, 300, 2, workers=0)
    with engine.connect() as connection:
        row = connection.execute(select(Resident).where(Resident.id == 1)).one()
        assert row.valid_flag is True
        assert row.personal_history_number == 1
        assert row.date_of_birth is not None
        assert row.created_at is not None
        current = connection.execute(
            text("SELECT COUNT(*) FROM identity_records WHERE is_current = 1")
        ).scalar_one()
    assert current == 300


def test_a_populated_database_is_refused(engine: Engine) -> None:
    seed_population(engine, 100, 1, workers=0)
    with pytest.raises(PopulatedDatabase):
        seed_population(engine, 100, 1, workers=0)


def test_parallel_generation_loads_the_same_rows(tmp_path: Path) -> None:
    digests = []
    for workers in (0, 2):
        engine = make_engine(sqlite_url(tmp_path / f"w{workers}.sqlite3"))
        upgrade(engine)
        seed_population(engine, 12_000, 9, workers=workers)
        with engine.connect() as connection:
            digests.append(
                connection.exec_driver_sql(
                    "SELECT COUNT(*), SUM(LENGTH(name_kanji)), MAX(my_number), MIN(resident_code)"
                    " FROM identity_records"
                ).one()
            )
        engine.dispose()
    assert digests[0] == digests[1]
