"""Against a real SQLite file: each change and its outbox row commit together, or neither does."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Row, Table, func, select

from activities.adapters.repository import SqlRepository
from activities.adapters.tables import activities, check_ins, metadata, outbox
from activities.adapters.tables import outbox as outbox_table
from activities.domain.model import Activity, ActivityKind, CheckIn, Registration
from activities.service_layer import activity_services as services
from shulin_events import ACTIVITIES_TOPIC, decode
from shulin_kit.errors import Conflict, InvalidInput
from shulin_kit.store import make_engine
from shulin_kit.unit_of_work import SqlUnitOfWork

START = datetime(2025, 9, 20, 1, 30, tzinfo=UTC)


def new_uow(engine: Engine) -> SqlUnitOfWork[SqlRepository]:
    return SqlUnitOfWork(engine, SqlRepository, outbox_table, ACTIVITIES_TOPIC, write=True)


@pytest.fixture
def engine(tmp_path: Path, world: Any) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'activities.sqlite3'}")
    metadata.create_all(engine)
    with new_uow(engine) as uow:
        world(uow.repo)
        uow.commit()
    yield engine
    engine.dispose()


def command(capacity: int | None = 20, **changes: object) -> services.CreateActivity:
    fields: dict[str, object] = {
        "community_id": "c-1",
        "title": "邻里节",
        "kind": ActivityKind.NEIGHBOUR_FESTIVAL,
        "starts_at": START,
        "ends_at": START + timedelta(hours=4),
        "place": "小区中心广场",
        "capacity": capacity,
    }
    fields.update(changes)
    return services.CreateActivity(**fields)


def create(engine: Engine, capacity: int | None = 20, **changes: object) -> Activity:
    with new_uow(engine) as uow:
        activity = services.create_activity(uow, command(capacity, **changes))
        uow.commit()
    return activity


def check_in(engine: Engine, activity_id: str, resident_id: str) -> Activity:
    with new_uow(engine) as uow:
        services.register(uow, activity_id, resident_id, now=START - timedelta(days=1))
        uow.commit()
    with new_uow(engine) as uow:
        activity = services.check_in(uow, activity_id, resident_id, now=START)
        uow.commit()
    return activity


def count(engine: Engine, table: Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def outbox_rows(engine: Engine) -> list[Row[Any]]:
    with engine.connect() as conn:
        return list(conn.execute(select(outbox).order_by(outbox.c.id)).all())


def test_activity_row_and_its_outbox_row_are_committed_together(engine: Engine) -> None:
    activity = create(engine)

    assert count(engine, activities) == 1
    [row] = outbox_rows(engine)
    assert (row.topic, row.key, row.sent_at) == (ACTIVITIES_TOPIC, "c-1", None)
    event = decode(row.value)
    assert event.type == "ActivityCreated"
    assert event.community_id == "c-1"
    assert event.payload.activity_id == activity.id


def test_nothing_is_written_when_the_unit_of_work_is_not_committed(engine: Engine) -> None:
    with new_uow(engine) as uow:
        services.create_activity(uow, command())

    assert count(engine, activities) == 0
    assert count(engine, outbox) == 0


def test_a_failing_outbox_write_rolls_the_activity_back(engine: Engine) -> None:
    with pytest.raises(Exception, match="UNIQUE"), new_uow(engine) as uow:
        services.create_activity(uow, command())
        uow.events.append(uow.events[0])  # the same event_id twice breaks the outbox insert
        uow.commit()

    assert count(engine, activities) == 0
    assert count(engine, outbox) == 0


def test_refused_activity_writes_neither_row(engine: Engine) -> None:
    with pytest.raises(InvalidInput), new_uow(engine) as uow:
        services.create_activity(uow, command(title="x" * 61))
        uow.commit()

    assert count(engine, activities) == 0
    assert count(engine, outbox) == 0


def test_activity_reads_back_equal_with_its_times_in_utc(engine: Engine) -> None:
    created = create(engine, capacity=None)

    with new_uow(engine) as uow:
        stored = uow.repo.get_activity(created.id)

    assert stored == created
    assert stored is not None and stored.starts_at.tzinfo == UTC


def test_check_in_row_count_and_outbox_row_are_committed_together(engine: Engine) -> None:
    activity = create(engine)

    assert check_in(engine, activity.id, "r-1").attendee_count == 1

    assert count(engine, check_ins) == 1
    created, registered, checked_in = (decode(r.value) for r in outbox_rows(engine))
    assert (created.type, registered.type, checked_in.type) == (
        "ActivityCreated",
        "ActivityRegistered",
        "ResidentCheckedIn",
    )
    assert checked_in.payload.resident_id == "r-1"
    with new_uow(engine) as uow:
        assert uow.repo.get_activity(activity.id).attendee_count == 1


def test_refused_second_check_in_writes_neither_row(engine: Engine) -> None:
    activity = create(engine)
    check_in(engine, activity.id, "r-1")

    with pytest.raises(Conflict) as caught, new_uow(engine) as uow:
        services.check_in(uow, activity.id, "r-1", now=START)
        uow.commit()

    assert caught.value.field == "residentId"
    assert count(engine, check_ins) == 1
    assert count(engine, outbox) == 3
    with new_uow(engine) as uow:
        assert uow.repo.get_activity(activity.id).attendee_count == 1


def test_refused_check_in_without_a_place_writes_neither_row(engine: Engine) -> None:
    activity = create(engine, capacity=1)
    check_in(engine, activity.id, "r-1")
    with new_uow(engine) as uow:
        assert services.register(uow, activity.id, "r-2", now=START).waitlisted
        uow.commit()

    with pytest.raises(InvalidInput) as caught, new_uow(engine) as uow:
        services.check_in(uow, activity.id, "r-2", now=START)
        uow.commit()

    assert caught.value.field == "residentId"
    assert count(engine, check_ins) == 1
    assert count(engine, outbox) == 4


def test_unique_constraint_refuses_a_second_check_in_that_skipped_the_service(
    engine: Engine,
) -> None:
    activity = create(engine)
    with new_uow(engine) as uow:
        uow.repo.add_registration(Registration(activity.id, "r-1"))
        uow.repo.add_check_in(CheckIn(activity.id, "r-1"))
        with pytest.raises(Conflict) as caught:
            uow.repo.add_check_in(CheckIn(activity.id, "r-1"))
        assert caught.value.field == "residentId"


def test_taking_a_place_never_goes_beyond_capacity(engine: Engine) -> None:
    activity = create(engine, capacity=2)

    with new_uow(engine) as uow:
        taken = [uow.repo.take_place(activity.id) for _ in range(3)]
        uow.commit()

    assert taken == [True, True, False]
    with new_uow(engine) as uow:
        assert uow.repo.get_activity(activity.id).registered_count == 2


def test_lists_are_latest_start_first(engine: Engine) -> None:
    first = create(engine)
    second = create(engine, starts_at=START - timedelta(hours=1))
    elsewhere = create(engine, community_id="c-2")
    for activity in (first, second):
        check_in(engine, activity.id, "r-1")

    with new_uow(engine) as uow:
        of_community = [a.id for a in uow.repo.activities_page("c-1", 10, None).items]
        attended = [a.id for a in uow.repo.activities_attended_by("r-1", 10)]
        limited = uow.repo.activities_page("c-1", 1, None)

    assert of_community == [first.id, second.id]
    assert elsewhere.id not in of_community
    assert attended == [first.id, second.id]
    assert [a.id for a in limited.items] == [first.id] and limited.has_next_page
