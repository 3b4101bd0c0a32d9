# mypy: disable-error-code="untyped-decorator"
"""GraphQL of points (积分): the ledger, the balance, volunteer hours and redemptions."""

from datetime import datetime
from enum import Enum

import strawberry

from activities.domain import points as domain
from activities.entrypoints import access
from activities.entrypoints.gql_common import DEFAULT_PAGE, GqlInfo, read, write
from activities.service_layer import points_services as services
from shulin_kit.pagination import Connection


@strawberry.enum(description="Why points were recorded.")
class PointsReason(Enum):
    VOLUNTEER_HOURS = strawberry.enum_value(
        "VOLUNTEER_HOURS", description="志愿服务时长 Volunteering recorded by an operator"
    )
    EXCHANGE = strawberry.enum_value("EXCHANGE", description="技能互换 Helping in an exchange")
    WISH_FULFILLED = strawberry.enum_value(
        "WISH_FULFILLED", description="微心愿 Fulfilling a micro-wish"
    )
    REDEMPTION = strawberry.enum_value("REDEMPTION", description="积分兑换 Redeemed")
    ADJUSTMENT = strawberry.enum_value("ADJUSTMENT", description="Correction")


@strawberry.type(description="One line of a points ledger; negative amounts are redemptions.")
class LedgerEntry:
    id: strawberry.ID
    community_id: strawberry.ID
    resident_id: strawberry.ID
    amount: int
    reason: PointsReason
    reference: strawberry.ID | None = strawberry.field(
        description="What the entry is for: an exchange or a wish id."
    )
    note: str
    created_at: datetime

    @classmethod
    def from_domain(cls, e: domain.LedgerEntry) -> "LedgerEntry":
        return cls(
            id=strawberry.ID(e.id),
            community_id=strawberry.ID(e.community_id),
            resident_id=strawberry.ID(e.resident_id),
            amount=e.amount,
            reason=PointsReason(e.reason.value),
            reference=strawberry.ID(e.reference) if e.reference else None,
            note=e.note,
            created_at=e.created_at,
        )


@strawberry.type(description="积分 A resident's points.")
class Points:
    resident_id: strawberry.ID

    @strawberry.field(description="The sum of the ledger; never negative.")
    def balance(self, info: GqlInfo) -> int:
        access.guard_resident_data(info, self.resident_id)
        return read(info, lambda uow: uow.repo.balance(self.resident_id))

    @strawberry.field(description="Every entry, newest first.")
    def ledger(
        self, info: GqlInfo, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[LedgerEntry]:
        access.guard_resident_data(info, self.resident_id)
        page = read(
            info, lambda uow: uow.repo.ledger_page(first, after, resident_id=self.resident_id)
        )
        return Connection.from_page(page, LedgerEntry.from_domain)


@strawberry.input
class RecordVolunteerHoursInput:
    resident_id: strawberry.ID
    hours: float = strawberry.field(description="0.25–24; 10 points per hour.")
    note: str = strawberry.field(description="1–200 characters: what the volunteering was.")
    idempotency_key: str | None = None


@strawberry.input
class RedeemPointsInput:
    resident_id: strawberry.ID
    amount: int = strawberry.field(description="At least 1, at most the balance.")
    note: str = strawberry.field(description="1–200 characters: what the points paid for.")
    idempotency_key: str | None = None


@strawberry.type
class PointsQuery:
    @strawberry.field
    def points(self, resident_id: strawberry.ID) -> Points:
        return Points(resident_id=resident_id)

    @strawberry.field(description="A community's ledger, newest first (for operators).")
    def points_ledger(
        self,
        info: GqlInfo,
        community_id: strawberry.ID,
        reason: PointsReason | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[LedgerEntry]:
        access.guard_staff(info, community_id, "the community's points ledger")
        why = domain.PointsReason(reason.value) if reason else None
        page = read(
            info,
            lambda uow: uow.repo.ledger_page(first, after, community_id=community_id, reason=why),
        )
        return Connection.from_page(page, LedgerEntry.from_domain)


@strawberry.type
class PointsMutation:
    @strawberry.mutation(description="记录志愿服务时长 An operator records volunteer hours.")
    def record_volunteer_hours(
        self, info: GqlInfo, input: RecordVolunteerHoursInput
    ) -> LedgerEntry:
        access.guard_resident_staff(info, input.resident_id, "recording volunteer hours")
        done = write(
            info,
            lambda uow: services.record_volunteer_hours(
                uow, input.resident_id, input.hours, input.note, input.idempotency_key
            ),
        )
        return LedgerEntry.from_domain(done)

    @strawberry.mutation(description="积分兑换 Spend points on a service or goods.")
    def redeem_points(self, info: GqlInfo, input: RedeemPointsInput) -> LedgerEntry:
        access.guard_resident_staff(info, input.resident_id, "redeeming points")
        done = write(
            info,
            lambda uow: services.redeem_points(
                uow, input.resident_id, input.amount, input.note, input.idempotency_key
            ),
        )
        return LedgerEntry.from_domain(done)
