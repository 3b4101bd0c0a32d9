"""The generator: deterministic, the right size, and sane distributions."""

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

import pytest

from shulin_cli.generator import (
    CommunityPlan,
    generate_community,
    kept_start_date,
    plan_digest,
    plan_to_json,
    preset,
    start_date_for,
)
from shulin_cli.generator.activities import CHINA
from shulin_cli.generator.parameters import DEFAULT_START_DATE
from shulin_cli.generator.vocabulary import INTEREST_NAMES, SKILL_NAMES


@cache
def demo(seed: int = 7) -> CommunityPlan:
    return generate_community(preset("demo"), seed)


def test_same_seed_gives_an_identical_plan() -> None:
    again = generate_community(preset("demo"), 7)
    assert plan_digest(again) == plan_digest(demo(7))


def test_different_seeds_give_different_plans() -> None:
    assert plan_digest(demo(8)) != plan_digest(demo(7))


def test_ids_are_stable_and_unique_per_plan() -> None:
    plan = demo()
    assert plan.residents[0].id == "demo7-resident-000001"
    every_id = [
        item.id
        for items in (plan.buildings, plan.households, plan.residents, plan.activities)
        for item in items
    ]
    assert len(every_id) == len(set(every_id))


def test_start_date_shifts_the_year_of_activity() -> None:
    later = generate_community(preset("tiny"), 1, start_date=date(2026, 3, 1))
    assert min(a.starts_at.date() for a in later.activities) >= date(2026, 3, 1)


def test_start_date_for_leaves_the_last_two_weeks_to_come() -> None:
    today = date(2026, 11, 23)
    start = start_date_for(today, preset("bench"))
    assert start == date(2025, 12, 7)
    plan = generate_community(preset("demo"), 7, start_date=start)
    now = datetime.combine(today, time(0), CHINA)
    assert max(a.starts_at.date() for a in plan.activities) <= date(2026, 12, 6)
    assert any(a.starts_at >= now and a.registered for a in plan.activities)


def test_the_demo_has_weeks_of_activities_to_come_on_the_day_it_is_first_loaded(
    tmp_path: Path,
) -> None:
    today = date(2026, 11, 23)
    params = preset("demo")
    start = kept_start_date(tmp_path, "demo7", params, today)
    assert start == date(2026, 1, 22)  # 365 days, the last 60 from today on
    plan = generate_community(params, 7, start_date=start)
    now = datetime.combine(today, time(0), CHINA)
    upcoming = [a for a in plan.activities if a.starts_at >= now and a.registered]
    assert len(upcoming) >= 12
    in_a_month = [a for a in upcoming if a.starts_at >= now + timedelta(days=30)]
    assert len(in_a_month) >= 5  # started again a month later, the demo still has some
    assert kept_start_date(tmp_path, "demo7", params, date(2027, 1, 5)) == start  # kept


def test_start_date_for_refuses_more_days_ahead_than_planned() -> None:
    with pytest.raises(ValueError, match="ahead_days"):
        start_date_for(date(2026, 11, 23), replace(preset("tiny"), days=10, ahead_days=11))


def test_demo_size_holds() -> None:
    plan = demo()
    assert 1800 <= len(plan.residents) <= 2200
    assert len(plan.buildings) == 20


@pytest.mark.parametrize("seed", [1, 2])
def test_bench_size_holds(seed: int) -> None:
    plan = generate_community(preset("bench"), seed)
    assert 18_000 <= len(plan.residents) <= 22_000
    assert 180 <= len(plan.buildings) <= 220
    assert len(plan.activities) >= 1000


def test_buildings_have_realistic_floors_and_units() -> None:
    for building in demo().buildings:
        assert 6 <= building.floors <= 33
        assert 1 <= building.units <= 4


def test_plan_serialises_to_json() -> None:
    assert '"display_name"' in plan_to_json(demo())


def test_age_structure_has_many_retirees() -> None:
    plan = demo()
    ages = [plan.start_date.year - r.birth_year for r in plan.residents]
    share_60_plus = sum(age >= 60 for age in ages) / len(ages)
    assert 0.15 <= share_60_plus <= 0.4
    assert sum(r.retired for r in plan.residents) > 0.1 * len(plan.residents)


def test_some_elderly_live_alone() -> None:
    plan = demo()
    alone = [r for r in plan.residents if r.elderly_living_alone]
    share = len(alone) / len(plan.households)
    assert 0.04 <= share <= 0.2
    assert all(plan.start_date.year - r.birth_year >= 60 for r in alone)


def test_household_sizes_average_like_a_chinese_city() -> None:
    plan = demo()
    assert 2.2 <= len(plan.residents) / len(plan.households) <= 3.4


def test_about_nine_in_ten_adults_may_be_recommended_and_no_child_is() -> None:
    plan = demo()
    year = plan.start_date.year
    adults = [r for r in plan.residents if year - r.birth_year >= 18]
    assert 0.85 <= sum(r.may_be_recommended for r in adults) / len(adults) <= 0.95
    assert not any(r.may_be_recommended for r in plan.residents if year - r.birth_year < 14)


def test_every_building_has_a_head() -> None:
    plan = demo()
    with_head = {r.building_id for r in plan.residents if "building_head" in r.roles}
    assert with_head == {b.id for b in plan.buildings}


def test_a_few_operators_and_some_volunteers() -> None:
    roles = Counter(role for r in demo().residents for role in r.roles)
    assert 2 <= roles["community_operator"] <= 30
    assert roles["volunteer"] >= 50


