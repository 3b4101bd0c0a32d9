"""The whole residents GraphQL surface over HTTP, on a real SQLite file, relay off."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text

from residents.adapters.tables import outbox
from residents.config import Settings
from residents.domain.taxonomy_seed import seed_tags
from residents.entrypoints.app import create_app
from shulin_events import decode
from shulin_events.schemas import GLOBAL_COMMUNITY
from shulin_kit.tokens import admin_headers

PLACES = """
mutation($c: RegisterCommunityInput!) { registerCommunity(input: $c) { id } }
"""
REGISTER = """
mutation($input: RegisterResidentInput!) {
  registerResident(input: $input) {
    id displayName floor languages availability roles movedIn
    skills { level verified tag { tag nameZh } }
    interests { tag nameZh }
    building { name compound { name } }
    compound { name }
    community { name }
  }
}
"""
PERSONAL_FIELDS = {
    "phone", "birthYear", "household", "householdId", "unit", "door", "partyMember",
    "elderlyLivingAlone", "needsCare", "consent", "mayBeRecommended", "externalRef", "gender",
    "movedInOn", "contactVisibleToOperators",
}  # fmt: skip


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'residents.sqlite3'}"


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(
        create_app(Settings(database_url=db_url, relay_enabled=False)), headers=admin_headers()
    ) as c:
        yield c


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(client, query, **variables)
    assert not body.get("errors"), body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def error_of(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(client, query, **variables)
    assert body["data"] is None, body
    [error] = body["errors"]
    extensions: dict[str, Any] = error["extensions"]
    return extensions


def events(db_url: str) -> list[Any]:
    """Decoded community outbox rows in order (the taxonomy seed left out)."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.value).where(outbox.c.key != GLOBAL_COMMUNITY).order_by(outbox.c.id)
        ).all()
    engine.dispose()
    return [decode(r.value) for r in rows]


def scalar(db_url: str, sql: str, **params: Any) -> Any:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql), params).scalar_one()
    engine.dispose()
    return value


@pytest.fixture
def place(client: TestClient) -> dict[str, str]:
    c = ok(client, PLACES, c={"name": "尖东社区"})["registerCommunity"]["id"]
    compound = ok(
        client,
        'mutation($c: ID!) { addCompound(input: {communityId: $c, name: "金域蓝湾"}) { id name community { id } } }',
        c=c,
    )["addCompound"]
    b7 = ok(
        client,
        'mutation($c: ID!, $p: ID!) { addBuilding(input: {communityId: $c, name: "7栋", floors: 18, units: 2, compoundId: $p}) { id units compound { name } } }',
        c=c,
        p=compound["id"],
    )["addBuilding"]
    assert b7["compound"] == {"name": "金域蓝湾"} and b7["units"] == 2
    b8 = ok(
        client,
        'mutation($c: ID!) { addBuilding(input: {communityId: $c, name: "8栋", floors: 12}) { id compound { name } } }',
        c=c,
    )["addBuilding"]
    assert b8["compound"] is None
    return {"communityId": c, "compoundId": compound["id"], "b7": b7["id"], "b8": b8["id"]}


def register(client: TestClient, place: dict[str, str], name: str, **extra: Any) -> dict[str, Any]:
    data = ok(
        client,
        REGISTER,
        input={"communityId": place["communityId"], "buildingId": place["b7"], "displayName": name}
        | extra,
    )
    resident: dict[str, Any] = data["registerResident"]
    return resident


def test_the_taxonomy_is_seeded_once_with_an_event_per_tag(client: TestClient, db_url: str) -> None:
    n_tags = len(seed_tags())
    assert scalar(db_url, "SELECT count(*) FROM tags") == n_tags
    assert (
        scalar(db_url, "SELECT count(*) FROM outbox WHERE key = :k", k=GLOBAL_COMMUNITY) == n_tags
    )
    found = ok(client, '{ tags(kind: SKILL, search: "ｎｕｒｓｅ") { tag nameZh synonyms } }')[
        "tags"
    ]
    assert [t["tag"] for t in found] == ["nurse"]


