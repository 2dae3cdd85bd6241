"""The register tables take a realistic 住民票 (Japanese and foreign resident) on both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.db.base import Base
from app.db.engine import make_engine
from app.db.models import (
    AliasNameHistory,
    ForeignResident,
    Household,
    MoveOutDestination,
    RegisteredDomicile,
    Resident,
    ResidentHistory,
    SpecialPermanentResidentCertificate,
)
from app.db.uow import UnitOfWork
from app.domain.identifiers import make_my_number, make_resident_code


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _resident(household: Household, n: int, **extra: object) -> Resident:
    """Only the contract columns plus what the test is about (others default)."""
    values: dict[str, object] = {
        "municipality_code": "072036",
        "resident_code": make_resident_code(f"{n:010d}"),
        "my_number": make_my_number(f"{n:011d}"),
        "household_id": household.id,
        "name_kanji": "窓口　一郎",
        "name_kana": "マドグチ　イチロウ",
        "surname_kana": "マドグチ",
        "given_kana": "イチロウ",
        "date_of_birth": dt.date(1980, 1, 2),
        "sex_code": "1",
        "relationship_code": "01",
        "relationship_name": "世帯主",
        "entry_order": 1,
        "postal_code": "9638601",
        "address": "福島県郡山市朝日一丁目",
        "address_lot": "23番7号",
        "resident_category": "1",
        "updated_by": "OP1",
        "updated_terminal": "T1",
    }
    values.update(extra)
    return Resident(**values)


def test_japanese_resident_with_domicile_and_move_out(engine: Engine) -> None:
    with UnitOfWork(engine).begin() as session:
        household = Household(
            household_number="H000000001", head_name_kanji="窓口　一郎", head_name_kana="マドグチ"
        )
        session.add(household)
        session.flush()
        resident = _resident(household, 1, former_surname_kanji="旧姓", furigana_certification="1")
        session.add(resident)
        session.flush()
        session.add(RegisteredDomicile(resident_id=resident.id, domicile_address="東京都千代田区"))
        session.add(
            MoveOutDestination(
                resident_id=resident.id,
                planned_address="宮城県仙台市青葉区",
                planned_move_out_date=dt.date(2026, 5, 1),
            )
        )
        session.add(
            ResidentHistory(
                resident_id=resident.id,
                personal_history_number=1,
                snapshot="{}",
                superseded_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
                superseded_by="OP1",
                superseded_terminal="T1",
            )
        )
    with UnitOfWork(engine).begin() as session:
        stored = session.scalars(select(Resident)).one()
        assert stored.valid_flag is True
        assert stored.dob_unknown_flag is False
        assert stored.personal_history_number == 1
        assert stored.former_surname_kanji == "旧姓"
        assert stored.created_at is not None
        move = session.get(MoveOutDestination, stored.id)
        assert move is not None
        assert move.planned_move_out_date == dt.date(2026, 5, 1)
        assert move.planned_katagaki_hidden is False


def test_foreign_resident_with_certificate_and_alias_history(engine: Engine) -> None:
    with UnitOfWork(engine).begin() as session:
        household = Household(household_number="H2", head_name_kanji="李　明", head_name_kana="リ")
        session.add(household)
        session.flush()
        resident = _resident(household, 2, resident_category="2", name_kanji="李　明")
        session.add(resident)
        session.flush()
        session.add(
            ForeignResident(
                resident_id=resident.id,
                nationality_code="156",
                nationality_name="中国",
                art30_45_category="2",
                art30_45_category_name="特別永住者",
                alias_name_kanji="李山　明",
            )
        )
        for number in (1, 2):
            session.add(
                SpecialPermanentResidentCertificate(
                    resident_id=resident.id, history_number=number, issue_date=dt.date(2020, 1, 1)
                )
            )
        session.add(AliasNameHistory(resident_id=resident.id, branch_number=1))
    with UnitOfWork(engine).begin() as session:
        foreign = session.scalars(select(ForeignResident)).one()
        assert foreign.stay_years is None
        certificates = session.scalars(select(SpecialPermanentResidentCertificate)).all()
        assert sorted(c.history_number for c in certificates) == [1, 2]


def test_resident_code_and_my_number_are_unique(engine: Engine) -> None:
    with UnitOfWork(engine).begin() as session:
        household = Household(household_number="H3", head_name_kanji="a", head_name_kana="a")
        session.add(household)
        session.flush()
        session.add(_resident(household, 3))
    with pytest.raises(IntegrityError), UnitOfWork(engine).begin() as session:
        session.add(_resident(household, 3, my_number=make_my_number("99999999999")))
        session.flush()
    with pytest.raises(IntegrityError), UnitOfWork(engine).begin() as session:
        session.add(_resident(household, 4, my_number=make_my_number(f"{3:011d}")))
        session.flush()
