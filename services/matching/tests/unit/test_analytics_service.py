"""Analytics use cases against a fake of our own facts reader: tables, time, privacy, errors."""

from datetime import UTC, date, datetime

import pytest

from matching.analytics.model import (
    BuildingInfo,
    CommunityFacts,
    ExchangeFacts,
    Level,
    ResidentFacts,
    TieFacts,
    WishFacts,
)
from matching.analytics.service import AnalyticsService, Scope
from matching.analytics.suppression import SUBGROUP_TOO_SMALL, UNIT_TOO_SMALL
from matching.analytics.windows import monthly_windows, window
from shulin_kit.errors import InvalidInput, NotFound

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def ms(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, 12, tzinfo=UTC).timestamp() * 1000)


JAN, FEB, MAR = date(2024, 1, 10), date(2024, 2, 10), date(2024, 3, 10)


def facts(attended: dict[str, frozenset[int]] | None = None) -> CommunityFacts:
    """b1: 10 residents (6 ties in Jan, 3 more in Feb; r9 joins in Mar), b2: 3 residents."""
    b1 = [f"a{i}" for i in range(10)]
    b2 = ["z0", "z1", "z2"]
    residents = [
        ResidentFacts(r, "b1", ms(JAN), elderly_living_alone=r in {"a7", "a8"}) for r in b1[:9]
    ]
    residents += [ResidentFacts("a9", "b1", ms(MAR), elderly_living_alone=True)]
    residents += [ResidentFacts(r, "b2", None) for r in b2]
    jan = [("a0", "a1"), ("a1", "a2"), ("a0", "a2"), ("a3", "a4"), ("a4", "a5"), ("a0", "z0")]
    feb = [("a5", "a6"), ("a6", "a3"), ("z1", "z2")]
    ties = [TieFacts(a, b, ms(JAN)) for a, b in jan] + [TieFacts(a, b, ms(FEB)) for a, b in feb]
    return CommunityFacts(
        community_id="c1",
        name="南湖社区",
        buildings=(
            BuildingInfo("b1", "1栋", "cp1", "金域蓝湾"),
            BuildingInfo("b2", "2栋", "cp1", "金域蓝湾"),
        ),
        residents=tuple(residents),
        ties=tuple(ties),
        exchanges=(ExchangeFacts("a0", "a1", 2.0, ms(FEB)),),
        wishes=(WishFacts("a3", ms(FEB)),),
        attended=attended or {},
    )


class FakeFacts:
    def __init__(self, f: CommunityFacts) -> None:
        self.f = f
        self.windows: list[tuple[datetime, datetime]] = []

    async def community_facts(
        self, community_id: str, windows: list[tuple[datetime, datetime]]
    ) -> CommunityFacts | None:
        self.windows = windows
        return self.f if community_id == self.f.community_id else None

    async def building_communities(self, building_ids: list[str]) -> dict[str, str | None]:
        return {b: "c-other" for b in building_ids if b.startswith("other")}

    async def programme_start(self, community_id: str, programme: str) -> int | None:
        return ms(FEB) if programme == "百家宴" else None


def service(f: CommunityFacts | None = None) -> AnalyticsService:
    return AnalyticsService(FakeFacts(f or facts()), now=lambda: datetime(2024, 3, 20, tzinfo=UTC))


async def test_per_building_table_reconstructs_the_past_from_tie_times() -> None:
    jan, feb, mar = monthly_windows(date(2024, 1, 1), 3)
    tables = await service().trend("c1", [jan, feb, mar], Scope())
    b1 = [t.rows[0] for t in tables]
    assert [r.residents.value for r in b1] == [9, 9, 10]  # a9 registered in March
    assert [r.ties.value for r in b1] == [5, 7, 7]
    assert b1[0].density.value == pytest.approx(5 / 36)
    assert b1[2].density.value == pytest.approx(7 / 45)
    # isolates: a7, a8 (+ a9 in March); all three elderly alone, so the count of 2-3 is suppressed
    assert b1[0].isolated_elderly_alone.reason == SUBGROUP_TOO_SMALL
    assert b1[0].isolates.suppressed
    assert b1[0].cross_building_ties.value == 1


async def test_a_building_under_five_residents_has_every_cell_suppressed() -> None:
    table = await service().network("c1", window(date(2024, 2, 1), date(2024, 2, 29)), Scope())
    b2 = table.rows[1]
    assert b2.name == "2栋"
    for name in ("residents", "ties", "density", "clustering", "bridging", "participation_rate"):
        assert b2.figure(name).suppressed and b2.figure(name).value is None
        assert b2.figure(name).reason == UNIT_TOO_SMALL


async def test_activity_counts_describe_too_few_residents_so_they_are_suppressed() -> None:
    table = await service().network("c1", window(date(2024, 2, 1), date(2024, 2, 29)), Scope())
    b1 = table.rows[0]
    assert b1.volunteer_hours.suppressed and b1.exchanges_completed.suppressed
    assert b1.wishes_fulfilled.suppressed


