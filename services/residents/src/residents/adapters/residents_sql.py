"""SQL for residents and their skills, interests and roles (loaded in batches, not per row)."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, or_, select, update

from residents.adapters.tables import (
    acquaintances,
    buildings,
    outbox,
    resident_interests,
    resident_roles,
    resident_skills,
    residents,
)
from residents.domain.model import (
    Availability,
    Consent,
    Gender,
    Profile,
    RecommendationMode,
    Resident,
    Role,
    SensitiveAttributes,
    Skill,
)
from shulin_kit.outbox import forget_mentions
from shulin_kit.pagination import Page, keyset_page


class ResidentsSql:
    _conn: Connection

    def add_resident(self, resident: Resident) -> None:
        self._conn.execute(residents.insert().values(**_row(resident)))
        self._write_children(resident)

    def save_resident(self, resident: Resident) -> None:
        self._conn.execute(
            update(residents).where(residents.c.id == resident.id).values(**_row(resident))
        )
        self._delete_children(resident.id)
        self._write_children(resident)

    def get_resident(self, resident_id: str) -> Resident | None:
        found = self.get_residents([resident_id])
        return found.get(resident_id)

    def get_residents(self, resident_ids: Sequence[str]) -> dict[str, Resident]:
        rows = self._conn.execute(select(residents).where(residents.c.id.in_(resident_ids)))
        return {r.id: r for r in self._with_children([_resident(r._mapping) for r in rows])}

    def resident_by_external_ref(self, community_id: str, external_ref: str) -> Resident | None:
        row = self._conn.execute(
            select(residents).where(
                residents.c.community_id == community_id, residents.c.external_ref == external_ref
            )
        ).first()
        return self._with_children([_resident(row._mapping)])[0] if row else None

    def residents_page(
        self,
        community_id: str,
        building_id: str | None,
        compound_id: str | None,
        skill: str | None,
        interest: str | None,
        first: int,
        after: str | None,
    ) -> Page[Resident]:
        r = residents.c
        query = select(residents).where(r.community_id == community_id)
        if building_id is not None:
            query = query.where(r.building_id == building_id)
        if compound_id is not None:
            in_compound = select(buildings.c.id).where(buildings.c.compound_id == compound_id)
            query = query.where(r.building_id.in_(in_compound))
        if skill is not None:
            query = query.where(
                r.id.in_(
                    select(resident_skills.c.resident_id).where(resident_skills.c.tag == skill)
                )
            )
        if interest is not None:
            with_interest = select(resident_interests.c.resident_id).where(
                resident_interests.c.tag == interest
            )
            query = query.where(r.id.in_(with_interest))
        page = keyset_page(
            self._conn, query, [r.id], first, after, lambda row: _resident(row._mapping)
        )
        return Page(self._with_children(page.items), page.cursors, page.has_next_page)

    def remove_resident(self, resident_id: str, community_id: str) -> None:
        """Erasure: the row and everything hanging off it, declarations in both directions.

        The community's outbox rows that mention the resident (where they live, their skills,
        interests and care flag; v1 rows also their name) go too, sent or not: consumers then
        get only the ResidentRemoved that follows.
        """
        forget_mentions(self._conn, outbox, community_id, resident_id)
        a = acquaintances.c
        self._conn.execute(
            delete(acquaintances).where(
                or_(a.from_resident_id == resident_id, a.to_resident_id == resident_id)
            )
        )
        self._delete_children(resident_id)
        self._conn.execute(delete(residents).where(residents.c.id == resident_id))

    def _delete_children(self, resident_id: str) -> None:
        for table in (resident_skills, resident_interests, resident_roles):
            self._conn.execute(delete(table).where(table.c.resident_id == resident_id))

    def _write_children(self, resident: Resident) -> None:
        rid = resident.id
        if resident.skills:
            self._conn.execute(
                resident_skills.insert(),
                [
                    {"resident_id": rid, "position": i, **vars(s)}
                    for i, s in enumerate(resident.skills)
                ],
            )
        if resident.interests:
            self._conn.execute(
                resident_interests.insert(),
                [
                    {"resident_id": rid, "position": i, "tag": t}
                    for i, t in enumerate(resident.interests)
                ],
            )
        if resident.roles:
            self._conn.execute(
                resident_roles.insert(),
                [{"resident_id": rid, "role": role.value} for role in resident.roles],
            )

    def _with_children(self, found: list[Resident]) -> list[Resident]:
        ids = [r.id for r in found]
        if not ids:
            return found
        skills: dict[str, list[Skill]] = defaultdict(list)
        for row in self._conn.execute(
            select(resident_skills)
            .where(resident_skills.c.resident_id.in_(ids))
            .order_by(resident_skills.c.position)
        ):
            skills[row.resident_id].append(Skill(row.tag, row.level, row.verified))
        interests: dict[str, list[str]] = defaultdict(list)
        for row in self._conn.execute(
            select(resident_interests)
            .where(resident_interests.c.resident_id.in_(ids))
            .order_by(resident_interests.c.position)
        ):
            interests[row.resident_id].append(row.tag)
        roles: dict[str, set[Role]] = defaultdict(set)
        for row in self._conn.execute(
            select(resident_roles).where(resident_roles.c.resident_id.in_(ids))
        ):
            roles[row.resident_id].add(Role(row.role))
        for r in found:
            r.skills = tuple(skills[r.id])
            r.interests = tuple(interests[r.id])
            r.roles = tuple(role for role in Role if role in roles[r.id])
        return found


def _row(r: Resident) -> dict[str, Any]:
    p, c, s = r.profile, r.consent, r.sensitive
    return {
        "id": r.id,
        "community_id": r.community_id,
        "building_id": r.building_id,
        "household_id": r.household_id,
        "floor": r.floor,
        "external_ref": r.external_ref,
        "display_name": p.display_name,
        "gender": p.gender.value if p.gender else None,
        "birth_year": p.birth_year,
        "phone": p.phone,
        "moved_in_on": p.moved_in_on,
        "languages": list(p.languages),
        "availability": [a.value for a in p.availability],
        "may_be_recommended": c.may_be_recommended,
        "contact_visible_to_operators": c.contact_visible_to_operators,
        "recommendations": c.recommendations.value,
        "party_member": s.party_member,
        "elderly_living_alone": s.elderly_living_alone,
        "needs_care": s.needs_care,
        "registered_at": r.registered_at,
    }


def _resident(m: RowMapping) -> Resident:
    return Resident(
        id=m["id"],
        community_id=m["community_id"],
        building_id=m["building_id"],
        household_id=m["household_id"],
        floor=m["floor"],
        external_ref=m["external_ref"],
        profile=Profile(
            display_name=m["display_name"],
            gender=Gender(m["gender"]) if m["gender"] else None,
            birth_year=m["birth_year"],
            phone=m["phone"],
            moved_in_on=m["moved_in_on"],
            languages=tuple(m["languages"]),
            availability=tuple(Availability(a) for a in m["availability"]),
        ),
        consent=Consent(
            m["may_be_recommended"],
            m["contact_visible_to_operators"],
            RecommendationMode(m["recommendations"]),
        ),
        sensitive=SensitiveAttributes(
            m["party_member"], m["elderly_living_alone"], m["needs_care"]
        ),
        registered_at=m["registered_at"],
    )
