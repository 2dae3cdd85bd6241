"""Inbound 転出証明書情報 is checked before anything is stored (issue 11, point 7).

Control characters, NUL and bidi controls are refused by field name; dates of birth lie
between 1868-01-25 and today; a move-out cannot precede the birth; a message id received
before with other content is refused and logged. Each case runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

import app.db.models  # noqa: F401  (fills Base.metadata)
from app.audit import OperationLog
from app.clock import JST, ManualClock
from app.db.base import Base
from app.db.engine import make_engine
from app.db.models.movein import InboxMoveOut
from app.db.models.oplog import OperationLogRow
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, ImpossibleDate, InvalidFormat
from app.jukinet.inbox import Inbox, MessageIdReused
from app.jukinet.messages import parse_move_out_document
from app.secret_store import InMemorySecretStore
from tests.support.movein import certificate

NOW = dt.datetime(2026, 4, 1, 9, 0, tzinfo=JST)
TODAY = NOW.date()


@dataclasses.dataclass
class Gateway:
    """An inbox on a fresh register, and what it stored and logged."""

    uow: UnitOfWork
    inbox: Inbox

    def stored(self) -> int:
        with self.uow.begin() as session:
            return session.scalar(select(func.count()).select_from(InboxMoveOut)) or 0

    def log(self) -> list[tuple[str, str, str, dict[str, object]]]:
        with self.uow.begin() as session:
            rows = session.scalars(select(OperationLogRow).order_by(OperationLogRow.seq))
            return [(r.operation, r.outcome, r.target, json.loads(r.detail)) for r in rows]


@pytest.fixture
def gateway(db_url: str) -> Iterator[Gateway]:
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    uow = UnitOfWork(engine)
    clock = ManualClock(NOW)
    yield Gateway(uow, Inbox(uow, clock, OperationLog(InMemorySecretStore(), clock), "T0001"))
    engine.dispose()


# ---------------------------------------------------------------- characters
BAD_CHARACTERS = {"esc": "\x1b[2J", "rlo": "\u202e", "nul": "\x00"}
TEXT_FIELDS = {
    "name_kanji": "氏名",
    "name_kana": "氏名カナ",
    "former_address": "転出前住所",
    "destination_address": "転出先住所",
    "head_name_kanji": "世帯主氏名",
    "relationship_name": "続柄",
    "domicile": "本籍",
    "domicile_head_name": "筆頭者氏名",
}


@pytest.mark.parametrize("bad", BAD_CHARACTERS.values(), ids=BAD_CHARACTERS.keys())
@pytest.mark.parametrize("key", TEXT_FIELDS)
def test_a_control_character_in_a_received_document_is_refused_by_field(key: str, bad: str) -> None:
    value = f"試験{bad}太郎"
    sent = dataclasses.replace(certificate(), **{key: value})
    with pytest.raises(InvalidFormat) as caught:
        parse_move_out_document(json.dumps(sent.to_dict()).encode())
    assert caught.value.field == TEXT_FIELDS[key]
    assert "試験" not in str(caught.value) and bad not in str(caught.value)


@pytest.mark.parametrize("bad", BAD_CHARACTERS.values(), ids=BAD_CHARACTERS.keys())
def test_a_certificate_built_by_a_peer_adapter_is_checked_before_it_is_stored(
    gateway: Gateway, bad: str
) -> None:
    # Not parsed from JSON (a network adapter builds the type): the inbox checks it itself.
    with pytest.raises(InvalidFormat) as caught:
        gateway.inbox.receive(certificate(name_kanji=f"試験{bad}太郎"))
    assert caught.value.field == "氏名"
    assert gateway.stored() == 0 and gateway.log() == []


@pytest.mark.parametrize("bad", ["m-\x1b1", "m-\u202e1", "m-\x001", "m" * 65])
def test_a_message_id_with_a_control_character_or_too_long_is_refused(
    gateway: Gateway, bad: str
) -> None:
    with pytest.raises(InvalidFormat) as caught:
        gateway.inbox.receive(certificate(message_id=bad))
    assert caught.value.field == "メッセージID"
    assert gateway.stored() == 0


def test_text_is_stored_in_nfc_without_surrounding_spaces(gateway: Gateway) -> None:
    received = gateway.inbox.receive(certificate(name_kana=" シケン　タロウ\u3099 "))
    item = gateway.inbox.get(received.inbox_id)
    assert item is not None and item.certificate.name_kana == "シケン　タロヴ"


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"date_of_birth": dt.date(1700, 1, 1)}, "生年月日", "before 1868-01-25 (明治元年)"),
        ({"date_of_birth": dt.date(1868, 1, 24)}, "生年月日", "before 1868-01-25 (明治元年)"),
        ({"date_of_birth": dt.date(2199, 1, 1)}, "生年月日", "lies in the future"),
        ({"date_of_birth": TODAY + dt.timedelta(days=1)}, "生年月日", "lies in the future"),
        (
            {"date_of_birth": dt.date(1990, 5, 1), "planned_move_out_date": dt.date(1989, 3, 1)},
            "転出予定年月日",
            "before the date of birth",
        ),
        (
            {"planned_move_out_date": dt.date(2199, 1, 1)},
            "転出予定年月日",
            "more than 365 days after today",
        ),
    ],
    ids=["1700", "day-before-meiji", "2199", "tomorrow", "move-out-before-birth", "far-ahead"],
)
def test_an_impossible_date_is_refused_and_nothing_is_stored(
    gateway: Gateway, changes: dict[str, dt.date], field: str, reason: str
) -> None:
    with pytest.raises(ImpossibleDate) as caught:
        gateway.inbox.receive(certificate(**changes))
    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert gateway.stored() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"date_of_birth": dt.date(1868, 1, 25)},
        {"date_of_birth": TODAY, "planned_move_out_date": TODAY},
        {"planned_move_out_date": TODAY + dt.timedelta(days=365)},
        {"domicile": None, "domicile_head_name": None, "my_number": None},
    ],
    ids=["first-day-of-meiji", "born-today", "a-year-ahead", "no-domicile-no-number"],
)
def test_a_valid_certificate_is_still_accepted(
    gateway: Gateway, changes: dict[str, object]
) -> None:
    sent = certificate(**changes)
    received = gateway.inbox.receive(sent)
    assert received.duplicate is False
    item = gateway.inbox.get(received.inbox_id)
    assert item is not None and item.certificate == sent
    assert [(op, outcome) for op, outcome, _, _ in gateway.log()] == [
        ("jukinet.receive_move_out", "ok")
    ]


def test_today_is_the_date_in_japan(gateway: Gateway, db_url: str) -> None:
    # 2026-03-31 20:00 UTC is already 4/1 in Japan: someone born on 4/1 (JST) is accepted.
    clock = ManualClock(dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC))
    inbox = Inbox(gateway.uow, clock, OperationLog(InMemorySecretStore(), clock), "T0001")
    born = dt.date(2026, 4, 1)
    assert inbox.today() == born
    inbox.receive(certificate(date_of_birth=born, planned_move_out_date=born))
    assert gateway.stored() == 1


# ---------------------------------------------------------------- a reused message id
def test_a_redelivery_with_the_same_content_is_acknowledged(gateway: Gateway) -> None:
    first = gateway.inbox.receive(certificate())
    again = gateway.inbox.receive(certificate(name_kanji=" 試験　太郎 "))  # same once cleaned
    assert again == dataclasses.replace(first, duplicate=True)
    assert gateway.stored() == 1
    assert len(gateway.log()) == 1  # a redelivery is not a new receipt


def test_the_same_message_id_with_another_person_is_refused_and_logged(
    gateway: Gateway,
) -> None:
    first = gateway.inbox.receive(certificate())
    other = certificate(
        resident_code="12345678906", my_number=None, name_kanji="別人　花子", sex_code="2"
    )
    with pytest.raises(MessageIdReused) as caught:
        gateway.inbox.receive(other)
    assert caught.value.field == "メッセージID"
    assert "別人" not in str(caught.value) and "m-0001" not in str(caught.value)
    assert gateway.stored() == 1
    kept = gateway.inbox.get(first.inbox_id)
    assert kept is not None and kept.certificate == certificate()  # not replaced
    refused = gateway.log()[-1]
    assert refused[:3] == ("jukinet.receive_move_out", "refused", "12345678906")
    assert refused[3] == {
        "reason": "message_id_reused",
        "message_id": "m-0001",
        "inbox_id": first.inbox_id,
        "from": certificate().from_municipality_code,
    }
    assert "別人" not in json.dumps(refused[3], ensure_ascii=False)


def test_a_changed_date_under_the_same_message_id_is_refused_too(gateway: Gateway) -> None:
    gateway.inbox.receive(certificate())
    with pytest.raises(MessageIdReused):
        gateway.inbox.receive(certificate(planned_move_out_date=dt.date(2026, 3, 29)))
    assert [outcome for _, outcome, _, _ in gateway.log()] == ["ok", "refused"]


# ---------------------------------------------------------------- documents
def test_a_document_names_the_certificate_that_breaks_a_rule(gateway: Gateway) -> None:
    good = certificate().to_dict()
    bad = certificate(message_id="m-0002", name_kanji="試験\u202e太郎").to_dict()
    with pytest.raises(InvalidFormat) as caught:
        parse_move_out_document(json.dumps([good, bad]).encode())
    assert caught.value.field == "転出証明書情報 2件目の氏名"
    late = certificate(message_id="m-0003", date_of_birth=dt.date(1700, 1, 1))
    with pytest.raises(ImpossibleDate) as dated:
        gateway.inbox.check([certificate(), late])
    assert dated.value.field == "転出証明書情報 2件目の生年月日"
    assert gateway.stored() == 0


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"message_id": ' + b"9" * 5000 + b"}", "a number in it is too long"),
        (b'{"message_id": "\\ud800"}', "contains an unpaired surrogate"),
    ],
    ids=["huge-number", "lone-surrogate"],
)
def test_json_that_no_database_could_hold_is_refused(raw: bytes, reason: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_move_out_document(raw)
    assert caught.value.reason == reason