async def test_participation_counts_residents_who_attended_in_the_window() -> None:
    many = {f"a{i}": frozenset({0}) for i in range(6)} | {"a6": frozenset({1})}
    jan, feb = monthly_windows(date(2024, 1, 1), 2)
    tables = await service(facts(many)).trend("c1", [jan, feb], Scope())
    assert tables[0].rows[0].participants.value == 6
    assert tables[0].rows[0].participation_rate.value == pytest.approx(6 / 9)
    assert tables[1].rows[0].participation_rate.suppressed  # only one resident in February


async def test_compound_and_community_levels() -> None:
    w = window(date(2024, 2, 1), date(2024, 2, 29))
    compound = (await service().network("c1", w, Scope(Level.COMPOUND))).rows
    community = (await service().network("c1", w, Scope(Level.COMMUNITY))).rows
    assert [r.name for r in compound] == ["金域蓝湾"] and [r.name for r in community] == [
        "南湖社区"
    ]
    for row in (compound[0], community[0]):
        assert row.residents.value == 12 and row.ties.value == 9
        assert row.density.value == pytest.approx(9 / 66)
        assert row.bridging.value is None and not row.bridging.suppressed


async def test_before_and_after_a_programme() -> None:
    result = await service().before_after(
        "c1", Scope(), programme="百家宴", days_before=20, days_after=20
    )
    assert result.pivot == FEB
    b1 = result.rows[0]
    assert b1.before.ties.value == 5 and b1.after.ties.value == 7
    assert b1.change("density").value == pytest.approx(7 / 36 - 5 / 36)
    assert result.rows[1].change("density").suppressed


async def test_bridges_and_groups_state_their_freshness() -> None:
    svc = service()
    w = window(date(2024, 2, 1), date(2024, 2, 29))
    bridges = await svc.bridges("c1", w, 10)
    assert [r.building_id for r in bridges.rows] == ["b1", "b2"]
    assert bridges.rows[1].bridging.suppressed
    assert bridges.freshness.age_seconds >= 0
    groups = await svc.groups("c1", w)
    # three linked clusters of 4, 4 and 2 residents: all too small to be listed one by one
    assert groups.groups == [] and groups.small_groups == 3
    assert groups.residents_in_small_groups.value == 10
    assert groups.isolates.suppressed  # a7 and a8
    again = await svc.groups("c1", w)
    assert again.freshness.computed_at == groups.freshness.computed_at  # served from the cache


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        ({"community_id": "nope"}, NotFound, "communityId"),
        ({"scope": Scope(building_ids=("missing",))}, NotFound, "buildingIds"),
        ({"scope": Scope(building_ids=("other-b",))}, InvalidInput, "buildingIds"),
        ({"scope": Scope(compound_id="cp-x")}, NotFound, "compoundId"),
        ({"scope": Scope(Level.COMPOUND, building_ids=("b1",))}, InvalidInput, "buildingIds"),
    ],
)
async def test_bad_input_is_refused_with_the_field(
    call: dict[str, object], error: type[Exception], field: str
) -> None:
    args: dict[str, object] = {"community_id": "c1", "window": None, "scope": Scope()} | call
    with pytest.raises(error) as e:
        await service().network(**args)  # type: ignore[arg-type]
    assert e.value.field == field  # type: ignore[attr-defined]


async def test_unknown_programme_and_missing_pivot_are_refused() -> None:
    with pytest.raises(NotFound):
        await service().before_after("c1", Scope(), programme="跳蚤市场")
    with pytest.raises(InvalidInput):
        await service().before_after("c1", Scope())


async def test_nothing_in_an_answer_names_a_resident() -> None:
    svc = service()
    w = window(date(2024, 1, 1), date(2024, 3, 31))
    answers = [
        await svc.network("c1", w, Scope()),
        await svc.bridges("c1", w, 10),
        await svc.groups("c1", w),
        await svc.before_after("c1", Scope(), pivot=FEB),
    ]
    text = repr(answers)
    assert not any(f"'{r}'" in text for r in (*(f"a{i}" for i in range(10)), "z0", "z1", "z2"))


async def test_viewed_communities_are_kept_warm_by_the_scheduled_refresh() -> None:
    fake = FakeFacts(facts())
    svc = AnalyticsService(fake, ttl_seconds=600, now=lambda: datetime(2024, 3, 20, tzinfo=UTC))
    assert await svc.refresh_viewed() == 0  # nobody asked yet: nothing is computed
    first = await svc.network("c1", None, Scope(Level.BUILDING))

    assert await svc.refresh_viewed() == 1
    again = await svc.network("c1", None, Scope(Level.BUILDING))
    assert again.freshness.computed_at > first.freshness.computed_at  # replaced ahead of need
    assert again.rows == first.rows


async def test_an_unknown_community_stops_being_refreshed() -> None:
    fake = FakeFacts(facts())
    svc = AnalyticsService(fake, now=lambda: datetime(2024, 3, 20, tzinfo=UTC))
    with pytest.raises(NotFound):
        await svc.network("gone", None, Scope(Level.BUILDING))
    assert await svc.refresh_viewed() == 1
    assert await svc.refresh_viewed() == 0
