"""Role × field: every root field of the federated API, asked by every role, through the gateway.

`READS` and `WRITES` name, for each root field, which of the roles may use it on resident R of
building B1 (the ids the operations are built from). A field added to any subgraph without a row
here fails `test_every_root_field_has_a_rule` (no servers needed). On the real stack, every read is
asked by every role, and every write by every role that must be refused — so refused writes
change nothing, and allowed ones are left to the functional tests.

Roles: `self` (resident R), `neighbour` (resident N, same building), `head` (building head of B1),
`operator`, `planner` (same community), `outsider` (an operator of another community).
"""

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    build_client_schema,
    get_introspection_query,
    get_named_type,
)
from graphql.pyutils import Undefined
from shulin_testkit import wait_until

from shulin_kit.identity import AuthSettings, mint_token
from shulin_kit.tokens import admin_headers, bearer

ROLES = ("self", "neighbour", "head", "operator", "planner", "outsider")
PEOPLE = frozenset({"self", "neighbour", "head", "operator"})  # the community but planners
COMMUNITY = PEOPLE | {"planner"}
SELF_OR_STAFF = frozenset({"self", "operator"})
SELF_HEAD_OR_STAFF = frozenset({"self", "head", "operator"})
STAFF = frozenset({"operator"})
ANALYSTS = frozenset({"operator", "planner"})
NOBODY: frozenset[str] = frozenset()

READS: dict[str, frozenset[str]] = {
    # residents
    "community": COMMUNITY,
    "compound": COMMUNITY,
    "building": COMMUNITY,
    "buildings": COMMUNITY,
    "resident": PEOPLE,
    "residentByExternalRef": STAFF,
    "residents": STAFF,  # building heads only with the buildingId of their building
    "acquaintances": SELF_HEAD_OR_STAFF,
    "tags": COMMUNITY | {"outsider"},  # the shared taxonomy
    # activities
    "activity": COMMUNITY,
    "activities": COMMUNITY,
    "group": COMMUNITY,
    "groups": COMMUNITY,
    "listing": PEOPLE,
    "listings": PEOPLE,
    "exchange": PEOPLE,
    "wish": PEOPLE,
    "wishes": PEOPLE,
    "points": SELF_OR_STAFF,
    "pointsLedger": STAFF,
    # matching
    "groupRecommendations": SELF_OR_STAFF,
    "activityRecommendations": SELF_OR_STAFF,
    "neighboursToMeet": SELF_OR_STAFF,
    "exchangeMatches": SELF_OR_STAFF,
    "operatorCandidates": STAFF,
    "neighbourNetwork": ANALYSTS,
    "neighbourNetworkTrend": ANALYSTS,
    "networkBeforeAfter": ANALYSTS,
    "bridgeBuildings": ANALYSTS,
    "detectedGroups": ANALYSTS,
    "communityGraph": ANALYSTS,
}

# Who may, on R's behalf or in R's community. Writes whose rule depends on parties the generated
# operation cannot pin down are marked PEOPLE: only planners and outsiders are asked.
WRITES: dict[str, frozenset[str]] = {
    # residents
    "registerCommunity": NOBODY,  # the platform admin only
    "addCompound": STAFF,
    "addBuilding": STAFF,
    "addHousehold": STAFF,
    "registerResident": frozenset({"head", "operator"}),
    "updateResidentProfile": SELF_HEAD_OR_STAFF,
    "moveResident": SELF_HEAD_OR_STAFF,
    "setResidentSkills": SELF_HEAD_OR_STAFF,
    "setResidentInterests": SELF_HEAD_OR_STAFF,
    "setResidentConsent": SELF_HEAD_OR_STAFF,
    "setResidentSensitiveAttributes": SELF_HEAD_OR_STAFF,
    "removeResident": SELF_HEAD_OR_STAFF,
    "declareAcquaintance": SELF_HEAD_OR_STAFF,
    "confirmAcquaintance": SELF_HEAD_OR_STAFF,
    "setResidentRoles": STAFF,
    "verifySkill": STAFF,
    "defineTag": STAFF | {"outsider"},  # the taxonomy is shared: any community's operator adds
    # activities
    "createActivity": STAFF,
    "cancelActivity": STAFF,
    "setMemberRole": STAFF,
    "recordVolunteerHours": STAFF,
    "redeemPoints": STAFF,
    "recordAttendance": frozenset({"head", "operator"}),
    "registerForActivity": SELF_OR_STAFF,
    "cancelRegistration": SELF_OR_STAFF,
    "checkIn": SELF_OR_STAFF,
    "joinGroup": SELF_OR_STAFF,
    "leaveGroup": SELF_OR_STAFF,
    "postListing": SELF_OR_STAFF,
    "postWish": SELF_OR_STAFF,
    "cancelListing": SELF_OR_STAFF,
    "cancelWish": SELF_OR_STAFF,
    "claimWish": SELF_OR_STAFF,
    "fulfilWish": SELF_OR_STAFF,
    "createGroup": PEOPLE,
    "agreeExchange": PEOPLE,
    "completeExchange": PEOPLE,
    "rateExchange": PEOPLE,
}
REFUSED = {"FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED"}


