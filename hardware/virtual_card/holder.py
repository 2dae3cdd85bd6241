"""The person a virtual card belongs to: a plain dataclass, loadable from JSON."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CardPins:
    """The holder's card PINs (4 digits each)."""

    kenhojo: str = "1234"
    juki: str = "1234"


@dataclass(frozen=True)
class CardHolder:
    """Everything a virtual My Number card holds about its holder (any person in the register)."""

    my_number: str
    resident_code: str
    name: str
    address: str
    dob: str
    sex: str
    expiry: dt.date
    serial: str = "000000000000001"
    municipality_code: str = "13101"
    pins: CardPins = field(default_factory=CardPins)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardHolder:
        """Build from a JSON-like mapping; ``expiry`` as YYYY-MM-DD or YYYYMMDD."""
        expiry_text = str(data["expiry"]).replace("-", "")
        expiry = dt.date(int(expiry_text[:4]), int(expiry_text[4:6]), int(expiry_text[6:8]))
        pins = data.get("pins", {})
        return cls(
            my_number=str(data["my_number"]),
            resident_code=str(data["resident_code"]),
            name=str(data["name"]),
            address=str(data["address"]),
            dob=str(data["dob"]),
            sex=str(data["sex"]),
            expiry=expiry,
            serial=str(data.get("serial", "000000000000001")),
            municipality_code=str(data.get("municipality_code", "13101")),
            pins=CardPins(
                kenhojo=str(pins.get("kenhojo", "1234")), juki=str(pins.get("juki", "1234"))
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able form (inverse of :meth:`from_dict`)."""
        return {
            "my_number": self.my_number,
            "resident_code": self.resident_code,
            "name": self.name,
            "address": self.address,
            "dob": self.dob,
            "sex": self.sex,
            "expiry": self.expiry.isoformat(),
            "serial": self.serial,
            "municipality_code": self.municipality_code,
            "pins": {"kenhojo": self.pins.kenhojo, "juki": self.pins.juki},
        }


def load_holder(path: Path) -> CardHolder:
    """Read a holder from a JSON file."""
    return CardHolder.from_dict(json.loads(path.read_text(encoding="utf-8")))


def sample_holder() -> CardHolder:
    """A synthetic holder (the test data of MYNUMBER_CARD.md §6.4)."""
    return CardHolder(
        my_number="123456789018",
        resident_code="24727059608",
        name="試験　太郎",
        address="東京都千代田区霞が関２－１－２",
        dob="19800101",
        sex="1",
        expiry=dt.date(2035, 1, 1),
    )
