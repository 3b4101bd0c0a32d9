"""Fakes of the residents service's own repository and unit of work."""

from typing import Self

import pytest

from residents.domain.model import Building, Community, Resident
from shulin_events import Envelope


class FakeRepository:
    def __init__(self) -> None:
        self.communities: dict[str, Community] = {}
        self.buildings: dict[str, Building] = {}
        self.residents: dict[str, Resident] = {}

    def add_community(self, community: Community) -> None:
        self.communities[community.id] = community

    def get_community(self, community_id: str) -> Community | None:
        return self.communities.get(community_id)

    def add_building(self, building: Building) -> None:
        self.buildings[building.id] = building

    def get_building(self, building_id: str) -> Building | None:
        return self.buildings.get(building_id)

    def buildings_of(self, community_id: str) -> list[Building]:
        return sorted(
            (b for b in self.buildings.values() if b.community_id == community_id),
            key=lambda b: b.name,
        )

    def add_resident(self, resident: Resident) -> None:
        self.residents[resident.id] = resident

    def get_resident(self, resident_id: str) -> Resident | None:
        return self.residents.get(resident_id)

    def residents_of(
        self, community_id: str, building_id: str | None, limit: int
    ) -> list[Resident]:
        found = [
            r
            for r in self.residents.values()
            if r.community_id == community_id and building_id in (None, r.building_id)
        ]
        return found[:limit]


class FakeUnitOfWork:
    """Keeps changes staged until commit, like the real one, so refused work leaves no trace."""

    def __init__(self) -> None:
        self.repo = FakeRepository()
        self.events: list[Envelope] = []
        self.published: list[Envelope] = []
        self.commits = 0

    def __enter__(self) -> Self:
        self.events = []
        return self

    def __exit__(self, *exc: object) -> None:
        self.events = []

    def commit(self) -> None:
        self.published.extend(self.events)
        self.commits += 1


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()
