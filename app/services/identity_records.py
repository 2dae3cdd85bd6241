"""本人確認情報 (identity records): add, correct without overwriting, lock, and read history.

Rules (SEED_DIGEST R-32..R-34):

- A correction never overwrites: the current row is marked ``is_current = False`` and a new
  row with ``update_seq + 1`` is inserted, stamped with operator, terminal and time. The
  superseded rows are the 履歴情報.
- 排他フラグ (``exclusive_lock``): a terminal takes the lock before editing; while it holds
  it, every other terminal's correction or lock attempt gets :class:`RecordLocked`. The
  holder's own correction goes through and leaves the new row unlocked.
- 更新禁止フラグ (``update_prohibited``): a flagged record refuses corrections and locks
  with :class:`UpdateProhibited` until the flag is lifted.
- Only the 36 items of the data model are accepted (R-32); anything else is refused with an
  error naming the field. Check digits and dates are validated; a 住民票コード whose check
  digit disagrees with the (unconfirmed) formula is only a warning.

Lock state and ``is_current`` are bookkeeping, not 本人確認情報, so they are the only
columns ever changed in place. Errors name the field, never the value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy import String, and_, or_, select, update
from sqlalchemy.orm import Session

from app.audit import ActorIds, OperationLog, Outcome
from app.db.models.identity import IDENTITY_ITEMS, IdentityRecord
from app.db.uow import UnitOfWork
from app.domain import codes
from app.domain import search_keys as default_search_keys
from app.domain.errors import DomainError, ImpossibleDate, InvalidFormat
from app.domain.identifiers import CheckDigitStatus, resident_code_status, validate_my_number
from app.domain.kana import seion
from app.ports import Clock
from app.services.stamps import jst_date


class SearchKeys(Protocol):
    """The folding functions of ``app.domain.search_keys`` (the module itself satisfies this)."""

    def kana_key(self, text: str) -> str:
        """Search key of a kana name."""
        ...

    def kanji_key(self, text: str) -> str:
        """Search key of a kanji name."""
        ...

    def address_key(self, text: str) -> str:
        """Search key of an address."""
        ...


# ------------------------------------------------------------------------------ errors
class IdentityRecordError(DomainError):
    """A 本人確認情報 operation was refused; the message is bilingual and holds no personal data."""

    def __init__(self, field: str, message_ja: str, message_en: str) -> None:
        self.message_ja = message_ja
        self.message_en = message_en
        super().__init__(field, f"{message_ja} / {message_en}")


class RecordLocked(IdentityRecordError):
    """Another terminal holds the 排他フラグ of the record."""

    def __init__(self) -> None:
        super().__init__(
            "排他フラグ",
            "他の端末で更新中のため、この本人確認情報は更新できません",
            "another terminal holds the exclusive lock on this identity record",
        )


class UpdateProhibited(IdentityRecordError):
    """The record's 更新禁止フラグ is set."""

    def __init__(self) -> None:
        super().__init__(
            "更新禁止フラグ",
            "更新禁止が設定されているため、この本人確認情報は更新できません",
            "this identity record is flagged update-prohibited",
        )


class UnknownAttribute(IdentityRecordError):
    """An attribute that is not one of the 36 items of the data model (R-32)."""

    def __init__(self, field: str) -> None:
        super().__init__(
            field,
            "本人確認情報のデータ項目にない項目です",
            "not an item of the identity-record data model",
        )


class ReadOnlyAttribute(IdentityRecordError):
    """An item the service sets itself (stamps, sequence, flags, the key)."""

    def __init__(self, field: str) -> None:
        super().__init__(
            field,
            "この項目はシステムが設定するため、指定できません",
            "this item is set by the system and cannot be given",
        )


class RecordNotFound(IdentityRecordError):
    """No current 本人確認情報 has the given 住民票コード (updates never create records, R-31)."""

    def __init__(self) -> None:
        super().__init__(
            "住民票コード",
            "該当する本人確認情報がありません",
            "no identity record has this resident-record code",
        )


class RecordAlreadyExists(IdentityRecordError):
    """``add_initial`` for a 住民票コード that already has records."""

    def __init__(self) -> None:
        super().__init__(
            "住民票コード",
            "この住民票コードの本人確認情報は既に登録されています",
            "an identity record with this resident-record code already exists",
        )


class NotLockHolder(IdentityRecordError):
    """A terminal tried to release a 排他フラグ it does not hold."""

    def __init__(self) -> None:
        super().__init__(
            "排他フラグ",
            "この端末は排他を保持していないため、解除できません",
            "this terminal does not hold the exclusive lock",
        )


