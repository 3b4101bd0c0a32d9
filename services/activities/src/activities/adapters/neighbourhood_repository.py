"""SQL of the residents read model (communities, compounds, buildings, residents, taxonomy)
and of idempotency keys. Every write is an idempotent upsert: replaying an event changes nothing.
"""

import uuid
from typing import Any, Protocol

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.exc import IntegrityError

from activities.adapters.tables import (
    idempotency_keys,
    known_buildings,
    known_communities,
    known_compounds,
    known_residents,
    outbox,
    taxonomy_kinds,
    taxonomy_names,
    taxonomy_tags,
    view_meta,
)
from activities.domain.neighbourhood import KnownBuilding, KnownResident, TaxonomyTag, tag_key
from shulin_kit import idempotency
from shulin_kit.errors import Conflict
from shulin_kit.outbox import forget_mentions

INSTANCE_ID = "instance_id"


class NeighbourhoodRepository(Protocol):
    def upsert_community(self, community_id: str, name: str) -> None: ...
    def upsert_compound(self, compound_id: str, community_id: str) -> None: ...
    def upsert_building(self, building: KnownBuilding) -> None: ...
    def upsert_resident(self, resident: KnownResident) -> None:
        """Insert or replace, except that a removed resident stays removed."""
        ...

    def move_resident(self, resident_id: str, building_id: str) -> None: ...
    def set_consent(self, resident_id: str, may_be_recommended: bool) -> None: ...
    def remove_resident(self, resident_id: str, community_id: str) -> None:
        """Forget where they live; keep a tombstone so a replay cannot bring them back."""
        ...

    def community_known(self, community_id: str) -> bool: ...
    def compound_community(self, compound_id: str) -> str | None: ...
    def get_building(self, building_id: str) -> KnownBuilding | None: ...
    def get_resident(self, resident_id: str) -> KnownResident | None: ...
    def define_tag(self, tag: TaxonomyTag) -> None: ...
    def find_tag(self, name: str, kind: str | None = None) -> TaxonomyTag | None:
        """A tag by its canonical name or a synonym, case-insensitively; as `kind` if it is one."""
        ...

    def recall(self, operation: str, key: str) -> str | None: ...
    def remember(self, operation: str, key: str, result_id: str) -> None: ...
    def database_instance_id(self) -> str:
        """This database's own id: made (a uuid4) the first time it is asked for, then kept."""
        ...


