"""GraphQL errors, with the schema run in-process over the fake unit of work."""

from typing import Any

from activities.entrypoints.schema import Context, schema
from shulin_kit.tokens import platform_admin

CREATE = """
mutation($input: CreateActivityInput!) { createActivity(input: $input) { id attendeeCount } }
"""


class FakeContainer:
    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def uow(self, write: bool = False) -> Any:
        return self._uow


class BrokenContainer:
    def uow(self, write: bool = False) -> Any:
        raise RuntimeError("database password is hunter2")


def run(container: Any, query: str, **variables: Any) -> Any:
    return schema.execute_sync(
        query, variable_values=variables, context_value=Context(container, platform_admin())
    )


def activity_input(**changes: Any) -> dict[str, Any]:
    return {
        "communityId": "c-1",
        "title": "跳蚤市场",
        "kind": "FLEA_MARKET",
        "startsAt": "2025-11-01T09:00:00+08:00",
        "endsAt": "2025-11-01T12:00:00+08:00",
        "place": "东门广场",
        **changes,
    }


def test_bad_input_is_an_error_with_code_and_field(uow: Any) -> None:
    result = run(FakeContainer(uow), CREATE, input=activity_input(capacity=-1))

    [error] = result.errors
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "capacity"}
    assert result.data is None
    assert uow.repo.activities == {}
    assert uow.outbox == []


def test_good_input_creates_the_activity(uow: Any) -> None:
    result = run(FakeContainer(uow), CREATE, input=activity_input())

    assert result.errors is None
    assert result.data["createActivity"]["attendeeCount"] == 0
    assert [e.type for e in uow.outbox] == ["ActivityCreated"]


def test_unknown_kind_is_refused_by_graphql_validation(uow: Any) -> None:
    result = run(FakeContainer(uow), CREATE, input=activity_input(kind="KARAOKE"))

    assert result.errors
    assert uow.outbox == []


def test_unexpected_failures_are_masked(uow: Any) -> None:
    result = run(BrokenContainer(), '{ activity(id: "a-1") { id } }')

    [error] = result.errors
    assert "hunter2" not in error.message
    assert error.message == "Unexpected error."
