"""Every SQL statement of the residents service."""

from typing import Protocol

from sqlalchemy import Connection, select

from residents.adapters.tables import buildings, communities, residents
from residents.domain.model import Building, Community, Resident


class Repository(Protocol):
    def add_community(self, community: Community) -> None: ...
    def get_community(self, community_id: str) -> Community | None: ...
    def add_building(self, building: Building) -> None: ...
    def get_building(self, building_id: str) -> Building | None: ...
    def buildings_of(self, community_id: str) -> list[Building]: ...
    def add_resident(self, resident: Resident) -> None: ...
    def get_resident(self, resident_id: str) -> Resident | None: ...
    def residents_of(
        self, community_id: str, building_id: str | None, limit: int
    ) -> list[Resident]: ...


class SqlRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_community(self, community: Community) -> None:
        self._conn.execute(communities.insert().values(**vars(community)))

    def get_community(self, community_id: str) -> Community | None:
        row = self._conn.execute(
            select(communities).where(communities.c.id == community_id)
        ).first()
        return Community(**row._mapping) if row else None

    def add_building(self, building: Building) -> None:
        self._conn.execute(buildings.insert().values(**vars(building)))

    def get_building(self, building_id: str) -> Building | None:
        row = self._conn.execute(select(buildings).where(buildings.c.id == building_id)).first()
        return Building(**row._mapping) if row else None

    def buildings_of(self, community_id: str) -> list[Building]:
        rows = self._conn.execute(
            select(buildings)
            .where(buildings.c.community_id == community_id)
            .order_by(buildings.c.name)
        )
        return [Building(**r._mapping) for r in rows]

    def add_resident(self, resident: Resident) -> None:
        self._conn.execute(residents.insert().values(**vars(resident)))

    def get_resident(self, resident_id: str) -> Resident | None:
        row = self._conn.execute(select(residents).where(residents.c.id == resident_id)).first()
        return Resident(**row._mapping) if row else None

    def residents_of(
        self, community_id: str, building_id: str | None, limit: int
    ) -> list[Resident]:
        query = select(residents).where(residents.c.community_id == community_id)
        if building_id is not None:
            query = query.where(residents.c.building_id == building_id)
        rows = self._conn.execute(
            query.order_by(residents.c.registered_at, residents.c.id).limit(limit)
        )
        return [Resident(**r._mapping) for r in rows]
