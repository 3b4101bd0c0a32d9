"""Loading a plan: dependency order, batching, idempotency keys, resuming, read-model lag, and
every call shaped as the real subgraphs' schema.graphql files say."""

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from graphql import (
    InputObjectTypeDefinitionNode,
    ListTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    TypeNode,
    parse,
)
from rich.console import Console

from shulin_cli.gateway import operations as ops
from shulin_cli.gateway.graphql import Call, GatewayError, GraphQLClient
from shulin_cli.generator import CommunityPlan, generate_community, preset
from shulin_cli.loader import PlanLoader
from shulin_cli.plan_calls import stages

SUBGRAPHS = Path(__file__).parents[3] / "services"
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
FAR_AHEAD = datetime(2040, 1, 1, tzinfo=UTC)


@cache
def tiny() -> CommunityPlan:
    return generate_community(preset("tiny"), 3)


def _named(node: TypeNode) -> str:
    while isinstance(node, (NonNullTypeNode, ListTypeNode)):
        node = node.type
    return node.name.value  # type: ignore[attr-defined]


@cache
def real_surface() -> tuple[dict[str, str], dict[str, dict[str, bool]]]:
    """Mutation → its input type, and input type → field → required, from the exported SDL."""
    mutations: dict[str, str] = {}
    inputs: dict[str, dict[str, bool]] = {}
    for name in ("residents", "activities"):
        document = parse((SUBGRAPHS / name / "schema.graphql").read_text())
        for d in document.definitions:
            if isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Mutation":
                for f in d.fields or ():
                    [arg] = [a for a in f.arguments or () if a.name.value == "input"]
                    mutations[f.name.value] = _named(arg.type)
            if isinstance(d, InputObjectTypeDefinitionNode):
                inputs[d.name.value] = {
                    f.name.value: isinstance(f.type, NonNullTypeNode) and f.default_value is None
                    for f in d.fields or ()
                }
    return mutations, inputs


class FakeGateway:
    """Checks each call against the real schema; creates get ids; it can lag or conflict."""

    def __init__(self, lagging_calls: int = 0, conflicts: Sequence[str] = ()) -> None:
        self.calls: list[Call] = []
        self.requests = 0
        self._lagging = lagging_calls
        self._conflicts = set(conflicts)

    def execute(self, document: str, **variables: Any) -> dict[str, Any]:
        raise GatewayError("INTROSPECTION_DISABLED", "no introspection here")

    def batch(self, calls: Sequence[Call]) -> list[dict[str, Any] | GatewayError]:
        self.requests += 1
        mutations, inputs = real_surface()
        results: list[dict[str, Any] | GatewayError] = []
        for call in calls:
            assert mutations.get(call.field) == call.input_type, (call.field, call.input_type)
            fields = inputs[call.input_type]
            assert set(call.input) <= set(fields), (call.field, set(call.input) - set(fields))
            missing = {f for f, required in fields.items() if required} - set(call.input)
            assert not missing, (call.field, missing)
            if call.field == "createActivity" and self._lagging > 0:
                self._lagging -= 1
                results.append(GatewayError("NOT_FOUND", "unknown resident"))
                continue
            if call.field in self._conflicts:
                results.append(GatewayError("CONFLICT", "you are already confirmed acquaintances"))
                continue
            self.calls.append(call)
            results.append({"id": f"srv-{len(self.calls)}"})
        return results


def loader(tmp_path: Path, gateway: FakeGateway, now: datetime = FAR_AHEAD) -> PlanLoader:
    return PlanLoader(gateway, tmp_path / "state.json", Console(quiet=True), batch_size=50, now=now)


def test_every_planned_call_is_sent_in_dependency_order(tmp_path: Path) -> None:
    gateway = FakeGateway()
    ids = loader(tmp_path, gateway).load(tiny())
    planned = stages(tiny(), now=FAR_AHEAD)
    assert len(gateway.calls) == sum(len(stage.items) for stage in planned)
    fields = [call.field for call in gateway.calls]
    assert fields[0] == "registerCommunity"
    assert fields.index("registerResident") > max(
        i for i, f in enumerate(fields) if f == "addBuilding"
    )
    assert fields.index("recordAttendance") > max(
        i for i, f in enumerate(fields) if f == "createActivity"
    )
    assert ids[tiny().id] == "srv-1"


def test_activities_that_have_begun_are_loaded_as_sign_in_sheets(tmp_path: Path) -> None:
    gateway = FakeGateway()
    loader(tmp_path, gateway, now=FAR_AHEAD).load(tiny())
    sheets = [c for c in gateway.calls if c.field == "recordAttendance"]
    assert sum(len(c.input["residentIds"]) for c in sheets) == sum(
        len(a.checked_in) for a in tiny().activities
    )
    assert all(c.input["idempotencyKey"].startswith("shulin-plan:attend:") for c in sheets)
    assert not {"registerForActivity", "checkIn"} & {c.field for c in gateway.calls}


