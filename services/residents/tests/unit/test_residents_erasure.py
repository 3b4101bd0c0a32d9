from collections.abc import Callable
from typing import Any

import pytest

from residents.domain.model import Role
from residents.service_layer import acquaintances, profile
from residents.service_layer.registration import SkillChoice
from shulin_events.schemas import ResidentRemoved
from shulin_kit.errors import NotFound

Run = Callable[..., Any]


def test_removing_a_resident_deletes_their_personal_data_and_publishes_removed(
    uow: Any, run: Run, register: Callable[..., Any]
) -> None:
    me = register(
        "李老师",
        phone="13800138000",
        birth_year=1960,
        skills=(SkillChoice("nurse", 4),),
        interests=("太极",),
        roles=(Role.VOLUNTEER,),
        party_member=True,
        external_ref="NH-0001",
        idempotency_key="register-li-001",
    )
    wang = register("王阿姨")
    run(acquaintances.declare, me.id, wang.id)
    run(acquaintances.declare, wang.id, me.id)
    uow.published.clear()

    assert run(profile.remove_resident, me.id) == me.id

    assert run(lambda u: u.repo.get_resident(me.id)) is None
    assert me.id not in uow.repo.residents
    assert uow.repo.acquaintances == {}
    assert "李老师" not in repr(vars(uow.repo)) and "13800138000" not in repr(vars(uow.repo))
    assert run(acquaintances.ties_of, wang.id) == []
    [event] = uow.published
    assert event.payload == ResidentRemoved(resident_id=me.id, community_id=me.community_id)


def test_the_roster_id_is_free_again_after_erasure(
    uow: Any, run: Run, register: Callable[..., Any]
) -> None:
    me = register("李老师", external_ref="NH-0001")
    run(profile.remove_resident, me.id)
    again = register("李老师", external_ref="NH-0001")
    assert again.id != me.id


def test_a_retry_of_the_registration_after_erasure_does_not_bring_them_back(
    uow: Any, run: Run, register: Callable[..., Any]
) -> None:
    me = register("李老师", idempotency_key="register-li-001")
    run(profile.remove_resident, me.id)
    with pytest.raises(NotFound) as err:
        register("李老师", idempotency_key="register-li-001")
    assert err.value.field == "idempotencyKey"
    assert uow.repo.residents == {}


def test_removing_twice_is_not_found(uow: Any, run: Run, register: Callable[..., Any]) -> None:
    me = register("李老师")
    run(profile.remove_resident, me.id)
    with pytest.raises(NotFound) as err:
        run(profile.remove_resident, me.id)
    assert err.value.field == "residentId"
