"""Groups, listings and exchanges, points and wishes over HTTP, and erasure on real SQLite."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from activities.service_layer.residents_view import project
from shulin_events import new_envelope
from shulin_events.schemas import ResidentRemoved


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(client, query, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def error(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(client, query, **variables)
    assert body["data"] is None
    [first] = body["errors"]
    extensions: dict[str, Any] = first["extensions"]
    return extensions


def pending(client: TestClient) -> int:
    return int(client.get("/ready").json()["outbox_pending"])


CREATE_GROUP = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id memberCount tags } }"
JOIN = "mutation($i: MembershipInput!) { joinGroup(input: $i) { role residentId } }"
POST = "mutation($i: PostListingInput!) { postListing(input: $i) { id status skillTags } }"
AGREE = "mutation($i: AgreeExchangeInput!) { agreeExchange(input: $i) { id helperId } }"
COMPLETE = "mutation($i: CompleteExchangeInput!) { completeExchange(input: $i) { status } }"
RATE = "mutation($i: RateExchangeInput!) { rateExchange(input: $i) { ratingByHelped } }"
HOURS = "mutation($i: RecordVolunteerHoursInput!) { recordVolunteerHours(input: $i) { amount } }"
REDEEM = "mutation($i: RedeemPointsInput!) { redeemPoints(input: $i) { id amount reason } }"
POINTS = """
query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Resident {
      points { balance ledger(first: 10) { edges { node { amount reason note reference } } } }
      groups { edges { node { name } } }
      listings { edges { node { title status } } }
      wishes { edges { node { title status } } }
    }
  }
}
"""


def resident(client: TestClient, resident_id: str) -> dict[str, Any]:
    reps = [{"__typename": "Resident", "id": resident_id}]
    found: dict[str, Any] = ok(client, POINTS, reps=reps)["_entities"][0]
    return found


def test_a_group_with_compound_scope_its_members_and_roles(client: TestClient) -> None:
    group = ok(
        client,
        CREATE_GROUP,
        i={
            "communityId": "c-1",
            "name": "太极队",
            "kind": "INTEREST_GROUP",
            "tags": ["太极"],
            "compoundId": "k-1",
            "founderId": "r-1",
        },
    )["createGroup"]
    assert (group["memberCount"], group["tags"]) == (1, ["tai_chi"])

    assert ok(client, JOIN, i={"groupId": group["id"], "residentId": "r-b2"})["joinGroup"] == {
        "role": "MEMBER",
        "residentId": "r-b2",
    }
    assert error(client, JOIN, i={"groupId": group["id"], "residentId": "r-other"})["field"] == (
        "residentId"
    )
    ok(
        client,
        "mutation($i: SetMemberRoleInput!) { setMemberRole(input: $i) { role } }",
        i={"groupId": group["id"], "residentId": "r-b2", "role": "ORGANISER"},
    )
    members = ok(
        client,
        "query($id: ID!) { group(id: $id) { members { edges { node { residentId role } } } } }",
        id=group["id"],
    )["group"]["members"]["edges"]
    assert [m["node"] for m in members] == [
        {"residentId": "r-1", "role": "LEADER"},
        {"residentId": "r-b2", "role": "ORGANISER"},
    ]
    listed = ok(client, '{ groups(communityId: "c-1", tag: "tai_chi") { edges { node { id } } } }')
    assert listed["groups"]["edges"] == [{"node": {"id": group["id"]}}]
    assert resident(client, "r-b2")["groups"]["edges"] == [{"node": {"name": "太极队"}}]
    bad_tag = error(
        client,
        CREATE_GROUP,
        i={"communityId": "c-1", "name": "x", "kind": "INTEREST_GROUP", "tags": ["nurse", "麻将"]},
    )
    assert bad_tag == {"code": "BAD_USER_INPUT", "field": "tags[1]"}


def test_an_exchange_from_request_to_rating_earns_the_helper_points(client: TestClient) -> None:
    listing = ok(
        client,
        POST,
        i={"residentId": "r-1", "kind": "REQUEST", "title": "量血压", "skillTags": ["护士"]},
    )["postListing"]
    exchange = ok(client, AGREE, i={"listingId": listing["id"], "counterpartId": "r-2"})
    exchange_id = exchange["agreeExchange"]["id"]
    early = error(client, RATE, i={"exchangeId": exchange_id, "raterId": "r-1", "rating": 5})
    ok(client, COMPLETE, i={"exchangeId": exchange_id, "hours": 1.5})
    rated = ok(client, RATE, i={"exchangeId": exchange_id, "raterId": "r-1", "rating": 5})
    twice = error(client, RATE, i={"exchangeId": exchange_id, "raterId": "r-1", "rating": 4})

    assert early == {"code": "BAD_USER_INPUT", "field": "exchangeId"}
    assert rated["rateExchange"]["ratingByHelped"] == 5
    assert twice == {"code": "CONFLICT", "field": "exchangeId"}
    helper = resident(client, "r-2")["points"]
    assert helper["balance"] == 15
    assert helper["ledger"]["edges"][0]["node"]["reference"] == exchange_id
    assert resident(client, "r-1")["listings"]["edges"] == [
        {"node": {"title": "量血压", "status": "COMPLETED"}}
    ]


def test_points_redemption_is_idempotent_and_never_overdraws(client: TestClient) -> None:
    ok(client, HOURS, i={"residentId": "r-1", "hours": 2, "note": "志愿巡逻"})
    key = "redeem-0001-abcdef"
    first = ok(
        client, REDEEM, i={"residentId": "r-1", "amount": 15, "note": "理发", "idempotencyKey": key}
    )
    again = ok(
        client, REDEEM, i={"residentId": "r-1", "amount": 15, "note": "理发", "idempotencyKey": key}
    )
    before = pending(client)
    overdraw = gql(client, REDEEM, i={"residentId": "r-1", "amount": 6, "note": "理发"})

    assert again["redeemPoints"]["id"] == first["redeemPoints"]["id"]
    assert overdraw["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "amount"}
    assert "balance of 5 points" in overdraw["errors"][0]["message"]
    assert pending(client) == before
    points = resident(client, "r-1")["points"]
    assert points["balance"] == 5
    assert [e["node"]["amount"] for e in points["ledger"]["edges"]] == [-15, 20]


def test_a_wish_is_fulfilled_and_listed(client: TestClient) -> None:
    wish = ok(
        client,
        'mutation { postWish(input: {residentId: "r-1", title: "想要一台收音机"}) { id } }',
    )["postWish"]
    claim = "mutation($i: WishClaimInput!) { claimWish(input: $i) { status claimantId } }"
    fulfil = "mutation($i: WishClaimInput!) { fulfilWish(input: $i) { status } }"
    own = error(client, claim, i={"wishId": wish["id"], "claimantId": "r-1"})
    ok(client, claim, i={"wishId": wish["id"], "claimantId": "r-2"})
    ok(client, fulfil, i={"wishId": wish["id"], "claimantId": "r-2"})

    assert own == {"code": "BAD_USER_INPUT", "field": "claimantId"}
    assert resident(client, "r-2")["points"]["balance"] == 20
    listed = ok(
        client, '{ wishes(communityId: "c-1", buildingId: "b-1") { edges { node { status } } } }'
    )
    assert listed["wishes"]["edges"] == [{"node": {"status": "FULFILLED"}}]


def test_removing_a_resident_erases_their_traces_in_sqlite(client: TestClient) -> None:
    soon = datetime.now(UTC) + timedelta(days=1)
    activity = ok(
        client,
        """mutation($s: DateTime!, $e: DateTime!) { createActivity(input: {communityId: "c-1",
             title: "百家宴", kind: HUNDRED_FAMILY_BANQUET, startsAt: $s, endsAt: $e,
             place: "中心广场", capacity: 1}) { id } }""",
        s=soon.isoformat(),
        e=(soon + timedelta(hours=2)).isoformat(),
    )["createActivity"]["id"]
    register = "mutation($i: RegistrationInput!) { registerForActivity(input: $i) { waitlisted } }"
    ok(client, register, i={"activityId": activity, "residentId": "r-1"})
    ok(client, register, i={"activityId": activity, "residentId": "r-2"})
    ok(
        client,
        POST,
        i={"residentId": "r-1", "kind": "OFFER", "title": "健康咨询", "skillTags": ["nurse"]},
    )
    ok(client, HOURS, i={"residentId": "r-1", "hours": 1, "note": "志愿巡逻"})
    before = pending(client)

    container = client.app.state.container  # type: ignore[attr-defined]
    with container.uow(write=True) as uow:
        project(uow, new_envelope(ResidentRemoved(resident_id="r-1", community_id="c-1"), "c-1"))
        uow.commit()

    counts = ok(
        client,
        "query($id: ID!) { activity(id: $id) { registeredCount waitlistCount } }",
        id=activity,
    )["activity"]
    assert counts == {"registeredCount": 1, "waitlistCount": 0}
    gone = resident(client, "r-1")
    assert gone["points"] == {"balance": 0, "ledger": {"edges": []}}
    assert gone["listings"]["edges"] == []
    # r-1's three unsent events (registration, offer, points) are forgotten with them, and r-2's
    # promotion from the waitlist is one new event.
    assert pending(client) == before - 3 + 1
    again = gql(client, register, i={"activityId": activity, "residentId": "r-1"})
    assert again["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "residentId"}