def test_activities_still_ahead_are_registered_for(tmp_path: Path) -> None:
    gateway = FakeGateway()
    loader(tmp_path, gateway, now=LONG_AGO).load(tiny())
    registrations = [c for c in gateway.calls if c.field == "registerForActivity"]
    assert len(registrations) == sum(len(a.registered) for a in tiny().activities)
    assert not {"recordAttendance", "checkIn"} & {c.field for c in gateway.calls}


def test_activities_not_yet_begun_have_sign_ups_only_even_with_check_in_open() -> None:
    plan = tiny()
    second_last = sorted(plan.activities, key=lambda a: a.starts_at)[-2]
    now = second_last.starts_at - timedelta(minutes=30)  # check-in has opened, it has not begun
    ahead = {a.id for a in plan.activities if a.starts_at > now}
    met_there = {x.id for x in plan.acquaintances if x.context.removeprefix("activity:") in ahead}
    volunteered = {p.id for p in plan.points if p.reference in ahead}
    assert met_there and volunteered  # the plan has them; the load must not
    items = [item for stage in stages(plan, now=now) for item in stage.items]
    keys = {item.key for item in items}
    assert {f"reg:{second_last.id}:{r}" for r in second_last.registered} <= keys
    assert not [i for i in items if i.operation == ops.CHECK_IN]
    assert not [k for k in keys if k.startswith("attend:") and k.split(":")[1] in ahead]
    assert not (met_there | volunteered) & keys
    assert {f"attend:{a.id}:0" for a in plan.activities if a.id not in ahead} <= keys


def test_leaders_and_organisers_get_their_role_after_joining(tmp_path: Path) -> None:
    gateway = FakeGateway()
    loader(tmp_path, gateway).load(tiny())
    fields = [c.field for c in gateway.calls]
    roles = [c.input["role"] for c in gateway.calls if c.field == "setMemberRole"]
    planned = [m.role.upper() for g in tiny().groups for m in g.members if m.role != "member"]
    assert roles == planned and "MEMBER" not in roles
    assert fields.index("setMemberRole") > max(i for i, f in enumerate(fields) if f == "joinGroup")


def test_mutations_are_batched(tmp_path: Path) -> None:
    gateway = FakeGateway()
    loader(tmp_path, gateway).load(tiny())
    assert gateway.requests < len(gateway.calls) / 10


def test_creates_carry_idempotency_keys_from_plan_ids(tmp_path: Path) -> None:
    gateway = FakeGateway()
    loader(tmp_path, gateway).load(tiny())
    register = next(c for c in gateway.calls if c.field == "registerResident")
    assert register.input["idempotencyKey"] == f"shulin-plan:{tiny().residents[0].id}"
    assert register.input["buildingId"].startswith("srv-")
    declare = next(c for c in gateway.calls if c.field == "declareAcquaintance")
    assert declare.input["idempotencyKey"] == f"shulin-plan:{tiny().acquaintances[0].id}"
    assert "idempotencyKey" not in next(c for c in gateway.calls if c.field == "joinGroup").input


def test_a_second_run_resumes_and_sends_nothing_again(tmp_path: Path) -> None:
    loader(tmp_path, FakeGateway()).load(tiny())
    again = FakeGateway()
    loader(tmp_path, again).load(tiny())
    assert again.calls == []


def test_residents_unknown_to_activities_are_retried_until_known(tmp_path: Path) -> None:
    gateway = FakeGateway(lagging_calls=3)
    run = loader(tmp_path, gateway)
    run.load(tiny())
    assert sum(c.field == "createActivity" for c in gateway.calls) == len(tiny().activities)
    assert not run.failures


def test_acquaintances_already_confirmed_count_as_done(tmp_path: Path) -> None:
    run = loader(tmp_path, FakeGateway(conflicts=("declareAcquaintance", "confirmAcquaintance")))
    run.load(tiny())
    assert not run.failures


def test_skills_and_interests_are_sent_by_chinese_name(tmp_path: Path) -> None:
    gateway = FakeGateway()
    loader(tmp_path, gateway).load(tiny())
    skilled = next(c for c in gateway.calls if c.field == "registerResident" and c.input["skills"])
    assert all(not s["tag"].isascii() for s in skilled.input["skills"])


def test_one_failed_call_does_not_lose_the_others_in_its_batch() -> None:
    """A non-null mutation that fails nulls the whole `data`: the others are sent again alone."""
    requests: list[dict[str, Any]] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        requests.append(body)
        if len(body["variables"]) > 1:
            error = {"message": "no", "path": ["c1"], "extensions": {"code": "BAD_USER_INPUT"}}
            return httpx.Response(200, json={"errors": [error], "data": None})
        return httpx.Response(200, json={"data": {"c0": {"id": body["variables"]["i0"]["n"]}}})

    client = GraphQLClient("http://gateway/graphql", transport=httpx.MockTransport(gateway))
    results = client.batch([Call("postWish", "PostWishInput", {"n": str(n)}) for n in range(3)])

    assert results[0] == {"id": "0"} and results[2] == {"id": "2"}
    assert isinstance(results[1], GatewayError) and results[1].code == "BAD_USER_INPUT"
    assert len(requests) == 3
