"""``madoguchi bench search --encrypted``: the search on an SQLCipher register, and its cost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.db.cipher import is_plain_sqlite
from bench.search import KINDS, iter_figures
from cli.main import main

pytestmark = pytest.mark.slow


def test_the_encrypted_register_is_measured_beside_the_plain_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bench.sqlite3"
    argv = ["bench", "search", "--residents", "1500", "--queries", "30", "--sqlite-file", str(db)]
    assert main([*argv, "--encrypted", "--json"]) in (0, 1)
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    names = {name for name, _ in iter_figures(report)}
    assert {f"sqlcipher {kind} service" for kind in KINDS} <= names
    assert set(report["encryption_cost"]) == set(KINDS)
    assert all(ratio > 0 for ratio in report["encryption_cost"].values())
    assert "Encrypted against plain (service p50)" in captured.err
    encrypted = tmp_path / "bench-sqlcipher.sqlite3"
    assert is_plain_sqlite(db) and encrypted.exists() and not is_plain_sqlite(encrypted)
    assert min(report["sqlcipher"]["found_rate"].values()) >= 0.95
