"""SQL for places: communities, compounds, buildings and households."""

from sqlalchemy import Connection, select

from residents.adapters.tables import buildings, communities, compounds, households
from residents.domain.places import Building, Community, Compound, Household
from shulin_kit.pagination import Page, keyset_page


class PlacesSql:
    _conn: Connection

    def add_community(self, community: Community) -> None:
        self._conn.execute(communities.insert().values(**vars(community)))

    def get_community(self, community_id: str) -> Community | None:
        row = self._conn.execute(
            select(communities).where(communities.c.id == community_id)
        ).first()
        return Community(**row._mapping) if row else None

    def add_compound(self, compound: Compound) -> None:
        self._conn.execute(compounds.insert().values(**vars(compound)))

    def get_compound(self, compound_id: str) -> Compound | None:
        row = self._conn.execute(select(compounds).where(compounds.c.id == compound_id)).first()
        return Compound(**row._mapping) if row else None

    def compounds_of(self, community_id: str) -> list[Compound]:
        rows = self._conn.execute(
            select(compounds)
            .where(compounds.c.community_id == community_id)
            .order_by(compounds.c.name, compounds.c.id)
        )
        return [Compound(**r._mapping) for r in rows]

    def add_building(self, building: Building) -> None:
        self._conn.execute(buildings.insert().values(**vars(building)))

    def get_building(self, building_id: str) -> Building | None:
        row = self._conn.execute(select(buildings).where(buildings.c.id == building_id)).first()
        return Building(**row._mapping) if row else None

    def buildings_of(self, community_id: str) -> list[Building]:
        rows = self._conn.execute(
            select(buildings)
            .where(buildings.c.community_id == community_id)
            .order_by(buildings.c.name, buildings.c.id)
        )
        return [Building(**r._mapping) for r in rows]

    def buildings_page(
        self, community_id: str, compound_id: str | None, first: int, after: str | None
    ) -> Page[Building]:
        query = select(buildings).where(buildings.c.community_id == community_id)
        if compound_id is not None:
            query = query.where(buildings.c.compound_id == compound_id)
        return keyset_page(
            self._conn,
            query,
            [buildings.c.name, buildings.c.id],
            first,
            after,
            lambda r: Building(**r._mapping),
        )

    def add_household(self, household: Household) -> None:
        self._conn.execute(households.insert().values(**vars(household)))

    def get_household(self, household_id: str) -> Household | None:
        row = self._conn.execute(select(households).where(households.c.id == household_id)).first()
        return Household(**row._mapping) if row else None

    def household_at(self, building_id: str, unit: int, floor: int, door: str) -> Household | None:
        row = self._conn.execute(
            select(households).where(
                households.c.building_id == building_id,
                households.c.unit == unit,
                households.c.floor == floor,
                households.c.door == door,
            )
        ).first()
        return Household(**row._mapping) if row else None
