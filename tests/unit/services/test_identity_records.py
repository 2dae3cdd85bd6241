"""本人確認情報 rules: history instead of overwrites, 排他フラグ, 更新禁止フラグ, R-32, checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.audit import LogEntry, OperationLog
from app.clock import ManualClock
from app.db.base import Base
from app.db.engine import make_engine
from app.db.models.identity import IDENTITY_ITEMS, IdentityRecord
from app.db.models.oplog import OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.errors import ImpossibleDate, InvalidCheckDigit, InvalidFormat, UnknownCode
from app.domain.identifiers import make_my_number, make_resident_code
from app.secret_store import InMemorySecretStore
from app.services.identity_records import (
    IdentityRecordService,
    NothingToCorrect,
    NotLockHolder,
    ReadOnlyAttribute,
    RecordAlreadyExists,
    RecordLocked,
    RecordNotFound,
    UnknownAttribute,
    UpdateProhibited,
)

CODE = make_resident_code("1234567890")
NAME = "窓口　花子"
FURIGANA = "マドグチ　ハナコ"


class RecordingOpLog(OperationLog):
    """The real hash-chained log, remembering what was appended."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(InMemorySecretStore(), clock)
        self.calls: list[tuple[str, str, str]] = []

    def append(self, session: Session, entry: LogEntry) -> OperationLogRow:
        self.calls.append((entry.operation, entry.outcome, entry.terminal_id))
        return super().append(session, entry)


class UpperKeys:
    """A stand-in for app.domain.search_keys that makes its effect visible."""

    def kana_key(self, text: str) -> str:
        return f"kana:{text}"

    def kanji_key(self, text: str) -> str:
        return f"kanji:{text}"

    def address_key(self, text: str) -> str:
        return f"addr:{text}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def oplog(clock: ManualClock) -> RecordingOpLog:
    return RecordingOpLog(clock)


@pytest.fixture
def service(engine: Engine, clock: ManualClock, oplog: RecordingOpLog) -> IdentityRecordService:
    return IdentityRecordService(UnitOfWork(engine), clock, oplog=oplog, search_keys=UpperKeys())


def _initial(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "resident_code": CODE,
        "name_kanji": NAME,
        "name_furigana": FURIGANA,
        "date_of_birth": dt.date(1985, 6, 15),
        "sex_code": "2",
        "municipality_code": "072036",
        "postal_code": "9638601",
        "address": "福島県郡山市朝日一丁目23番7号",
        "my_number": make_my_number("12345678901"),
        "relationship": "世帯主",
        "change_reason_code": "10",
        "change_date": dt.date(1985, 6, 15),
    }
    values.update(overrides)
    return values


def _add(service: IdentityRecordService, **overrides: object) -> None:
    service.add_initial(_initial(**overrides), operator_id="OP1", terminal_id="T1")


def _correct(service: IdentityRecordService, terminal: str = "T1", **changes: object) -> int:
    version = service.correct(
        CODE, changes, operator_id="OP1", terminal_id=terminal, change_reason_code="41"
    )
    return version.update_seq


def _current_count(engine: Engine) -> int:
    with UnitOfWork(engine).begin() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(IdentityRecord)
                .where(IdentityRecord.resident_code == CODE, IdentityRecord.is_current.is_(True))
            )
            or 0
        )


def test_add_initial_creates_version_one_with_all_36_items(
    service: IdentityRecordService,
) -> None:
    version = service.add_initial(_initial(), operator_id="OP1", terminal_id="T1")
    assert (version.update_seq, version.is_current) == (1, True)
    assert list(version.values) == list(IDENTITY_ITEMS)
    assert len(version.values) == 36
    assert version.values["name_seion_kana"] == "マトクチ　ハナコ"
    assert version.values["operator_id"] == "OP1"
    assert version.values["terminal_id"] == "T1"
    assert version.warnings == ()


def test_correction_keeps_the_old_row_as_history(
    service: IdentityRecordService, engine: Engine, clock: ManualClock
) -> None:
    _add(service)
    clock.advance(hours=1)
    new = service.correct(
        CODE,
        {"address": "福島県郡山市堂前町1番1号"},
        operator_id="OP2",
        terminal_id="T2",
        change_reason_code="20",
        change_date="2026-03-31",
    )
    assert new.update_seq == 2
    assert new.values["operator_id"] == "OP2"
    assert new.values["terminal_id"] == "T2"
    assert new.values["recorded_at"] is not None
    assert new.values["change_date"] == dt.date(2026, 3, 31)
    history = service.history(CODE)
    assert [(v.update_seq, v.is_current) for v in history] == [(1, False), (2, True)]
    assert history[0].values["address"] == "福島県郡山市朝日一丁目23番7号"
    assert history[0].values["operator_id"] == "OP1"
    assert history[1].values["address"] == "福島県郡山市堂前町1番1号"
    assert history[1].values["name_kanji"] == NAME  # untouched items carried over
    assert _current_count(engine) == 1
    with UnitOfWork(engine).begin() as session:
        row = session.scalars(select(IdentityRecord).where(IdentityRecord.is_current)).one()
        assert row.search_address_key == "addr:福島県郡山市堂前町1番1号"
        stamped = row.recorded_at
        # SQLite keeps the clock's wall time without an offset; PostgreSQL keeps the instant.
        if stamped.tzinfo is None:
            assert stamped == clock.now().replace(tzinfo=None)
        else:
            assert stamped == clock.now()


