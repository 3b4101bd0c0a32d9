"""What every part of the GraphQL schema shares: the context, running a use case, enums."""

from collections.abc import Callable
from typing import TypeVar

from strawberry.types import Info

from activities.bootstrap import Container
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_kit.subgraph import Context

T = TypeVar("T")

GqlInfo = Info[Context[Container], None]
DEFAULT_PAGE = 20


def write(info: GqlInfo, use_case: Callable[[UnitOfWork], T]) -> T:
    """Run a use case in one write transaction; the boundary commits, once."""
    with info.context.container.uow(write=True) as uow:
        result = use_case(uow)
        uow.commit()
    return result


def read(info: GqlInfo, query: Callable[[UnitOfWork], T]) -> T:
    with info.context.container.uow() as uow:
        return query(uow)
