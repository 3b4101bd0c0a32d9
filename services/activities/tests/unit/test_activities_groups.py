"""Interest groups (兴趣社团) and neighbour associations (街坊会): scope, members, roles."""

from typing import Any

import pytest

from activities.domain.groups import Group, GroupKind, GroupRole
from activities.service_layer import group_services as services
from shulin_events.schemas import GroupCreated, GroupJoined, GroupLeft
from shulin_kit.errors import DomainError


def create(uow: Any, **changes: Any) -> Group:
    fields: dict[str, Any] = {
        "community_id": "c-1",
        "name": "太极队",
        "kind": GroupKind.INTEREST_GROUP,
    }
    fields.update(changes)
    with uow:
        group = services.create_group(uow, services.CreateGroup(**fields))
        uow.commit()
    return group


def refused(uow: Any, use_case: Any, *args: Any) -> DomainError:
    with pytest.raises(DomainError) as caught, uow:
        use_case(uow, *args)
        uow.commit()
    return caught.value


def run(uow: Any, use_case: Any, *args: Any) -> Any:
    with uow:
        result = use_case(uow, *args)
        uow.commit()
    return result


def test_creating_a_group_publishes_group_created_with_canonical_tags(uow: Any) -> None:
    group = create(uow, tags=["太极"], compound_id="k-1", kind=GroupKind.NEIGHBOUR_ASSOCIATION)

    assert [e.payload for e in uow.outbox] == [
        GroupCreated(
            group_id=group.id,
            community_id="c-1",
            name="太极队",
            kind="neighbour_association",
            tags=("tai_chi",),
            compound_id="k-1",
        )
    ]


def test_a_founder_joins_as_leader(uow: Any) -> None:
    group = create(uow, founder_id="r-1")

    assert group.member_count == 1
    assert uow.repo.get_membership(group.id, "r-1").role is GroupRole.LEADER
    assert uow.outbox[-1].payload == GroupJoined(
        group_id=group.id, community_id="c-1", resident_id="r-1", role="leader"
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"name": ""}, "BAD_USER_INPUT", "name"),
        ({"tags": ["太极", "麻将"]}, "BAD_USER_INPUT", "tags[1]"),
        ({"building_id": "b-1", "compound_id": "k-1"}, "BAD_USER_INPUT", "compoundId"),
        ({"building_id": "b-9"}, "BAD_USER_INPUT", "buildingId"),
        ({"compound_id": "k-404"}, "NOT_FOUND", "compoundId"),
        ({"community_id": "c-404"}, "NOT_FOUND", "communityId"),
        ({"founder_id": "r-b3", "compound_id": "k-1"}, "BAD_USER_INPUT", "founderId"),
    ],
)
def test_bad_group_input_names_its_field(
    uow: Any, changes: dict[str, Any], code: str, field: str
) -> None:
    fields: dict[str, Any] = {
        "community_id": "c-1",
        "name": "太极队",
        "kind": GroupKind.INTEREST_GROUP,
    }
    error = refused(uow, services.create_group, services.CreateGroup(**(fields | changes)))

    assert error.extensions == {"code": code, "field": field}
    assert uow.repo.groups == {}
    assert uow.outbox == []


def test_compound_scope_admits_residents_of_its_buildings_only(uow: Any) -> None:
    group = create(uow, compound_id="k-1")
    uow.outbox.clear()

    run(uow, services.join_group, group.id, "r-b2")  # b-2 is in k-1
    error = refused(uow, services.join_group, group.id, "r-b3")  # b-3 is in k-2

    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "residentId"}
    assert uow.repo.get_group(group.id).member_count == 1
    assert [e.type for e in uow.outbox] == ["GroupJoined"]


def test_building_scope_admits_its_residents_only(uow: Any) -> None:
    group = create(uow, building_id="b-2")

    assert refused(uow, services.join_group, group.id, "r-1").field == "residentId"
    assert run(uow, services.join_group, group.id, "r-b2").role is GroupRole.MEMBER


def test_joining_twice_is_a_conflict_and_strangers_are_refused(uow: Any) -> None:
    group = create(uow)
    run(uow, services.join_group, group.id, "r-1")

    assert refused(uow, services.join_group, group.id, "r-1").code == "CONFLICT"
    assert refused(uow, services.join_group, group.id, "r-other").code == "BAD_USER_INPUT"
    assert refused(uow, services.join_group, group.id, "r-nobody").code == "NOT_FOUND"
    assert refused(uow, services.join_group, "g-404", "r-1").extensions == {
        "code": "NOT_FOUND",
        "field": "groupId",
    }


def test_leaving_removes_the_member_and_publishes_group_left(uow: Any) -> None:
    group = create(uow)
    run(uow, services.join_group, group.id, "r-1")
    uow.outbox.clear()

    left = run(uow, services.leave_group, group.id, "r-1")

    assert left.member_count == 0
    assert [e.payload for e in uow.outbox] == [
        GroupLeft(group_id=group.id, community_id="c-1", resident_id="r-1")
    ]
    assert refused(uow, services.leave_group, group.id, "r-1").field == "residentId"


def test_setting_a_role_republishes_the_membership_with_it(uow: Any) -> None:
    group = create(uow)
    run(uow, services.join_group, group.id, "r-1")
    uow.outbox.clear()

    membership = run(uow, services.set_member_role, group.id, "r-1", GroupRole.ORGANISER)
    run(uow, services.set_member_role, group.id, "r-1", GroupRole.ORGANISER)

    assert membership.role is GroupRole.ORGANISER
    assert uow.repo.get_membership(group.id, "r-1").role is GroupRole.ORGANISER
    assert [e.payload.role for e in uow.outbox] == ["organiser"]  # unchanged role: no event
    assert refused(uow, services.set_member_role, group.id, "r-2", GroupRole.LEADER).field == (
        "residentId"
    )


def test_idempotency_key_creates_a_group_once(uow: Any) -> None:
    first = create(uow, idempotency_key="group-key-1")
    again = create(uow, idempotency_key="group-key-1")

    assert again.id == first.id
    assert len(uow.repo.groups) == 1
