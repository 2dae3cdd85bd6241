"""Start and stop a private ``pcscd --foreground`` for integration tests and the card benchmark.

Only a pcscd started here is ever stopped here. Waiting is a bounded poll on the reader
list, never a fixed sleep. Needs root (pcscd creates its socket under /run/pcscd) and the
vsmartcard-vpcd driver (MYNUMBER_CARD.md §6.5).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from hardware.errors import CardError
from hardware.pcsc import PcscContext, card_present
from hardware.readers import list_pcsc_readers

VPCD_READER = "Virtual PCD 00 00"
VPCD_DRIVER_PATHS = (
    Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
    Path("/etc/reader.conf.d/vpcd"),
)
READY_TIMEOUT = 15.0
POLL_INTERVAL = 0.05


def pcscd_unavailable_reason() -> str | None:
    """Why a private pcscd with vpcd cannot be run here, or None when it can."""
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)"
    if not any(path.exists() for path in VPCD_DRIVER_PATHS):
        return "the vpcd driver is not installed (apt-get install vsmartcard-vpcd)"
    if os.geteuid() != 0:
        return "starting pcscd needs root"
    return None


def running_pcscd_pids() -> list[int]:
    """PIDs of pcscd processes, via ``pidof``."""
    result = subprocess.run(["pidof", "pcscd"], capture_output=True, text=True, check=False)
    return [int(p) for p in result.stdout.split()]


def wait_for(predicate_name: str, check: object, timeout: float = READY_TIMEOUT) -> None:
    """Poll ``check()`` until it is true or ``timeout`` passes (then raise TimeoutError)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"timed out waiting for {predicate_name}")


def vpcd_reader_listed() -> bool:
    """True when pcscd lists the vpcd slot."""
    try:
        return VPCD_READER in list_pcsc_readers()
    except CardError:
        return False


def vpcd_card_present() -> bool:
    """True when pcscd reports a card in the vpcd slot."""
    context = PcscContext()
    try:
        state = context.reader_states([VPCD_READER]).get(VPCD_READER, 0)
    except CardError:
        return False
    finally:
        context.close()
    return card_present(state)


def wait_for_card(present: bool, timeout: float = READY_TIMEOUT) -> None:
    """Poll until the vpcd slot holds (or no longer holds) a card.

    Waiting for absence before inserting matters: right after a removal pcscd may still
    report the old card for a moment, and a connect then would hit a card that vanishes.
    """
    wait_for(
        "card present" if present else "card absent",
        lambda: vpcd_card_present() is present,
        timeout,
    )


class PcscdService:
    """A pcscd this process started (or an external one it merely uses)."""

    def __init__(self, log_path: Path | None = None) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._log_path = log_path
        self.external = False

    @property
    def owned(self) -> bool:
        """True when this object started the running pcscd."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Use a running pcscd if there is one, else start ours; wait for the vpcd reader."""
        if running_pcscd_pids() and not self.owned:
            self.external = True
        else:
            self._spawn()
        wait_for("the vpcd reader", vpcd_reader_listed)

    def _spawn(self) -> None:
        log = self._log_path.open("ab") if self._log_path else subprocess.DEVNULL
        self._process = subprocess.Popen(
            ["pcscd", "--foreground"], stdout=log, stderr=subprocess.STDOUT
        )

    def stop(self) -> None:
        """Stop pcscd if (and only if) this object started it; wait until it is gone."""
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def restart(self) -> None:
        """Stop our pcscd and start a new one (only for a pcscd we own)."""
        if self.external:
            raise RuntimeError("refusing to restart a pcscd this process did not start")
        self.stop()
        self._spawn()
        wait_for("the vpcd reader", vpcd_reader_listed)
