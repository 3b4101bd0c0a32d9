"""Interest groups (兴趣社团) and neighbour associations (街坊会): create, join, leave, roles."""

from dataclasses import dataclass, field

from activities.domain.groups import Group, GroupKind, GroupRole, Membership
from activities.domain.validation import clean_id
from activities.service_layer import checks
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import GroupCreated, GroupJoined, GroupLeft
from shulin_kit.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True)
class CreateGroup:
    community_id: str
    name: str
    kind: GroupKind
    description: str = ""
    tags: list[str] = field(default_factory=list)
    building_id: str | None = None
    compound_id: str | None = None
    founder_id: str | None = None  # joins as the group's first leader
    idempotency_key: str | None = None


def create_group(uow: UnitOfWork, cmd: CreateGroup) -> Group:
    if (earlier := checks.recalled(uow, "createGroup", cmd.idempotency_key)) is not None:
        return get_group(uow, earlier)
    community = checks.known_community(uow, cmd.community_id)
    tags = checks.canonical_tags(uow, cmd.tags, "tags")
    building = (
        checks.building_in(uow, cmd.building_id, community, "buildingId").id
        if cmd.building_id is not None
        else None
    )
    compound = (
        checks.compound_in(uow, cmd.compound_id, community, "compoundId")
        if cmd.compound_id is not None
        else None
    )
    group = Group.create(community, cmd.name, cmd.kind, cmd.description, tags, building, compound)
    founder = (
        checks.resident_in(uow, cmd.founder_id, community, "founderId")
        if cmd.founder_id is not None
        else None
    )
    if founder is not None and not group.admits(founder.building_id, founder.compound_id):
        raise InvalidInput(f"the founder lives outside {group.scope}", "founderId")
    uow.repo.add_group(group)
    checks.remember(uow, "createGroup", cmd.idempotency_key, group.id)
    uow.events.append(
        new_envelope(
            GroupCreated(
                group_id=group.id,
                community_id=community,
                name=group.name,
                kind="interest_group"
                if group.kind is GroupKind.INTEREST_GROUP
                else "neighbour_association",
                tags=group.tags,
                building_id=group.building_id,
                compound_id=group.compound_id,
            ),
            community,
            occurred_at=group.created_at,
        )
    )
    if founder is not None:
        _add_member(uow, group, Membership(group.id, founder.id, GroupRole.LEADER))
        group.member_count += 1
    return group


def get_group(uow: UnitOfWork, group_id: str) -> Group:
    group = uow.repo.get_group(group_id)
    if group is None:
        raise NotFound(f"no group with id {group_id!r}", "groupId")
    return group


def join_group(uow: UnitOfWork, group_id: str, resident_id: str) -> Membership:
    group = get_group(uow, group_id)
    resident = checks.resident_in(uow, resident_id, group.community_id, "residentId")
    if not group.admits(resident.building_id, resident.compound_id):
        raise InvalidInput(
            f"resident {resident.id!r} lives outside {group.scope}, which this group is for",
            "residentId",
        )
    if uow.repo.get_membership(group.id, resident.id) is not None:
        raise Conflict(f"resident {resident.id!r} is already a member", "residentId")
    membership = Membership(group.id, resident.id)
    _add_member(uow, group, membership)
    return membership


def leave_group(uow: UnitOfWork, group_id: str, resident_id: str) -> Group:
    group = get_group(uow, group_id)
    membership = _membership(uow, group, resident_id)
    uow.repo.delete_membership(group.id, membership.resident_id)
    uow.repo.change_member_count(group.id, -1)
    uow.events.append(
        new_envelope(
            GroupLeft(
                group_id=group.id,
                community_id=group.community_id,
                resident_id=membership.resident_id,
            ),
            group.community_id,
        )
    )
    return get_group(uow, group.id)


def set_member_role(
    uow: UnitOfWork, group_id: str, resident_id: str, role: GroupRole
) -> Membership:
    """GroupJoined carries the member's current role, so a new role is published as one."""
    group = get_group(uow, group_id)
    membership = _membership(uow, group, resident_id)
    if membership.role is role:
        return membership
    uow.repo.set_role(group.id, membership.resident_id, role)
    membership.role = role
    _joined(uow, group, membership)
    return membership


def _membership(uow: UnitOfWork, group: Group, resident_id: str) -> Membership:
    resident = clean_id(resident_id, "residentId")
    membership = uow.repo.get_membership(group.id, resident)
    if membership is None:
        raise InvalidInput(f"resident {resident!r} is not a member of this group", "residentId")
    return membership


def _add_member(uow: UnitOfWork, group: Group, membership: Membership) -> None:
    uow.repo.add_membership(membership)
    uow.repo.change_member_count(group.id, 1)
    _joined(uow, group, membership)


def _joined(uow: UnitOfWork, group: Group, membership: Membership) -> None:
    roles = {GroupRole.LEADER: "leader", GroupRole.ORGANISER: "organiser"}
    uow.events.append(
        new_envelope(
            GroupJoined(
                group_id=group.id,
                community_id=group.community_id,
                resident_id=membership.resident_id,
                role=roles.get(membership.role, "member"),
            ),
            group.community_id,
        )
    )
