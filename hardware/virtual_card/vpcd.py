"""Connects a virtual card to the vpcd virtual reader (vsmartcard) as its TCP client.

vpcd listens on 127.0.0.1:35963 (slot "Virtual PCD 00 00"). Messages both ways are a
2-byte big-endian length and a payload; a 1-byte payload is a control code (00 power off,
01 power on, 02 reset, 04 send ATR), anything longer is a C-APDU answered with an R-APDU
(MYNUMBER_CARD.md §6.4). The card only ever connects out; it never listens.

Disconnecting is "removing" the card from the reader, reconnecting is "inserting" it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading

from hardware.virtual_card.card import VirtualMyNumberCard

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963
CTRL_OFF = 0x00
CTRL_ON = 0x01
CTRL_RESET = 0x02
CTRL_ATR = 0x04
_RETRY_SECONDS = 0.1

log = logging.getLogger(__name__)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
        chunk = sock.recv(size - len(buffer))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)


class VpcdCardClient:
    """Runs a VirtualMyNumberCard as a vpcd client in a background thread."""

    def __init__(
        self,
        card: VirtualMyNumberCard,
        host: str = VPCD_HOST,
        port: int = VPCD_PORT,
        remove_after_apdus: int | None = None,
    ) -> None:
        self.card = card
        self.host = host
        self.port = port
        self.remove_after_apdus = remove_after_apdus
        self.connected = threading.Event()
        self.apdus_served = 0
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """True while the client thread is alive (connecting or connected)."""
        return self._thread is not None and self._thread.is_alive()

    def insert(self) -> None:
        """Start connecting to vpcd (the card goes into the reader)."""
        if self.running:
            return
        self._stop.clear()
        self.apdus_served = 0
        self._thread = threading.Thread(target=self._run, name="virtual-card-vpcd", daemon=True)
        self._thread.start()

    def remove(self, timeout: float = 5.0) -> None:
        """Disconnect from vpcd (the card leaves the reader) and wait for the thread."""
        self._stop.set()
        self._drop()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def _drop(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        self.connected.clear()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                self._stop.wait(_RETRY_SECONDS)
                continue
            sock.settimeout(None)
            with self._lock:
                self._sock = sock
            self.connected.set()
            self.card.reset()
            try:
                self._serve(sock)
            except OSError:
                log.debug("vpcd connection lost")
            finally:
                self._drop()
            # A dropped connection is a removal: do not reconnect on our own.
            return

    def _serve(self, sock: socket.socket) -> None:
        while not self._stop.is_set():
            header = _recv_exact(sock, 2)
            if header is None:
                return
            (length,) = struct.unpack("!H", header)
            message = _recv_exact(sock, length)
            if message is None:
                return
            if len(message) == 1:
                if message[0] == CTRL_ATR:
                    sock.sendall(struct.pack("!H", len(self.card.atr)) + self.card.atr)
                elif message[0] in (CTRL_OFF, CTRL_ON, CTRL_RESET):
                    self.card.reset()
                continue
            if self.remove_after_apdus is not None and self.apdus_served >= self.remove_after_apdus:
                return  # simulated removal in the middle of an exchange
            self.apdus_served += 1
            response = self.card.execute(message)
            sock.sendall(struct.pack("!H", len(response)) + response)