class NothingToCorrect(IdentityRecordError):
    """A correction with no changed item."""

    def __init__(self) -> None:
        super().__init__(
            "変更内容",
            "変更する項目がありません",
            "the correction changes no item",
        )


# ------------------------------------------------------------------------------ values
@dataclasses.dataclass(frozen=True)
class IdentityVersion:
    """One version of a person's 本人確認情報, detached from the database session."""

    resident_code: str
    update_seq: int
    is_current: bool
    values: Mapping[str, object]  # the 36 items, by column name
    warnings: tuple[str, ...] = ()


# Items the service stamps or manages itself; callers may never pass them.
SYSTEM_ITEMS = frozenset(
    {
        "operator_id",
        "terminal_id",
        "update_seq",
        "abnormal_update_seq",
        "recorded_at",
        "exclusive_lock",
        "update_prohibited",
    }
)
# Items of a correction that travel as keyword arguments (they describe the change itself).
CHANGE_ITEMS = frozenset(
    {"resident_code", "change_reason_code", "change_date", "change_reason_detail", "request_number"}
)
REQUIRED_ON_ADD = (
    "resident_code",
    "name_kanji",
    "name_furigana",
    "sex_code",
    "municipality_code",
    "postal_code",
    "address",
    "relationship",
    "change_reason_code",
    "change_date",
)
DATE_ITEMS = frozenset(
    {
        "date_of_birth",
        "became_resident_date",
        "address_established_date",
        "notified_date",
        "change_date",
        "resident_code_since",
    }
)
COUNT_ITEMS = frozenset({"name_gaiji_count", "address_gaiji_count", "prev_address_gaiji_count"})
FLAG_ITEMS = frozenset({"prospective_flag", "gaiji_flag"})
DIGIT_ITEMS = {"municipality_code": 6, "prev_municipality_code": 6, "postal_code": 7}
RECORD_STATUSES = frozenset({"0", "1"})
FIELD_NAMES_JA = {
    "date_of_birth": "生年月日",
    "change_date": "異動年月日",
    "sex_code": "性別",
    "change_reason_code": "異動事由",
    "my_number": "個人番号",
    "resident_code": "住民票コード",
    "old_resident_code": "旧住民票コード",
}


def _ja(field: str) -> str:
    return FIELD_NAMES_JA.get(field, field)


def _column_length(field: str) -> int | None:
    column_type = IdentityRecord.__table__.columns[field].type
    return column_type.length if isinstance(column_type, String) else None


def _as_date(field: str, value: object) -> dt.date:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; impossible dates are refused."""
    if isinstance(value, dt.datetime):
        raise InvalidFormat(_ja(field), "must be a date without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ImpossibleDate(_ja(field), "not an existing date in YYYY-MM-DD form") from None
    raise InvalidFormat(_ja(field), "must be a date")


class _Validator:
    """Checks and normalises item values; collects warnings that do not refuse the change."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.warnings: list[str] = []

    def value(self, field: str, value: object) -> object:
        """The value to store for ``field``, or a field-named error."""
        if value is None:
            if field in REQUIRED_ON_ADD:
                raise InvalidFormat(_ja(field), "required")
            return None
        if field in DATE_ITEMS:
            date = _as_date(field, value)
            if field == "date_of_birth" and date > self.today:
                raise ImpossibleDate(_ja(field), "lies in the future")
            return date
        if field in COUNT_ITEMS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidFormat(field, "must be a non-negative whole number")
            return value
        if field in FLAG_ITEMS:
            if not isinstance(value, bool):
                raise InvalidFormat(field, "must be true or false")
            return value
        if not isinstance(value, str):
            raise InvalidFormat(_ja(field), "must be text")
        return self._text(field, value)

    def _text(self, field: str, value: str) -> str:
        value = value.strip()
        if field in REQUIRED_ON_ADD and not value:
            raise InvalidFormat(_ja(field), "required")
        length = _column_length(field)
        if length is not None and len(value) > length:
            raise InvalidFormat(_ja(field), f"longer than {length} characters")
        if field in DIGIT_ITEMS:
            digits = DIGIT_ITEMS[field]
            if len(value) != digits or not (value.isascii() and value.isdigit()):
                raise InvalidFormat(field, f"must be exactly {digits} ASCII digits")
        elif field == "my_number":
            validate_my_number(value)
        elif field in ("resident_code", "old_resident_code"):
            if resident_code_status(value) is CheckDigitStatus.MISMATCH_WARNING:
                self.warnings.append(f"{_ja(field)}: check digit does not match (warning)")
        elif field == "sex_code":
            codes.Sex.parse(value, _ja(field))
        elif field == "change_reason_code":
            codes.ChangeReason.parse(value, _ja(field))
        elif field == "record_status" and value not in RECORD_STATUSES:
            raise InvalidFormat(field, "must be 0 (resident) or 1 (removed)")
        return value


