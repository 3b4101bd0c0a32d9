"""The unit of work the use cases need (a port); shulin_kit.unit_of_work implements it."""

from types import TracebackType
from typing import Protocol, Self

from activities.adapters.repository import Repository
from shulin_events import Envelope


class UnitOfWork(Protocol):
    @property
    def repo(self) -> Repository: ...

    events: list[Envelope]

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
