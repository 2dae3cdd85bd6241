"""``madoguchi bench card``: APDU count and terminal overhead of a full confirmation read.

Runs through the real stack: pcscd (started here unless one is running) + vpcd + the
virtual card as vpcd client + pyscard. Targets: at most 14 APDUs per full read, and the
terminal's own time at most 20% of the time spent inside transmit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from typing import TextIO

from bench.pcscd_service import (
    VPCD_READER,
    PcscdService,
    pcscd_unavailable_reason,
    wait_for_card,
)
from bench.transport_tools import CountingTransport
from hardware.mynumber import MyNumberCard
from hardware.ports import PinKind
from hardware.readers import open_pcsc_transport
from hardware.virtual_card import VirtualMyNumberCard, VpcdCardClient, sample_holder

APDU_TARGET = 14
OVERHEAD_TARGET = 0.20


@dataclass(frozen=True)
class BenchResult:
    """Figures of one benchmark run."""

    reads: int
    apdus_per_read: int
    transmit_seconds: float
    own_seconds: float

    @property
    def overhead(self) -> float:
        """Terminal's own time as a fraction of the time inside transmit."""
        return self.own_seconds / self.transmit_seconds if self.transmit_seconds else 0.0

    @property
    def passed(self) -> bool:
        """True when both targets are met."""
        return self.apdus_per_read <= APDU_TARGET and self.overhead <= OVERHEAD_TARGET


class _FixedPin:
    def __init__(self, pin: str) -> None:
        self._pin = pin

    def ask_pin(self, kind: PinKind, tries_left: int | None) -> bytearray:
        del kind, tries_left
        return bytearray(self._pin.encode("ascii"))


def measure(reads: int) -> BenchResult:
    """Do ``reads`` full confirmation reads through PC/SC (pcscd must already be up)."""
    holder = sample_holder()
    client = VpcdCardClient(VirtualMyNumberCard(holder))
    wait_for_card(False)
    client.insert()
    try:
        wait_for_card(True)
        today = dt.date.today()
        counts: set[int] = set()
        transmit_total = own_total = 0.0
        for _ in range(reads):
            connection = open_pcsc_transport(VPCD_READER, allow_virtual=True)
            counting = CountingTransport(connection)
            started = time.perf_counter()
            MyNumberCard(counting).read_confirmation(_FixedPin(holder.pins.kenhojo), today)
            elapsed = time.perf_counter() - started
            connection.close()
            counts.add(counting.count)
            transmit_total += counting.transmit_seconds
            own_total += elapsed - counting.transmit_seconds
    finally:
        client.remove()
        wait_for_card(False)
    return BenchResult(
        reads=reads,
        apdus_per_read=max(counts),
        transmit_seconds=transmit_total,
        own_seconds=own_total,
    )


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """The ``bench card`` command: print figures and PASS/FAIL; non-zero when a target is missed."""
    out = out or sys.stdout
    reason = pcscd_unavailable_reason()
    if reason is not None:
        print(f"bench card: cannot run: {reason}", file=sys.stderr)
        return 2
    service = PcscdService()
    service.start()
    try:
        result = measure(int(getattr(args, "reads", 50)))
    finally:
        service.stop()
    apdu_ok = result.apdus_per_read <= APDU_TARGET
    overhead_ok = result.overhead <= OVERHEAD_TARGET
    print(f"reads: {result.reads}", file=out)
    print(
        f"APDUs per full confirmation read: {result.apdus_per_read} "
        f"(target <= {APDU_TARGET}) {'PASS' if apdu_ok else 'FAIL'}",
        file=out,
    )
    print(
        f"time inside transmit per read: {1000 * result.transmit_seconds / result.reads:.2f} ms; "
        f"terminal's own time per read: {1000 * result.own_seconds / result.reads:.2f} ms",
        file=out,
    )
    print(
        f"terminal overhead: {100 * result.overhead:.1f}% of transmit time "
        f"(target <= {100 * OVERHEAD_TARGET:.0f}%) {'PASS' if overhead_ok else 'FAIL'}",
        file=out,
    )
    return 0 if result.passed else 1