class NeighbourhoodSql:
    _conn: Connection

    def upsert_community(self, community_id: str, name: str) -> None:
        self._upsert(known_communities, {"id": community_id, "name": name})

    def upsert_compound(self, compound_id: str, community_id: str) -> None:
        self._upsert(known_compounds, {"id": compound_id, "community_id": community_id})

    def upsert_building(self, building: KnownBuilding) -> None:
        self._upsert(known_buildings, vars(building))

    def upsert_resident(self, resident: KnownResident) -> None:
        stored = self.get_resident(resident.id)
        if stored is not None and stored.removed:
            return
        row = {k: v for k, v in vars(resident).items() if k != "compound_id"}
        self._upsert(known_residents, row)

    def move_resident(self, resident_id: str, building_id: str) -> None:
        self._conn.execute(
            update(known_residents)
            .where(known_residents.c.id == resident_id, ~known_residents.c.removed)
            .values(building_id=building_id)
        )

    def set_consent(self, resident_id: str, may_be_recommended: bool) -> None:
        self._conn.execute(
            update(known_residents)
            .where(known_residents.c.id == resident_id)
            .values(may_be_recommended=may_be_recommended)
        )

    def remove_resident(self, resident_id: str, community_id: str) -> None:
        # Sent events that mention them (their posts, check-ins) go too; see forget_mentions.
        forget_mentions(self._conn, outbox, community_id, resident_id)
        self._upsert(
            known_residents,
            {
                "id": resident_id,
                "community_id": community_id,
                "building_id": None,
                "may_be_recommended": False,
                "removed": True,
            },
        )

    def community_known(self, community_id: str) -> bool:
        found = self._conn.execute(
            select(known_communities.c.id).where(known_communities.c.id == community_id)
        ).first()
        return found is not None

    def compound_community(self, compound_id: str) -> str | None:
        found = self._conn.execute(
            select(known_compounds.c.community_id).where(known_compounds.c.id == compound_id)
        ).scalar()
        return str(found) if found is not None else None

    def get_building(self, building_id: str) -> KnownBuilding | None:
        row = self._conn.execute(
            select(known_buildings).where(known_buildings.c.id == building_id)
        ).first()
        return KnownBuilding(**row._mapping) if row else None

    def get_resident(self, resident_id: str) -> KnownResident | None:
        row = self._conn.execute(
            select(known_residents, known_buildings.c.compound_id)
            .outerjoin(known_buildings, known_buildings.c.id == known_residents.c.building_id)
            .where(known_residents.c.id == resident_id)
        ).first()
        return KnownResident(**_bools(row._mapping)) if row else None

    def define_tag(self, tag: TaxonomyTag) -> None:
        self._upsert(taxonomy_tags, {"tag": tag.tag, "kind": tag.kind})
        self._upsert(taxonomy_kinds, {"tag": tag.tag, "kind": tag.kind})
        self._conn.execute(taxonomy_names.delete().where(taxonomy_names.c.tag == tag.tag))
        names = dict.fromkeys(tag_key(n) for n in (tag.tag, *tag.synonyms) if tag_key(n))
        for name in names:
            # A synonym another tag already claims stays with that tag (first definition wins).
            if self._conn.execute(
                select(taxonomy_names.c.tag).where(taxonomy_names.c.name == name)
            ).first():
                continue
            self._conn.execute(taxonomy_names.insert().values(name=name, tag=tag.tag))

    def find_tag(self, name: str, kind: str | None = None) -> TaxonomyTag | None:
        row = self._conn.execute(
            select(taxonomy_tags)
            .join(taxonomy_names, taxonomy_names.c.tag == taxonomy_tags.c.tag)
            .where(taxonomy_names.c.name == tag_key(name))
        ).first()
        if row is None:
            return None
        if kind is not None and kind != row.kind:
            also = select(taxonomy_kinds.c.kind).where(
                taxonomy_kinds.c.tag == row.tag, taxonomy_kinds.c.kind == kind
            )
            if self._conn.execute(also).first() is not None:
                return TaxonomyTag(tag=row.tag, kind=kind)
        return TaxonomyTag(tag=row.tag, kind=row.kind)

    def recall(self, operation: str, key: str) -> str | None:
        found = idempotency.recall(self._conn, idempotency_keys, operation, key)
        return str(found) if found is not None else None

    def remember(self, operation: str, key: str, result_id: str) -> None:
        try:
            idempotency.remember(self._conn, idempotency_keys, operation, key, result_id)
        except IntegrityError as exc:
            raise Conflict(
                "another request with this idempotencyKey is being processed; retry",
                "idempotencyKey",
            ) from exc

    def database_instance_id(self) -> str:
        query = select(view_meta.c.value).where(view_meta.c.key == INSTANCE_ID)
        found = self._conn.execute(query).scalar()
        if found is None:
            found = str(uuid.uuid4())
            self._conn.execute(view_meta.insert().values(key=INSTANCE_ID, value=found))
        return str(found)

    def _upsert(self, table: Table, row: dict[str, Any]) -> None:
        key = [c for c in table.primary_key.columns]
        match = [c == row[c.name] for c in key]
        changed = self._conn.execute(update(table).where(*match).values(**row))
        if changed.rowcount == 0:
            self._conn.execute(table.insert().values(**row))


def _bools(row: Any) -> dict[str, Any]:
    return dict(row) | {
        "may_be_recommended": bool(row["may_be_recommended"]),
        "removed": bool(row["removed"]),
    }
