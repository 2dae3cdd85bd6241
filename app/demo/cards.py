"""The virtual cards a trainee can put into the reader: residents and people moving in.

Training mode only. Residents' cards are made from their current 本人確認情報; one of
them still carries an older address, as a real card does until its 追記欄 is written, so
that the confirmation screen has a difference to show. People moving in come from the
card files that ``seed_demo_move_outs`` wrote.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from app.bootstrap import Container
from app.db.models.identity import IdentityRecord
from app.demo.peers import CARD_DIR, DEMO_PIN

RESIDENT_CARDS = 6


@dataclasses.dataclass(frozen=True)
class TrainingCard:
    """One card on the training panel: who it is for, and what the virtual card holds."""

    label: str
    holder: dict[str, Any]
    moving_in: bool


def _holder(record: IdentityRecord, municipality_code: str, address: str) -> dict[str, Any]:
    dob = record.date_of_birth or dt.date(1970, 1, 1)
    return {
        "my_number": record.my_number or "",
        "resident_code": record.resident_code,
        "name": record.name_kanji,
        "address": address,
        "dob": dob.strftime("%Y%m%d"),
        "sex": record.sex_code,
        "expiry": dt.date(dob.year + 60 if dob.year + 60 > 2027 else 2030, 1, 1).isoformat(),
        "municipality_code": municipality_code[:5],
        "pins": {"kenhojo": DEMO_PIN, "juki": DEMO_PIN},
    }


def training_cards(container: Container) -> list[TrainingCard]:
    """Cards of a few current residents and of everyone whose move-out was announced."""
    cards: list[TrainingCard] = []
    with container.uow.begin() as session:
        records = session.scalars(
            select(IdentityRecord)
            .where(
                IdentityRecord.is_current.is_(True),
                IdentityRecord.record_status == "0",
                IdentityRecord.my_number.is_not(None),
            )
            .order_by(IdentityRecord.id)
            .limit(RESIDENT_CARDS)
        ).all()
        for index, record in enumerate(records):
            address = record.address
            note = "住民"
            if index == RESIDENT_CARDS - 1 and record.prev_address:
                address, note = record.prev_address, "住民・券面は旧住所"
            elif index == RESIDENT_CARDS - 1:
                address, note = address.replace("郡山市", "郡山市 旧"), "住民・券面は旧住所"
            holder = _holder(record, container.municipality_code, address)
            cards.append(TrainingCard(f"{record.name_kanji}（{note}）", holder, False))
    card_dir = container.settings.data_dir / CARD_DIR
    for path in sorted(card_dir.glob("*.json")) if card_dir.exists() else []:
        holder = json.loads(path.read_text(encoding="utf-8"))
        cards.append(TrainingCard(f"{holder['name']}（転入予定）", holder, True))
    return cards