def _check_attributes(names: Mapping[str, object], extra_forbidden: frozenset[str]) -> None:
    for name in names:
        if name not in IDENTITY_ITEMS:
            raise UnknownAttribute(name)
        if name in SYSTEM_ITEMS or name in extra_forbidden:
            raise ReadOnlyAttribute(name)


def _version(row: IdentityRecord, warnings: tuple[str, ...] = ()) -> IdentityVersion:
    values = types.MappingProxyType({name: getattr(row, name) for name in IDENTITY_ITEMS})
    return IdentityVersion(
        resident_code=row.resident_code,
        update_seq=row.update_seq,
        is_current=row.is_current,
        values=values,
        warnings=warnings,
    )


def _target(resident_code: str) -> str:
    return f"identity_records:{resident_code}"


class IdentityRecordService:
    """Use cases on the 本人確認情報ファイル: one transaction per call."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        *,
        oplog: OperationLog | None = None,
        search_keys: SearchKeys | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oplog = oplog
        # The domain's folding is the default; tests pass a visible stand-in.
        self._search_keys: SearchKeys = (
            search_keys if search_keys is not None else default_search_keys
        )

    # -------------------------------------------------------------------------- reading
    def current(self, resident_code: str) -> IdentityVersion:
        """The current version for ``resident_code``; :class:`RecordNotFound` if none."""
        with self._uow.begin() as session:
            return _version(self._current_row(session, resident_code))

    def history(self, resident_code: str) -> list[IdentityVersion]:
        """Every version for ``resident_code``, oldest first (empty if there is none)."""
        with self._uow.begin() as session:
            rows = session.scalars(
                select(IdentityRecord)
                .where(IdentityRecord.resident_code == resident_code)
                .order_by(IdentityRecord.update_seq)
            ).all()
            return [_version(row) for row in rows]

    # -------------------------------------------------------------------------- writing
    def add_initial(
        self,
        values: Mapping[str, object],
        *,
        operator_id: str,
        terminal_id: str,
        correlation_id: str = "",
    ) -> IdentityVersion:
        """Create the first version (``update_seq`` 1) of a person's 本人確認情報."""
        _check_attributes(values, frozenset())
        now = self._clock.now()
        validator = _Validator(jst_date(now))
        merged: dict[str, object] = {"change_date": jst_date(now), **values}
        clean = {name: validator.value(name, merged.get(name)) for name in merged}
        for name in REQUIRED_ON_ADD:
            if clean.get(name) is None:
                raise InvalidFormat(_ja(name), "required")
        self._fill_derived(clean)
        resident_code = str(clean["resident_code"])
        with self._uow.begin() as session:
            exists = session.scalar(
                select(IdentityRecord.id).where(IdentityRecord.resident_code == resident_code)
            )
            if exists is not None:
                raise RecordAlreadyExists
            row = IdentityRecord(
                **clean,
                update_seq=1,
                is_current=True,
                operator_id=operator_id,
                terminal_id=terminal_id,
                recorded_at=now,
            )
            return self._store_version(
                session, row, "identity.add", correlation_id, tuple(validator.warnings)
            )

    def correct(
        self,
        resident_code: str,
        changes: Mapping[str, object],
        *,
        operator_id: str,
        terminal_id: str,
        change_reason_code: str,
        change_date: dt.date | str | None = None,
        change_reason_detail: str | None = None,
        request_number: str | None = None,
        correlation_id: str = "",
    ) -> IdentityVersion:
        """Record a correction as a new version; the old version stays as history.

        Refuses with :class:`RecordLocked` when another terminal holds the 排他フラグ, with
        :class:`UpdateProhibited` when the 更新禁止フラグ is set, and with
        :class:`UnknownAttribute` / :class:`ReadOnlyAttribute` for items it may not take.
        """
        _check_attributes(changes, CHANGE_ITEMS)
        if not changes:
            raise NothingToCorrect
        now = self._clock.now()
        validator = _Validator(jst_date(now))
        clean = {name: validator.value(name, value) for name, value in changes.items()}
        stamp = {
            "change_reason_code": validator.value("change_reason_code", change_reason_code),
            "change_date": validator.value("change_date", change_date or jst_date(now)),
            "change_reason_detail": validator.value("change_reason_detail", change_reason_detail),
            "request_number": validator.value("request_number", request_number),
        }
        with (
            self._refusals_logged(
                operator_id, terminal_id, "identity.correct", resident_code, correlation_id
            ),
            self._uow.begin() as session,
        ):
            current = self._current_row(session, resident_code)
            self._refuse_if_blocked(current, terminal_id)
            carried = {name: getattr(current, name) for name in IDENTITY_ITEMS}
            if all(carried[name] == value for name, value in clean.items()):
                raise NothingToCorrect
            new_values = {
                **{k: v for k, v in carried.items() if k not in SYSTEM_ITEMS},
                **clean,
                **stamp,
            }
            if "name_furigana" in clean and "name_seion_kana" not in clean:
                new_values["name_seion_kana"] = None
            self._fill_derived(new_values)
            next_seq = current.update_seq + 1
            abnormal_seq = current.abnormal_update_seq
            self._retire(session, current, terminal_id)
            row = IdentityRecord(
                **new_values,
                update_seq=next_seq,
                abnormal_update_seq=abnormal_seq,
                update_prohibited=False,
                exclusive_lock=False,
                is_current=True,
                operator_id=operator_id,
                terminal_id=terminal_id,
                recorded_at=now,
            )
            return self._store_version(
                session,
                row,
                "identity.correct",
                correlation_id,
                tuple(validator.warnings),
                fields=sorted(clean),
            )

    # -------------------------------------------------------------------------- flags
    def acquire_lock(
        self, resident_code: str, *, operator_id: str, terminal_id: str, correlation_id: str = ""
    ) -> None:
        """Set the 排他フラグ for ``terminal_id``; idempotent for the terminal that holds it."""
        with (
            self._refusals_logged(
                operator_id, terminal_id, "identity.lock", resident_code, correlation_id
            ),
            self._uow.begin() as session,
        ):
            current = self._current_row(session, resident_code)
            self._refuse_if_blocked(current, terminal_id)
            # The conditional UPDATE is the real guard: of two terminals racing, only one
            # matches the unlocked (or own-locked) row.
            taken = session.execute(
                update(IdentityRecord)
                .where(
                    IdentityRecord.id == current.id,
                    IdentityRecord.is_current.is_(True),
                    or_(
                        IdentityRecord.exclusive_lock.is_(False),
                        IdentityRecord.lock_terminal_id == terminal_id,
                    ),
                )
                .values(
                    exclusive_lock=True,
                    lock_operator_id=operator_id,
                    lock_terminal_id=terminal_id,
                    locked_at=self._clock.now(),
                )
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                raise RecordLocked
            if self._oplog is not None:
                self._oplog.record(
                    session,
                    ActorIds(operator_id, terminal_id),
                    "identity.lock",
                    Outcome.OK,
                    target=_target(resident_code),
                    correlation_id=correlation_id,
                )

    def release_lock(
        self,
        resident_code: str,
        *,
        operator_id: str,
        terminal_id: str,
        force: bool = False,
        correlation_id: str = "",
    ) -> None:
        """Clear the 排他フラグ; only the holding terminal may, unless ``force`` (an admin's
        recovery after a terminal crash, which the caller must authorise)."""
        with (
            self._refusals_logged(
                operator_id, terminal_id, "identity.unlock", resident_code, correlation_id
            ),
            self._uow.begin() as session,
        ):
            current = self._current_row(session, resident_code)
            if not current.exclusive_lock:
                return
            if current.lock_terminal_id != terminal_id and not force:
                raise NotLockHolder
            self._clear_lock(session, current)
            if self._oplog is not None:
                self._oplog.record(
                    session,
                    ActorIds(operator_id, terminal_id),
                    "identity.unlock",
                    Outcome.OK,
                    target=_target(resident_code),
                    correlation_id=correlation_id,
                    forced=force,
                )

    def set_update_prohibited(
        self,
        resident_code: str,
        prohibited: bool,
        *,
        operator_id: str,
        terminal_id: str,
        correlation_id: str = "",
    ) -> None:
        """Set or lift the 更新禁止フラグ on the current version (the caller checks the right)."""
        with self._uow.begin() as session:
            current = self._current_row(session, resident_code)
            session.execute(
                update(IdentityRecord)
                .where(IdentityRecord.id == current.id)
                .values(update_prohibited=prohibited)
                .execution_options(synchronize_session=False)
            )
            if self._oplog is not None:
                self._oplog.record(
                    session,
                    ActorIds(operator_id, terminal_id),
                    "identity.prohibit" if prohibited else "identity.unprohibit",
                    Outcome.OK,
                    target=_target(resident_code),
                    correlation_id=correlation_id,
                )

    # -------------------------------------------------------------------------- helpers
    def _current_row(self, session: Session, resident_code: str) -> IdentityRecord:
        row = session.scalar(
            select(IdentityRecord)
            .where(
                IdentityRecord.resident_code == resident_code,
                IdentityRecord.is_current.is_(True),
            )
            .with_for_update()
        )
        if row is None:
            raise RecordNotFound
        return row

    @staticmethod
    def _refuse_if_blocked(current: IdentityRecord, terminal_id: str) -> None:
        if current.update_prohibited:
            raise UpdateProhibited
        if current.exclusive_lock and current.lock_terminal_id != terminal_id:
            raise RecordLocked

    @staticmethod
    def _retire(session: Session, current: IdentityRecord, terminal_id: str) -> None:
        """Mark ``current`` superseded, atomically with the lock check (a racing terminal loses)."""
        retired = session.execute(
            update(IdentityRecord)
            .where(
                IdentityRecord.id == current.id,
                IdentityRecord.is_current.is_(True),
                IdentityRecord.update_prohibited.is_(False),
                or_(
                    IdentityRecord.exclusive_lock.is_(False),
                    and_(
                        IdentityRecord.exclusive_lock.is_(True),
                        IdentityRecord.lock_terminal_id == terminal_id,
                    ),
                ),
            )
            .values(
                is_current=False,
                exclusive_lock=False,
                lock_operator_id=None,
                lock_terminal_id=None,
                locked_at=None,
            )
            .execution_options(synchronize_session=False)
        )
        if retired.rowcount != 1:  # type: ignore[attr-defined]
            raise RecordLocked
        # The UPDATE bypassed the identity map; drop the stale object before the insert.
        session.expire(current)

    def _clear_lock(self, session: Session, current: IdentityRecord) -> None:
        session.execute(
            update(IdentityRecord)
            .where(IdentityRecord.id == current.id)
            .values(
                exclusive_lock=False, lock_operator_id=None, lock_terminal_id=None, locked_at=None
            )
            .execution_options(synchronize_session=False)
        )

    @staticmethod
    def _fill_derived(values: dict[str, object]) -> None:
        """Derive 清音化かな氏名 from ふりがな氏名 when the caller did not give it."""
        furigana = values.get("name_furigana")
        if values.get("name_seion_kana") is None and isinstance(furigana, str):
            values["name_seion_kana"] = seion(furigana)

    def _store_version(
        self,
        session: Session,
        row: IdentityRecord,
        operation: str,
        correlation_id: str,
        warnings: tuple[str, ...],
        **detail: object,
    ) -> IdentityVersion:
        """Insert ``row`` as the new current version (search keys folded) and log it."""
        self._apply_search_keys(row)
        session.add(row)
        session.flush()
        if self._oplog is not None:
            self._oplog.record(
                session,
                ActorIds(row.operator_id, row.terminal_id),
                operation,
                Outcome.OK,
                target=_target(row.resident_code),
                correlation_id=correlation_id,
                update_seq=row.update_seq,
                **detail,
            )
        return _version(row, warnings)

    def _apply_search_keys(self, row: IdentityRecord) -> None:
        keys = self._search_keys
        fold: Callable[[str], str]
        for source, target, fold in (
            (row.name_furigana, "search_kana_key", keys.kana_key),
            (row.name_kanji, "search_kanji_key", keys.kanji_key),
            (row.address, "search_address_key", keys.address_key),
        ):
            setattr(row, target, fold(source) if source else None)

    @contextmanager
    def _refusals_logged(
        self,
        operator_id: str,
        terminal_id: str,
        operation: str,
        resident_code: str,
        correlation_id: str,
    ) -> Iterator[None]:
        """Log a refusal after the refused transaction has rolled back, in a new one."""
        try:
            yield
        except (RecordLocked, UpdateProhibited, NotLockHolder) as refusal:
            if self._oplog is not None:
                self._oplog.record_alone(
                    self._uow,
                    ActorIds(operator_id, terminal_id),
                    operation,
                    Outcome.REFUSED,
                    target=_target(resident_code),
                    correlation_id=correlation_id,
                    reason=refusal.field,
                )
            raise
