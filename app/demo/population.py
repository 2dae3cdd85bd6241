"""The demo population generator: pure and deterministic, rows out, no database.

``generate(residents, seed)`` yields :class:`PopulationChunk` objects holding plain tuples in
the column orders of ``HOUSEHOLD_COLUMNS``, ``RESIDENT_COLUMNS``, ``FOREIGN_COLUMNS`` and
``IDENTITY_COLUMNS``. Tuples (not dataclasses or dicts) keep a million people cheap to build
and hand straight to ``executemany``.

Determinism: the population is cut into chunks of ``CHUNK_RESIDENTS`` people; chunk *k* draws
from ``random.Random("madoguchi-demo:<seed>:<k>")`` only, so the same (N, seed) gives the same
rows whatever order or process the chunks are built in. 個人番号 and 住民票コード come from a
seeded affine permutation of the person's index, so they are unique by construction.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from app.demo import foreigners
from app.demo.names import (
    ForeignName,
    Name,
    era_of_birth_year,
    foreign_names,
    given_names,
    surnames,
)
from app.demo.resources import WeightedTable, read_tsv
from app.demo.towns import (
    KANJI_NUMERALS,
    MUNICIPALITY_CODE,
    PREFECTURE_CITY,
    Town,
    buildings,
    towns,
)
from app.demo.towns import full_width as fw
from app.domain.codes import (
    ChangeReason,
    Era,
    Nationality,
    Relationship,
    RemovalReason,
    ResidentCategory,
    Sex,
)
from app.domain.identifiers import make_my_number, make_resident_code
from app.domain.search_keys import address_key, kana_key, kanji_key, seion_kana

CHUNK_RESIDENTS = 10_000
REFERENCE_DATE = dt.date(2026, 4, 1)
OPERATOR_ID = "DEMO-SEED"
TERMINAL_ID = "DEMO-SEED"
NAME_SPACE = "\u3000"

HOUSEHOLD_COLUMNS = (
    "id",
    "household_number",
    "head_name_kana",
    "head_name_kanji",
    "head_juxtaposed_name_kana",
    "head_juxtaposed_name_kanji",
    "created_at",
    "updated_at",
)
RESIDENT_COLUMNS = (
    "id",
    "municipality_code",
    "initial_registered_at",
    "created_at",
    "updated_at",
    "updated_terminal",
    "updated_by",
    "resident_category",
    "household_id",
    "resident_code",
    "surname_kana",
    "given_kana",
    "name_kana",
    "name_kanji",
    "address_code",
    "postal_code",
    "address",
    "address_lot",
    "katagaki_kana",
    "katagaki_kanji",
    "sex_code",
    "date_of_birth",
    "era_flag",
    "relationship_code",
    "relationship_name",
    "entry_order",
    "previous_address",
    "change_reason_code",
    "change_notified_date",
    "change_date",
    "became_resident_reason_code",
    "became_resident_date",
    "address_established_reason_code",
    "address_established_date",
    "removal_reason_code",
    "removal_notified_date",
    "removal_date",
    "my_number",
    "former_surname_kana",
    "former_surname_kanji",
)
FOREIGN_COLUMNS = (
    "resident_id",
    "alias_name_kana",
    "alias_name_kanji",
    "juxtaposed_name_kana",
    "juxtaposed_name_kanji",
    "foreign_resident_notified_date",
    "foreign_resident_date",
    "residence_card_number",
    "residence_card_number_type",
    "nationality_code",
    "nationality_name",
    "art30_45_category",
    "art30_45_category_name",
    "residence_status_code",
    "residence_status_name",
    "stay_years",
    "stay_months",
    "stay_days",
    "stay_expiry",
)
IDENTITY_COLUMNS = (
    "resident_code",
    "name_kanji",
    "name_gaiji_count",
    "name_furigana",
    "name_seion_kana",
    "date_of_birth",
    "sex_code",
    "municipality_code",
    "postal_code",
    "address",
    "address_gaiji_count",
    "my_number",
    "became_resident_date",
    "address_established_date",
    "notified_date",
    "prev_municipality_code",
    "prev_address",
    "prev_address_gaiji_count",
    "relationship",
    "change_reason_code",
    "change_date",
    "operator_id",
    "terminal_id",
    "update_seq",
    "gaiji_flag",
    "record_status",
    "recorded_at",
    "is_current",
    "search_kana_key",
    "search_kanji_key",
    "search_address_key",
)

RECORD_STATUS_CURRENT = "0"
RECORD_STATUS_REMOVED = "1"

# Household mix of a regional city (single-person households are the largest group).
_HOUSEHOLD_KINDS = WeightedTable(
    ["single", "couple", "couple_children", "single_parent", "three_generations", "with_parent"],
    [40, 20, 22, 9, 7, 2],
)
FOREIGN_HOUSEHOLD_RATE = 0.0205  # per household; gives about 1.5 % of persons
MOVE_OUT_HOUSEHOLD_RATE = 0.028
NATIVE_HOUSEHOLD_RATE = 0.4
IN_CITY_MOVE_RATE = 0.3
FORMER_SURNAME_RATE = 0.03
_YEAR = 365.2425

# First day of each era (元号フラグ), newest first.
_ERA_STARTS = (
    (dt.date(2019, 5, 1).toordinal(), Era.REIWA.value),
    (dt.date(1989, 1, 8).toordinal(), Era.HEISEI.value),
    (dt.date(1926, 12, 25).toordinal(), Era.SHOWA.value),
    (dt.date(1912, 7, 30).toordinal(), Era.TAISHO.value),
)

_REL = {member: (member.value, member.label) for member in Relationship}


@dataclass(slots=True)
class PopulationChunk:
    """The rows of one chunk of people, tuples in the module's column orders."""

    households: list[tuple[object, ...]] = field(default_factory=list)
    residents: list[tuple[object, ...]] = field(default_factory=list)
    foreign_residents: list[tuple[object, ...]] = field(default_factory=list)
    identity_records: list[tuple[object, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AffinePermutation:
    """A seeded bijection of range(modulus) onto offset..offset+modulus-1: i -> (a*i+b) % m."""

    multiplier: int
    increment: int
    modulus: int
    offset: int

    @classmethod
    def seeded(cls, rng: random.Random, modulus: int, offset: int) -> AffinePermutation:
        """A permutation with a multiplier coprime to ``modulus`` (so it is a bijection)."""
        multiplier = rng.randrange(modulus // 3, 2 * modulus // 3)
        while math.gcd(multiplier, modulus) != 1:
            multiplier += 1
        return cls(multiplier, rng.randrange(modulus), modulus, offset)

    def __call__(self, index: int) -> int:
        """The image of ``index`` (0 <= index < modulus)."""
        return (self.multiplier * index + self.increment) % self.modulus + self.offset


@dataclass(frozen=True, slots=True)
class IdentifierPlan:
    """How a person's index becomes a 個人番号 and a 住民票コード."""

    my_number: AffinePermutation
    resident_code: AffinePermutation

    @classmethod
    def for_seed(cls, seed: int) -> IdentifierPlan:
        """The plan of one seed: 11-digit and 10-digit bodies with no leading zero."""
        rng = random.Random(f"madoguchi-demo:{seed}:identifiers")
        return cls(
            AffinePermutation.seeded(rng, 9 * 10**10, 10**10),
            AffinePermutation.seeded(rng, 9 * 10**9, 10**9),
        )

    def my_number_of(self, index: int) -> str:
        """The 個人番号 of the person with 0-based ``index``."""
        return make_my_number(f"{self.my_number(index):011d}")

    def resident_code_of(self, index: int) -> str:
        """The 住民票コード of the person with 0-based ``index``."""
        return make_resident_code(f"{self.resident_code(index):010d}")


def chunk_ranges(residents: int) -> list[tuple[int, int, int]]:
    """(chunk number, first index, end index) of each chunk of a population of ``residents``."""
    return [
        (number, start, min(start + CHUNK_RESIDENTS, residents))
        for number, start in enumerate(range(0, residents, CHUNK_RESIDENTS))
    ]


def generate(
    residents: int, seed: int, *, reference_date: dt.date = REFERENCE_DATE
) -> Iterator[PopulationChunk]:
    """Yield the whole population of ``residents`` people, chunk by chunk."""
    if residents < 0:
        raise ValueError("residents must not be negative")
    for number, start, stop in chunk_ranges(residents):
        yield generate_chunk(seed, number, start, stop, reference_date)


def generate_chunk(
    seed: int, number: int, start: int, stop: int, reference_date: dt.date = REFERENCE_DATE
) -> PopulationChunk:
    """The people with indexes ``start`` .. ``stop - 1`` (chunk ``number`` of that seed)."""
    builder = _ChunkBuilder(seed, number, reference_date)
    builder.fill(start, stop)
    return builder.chunk


@cache
def _origins() -> WeightedTable[tuple[str, str]]:
    rows = list(read_tsv("origins.tsv"))
    return WeightedTable([(r[0], r[1]) for r in rows], [int(r[2]) for r in rows])


@cache
def _origin_towns() -> tuple[str, ...]:
    return tuple(row[0] for row in read_tsv("origin_towns.tsv"))


@cache
def _is_gaiji(char: str) -> int:
    try:
        char.encode("iso2022_jp")
    except UnicodeEncodeError:
        return 1
    return 0


@cache
def gaiji_count(text: str) -> int:
    """How many characters of ``text`` fall outside JIS X 0208 (the register's 外字数)."""
    return sum(map(_is_gaiji, text))


@cache
def _name_keys(kanji: str, kana: str) -> tuple[int, str, str, str]:
    """(外字数, 清音化かな, kana key, kanji key) of a full name; names repeat heavily."""
    return gaiji_count(kanji), seion_kana(kana), kana_key(kana), kanji_key(kanji)


def _era_flag(ordinal: int) -> str:
    for start, code in _ERA_STARTS:
        if ordinal >= start:
            return code
    return Era.MEIJI.value


@cache
def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


@cache
def _stamp(ordinal: int) -> dt.datetime:
    """The recorded time of a change on that day (09:00 JST, stored as UTC)."""
    day = dt.date.fromordinal(ordinal)
    return dt.datetime(day.year, day.month, day.day, 0, 0, tzinfo=dt.UTC)


@dataclass(slots=True)
class _Member:
    """One person of a household while it is being built."""

    relationship: Relationship
    sex: str
    dob: int  # date ordinal
    surname: Name
    given: Name
    former_surname: Name | None = None
    foreign: tuple[Nationality, ForeignName, ForeignName, foreigners.Status] | None = None
    alias: tuple[Name, Name] | None = None
    entry_reason: str = ""
    entry_date: int = 0
    established_date: int = 0
    change_reason: str = ""
    previous_address: str | None = None
    prev_municipality: str | None = None
    removal: RemovalReason | None = None
    removal_date: int = 0


@dataclass(slots=True)
class _Address:
    town: Town
    address: str
    lot: str
    katagaki_kanji: str | None
    katagaki_kana: str | None
    full: str
    gaiji: int
    key: str


class _ChunkBuilder:
    """Builds the households of one chunk from that chunk's own random stream."""

    def __init__(self, seed: int, number: int, reference_date: dt.date) -> None:
        self.rng = random.Random(f"madoguchi-demo:{seed}:{number}")
        self.seed = seed
        self.ids = IdentifierPlan.for_seed(seed)
        self.today = reference_date.toordinal()
        self.seeded_at = dt.datetime(
            reference_date.year, reference_date.month, reference_date.day, tzinfo=dt.UTC
        )
        self.chunk = PopulationChunk()
        self.surnames = surnames()
        self.given = given_names()
        self.towns = towns()
        self.buildings = buildings()
        self.origins = _origins()
        self.origin_towns = _origin_towns()
        self.foreign_names = foreign_names()
        self.nationalities = foreigners.nationalities()
        self.statuses = foreigners.status_tables()

    # ------------------------------------------------------------------ drawing helpers
    def _below(self, n: int) -> int:
        """A uniform int in [0, n): one ``random()`` call, cheaper than ``randrange``."""
        return int(self.rng.random() * n)

    def _dob(self, age: int) -> int:
        return self.today - int(age * _YEAR) - 1 - self._below(365)

    def _given(self, sex: str, dob: int) -> Name:
        year = _day(dob).year
        return self.given[(era_of_birth_year(year), sex)].draw(self.rng)

    def _person(self, relationship: Relationship, sex: str, age: int, surname: Name) -> _Member:
        dob = self._dob(min(max(age, 0), 105))
        return _Member(relationship, sex, dob, surname, self._given(sex, dob))

    def _age(self, low: int, high: int, mode: int) -> int:
        return int(self.rng.triangular(low, high + 1, mode))

    def _spouse_age(self, head_age: int) -> int:
        return min(105, max(18, head_age + int(self.rng.gauss(-2, 3))))

    def _children(self, mother_age: int, surname: Name, count: int) -> list[_Member]:
        rng = self.rng
        children = []
        for _ in range(count):
            age = mother_age - rng.randint(20, 42)
            if age < 0:
                continue
            sex = Sex.MALE.value if rng.random() < 0.51 else Sex.FEMALE.value
            children.append(self._person(Relationship.CHILD, sex, age, surname))
        children.sort(key=lambda child: child.dob)
        return children

    def _child_count(self) -> int:
        r = self.rng.random()
        return 1 if r < 0.4 else 2 if r < 0.82 else 3

    # ------------------------------------------------------------------ household shapes
    def _japanese_household(self) -> list[_Member]:
        rng = self.rng
        kind = _HOUSEHOLD_KINDS.draw(rng)
        surname = self.surnames.draw(rng)
        male, female = Sex.MALE.value, Sex.FEMALE.value
        if kind == "single":
            r = rng.random()
            age = (
                self._age(18, 34, 24)
                if r < 0.45
                else self._age(35, 64, 50)
                if r < 0.7
                else self._age(65, 101, 78)
            )
            sex = male if rng.random() < (0.55 if age < 65 else 0.35) else female
            return [self._person(Relationship.HEAD, sex, age, surname)]
        if kind in ("couple", "couple_children", "three_generations"):
            if kind == "couple":
                r = rng.random()
                age = (
                    self._age(24, 44, 30)
                    if r < 0.25
                    else self._age(45, 64, 58)
                    if r < 0.45
                    else self._age(65, 98, 74)
                )
            elif kind == "couple_children":
                age = self._age(26, 62, 42)
            else:
                age = self._age(32, 66, 50)
            head_male = rng.random() < 0.92
            head = self._person(Relationship.HEAD, male if head_male else female, age, surname)
            spouse_age = self._spouse_age(age)
            spouse = self._person(
                Relationship.WIFE if head_male else Relationship.HUSBAND,
                female if head_male else male,
                spouse_age,
                surname,
            )
            if rng.random() < FORMER_SURNAME_RATE:
                spouse.former_surname = self.surnames.draw(rng)
            members = [head, spouse]
            mother_age = spouse_age if head_male else age
            if kind != "couple":
                members.extend(self._children(mother_age, surname, self._child_count()))
            if kind == "three_generations":
                members.extend(self._parents(age, surname, both=rng.random() < 0.45))
            return members
        if kind == "single_parent":
            age = self._age(24, 62, 42)
            sex = female if rng.random() < 0.85 else male
            head = self._person(Relationship.HEAD, sex, age, surname)
            return [head, *self._children(age, surname, self._child_count())]
        age = self._age(35, 68, 55)
        head = self._person(Relationship.HEAD, male if rng.random() < 0.6 else female, age, surname)
        return [head, *self._parents(age, surname, both=False)]

    def _parents(self, head_age: int, surname: Name, *, both: bool) -> list[_Member]:
        rng = self.rng
        mother_age = min(105, head_age + rng.randint(22, 38))
        parents = []
        if both:
            father_age = min(105, mother_age + rng.randint(0, 5))
            parents.append(self._person(Relationship.FATHER, Sex.MALE.value, father_age, surname))
        if not both and rng.random() < 0.3:
            parents.append(self._person(Relationship.FATHER, Sex.MALE.value, mother_age, surname))
        else:
            parents.append(self._person(Relationship.MOTHER, Sex.FEMALE.value, mother_age, surname))
        return parents

    def _foreign_household(self) -> list[_Member]:
        rng = self.rng
        nationality = self.nationalities.draw(rng)
        status = foreigners.head_status(self.statuses[nationality].draw(rng))
        surname_part = rng.choice(self.foreign_names[(nationality.value, "S")])
        head_family = (nationality, surname_part, status)
        family = (nationality, surname_part, foreigners.family_status(status))
        special = status.residence_status is None
        age = self._age(20, 95, 55) if special else self._age(19, 68, 29)
        r = rng.random()
        kind = "single" if r < 0.6 else "couple" if r < 0.75 else "family"
        head_sex = Sex.MALE.value if rng.random() < 0.6 else Sex.FEMALE.value
        members = [self._foreigner(Relationship.HEAD, head_sex, age, family=head_family)]
        if kind != "single":
            spouse_sex = Sex.FEMALE.value if head_sex == Sex.MALE.value else Sex.MALE.value
            spouse_rel = Relationship.WIFE if head_sex == Sex.MALE.value else Relationship.HUSBAND
            spouse_age = self._spouse_age(age)
            members.append(self._foreigner(spouse_rel, spouse_sex, spouse_age, family=family))
            if kind == "family":
                mother_age = spouse_age if head_sex == Sex.MALE.value else age
                for _ in range(self._child_count()):
                    child_age = mother_age - rng.randint(20, 40)
                    if child_age >= 0:
                        sex = Sex.MALE.value if rng.random() < 0.5 else Sex.FEMALE.value
                        members.append(
                            self._foreigner(Relationship.CHILD, sex, child_age, family=family)
                        )
        return members

    def _foreigner(
        self,
        relationship: Relationship,
        sex: str,
        age: int,
        *,
        family: tuple[Nationality, ForeignName, foreigners.Status],
    ) -> _Member:
        nationality, surname, status = family
        given = self.rng.choice(self.foreign_names[(nationality.value, "G")])
        dob = self._dob(age)
        member = _Member(
            relationship,
            sex,
            dob,
            Name(surname.latin, surname.kana),
            Name(given.latin, given.kana),
            foreign=(nationality, surname, given, status),
        )
        if status.residence_status is None and self.rng.random() < 0.6:
            # Many 特別永住者 use a Japanese 通称 in daily life.
            alias_surname = self.surnames.draw(self.rng)
            member.alias = (alias_surname, self._given(sex, dob))
        return member

    # ------------------------------------------------------------------ addresses and dates
    def _address(self) -> _Address:
        rng = self.rng
        town = self.towns.draw(rng)
        chome = 1 + self._below(town.chome) if town.chome else 0
        address = PREFECTURE_CITY + town.name
        if chome:
            address += KANJI_NUMERALS[chome] + "丁目"
        if town.residential_numbering:
            lot = f"{fw(1 + self._below(30))}番{fw(1 + self._below(40))}号"
        else:
            lot = f"{fw(1 + self._below(1500))}番地"
            if rng.random() < 0.3:
                lot += f"の{fw(1 + self._below(20))}"
        katagaki_kanji = katagaki_kana = None
        full = address + lot
        return _Address(town, address, lot, katagaki_kanji, katagaki_kana, full, 0, "")

    def _with_katagaki(self, place: _Address, rate: float) -> _Address:
        rng = self.rng
        if rng.random() < rate:
            building = rng.choice(self.buildings)
            room = fw((1 + self._below(5)) * 100 + 1 + self._below(10))
            place.katagaki_kanji = f"{building.name}{room}号室"
            place.katagaki_kana = f"{building.kana}{room}ゴウシツ"
            place.full = f"{place.address}{place.lot}{NAME_SPACE}{place.katagaki_kanji}"
        # 番地 and room numbers are digits, so only the town and building names can hold 外字.
        place.gaiji = gaiji_count(place.town.name) + (
            gaiji_count(place.katagaki_kanji) if place.katagaki_kanji else 0
        )
        place.key = address_key(place.full)
        return place

    def _origin_address(self) -> tuple[str, str]:
        rng = self.rng
        code, city = self.origins.draw(rng)
        town = rng.choice(self.origin_towns)
        block = f"{fw(1 + self._below(9))}丁目{fw(1 + self._below(30))}番"
        return code, f"{city}{town}{block}{fw(1 + self._below(30))}号"

    def _between(self, low: int, high: int) -> int:
        """A day ordinal in [low, high] (low when the range is empty)."""
        return low if high <= low else low + self._below(high - low + 1)

    def _settle(self, members: list[_Member], foreign: bool) -> _Address:
        """Entry, in-city move and removal dates of a household; returns its address."""
        rng = self.rng
        today = self.today
        head = members[0]
        native = (
            not foreign or head.foreign is None or head.foreign[3].residence_status is None
        ) and (rng.random() < NATIVE_HOUSEHOLD_RATE)
        origin: tuple[str, str] | None = None
        arrival = self._between(max(head.dob + int(18 * _YEAR), today - int(45 * _YEAR)), today - 1)
        if foreign:
            from_abroad = rng.random() < 0.6
            move_in = (
                ChangeReason.MOVE_IN_FROM_ABROAD.value
                if from_abroad
                else ChangeReason.MOVE_IN.value
            )
        else:
            from_abroad = False
            move_in = ChangeReason.MOVE_IN.value
        for member in members:
            if native and member.relationship in (Relationship.WIFE, Relationship.HUSBAND):
                low = max(member.dob, head.dob) + int(20 * _YEAR)
                member.entry_date = self._between(min(low, today - 1), today - 1)
                member.entry_reason = ChangeReason.MOVE_IN.value
                member.prev_municipality, member.previous_address = self._origin_address()
            elif native or member.dob >= arrival:
                member.entry_date = member.dob
                member.entry_reason = ChangeReason.BIRTH.value
            else:
                member.entry_date = arrival
                member.entry_reason = move_in
                if not from_abroad:
                    if origin is None:
                        origin = self._origin_address()
                    member.prev_municipality, member.previous_address = origin
            member.established_date = member.entry_date
            member.change_reason = member.entry_reason
        place = self._address()
        latest_entry = max(member.entry_date for member in members)
        if latest_entry < today - 30 and rng.random() < IN_CITY_MOVE_RATE:
            moved = self._between(latest_entry + 1, today - 1)
            before = self._address()
            for member in members:
                if member.entry_date < moved:
                    member.established_date = moved
                    member.change_reason = ChangeReason.MOVE_WITHIN.value
                    member.previous_address = before.address + before.lot
                    member.prev_municipality = MUNICIPALITY_CODE
        latest = max(member.established_date for member in members)
        if latest < today - 30 and rng.random() < MOVE_OUT_HOUSEHOLD_RATE:
            left = self._between(max(latest + 1, today - int(5 * _YEAR)), today - 1)
            for member in members:
                member.removal = RemovalReason.MOVED_OUT
                member.removal_date = left
        else:
            self._deaths(members)
        rate = 0.6 if len(members) == 1 else 0.25
        return self._with_katagaki(place, rate)

    def _deaths(self, members: list[_Member]) -> None:
        rng = self.rng
        today = self.today
        alone = len(members) == 1
        for member in members:
            if member.relationship is Relationship.HEAD and not alone:
                continue  # a head's death would make another member head; not modelled
            age = (today - member.dob) / _YEAR
            if age < 60:
                continue
            if rng.random() < 0.012 + (age - 60) * 0.0025:
                low = max(member.established_date + 1, today - int(5 * _YEAR))
                if low < today:
                    member.removal = RemovalReason.DEATH
                    member.removal_date = self._between(low, today - 1)

    # ------------------------------------------------------------------ rows
    def fill(self, start: int, stop: int) -> None:
        """Generate households until people ``start`` .. ``stop - 1`` all exist."""
        rng = self.rng
        index = start
        while index < stop:
            foreign = rng.random() < FOREIGN_HOUSEHOLD_RATE
            members = self._foreign_household() if foreign else self._japanese_household()
            del members[stop - index :]
            place = self._settle(members, foreign)
            self._emit(index, members, place)
            index += len(members)

    def _emit(self, first_index: int, members: list[_Member], place: _Address) -> None:
        chunk = self.chunk
        today = self.today
        seeded_at = self.seeded_at
        household_id = first_index + 1
        head = members[0]
        head_kanji = head.surname.kanji + NAME_SPACE + head.given.kanji
        head_kana = head.surname.kana + NAME_SPACE + head.given.kana
        juxtaposed_kanji = juxtaposed_kana = None
        if head.foreign is not None:
            head_kanji = f"{head.surname.kanji} {head.given.kanji}"
            juxtaposed_kanji, juxtaposed_kana = _juxtaposed(head.foreign[1], head.foreign[2])
        chunk.households.append(
            (
                household_id,
                f"{household_id:010d}",
                head_kana,
                head_kanji,
                juxtaposed_kana,
                juxtaposed_kanji,
                seeded_at,
                seeded_at,
            )
        )
        town = place.town
        address_code = f"{town.code}{0:02d}"
        for order, member in enumerate(members, start=1):
            index = first_index + order - 1
            resident_id = index + 1
            resident_code = self.ids.resident_code_of(index)
            my_number = self.ids.my_number_of(index)
            if member.foreign is None:
                name_kanji = member.surname.kanji + NAME_SPACE + member.given.kanji
                category = ResidentCategory.JAPANESE
            else:
                name_kanji = f"{member.surname.kanji} {member.given.kanji}"
                category = ResidentCategory.FOREIGN
            name_kana = member.surname.kana + NAME_SPACE + member.given.kana
            removed = member.removal is not None
            if removed:
                category = category.removed()
            relationship_code, relationship_name = _REL[member.relationship]
            dob = _day(member.dob)
            entry = _day(member.entry_date)
            established = _day(member.established_date)
            change_date = established
            change_reason = member.change_reason
            notified = _day(min(today, member.established_date + self._below(15)))
            removal_reason = removal_notified = removal_date = None
            if removed:
                assert member.removal is not None
                removal_reason = member.removal.value
                removal_date = _day(member.removal_date)
                if member.removal is RemovalReason.DEATH:
                    change_reason = ChangeReason.DEATH.value
                    removal_notified = _day(min(today, member.removal_date + self._below(8)))
                else:
                    change_reason = ChangeReason.MOVE_OUT.value
                    removal_notified = _day(member.removal_date - self._below(15))
            former = member.former_surname
            chunk.residents.append(
                (
                    resident_id,
                    MUNICIPALITY_CODE,
                    _stamp(member.entry_date),
                    seeded_at,
                    seeded_at,
                    TERMINAL_ID,
                    OPERATOR_ID,
                    category.value,
                    household_id,
                    resident_code,
                    member.surname.kana,
                    member.given.kana,
                    name_kana,
                    name_kanji,
                    address_code,
                    town.postal_code,
                    place.address,
                    place.lot,
                    place.katagaki_kana,
                    place.katagaki_kanji,
                    member.sex,
                    dob,
                    _era_flag(member.dob),
                    relationship_code,
                    relationship_name,
                    order,
                    member.previous_address,
                    change_reason,
                    removal_notified if removed else notified,
                    removal_date if removed else change_date,
                    member.entry_reason,
                    entry,
                    member.change_reason,
                    established,
                    removal_reason,
                    removal_notified,
                    removal_date,
                    my_number,
                    former.kana if former else None,
                    former.kanji if former else None,
                )
            )
            gaiji, seion, kana_k, kanji_k = _name_keys(name_kanji, name_kana)
            prev_gaiji = gaiji_count(member.previous_address) if member.previous_address else None
            identity = [
                resident_code,
                name_kanji,
                gaiji,
                name_kana,
                seion,
                dob,
                member.sex,
                MUNICIPALITY_CODE,
                town.postal_code,
                place.full,
                place.gaiji,
                my_number,
                entry,
                established,
                notified,
                member.prev_municipality,
                member.previous_address,
                prev_gaiji,
                relationship_name,
                member.change_reason,
                change_date,
                OPERATOR_ID,
                TERMINAL_ID,
                1,
                gaiji > 0 or place.gaiji > 0,
                RECORD_STATUS_CURRENT,
                _stamp(member.established_date),
                not removed,
                kana_k,
                kanji_k,
                place.key,
            ]
            chunk.identity_records.append(tuple(identity))
            if removed:
                assert removal_date is not None and removal_notified is not None
                identity[14] = removal_notified
                identity[19] = change_reason
                identity[20] = removal_date
                identity[23] = 2
                identity[25] = RECORD_STATUS_REMOVED
                identity[26] = _stamp(member.removal_date)
                identity[27] = True
                chunk.identity_records.append(tuple(identity))
            if member.foreign is not None:
                self._emit_foreign(resident_id, member, entry, notified)

    def _emit_foreign(
        self, resident_id: int, member: _Member, entry: dt.date, notified: dt.date
    ) -> None:
        assert member.foreign is not None
        nationality, surname, given, status = member.foreign
        rng = self.rng
        juxtaposed_kanji, juxtaposed_kana = _juxtaposed(surname, given)
        alias_kanji = alias_kana = None
        if member.alias is not None:
            alias_kanji = member.alias[0].kanji + NAME_SPACE + member.alias[1].kanji
            alias_kana = member.alias[0].kana + NAME_SPACE + member.alias[1].kana
        residence_status = status.residence_status
        years = months = None
        expiry = None
        if residence_status is None:
            card_type = foreigners.CARD_TYPE_SPECIAL_PERMANENT
        else:
            card_type = foreigners.CARD_TYPE_RESIDENCE_CARD
            years, months, expiry = foreigners.stay(rng, residence_status, _day(self.today))
        # 7919 is prime and coprime to 10**8, so distinct residents get distinct digits.
        serial = (resident_id * 7919 + self.seed) % 100_000_000
        self.chunk.foreign_residents.append(
            (
                resident_id,
                alias_kana,
                alias_kanji,
                juxtaposed_kana,
                juxtaposed_kanji,
                notified,
                entry,
                foreigners.card_number(rng, serial),
                card_type,
                nationality.value,
                nationality.label,
                status.category.value,
                status.category.label,
                residence_status.value if residence_status else None,
                residence_status.label if residence_status else None,
                years,
                months,
                0 if residence_status else None,
                expiry,
            )
        )


def _juxtaposed(surname: ForeignName, given: ForeignName) -> tuple[str | None, str | None]:
    """The 併記名 (kanji form and its reading) when both name parts have a kanji form."""
    if surname.kanji and given.kanji:
        return surname.kanji + NAME_SPACE + given.kanji, surname.kana + NAME_SPACE + given.kana
    return None, None
