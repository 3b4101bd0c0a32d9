"""签到表 over HTTP: recordAttendance on a real SQLite file (relay and consumer off)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from activities.adapters.tables import outbox
from shulin_events import decode

CREATE = """
mutation Create($input: CreateActivityInput!) { createActivity(input: $input) { id } }
"""
RECORD = """
mutation Record($input: RecordAttendanceInput!) {
  recordAttendance(input: $input) { id registeredCount waitlistCount attendeeCount capacity }
}
"""
ATTENDED = """
query Attended($id: ID!) {
  _entities(representations: [{__typename: "Resident", id: $id}]) {
    ... on Resident { activities { id } }
  }
}
"""
LAST_WEEK = datetime.now(UTC).replace(microsecond=0) - timedelta(days=7)


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def create(client: TestClient, starts_at: datetime, capacity: int = 2) -> str:
    body = gql(
        client,
        CREATE,
        input={
            "communityId": "c-1",
            "title": "中秋百家宴",
            "kind": "HUNDRED_FAMILY_BANQUET",
            "startsAt": starts_at.isoformat(),
            "endsAt": (starts_at + timedelta(hours=3)).isoformat(),
            "place": "中心广场",
            "capacity": capacity,
        },
    )
    assert "errors" not in body, body
    activity_id: str = body["data"]["createActivity"]["id"]
    return activity_id


def outbox_types(client: TestClient) -> list[str]:
    engine = client.app.state.container.sql.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return [decode(value).type for value in conn.execute(select(outbox.c.value)).scalars()]


def test_a_paper_sheet_for_last_weeks_activity_is_recorded(client: TestClient) -> None:
    activity_id = create(client, LAST_WEEK, capacity=2)
    sheet = {"activityId": activity_id, "residentIds": ["r-1", "r-2", "r-3"]}

    first = gql(client, RECORD, input=sheet | {"idempotencyKey": "sheet-mid-autumn-1"})
    again = gql(client, RECORD, input=sheet)

    assert "errors" not in first, first
    recorded = first["data"]["recordAttendance"]
    assert (recorded["registeredCount"], recorded["attendeeCount"], recorded["capacity"]) == (
        3,
        3,
        2,
    )
    assert again["data"]["recordAttendance"]["attendeeCount"] == 3
    assert outbox_types(client).count("ResidentCheckedIn") == 3
    attended = gql(client, ATTENDED, id="r-2")["data"]["_entities"][0]["activities"]
    assert attended == [{"id": activity_id}]


def test_each_refused_resident_is_named_and_nothing_is_recorded(client: TestClient) -> None:
    activity_id = create(client, LAST_WEEK)

    body = gql(
        client,
        RECORD,
        input={"activityId": activity_id, "residentIds": ["r-1", "r-other", "r-ghost"]},
    )

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert [p["field"] for p in error["extensions"]["problems"]] == [
        "residentIds[1]",
        "residentIds[2]",
    ]
    assert "ResidentCheckedIn" not in outbox_types(client)


def test_an_activity_that_has_not_started_is_refused(client: TestClient) -> None:
    activity_id = create(client, datetime.now(UTC) + timedelta(days=3))

    body = gql(client, RECORD, input={"activityId": activity_id, "residentIds": ["r-1"]})

    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "activityId"}


def test_the_read_model_group_is_named_after_the_database(client: TestClient) -> None:
    container = client.app.state.container  # type: ignore[attr-defined]
    with container.uow() as uow:
        instance = uow.repo.database_instance_id()

    assert container.read_model_group == f"activities-residents-view-{instance}"