def root_fields() -> dict[str, set[str]]:
    """Query and Mutation fields of the three subgraphs' schemas (federation's own excluded)."""
    from activities.entrypoints.schema import schema as activities
    from matching.entrypoints.schema import schema as matching
    from residents.entrypoints.schema import schema as residents

    fields: dict[str, set[str]] = {"Query": set(), "Mutation": set()}
    for schema in (residents, activities, matching):
        for kind, names in fields.items():
            root = schema._schema.get_type(kind)
            if isinstance(root, GraphQLObjectType):
                names.update(f for f in root.fields if not f.startswith("_"))
    return fields


def test_every_root_field_has_a_rule() -> None:
    fields = root_fields()
    assert fields["Query"] ^ set(READS) == set(), "add the field to READS (or drop a stale row)"
    assert fields["Mutation"] ^ set(WRITES) == set(), "add the field to WRITES"


# ------------------------------------------------------------------ on the real stack


class World:
    """Community C with building B1: residents R, N and a building head; their things."""

    def __init__(self, gateway: str) -> None:
        self.gw = gateway
        tag = uuid.uuid4().hex[:6]
        self.ids: dict[str, str] = {"externalRef": f"M-{tag}"}
        self.ids["communityId"] = self.admin(
            'mutation { registerCommunity(input: {name: "矩阵社区"}) { id } }'
        )["registerCommunity"]["id"]
        c = self.ids["communityId"]
        self.ids["compoundId"] = self.admin(
            'mutation($c: ID!) { addCompound(input: {communityId: $c, name: "东苑"}) { id } }', c=c
        )["addCompound"]["id"]
        self.ids["buildingId"] = self.admin(
            """mutation($c: ID!, $k: ID!) { addBuilding(input: {communityId: $c, compoundId: $k,
                 name: "1栋", floors: 9}) { id } }""",
            c=c,
            k=self.ids["compoundId"],
        )["addBuilding"]["id"]
        self.ids["residentId"] = self.register("R", externalRef=self.ids["externalRef"])
        self.ids["neighbourId"] = self.register("N")
        self.ids["headId"] = self.register("H")
        roles = """mutation($r: ID!) { setResidentRoles(input: {residentId: $r,
                     roles: [BUILDING_HEAD]}) { id } }"""
        self.admin(roles, r=self.ids["headId"])
        starts = datetime.now(UTC) + timedelta(days=2)
        self.ids["activityId"] = self.admin_once_known(
            """mutation($c: ID!, $b: ID!, $s: DateTime!, $e: DateTime!) { createActivity(input: {
                 communityId: $c, title: "矩阵活动", kind: OTHER, startsAt: $s, endsAt: $e,
                 place: "活动室", buildingIds: [$b]}) { id } }""",
            c=c,
            b=self.ids["buildingId"],
            s=starts.isoformat(),
            e=(starts + timedelta(hours=1)).isoformat(),
        )["createActivity"]["id"]
        self.ids["groupId"] = self.admin(
            """mutation($c: ID!) { createGroup(input: {communityId: $c, name: "矩阵小组",
                 kind: INTEREST_GROUP}) { id } }""",
            c=c,
        )["createGroup"]["id"]
        r = self.ids["residentId"]
        self.ids["listingId"] = self.admin(
            """mutation($r: ID!) { postListing(input: {residentId: $r, kind: REQUEST,
                 title: "修水管", skillTags: ["plumbing"]}) { id } }""",
            r=r,
        )["postListing"]["id"]
        self.ids["wishId"] = self.admin(
            'mutation($r: ID!) { postWish(input: {residentId: $r, title: "想要台灯"}) { id } }', r=r
        )["postWish"]["id"]
        self.ids["exchangeId"] = self.admin(
            """mutation($l: ID!, $n: ID!) { agreeExchange(input: {listingId: $l,
                 counterpartId: $n}) { id } }""",
            l=self.ids["listingId"],
            n=self.ids["neighbourId"],
        )["agreeExchange"]["id"]
        other = self.admin('mutation { registerCommunity(input: {name: "别的社区"}) { id } }')
        self.tokens = {
            "self": mint_token(AUTH, r, c, ["resident"]),
            "neighbour": mint_token(AUTH, self.ids["neighbourId"], c, ["resident"]),
            "head": mint_token(
                AUTH, self.ids["headId"], c, ["resident", "building_head"], [self.ids["buildingId"]]
            ),
            "operator": mint_token(AUTH, "op-matrix", c, ["operator"]),
            "planner": mint_token(AUTH, "planner-matrix", c, ["planner"]),
            "outsider": mint_token(
                AUTH, "op-elsewhere", other["registerCommunity"]["id"], ["operator"]
            ),
        }
        self.await_matching()

    def await_matching(self) -> None:
        """The matching graph is fed from Kafka: wait until it knows R, N and H, or a refusal
        would be told apart from "not projected yet" by chance."""
        query = "query($r: ID!) { neighboursToMeet(residentId: $r) { snapshotAgeSeconds } }"

        def known() -> bool:
            for who in ("residentId", "neighbourId", "headId"):
                body = post(self.gw, query, admin_headers(), {"r": self.ids[who]})
                codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
                assert codes <= {"NOT_FOUND", "TEMPORARILY_UNAVAILABLE"}, body
                if codes:
                    return False
            return True

        wait_until(known, timeout_s=60, what="the matching graph to know the residents")

    def admin(self, query: str, **variables: Any) -> Any:
        body = post(self.gw, query, admin_headers(), variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def admin_once_known(self, query: str, **variables: Any) -> Any:
        def attempt() -> Any:
            body = post(self.gw, query, admin_headers(), variables)
            if any("retry in a moment" in e["message"] for e in body.get("errors") or []):
                return None
            assert not body.get("errors"), body["errors"]
            return body["data"]

        return wait_until(attempt, timeout_s=60, what="activities to learn of the community")

    def register(self, name: str, **extra: Any) -> str:
        person = {"communityId": self.ids["communityId"], "buildingId": self.ids["buildingId"]}
        query = "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { id } }"
        rid: str = self.admin(query, i=person | {"displayName": name, "floor": 2} | extra)[
            "registerResident"
        ]["id"]
        return rid


AUTH = AuthSettings()


def post(url: str, query: str, headers: dict[str, str], variables: dict[str, Any]) -> Any:
    response = httpx.post(
        url, json={"query": query, "variables": variables}, headers=headers, timeout=30
    )
    assert response.status_code in (200, 401), response.text
    return response.json()


ID_FOR_ARGUMENT = {
    "communityId": "communityId",
    "compoundId": "compoundId",
    "buildingId": "buildingId",
    "residentId": "residentId",
    "fromResidentId": "residentId",
    "toResidentId": "neighbourId",
    "counterpartId": "neighbourId",
    "claimantId": "residentId",
    "founderId": "residentId",
    "organizerId": "residentId",
    "leaderId": "residentId",
    "activityId": "activityId",
    "groupId": "groupId",
    "listingId": "listingId",
    "wishId": "wishId",
    "exchangeId": "exchangeId",
    "id": "residentId",
}
# Where the rule sits on the answer's fields rather than on the root field.
SELECTIONS = {"points": " { balance }"}
# Optional arguments worth giving: they name the resident or skill the question is about.
USEFUL_OPTIONAL = {"residentId", "skill", "months", "firstMonth"}


def value_for(type_: GraphQLInputType, name: str, ids: dict[str, str]) -> Any:
    """A plausible value for an argument or input field, from its type and name."""
    if isinstance(type_, GraphQLNonNull):
        return value_for(type_.of_type, name, ids)
    if isinstance(type_, GraphQLList):
        return [value_for(type_.of_type, name.removesuffix("s"), ids)]
    if isinstance(type_, GraphQLInputObjectType):
        return {
            field: value_for(f.type, field, ids)
            for field, f in type_.fields.items()
            if (isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined)
            or field in USEFUL_OPTIONAL
        }
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    assert isinstance(type_, GraphQLScalarType)
    scalar = type_.name
    if scalar == "ID":
        return ids[ID_FOR_ARGUMENT.get(name, "residentId")]
    if scalar == "Int":
        return 1
    if scalar == "Float":
        return 1.0
    if scalar == "Boolean":
        return False
    if scalar == "DateTime":
        return (datetime.now(UTC) + timedelta(days=5)).isoformat()
    if scalar == "Date":
        return date.today().replace(day=1).isoformat()
    if name in ("skill", "tag", "skillTag"):
        return "nurse"
    if name == "externalRef":
        return ids["externalRef"]
    return "矩阵测试 matrix"


def operation(kind: str, name: str, field: GraphQLField, ids: dict[str, str]) -> tuple[str, dict]:
    """`query($a: T!) { name(a: $a) { __typename } }` with generated variables."""
    declared, passed, variables = [], [], {}
    for arg_name, arg in field.args.items():
        required = isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
        if not (required or arg_name in USEFUL_OPTIONAL):
            continue
        declared.append(f"${arg_name}: {arg.type}")
        passed.append(f"{arg_name}: ${arg_name}")
        if arg_name == "id":  # activity(id) → the activity's id, and so on
            variables[arg_name] = ids[f"{name}Id"]
        else:
            variables[arg_name] = value_for(arg.type, arg_name, ids)
    leaf = isinstance(get_named_type(field.type), GraphQLScalarType | GraphQLEnumType)
    selection = "" if leaf else SELECTIONS.get(name, " { __typename }")
    head = f"({', '.join(declared)})" if declared else ""
    args = f"({', '.join(passed)})" if passed else ""
    return f"{kind}{head} {{ {name}{args}{selection} }}", variables


def refused(body: Any, name: str) -> bool:
    """Refused: FORBIDDEN / NOT_FOUND / UNAUTHENTICATED, or a lookup that answers null."""
    codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
    assert "GRAPHQL_VALIDATION_FAILED" not in codes, f"the generated {name} is wrong: {body}"
    if codes & REFUSED:
        return True
    return not body.get("errors") and (body.get("data") or {}).get(name) is None


@pytest.fixture(scope="module")
def world(stack: Any) -> Iterator[tuple[World, GraphQLSchema]]:
    w = World(stack.gateway)
    introspection = post(stack.gateway, get_introspection_query(), admin_headers(), {})
    yield w, build_client_schema(introspection["data"])


@pytest.mark.e2e
def test_every_role_reads_exactly_what_its_rule_allows(world: tuple[World, GraphQLSchema]) -> None:
    w, schema = world
    assert schema.query_type is not None
    wrong = []
    for name, allowed in sorted(READS.items()):
        query, variables = operation("query", name, schema.query_type.fields[name], w.ids)
        for role in ROLES:
            body = post(w.gw, query, bearer(w.tokens[role]), variables)
            if refused(body, name) == (role in allowed):
                wrong.append((name, role, "allowed" if role in allowed else "refused", body))
    assert wrong == [], "\n".join(f"{n} as {r}: should be {e}; got {b}" for n, r, e, b in wrong)


@pytest.mark.e2e
def test_every_role_that_may_not_write_is_refused(world: tuple[World, GraphQLSchema]) -> None:
    w, schema = world
    assert schema.mutation_type is not None
    wrong = []
    for name, allowed in sorted(WRITES.items()):
        query, variables = operation("mutation", name, schema.mutation_type.fields[name], w.ids)
        for role in sorted(set(ROLES) - allowed):
            body = post(w.gw, query, bearer(w.tokens[role]), variables)
            if not refused(body, name):
                wrong.append((name, role, body))
    assert wrong == [], "\n".join(f"{n} as {r}: should be refused; got {b}" for n, r, b in wrong)
