"""Foreign residents of the demo: nationality mix, 在留資格 by nationality, periods of stay."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from app.demo.resources import WeightedTable
from app.domain.codes import ForeignResidentCategory, Nationality, ResidenceStatus

# Roughly the mix of a regional city's foreign residents (技能実習 and 留学 heavy).
NATIONALITY_WEIGHTS: dict[Nationality, int] = {
    Nationality.VN: 30,
    Nationality.CN: 22,
    Nationality.PH: 14,
    Nationality.KR: 10,
    Nationality.NP: 6,
    Nationality.ID: 5,
    Nationality.TW: 2,
    Nationality.US: 2,
    Nationality.TH: 2,
    Nationality.MM: 2,
    Nationality.LK: 1,
    Nationality.BD: 1,
    Nationality.BR: 1,
    Nationality.PE: 1,
    Nationality.IN: 1,
    Nationality.GB: 1,
}

S = ResidenceStatus
_DEFAULT_STATUSES: dict[ResidenceStatus | None, int] = {
    S.ENGINEER_HUMANITIES: 30,
    S.PERMANENT_RESIDENT: 20,
    S.SPOUSE_OF_JAPANESE: 20,
    S.STUDENT: 15,
    S.SPECIFIED_SKILLED: 10,
    S.PROFESSOR: 5,
}
# None stands for 特別永住者, who has a 30条の45 category but no 在留資格.
STATUS_WEIGHTS: dict[Nationality, dict[ResidenceStatus | None, int]] = {
    Nationality.VN: {
        S.TECHNICAL_INTERN: 45,
        S.SPECIFIED_SKILLED: 20,
        S.ENGINEER_HUMANITIES: 15,
        S.STUDENT: 10,
        S.PERMANENT_RESIDENT: 5,
        S.DESIGNATED_ACTIVITIES: 5,
    },
    Nationality.CN: {
        S.PERMANENT_RESIDENT: 30,
        S.ENGINEER_HUMANITIES: 20,
        S.STUDENT: 15,
        S.TECHNICAL_INTERN: 15,
        S.SPOUSE_OF_JAPANESE: 10,
        S.BUSINESS_MANAGER: 5,
        S.INTRA_COMPANY_TRANSFEREE: 5,
    },
    Nationality.PH: {
        S.PERMANENT_RESIDENT: 35,
        S.SPOUSE_OF_JAPANESE: 20,
        S.LONG_TERM_RESIDENT: 20,
        S.TECHNICAL_INTERN: 15,
        S.NURSING_CARE: 10,
    },
    Nationality.KR: {
        None: 50,
        S.PERMANENT_RESIDENT: 25,
        S.SPOUSE_OF_JAPANESE: 10,
        S.ENGINEER_HUMANITIES: 10,
        S.STUDENT: 5,
    },
    Nationality.NP: {
        S.STUDENT: 30,
        S.ENGINEER_HUMANITIES: 20,
        S.SKILLED_LABOR: 20,
        S.SPECIFIED_SKILLED: 20,
        S.BUSINESS_MANAGER: 10,
    },
    Nationality.ID: {S.TECHNICAL_INTERN: 50, S.SPECIFIED_SKILLED: 40, S.STUDENT: 10},
    Nationality.BR: {S.LONG_TERM_RESIDENT: 50, S.PERMANENT_RESIDENT: 50},
    Nationality.PE: {S.LONG_TERM_RESIDENT: 50, S.PERMANENT_RESIDENT: 50},
    Nationality.US: {S.ENGINEER_HUMANITIES: 50, S.SPOUSE_OF_JAPANESE: 30, S.PROFESSOR: 20},
    Nationality.GB: {S.ENGINEER_HUMANITIES: 60, S.SPOUSE_OF_JAPANESE: 40},
}

# Periods of stay granted per status, as (years, months); (0, 0) means no limit (永住者).
STAY_PERIODS: dict[ResidenceStatus, tuple[tuple[int, int], ...]] = {
    S.PERMANENT_RESIDENT: ((0, 0),),
    S.SPOUSE_OF_JAPANESE: ((1, 0), (3, 0), (5, 0)),
    S.SPOUSE_OF_PERMANENT: ((1, 0), (3, 0), (5, 0)),
    S.LONG_TERM_RESIDENT: ((1, 0), (3, 0), (5, 0)),
    S.ENGINEER_HUMANITIES: ((1, 0), (3, 0), (5, 0)),
    S.STUDENT: ((1, 3), (2, 3), (4, 3)),
    S.DEPENDENT: ((1, 0), (3, 0)),
    S.TECHNICAL_INTERN: ((1, 0), (2, 0)),
    S.SPECIFIED_SKILLED: ((1, 0),),
    S.SKILLED_LABOR: ((1, 0), (3, 0), (5, 0)),
    S.BUSINESS_MANAGER: ((1, 0), (3, 0)),
    S.HIGHLY_SKILLED: ((5, 0),),
    S.DESIGNATED_ACTIVITIES: ((0, 6), (1, 0)),
    S.INTRA_COMPANY_TRANSFEREE: ((1, 0), (3, 0)),
    S.NURSING_CARE: ((1, 0), (3, 0)),
    S.PROFESSOR: ((1, 0), (3, 0), (5, 0)),
}

# Statuses that come with family of their own status rather than 家族滞在.
_FAMILY_KEEPS = {
    S.PERMANENT_RESIDENT: S.SPOUSE_OF_PERMANENT,
    S.LONG_TERM_RESIDENT: S.LONG_TERM_RESIDENT,
}

_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
CARD_TYPE_RESIDENCE_CARD = "1"
CARD_TYPE_SPECIAL_PERMANENT = "2"


@dataclass(frozen=True, slots=True)
class Status:
    """A foreign resident's 30条の45 category and, unless 特別永住者, 在留資格 and stay."""

    category: ForeignResidentCategory
    residence_status: ResidenceStatus | None


