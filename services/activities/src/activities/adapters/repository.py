"""The activities service's repository: one per unit of work, one area per module."""

from typing import Protocol

from sqlalchemy import Connection

from activities.adapters.activity_repository import ActivityRepository, ActivitySql
from activities.adapters.attendance_repository import AttendanceRepository, AttendanceSql
from activities.adapters.exchange_repository import ExchangeRepository, ExchangeSql
from activities.adapters.group_repository import GroupRepository, GroupSql
from activities.adapters.neighbourhood_repository import (
    NeighbourhoodRepository,
    NeighbourhoodSql,
)
from activities.adapters.points_repository import PointsRepository, PointsSql
from activities.adapters.wish_repository import WishRepository, WishSql


class Repository(
    ActivityRepository,
    AttendanceRepository,
    GroupRepository,
    ExchangeRepository,
    PointsRepository,
    WishRepository,
    NeighbourhoodRepository,
    Protocol,
):
    """Everything the use cases may ask of storage."""


class SqlRepository(
    ActivitySql, AttendanceSql, GroupSql, ExchangeSql, PointsSql, WishSql, NeighbourhoodSql
):
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
