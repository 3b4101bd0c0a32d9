"""The subgraph over HTTP (FastAPI TestClient, real SQLite file, relay off)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from activities.config import Settings
from activities.entrypoints.app import create_app

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


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        env="test",
        database_url=f"sqlite:///{tmp_path / 'activities.sqlite3'}",
        relay_enabled=False,
    )
    with TestClient(create_app(settings)) as client:
        yield client


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
    assert ready.json() == {"ready": True, "database": True, "outbox_pending": 0}


def test_created_activity_is_returned_and_can_be_queried(client: TestClient) -> None:
    created = create(client)

    assert created["kind"] == "FREE_CLINIC"
    assert created["startsAt"] == "2025-10-01T01:00:00+00:00"
    assert created["attendeeCount"] == 0
    one = gql(client, "query($id: ID!) { activity(id: $id) { title place } }", id=created["id"])
    assert one["data"]["activity"] == {"title": "社区义诊", "place": "社区服务中心"}
    listed = gql(client, '{ activities(communityId: "c-1") { id } }')
    assert listed["data"]["activities"] == [{"id": created["id"]}]
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
    assert gql(client, '{ activities(communityId: "c-1") { id } }')["data"]["activities"] == []
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


def test_check_in_errors_carry_code_and_field(client: TestClient) -> None:
    activity = create(client, capacity=1)
    ok = gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-1"})
    assert ok["data"]["checkIn"]["attendeeCount"] == 1

    twice = gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-1"})
    full = gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-2"})
    unknown = gql(client, CHECK_IN, input={"activityId": "nope", "residentId": "r-1"})

    assert twice["errors"][0]["extensions"] == {"code": "CONFLICT", "field": "residentId"}
    assert full["errors"][0]["extensions"] == {"code": "CONFLICT", "field": "activityId"}
    assert unknown["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "activityId"}


def test_entities_resident_returns_the_activities_they_checked_in_to(client: TestClient) -> None:
    older = create(client)
    newer = create(client, startsAt="2025-10-08T09:00:00+08:00", endsAt="2025-10-08T10:00:00+08:00")
    not_attended = create(client)
    for activity in (older, newer):
        gql(client, CHECK_IN, input={"activityId": activity["id"], "residentId": "r-42"})

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
            {"__typename": "Resident", "id": "r-42"},
            {"__typename": "Resident", "id": "r-never"},
        ],
    )

    assert "errors" not in body, body
    resident, stranger = body["data"]["_entities"]
    assert resident["id"] == "r-42"
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
