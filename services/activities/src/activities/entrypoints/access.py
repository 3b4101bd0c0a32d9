"""Who may read or change what in the activities subgraph (docs/security.md has the table).

Another community's things look like things that do not exist (NOT_FOUND / null); a known
caller whose role does not allow something gets FORBIDDEN. Nothing is changed either way.
Staff (operators and admins of the community) may act on a resident's behalf; a resident or a
building head acts for themself; planners see lists of activities and groups, never a resident.
"""

from collections.abc import Iterable

from activities.entrypoints.gql_common import GqlInfo
from shulin_kit.identity import (
    STAFF,
    Identity,
    forbidden,
    not_in_community,
    require_community,
    require_staff,
)
from shulin_kit.subgraph import identity_of

PLANNERS = "planners see lists of activities and groups only, never a resident"
FOR_SELF = "the resident themself, or an operator or admin of their community"


def acts_for(identity: Identity, resident_id: str | None) -> bool:
    return (
        resident_id is not None
        and identity.sub == resident_id
        and identity.has("resident", "building_head")
    )


def no_planners(info: GqlInfo) -> Identity:
    identity = identity_of(info)
    if identity.planner_only:
        raise forbidden(PLANNERS)
    return identity


def in_community(identity: Identity, community_id: str | None, kind: str) -> None:
    """Raise NOT_FOUND for a thing of another community (an unknown thing is left to the use case)."""
    if community_id is not None and not identity.in_community(community_id):
        raise not_in_community(kind)


def community_of_resident(info: GqlInfo, resident_id: str) -> str | None:
    with info.context.container.uow() as uow:
        known = uow.repo.get_resident(resident_id)
    return known.community_id if known else None


def guard_for(
    info: GqlInfo,
    resident_ids: Iterable[str | None],
    community_id: str | None,
    what: str,
    kind: str,
) -> None:
    """The caller is one of `resident_ids` acting for themself, or staff of the community."""
    identity = identity_of(info)
    in_community(identity, community_id, kind)
    if any(acts_for(identity, r) for r in resident_ids):
        return
    if community_id is None and identity.has(*STAFF):
        return  # unknown to us: the use case answers NOT_FOUND
    if identity.is_staff_of(community_id):
        return
    raise forbidden(f"{what} is for {FOR_SELF}")


def guard_resident(info: GqlInfo, resident_id: str, what: str) -> None:
    """The resident themself or staff of their community (their community from the read model)."""
    community = community_of_resident(info, resident_id)
    guard_for(info, [resident_id], community, what, "resident")


def guard_resident_staff(info: GqlInfo, resident_id: str, what: str) -> None:
    identity = identity_of(info)
    community = community_of_resident(info, resident_id)
    if community is None:
        if not identity.has(*STAFF):
            raise forbidden(f"{what} needs an operator or admin of the community")
        return
    require_staff(identity, community, what)


def guard_resident_data(info: GqlInfo, resident_id: str) -> None:
    """Per-resident data (points, ledger, registrations): the resident or staff; never planners."""
    no_planners(info)
    guard_resident(info, resident_id, "a resident's own data")


LIFE = (
    "which activities and groups a resident attends: the resident, heads of their building and "
    "staff of their community"
)


def guard_resident_life(info: GqlInfo, resident_id: str) -> None:
    """`Resident.activities` / `groups` say where someone goes and when: not for their neighbours."""
    identity = no_planners(info)
    with info.context.container.uow() as uow:
        known = uow.repo.get_resident(resident_id)
    if known is None:
        if acts_for(identity, resident_id) or identity.has(*STAFF):
            return  # not in the read model yet: the resolver finds nothing
        raise forbidden(f"this is for {LIFE}")
    in_community(identity, known.community_id, "resident")
    if (
        acts_for(identity, resident_id)
        or identity.is_staff_of(known.community_id)
        or identity.heads_building(known.community_id, known.building_id)
    ):
        return
    raise forbidden(f"this is for {LIFE}")


def guard_resident_posts(info: GqlInfo, resident_id: str) -> None:
    """`Resident.listings` / `wishes`: the community's boards, so anyone of the community."""
    identity = no_planners(info)
    with info.context.container.uow() as uow:
        known = uow.repo.get_resident(resident_id)
    if known is not None:
        in_community(identity, known.community_id, "resident")
    elif not (acts_for(identity, resident_id) or identity.has(*STAFF)):
        raise forbidden("a resident's posts are for their community")


def guard_activity(info: GqlInfo, activity_id: str, what: str, heads: bool = False) -> None:
    """Staff of the activity's community; with `heads`, also a head of one of its buildings."""
    identity = identity_of(info)
    with info.context.container.uow() as uow:
        activity = uow.repo.get_activity(activity_id)
    if activity is None:
        if not identity.has(*STAFF, *(("building_head",) if heads else ())):
            raise forbidden(f"{what} needs an operator or admin of the community")
        return
    in_community(identity, activity.community_id, "activity")
    if identity.is_staff_of(activity.community_id):
        return
    if heads and any(
        identity.heads_building(activity.community_id, b) for b in activity.building_ids
    ):
        return
    who = "operators, admins and heads of its buildings" if heads else "operators and admins"
    raise forbidden(f"{what} is for {who}")


