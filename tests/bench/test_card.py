"""``madoguchi bench card`` runs through pcscd + vpcd and meets the APDU-count target."""

from __future__ import annotations

import argparse
import io

import pytest

from bench.card import APDU_TARGET, measure, run
from bench.pcscd_service import PcscdService, pcscd_unavailable_reason

pytestmark = pytest.mark.pcsc


def test_bench_card_apdu_count() -> None:
    reason = pcscd_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    service = PcscdService()
    service.start()
    try:
        result = measure(reads=3)
    finally:
        service.stop()
    assert result.apdus_per_read <= APDU_TARGET
    assert result.transmit_seconds > 0


def test_bench_card_command_prints_figures() -> None:
    if pcscd_unavailable_reason() is not None:
        pytest.skip(str(pcscd_unavailable_reason()))
    out = io.StringIO()
    run(argparse.Namespace(reads=2), out)
    text = out.getvalue()
    assert "APDUs per full confirmation read: 13 (target <= 14) PASS" in text
    assert "terminal overhead" in text
