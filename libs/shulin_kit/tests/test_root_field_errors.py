"""Every refused root field of a query is reported, so the gateway has a real error for each."""

import asyncio

import pytest
import strawberry

from shulin_kit.errors import InvalidInput
from shulin_kit.subgraph import SubgraphSchema

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


ran: list[str] = []


@strawberry.type
class Query:
    @strawberry.field
    async def quick_refusal(self) -> int:
        raise InvalidInput("first must be between 1 and 50", "first")

    @strawberry.field
    async def slow_refusal(self) -> int:
        await asyncio.sleep(0.05)  # still running when the other field fails
        raise InvalidInput("limit must be between 1 and 1000", "limit")

    @strawberry.field
    async def answer(self) -> int:
        await asyncio.sleep(0.05)
        ran.append("answer")
        return 42

    @strawberry.field
    async def optional(self) -> int | None:
        raise InvalidInput("not today", "day")


@strawberry.type
class Mutation:
    @strawberry.mutation
    def refused(self) -> int:
        raise InvalidInput("no", "input")

    @strawberry.mutation
    def after(self) -> int:
        ran.append("after")
        return 1


schema = SubgraphSchema(query=Query, mutation=Mutation, federation_version="2.9")


async def test_each_refused_root_field_of_a_query_is_reported() -> None:
    ran.clear()
    result = await schema.execute("{ quickRefusal slowRefusal answer }")
    assert result.data is None  # non-null root fields failed: the whole data is null
    errors = {e.path[0]: e for e in result.errors or []}
    assert sorted(errors) == ["answer", "quickRefusal", "slowRefusal"]
    assert errors["quickRefusal"].message == "first must be between 1 and 50"
    assert errors["slowRefusal"].message == "limit must be between 1 and 1000"
    assert "answer" in ran  # not cancelled


async def test_a_field_answered_beside_a_refused_one_says_why_it_is_missing() -> None:
    result = await schema.execute("{ answer again: answer quickRefusal }")
    assert result.data is None
    codes = {e.path[0]: (e.extensions or {}).get("code") for e in result.errors or []}
    assert codes == {
        "answer": "NOT_RETURNED",
        "again": "NOT_RETURNED",
        "quickRefusal": "BAD_USER_INPUT",
    }


async def test_a_nullable_root_field_fails_alone() -> None:
    ran.clear()
    result = await schema.execute("{ optional answer }")
    assert result.data == {"optional": None, "answer": 42}
    assert [e.path for e in result.errors or []] == [["optional"]]


async def test_mutations_still_stop_at_the_first_refusal() -> None:
    ran.clear()
    result = await schema.execute("mutation { refused after }")
    assert result.data is None and len(result.errors or []) == 1
    assert "after" not in ran