def test_newcomers_speak_their_dialects() -> None:
    languages = Counter(lang for r in demo().residents for lang in r.languages)
    assert languages["粤语"] > 0 and languages["普通话"] > 0
    assert sum(languages[d] for d in ("湖北话", "四川话", "潮汕话", "客家话", "湖南话")) > 50


def test_names_use_common_surnames_most() -> None:
    first_chars = Counter(r.display_name[0] for r in demo().residents)
    assert {name for name, _ in first_chars.most_common(6)} & {"王", "李", "张", "陈", "刘"}


def test_skills_and_interests_use_the_vocabulary() -> None:
    for resident in demo().residents:
        assert all(s.tag in SKILL_NAMES and 1 <= s.level <= 5 for s in resident.skills)
        assert all(tag in INTEREST_NAMES for tag in resident.interests)


def test_interests_follow_age() -> None:
    plan = demo()
    year = plan.start_date.year
    elders = [r for r in plan.residents if year - r.birth_year >= 60]
    young = [r for r in plan.residents if 18 <= year - r.birth_year < 40]

    def share(group: list, tag: str) -> float:  # type: ignore[type-arg]
        return sum(tag in r.interests for r in group) / len(group)

    assert share(elders, "tai_chi") > 3 * share(young, "tai_chi")
    assert share(young, "badminton") > 3 * share(elders, "badminton")


def test_retired_professionals_have_higher_skill_levels_than_young_ones() -> None:
    plan = demo()
    year = plan.start_date.year
    levels: dict[bool, list[int]] = defaultdict(list)
    for r in plan.residents:
        for skill in r.skills:
            if skill.tag in ("teacher", "doctor", "nurse", "lawyer"):
                levels[year - r.birth_year >= 55].append(skill.level)
    assert sum(levels[True]) / len(levels[True]) > sum(levels[False]) / len(levels[False])


def test_attendance_correlates_with_interests() -> None:
    plan = demo()
    by_id = {r.id: r for r in plan.residents}
    fans_among_attendees = attendees = 0
    fans_overall = sum(1 for r in plan.residents if r.interests)
    for activity in plan.activities:
        tags = set(activity.tags) & set(INTEREST_NAMES)
        if not tags:
            continue
        for rid in activity.checked_in:
            attendees += 1
            fans_among_attendees += bool(tags & set(by_id[rid].interests))
    tag_share = fans_among_attendees / attendees
    # The chance a random resident shares one particular interest is far lower.
    assert tag_share > 0.4
    assert fans_overall > 0


def test_building_scoped_activities_draw_from_their_building() -> None:
    plan = demo()
    by_id = {r.id: r for r in plan.residents}
    scoped = [a for a in plan.activities if a.building_ids]
    assert scoped
    for activity in scoped:
        assert all(by_id[rid].building_id in activity.building_ids for rid in activity.registered)


def test_check_ins_are_registered_and_within_capacity() -> None:
    for activity in demo().activities:
        assert set(activity.checked_in) <= set(activity.registered)
        if activity.capacity is not None:
            assert len(activity.registered) <= activity.capacity


def test_acquaintances_come_from_floors_activities_and_groups() -> None:
    plan = demo()
    contexts = Counter(a.context.split(":")[0] for a in plan.acquaintances)
    assert contexts["floor"] > 0 and contexts["activity"] > 0 and contexts["group"] > 0
    pairs = {frozenset((a.from_resident_id, a.to_resident_id)) for a in plan.acquaintances}
    assert len(pairs) == len(plan.acquaintances)
    assert 0.6 <= sum(a.confirmed for a in plan.acquaintances) / len(plan.acquaintances) <= 0.95


def test_exchanges_match_requests_with_skilled_helpers() -> None:
    plan = demo()
    by_id = {r.id: r for r in plan.residents}
    assert plan.exchanges
    for exchange in plan.exchanges:
        helper_skills = {s.tag for s in by_id[exchange.helper_id].skills}
        assert set(exchange.skill_tags) <= helper_skills
        assert exchange.helper_id != exchange.helped_id


def test_points_reward_exchanges_volunteering_and_wishes() -> None:
    reasons = Counter(entry.reason for entry in demo().points)
    assert reasons["exchange"] and reasons["volunteer_hours"] and reasons["wish_fulfilled"]


def test_wishes_come_from_residents_in_need() -> None:
    plan = demo()
    by_id = {r.id: r for r in plan.residents}
    for wish in plan.wishes:
        poster = by_id[wish.resident_id]
        assert poster.elderly_living_alone or poster.needs_care
        assert wish.claimant_id is not None or not wish.fulfilled


def test_groups_include_neighbour_associations() -> None:
    kinds = Counter(group.kind for group in demo().groups)
    assert kinds["neighbour_association"] == len(demo().compounds)
    assert kinds["interest_group"] >= 5


def test_a_loaded_plan_keeps_its_start_date_so_a_later_load_resumes_the_same_plan(
    tmp_path: Path,
) -> None:
    monday = date(2026, 11, 23)
    bench = preset("bench")  # 365 days, the last 14 to come
    first = kept_start_date(tmp_path, "bench7", bench, monday)
    assert first == start_date_for(monday, bench) and first + timedelta(days=365 - 14) == monday
    assert kept_start_date(tmp_path, "bench7", bench, monday + timedelta(days=9)) == first
    # a plan loaded before start dates were kept began on the old fixed date
    (tmp_path / "load-demo8.json").write_text("{}")
    assert kept_start_date(tmp_path, "demo8", preset("demo"), monday) == DEFAULT_START_DATE
