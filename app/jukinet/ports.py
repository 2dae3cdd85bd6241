"""Ports of the Juki-net gateway: a peer (another CS or the prefectural server) and a directory.

The real network is reached only through these protocols; :mod:`app.jukinet.simulated`
implements them for the demo and the tests.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Protocol


class ReceiptOutcome(enum.StrEnum):
    """What a peer answered to one delivery."""

    ACKNOWLEDGED = "acknowledged"
    REFUSED = "refused"


@dataclasses.dataclass(frozen=True)
class Envelope:
    """One outbound message as handed to a peer; ``message_id`` makes redelivery idempotent."""

    message_id: str
    kind: str
    recipient: str
    sender_municipality_code: str
    payload: Mapping[str, str]


@dataclasses.dataclass(frozen=True)
class Receipt:
    """A peer's answer: acknowledged, or refused with a reason (no personal data)."""

    outcome: ReceiptOutcome
    reason: str = ""


class PeerUnavailable(Exception):
    """The peer could not be reached; the message stays queued for the next run."""


class Peer(Protocol):
    """A Juki-net peer that accepts messages; receiving the same message_id twice is a no-op."""

    def deliver(self, envelope: Envelope) -> Receipt:
        """Deliver one message; raises PeerUnavailable when the peer cannot be reached."""
        ...


class PeerDirectory(Protocol):
    """Finds the peer for an outbox recipient (``prefecture`` or ``muni:NNNNNN``)."""

    def peer_for(self, recipient: str) -> Peer | None:
        """The peer, or None when the recipient is unknown (the attempt is then refused)."""
        ...


class OfflinePeerDirectory:
    """The directory when no Juki-net line is configured: every send stays queued."""

    def peer_for(self, recipient: str) -> Peer | None:
        """A peer that is never reachable (messages are kept, attempts recorded as failed)."""
        del recipient
        return _OfflinePeer()


class _OfflinePeer:
    def deliver(self, envelope: Envelope) -> Receipt:
        del envelope
        raise PeerUnavailable("no Juki-net line configured")
