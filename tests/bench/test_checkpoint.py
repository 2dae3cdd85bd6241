"""``madoguchi bench checkpoint`` at a small size: it prints its figures beside the target."""

from __future__ import annotations

import pytest

from cli.main import main


def test_the_checkpoint_benchmark_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "checkpoint", "--rows", "300", "--count", "20"]) in (0, 1)
    out = capsys.readouterr().out
    assert "checkpoint (head read, Ed25519 signature, synced file, log row), 20 runs" in out
    assert "(target ≤ 50 ms)" in out
    assert "audit verify of 320 rows against 20 checkpoints" in out and "0 findings" in out
