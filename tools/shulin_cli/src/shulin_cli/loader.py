"""Load a CommunityPlan through the gateway: batched, in dependency order, resumable.

Resumable twice over: a state file maps plan ids to the server's ids (a re-run skips what is
done), and every create carries an idempotency key derived from its plan id (a call retried after
a lost response returns what the first one created).
"""

import json
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from shulin_cli.gateway import operations as ops
from shulin_cli.gateway.graphql import Call, GatewayError, GraphQLTransport, chunks
from shulin_cli.gateway.surface import Surface, discover
from shulin_cli.generator.plan import CommunityPlan
from shulin_cli.plan_calls import Item, MissingDependency, Stage, idempotency_key, stages

DONE = "done"  # state value of a link call (registration, check-in, …) that succeeded
READ_MODEL_STAGES = (
    "活动",
    "报名",
    "签到",
    "社团",
    "入会",
    "需求",
    "技能",
    "完成",
    "评价",
    "微心愿",
    "认领",
    "实现",
    "志愿",
)


def waits_for_read_model(error: GatewayError) -> bool:
    """Activities does not know the resident (or building) yet: its read model lags behind Kafka.

    NOT_FOUND for a single id; a list (a sign-in sheet) says BAD_USER_INPUT per entry, with the
    service's hint to retry in a moment.
    """
    message = error.message.lower()
    return "unknown" in message and (error.code == "NOT_FOUND" or "retry in a moment" in message)


class PlanLoader:
    def __init__(
        self,
        client: GraphQLTransport,
        state_file: Path,
        console: Console | None = None,
        batch_size: int = 25,  # stays under the gateway's alias limit (GATEWAY_MAX_ALIASES, 30)
        read_model_wait_s: float = 120.0,
        now: datetime | None = None,
    ) -> None:
        self._client = client
        self._state_file = state_file
        self._console = console or Console()
        self._batch_size = batch_size
        self._read_model_wait_s = read_model_wait_s
        self._now = now  # which activities have begun; None: the clock
        self.failures: Counter[str] = Counter()
        self.first_errors: dict[str, str] = {}

    def _load_state(self) -> dict[str, str]:
        if self._state_file.exists():
            state: dict[str, str] = json.loads(self._state_file.read_text())
            return state
        return {}

    def _save_state(self, ids: dict[str, str]) -> None:
        self._state_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._state_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(ids))
        temporary.replace(self._state_file)

    def load(self, plan: CommunityPlan) -> dict[str, str]:
        """Plan id → server id for everything loaded (this run and earlier ones)."""
        ids = self._load_state()
        all_stages = stages(plan, self._now)
        surface = discover(self._client, {i.operation[1] for s in all_stages for i in s.items})
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=self._console) as progress:
            for stage in all_stages:
                self._load_stage(stage, ids, surface, progress)
                self._save_state(ids)
        for stage_name, count in self.failures.items():
            self._console.print(
                f"[yellow]{stage_name}: {count} failed, e.g. {self.first_errors[stage_name]}[/yellow]"
            )
        return ids

    def _load_stage(
        self, stage: Stage, ids: dict[str, str], surface: Surface | None, progress: Progress
    ) -> None:
        absent = sorted(
            {i.operation[0] for i in stage.items if surface and not surface.has(i.operation[0])}
        )
        if absent:
            names = ", ".join(absent)
            self._console.print(f"[dim]skipped in {stage.name}: the gateway has no {names}[/dim]")
        pending = [
            item for item in stage.items if item.key not in ids and item.operation[0] not in absent
        ]
        task = progress.add_task(
            stage.name, total=len(stage.items), completed=len(stage.items) - len(pending)
        )
        retry_deadline = time.monotonic() + self._read_model_wait_s
        delay = 0.5
        while pending:
            waiting: list[Item] = []
            for number, batch in enumerate(chunks(pending, self._batch_size)):
                waiting += self._send(stage.name, batch, ids, surface)
                progress.update(task, completed=sum(1 for i in stage.items if i.key in ids))
                if number % 20 == 19:
                    self._save_state(ids)
            if (
                waiting
                and time.monotonic() < retry_deadline
                and stage.name.startswith(READ_MODEL_STAGES)
            ):
                time.sleep(delay)  # the activities read model catches up from Kafka
                delay = min(delay * 2, 8.0)
                pending = waiting
            else:
                for item in waiting:
                    self._fail(stage.name, f"{item.key}: activities does not know it yet")
                pending = []
        progress.update(
            task, completed=sum(1 for i in stage.items if i.key in ids) or len(stage.items)
        )

    def _call(self, item: Item, ids: dict[str, str], surface: Surface | None) -> Call:
        field, input_type = item.operation
        payload: dict[str, Any] = item.build(ids)
        if item.creates:
            payload["idempotencyKey"] = idempotency_key(item.key)
        if surface is not None:
            return Call(
                field, input_type, surface.accepted(input_type, payload), surface.selection(field)
            )
        accepted = {k: v for k, v in payload.items() if v is not None}
        return Call(field, input_type, accepted, ops.selection(field))

    def _send(
        self, stage_name: str, batch: Sequence[Item], ids: dict[str, str], surface: Surface | None
    ) -> list[Item]:
        """Send one batch; the items to retry because the activities read model lags."""
        ready: list[tuple[Item, Call]] = []
        for item in batch:
            try:
                ready.append((item, self._call(item, ids, surface)))
            except MissingDependency as missing:
                self._fail(stage_name, f"{item.key}: depends on {missing.args[0]}, which failed")
        try:
            results = self._client.batch([call for _, call in ready])
        except Exception as error:  # a transport failure fails the batch, not the load
            results = [GatewayError("TRANSPORT", str(error))] * len(ready)
        retry: list[Item] = []
        for (item, _), result in zip(ready, results, strict=True):
            if not isinstance(result, GatewayError):
                ids[item.key] = str(result.get("id", DONE)) if item.creates else DONE
            elif result.code == "CONFLICT" and not item.creates:
                ids[item.key] = DONE  # already registered / checked in / joined
            elif waits_for_read_model(result):
                retry.append(item)
            else:
                self._fail(stage_name, f"{item.key}: {result}")
        return retry

    def _fail(self, stage_name: str, message: str) -> None:
        self.failures[stage_name] += 1
        self.first_errors.setdefault(stage_name, message)
