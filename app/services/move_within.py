"""転居 (a move within the city): the same pending-and-approval path, address fields only (R-29).

The operator enters the new address; anything else in a 転居 is refused with the field named
(:func:`app.domain.move_in_rules.require_address_only`). On approval the 住民票's address
changes (the old one kept as 住所変更前住所), the 本人確認情報 gets a new version with 異動事由
転居, and the prefecture receives the 8-field update (R-36).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit import OperationLog, Outcome
from app.db.models.movein import PendingChange
from app.db.models.register import Resident
from app.db.models.register_detail import AddressChangeOrigin
from app.db.uow import UnitOfWork
from app.domain import codes
from app.domain.errors import DomainError, InvalidFormat
from app.domain.move_in_rules import require_address_only
from app.domain.rights import Guard, OperatorSession, Right
from app.jukinet.messages import (
    CATEGORY_IDENTITY_UPDATE,
    KIND_IDENTITY_UPDATE,
    PREFECTURE,
    prefecture_update,
)
from app.jukinet.outbox import enqueue
from app.ports import Clock
from app.services.move_in import (
    STATUS_PENDING,
    AlreadyPending,
    ApplyContext,
    MoveInError,
    clean_kana,
    clean_postal,
    clean_text,
    full_address,
    one_pending_violated,
    pending_exists,
)
from app.services.stamps import jst_date

KIND_MOVE_WITHIN = "move_within"
_LIMITS = {"address": 200, "address_lot": 100, "katagaki_kanji": 200, "address_code": 20}


class NotCurrentResident(MoveInError):
    """A 転居 for someone who is not a current resident (updates never create records, R-31)."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "not a current resident")


def _clean(changes: Mapping[str, str]) -> dict[str, str | None]:
    require_address_only(changes)
    clean: dict[str, str | None] = {}
    for name, value in changes.items():
        if name == "postal_code":
            clean[name] = clean_postal(value)
        elif name == "katagaki_kana":
            clean[name] = clean_kana(value, "方書カナ") or None
        elif name in _LIMITS:
            required = name in ("address", "address_lot")
            clean[name] = clean_text(value, name, _LIMITS[name], required=required) or None
        else:
            raise InvalidFormat(name, "not an item a 転居 can enter")
    if not clean:
        raise InvalidFormat("住所", "no address item changed")
    return clean


class MoveWithinService:
    """Enters a 転居 as a pending change."""

    def __init__(self, uow: UnitOfWork, clock: Clock, oplog: OperationLog, guard: Guard) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        self._guard = guard

    def submit(
        self,
        op: OperatorSession,
        resident_code: str,
        changes: Mapping[str, str],
        moved_on: dt.date,
    ) -> int:
        """Validate and save a 転居 as pending; returns the pending change id.

        The resident and the pending changes are read under the write lock (BEGIN IMMEDIATE
        on SQLite, the resident's row locked on PostgreSQL): of two clerks entering a 転居 for
        the same person at once, one saves and the other gets :class:`AlreadyPending`.
        """
        self._guard.require(
            op, Right.MOVE_IN_ENTRY, operation="move_within.submit", target=resident_code
        )
        today = jst_date(self._clock.now())
        correlation_id = uuid.uuid4().hex
        try:
            clean = _clean(changes)
            if moved_on > today:
                raise InvalidFormat("異動年月日", "lies in the future")
            try:
                return self._save(
                    op,
                    resident_code,
                    clean=clean,
                    moved_on=moved_on,
                    today=today,
                    correlation_id=correlation_id,
                )
            except IntegrityError as exc:
                if not one_pending_violated(exc):
                    raise
                raise AlreadyPending() from None
        except DomainError as exc:
            self._oplog.record_alone(
                self._uow,
                op,
                "move_within.submit",
                Outcome.REFUSED,
                target=resident_code,
                correlation_id=correlation_id,
                reason=exc.field,
            )
            raise

    def _save(
        self,
        op: OperatorSession,
        resident_code: str,
        *,
        clean: dict[str, str | None],
        moved_on: dt.date,
        today: dt.date,
        correlation_id: str,
    ) -> int:
        """The deciding transaction of :meth:`submit` (write lock first, then the reads)."""
        with self._uow.begin_write() as session:
            resident = session.scalar(
                select(Resident).where(Resident.resident_code == resident_code).with_for_update()
            )
            if (
                resident is None
                or not codes.ResidentCategory.parse(
                    resident.resident_category, "住民区分"
                ).is_current
            ):
                raise NotCurrentResident()
            if pending_exists(session, resident_code):
                raise AlreadyPending()
            payload = {
                "changes": clean,
                "moved_on": moved_on.isoformat(),
                "notified": today.isoformat(),
            }
            change = PendingChange(
                kind=KIND_MOVE_WITHIN,
                resident_code=resident_code,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                status=STATUS_PENDING,
                correlation_id=correlation_id,
                entered_by=op.operator_id,
                entered_terminal=op.terminal_id,
                entered_at=self._clock.now(),
            )
            session.add(change)
            session.flush()
            self._oplog.record(
                session,
                op,
                "move_within.submit",
                Outcome.OK,
                target=resident_code,
                correlation_id=correlation_id,
                change_id=change.id,
                fields=sorted(clean),
            )
            return change.id