def test_a_restart_does_not_seed_again(db_url: str) -> None:
    for _ in range(2):
        with TestClient(
            create_app(Settings(database_url=db_url, relay_enabled=False)), headers=admin_headers()
        ):
            pass
    assert scalar(db_url, "SELECT count(*) FROM outbox") == len(seed_tags())


def test_a_full_registration_shows_only_public_fields_and_writes_its_events(
    client: TestClient, place: dict[str, str], db_url: str
) -> None:
    household = ok(
        client,
        'mutation($b: ID!) { addHousehold(input: {buildingId: $b, unit: 2, floor: 5, door: "甲502"}) { id building { name } } }',
        b=place["b7"],
    )["addHousehold"]
    resident = register(
        client,
        place,
        "贡春杰",
        householdId=household["id"],
        phone="13800138000",
        birthYear=1958,
        gender="FEMALE",
        movedInOn="2012-05-01",
        languages=["普通话", "粤语"],
        availability=["WEEKEND", "WEEKDAY_DAYTIME"],
        skills=[{"tag": "护士", "level": 5}, {"tag": "health advice", "level": 4}],
        interests=["太极拳"],
        roles=["BUILDING_HEAD"],
        partyMember=True,
        elderlyLivingAlone=True,
        externalRef="JD-0001",
    )
    assert resident["floor"] == 5 and resident["movedIn"] == "2012-05"
    assert resident["availability"] == ["WEEKDAY_DAYTIME", "WEEKEND"]
    assert resident["skills"] == [
        {"level": 5, "verified": False, "tag": {"tag": "nurse", "nameZh": "护士"}},
        {"level": 4, "verified": False, "tag": {"tag": "health_advice", "nameZh": "健康咨询"}},
    ]
    assert resident["interests"] == [{"tag": "tai_chi", "nameZh": "太极"}]
    assert resident["roles"] == ["BUILDING_HEAD"]
    assert resident["building"] == {"name": "7栋", "compound": {"name": "金域蓝湾"}}
    assert resident["compound"] == {"name": "金域蓝湾"}
    types = [e.type for e in events(db_url)]
    assert types == [
        "CommunityRegistered", "CompoundAdded", "BuildingAdded", "BuildingAdded",
        "ResidentRegistered", "ResidentSkillsChanged", "ResidentInterestsChanged",
        "ResidentRolesChanged", "ResidentCareFlagsChanged",
    ]  # fmt: skip
    raw = scalar(db_url, "SELECT group_concat(CAST(value AS TEXT), ' ') FROM outbox")
    for secret in ("13800138000", "甲502", "party", "JD-0001"):
        assert secret not in raw


def test_the_public_resident_type_has_no_personal_fields(client: TestClient) -> None:
    fields = ok(client, '{ __type(name: "Resident") { fields { name } } }')["__type"]["fields"]
    assert not {f["name"] for f in fields} & PERSONAL_FIELDS
    household = ok(client, '{ __type(name: "Household") { fields { name } } }')["__type"]
    assert {f["name"] for f in household["fields"]} == {"id", "building"}


def test_a_refused_mutation_writes_no_row_and_no_event(
    client: TestClient, place: dict[str, str], db_url: str
) -> None:
    before = len(events(db_url))
    extensions = error_of(
        client,
        REGISTER,
        input={
            "communityId": place["communityId"],
            "buildingId": place["b7"],
            "displayName": "李四",
            "skills": [
                {"tag": "护士", "level": 3},
                {"tag": "会计", "level": 3},
                {"tag": "占卜", "level": 1},
            ],
        },
    )
    assert extensions == {"code": "BAD_USER_INPUT", "field": "skills[2].tag"}
    assert len(events(db_url)) == before
    assert scalar(db_url, "SELECT count(*) FROM residents") == 0


