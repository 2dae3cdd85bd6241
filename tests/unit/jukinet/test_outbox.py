"""The transactional outbox and its dispatcher: every attempt recorded, no loss, no duplicate."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import update

from app.db.models.movein import OutboxMessage
from app.jukinet.dispatcher import Dispatcher
from app.jukinet.messages import PREFECTURE, PREFECTURE_FIELDS
from app.jukinet.ports import Envelope, Receipt
from app.jukinet.simulated import REFUSING_MUNICIPALITY, SimulatedPeerNetwork
from tests.support.movein import CLERK, SUPER, World, approved_move_in, certificate, entry


class SimulatedCrash(BaseException):
    """Stands for the process dying (not an Exception: nothing may catch it)."""


@dataclasses.dataclass
class CrashAfterDelivery:
    """A directory whose peers receive the message, then the sender 'dies' before recording."""

    network: SimulatedPeerNetwork

    def peer_for(self, recipient: str) -> CrashAfterDelivery:
        """Every recipient is this crashing wrapper."""
        self._recipient = recipient
        return self

    def deliver(self, envelope: Envelope) -> Receipt:
        """Deliver for real, then crash."""
        peer = self.network.peer_for(self._recipient)
        assert peer is not None
        peer.deliver(envelope)
        raise SimulatedCrash


def test_delivery_acknowledged_and_recorded(world: World) -> None:
    approved_move_in(world)
    report = world.dispatcher.run_once(operator_id="super01")
    assert report.acknowledged == 2
    assert {m.status for m in world.outbox.messages()} == {"acknowledged"}
    prefecture = world.network.prefecture.received
    assert len(prefecture) == 1
    (envelope,) = prefecture.values()
    assert tuple(envelope.payload) == PREFECTURE_FIELDS
    attempts = world.outbox.attempts()
    assert [a.outcome for a in attempts] == ["acknowledged", "acknowledged"]
    assert all(a.record_key == "24727059608" and a.operator_id == "super01" for a in attempts)
    assert world.dispatcher.run_once().attempted == 0  # nothing is sent twice


def test_refused_send_is_recorded_as_refused(world: World) -> None:
    """R-39: a refused attempt produces a row with outcome refused."""
    received = world.inbox.receive(
        certificate(from_municipality_code=REFUSING_MUNICIPALITY, message_id="m-r")
    )
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
    world.approvals.approve(SUPER, change_id)
    report = world.dispatcher.run_once()
    assert (report.acknowledged, report.refused) == (1, 1)
    refused = [a for a in world.outbox.attempts() if a.outcome == "refused"]
    assert len(refused) == 1
    assert refused[0].recipient == f"muni:{REFUSING_MUNICIPALITY}"
    assert refused[0].reason
    assert world.log("jukinet.send")[-1].outcome in {"ok", "refused"}
    assert {r.outcome for r in world.log("jukinet.send")} == {"ok", "refused"}


def test_unknown_recipient_is_refused_and_recorded(world: World) -> None:
    approved_move_in(world)
    with world.uow.begin() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.recipient != PREFECTURE)
            .values(recipient="nowhere")
        )
    world.dispatcher.run_once()
    assert sorted(a.outcome for a in world.outbox.attempts()) == ["acknowledged", "refused"]


def test_unreachable_peer_keeps_the_message_queued(world: World) -> None:
    approved_move_in(world)
    world.network.prefecture.reachable = False
    report = world.dispatcher.run_once()
    assert report.failed == 1
    queued = [m for m in world.outbox.messages() if m.recipient == PREFECTURE]
    assert queued[0].status == "queued"
    world.network.prefecture.reachable = True
    assert world.dispatcher.run_once().acknowledged == 1
    outcomes = [a.outcome for a in world.outbox.attempts(queued[0].message_id)]
    assert outcomes == ["failed", "acknowledged"]


def test_crash_between_approval_and_send_loses_nothing(world: World) -> None:
    """The approval committed, the terminal died before any send: a later run sends all."""
    approved_move_in(world)
    fresh = Dispatcher(
        world.uow,
        world.clock,
        world.oplog,
        world.network,
        sender_municipality_code="072036",
        terminal_id="T0002",
    )
    assert fresh.run_once().acknowledged == 2
    assert len(world.network.all_received()) == 2


def test_crash_after_the_peer_received_does_not_duplicate(world: World) -> None:
    approved_move_in(world)
    crashing = Dispatcher(
        world.uow,
        world.clock,
        world.oplog,
        CrashAfterDelivery(world.network),
        sender_municipality_code="072036",
        terminal_id="T0001",
    )
    with pytest.raises(SimulatedCrash):
        crashing.run_once()
    first = world.outbox.messages()[0]
    assert first.status == "sent"
    assert [a.outcome for a in world.outbox.attempts(first.message_id)] == ["in_flight"]
    # Restart: the in-flight message is sent again under the same id, the peer dedupes.
    report = world.dispatcher.run_once()
    assert report.acknowledged == 2
    assert len(world.network.all_received()) == 2
    assert [a.outcome for a in world.outbox.attempts(first.message_id)] == [
        "in_flight",
        "acknowledged",
    ]
    assert {m.status for m in world.outbox.messages()} == {"acknowledged"}


def test_a_sent_message_is_not_resent_before_its_lease_ends(world: World) -> None:
    approved_move_in(world)
    with world.uow.begin() as session:
        session.execute(update(OutboxMessage).values(status="sent", updated_at=world.clock.now()))
    patient = Dispatcher(
        world.uow,
        world.clock,
        world.oplog,
        world.network,
        sender_municipality_code="072036",
        terminal_id="T0001",
    )
    assert patient.run_once().attempted == 0
    world.clock.advance(seconds=61)
    assert patient.run_once().acknowledged == 2
