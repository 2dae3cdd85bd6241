"""The pyscard adapter: readers, connections, transmit, card monitor (the ONLY smartcard importer).

Uses pyscard's low-level ``smartcard.scard`` API so that every PC/SC error code is mapped:
no card / card removed / card reset -> CardRemoved; no reader / pcscd not running / reader
gone -> ReaderUnavailable. A connection is dead after a removal and is never reused. A
context that failed because pcscd went away is dropped, and the next call establishes a
fresh one, so the terminal recovers when pcscd is restarted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from smartcard import scard

from hardware.errors import CardError, CardRemoved, ReaderUnavailable
from hardware.ports import CardEvent, CardEventKind

log = logging.getLogger(__name__)

_CARD_GONE = frozenset(
    {
        scard.SCARD_E_NO_SMARTCARD,
        scard.SCARD_W_REMOVED_CARD,
        scard.SCARD_W_RESET_CARD,
        scard.SCARD_W_UNPOWERED_CARD,
        scard.SCARD_W_UNRESPONSIVE_CARD,
        scard.SCARD_E_NOT_TRANSACTED,
        scard.SCARD_E_PROTO_MISMATCH,
    }
)
_SERVICE_GONE = frozenset(
    {
        scard.SCARD_E_NO_SERVICE,
        scard.SCARD_E_SERVICE_STOPPED,
        scard.SCARD_E_INVALID_HANDLE,
        scard.SCARD_E_NO_READERS_AVAILABLE,
        scard.SCARD_E_READER_UNAVAILABLE,
        scard.SCARD_E_UNKNOWN_READER,
        scard.SCARD_E_COMM_DATA_LOST,
        scard.SCARD_F_COMM_ERROR,
        scard.SCARD_F_INTERNAL_ERROR,
        scard.SCARD_E_NO_MEMORY,
        scard.SCARD_E_SERVER_TOO_BUSY,
    }
)


def _error_for(code: int, what: str) -> CardError:
    if code in _CARD_GONE:
        return CardRemoved()
    if code in _SERVICE_GONE:
        return ReaderUnavailable(f"{what}: {scard.SCardGetErrorMessage(code).strip()}")
    return CardError(f"{what}: PC/SC error 0x{code & 0xFFFFFFFF:08X}")


class PcscContext:
    """A PC/SC resource-manager context that re-establishes itself after pcscd restarts."""

    def __init__(self) -> None:
        self._handle: Any = None
        self._lock = threading.Lock()

    def handle(self) -> Any:
        """The live context handle, establishing one if needed."""
        with self._lock:
            if self._handle is None:
                try:
                    rc, handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
                except Exception as exc:  # pyscard raises on some builds instead of returning
                    raise ReaderUnavailable("PC/SC service not reachable") from exc
                if rc != scard.SCARD_S_SUCCESS:
                    raise _error_for(rc, "establish context")
                self._handle = handle
            return self._handle

    def invalidate(self) -> None:
        """Drop the context (after a service error); the next call makes a fresh one."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            try:
                scard.SCardReleaseContext(handle)
            except Exception:  # the service may already be gone
                log.debug("release of a dead PC/SC context failed")

    def checked(self, rc: int, what: str) -> None:
        """Raise the mapped error for ``rc``, invalidating the context on service errors."""
        if rc == scard.SCARD_S_SUCCESS:
            return
        error = _error_for(rc, what)
        if isinstance(error, ReaderUnavailable):
            self.invalidate()
        raise error

    def list_readers(self) -> list[str]:
        """Reader names; an empty list when the service has none."""
        rc, readers = scard.SCardListReaders(self.handle(), [])
        if rc in (scard.SCARD_E_NO_READERS_AVAILABLE,):
            return []
        self.checked(rc, "list readers")
        return list(readers)

    def reader_states(self, readers: list[str]) -> dict[str, int]:
        """The current event-state word of each reader (no blocking)."""
        if not readers:
            return {}
        rc, states = scard.SCardGetStatusChange(
            self.handle(), 0, [(r, scard.SCARD_STATE_UNAWARE) for r in readers]
        )
        if rc == scard.SCARD_E_TIMEOUT:
            return {}
        self.checked(rc, "reader status")
        return {name: int(state) for name, state, _atr in states}

    def close(self) -> None:
        """Release the context."""
        self.invalidate()


def card_present(state: int) -> bool:
    """True when a reader state word says a card is in the reader."""
    return bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE


