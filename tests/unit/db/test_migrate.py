"""Alembic: the migrations build exactly the schema the models describe (no drift)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.db.base import Base
from app.db.engine import make_engine
from app.db.migrate import current_revision, downgrade, upgrade


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_fresh_database_has_no_revision(engine: Engine) -> None:
    assert current_revision(engine) is None


def test_upgrade_head_matches_the_models(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) is not None
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_first_revision_holds_every_register_table(engine: Engine) -> None:
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    tables = set(inspect(engine).get_table_names())
    for name in (
        "households",
        "residents",
        "foreign_residents",
        "identity_records",
        "destination_records",
        "operation_log",
        "operation_log_head",
    ):
        assert name in tables


def test_downgrade_to_base_removes_the_tables(engine: Engine) -> None:
    upgrade(engine)
    downgrade(engine, "base")
    assert current_revision(engine) is None
    remaining = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
