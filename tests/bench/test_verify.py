"""``madoguchi bench verify`` at a small size: a generated log verifies clean, figures printed."""

from __future__ import annotations

import pytest

from cli.main import main


def test_the_verify_benchmark_walks_a_generated_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "verify", "--rows", "3000"]) in (0, 1)  # 1: a target missed
    out = capsys.readouterr().out
    assert "generated 3,000 sealed rows" in out
    assert "audit verify: 3,000 rows in" in out and "0 findings" in out
    assert "rows/s (target ≥ 200,000)" in out and "peak memory" in out