def test_changing_furigana_recomputes_the_seion_name(service: IdentityRecordService) -> None:
    _add(service)
    _correct(service, name_furigana="マドグチ　バナコ")
    assert service.current(CODE).values["name_seion_kana"] == "マトクチ　ハナコ"


def test_unknown_attribute_is_refused_by_name(
    service: IdentityRecordService, engine: Engine
) -> None:
    _add(service)
    with pytest.raises(UnknownAttribute) as caught:
        _correct(service, nickname="ハナ")
    assert caught.value.field == "nickname"
    assert "nickname" in str(caught.value)
    assert len(service.history(CODE)) == 1


def test_derived_search_keys_are_not_items(service: IdentityRecordService) -> None:
    _add(service)
    with pytest.raises(UnknownAttribute):
        _correct(service, search_kana_key="x")


@pytest.mark.parametrize("field", ["update_seq", "operator_id", "exclusive_lock", "recorded_at"])
def test_system_items_cannot_be_given(service: IdentityRecordService, field: str) -> None:
    _add(service)
    with pytest.raises(ReadOnlyAttribute) as caught:
        _correct(service, **{field: 99})
    assert caught.value.field == field


def test_second_terminal_gets_locked(service: IdentityRecordService, oplog: RecordingOpLog) -> None:
    _add(service)
    service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    with pytest.raises(RecordLocked) as caught:
        service.acquire_lock(CODE, operator_id="OP2", terminal_id="T2")
    assert "排他フラグ" in str(caught.value)
    assert "exclusive lock" in str(caught.value)
    with pytest.raises(RecordLocked):
        _correct(service, terminal="T2", address="福島県郡山市堂前町1番1号")
    assert ("identity.correct", "refused", "T2") in oplog.calls
    assert ("identity.lock", "refused", "T2") in oplog.calls
    # The holder's own correction goes through and leaves the record unlocked.
    assert _correct(service, terminal="T1", address="福島県郡山市堂前町1番1号") == 2
    assert service.current(CODE).values["exclusive_lock"] is False
    service.acquire_lock(CODE, operator_id="OP2", terminal_id="T2")
    assert service.current(CODE).values["exclusive_lock"] is True


def test_lock_is_idempotent_for_its_holder(service: IdentityRecordService) -> None:
    _add(service)
    service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    service.release_lock(CODE, operator_id="OP1", terminal_id="T1")
    assert service.current(CODE).values["exclusive_lock"] is False


def test_only_the_holder_releases_unless_forced(service: IdentityRecordService) -> None:
    _add(service)
    service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    with pytest.raises(NotLockHolder):
        service.release_lock(CODE, operator_id="OP2", terminal_id="T2")
    assert service.current(CODE).values["exclusive_lock"] is True
    service.release_lock(CODE, operator_id="ADMIN", terminal_id="T9", force=True)
    assert service.current(CODE).values["exclusive_lock"] is False


def test_update_prohibited_record_refuses(
    service: IdentityRecordService, oplog: RecordingOpLog
) -> None:
    _add(service)
    service.set_update_prohibited(CODE, True, operator_id="ADMIN", terminal_id="T9")
    with pytest.raises(UpdateProhibited) as caught:
        _correct(service, address="福島県郡山市堂前町1番1号")
    assert "更新禁止フラグ" in str(caught.value)
    assert "update-prohibited" in str(caught.value)
    with pytest.raises(UpdateProhibited):
        service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    assert len(service.history(CODE)) == 1
    service.set_update_prohibited(CODE, False, operator_id="ADMIN", terminal_id="T9")
    assert _correct(service, address="福島県郡山市堂前町1番1号") == 2


def test_refusals_are_logged_in_the_real_chain(
    service: IdentityRecordService, engine: Engine
) -> None:
    _add(service)
    service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    with pytest.raises(RecordLocked):
        service.acquire_lock(CODE, operator_id="OP2", terminal_id="T2")
    with UnitOfWork(engine).begin() as session:
        rows = session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq)).all()
        assert [(r.operation, r.outcome) for r in rows] == [
            ("identity.add", "ok"),
            ("identity.lock", "ok"),
            ("identity.lock", "refused"),
        ]


