"""The messages that cross Juki-net: 転出証明書情報 in, 転入通知 and 本人確認情報 updates out.

The exact CS message formats are not public (MYNUMBER_CARD.md §5), so these are this
project's own JSON shapes. What each carries follows the paper forms: a 転出証明書 holds
name, furigana, date of birth, sex, former address, planned move-out date and destination,
head of household and relationship, 住民票コード, 個人番号, 本籍 (Japanese nationals only)
and the former municipality's code. The prefectural update carries exactly the 8 fields of
R-36 and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from app.domain import codes, text_rules
from app.domain.codes import Era
from app.domain.errors import DomainError, ImpossibleDate, InvalidFormat
from app.domain.identifiers import resident_code_status, validate_my_number
from app.domain.wareki import ERA_STARTS, parse_date

# the prefectural 本人確認情報 update holds exactly these items, in this order.
PREFECTURE_FIELDS = (
    "住民票コード",
    "氏名",
    "生年月日",
    "性別",
    "住所",
    "個人番号",
    "異動事由",
    "異動年月日",
)
PREFECTURE = "prefecture"
KIND_MOVE_IN_NOTICE = "move_in_notice"
KIND_IDENTITY_UPDATE = "identity_update"
CATEGORY_MOVE_IN_NOTICE = "転入通知"
CATEGORY_IDENTITY_UPDATE = "本人確認情報更新"

# Each text field's rule (maximum length, refused characters): app/domain/text_rules.py.
_TEXT_FIELDS: dict[str, text_rules.TextField] = {
    "name_kanji": text_rules.NAME,
    "name_kana": text_rules.NAME_KANA,
    "former_address": text_rules.FORMER_ADDRESS,
    "destination_address": text_rules.DESTINATION_ADDRESS,
    "head_name_kanji": text_rules.HEAD_NAME,
    "relationship_name": text_rules.RELATIONSHIP,
    "domicile": text_rules.DOMICILE,
    "domicile_head_name": text_rules.DOMICILE_HEAD_NAME,
}
_REQUIRED_TEXT = (
    "name_kanji",
    "name_kana",
    "former_address",
    "destination_address",
    "head_name_kanji",
    "relationship_name",
)

EARLIEST_BIRTH = ERA_STARTS[Era.MEIJI]
"""1868-01-25, the first day of 明治: no date of birth on a register lies before it."""
MOVE_OUT_AHEAD = dt.timedelta(days=365)
"""How far ahead a planned move-out may lie: a 転出届 is made days, at most weeks, before
the move; a year leaves room for any local practice and still refuses a year like 2199."""


MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""The largest 転出証明書情報 document read at once (about ten thousand certificates)."""
_DOCUMENT = "転出証明書情報"
_T = TypeVar("_T")


