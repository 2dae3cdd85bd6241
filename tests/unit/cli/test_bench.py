"""``madoguchi bench``: benchmarks run from the checkout's bench/, and say so when it is absent."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from cli import bench as bench_cli
from cli.main import main

CHECKOUT = Path(__file__).resolve().parents[3]


def test_without_the_bench_package_the_command_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "bench", None)  # an installed terminal: no bench package
    assert main(["bench", "search", "--residents", "10"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "madoguchi: bench: benchmarks are only available in a source checkout\n"


def test_a_benchmark_command_runs_its_bench_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.card

    seen: list[int] = []

    def run(args: argparse.Namespace) -> int:
        seen.append(args.reads)
        return 7

    monkeypatch.setattr(bench.card, "run", run)
    assert main(["bench", "card", "--reads", "3"]) == 7
    assert seen == [3]


def test_the_checkout_is_found_beside_cli_when_bench_is_not_on_the_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An editable install maps only the shipped packages: bench/ is not importable as such.
    path = [p for p in sys.path if p not in ("", ".") and Path(p).resolve() != CHECKOUT]
    monkeypatch.setattr(sys, "path", path)
    for name in [n for n in sys.modules if n == "bench" or n.startswith("bench.")]:
        monkeypatch.delitem(sys.modules, name)
    module = bench_cli.load("transport_tools")
    assert Path(str(module.__file__)).resolve() == CHECKOUT / "bench" / "transport_tools.py"