class PcscConnection:
    """A connection to one inserted card; transmit returns data + SW as bytes."""

    def __init__(self, context: PcscContext, reader: str) -> None:
        self.reader = reader
        self._context = context
        rc, card, protocol = scard.SCardConnect(
            context.handle(),
            reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        context.checked(rc, "connect")
        self._card: Any = card
        self._protocol = protocol
        self._owns_context = False

    def adopt_context(self) -> None:
        """Make this connection release its context when closed (one context per connection)."""
        self._owns_context = True

    def transmit(self, apdu: bytes) -> bytes:
        """Exchange one APDU; CardRemoved kills the connection for good."""
        if self._card is None:
            raise CardRemoved("the connection was closed after a removal")
        try:
            rc, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        except Exception as exc:
            self._card = None
            raise CardRemoved() from exc
        if rc != scard.SCARD_S_SUCCESS:
            self._abandon()
            self._context.checked(rc, "transmit")
        if len(response) < 2:
            # vpcd (and some readers) report success with no bytes when the card vanished.
            self._abandon()
            raise CardRemoved("the card stopped answering")
        return bytes(response)

    def _abandon(self) -> None:
        card, self._card = self._card, None
        if card is not None:
            try:
                scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            except Exception:
                log.debug("disconnect after an error failed")

    def close(self) -> None:
        """Disconnect, resetting the card so no security state outlives the session."""
        card, self._card = self._card, None
        if card is not None:
            try:
                scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)
            except Exception:
                log.debug("disconnect failed")
        if self._owns_context:
            self._context.close()


class PcscReader:
    """The CardReader port over PC/SC."""

    def __init__(self, context: PcscContext | None = None) -> None:
        self._context = context or PcscContext()

    def list_readers(self) -> list[str]:
        """Reader names known to pcscd."""
        return self._context.list_readers()

    def connect(self, reader_name: str | None = None) -> PcscConnection:
        """Connect to ``reader_name``, or to the first reader holding a card."""
        readers = self._context.list_readers()
        if not readers:
            raise ReaderUnavailable()
        if reader_name is not None:
            if reader_name not in readers:
                raise ReaderUnavailable("the named reader is not connected")
            return PcscConnection(self._context, reader_name)
        states = self._context.reader_states(readers)
        for name in readers:
            if card_present(states.get(name, 0)):
                return PcscConnection(self._context, name)
        raise CardRemoved("no card in any reader")


class PcscCardMonitor:
    """Polls reader states in a thread and reports insertions and removals via a callback.

    The first poll reports the state as found: INSERTED for a reader holding a card,
    READER_EMPTY for an empty one, READER_UNAVAILABLE when pcscd is unreachable or has no
    reader; a reader that appears later (or again, after pcscd restarts) is reported the
    same way. The pcsc-lite event counter (high 16 bits of the state word) catches a
    removal and re-insertion that both happen between two polls.
    """

    def __init__(self, interval: float = 0.25, context: PcscContext | None = None) -> None:
        self._interval = interval
        self._context = context or PcscContext()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, callback: Callable[[CardEvent], None]) -> None:
        """Start the polling thread."""
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(callback,), name="pcsc-monitor", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)
        self._thread = None
        self._context.close()

    def _snapshot(self) -> dict[str, tuple[bool, int]]:
        states = self._context.reader_states(self._context.list_readers())
        return {name: (card_present(s), s >> 16) for name, s in states.items()}

    def _run(self, callback: Callable[[CardEvent], None]) -> None:
        known: dict[str, tuple[bool, int]] = {}
        unavailable_reported = False
        while not self._stop.is_set():
            try:
                current = self._snapshot()
            except CardError:
                current = None
            if current is None or not current:
                if not unavailable_reported:
                    for name, (present, _) in known.items():
                        if present:
                            callback(CardEvent(CardEventKind.REMOVED, name))
                    callback(CardEvent(CardEventKind.READER_UNAVAILABLE, ""))
                unavailable_reported = True
                known = {}
                self._stop.wait(self._interval)
                continue
            unavailable_reported = False
            for event in changes(known, current):
                callback(event)
            known = current
            self._stop.wait(self._interval)


def changes(
    known: dict[str, tuple[bool, int]], current: dict[str, tuple[bool, int]]
) -> list[CardEvent]:
    """The events between two polls of (card present, event counter) per reader.

    A reader seen for the first time is reported as it is (INSERTED or READER_EMPTY); a
    changed counter with a card present is a removal followed by an insertion.
    """
    events: list[CardEvent] = []
    for name in sorted(set(known) | set(current)):
        if name not in current:
            if known[name][0]:
                events.append(CardEvent(CardEventKind.REMOVED, name))
            continue
        now, count = current[name]
        if name not in known:
            kind = CardEventKind.INSERTED if now else CardEventKind.READER_EMPTY
            events.append(CardEvent(kind, name))
            continue
        was, was_count = known[name]
        if was and (not now or count != was_count):
            events.append(CardEvent(CardEventKind.REMOVED, name))
            was = False
        if now and not was:
            events.append(CardEvent(CardEventKind.INSERTED, name))
    return events
