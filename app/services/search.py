"""本人確認情報検索: the two-of-four search over the identity records, and opening one record.

Rules (SEED_DIGEST R-23..R-25, docs/SEARCH.md):

- The right is checked at the moment of use (``Right.SEARCH``); the guard logs its refusals.
- The keys must satisfy :func:`app.domain.search_policy.check_policy`: 氏名 + 住所 or 氏名 +
  生年月日 (住所 + 生年月日 only behind a switch); 性別 narrows but never counts. A refused search
  is logged in its own transaction before :class:`SearchRefused` is raised.
- The query is folded with the same functions that filled the stored keys
  (:mod:`app.domain.search_keys`): a kana name is compared with ``search_kana_key``, any
  other name with ``search_kanji_key``; the address by prefix of ``search_address_key``
  (a range condition, index-friendly on SQLite and PostgreSQL); the date of birth by
  equality. Only current versions (``is_current``) of records that are not 予定者 are seen;
  removed persons (レコード状況 '1') only when asked for, and marked 消除 or 死亡.
- No bulk access: more than ``max_results`` matches returns no rows at all, only the count
  and the request to add conditions. Rows carry the 個人番号 masked, never the number.
- Every search is logged with its keys and the number of results; opening a record is a
  separate ``display`` operation with the 住民票コード as target (R-24).
- Each typed key is held to its maximum length and refused with control or format
  characters before it is used or logged (``search_policy.check_keys``, docs/INPUT_LIMITS.md):
  the refusal is logged with the other keys and the name of the refused one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import uuid
from collections.abc import Mapping
from typing import Any, NoReturn

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from app.audit import OperationLog, Outcome
from app.config import SearchSettings
from app.db.models.identity import IdentityRecord
from app.db.uow import UnitOfWork
from app.domain import search_keys
from app.domain.codes import ChangeReason, Sex
from app.domain.errors import DomainError
from app.domain.identifiers import mask_my_number
from app.domain.rights import Guard, OperatorSession, Right
from app.domain.search_policy import (
    InvalidSearchKey,
    RefusalReason,
    SearchQuery,
    SearchRefused,
    check_keys,
    check_policy,
    is_blank,
)

SEARCH_OPERATION = "search"
DISPLAY_OPERATION = "display"

# レコード状況フラグ (本人確認情報 item 35).
_RECORD_CURRENT = "0"

PREFECTURES: tuple[str, ...] = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)
"""The 47 prefectures: an address typed with one of these is taken as a full address."""


class ResidentStatus(enum.StrEnum):
    """The status column of a result: 現存, 消除, or 死亡 (a removal by death, R-38)."""

    CURRENT = "current"
    REMOVED = "removed"
    DECEASED = "deceased"

    @property
    def label_ja(self) -> str:
        """The status as shown on screen."""
        return {"current": "現存", "removed": "消除", "deceased": "死亡"}[self.value]


RESULT_COLUMNS = (
    IdentityRecord.resident_code,
    IdentityRecord.name_kanji,
    IdentityRecord.name_furigana,
    IdentityRecord.date_of_birth,
    IdentityRecord.sex_code,
    IdentityRecord.address,
    IdentityRecord.record_status,
    IdentityRecord.change_reason_code,
    IdentityRecord.my_number,
)
"""What a result row reads (the benchmark's primary-key baseline reads the same)."""


@dataclasses.dataclass(frozen=True)
class SearchRow:
    """One line of the result list; the 個人番号 is masked, the 住民票コード opens the record."""

    resident_code: str
    name_kanji: str
    name_furigana: str
    date_of_birth: dt.date | None
    sex: Sex | None
    address: str
    status: ResidentStatus
    my_number_masked: str


@dataclasses.dataclass(frozen=True)
class SearchResult:
    """A search's answer: at most ``max_results`` rows, or none and ``too_many``."""

    search_id: str
    rows: tuple[SearchRow, ...]
    count: int
    too_many: bool
    name_kind: str


@dataclasses.dataclass(frozen=True)
class RecordDetail:
    """One opened 本人確認情報 (current version); the 個人番号 is masked."""

    resident_code: str
    name_kanji: str
    name_furigana: str
    name_seion_kana: str
    date_of_birth: dt.date | None
    sex: Sex | None
    postal_code: str
    address: str
    my_number_masked: str
    has_my_number: bool
    became_resident_date: dt.date | None
    address_established_date: dt.date | None
    notified_date: dt.date | None
    prev_address: str | None
    relationship: str
    change_reason: str
    change_date: dt.date | None
    status: ResidentStatus
    update_seq: int
    # The number itself, for the masked widget that reveals it only with the right and a log
    # row (ui/widgets/masked_number.py). Kept out of repr so it never reaches a log or trace.
    my_number: str = dataclasses.field(default="", repr=False)


class RecordNotFound(DomainError):
    """No current, visible 本人確認情報 has the 住民票コード asked for."""

    def __init__(self) -> None:
        super().__init__("住民票コード", "no identity record with this resident code")


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest string greater than every string that starts with ``prefix``.

    ``key >= prefix AND key < bound`` is exactly ``key LIKE prefix || '%'`` in code-point
    order (SQLite BINARY, PostgreSQL with C collation), and both databases answer it from a
    plain B-tree index; no LIKE escaping is needed because nothing is a wildcard. None when
    no bound exists (only U+10FFFF characters), in which case ``key >= prefix`` suffices.
    """
    chars = list(prefix)
    while chars:
        last = ord(chars.pop())
        if last < 0x10FFFF:
            nxt = last + 1
            if 0xD800 <= nxt <= 0xDFFF:  # surrogates cannot be stored; skip over them
                nxt = 0xE000
            return "".join(chars) + chr(nxt)
    return None


def address_prefixes(typed: str, home_prefix: str) -> list[str]:
    """The address-key prefixes a typed address stands for.

    The stored key is folded from the full address (prefecture, city, town, 番地, 方書).
    A typed address that starts with a prefecture is taken as it is; one that starts with
    the home city gets the home prefecture; anything else is taken inside the home city.
    """
    key = search_keys.address_key(typed)
    if not home_prefix or any(key.startswith(search_keys.address_key(p)) for p in PREFECTURES):
        return [key]
    home = search_keys.address_key(home_prefix)
    for pref in PREFECTURES:
        pref_key = search_keys.address_key(pref)
        if home.startswith(pref_key):
            city = home[len(pref_key) :]
            if city and key.startswith(city):
                return [pref_key + key]
            break
    return [home + key]


def _status(record_status: str, change_reason_code: str) -> ResidentStatus:
    if record_status == _RECORD_CURRENT:
        return ResidentStatus.CURRENT
    if change_reason_code == ChangeReason.DEATH.value:
        return ResidentStatus.DECEASED
    return ResidentStatus.REMOVED


def _sex(code: str | None) -> Sex | None:
    try:
        return Sex.parse(code, "sex_code") if code else None
    except DomainError:
        return None


class IdentitySearchService:
    """Searches 本人確認情報 under the two-of-four rule and opens single records, logging both."""

    def __init__(
        self,
        uow: UnitOfWork,
        oplog: OperationLog,
        guard: Guard,
        settings: SearchSettings,
    ) -> None:
        self._uow = uow
        self._oplog = oplog
        self._guard = guard
        self._settings = settings

    @property
    def settings(self) -> SearchSettings:
        """The search settings in force (the view shows whether 住所 + 生年月日 is allowed)."""
        return self._settings

    # ------------------------------------------------------------------ search
    def search(
        self, op_session: OperatorSession, query: SearchQuery, *, kana: str | None = None
    ) -> SearchResult:
        """Run one search; raises SearchRefused (logged) or AccessDenied (logged by the guard).

        ``kana`` is an optional reading given beside a kanji ``query.name`` (the CLI's
        ``--kana``); alone it serves as the name.
        """
        self._guard.require(op_session, Right.SEARCH, operation=SEARCH_OPERATION)
        search_id = str(uuid.uuid4())
        try:
            check_keys(query, kana)  # before a key is used or logged
        except InvalidSearchKey as refusal:
            # The log keeps the other keys and which one was refused, never its value.
            sound = _conditions(
                dataclasses.replace(
                    query,
                    name=None if refusal.key == "name" else query.name,
                    address=None if refusal.key == "address" else query.address,
                ),
                None if refusal.key == "kana" else kana,
            )
            self._refuse(op_session, search_id, sound, refusal, invalid_key=refusal.key)
        conditions = _conditions(query, kana)
        kana = None if is_blank(kana) else (kana or "").strip()
        if kana is not None and search_keys.classify_name_query(kana) != "kana":
            self._refuse(
                op_session,
                search_id,
                conditions,
                SearchRefused(
                    RefusalReason.NAME_REQUIRED,
                    "ふりがなはかなで入力してください。",
                    "The reading (kana) must be written in kana.",
                ),
            )
        if kana is not None and is_blank(query.name):
            query = dataclasses.replace(query, name=kana)
            kana = None
        try:
            cleaned = check_policy(query, self._settings.allow_address_dob)
        except SearchRefused as refusal:
            self._refuse(op_session, search_id, conditions, refusal)
        with self._uow.begin() as session:
            rows, name_kind = self._query(session, cleaned, kana)
            too_many = len(rows) > self._settings.max_results
            count = len(rows)
            shown = () if too_many else tuple(sorted(rows, key=_order))
            self._oplog.record(
                session,
                op_session,
                SEARCH_OPERATION,
                Outcome.OK if count else Outcome.NOT_FOUND,
                correlation_id=search_id,
                conditions=conditions,
                name_kind=name_kind,
                result_count=count,
                too_many=too_many,
                session=op_session.session_id,
            )
        return SearchResult(search_id, shown, count, too_many, name_kind)

    def _refuse(
        self,
        op_session: OperatorSession,
        search_id: str,
        conditions: Mapping[str, Any],
        refusal: SearchRefused,
        **detail: str,
    ) -> NoReturn:
        """Log the refusal in its own transaction, then raise it."""
        self._oplog.record_alone(
            self._uow,
            op_session,
            SEARCH_OPERATION,
            Outcome.REFUSED,
            correlation_id=search_id,
            conditions=conditions,
            reason=refusal.reason_code.value,
            result_count=0,
            session=op_session.session_id,
            **detail,
        )
        raise refusal

    def _query(
        self, session: Session, query: SearchQuery, kana: str | None
    ) -> tuple[list[SearchRow], str]:
        """Fetch up to max_results + 1 matching current rows (unordered)."""
        where: list[ColumnElement[bool]] = [
            IdentityRecord.is_current == true(),
            IdentityRecord.prospective_flag == false(),
        ]
        name_kind = ""
        if query.name is not None:
            name_kind = search_keys.classify_name_query(query.name)
            if name_kind == "kana":
                where.append(IdentityRecord.search_kana_key == search_keys.kana_key(query.name))
            else:
                where.append(IdentityRecord.search_kanji_key == search_keys.kanji_key(query.name))
        if kana is not None:
            where.append(IdentityRecord.search_kana_key == search_keys.kana_key(kana))
        if query.address is not None:
            ranges = []
            for prefix in address_prefixes(query.address, self._settings.home_prefix):
                bound = prefix_upper_bound(prefix)
                lower = IdentityRecord.search_address_key >= prefix
                ranges.append(
                    lower
                    if bound is None
                    else and_(lower, IdentityRecord.search_address_key < bound)
                )
            where.append(or_(*ranges) if len(ranges) > 1 else ranges[0])
        if query.dob is not None:
            where.append(IdentityRecord.date_of_birth == query.dob)
        if query.sex is not None:
            where.append(IdentityRecord.sex_code == query.sex.value)
        if not query.include_removed:
            where.append(IdentityRecord.record_status == _RECORD_CURRENT)
        stmt = select(*RESULT_COLUMNS).where(*where).limit(self._settings.max_results + 1)
        rows = [
            SearchRow(
                resident_code=r.resident_code,
                name_kanji=r.name_kanji,
                name_furigana=r.name_furigana,
                date_of_birth=r.date_of_birth,
                sex=_sex(r.sex_code),
                address=r.address,
                status=_status(r.record_status, r.change_reason_code),
                my_number_masked=mask_my_number(r.my_number or ""),
            )
            for r in session.execute(stmt)
        ]
        return rows, name_kind

    # ------------------------------------------------------------------ display
    def open_record(
        self, op_session: OperatorSession, resident_code: str, *, search_id: str = ""
    ) -> RecordDetail:
        """Open one record's current version: a separate, logged ``display`` operation."""
        self._guard.require(
            op_session, Right.SEARCH, operation=DISPLAY_OPERATION, target=resident_code
        )
        with self._uow.begin() as session:
            row = session.scalars(
                select(IdentityRecord).where(
                    IdentityRecord.resident_code == resident_code,
                    IdentityRecord.is_current == true(),
                    IdentityRecord.prospective_flag == false(),
                )
            ).one_or_none()
            self._oplog.record(
                session,
                op_session,
                DISPLAY_OPERATION,
                Outcome.OK if row is not None else Outcome.NOT_FOUND,
                target=resident_code,
                correlation_id=search_id,
                session=op_session.session_id,
            )
            detail = None if row is None else _detail(row)
        if detail is None:
            raise RecordNotFound()
        return detail


def _detail(row: IdentityRecord) -> RecordDetail:
    try:
        reason = ChangeReason.parse(row.change_reason_code, "change_reason_code").label
    except DomainError:
        reason = row.change_reason_code
    return RecordDetail(
        resident_code=row.resident_code,
        name_kanji=row.name_kanji,
        name_furigana=row.name_furigana,
        name_seion_kana=row.name_seion_kana,
        date_of_birth=row.date_of_birth,
        sex=_sex(row.sex_code),
        postal_code=row.postal_code,
        address=row.address,
        my_number_masked=mask_my_number(row.my_number or ""),
        has_my_number=bool(row.my_number),
        became_resident_date=row.became_resident_date,
        address_established_date=row.address_established_date,
        notified_date=row.notified_date,
        prev_address=row.prev_address,
        relationship=row.relationship,
        change_reason=reason,
        change_date=row.change_date,
        status=_status(row.record_status, row.change_reason_code),
        update_seq=row.update_seq,
        my_number=row.my_number or "",
    )


def _order(row: SearchRow) -> tuple[str, str, str]:
    """A stable order, the same on every database: reading, birth date, 住民票コード."""
    dob = row.date_of_birth.isoformat() if row.date_of_birth else ""
    return (row.name_furigana, dob, row.resident_code)


def _conditions(query: SearchQuery, kana: str | None) -> dict[str, Any]:
    """The keys as given, for the operation log (never a 個人番号: it is not a search key)."""
    given: dict[str, Any] = {}
    if query.name is not None and query.name != "":
        given["name"] = query.name
    if kana is not None and kana != "":
        given["kana"] = kana
    if query.address is not None and query.address != "":
        given["address"] = query.address
    if query.dob is not None:
        given["dob"] = query.dob.isoformat()
    if query.sex is not None:
        given["sex"] = query.sex.value
    given["include_removed"] = query.include_removed
    return given
