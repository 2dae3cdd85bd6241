"""A simulated Juki-net for the demo and the tests: the prefecture and other municipalities.

The prefectural server acknowledges. Municipalities acknowledge, except the one configured
to refuse (it stands for a CS that rejects a 転入通知, to exercise R-39's refused attempts).
Each peer keeps what it received keyed by message id, so a redelivery after a crash is
acknowledged again without being stored twice.
"""

from __future__ import annotations

import threading

from app.jukinet.messages import PREFECTURE, municipality_recipient
from app.jukinet.ports import Envelope, Peer, PeerUnavailable, Receipt, ReceiptOutcome

# The municipality that refuses everything in the simulation (demo: 福島県白河市).
REFUSING_MUNICIPALITY = "072052"
REFUSAL_REASON = "simulated refusal: the recipient CS rejected the message"


class SimulatedPeer:
    """One simulated CS or server; thread-safe, idempotent by message id."""

    def __init__(self, name: str, *, refuse: bool = False) -> None:
        self.name = name
        self.refuse = refuse
        self.reachable = True
        self.received: dict[str, Envelope] = {}
        self.deliveries = 0
        self._lock = threading.Lock()

    def deliver(self, envelope: Envelope) -> Receipt:
        """Accept (or refuse) ``envelope``; a repeated message id is not stored again."""
        with self._lock:
            if not self.reachable:
                raise PeerUnavailable(self.name)
            self.deliveries += 1
            if self.refuse:
                return Receipt(ReceiptOutcome.REFUSED, REFUSAL_REASON)
            self.received.setdefault(envelope.message_id, envelope)
            return Receipt(ReceiptOutcome.ACKNOWLEDGED)


class SimulatedPeerNetwork:
    """The directory of simulated peers: the prefecture plus any municipality asked for."""

    def __init__(self, refusing: frozenset[str] = frozenset({REFUSING_MUNICIPALITY})) -> None:
        self.prefecture = SimulatedPeer(PREFECTURE)
        self.municipalities: dict[str, SimulatedPeer] = {}
        self._refusing = refusing
        self._lock = threading.Lock()

    def municipality(self, code: str) -> SimulatedPeer:
        """The simulated CS of municipality ``code`` (created on first use)."""
        with self._lock:
            peer = self.municipalities.get(code)
            if peer is None:
                peer = SimulatedPeer(municipality_recipient(code), refuse=code in self._refusing)
                self.municipalities[code] = peer
            return peer

    def peer_for(self, recipient: str) -> Peer | None:
        """The peer for ``prefecture`` or ``muni:NNNNNN``; None for anything else."""
        if recipient == PREFECTURE:
            return self.prefecture
        prefix = municipality_recipient("")
        if recipient.startswith(prefix):
            code = recipient[len(prefix) :]
            if len(code) == 6 and code.isdigit():
                return self.municipality(code)
        return None

    def all_received(self) -> list[Envelope]:
        """Every distinct message any peer stored (tests count duplicates with this)."""
        envelopes = list(self.prefecture.received.values())
        for peer in self.municipalities.values():
            envelopes.extend(peer.received.values())
        return envelopes
