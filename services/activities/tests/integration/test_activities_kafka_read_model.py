"""The residents read model fed from the real Kafka: events arrive, poison is skipped,
offsets are committed after the database transaction, and removal erases."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from shulin_testkit import (
    KAFKA,
    end_offsets,
    group_caught_up,
    publish,
    start_group_at,
    unique,
    wait_until,
)

from activities.adapters.repository import SqlRepository
from activities.adapters.tables import metadata, outbox
from activities.entrypoints.residents_consumer import ResidentsViewConsumer
from shulin_events import ACTIVITIES_TOPIC, RESIDENTS_TOPIC, new_envelope
from shulin_events.schemas import (
    BuildingAdded,
    CommunityRegistered,
    CompoundAdded,
    ResidentRegistered,
    ResidentRemoved,
)
from shulin_kit.sql_service import SqlService

pytestmark = pytest.mark.integration


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlService[SqlRepository]]:
    service = SqlService(
        "activities-test",
        f"sqlite:///{tmp_path / 'activities.sqlite3'}",
        KAFKA,
        metadata,
        outbox,
        ACTIVITIES_TOPIC,
        SqlRepository,
        relay_enabled=False,
    )
    yield service
    service.engine.dispose()


@pytest.fixture
def consumer(servers: None, store: SqlService[SqlRepository]) -> Iterator[tuple[Any, str]]:
    group = unique("activities-residents-view-test")
    start_group_at(group, end_offsets([RESIDENTS_TOPIC]))
    view = ResidentsViewConsumer(lambda: store.uow(write=True), KAFKA, group)
    view.start()
    yield view, group
    view.stop()


def resident(store: SqlService[SqlRepository], resident_id: str) -> Any:
    with store.uow() as uow:
        return uow.repo.get_resident(resident_id)


def test_residents_events_reach_the_read_model_and_poison_is_skipped(
    consumer: tuple[Any, str], store: SqlService[SqlRepository]
) -> None:
    view, group = consumer
    community, compound = unique("c"), unique("k")
    building, someone = unique("b"), unique("r")
    publish(
        RESIDENTS_TOPIC,
        [
            new_envelope(CommunityRegistered(community_id=community, name="樵华社区"), community),
            b"{not json",
            new_envelope(
                CompoundAdded(compound_id=compound, community_id=community, name="尚观嘉园"),
                community,
            ),
            new_envelope(
                BuildingAdded(
                    building_id=building,
                    community_id=community,
                    name="3栋",
                    floors=12,
                    compound_id=compound,
                ),
                community,
            ),
            new_envelope(
                ResidentRegistered(
                    resident_id=someone,
                    community_id=community,
                    building_id=building,
                ),
                community,
            ),
        ],
        key=community.encode(),
    )

    found = wait_until(lambda: resident(store, someone), timeout_s=60, what="the resident")
    assert (found.community_id, found.building_id, found.compound_id) == (
        community,
        building,
        compound,
    )
    wait_until(lambda: group_caught_up(group, [RESIDENTS_TOPIC]), what="offsets committed")
    assert view.state == "consuming"

    publish(
        RESIDENTS_TOPIC,
        [new_envelope(ResidentRemoved(resident_id=someone, community_id=community), community)],
    )

    wait_until(lambda: resident(store, someone).removed, timeout_s=60, what="the erasure")
