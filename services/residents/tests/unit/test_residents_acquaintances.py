from collections.abc import Callable
from typing import Any

import pytest

from residents.service_layer import acquaintances, places
from residents.service_layer.acquaintances import Status
from shulin_events.schemas import AcquaintanceConfirmed, AcquaintanceDeclared
from shulin_kit.errors import Conflict, InvalidInput, NotFound

Run = Callable[..., Any]


@pytest.fixture
def pair(uow: Any, register: Callable[..., Any]) -> tuple[str, str]:
    li, wang = register("李老师").id, register("王阿姨").id
    uow.published.clear()
    return li, wang


def test_declaring_publishes_a_one_sided_signal(uow: Any, run: Run, pair: tuple[str, str]) -> None:
    li, wang = pair
    declared = run(acquaintances.declare, li, wang, "building")
    assert not declared.confirmed
    [event] = uow.published
    assert event.community_id == declared.community_id
    assert event.payload == AcquaintanceDeclared(
        community_id=declared.community_id,
        from_resident_id=li,
        to_resident_id=wang,
        context="building",
    )


def test_confirming_publishes_the_mutual_tie(uow: Any, run: Run, pair: tuple[str, str]) -> None:
    li, wang = pair
    run(acquaintances.declare, li, wang)
    confirmed = run(acquaintances.confirm, li, wang)
    assert confirmed.confirmed
    assert uow.payloads()[-1] == AcquaintanceConfirmed(
        community_id=confirmed.community_id, from_resident_id=li, to_resident_id=wang
    )


def test_declaring_back_confirms_the_other_declaration(
    uow: Any, run: Run, pair: tuple[str, str]
) -> None:
    li, wang = pair
    run(acquaintances.declare, li, wang)
    result = run(acquaintances.declare, wang, li)
    assert result.confirmed and (result.from_resident_id, result.to_resident_id) == (li, wang)
    assert type(uow.payloads()[-1]) is AcquaintanceConfirmed
    assert len(uow.repo.acquaintances) == 1


@pytest.mark.parametrize(
    ("steps", "error", "field"),
    [
        ([("declare", 0, 1), ("declare", 0, 1)], Conflict, "toResidentId"),
        ([("declare", 0, 1), ("confirm", 0, 1), ("declare", 1, 0)], Conflict, "toResidentId"),
        ([("confirm", 0, 1)], NotFound, "fromResidentId"),
        ([("declare", 0, 1), ("confirm", 1, 0)], NotFound, "fromResidentId"),
        ([("declare", 0, 1), ("confirm", 0, 1), ("confirm", 0, 1)], Conflict, "fromResidentId"),
        ([("declare", 0, 0)], InvalidInput, "toResidentId"),
    ],
)
def test_invalid_declarations_are_refused_naming_the_field(
    uow: Any, run: Run, pair: tuple[str, str], steps: list[Any], error: type[Exception], field: str
) -> None:
    *ok, (last, a, b) = steps
    for step, x, y in ok:
        run(getattr(acquaintances, step), pair[x], pair[y])
    published, stored = len(uow.published), dict(uow.repo.acquaintances)
    with pytest.raises(error) as err:
        run(getattr(acquaintances, last), pair[a], pair[b])
    assert err.value.field == field  # type: ignore[attr-defined]
    assert len(uow.published) == published and uow.repo.acquaintances == stored


def test_unknown_residents_are_not_found(uow: Any, run: Run, pair: tuple[str, str]) -> None:
    li, _ = pair
    for use_case in (acquaintances.declare, acquaintances.confirm):
        with pytest.raises(NotFound) as err:
            run(use_case, "nope", li)
        assert err.value.field == "fromResidentId"
        with pytest.raises(NotFound) as err:
            run(use_case, li, "nope")
        assert err.value.field == "toResidentId"


def test_residents_of_different_communities_cannot_declare(
    uow: Any, run: Run, register: Callable[..., Any], pair: tuple[str, str]
) -> None:
    other = run(places.register_community, "桂一社区")
    building = run(places.add_building, other.id, "1栋", 6)
    far = register("陈伯", community_id=other.id, building_id=building.id)
    with pytest.raises(InvalidInput) as err:
        run(acquaintances.declare, pair[0], far.id)
    assert err.value.field == "toResidentId"


def test_a_context_that_is_too_long_is_refused(uow: Any, run: Run, pair: tuple[str, str]) -> None:
    with pytest.raises(InvalidInput) as err:
        run(acquaintances.declare, pair[0], pair[1], "x" * 61)
    assert err.value.field == "context"


def test_ties_list_confirmed_and_pending_both_ways(
    uow: Any, run: Run, register: Callable[..., Any], pair: tuple[str, str]
) -> None:
    li, wang = pair
    chen, zhao = register("陈伯").id, register("赵姐").id
    run(acquaintances.declare, li, wang)
    run(acquaintances.confirm, li, wang)
    run(acquaintances.declare, li, chen)
    run(acquaintances.declare, zhao, li)
    ties = run(acquaintances.ties_of, li)
    assert [(t.other.id, t.status) for t in ties] == [
        (wang, Status.CONFIRMED),
        (chen, Status.PENDING_OUTGOING),
        (zhao, Status.PENDING_INCOMING),
    ]
    assert [t.status for t in run(acquaintances.ties_of, zhao)] == [Status.PENDING_OUTGOING]


def test_a_retried_declaration_returns_the_first_and_publishes_nothing(
    uow: Any, run: Run, pair: tuple[str, str]
) -> None:
    first = run(acquaintances.declare, pair[0], pair[1], None, "declare-key-01")
    again = run(acquaintances.declare, pair[0], pair[1], None, "declare-key-01")
    assert again.id == first.id and len(uow.published) == 1
