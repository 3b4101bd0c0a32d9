"""Hand-built communities for the recommenders' unit tests (plain data, no servers)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from matching.recommend.snapshot import Activity, Group, Help, Person, Snapshot, TagInfo, pair

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)

SKILLS = {
    "nurse": TagInfo("nurse", "护士", "Nurse", ("护理师", "打针"), "量血压、换药、打针和健康指导"),
    "health_advice": TagInfo(
        "health_advice",
        "健康咨询",
        "Health advice",
        ("健康指导", "量血压"),
        "量血压、慢病管理、用药与保健的健康指导",
    ),
    "plumbing": TagInfo(
        "plumbing", "水电维修", "Plumbing", ("修水管", "电工"), "维修水管、水龙头和电路"
    ),
    "cooking": TagInfo(
        "cooking", "烹饪", "Cooking", ("做饭", "厨艺"), "做饭掌勺，为百家宴烹饪家常菜"
    ),
    "lawyer": TagInfo("lawyer", "律师", "Lawyer", ("法律",), "解答纠纷、合同和物业的法律问题"),
}
INTERESTS = {
    "tai_chi": TagInfo(
        "tai_chi", "太极", "Tai chi", ("太极拳", "晨练"), "清晨在广场练太极拳，强身健体"
    ),
    "square_dance": TagInfo(
        "square_dance", "广场舞", "Square dance", ("跳舞", "晨练"), "傍晚在广场跳舞，强身健体"
    ),
    "reading": TagInfo("reading", "读书会", "Reading club", ("读书", "阅读"), "一起读书、分享好书"),
    "badminton": TagInfo("badminton", "羽毛球", "Badminton", ("打球",), "周末打羽毛球比赛"),
}


def person(pid: str, building: str = "b1", **kw: object) -> Person:
    return Person(**{"id": pid, "building_id": building, "compound_id": "cp1"} | kw)  # type: ignore[arg-type]


def snapshot(
    people: list[Person], ties: dict[tuple[str, str], float] | None = None, **kw: object
) -> Snapshot:
    return Snapshot(
        community_id="c1",
        now=NOW,
        people={p.id: p for p in people},
        ties={pair(a, b): w for (a, b), w in (ties or {}).items()},
        skills=SKILLS,
        interests=INTERESTS,
        **kw,  # type: ignore[arg-type]
    )


def group(gid: str, tags: tuple[str, ...], members: set[str], **kw: object) -> Group:
    return Group(id=gid, name=gid, tags=tags, members=frozenset(members), **kw)  # type: ignore[arg-type]


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def activity(aid: str, tags: tuple[str, ...], days_ahead: float, **kw: object) -> Activity:
    return Activity(id=aid, title=aid, tags=tags, starts_at=NOW + timedelta(days=days_ahead), **kw)  # type: ignore[arg-type]


def helped(helper: str, helped_id: str, days: float, rating: float | None = 5) -> Help:
    return Help(helper, helped_id, 1, rating, ago(days))


@pytest.fixture
def rw() -> SimpleNamespace:
    """The builders above, for tests (pytest's importlib mode does not import conftest)."""
    return SimpleNamespace(
        NOW=NOW,
        person=person,
        snapshot=snapshot,
        group=group,
        ago=ago,
        activity=activity,
        helped=helped,
    )
