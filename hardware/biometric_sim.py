"""A simulated fingerprint sensor for training mode and tests.

It implements the ports BiometricDevice, SimulatedFingers (the finger is chosen on screen)
and CancellableCapture.

A simulated finger is named by the person it belongs to and which finger it is; its
"template" is a digest of both, so the same finger always matches and any other does not.
A person at the demo window places a finger through the login dialog's scanner panel;
tests call :meth:`SimulatedFingerprintDevice.place` directly.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

_DOMAIN = b"madoguchi-simulated-finger|"


def simulated_template(subject: str, finger: str) -> bytes:
    """The template the simulator derives for ``subject``'s ``finger``."""
    return hashlib.sha256(_DOMAIN + f"{subject}|{finger}".encode()).digest()


class SimulatedFingerprintDevice:
    """A sensor that returns whatever finger was last placed on it, once."""

    def __init__(self, *, ready: bool = True) -> None:
        self._ready = ready
        self._placed: bytes | None = None
        # The finger is placed on the GUI thread and captured on the service worker.
        self._lock = threading.Lock()

    # -- BiometricDevice ------------------------------------------------------------
    def is_ready(self) -> bool:
        """True unless a test unplugged the simulated sensor."""
        return self._ready

    def enroll(self, finger: str, *, subject: str) -> bytes:
        """The template of ``subject``'s ``finger`` (no finger needs to be placed)."""
        return simulated_template(subject, finger)

    def capture(self) -> bytes | None:
        """The placed finger's sample, consumed so it is not reused; None if none is placed."""
        with self._lock:
            sample, self._placed = self._placed, None
        return sample

    def cancel_capture(self) -> None:
        """Lift the placed finger: a capture still to come finds none."""
        with self._lock:
            self._placed = None

    def matches(self, sample: bytes, template: bytes) -> bool:
        """Constant-time comparison of sample and template."""
        return hmac.compare_digest(sample, template)

    # -- simulation controls ----------------------------------------------------------
    def place(self, subject: str, finger: str) -> None:
        """Put ``subject``'s ``finger`` on the sensor for the next capture."""
        with self._lock:
            self._placed = simulated_template(subject, finger)

    def place_unknown(self) -> None:
        """Put a finger that matches nobody on the sensor."""
        with self._lock:
            self._placed = secrets.token_bytes(32)

    def set_ready(self, ready: bool) -> None:
        """Plug or unplug the simulated sensor."""
        self._ready = ready
