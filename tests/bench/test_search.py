"""``madoguchi bench search`` at a small size: it seeds, reuses its file, and prints every figure.

The latency targets are for 1,000,000 residents and are checked by the command itself (exit
code); here only the shape of the report and the realism of the queries are asserted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.search import KINDS, iter_figures
from cli.main import main

pytestmark = pytest.mark.slow


def test_bench_search_reports_all_figures_and_reuses_its_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bench.sqlite3"
    argv = ["bench", "search", "--residents", "2000", "--queries", "40", "--sqlite-file", str(db)]
    code = main([*argv, "--json"])
    assert code in (0, 1)  # 1 = a target missed; at this size and load that is not the point
    captured = capsys.readouterr()
    assert "seeding 2,000 residents" in captured.err
    report = json.loads(captured.out)
    names = {name for name, _ in iter_figures(report)}
    assert names == {
        "sqlite pk",
        *(f"sqlite {kind} {part}" for kind in KINDS for part in ("query", "service")),
    }
    for _, figures in iter_figures(report):
        assert 0 < figures["p50"] <= figures["p99"]
    # Queries are typed variants of real residents: nearly all must find someone.
    assert min(report["sqlite"]["found_rate"].values()) >= 0.95
    assert {v["target"] for v in report["verdicts"]["sqlite"]} >= {
        "name+dob p99 (service)",
        "name+address p99 (service)",
    }

    main([*argv, "--json"])
    assert "seeding" not in capsys.readouterr().err  # the cached database is reused