def nationalities() -> WeightedTable[Nationality]:
    """The nationality mix of the foreign households."""
    return WeightedTable(list(NATIONALITY_WEIGHTS), list(NATIONALITY_WEIGHTS.values()))


def status_tables() -> dict[Nationality, WeightedTable[ResidenceStatus | None]]:
    """在留資格 weights per nationality (nationalities not listed use a general mix)."""
    tables: dict[Nationality, WeightedTable[ResidenceStatus | None]] = {}
    for nationality in NATIONALITY_WEIGHTS:
        weights: dict[ResidenceStatus | None, int] = dict(
            STATUS_WEIGHTS.get(nationality, _DEFAULT_STATUSES)
        )
        tables[nationality] = WeightedTable(list(weights), list(weights.values()))
    return tables


def head_status(status: ResidenceStatus | None) -> Status:
    """The 30条の45 category that goes with a drawn status (None = 特別永住者)."""
    if status is None:
        return Status(ForeignResidentCategory.SPECIAL_PERMANENT, None)
    return Status(ForeignResidentCategory.MID_LONG_TERM, status)


def family_status(head: Status) -> Status:
    """The status of a spouse or child living with a foreign head of household."""
    if head.residence_status is None:
        return head
    kept = _FAMILY_KEEPS.get(head.residence_status)
    if kept is not None:
        return Status(ForeignResidentCategory.MID_LONG_TERM, kept)
    if head.residence_status is S.SPOUSE_OF_JAPANESE:
        return Status(ForeignResidentCategory.MID_LONG_TERM, S.LONG_TERM_RESIDENT)
    return Status(ForeignResidentCategory.MID_LONG_TERM, S.DEPENDENT)


def stay(
    rng: random.Random, status: ResidenceStatus, today: dt.date
) -> tuple[int, int, dt.date | None]:
    """(years, months, expiry) of a currently valid period of stay ending after ``today``."""
    years, months = rng.choice(STAY_PERIODS[status])
    if years == 0 and months == 0:
        return 0, 0, None
    length = years * 365 + months * 30
    # The permission was granted some time within the current period, so expiry > today.
    granted = today.toordinal() - rng.randrange(length)
    return years, months, dt.date.fromordinal(granted + length)


def card_number(rng: random.Random, serial: int) -> str:
    """A 在留カード番号-shaped number: 2 letters, 8 digits, 2 letters (digits unique by serial)."""
    return (
        rng.choice(_LETTERS)
        + rng.choice(_LETTERS)
        + f"{serial % 100_000_000:08d}"
        + rng.choice(_LETTERS)
        + rng.choice(_LETTERS)
    )
