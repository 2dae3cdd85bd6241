"""Municipality names for the counter's lists: 「白河市（072052）」, in step with the demo data."""

from __future__ import annotations

from app.demo.resources import read_tsv
from app.jukinet.messages import PREFECTURE, municipality_recipient
from app.jukinet.municipalities import (
    MUNICIPALITY_NAMES,
    municipality_label,
    municipality_name,
    recipient_municipality,
)
from app.jukinet.simulated import REFUSING_MUNICIPALITY


def test_known_codes_are_labelled_with_name_and_code() -> None:
    assert municipality_label("072052") == "白河市（072052）"
    assert municipality_label("092011") == "宇都宮市（092011）"
    assert municipality_name(REFUSING_MUNICIPALITY) == "白河市"


def test_an_unknown_code_stays_a_code() -> None:
    assert municipality_name("999999") is None
    assert municipality_label("999999") == "999999"


def test_every_demo_origin_has_its_name() -> None:
    origins = list(read_tsv("origins.tsv"))
    assert origins
    for code, full_name, _weight in origins:
        prefecture, name = MUNICIPALITY_NAMES[code]
        assert full_name == prefecture + name


def test_recipients_name_their_municipality() -> None:
    assert recipient_municipality(municipality_recipient("092011")) == "092011"
    assert recipient_municipality(PREFECTURE) is None
    assert recipient_municipality("muni:12") is None
