"""The subgraph over HTTP (FastAPI TestClient, real SQLite file, relay and consumer off)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

CREATE = """
mutation Create($input: CreateActivityInput!) {
  createActivity(input: $input) {
    id communityId title kind startsAt endsAt place capacity attendeeCount
  }
}
"""
CHECK_IN = """
mutation CheckIn($input: CheckInInput!) {
  checkIn(input: $input) { id attendeeCount }
}
"""
REGISTER = """
mutation Register($input: RegistrationInput!) {
  registerForActivity(input: $input) { waitlisted activity { registeredCount waitlistCount } }
}
"""
SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)


def attend(client: TestClient, activity_id: str, resident_id: str) -> dict[str, Any]:
    registered = gql(client, REGISTER, input={"activityId": activity_id, "residentId": resident_id})
    assert "errors" not in registered, registered
    return gql(client, CHECK_IN, input={"activityId": activity_id, "residentId": resident_id})


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def activity_input(**changes: Any) -> dict[str, Any]:
    fields = {
        "communityId": "c-1",
        "title": "社区义诊",
        "kind": "FREE_CLINIC",
        "startsAt": "2025-10-01T09:00:00+08:00",
        "endsAt": "2025-10-01T11:30:00+08:00",
        "place": "社区服务中心",
        "capacity": 2,
    }
    fields.update(changes)
    return fields


def create(client: TestClient, **changes: Any) -> dict[str, Any]:
    body = gql(client, CREATE, input=activity_input(**changes))
    assert "errors" not in body, body
    created: dict[str, Any] = body["data"]["createActivity"]
    return created


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {
        "ready": True,
        "database": True,
        "outbox_pending": 0,
        "residents_view": "off",
    }


def test_created_activity_is_returned_and_can_be_queried(client: TestClient) -> None:
    created = create(client)

    assert created["kind"] == "FREE_CLINIC"
    assert created["startsAt"] == "2025-10-01T01:00:00+00:00"
    assert created["attendeeCount"] == 0
    one = gql(client, "query($id: ID!) { activity(id: $id) { title place } }", id=created["id"])
    assert one["data"]["activity"] == {"title": "社区义诊", "place": "社区服务中心"}
    listed = gql(client, '{ activities(communityId: "c-1") { edges { node { id } } } }')
    assert listed["data"]["activities"]["edges"] == [{"node": {"id": created["id"]}}]
    assert client.get("/ready").json()["outbox_pending"] == 1


def test_unknown_activity_is_null(client: TestClient) -> None:
    assert gql(client, '{ activity(id: "nope") { id } }')["data"] == {"activity": None}


def test_bad_input_returns_an_error_naming_the_field_and_stores_nothing(
    client: TestClient,
) -> None:
    body = gql(client, CREATE, input=activity_input(title="好" * 61))

    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "title"}
    assert "60" in error["message"]
    listed = gql(client, '{ activities(communityId: "c-1") { edges { cursor } } }')
    assert listed["data"]["activities"]["edges"] == []
    assert client.get("/ready").json()["outbox_pending"] == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"endsAt": "2025-10-01T08:00:00+08:00"}, "endsAt"),
        ({"startsAt": "2025-10-01T09:00:00"}, "startsAt"),
        ({"capacity": 0}, "capacity"),
        ({"title": "a\u0000b"}, "title"),
    ],
)
def test_each_rule_names_its_field(client: TestClient, changes: dict[str, Any], field: str) -> None:
    [error] = gql(client, CREATE, input=activity_input(**changes))["errors"]

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


def now_activity(client: TestClient, **changes: Any) -> dict[str, Any]:
    return create(
        client,
        startsAt=SOON.isoformat(),
        endsAt=(SOON + timedelta(hours=2)).isoformat(),
        **changes,
    )


def test_check_in_errors_carry_code_and_field(client: TestClient) -> None:
    activity = now_activity(client, capacity=1)
    ok = attend(client, activity["id"], "r-1")
    assert ok["data"]["checkIn"]["attendeeCount"] == 1

    waitlisted = gql(client, REGISTER, input={"activityId": activity["id"], "residentId": "r-2"})
    assert waitlisted["data"]["registerForActivity"] == {
        "waitlisted": True,
        "activity": {"registeredCount": 1, "waitlistCount": 1},
    }
    twice = gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-1"})
    no_place = gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-2"})
    unregistered = gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-3"})
    unknown = gql(client, CHECK_IN, input={"activityId": "nope", "residentId": "r-1"})
    stranger = gql(client, REGISTER, input={"activityId": activity["id"], "residentId": "r-x"})

    assert twice["errors"][0]["extensions"] == {"code": "CONFLICT", "field": "residentId"}
    assert no_place["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "residentId"}
    assert unregistered["errors"][0]["extensions"]["field"] == "residentId"
    assert unknown["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "activityId"}
    assert stranger["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "residentId"}
    assert "retry in a moment" in stranger["errors"][0]["message"]


def test_check_in_in_the_future_is_refused(client: TestClient) -> None:
    activity = create(client)  # 2025-10-01 is long past: check-in closed
    later = create(
        client,
        startsAt=(SOON + timedelta(days=2)).isoformat(),
        endsAt=(SOON + timedelta(days=2, hours=1)).isoformat(),
    )
    gql(client, REGISTER, input={"activityId": later["id"], "residentId": "r-1"})

    past = gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-1"})
    future = gql(client, CHECK_IN, input={"activityId": later["id"], "residentId": "r-1"})

    assert future["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "activityId"}
    assert "in the future" in future["errors"][0]["message"]
    assert past["errors"][0]["extensions"]["field"] == "activityId"


def test_who_did_you_meet_is_checked_at_check_in(client: TestClient) -> None:
    activity = now_activity(client)
    attend(client, activity["id"], "r-1")
    gql(client, REGISTER, input={"activityId": activity["id"], "residentId": "r-2"})

    bad = gql(
        client,
        CHECK_IN,
        input={"activityId": activity["id"], "residentId": "r-2", "met": ["r-1", "r-5"]},
    )
    good = gql(
        client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-2", "met": ["r-1"]}
    )

    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "met[1]"}
    assert good["data"]["checkIn"]["attendeeCount"] == 2


def test_activities_page_through_with_cursors_and_filters(client: TestClient) -> None:
    ids = [
        create(
            client,
            startsAt=f"2025-10-0{day}T09:00:00+08:00",
            endsAt=f"2025-10-0{day}T10:00:00+08:00",
            tags=["太极"] if day % 2 else [],
            buildingIds=["b-2"] if day == 3 else [],
        )["id"]
        for day in range(1, 6)
    ]
    query = """
    query($after: String, $tag: String, $building: ID) {
      activities(communityId: "c-1", first: 2, after: $after, tag: $tag, buildingId: $building) {
        edges { node { id tags } cursor } pageInfo { hasNextPage endCursor }
      }
    }
    """
    seen: list[str] = []
    after = None
    while True:
        page = gql(client, query, after=after)["data"]["activities"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == list(reversed(ids))
    tagged = gql(client, query, tag="tai_chi")["data"]["activities"]["edges"]
    assert [e["node"]["tags"] for e in tagged] == [["tai_chi"], ["tai_chi"]]
    in_b1 = gql(client, query, building="b-1")["data"]["activities"]["edges"]
    assert ids[2] not in [e["node"]["id"] for e in in_b1]
    forged = gql(client, query, after="bm9wZQ")
    assert forged["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


def test_entities_resident_returns_the_activities_they_checked_in_to(client: TestClient) -> None:
    older = now_activity(client)
    newer = create(
        client,
        startsAt=(SOON + timedelta(minutes=10)).isoformat(),
        endsAt=(SOON + timedelta(hours=1)).isoformat(),
    )
    not_attended = create(client)
    for activity in (older, newer):
        attend(client, activity["id"], "r-4")

    body = gql(
        client,
        """
        query($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Resident { id activities { id title } }
          }
        }
        """,
        reps=[
            {"__typename": "Resident", "id": "r-4"},
            {"__typename": "Resident", "id": "r-never"},
        ],
    )

    assert "errors" not in body, body
    resident, stranger = body["data"]["_entities"]
    assert resident["id"] == "r-4"
    assert [a["id"] for a in resident["activities"]] == [newer["id"], older["id"]]
    assert not_attended["id"] not in {a["id"] for a in resident["activities"]}
    assert stranger == {"id": "r-never", "activities": []}


def test_entities_activity_resolves_by_id(client: TestClient) -> None:
    activity = create(client)

    body = gql(
        client,
        """
        query($reps: [_Any!]!) {
          _entities(representations: $reps) { ... on Activity { id title attendeeCount } }
        }
        """,
        reps=[{"__typename": "Activity", "id": activity["id"]}],
    )

    assert body["data"]["_entities"] == [
        {"id": activity["id"], "title": "社区义诊", "attendeeCount": 0}
    ]


def test_service_sdl_is_served_for_composition(client: TestClient) -> None:
    sdl = gql(client, "{ _service { sdl } }")["data"]["_service"]["sdl"]

    assert 'type Resident @key(fields: "id")' in sdl
    assert 'type Activity @key(fields: "id")' in sdl
