"""``madoguchi demo seed``: the figure line, a populated database refused, --db on either side."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.engine import sqlite_url
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
