"""Loading a plan: dependency order, batching, idempotency keys, resuming, read-model lag."""

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rich.console import Console

from shulin_cli.gateway.graphql import Call, GatewayError
from shulin_cli.generator import CommunityPlan, generate_community, preset
from shulin_cli.loader import PlanLoader
from shulin_cli.plan_calls import stages


@cache
def tiny() -> CommunityPlan:
    return generate_community(preset("tiny"), 3)


class FakeGateway:
    """Creates get ids; activities refuses residents it has not heard of for a while."""

    def __init__(self, lagging_calls: int = 0) -> None:
        self.calls: list[Call] = []
        self.requests = 0
        self._lagging = lagging_calls

    def execute(self, document: str, **variables: Any) -> dict[str, Any]:
        raise GatewayError("INTROSPECTION_DISABLED", "no introspection here")

    def batch(self, calls: Sequence[Call]) -> list[dict[str, Any] | GatewayError]:
        self.requests += 1
        results: list[dict[str, Any] | GatewayError] = []
        for call in calls:
            if call.field == "createActivity" and self._lagging > 0:
                self._lagging -= 1
                results.append(GatewayError("NOT_FOUND", "unknown resident"))
                continue
            self.calls.append(call)
            results.append({"id": f"srv-{len(self.calls)}"})
        return results


def loader(tmp_path: Path, gateway: FakeGateway) -> PlanLoader:
    return PlanLoader(gateway, tmp_path / "state.json", Console(quiet=True), batch_size=50)


def test_every_planned_call_is_sent_in_dependency_order(tmp_path: Path) -> None:
    gateway = FakeGateway()
    ids = loader(tmp_path, gateway).load(tiny())
    assert len(gateway.calls) == sum(len(stage.items) for stage in stages(tiny()))
    fields = [call.field for call in gateway.calls]
    assert fields[0] == "registerCommunity"
    assert fields.index("registerResident") > max(
        i for i, f in enumerate(fields) if f == "addBuilding"
    )
    assert fields.index("checkIn") > max(i for i, f in enumerate(fields) if f == "registerResident")
    assert ids[tiny().id] == "srv-1"


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
    assert "idempotencyKey" not in next(c for c in gateway.calls if c.field == "checkIn").input


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


def test_skills_and_interests_are_sent_by_chinese_name(tmp_path: Path) -> None:
    gateway = FakeGateway()
    loader(tmp_path, gateway).load(tiny())
    skilled = next(c for c in gateway.calls if c.field == "registerResident" and c.input["skills"])
    assert all(not s["tag"].isascii() for s in skilled.input["skills"])
