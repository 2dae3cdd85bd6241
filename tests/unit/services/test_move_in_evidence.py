"""特例転入 needs evidence: a card-read token from this flow, or a marked operator entry.

The token comes from step 1's PIN-verified read (``card_read_evidence``); the submission
checks it against the person, the operator and session, its purpose and its age, and uses
it up. Without a token the entry is an operator entry: a reason is required, the change is
marked and the approver sees both. A bad token is refused, never taken as operator entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets

import pytest
from sqlalchemy import func, select

from app.db.models.movein import CardReadEvidence, PendingChange
from app.domain.identifiers import make_my_number, make_resident_code
from app.domain.rights import Right
from app.services.card_reading import evidence_hash
from app.services.move_in import (
    EVIDENCE_LIFETIME,
    EVIDENCE_REASON_FIELD,
    CardEvidenceRefused,
    EvidenceReasonRequired,
)
from tests.support.movein import (
    CLERK,
    OPERATOR_ENTRY_REASON,
    SUPER,
    Pins,
    World,
    card_entry,
    certificate,
    entry,
    holder,
    operator,
    world,
)

__all__ = ["world"]  # the fixture

CLERK_B = operator("clerk03", Right.MOVE_IN_ENTRY)
OTHER_CODE = make_resident_code("1357924680")
OTHER_MY_NUMBER = make_my_number("98765432101")


def _pending(world: World) -> list[PendingChange]:
    with world.uow.begin() as session:
        rows = list(session.scalars(select(PendingChange).order_by(PendingChange.id)))
        session.expunge_all()
        return rows


def _evidence_rows(world: World) -> list[CardReadEvidence]:
    with world.uow.begin() as session:
        rows = list(session.scalars(select(CardReadEvidence).order_by(CardReadEvidence.id)))
        session.expunge_all()
        return rows


def _refused_with(world: World, problem: str) -> None:
    """The last submission was refused for ``problem``, logged without the token."""
    row = world.log("move_in.submit")[-1]
    assert row.outcome == "refused"
    detail = json.loads(row.detail)
    assert detail["reason"] == "カード読取"
    assert detail["problem"] == problem
    assert detail["evidence"] == "card"


def test_the_card_read_issues_a_token_stored_only_as_its_hash(world: World) -> None:
    received = world.inbox.receive(certificate())
    match = world.move_in.read_card(CLERK, world.card(), Pins())
    token = match.card_token
    assert token is not None and len(token) >= 43
    assert token not in repr(match)
    (evidence,) = _evidence_rows(world)
    assert evidence.token_hash == evidence_hash(token) != token
    assert evidence.purpose == "move_in.card"
    assert evidence.resident_code == "24727059608"
    assert (evidence.operator_id, evidence.session_id) == (CLERK.operator_id, CLERK.session_id)
    assert evidence.terminal_id == CLERK.terminal_id
    assert evidence.correlation_id == match.correlation_id
    assert evidence.used_at is None and evidence.used_by_change_id is None
    read_row = world.log("card.read")[-1]
    assert read_row.correlation_id == match.correlation_id
    assert json.loads(read_row.detail)["evidence"] is True
    for row in world.log():
        assert token not in row.detail
    assert match.item is not None and match.item.inbox_id == received.inbox_id


def test_a_submission_with_the_token_is_card_evidence_and_uses_it_up(world: World) -> None:
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, card_entry(world, received.inbox_id))
    (change,) = _pending(world)
    assert (change.id, change.evidence, change.evidence_reason) == (change_id, "card", None)
    (evidence,) = _evidence_rows(world)
    assert evidence.used_by_change_id == change_id
    assert evidence.used_at is not None
    submitted = world.log("move_in.submit")[-1]
    assert submitted.outcome == "ok"
    assert json.loads(submitted.detail)["evidence"] == "card"
    (view,) = world.approvals.pending(SUPER)
    assert (view.evidence, view.evidence_reason) == ("card", None)


def test_a_token_never_issued_is_refused_even_with_a_reason(world: World) -> None:
    received = world.inbox.receive(certificate())
    forged = entry(received.inbox_id, card_token=secrets.token_urlsafe(32))
    assert forged.operator_entry_reason  # a reason does not turn it into an operator entry
    with pytest.raises(CardEvidenceRefused) as refused:
        world.move_in.submit(CLERK, forged)
    assert forged.card_token is not None
    assert forged.card_token not in str(refused.value)
    assert _pending(world) == []
    _refused_with(world, "unknown")
    assert forged.card_token not in world.log("move_in.submit")[-1].detail


def test_a_token_of_another_persons_card_is_refused(world: World) -> None:
    mine = world.inbox.receive(certificate())
    world.inbox.receive(
        certificate(message_id="m-0002", resident_code=OTHER_CODE, my_number=OTHER_MY_NUMBER)
    )
    other_card = holder(resident_code=OTHER_CODE, my_number=OTHER_MY_NUMBER)
    other = card_entry(world, mine.inbox_id, card_holder=other_card)
    with pytest.raises(CardEvidenceRefused):
        world.move_in.submit(CLERK, other)
    _refused_with(world, "other_person")
    assert _pending(world) == []
    assert all(row.used_at is None for row in _evidence_rows(world))


def test_a_token_read_by_another_operator_or_session_is_refused(world: World) -> None:
    received = world.inbox.receive(certificate())
    read_by_clerk = card_entry(world, received.inbox_id)
    with pytest.raises(CardEvidenceRefused):
        world.move_in.submit(CLERK_B, read_by_clerk)
    _refused_with(world, "other_operator")
    same_operator_later = dataclasses.replace(CLERK, session_id="s-clerk01-second")
    with pytest.raises(CardEvidenceRefused):
        world.move_in.submit(same_operator_later, read_by_clerk)
    _refused_with(world, "other_operator")
    assert world.move_in.submit(CLERK, read_by_clerk)  # still good for its own reader


def test_a_token_is_used_once(world: World) -> None:
    received = world.inbox.receive(certificate())
    with_card = card_entry(world, received.inbox_id)
    change_id = world.move_in.submit(CLERK, with_card)
    world.approvals.reject(SUPER, change_id, "番地の誤り")  # the certificate is open again
    with pytest.raises(CardEvidenceRefused):
        world.move_in.submit(CLERK, dataclasses.replace(with_card, address_lot="２番４号"))
    _refused_with(world, "used")
    assert [c.status for c in _pending(world)] == ["rejected"]


def test_a_token_older_than_its_lifetime_is_refused(world: World) -> None:
    received = world.inbox.receive(certificate())
    with_card = card_entry(world, received.inbox_id)
    world.clock.advance(seconds=EVIDENCE_LIFETIME.total_seconds() + 1)
    with pytest.raises(CardEvidenceRefused):
        world.move_in.submit(CLERK, with_card)
    _refused_with(world, "expired")


def test_a_token_at_the_end_of_its_lifetime_is_accepted(world: World) -> None:
    assert dt.timedelta(minutes=60) == EVIDENCE_LIFETIME  # the documented limit
    received = world.inbox.receive(certificate())
    with_card = card_entry(world, received.inbox_id)
    world.clock.advance(seconds=EVIDENCE_LIFETIME.total_seconds())
    assert world.move_in.submit(CLERK, with_card)


def test_evidence_of_another_purpose_is_refused(world: World) -> None:
    received = world.inbox.receive(certificate())
    token = secrets.token_urlsafe(32)
    with world.uow.begin() as session:
        session.add(
            CardReadEvidence(
                token_hash=evidence_hash(token),
                purpose="card.confirm",
                resident_code="24727059608",
                operator_id=CLERK.operator_id,
                terminal_id=CLERK.terminal_id,
                session_id=CLERK.session_id,
                correlation_id="c-1",
                read_at=world.clock.now(),
            )
        )
    with pytest.raises(CardEvidenceRefused):
        world.move_in.submit(CLERK, entry(received.inbox_id, card_token=token))
    _refused_with(world, "purpose")


@pytest.mark.parametrize("reason", ["", "　 ", "理" * 201])
def test_an_operator_entry_needs_a_reason(world: World, reason: str) -> None:
    received = world.inbox.receive(certificate())
    with pytest.raises(EvidenceReasonRequired) as refused:
        world.move_in.submit(CLERK, entry(received.inbox_id, operator_entry_reason=reason))
    assert refused.value.field == EVIDENCE_REASON_FIELD
    assert "理由" in refused.value.reason  # said in Japanese
    row = world.log("move_in.submit")[-1]
    assert row.outcome == "refused"
    assert json.loads(row.detail) == {"reason": EVIDENCE_REASON_FIELD, "evidence": "operator_entry"}
    assert _pending(world) == []


def test_an_operator_entry_with_control_characters_is_refused(world: World) -> None:
    received = world.inbox.receive(certificate())
    with pytest.raises(ValueError, match=EVIDENCE_REASON_FIELD):
        world.move_in.submit(
            CLERK, entry(received.inbox_id, operator_entry_reason="免許証\u202eで確認")
        )
    assert _pending(world) == []


def test_an_operator_entry_is_marked_and_its_reason_is_not_logged(world: World) -> None:
    received = world.inbox.receive(certificate())
    change_id = world.move_in.submit(CLERK, entry(received.inbox_id))
    (change,) = _pending(world)
    assert (change.id, change.evidence) == (change_id, "operator_entry")
    assert change.evidence_reason == OPERATOR_ENTRY_REASON
    submitted = world.log("move_in.submit")[-1]
    assert json.loads(submitted.detail)["evidence"] == "operator_entry"
    for row in world.log():
        assert OPERATOR_ENTRY_REASON not in row.detail
    (view,) = world.approvals.pending(SUPER)
    assert (view.evidence, view.evidence_reason) == ("operator_entry", OPERATOR_ENTRY_REASON)
    with world.uow.begin() as session:
        assert session.scalar(select(func.count()).select_from(CardReadEvidence)) == 0
