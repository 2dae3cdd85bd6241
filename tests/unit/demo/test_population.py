"""The demo population generator: determinism, identifiers, households, names, removals."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from functools import cache

import pytest

from app.demo.population import (
    FOREIGN_COLUMNS,
    IDENTITY_COLUMNS,
    RESIDENT_COLUMNS,
    AffinePermutation,
    PopulationChunk,
    generate,
)
from app.domain.codes import (
    ChangeReason,
    ForeignResidentCategory,
    Relationship,
    RemovalReason,
    ResidentCategory,
)
from app.domain.identifiers import CheckDigitStatus, is_valid_my_number, resident_code_status

R = {name: i for i, name in enumerate(RESIDENT_COLUMNS)}
ID = {name: i for i, name in enumerate(IDENTITY_COLUMNS)}
F = {name: i for i, name in enumerate(FOREIGN_COLUMNS)}


def _merged(residents: int, seed: int) -> PopulationChunk:
    merged = PopulationChunk()
    for chunk in generate(residents, seed):
        merged.households.extend(chunk.households)
        merged.residents.extend(chunk.residents)
        merged.foreign_residents.extend(chunk.foreign_residents)
        merged.identity_records.extend(chunk.identity_records)
    return merged


@cache
def population_5000() -> PopulationChunk:
    """One shared N=5000 population (generated once per test session)."""
    return _merged(5000, 7)


def _digest(population: PopulationChunk) -> str:
    digest = hashlib.sha256()
    for table in (
        population.households,
        population.residents,
        population.foreign_residents,
        population.identity_records,
    ):
        for row in table:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _is_jis_x_0208(text: str) -> bool:
    try:
        text.encode("iso2022_jp")
    except UnicodeEncodeError:
        return False
    return True


def test_same_size_and_seed_give_identical_rows() -> None:
    assert _digest(_merged(1500, 3)) == _digest(_merged(1500, 3))


def test_another_seed_gives_other_rows() -> None:
    assert _digest(_merged(1500, 3)) != _digest(_merged(1500, 4))


def test_exactly_the_requested_number_of_residents() -> None:
    population = population_5000()
    assert len(population.residents) == 5000
    assert [row[R["id"]] for row in population.residents] == list(range(1, 5001))


def test_identifiers_are_valid_and_unique() -> None:
    rows = population_5000().residents
    my_numbers = [row[R["my_number"]] for row in rows]
    codes = [row[R["resident_code"]] for row in rows]
    assert len(set(my_numbers)) == len(rows)
    assert len(set(codes)) == len(rows)
    assert all(isinstance(n, str) and is_valid_my_number(n) for n in my_numbers)
    assert all(resident_code_status(str(c)) is CheckDigitStatus.OK for c in codes)


def test_affine_permutation_is_a_bijection_on_a_small_modulus() -> None:
    import random

    permutation = AffinePermutation.seeded(random.Random(1), 1000, 5000)
    images = {permutation(i) for i in range(1000)}
    assert images == set(range(5000, 6000))


def test_each_household_has_one_head_first_and_consistent_relationships() -> None:
    members: defaultdict[object, list[tuple[object, ...]]] = defaultdict(list)
    for row in population_5000().residents:
        members[row[R["household_id"]]].append(row)
    household_ids = {row[0] for row in population_5000().households}
    assert set(members) == household_ids
    for rows in members.values():
        relations = [Relationship(row[R["relationship_code"]]) for row in rows]
        assert relations.count(Relationship.HEAD) == 1
        assert relations[0] is Relationship.HEAD
        assert [row[R["entry_order"]] for row in rows] == list(range(1, len(rows) + 1))
        assert sum(rel.is_spouse for rel in relations) <= 1
        head_sex = rows[0][R["sex_code"]]
        for row, rel in zip(rows, relations, strict=True):
            assert row[R["relationship_name"]] == rel.label
            if rel.is_spouse:
                assert row[R["sex_code"]] != head_sex
            if rel is Relationship.CHILD:
                assert row[R["date_of_birth"]] > rows[0][R["date_of_birth"]] or any(
                    r.is_spouse for r in relations
                )


def test_household_size_and_age_pyramid_are_plausible() -> None:
    population = population_5000()
    size = len(population.residents) / len(population.households)
    assert 2.0 <= size <= 2.5
    today = dt.date(2026, 4, 1)
    ages = [(today - row[R["date_of_birth"]]).days // 365 for row in population.residents]
    assert min(ages) >= 0
    assert max(ages) <= 106
    elderly = sum(age >= 65 for age in ages) / len(ages)
    children = sum(age < 15 for age in ages) / len(ages)
    assert 0.2 <= elderly <= 0.4
    assert 0.06 <= children <= 0.18


def test_names_include_variant_kanji_and_characters_outside_jis_x_0208() -> None:
    names = [str(row[R["name_kanji"]]) for row in population_5000().residents]
    outside = [name for name in names if not _is_jis_x_0208(name)]
    assert outside, "expected some names with characters outside JIS X 0208"
    assert len(outside) < len(names) * 0.03
    variants = ("邊", "邉", "齋", "齊", "髙", "﨑", "\U00020bb7", "濵")
    assert any(any(v in name for v in variants) for name in names)
    gaiji = {
        row[ID["name_kanji"]]: row[ID["name_gaiji_count"]]
        for row in population_5000().identity_records
    }
    assert all(gaiji[name] > 0 for name in outside)


def test_removed_persons_include_deaths_and_move_outs_with_history() -> None:
    population = population_5000()
    reasons = Counter(row[R["removal_reason_code"]] for row in population.residents)
    removed = sum(count for code, count in reasons.items() if code is not None)
    assert reasons[RemovalReason.DEATH.value] > 0
    assert reasons[RemovalReason.MOVED_OUT.value] > 0
    assert 0.02 <= removed / len(population.residents) <= 0.07
    history: defaultdict[object, list[tuple[object, ...]]] = defaultdict(list)
    for row in population.identity_records:
        history[row[ID["resident_code"]]].append(row)
    for row in population.residents:
        versions = history[row[R["resident_code"]]]
        current = [v for v in versions if v[ID["is_current"]]]
        assert len(current) == 1
        category = ResidentCategory(row[R["resident_category"]])
        if row[R["removal_reason_code"]] is None:
            assert category.is_current
            assert len(versions) == 1
            assert current[0][ID["update_seq"]] == 1
            assert current[0][ID["record_status"]] == "0"
        else:
            assert not category.is_current
            assert [v[ID["update_seq"]] for v in versions] == [1, 2]
            assert current[0][ID["update_seq"]] == 2
            assert current[0][ID["record_status"]] == "1"
            expected = (
                ChangeReason.DEATH
                if row[R["removal_reason_code"]] == RemovalReason.DEATH.value
                else ChangeReason.MOVE_OUT
            )
            assert current[0][ID["change_reason_code"]] == expected.value
            assert row[R["removal_date"]] >= row[R["address_established_date"]]


def test_foreign_residents_have_their_items() -> None:
    population = population_5000()
    foreign_ids = {
        row[R["id"]]
        for row in population.residents
        if ResidentCategory(row[R["resident_category"]]).is_foreign
    }
    assert 0.005 <= len(foreign_ids) / len(population.residents) <= 0.03
    assert {row[F["resident_id"]] for row in population.foreign_residents} == foreign_ids
    for row in population.foreign_residents:
        card = str(row[F["residence_card_number"]])
        assert len(card) == 12
        assert card[:2].isalpha() and card[2:10].isdigit() and card[10:].isalpha()
        assert row[F["nationality_code"]] and row[F["nationality_name"]]
        category = ForeignResidentCategory(row[F["art30_45_category"]])
        assert row[F["art30_45_category_name"]] == category.label
        if category is ForeignResidentCategory.MID_LONG_TERM:
            assert row[F["residence_status_code"]] is not None
            assert row[F["stay_years"]] is not None


@pytest.mark.parametrize("column", ["search_kana_key", "search_kanji_key", "search_address_key"])
def test_identity_search_keys_are_filled(column: str) -> None:
    assert all(row[ID[column]] for row in population_5000().identity_records)
