"""Fakes of the activities' own repository and unit of work: fast tests, no database."""

import copy
import dataclasses
from typing import Self

import pytest

from activities.domain.model import Activity, CheckIn
from shulin_events import Envelope
from shulin_kit.errors import Conflict


class FakeRepository:
    """Keeps copies, as a database would: changing a loaded object changes nothing stored."""

    def __init__(self) -> None:
        self.activities: dict[str, Activity] = {}
        self.check_ins: dict[tuple[str, str], CheckIn] = {}

    def add_activity(self, activity: Activity) -> None:
        self.activities[activity.id] = dataclasses.replace(activity)

    def get_activity(self, activity_id: str) -> Activity | None:
        found = self.activities.get(activity_id)
        return dataclasses.replace(found) if found else None

    def activities_of(self, community_id: str, limit: int) -> list[Activity]:
        found = [a for a in self.activities.values() if a.community_id == community_id]
        found.sort(key=lambda a: (-a.starts_at.timestamp(), a.id))
        return [dataclasses.replace(a) for a in found[:limit]]

    def activities_attended_by(self, resident_id: str, limit: int) -> list[Activity]:
        ids = {a for a, r in self.check_ins if r == resident_id}
        found = sorted(
            (self.activities[i] for i in ids), key=lambda a: (-a.starts_at.timestamp(), a.id)
        )
        return [dataclasses.replace(a) for a in found[:limit]]

    def has_checked_in(self, activity_id: str, resident_id: str) -> bool:
        return (activity_id, resident_id) in self.check_ins

    def take_place(self, activity_id: str) -> bool:
        stored = self.activities[activity_id]
        if stored.capacity is not None and stored.attendee_count >= stored.capacity:
            return False
        stored.attendee_count += 1
        return True

    def add_check_in(self, check_in: CheckIn) -> None:
        key = (check_in.activity_id, check_in.resident_id)
        if key in self.check_ins:
            raise Conflict("already checked in", "residentId")
        self.check_ins[key] = check_in


class FakeUnitOfWork:
    """Applies the repository's changes and the events only on commit, like a transaction."""

    def __init__(self) -> None:
        self.repo = FakeRepository()
        self.events: list[Envelope] = []
        self.outbox: list[Envelope] = []
        self.commits = 0
        self._before: FakeRepository | None = None

    def __enter__(self) -> Self:
        self._before = copy.deepcopy(self.repo)
        self.events = []
        return self

    def __exit__(self, *exc: object) -> None:
        if self._before is not None:  # not committed: roll back
            self.repo = self._before
        self.events = []

    def commit(self) -> None:
        self.outbox.extend(self.events)
        self.commits += 1
        self._before = None


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()
