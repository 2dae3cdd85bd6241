"""Transport wrappers: APDU counting and time spent inside transmit (benchmarks, tests)."""

from __future__ import annotations

import time

from hardware.ports import Transport


class CountingTransport:
    """Counts APDUs and accumulates the wall time spent inside the wrapped transmit."""

    def __init__(self, inner: Transport) -> None:
        self._inner = inner
        self.count = 0
        self.transmit_seconds = 0.0

    def transmit(self, apdu: bytes) -> bytes:
        """Forward one APDU, counting it and timing the call."""
        self.count += 1
        started = time.perf_counter()
        try:
            return self._inner.transmit(apdu)
        finally:
            self.transmit_seconds += time.perf_counter() - started

    def reset(self) -> None:
        """Zero the counters."""
        self.count = 0
        self.transmit_seconds = 0.0