def activity_community(info: GqlInfo, activity_id: str) -> str | None:
    with info.context.container.uow() as uow:
        activity = uow.repo.get_activity(activity_id)
    return activity.community_id if activity else None


def guard_staff(info: GqlInfo, community_id: str, what: str) -> None:
    require_staff(identity_of(info), community_id, what)


def guard_community(info: GqlInfo, community_id: str, planners: bool = True) -> None:
    identity = identity_of(info) if planners else no_planners(info)
    require_community(identity, community_id)


def visible(info: GqlInfo, community_id: str, planners: bool = True) -> bool:
    """A lookup by id: another community's thing is null."""
    identity = identity_of(info) if planners else no_planners(info)
    return identity.in_community(community_id)


SAME_COMMUNITY = "anyone of the community"
NOT_PLANNERS = "anyone of the community but planners"
SELF_OR_STAFF = FOR_SELF
STAFF_ONLY = "operators and admins of the community"
ATTENDEES = "operators, admins and heads of the activity's buildings; never planners"
PARTIES = "a party to the exchange (acting for themself), or staff"

FIELD_RULES: dict[str, dict[str, str]] = {
    "Query": {
        "_entities": "per entity type",
        "_service": "public (production: the gateway only)",
        "activity": SAME_COMMUNITY,
        "activities": SAME_COMMUNITY,
        "group": SAME_COMMUNITY,
        "groups": SAME_COMMUNITY,
        "listing": NOT_PLANNERS,
        "listings": NOT_PLANNERS,
        "exchange": NOT_PLANNERS,
        "wish": NOT_PLANNERS,
        "wishes": NOT_PLANNERS,
        "points": SELF_OR_STAFF,
        "pointsLedger": STAFF_ONLY,
    },
    "Mutation": {
        "createActivity": STAFF_ONLY,
        "cancelActivity": STAFF_ONLY,
        "registerForActivity": SELF_OR_STAFF,
        "cancelRegistration": SELF_OR_STAFF,
        "checkIn": SELF_OR_STAFF,
        "recordAttendance": "staff; building heads for their buildings' activities",
        "createGroup": "staff; a resident founding it themself",
        "joinGroup": SELF_OR_STAFF,
        "leaveGroup": SELF_OR_STAFF,
        "setMemberRole": STAFF_ONLY,
        "postListing": SELF_OR_STAFF,
        "cancelListing": "the poster, or staff",
        "agreeExchange": "the counterpart or the poster, or staff",
        "completeExchange": PARTIES,
        "rateExchange": "the rater (a party), or staff",
        "postWish": SELF_OR_STAFF,
        "claimWish": "the claimant, or staff",
        "fulfilWish": "the claimant, or staff",
        "cancelWish": "the poster, or staff",
        "recordVolunteerHours": STAFF_ONLY,
        "redeemPoints": STAFF_ONLY,
    },
    "Activity": {"attendees": ATTENDEES, "registrations": ATTENDEES},
    "Resident": {
        "id": "the key the gateway joins on",
        "activities": LIFE,
        "groups": LIFE,
        "listings": "anyone of the resident's community but planners",
        "wishes": "anyone of the resident's community but planners",
        "points": SELF_OR_STAFF,
    },
    "Points": {"balance": SELF_OR_STAFF, "ledger": SELF_OR_STAFF},
}
"""Every Query and Mutation field (and the per-resident fields listed) has a rule; a test fails
when a root field is added without one."""


def guard_group(info: GqlInfo, group_id: str, resident_id: str | None, what: str) -> None:
    """With a resident: they themself or staff; without: staff of the group's community."""
    with info.context.container.uow() as uow:
        group = uow.repo.get_group(group_id)
    guard_for(info, [resident_id], group.community_id if group else None, what, "group")


def guard_listing(info: GqlInfo, listing_id: str, others: list[str], what: str) -> None:
    """The listing's poster (or one of `others`) acting for themself, or staff."""
    with info.context.container.uow() as uow:
        listing = uow.repo.get_listing(listing_id)
    if listing is None:
        guard_for(info, others, None, what, "listing")
    else:
        guard_for(info, [listing.resident_id, *others], listing.community_id, what, "listing")


def guard_exchange(info: GqlInfo, exchange_id: str, party: str | None, what: str) -> None:
    """`party` (or, without one, either side) acting for themself, or staff."""
    with info.context.container.uow() as uow:
        exchange = uow.repo.get_exchange(exchange_id)
    if exchange is None:
        guard_for(info, [party], None, what, "exchange")
        return
    sides = [party] if party is not None else [exchange.helper_id, exchange.helped_id]
    guard_for(info, sides, exchange.community_id, what, "exchange")


def guard_wish(info: GqlInfo, wish_id: str, claimant_id: str | None, what: str) -> None:
    """The claimant (or, without one, the poster) acting for themself, or staff."""
    with info.context.container.uow() as uow:
        wish = uow.repo.get_wish(wish_id)
    if wish is None:
        guard_for(info, [claimant_id], None, what, "wish")
        return
    who = claimant_id if claimant_id is not None else wish.resident_id
    guard_for(info, [who], wish.community_id, what, "wish")