def parse_move_out_document(raw: bytes) -> list[MoveOutCertificate]:
    """Validate a received document: one JSON object, or a list of them (all or nothing).

    Anything else (not UTF-8, not JSON, nested too deeply, the wrong shape, too large) is an
    :class:`InvalidFormat` that names the problem, never the content.
    """
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidFormat(_DOCUMENT, f"larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidFormat(_DOCUMENT, "not UTF-8 text") from None
    try:
        document: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidFormat(
            _DOCUMENT, f"not a readable JSON file (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InvalidFormat(_DOCUMENT, "JSON nested too deeply") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise InvalidFormat(_DOCUMENT, "a number in it is too long") from None
    items = document if isinstance(document, list) else [document]
    if not items:
        raise InvalidFormat(_DOCUMENT, "no certificate in the document")
    return _each(items, MoveOutCertificate.from_dict)


def check_move_outs(
    certificates: Sequence[MoveOutCertificate], today: dt.date
) -> list[MoveOutCertificate]:
    """:func:`check_move_out` for every certificate of a document (all or nothing).

    In a document of several, a refusal says which one (「転出証明書情報 3件目の氏名」).
    """
    return _each(certificates, lambda certificate: check_move_out(certificate, today))


def _each(
    items: Sequence[_T], make: Callable[[_T], MoveOutCertificate]
) -> list[MoveOutCertificate]:
    """``make`` applied to every item; a refusal names the item's position when there are many."""
    done: list[MoveOutCertificate] = []
    for position, item in enumerate(items, start=1):
        try:
            done.append(make(item))
        except DomainError as exc:
            if len(items) == 1:
                raise
            where = f"{_DOCUMENT} {position}件目"
            field = exc.field if exc.field.startswith(_DOCUMENT) else f"{where}の{exc.field}"
            raise type(exc)(field, exc.reason) from None
    return done


def check_move_out(certificate: MoveOutCertificate, today: dt.date) -> MoveOutCertificate:
    """``certificate`` re-validated in full and checked against ``today`` (a JST date).

    Every format rule of :meth:`MoveOutCertificate.from_dict` applies again (a certificate
    built in code has not been through it); the returned copy holds the normalised text.
    The date of birth must lie between 1868-01-25 (明治) and today, the planned move-out
    not before the birth nor more than :data:`MOVE_OUT_AHEAD` after today.
    """
    checked = MoveOutCertificate.from_dict(certificate.to_dict())
    if checked.date_of_birth < EARLIEST_BIRTH:
        raise ImpossibleDate("生年月日", f"before {EARLIEST_BIRTH.isoformat()} (明治元年)")
    if checked.date_of_birth > today:
        raise ImpossibleDate("生年月日", "lies in the future")
    if checked.planned_move_out_date < checked.date_of_birth:
        raise ImpossibleDate("転出予定年月日", "before the date of birth")
    if checked.planned_move_out_date > today + MOVE_OUT_AHEAD:
        raise ImpossibleDate("転出予定年月日", f"more than {MOVE_OUT_AHEAD.days} days after today")
    return checked


def municipality_recipient(code: str) -> str:
    """The outbox recipient name of a municipality's CS."""
    return f"muni:{code}"


def _digits(value: object, field: str, length: int) -> str:
    text = str(value).strip() if value is not None else ""
    if len(text) != length or not (text.isascii() and text.isdigit()):
        raise InvalidFormat(field, f"must be exactly {length} digits")
    return text


def _text(data: Mapping[str, Any], key: str) -> str | None:
    """A text field by its rule (text_rules); a blank optional field is None."""
    text = text_rules.clean(_TEXT_FIELDS[key], data.get(key), required=key in _REQUIRED_TEXT)
    return text or None


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidFormat(field, "must be a date")
    return parse_date(value, field)


@dataclasses.dataclass(frozen=True)
class MoveOutCertificate:
    """転出証明書情報 as received from the former municipality (validated on construction)."""

    message_id: str
    from_municipality_code: str
    resident_code: str
    my_number: str | None
    name_kanji: str
    name_kana: str
    date_of_birth: dt.date
    sex_code: str
    former_address: str
    planned_move_out_date: dt.date
    destination_address: str
    head_name_kanji: str
    relationship_name: str
    former_postal_code: str | None = None
    domicile: str | None = None
    domicile_head_name: str | None = None

    @classmethod
    def from_dict(cls, data: object) -> MoveOutCertificate:
        """Validate a received JSON document (R-28); errors name the field, never the value."""
        if not isinstance(data, Mapping):
            raise InvalidFormat(_DOCUMENT, "each certificate must be a JSON object")
        message_id = text_rules.clean(text_rules.MESSAGE_ID, data.get("message_id"), required=True)
        resident_code = _digits(data.get("resident_code"), "住民票コード", 11)
        resident_code_status(resident_code)
        my_number_raw = data.get("my_number")
        my_number = validate_my_number(str(my_number_raw).strip()) if my_number_raw else None
        postal = data.get("former_postal_code")
        texts = {key: _text(data, key) for key in _TEXT_FIELDS}
        return cls(
            message_id=message_id,
            from_municipality_code=_digits(
                data.get("from_municipality_code"), "転出元市町村コード", 6
            ),
            resident_code=resident_code,
            my_number=my_number,
            name_kanji=str(texts["name_kanji"]),
            name_kana=str(texts["name_kana"]),
            date_of_birth=_date(data.get("date_of_birth"), "生年月日"),
            sex_code=codes.Sex.parse(data.get("sex_code"), "性別").value,
            former_address=str(texts["former_address"]),
            planned_move_out_date=_date(data.get("planned_move_out_date"), "転出予定年月日"),
            destination_address=str(texts["destination_address"]),
            head_name_kanji=str(texts["head_name_kanji"]),
            relationship_name=str(texts["relationship_name"]),
            former_postal_code=_digits(postal, "郵便番号", 7) if postal else None,
            domicile=texts["domicile"],
            domicile_head_name=texts["domicile_head_name"],
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (inverse of :meth:`from_dict`)."""
        data = dataclasses.asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat()
        data["planned_move_out_date"] = self.planned_move_out_date.isoformat()
        return data


def prefecture_update(
    *,
    resident_code: str,
    name: str,
    date_of_birth: dt.date | None,
    sex_code: str,
    address: str,
    my_number: str | None,
    change_reason_code: str,
    change_date: dt.date,
) -> dict[str, str]:
    """The R-36 notification: exactly the 8 fields, all as strings (empty when unknown)."""
    values = (
        resident_code,
        name,
        date_of_birth.isoformat() if date_of_birth else "",
        sex_code,
        address,
        my_number or "",
        change_reason_code,
        change_date.isoformat(),
    )
    return dict(zip(PREFECTURE_FIELDS, values, strict=True))


def move_in_notice(
    *,
    resident_code: str,
    name: str,
    new_address: str,
    moved_in: dt.date,
    notified: dt.date,
    new_municipality_code: str,
    former_message_id: str,
) -> dict[str, str]:
    """転入通知 to the former municipality: who arrived where and when (住基法第9条第1項)."""
    return {
        "住民票コード": resident_code,
        "氏名": name,
        "転入先住所": new_address,
        "転入年月日": moved_in.isoformat(),
        "届出年月日": notified.isoformat(),
        "転入先市町村コード": new_municipality_code,
        "転出証明書情報ID": former_message_id,
    }
