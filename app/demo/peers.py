"""Demo peers: other municipalities send 転出証明書情報 for people who hold (virtual) cards.

Each :class:`DemoMover` is a person not yet resident here: the 転出証明書情報 their former
municipality sends, and the data of their My Number card (in the JSON form that
``hardware.virtual_card.CardHolder.from_dict`` reads; app/ may not import the virtual card,
so the composition root or the demo launcher builds the card from it). The card still
carries the former address, as a real one does until 継続利用.

The last mover of a batch of three or more comes from the municipality that the simulated
network makes refuse (so the demo shows a refused 転入通知, R-39).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from app.db.models.identity import IdentityRecord
from app.db.models.register import Resident
from app.demo.names import era_of_birth_year, given_names, surnames
from app.demo.resources import read_tsv
from app.domain.identifiers import make_my_number, make_resident_code
from app.jukinet.messages import MoveOutCertificate
from app.jukinet.simulated import REFUSING_MUNICIPALITY

if TYPE_CHECKING:
    from app.bootstrap import Container

DEMO_PIN = "1234"
CARD_DIR = "demo_cards"
_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


@dataclasses.dataclass(frozen=True)
class DemoMover:
    """A person moving in: their 転出証明書情報 and their card's data."""

    certificate: MoveOutCertificate
    card_holder: dict[str, Any]
    suggested_move_in: dt.date


def _origins() -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in read_tsv("origins.tsv")]


def _towns() -> list[str]:
    return [row[0] for row in read_tsv("origin_towns.tsv")]


def make_mover(
    rng: random.Random,
    today: dt.date,
    *,
    resident_code: str,
    my_number: str,
    origin: tuple[str, str],
    destination: str,
) -> DemoMover:
    """One mover with a plausible name, age, former address and dates."""
    sex = rng.choice(("1", "2"))
    age = rng.randint(20, 70)
    dob = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    surname = surnames().draw(rng)
    given = given_names()[(era_of_birth_year(dob.year), sex)].draw(rng)
    name = f"{surname.kanji}　{given.kanji}"
    kana = f"{surname.kana}　{given.kana}"
    code, city = origin
    town = rng.choice(_towns())
    lot = f"{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    former = f"{city}{town}{lot.translate(_FULL_WIDTH)}"
    planned = today - dt.timedelta(days=rng.randint(2, 10))
    certificate = MoveOutCertificate(
        message_id=f"demo-{code}-{resident_code}",
        from_municipality_code=code,
        resident_code=resident_code,
        my_number=my_number,
        name_kanji=name,
        name_kana=kana,
        date_of_birth=dob,
        sex_code=sex,
        former_address=former,
        planned_move_out_date=planned,
        destination_address=destination,
        head_name_kanji=name,
        relationship_name="世帯主",
        former_postal_code=f"96{rng.randint(0, 99999):05d}",
        domicile=f"{city}{town}{rng.randint(1, 50)}番地",
        domicile_head_name=name,
    )
    holder = {
        "my_number": my_number,
        "resident_code": resident_code,
        "name": name,
        "address": former,
        "dob": dob.strftime("%Y%m%d"),
        "sex": sex,
        "expiry": dt.date(today.year + 5, dob.month, dob.day).isoformat(),
        "municipality_code": code[:5],
        "pins": {"kenhojo": DEMO_PIN, "juki": DEMO_PIN},
    }
    return DemoMover(certificate, holder, planned + dt.timedelta(days=1))


def make_movers(
    n: int,
    today: dt.date,
    *,
    seed: int = 0,
    destination: str = "福島県郡山市",
    taken: frozenset[str] = frozenset(),
) -> list[DemoMover]:
    """``n`` movers with fresh identifiers (avoiding ``taken`` codes and numbers)."""
    rng = random.Random(f"madoguchi-demo-peers:{seed}")
    origins = [o for o in _origins() if o[0] != REFUSING_MUNICIPALITY]
    refusing = next((o for o in _origins() if o[0] == REFUSING_MUNICIPALITY), origins[0])
    movers: list[DemoMover] = []
    used = set(taken)
    while len(movers) < n:
        code = make_resident_code(f"{rng.randrange(10**9, 10**10):010d}")
        number = make_my_number(f"{rng.randrange(10**10, 10**11):011d}")
        if code in used or number in used:
            continue
        used.update((code, number))
        origin = refusing if n >= 3 and len(movers) == n - 1 else rng.choice(origins)
        movers.append(
            make_mover(
                rng,
                today,
                resident_code=code,
                my_number=number,
                origin=origin,
                destination=destination,
            )
        )
    return movers


def seed_demo_move_outs(container: Container, n: int, *, seed: int = 0) -> list[DemoMover]:
    """Receive ``n`` 転出証明書情報 into the inbox and save each mover's card as JSON.

    The card files go to ``<data_dir>/demo_cards/<住民票コード>.json`` (for
    ``python -m hardware.virtual_card --holder-json FILE``). Running it again with the same
    seed receives nothing twice (the inbox is idempotent by message id).
    """
    today = container.clock.now().date()
    movers = make_movers(n, today, seed=seed)
    with container.uow.begin() as session:
        codes = [m.certificate.resident_code for m in movers]
        numbers = [str(m.certificate.my_number) for m in movers]
        clash = set(
            session.scalars(
                select(Resident.resident_code).where(
                    or_(Resident.resident_code.in_(codes), Resident.my_number.in_(numbers))
                )
            )
        ) | set(
            session.scalars(
                select(IdentityRecord.resident_code).where(
                    or_(
                        IdentityRecord.resident_code.in_(codes),
                        IdentityRecord.my_number.in_(numbers),
                    )
                )
            )
        )
    if clash:  # vanishingly rare: draw again, avoiding every identifier of this batch
        movers = make_movers(n, today, seed=seed + 1, taken=frozenset(codes + numbers))
    card_dir = container.settings.data_dir / CARD_DIR
    card_dir.mkdir(parents=True, exist_ok=True)
    for mover in movers:
        container.jukinet_inbox.receive(mover.certificate, operator_id="demo-peer")
        path = card_dir / f"{mover.certificate.resident_code}.json"
        path.write_text(json.dumps(mover.card_holder, ensure_ascii=False, indent=2), "utf-8")
    return movers