def test_a_retried_registration_with_its_key_returns_the_first_and_writes_nothing(
    client: TestClient, place: dict[str, str], db_url: str
) -> None:
    first = register(client, place, "李四", externalRef="JD-0002", idempotencyKey="row-0002-import")
    before = len(events(db_url))
    again = register(client, place, "李四", externalRef="JD-0002", idempotencyKey="row-0002-import")
    assert again["id"] == first["id"] and len(events(db_url)) == before
    extensions = error_of(
        client,
        REGISTER,
        input={
            "communityId": place["communityId"],
            "buildingId": place["b7"],
            "displayName": "李四",
            "externalRef": "JD-0002",
        },
    )
    assert extensions == {"code": "CONFLICT", "field": "externalRef"}
    found = ok(
        client,
        'query($c: ID!) { residentByExternalRef(communityId: $c, externalRef: "JD-0002") { id } }',
        c=place["communityId"],
    )
    assert found["residentByExternalRef"] == {"id": first["id"]}


def test_walking_resident_pages_with_filters(client: TestClient, place: dict[str, str]) -> None:
    for i, name in enumerate(["李老师", "王阿姨", "陈伯", "赵姐", "刘叔"]):
        building = place["b7"] if i % 2 == 0 else place["b8"]
        register(client, place, name, buildingId=building, interests=["太极"] if i < 3 else [])
    query = """
    query($c: ID!, $after: String, $b: ID, $p: ID, $i: String) {
      residents(communityId: $c, first: 2, after: $after, buildingId: $b, compoundId: $p, interest: $i) {
        edges { cursor node { displayName } }
        pageInfo { hasNextPage endCursor }
      }
    }"""

    def walk(**filters: Any) -> list[str]:
        seen: list[str] = []
        after = None
        while True:
            page = ok(client, query, c=place["communityId"], after=after, **filters)["residents"]
            seen += [e["node"]["displayName"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return seen
            after = page["pageInfo"]["endCursor"]

    assert walk() == ["李老师", "王阿姨", "陈伯", "赵姐", "刘叔"]
    assert walk(b=place["b8"]) == ["王阿姨", "赵姐"]
    assert walk(p=place["compoundId"]) == ["李老师", "陈伯", "刘叔"]
    assert walk(i="Tai Chi") == ["李老师", "王阿姨", "陈伯"]
    buildings = ok(
        client,
        "query($c: ID!) { buildings(communityId: $c, first: 1) { edges { node { name } } pageInfo { hasNextPage } } }",
        c=place["communityId"],
    )["buildings"]
    assert (
        buildings["edges"] == [{"node": {"name": "7栋"}}] and buildings["pageInfo"]["hasNextPage"]
    )


def test_profile_consent_sensitive_and_erasure_through_http(
    client: TestClient, place: dict[str, str], db_url: str
) -> None:
    me = register(
        client, place, "李老师", phone="13800138000", skills=[{"tag": "nurse", "level": 4}]
    )
    other = register(client, place, "王阿姨")
    ok(
        client,
        'mutation($r: ID!) { verifySkill(input: {residentId: $r, tag: "护士"}) { id } }',
        r=me["id"],
    )
    updated = ok(
        client,
        'mutation($r: ID!) { updateResidentProfile(input: {residentId: $r, displayName: "李秀英", languages: ["粤语"]}) { displayName languages skills { verified } } }',
        r=me["id"],
    )["updateResidentProfile"]
    assert updated == {
        "displayName": "李秀英",
        "languages": ["粤语"],
        "skills": [{"verified": True}],
    }
    consent = ok(
        client,
        "mutation($r: ID!) { setResidentConsent(input: {residentId: $r, mayBeRecommended: false, recommendations: OFF}) { mayBeRecommended contactVisibleToOperators recommendations } }",
        r=me["id"],
    )["setResidentConsent"]
    assert consent == {
        "mayBeRecommended": False,
        "contactVisibleToOperators": False,
        "recommendations": "OFF",
    }
    ok(
        client,
        "mutation($r: ID!) { setResidentSensitiveAttributes(input: {residentId: $r, partyMember: true, needsCare: true}) { id } }",
        r=me["id"],
    )
    ok(
        client,
        "mutation($a: ID!, $b: ID!) { declareAcquaintance(input: {fromResidentId: $a, toResidentId: $b}) { confirmed } }",
        a=other["id"],
        b=me["id"],
    )
    known = ok(
        client,
        "query($r: ID!) { acquaintances(residentId: $r) { status resident { displayName } } }",
        r=me["id"],
    )["acquaintances"]
    assert known == [{"status": "PENDING_INCOMING", "resident": {"displayName": "王阿姨"}}]

    removed = ok(
        client, "mutation($r: ID!) { removeResident(input: {residentId: $r}) }", r=me["id"]
    )
    assert removed == {"removeResident": me["id"]}
    assert ok(client, "query($r: ID!) { resident(id: $r) { id } }", r=me["id"]) == {
        "resident": None
    }
    for table in ("resident_skills", "resident_interests", "resident_roles", "acquaintances"):
        assert scalar(db_url, f"SELECT count(*) FROM {table}") == 0, table
    dump = scalar(db_url, "SELECT group_concat(CAST(value AS TEXT), ' ') FROM outbox")
    for secret in ("李老师", "李秀英", "13800138000"):
        assert secret not in dump
    mentioning = [e.type for e in events(db_url) if me["id"] in str(e.payload.model_dump())]
    assert mentioning == ["ResidentRemoved"], "earlier events about them left the outbox"
    last = events(db_url)[-1]
    assert last.type == "ResidentRemoved" and last.payload.resident_id == me["id"]


def test_define_tag_and_acquaintance_errors_name_the_field(
    client: TestClient, place: dict[str, str]
) -> None:
    define = "mutation($i: DefineTagInput!) { defineTag(input: $i) { tag synonyms } }"
    tag = {
        "kind": "SKILL",
        "tag": "acupuncture",
        "nameZh": "针灸",
        "nameEn": "Acupuncture",
        "category": "health",
        "synonyms": ["扎针"],
    }
    assert ok(client, define, i=tag)["defineTag"] == {"tag": "acupuncture", "synonyms": ["扎针"]}
    assert error_of(client, define, i=tag | {"synonyms": ["扎针", "护士"]}) == {
        "code": "CONFLICT",
        "field": "synonyms[1]",
    }
    me = register(client, place, "李老师")
    declare = "mutation($a: ID!, $b: ID!) { declareAcquaintance(input: {fromResidentId: $a, toResidentId: $b}) { confirmed } }"
    assert error_of(client, declare, a=me["id"], b=me["id"]) == {
        "code": "BAD_USER_INPUT",
        "field": "toResidentId",
    }
    assert error_of(client, declare, a=me["id"], b="nope") == {
        "code": "NOT_FOUND",
        "field": "toResidentId",
    }


def test_entities_resolve_every_entity_by_key(client: TestClient, place: dict[str, str]) -> None:
    me = register(client, place, "陈伯")
    body = ok(
        client,
        """query($r: [_Any!]!) { _entities(representations: $r) {
            ... on Resident { displayName } ... on Building { name }
            ... on Compound { name } ... on Community { name } } }""",
        r=[
            {"__typename": "Resident", "id": me["id"]},
            {"__typename": "Building", "id": place["b7"]},
            {"__typename": "Compound", "id": place["compoundId"]},
            {"__typename": "Community", "id": place["communityId"]},
            {"__typename": "Compound", "id": "gone"},
        ],
    )
    assert body["_entities"] == [
        {"displayName": "陈伯"}, {"name": "7栋"}, {"name": "金域蓝湾"}, {"name": "尖东社区"}, None
    ]  # fmt: skip
