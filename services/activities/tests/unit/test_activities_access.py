"""Refusals: a resident acting for another, another community's token, a planner reading a
resident's data. Nothing is changed when a call is refused (docs/security.md)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from activities.domain.model import Activity, ActivityKind
from activities.entrypoints.schema import Context, schema
from shulin_kit.identity import Identity


class FakeContainer:
    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def uow(self, write: bool = False) -> Any:
        return self._uow


def who(sub: str, community: str, *roles: str, buildings: tuple[str, ...] = ()) -> Identity:
    return Identity(sub, community, frozenset(roles), frozenset(buildings))


RESIDENT = who("r-1", "c-1", "resident")
OPERATOR = who("op-1", "c-1", "operator")
PLANNER = who("p-1", "c-1", "planner")
OTHER_OPERATOR = who("op-2", "c-2", "operator")
HEAD_B1 = who("r-2", "c-1", "resident", "building_head", buildings=("b-1",))
HEAD_B2 = who("r-b2", "c-1", "resident", "building_head", buildings=("b-2",))


def run(uow: Any, identity: Identity, query: str, **variables: Any) -> Any:
    return schema.execute_sync(
        query, variable_values=variables, context_value=Context(FakeContainer(uow), identity)
    )


def code(result: Any) -> str:
    assert result.errors, result.data
    return str(result.errors[0].extensions["code"])


def an_activity(uow: Any, buildings: list[str] | None = None) -> str:
    uow.repo.add_activity(
        Activity(
            id="a-1",
            community_id="c-1",
            title="太极晨练",
            kind=ActivityKind.OTHER,
            starts_at=datetime.now(UTC) + timedelta(days=1),
            ends_at=datetime.now(UTC) + timedelta(days=1, hours=1),
            place="中心广场",
            building_ids=buildings or [],
        )
    )
    return "a-1"


REGISTER = """mutation($a: ID!, $r: ID!) {
  registerForActivity(input: {activityId: $a, residentId: $r}) { waitlisted }
}"""
ACTIVITY = "query($id: ID!) { activity(id: $id) { id title } }"
ATTENDEES = "query($id: ID!) { activity(id: $id) { attendees { edges { node { checkedInAt } } } } }"
REGISTRATIONS = (
    "query($id: ID!) { activity(id: $id) { registrations { edges { node { waitlisted } } } } }"
)
POINTS = (
    "query($r: ID!) { points(residentId: $r) { balance ledger { edges { node { amount } } } } }"
)
LEDGER = "query($c: ID!) { pointsLedger(communityId: $c) { edges { node { amount } } } }"
ACTIVITIES = "query($c: ID!) { activities(communityId: $c) { edges { node { id } } } }"


def test_a_resident_registers_themself_but_not_another_resident(uow: Any) -> None:
    activity = an_activity(uow)
    refused = run(uow, RESIDENT, REGISTER, a=activity, r="r-3")
    assert code(refused) == "FORBIDDEN"
    assert "无权操作" in refused.errors[0].message
    assert uow.repo.get_registration(activity, "r-3") is None
    done = run(uow, RESIDENT, REGISTER, a=activity, r="r-1")
    assert done.errors is None, done.errors
    assert run(uow, OPERATOR, REGISTER, a=activity, r="r-4").errors is None


def test_another_communitys_activity_looks_like_it_does_not_exist(uow: Any) -> None:
    activity = an_activity(uow)
    looked_up = run(uow, OTHER_OPERATOR, ACTIVITY, id=activity)
    assert looked_up.errors is None and looked_up.data == {"activity": None}
    assert code(run(uow, OTHER_OPERATOR, REGISTER, a=activity, r="r-other")) == "NOT_FOUND"
    assert code(run(uow, OTHER_OPERATOR, ACTIVITIES, c="c-1")) == "NOT_FOUND"
    cancel = "mutation($a: ID!) { cancelActivity(input: {activityId: $a}) { status } }"
    assert code(run(uow, OTHER_OPERATOR, cancel, a=activity)) == "NOT_FOUND"
    assert uow.repo.get_activity(activity).status.value == "SCHEDULED"


def test_a_planner_lists_activities_but_reads_no_attendees_registrations_or_ledger(
    uow: Any,
) -> None:
    activity = an_activity(uow)
    listed = run(uow, PLANNER, ACTIVITIES, c="c-1")
    assert listed.errors is None and listed.data["activities"]["edges"]
    assert code(run(uow, PLANNER, ATTENDEES, id=activity)) == "FORBIDDEN"
    assert code(run(uow, PLANNER, REGISTRATIONS, id=activity)) == "FORBIDDEN"
    assert code(run(uow, PLANNER, LEDGER, c="c-1")) == "FORBIDDEN"
    assert code(run(uow, PLANNER, POINTS, r="r-1")) == "FORBIDDEN"


def test_points_are_the_residents_own_or_staffs(uow: Any) -> None:
    assert run(uow, RESIDENT, POINTS, r="r-1").errors is None
    assert code(run(uow, RESIDENT, POINTS, r="r-3")) == "FORBIDDEN"
    assert run(uow, OPERATOR, POINTS, r="r-3").errors is None
    assert code(run(uow, OTHER_OPERATOR, POINTS, r="r-3")) == "NOT_FOUND"
    assert code(run(uow, RESIDENT, LEDGER, c="c-1")) == "FORBIDDEN"


def test_only_staff_create_activities_and_record_points(uow: Any) -> None:
    create = """mutation($c: ID!) { createActivity(input: {communityId: $c, title: "读书会",
      kind: READING_CLUB, startsAt: "2030-01-01T10:00:00+08:00",
      endsAt: "2030-01-01T11:00:00+08:00", place: "活动室"}) { id } }"""
    assert code(run(uow, RESIDENT, create, c="c-1")) == "FORBIDDEN"
    assert code(run(uow, PLANNER, create, c="c-1")) == "FORBIDDEN"
    assert code(run(uow, OTHER_OPERATOR, create, c="c-1")) == "NOT_FOUND"
    assert run(uow, OPERATOR, create, c="c-1").errors is None
    hours = """mutation($r: ID!) { recordVolunteerHours(input: {residentId: $r, hours: 2,
      note: "巡逻"}) { amount } }"""
    assert code(run(uow, RESIDENT, hours, r="r-1")) == "FORBIDDEN"
    assert code(run(uow, OTHER_OPERATOR, hours, r="r-1")) == "NOT_FOUND"
    assert run(uow, OPERATOR, hours, r="r-1").errors is None


def test_a_building_head_records_attendance_only_for_their_buildings_activities(
    uow: Any,
) -> None:
    activity = an_activity(uow, ["b-1"])
    attendance = """mutation($a: ID!) { recordAttendance(input: {activityId: $a,
      residentIds: ["r-5"]}) { id } }"""
    assert code(run(uow, HEAD_B2, attendance, a=activity)) == "FORBIDDEN"
    assert run(uow, HEAD_B1, ATTENDEES, id=activity).errors is None
    assert code(run(uow, HEAD_B2, ATTENDEES, id=activity)) == "FORBIDDEN"
    assert code(run(uow, RESIDENT, ATTENDEES, id=activity)) == "FORBIDDEN"


LIFE = """query($r: ID!) { _entities(representations: [{__typename: "Resident", id: $r}]) {
  ... on Resident { activities { id } groups { edges { node { id } } } } } }"""
POSTS = """query($r: ID!) { _entities(representations: [{__typename: "Resident", id: $r}]) {
  ... on Resident { listings { edges { node { id } } } wishes { edges { node { id } } } } } }"""


def test_where_a_resident_goes_is_theirs_their_building_heads_and_staffs(uow: Any) -> None:
    """Which activities and groups someone attends is not for their neighbours or other towns."""
    for allowed in (RESIDENT, OPERATOR, HEAD_B1):
        assert run(uow, allowed, LIFE, r="r-1").errors is None, allowed
    assert code(run(uow, HEAD_B2, LIFE, r="r-1")) == "FORBIDDEN"  # heads another building
    assert code(run(uow, who("r-3", "c-1", "resident"), LIFE, r="r-1")) == "FORBIDDEN"
    assert code(run(uow, PLANNER, LIFE, r="r-1")) == "FORBIDDEN"
    assert code(run(uow, OTHER_OPERATOR, LIFE, r="r-1")) == "NOT_FOUND"
    assert code(run(uow, RESIDENT, LIFE, r="someone-unknown")) == "FORBIDDEN"


def test_a_residents_posts_are_for_their_community_but_not_planners(uow: Any) -> None:
    """Requests, offers and wishes are on the community's boards anyway."""
    for allowed in (RESIDENT, who("r-3", "c-1", "resident"), OPERATOR, HEAD_B2):
        assert run(uow, allowed, POSTS, r="r-1").errors is None, allowed
    assert code(run(uow, PLANNER, POSTS, r="r-1")) == "FORBIDDEN"
    assert code(run(uow, OTHER_OPERATOR, POSTS, r="r-1")) == "NOT_FOUND"
