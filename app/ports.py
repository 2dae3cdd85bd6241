"""Ports: the protocols app/ needs from the outside world, implemented by adapters and fakes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

FINGERS = ("right_index", "right_thumb", "left_index", "left_thumb")
"""The finger names :meth:`BiometricDevice.enroll` takes (the simulator and vendors agree)."""


class Clock(Protocol):
    """Where services get the time (tests pass a controllable one)."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware."""
        ...


class SecretStore(Protocol):
    """A store for the terminal's secrets (log-chain key and the like), behind ``keyring``."""

    def get(self, name: str) -> str | None:
        """The secret called ``name``, or None if it was never stored."""
        ...

    def set(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any previous value."""
        ...


class BiometricDevice(Protocol):
    """A fingerprint (or palm-vein) sensor: captures a sample and matches it to a template.

    Templates are produced by ``enroll`` and stored with the operator; the device never keeps
    them. The simulated device (hardware/biometric_sim.py) serves demo and tests; a vendor
    backend implements the same protocol.
    """

    def is_ready(self) -> bool:
        """True when the sensor is connected and can capture."""
        ...

    def enroll(self, finger: str, *, subject: str) -> bytes:
        """Capture ``finger`` (e.g. "right_index") of ``subject`` and return its template.

        ``subject`` is the operator being enrolled: a label for the vendor's enrolment record
        (the simulator derives its simulated finger from it).
        """
        ...

    def capture(self) -> bytes | None:
        """Wait for a finger on the sensor and return the sample, or None if none was placed."""
        ...

    def matches(self, sample: bytes, template: bytes) -> bool:
        """True when ``sample`` matches the enrolled ``template``."""
        ...


@runtime_checkable
class CancellableCapture(Protocol):
    """A sensor whose waiting capture can be called off from another thread."""

    def cancel_capture(self) -> None:
        """Make a capture that waits (or is about to) return None at once; thread-safe."""
        ...


@runtime_checkable
class SimulatedFingers(Protocol):
    """The training sensor: the person at the demo window chooses the finger on screen.

    The login page shows its finger picker only for a sensor with this capability (and
    only in training mode); a vendor sensor has none.
    """

    def place(self, subject: str, finger: str) -> None:
        """Put ``subject``'s ``finger`` on the sensor for the next capture."""
        ...

    def place_unknown(self) -> None:
        """Put a finger that matches nobody on the sensor."""
        ...


class CheckpointStore(Protocol):
    """Where the operation log's signed checkpoints live: storage the register cannot reach.

    Entries are only ever added, never replaced (write-once media fit); ``entries`` yields the
    stored bytes of every entry whose name starts with ``prefix``, with that name.
    """

    def add(self, name: str, data: bytes) -> str:
        """Store a new entry called ``name``; returns where it went (for messages)."""
        ...

    def entries(self, prefix: str) -> Iterator[tuple[str, bytes]]:
        """Every stored entry whose name starts with ``prefix``."""
        ...
