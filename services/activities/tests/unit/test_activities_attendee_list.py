"""Activity.attendees and Activity.registrations, run in-process over the fake unit of work."""

from datetime import UTC, datetime, timedelta
from typing import Any

from activities.domain.model import Activity, ActivityKind, CheckIn, Registration
from activities.entrypoints.schema import Context, schema
from shulin_kit.tokens import platform_admin

START = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
ATTENDEES = """
query($id: ID!, $first: Int!, $after: String) {
  activity(id: $id) {
    attendees(first: $first, after: $after) {
      edges { node { checkedInAt resident { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
REGISTRATIONS = """
query($id: ID!, $waitlisted: Boolean) {
  activity(id: $id) { registrations(waitlisted: $waitlisted) { edges { node { resident { id } } } } }
}
"""


class FakeContainer:
    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def uow(self, write: bool = False) -> Any:
        return self._uow


def run(uow: Any, query: str, **variables: Any) -> Any:
    result = schema.execute_sync(
        query,
        variable_values=variables,
        context_value=Context(FakeContainer(uow), platform_admin()),
    )
    assert result.errors is None, result.errors
    return result.data


def an_activity(uow: Any) -> str:
    activity = Activity(
        id="a-1",
        community_id="c-1",
        title="太极晨练",
        kind=ActivityKind.OTHER,
        starts_at=START,
        ends_at=START + timedelta(hours=1),
        place="中心广场",
    )
    uow.repo.add_activity(activity)
    return activity.id


def test_attendees_come_earliest_first_and_page_with_a_cursor(uow: Any) -> None:
    activity_id = an_activity(uow)
    for minutes, resident in ((5, "r-2"), (0, "r-7"), (5, "r-1")):
        uow.repo.add_check_in(CheckIn(activity_id, resident, START + timedelta(minutes=minutes)))

    first = run(uow, ATTENDEES, id=activity_id, first=2)["activity"]["attendees"]
    rest = run(uow, ATTENDEES, id=activity_id, first=2, after=first["pageInfo"]["endCursor"])

    residents = [e["node"]["resident"]["id"] for e in first["edges"]]
    residents += [e["node"]["resident"]["id"] for e in rest["activity"]["attendees"]["edges"]]
    assert residents == ["r-7", "r-1", "r-2"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert rest["activity"]["attendees"]["pageInfo"]["hasNextPage"] is False


def test_an_activity_nobody_came_to_has_no_attendees(uow: Any) -> None:
    activity_id = an_activity(uow)

    attendees = run(uow, ATTENDEES, id=activity_id, first=20)["activity"]["attendees"]

    assert attendees == {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}


def test_registrations_are_filtered_by_waitlist(uow: Any) -> None:
    activity_id = an_activity(uow)
    for minutes, resident, waiting in ((0, "r-1", False), (1, "r-2", True), (2, "r-3", False)):
        at = START - timedelta(days=1) + timedelta(minutes=minutes)
        uow.repo.add_registration(Registration(activity_id, resident, waiting, at))

    def listed(waitlisted: bool | None) -> list[str]:
        data = run(uow, REGISTRATIONS, id=activity_id, waitlisted=waitlisted)
        return [e["node"]["resident"]["id"] for e in data["activity"]["registrations"]["edges"]]

    assert listed(None) == ["r-1", "r-2", "r-3"]
    assert listed(True) == ["r-2"]
    assert listed(False) == ["r-1", "r-3"]
