"""签到名单 over HTTP: an activity's attendees and registrations, page by page, from SQLite."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

CREATE = """
mutation Create($input: CreateActivityInput!) { createActivity(input: $input) { id } }
"""
RECORD = """
mutation Record($input: RecordAttendanceInput!) { recordAttendance(input: $input) { id } }
"""
REGISTER = """
mutation Register($input: RegistrationInput!) { registerForActivity(input: $input) { waitlisted } }
"""
ATTENDEES = """
query Attendees($id: ID!, $first: Int!, $after: String) {
  activity(id: $id) {
    attendees(first: $first, after: $after) {
      edges { cursor node { checkedInAt resident { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
REGISTRATIONS = """
query Registrations($id: ID!, $waitlisted: Boolean) {
  activity(id: $id) {
    registrations(first: 50, waitlisted: $waitlisted) {
      edges { node { waitlisted resident { id } activity { id } } }
    }
  }
}
"""
LAST_WEEK = datetime.now(UTC).replace(microsecond=0) - timedelta(days=7)


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]


def create(client: TestClient, starts_at: datetime, capacity: int | None = None) -> str:
    data = gql(
        client,
        CREATE,
        input={
            "communityId": "c-1",
            "title": "周末读书会",
            "kind": "READING_CLUB",
            "startsAt": starts_at.isoformat(),
            "endsAt": (starts_at + timedelta(hours=2)).isoformat(),
            "place": "社区书屋",
            "capacity": capacity,
        },
    )
    activity_id: str = data["createActivity"]["id"]
    return activity_id


def test_attendees_are_listed_earliest_arrival_first_across_pages(client: TestClient) -> None:
    activity_id = create(client, LAST_WEEK)
    for minutes, residents in ((20, ["r-5", "r-3"]), (0, ["r-9"]), (10, ["r-1"])):
        arrived = (LAST_WEEK + timedelta(minutes=minutes)).isoformat()
        sheet = {"activityId": activity_id, "residentIds": residents, "checkedInAt": arrived}
        gql(client, RECORD, input=sheet)

    seen: list[tuple[str, str]] = []
    after = None
    pages = 0
    while True:
        page = gql(client, ATTENDEES, id=activity_id, first=3, after=after)
        attendees = page["activity"]["attendees"]
        seen += [
            (e["node"]["resident"]["id"], e["node"]["checkedInAt"]) for e in attendees["edges"]
        ]
        pages += 1
        if not attendees["pageInfo"]["hasNextPage"]:
            break
        after = attendees["pageInfo"]["endCursor"]

    assert pages == 2
    assert [rid for rid, _ in seen] == ["r-9", "r-1", "r-3", "r-5"]
    assert datetime.fromisoformat(seen[0][1]) == LAST_WEEK


def test_registrations_can_be_filtered_to_the_waitlist(client: TestClient) -> None:
    activity_id = create(client, datetime.now(UTC) + timedelta(days=3), capacity=1)
    for resident in ("r-1", "r-2", "r-3"):
        gql(client, REGISTER, input={"activityId": activity_id, "residentId": resident})

    def listed(waitlisted: bool | None) -> list[str]:
        edges = gql(client, REGISTRATIONS, id=activity_id, waitlisted=waitlisted)["activity"][
            "registrations"
        ]["edges"]
        assert all(e["node"]["activity"]["id"] == activity_id for e in edges)
        return [e["node"]["resident"]["id"] for e in edges]

    assert listed(None) == ["r-1", "r-2", "r-3"]
    assert listed(True) == ["r-2", "r-3"]
    assert listed(False) == ["r-1"]
