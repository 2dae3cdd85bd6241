"""``madoguchi demo seed``: the figure line, populated and non-training registers refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.engine import make_engine, sqlite_url
from app.db.migrate import upgrade
from app.db.models.operators import Operator
from app.db.models.register import Resident
from cli.main import main


def test_seed_prints_the_figure_line_and_refuses_a_second_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "cli.sqlite3")
    assert main(["--db", url, "demo", "seed", "--residents", "200", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("seeded 200 residents in ")
    assert "rows/s" in out
    # --db after the subcommand names the same database as the global --db before it.
    assert main(["demo", "seed", "--residents", "200", "--db", url, "--quiet"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "madoguchi: the database already holds residents; "
        "seed an empty database (or a new --db file)\n"
    )


def test_a_negative_population_is_refused_before_the_database_is_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "untouched.sqlite3"
    assert main(["--db", sqlite_url(path), "demo", "seed", "--residents", "-1"]) == 2
    assert capsys.readouterr().err == "madoguchi: --residents must not be negative\n"
    assert not path.exists()


def test_a_register_with_a_non_training_operator_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "real.sqlite3")
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            Operator.__table__.insert().values(
                operator_id="suzuki",
                name="鈴木 一",
                created_at="2026-11-30T00:00:00+09:00",
                created_by="setup",
            )
        )
    engine.dispose()
    assert main(["--db", url, "demo", "seed", "--residents", "200", "--quiet"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "madoguchi: not a training register: the register holds operators other than the "
        "training staff; demo data goes into a new --db file only\n"
    )
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(Resident.__table__))
        assert count.scalar_one() == 0
    engine.dispose()
