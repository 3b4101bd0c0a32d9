"""Who may read or change what in the residents subgraph (docs/security.md has the table).

Another community's things look like things that do not exist (NOT_FOUND / null); a known
caller whose role does not allow something gets FORBIDDEN. Nothing is changed either way.
"""

from residents.domain import model
from residents.entrypoints.graphql.common import GqlInfo
from shulin_kit.identity import (
    ALL_COMMUNITIES,
    Identity,
    forbidden,
    not_in_community,
    require_community,
    require_staff,
)
from shulin_kit.subgraph import identity_of

RESIDENT_LISTS = "resident lists are for operators, admins and building heads (their buildings)"
PLANNERS = "planners see aggregates only, never a resident"


def is_self(identity: Identity, resident: model.Resident) -> bool:
    return identity.sub == resident.id and identity.has("resident", "building_head")


def may_see(identity: Identity, resident: model.Resident) -> bool:
    """The public card (name, building, interests): anyone of the community but a planner."""
    return identity.in_community(resident.community_id) and not identity.planner_only


def no_planners(info: GqlInfo) -> Identity:
    identity = identity_of(info)
    if identity.planner_only:
        raise forbidden(PLANNERS)
    return identity


def may_manage(identity: Identity, resident: model.Resident) -> bool:
    """The resident, staff of their community, or the head of their building."""
    return (
        is_self(identity, resident)
        or identity.is_staff_of(resident.community_id)
        or identity.heads_building(resident.community_id, resident.building_id)
    )


def guard_resident(info: GqlInfo, resident_id: str, what: str, staff_only: bool = False) -> None:
    """Before a change to a resident; an unknown id is left to the use case (NOT_FOUND)."""
    identity = identity_of(info)
    with info.context.container.uow() as uow:
        resident = uow.repo.get_resident(resident_id)
    if resident is None:
        return
    if not identity.in_community(resident.community_id):
        raise not_in_community("resident")
    allowed = (
        identity.is_staff_of(resident.community_id)
        if staff_only
        else may_manage(identity, resident)
    )
    if not allowed:
        who = "operators and admins" if staff_only else "the resident, staff or their building head"
        raise forbidden(f"{what} is for {who}")


def guard_residents_list(info: GqlInfo, community_id: str, building_id: str | None) -> None:
    identity = no_planners(info)
    require_community(identity, community_id)
    if identity.is_staff_of(community_id) or identity.heads_building(community_id, building_id):
        return
    raise forbidden(RESIDENT_LISTS)


def guard_staff(info: GqlInfo, community_id: str, what: str) -> None:
    require_staff(identity_of(info), community_id, what)


def guard_building_staff(info: GqlInfo, building_id: str, what: str) -> None:
    with info.context.container.uow() as uow:
        building = uow.repo.get_building(building_id)
    if building is not None:
        require_staff(identity_of(info), building.community_id, what)


def guard_platform_admin(info: GqlInfo, what: str) -> None:
    identity = identity_of(info)
    if not (identity.has("admin") and identity.community_id == ALL_COMMUNITIES):
        raise forbidden(f"{what} is for the platform admin")


CARD = "anyone of the community but planners"
SELF_OR_STAFF = "the resident, staff, or the head of their building"
STAFF_ONLY = "operators and admins of the community"
ANY = "any signed-in caller"
SHOWN_WITH_PARENT = "whoever may see the parent"

FIELD_RULES: dict[str, dict[str, str]] = {
    "Resident": {
        **dict.fromkeys(
            (
                "id",
                "displayName",
                "floor",
                "languages",
                "availability",
                "roles",
                "movedIn",
                "skills",
                "building",
                "compound",
                "community",
                "interests",
            ),
            CARD,
        ),
        "privateProfile": "self: all; staff: phone, if consented, with a reason (audited)",
    },
    "PrivateProfile": dict.fromkeys(("phone", "birthYear", "gender", "consent"), SHOWN_WITH_PARENT),
    "Query": {
        "_entities": "per entity type",
        "_service": "public (production: the gateway only)",
        "community": "same community",
        "compound": "same community",
        "building": "same community",
        "buildings": "same community",
        "resident": CARD,
        "residentByExternalRef": STAFF_ONLY,
        "residents": "staff; building heads for their buildings",
        "acquaintances": SELF_OR_STAFF,
        "tags": ANY,
    },
    "Mutation": {
        "registerCommunity": "the platform admin",
        "addCompound": STAFF_ONLY,
        "addBuilding": STAFF_ONLY,
        "addHousehold": STAFF_ONLY,
        "registerResident": "staff; building heads in their buildings",
        **dict.fromkeys(
            (
                "updateResidentProfile",
                "moveResident",
                "setResidentSkills",
                "setResidentInterests",
                "setResidentConsent",
                "setResidentSensitiveAttributes",
                "removeResident",
                "declareAcquaintance",
                "confirmAcquaintance",
            ),
            SELF_OR_STAFF,
        ),
        "setResidentRoles": STAFF_ONLY,
        "verifySkill": STAFF_ONLY,
        "defineTag": "operators and admins",
    },
}
"""Every field of these types has a rule; a test fails when a field is added without one."""
