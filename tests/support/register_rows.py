"""A household with its head, written around the services: for tests about storage itself
(encryption at rest, the database's own rules), not about the register's business."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.db.models.register import Household, Resident
from app.domain.identifiers import make_resident_code


def add_head_of_household(
    session: Session,
    *,
    name: str = "試験　一郎",
    kana: str = "シケン　イチロウ",
    my_number: str | None = None,
    updated_by: str = "OP1",
) -> Resident:
    """Add household 0000000001 and its head (住民票コード from 0000000001); returns the head."""
    surname, given = kana.split("　", 1)
    household = Household(household_number="0000000001", head_name_kanji=name, head_name_kana=kana)
    session.add(household)
    session.flush()
    resident = Resident(
        municipality_code="072036",
        resident_code=make_resident_code("0000000001"),
        my_number=my_number,
        household_id=household.id,
        name_kanji=name,
        name_kana=kana,
        surname_kana=surname,
        given_kana=given,
        date_of_birth=dt.date(1980, 1, 2),
        sex_code="1",
        relationship_code="01",
        relationship_name="世帯主",
        entry_order=1,
        postal_code="9638601",
        address="福島県郡山市朝日一丁目",
        address_lot="1番",
        resident_category="1",
        updated_by=updated_by,
        updated_terminal="T0001",
    )
    session.add(resident)
    session.flush()
    return resident