def test_messages_hold_no_personal_data(service: IdentityRecordService) -> None:
    _add(service)
    service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    with pytest.raises(RecordLocked) as caught:
        _correct(service, terminal="T2", name_kanji="別名　太郎")
    text = str(caught.value)
    for secret in (CODE, NAME, "別名　太郎", FURIGANA):
        assert secret not in text


def test_unknown_resident_code_is_not_created(service: IdentityRecordService) -> None:
    with pytest.raises(RecordNotFound):
        _correct(service, address="どこか")
    assert service.history(CODE) == []


def test_adding_twice_is_refused(service: IdentityRecordService) -> None:
    _add(service)
    with pytest.raises(RecordAlreadyExists):
        _add(service)


def test_correction_without_change_is_refused(service: IdentityRecordService) -> None:
    _add(service)
    with pytest.raises(NothingToCorrect):
        _correct(service, name_kanji=NAME)
    with pytest.raises(NothingToCorrect):
        _correct(service)


def test_my_number_check_digit_is_enforced(service: IdentityRecordService) -> None:
    good = make_my_number("12345678901")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidCheckDigit) as caught:
        _add(service, my_number=bad)
    assert bad not in str(caught.value)


def test_resident_code_mismatch_is_only_a_warning(service: IdentityRecordService) -> None:
    code = CODE[:-1] + str((int(CODE[-1]) + 1) % 10)
    version = service.add_initial(_initial(resident_code=code), operator_id="OP1", terminal_id="T1")
    assert version.update_seq == 1
    assert version.warnings and "住民票コード" in version.warnings[0]
    assert code not in version.warnings[0]


@pytest.mark.parametrize("bad", ["2025-02-30", "2025/01/01", "R7.1.1"])
def test_impossible_dates_are_refused(service: IdentityRecordService, bad: str) -> None:
    with pytest.raises(ImpossibleDate):
        _add(service, date_of_birth=bad)


def test_future_birth_date_is_refused(service: IdentityRecordService, clock: ManualClock) -> None:
    with pytest.raises(ImpossibleDate):
        _add(service, date_of_birth=clock.now().date() + dt.timedelta(days=1))


def test_a_datetime_is_not_a_date(service: IdentityRecordService) -> None:
    with pytest.raises(InvalidFormat):
        _add(service, date_of_birth=dt.datetime(1985, 6, 15, 12, 0))


def test_codes_and_lengths_are_checked(service: IdentityRecordService) -> None:
    with pytest.raises(UnknownCode):
        _add(service, sex_code="7")
    with pytest.raises(UnknownCode):
        _add(service, change_reason_code="ZZ")
    with pytest.raises(InvalidFormat):
        _add(service, postal_code="963-860")
    with pytest.raises(InvalidFormat):
        _add(service, name_kanji="長" * 101)
    with pytest.raises(InvalidFormat):
        _add(service, name_kanji="  ")


def test_required_items_must_be_present(service: IdentityRecordService) -> None:
    values = _initial()
    del values["address"]
    with pytest.raises(InvalidFormat) as caught:
        service.add_initial(values, operator_id="OP1", terminal_id="T1")
    assert caught.value.field == "address"


def test_service_works_without_oplog_and_with_default_keys(
    engine: Engine, clock: ManualClock
) -> None:
    service = IdentityRecordService(UnitOfWork(engine), clock)
    _add(service)
    service.acquire_lock(CODE, operator_id="OP1", terminal_id="T1")
    with pytest.raises(RecordLocked):
        _correct(service, terminal="T2", address="x")
    assert _correct(service, terminal="T1", address="福島県郡山市堂前町1番1号") == 2
    with UnitOfWork(engine).begin() as session:
        row = session.scalars(select(IdentityRecord).where(IdentityRecord.is_current)).one()
        # Without a stand-in the domain's search_keys fill the derived columns.
        assert row.search_kana_key and row.search_kanji_key and row.search_address_key


def test_database_allows_only_one_current_row(
    engine: Engine, service: IdentityRecordService
) -> None:
    """The partial unique index backs the rule even against code that bypasses the service."""
    from sqlalchemy.exc import IntegrityError

    _add(service)
    with pytest.raises(IntegrityError), UnitOfWork(engine).begin() as session:
        current = session.scalars(select(IdentityRecord)).one()
        values = {name: getattr(current, name) for name in IDENTITY_ITEMS}
        values["update_seq"] = 2
        session.add(IdentityRecord(**values, is_current=True))
        session.flush()