def apply_move_within(ctx: ApplyContext, change: PendingChange) -> None:
    """Make an approved 転居 effective: register address, identity version, prefecture update."""
    p: dict[str, Any] = json.loads(change.payload)
    changes: dict[str, str | None] = p["changes"]
    require_address_only(changes)  # re-checked: the stored payload is not trusted blindly
    session, now, op = ctx.session, ctx.now, ctx.approver
    moved_on = dt.date.fromisoformat(p["moved_on"])
    notified = dt.date.fromisoformat(p["notified"])
    resident = session.scalar(
        select(Resident).where(Resident.resident_code == change.resident_code)
    )
    if (
        resident is None
        or not codes.ResidentCategory.parse(resident.resident_category, "住民区分").is_current
    ):
        raise NotCurrentResident()
    origin = session.get(AddressChangeOrigin, resident.id)
    if origin is None:
        origin = AddressChangeOrigin(resident_id=resident.id)
        session.add(origin)
    origin.address_code = resident.address_code
    origin.postal_code = resident.postal_code
    origin.address = resident.address
    origin.address_lot = resident.address_lot
    origin.katagaki_kana = resident.katagaki_kana
    origin.katagaki_kanji = resident.katagaki_kanji
    for name, value in changes.items():
        setattr(resident, name, value)
    reason = codes.ChangeReason.MOVE_WITHIN.value
    resident.change_reason_code = reason
    resident.change_date = moved_on
    resident.change_notified_date = notified
    resident.address_established_reason_code = reason
    resident.address_established_date = moved_on
    resident.address_established_notified_date = notified
    resident.updated_by = op.operator_id
    resident.updated_terminal = op.terminal_id
    resident.updated_at = now
    resident.personal_history_number += 1
    session.flush()
    address = full_address(resident.address, resident.address_lot, resident.katagaki_kanji)
    ctx.identity_correct(
        change.resident_code,
        {
            "postal_code": resident.postal_code,
            "address": address,
            "address_established_date": moved_on,
            "notified_date": notified,
        },
        reason,
        moved_on,
    )
    enqueue(
        session,
        kind=KIND_IDENTITY_UPDATE,
        recipient=PREFECTURE,
        data_category=CATEGORY_IDENTITY_UPDATE,
        resident_code=change.resident_code,
        payload=prefecture_update(
            resident_code=change.resident_code,
            name=resident.name_kanji,
            date_of_birth=resident.date_of_birth,
            sex_code=resident.sex_code,
            address=address,
            my_number=resident.my_number,
            change_reason_code=reason,
            change_date=moved_on,
        ),
        now=now,
        pending_change_id=change.id,
    )
