# mypy: disable-error-code="untyped-decorator"
"""Acquaintance declarations (认识的邻居): declare, confirm, list."""

from datetime import datetime
from enum import Enum

import strawberry

from residents.domain.acquaintance import Acquaintance as DomainAcquaintance
from residents.entrypoints.graphql.access import guard_resident
from residents.entrypoints.graphql.common import IDEMPOTENCY_KEY, GqlInfo
from residents.entrypoints.graphql.residents import Resident, load_resident
from residents.service_layer import acquaintances


@strawberry.enum(description="How far an acquaintance is agreed, seen from one resident.")
class AcquaintanceStatus(Enum):
    CONFIRMED = strawberry.enum_value("confirmed", description="双方确认 Both confirmed.")
    PENDING_OUTGOING = strawberry.enum_value(
        "pending_outgoing", description="已声明，待对方确认 Declared; awaiting the other."
    )
    PENDING_INCOMING = strawberry.enum_value(
        "pending_incoming", description="对方已声明，待我确认 The other declared; confirm it."
    )


@strawberry.type(description="认识 A declaration that one resident knows another.")
class Acquaintance:
    context: str | None
    declared_at: datetime
    confirmed_at: datetime | None
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]

    @classmethod
    def from_domain(cls, a: DomainAcquaintance) -> "Acquaintance":
        return cls(
            context=a.context,
            declared_at=a.declared_at,
            confirmed_at=a.confirmed_at,
            from_id=a.from_resident_id,
            to_id=a.to_resident_id,
        )

    @strawberry.field
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @strawberry.field
    def from_resident(self, info: GqlInfo) -> Resident | None:
        return load_resident(info, self.from_id)

    @strawberry.field
    def to_resident(self, info: GqlInfo) -> Resident | None:
        return load_resident(info, self.to_id)


@strawberry.type(description="A neighbour a resident knows, or has a pending declaration with.")
class KnownNeighbour:
    resident: Resident
    status: AcquaintanceStatus
    context: str | None
    declared_at: datetime
    confirmed_at: datetime | None


@strawberry.input
class DeclareAcquaintanceInput:
    from_resident_id: strawberry.ID
    to_resident_id: strawberry.ID
    context: str | None = strawberry.field(
        default=None, description="Where they know each other from, e.g. building, check-in."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input
class ConfirmAcquaintanceInput:
    from_resident_id: strawberry.ID = strawberry.field(description="Who declared.")
    to_resident_id: strawberry.ID = strawberry.field(description="Who confirms.")


@strawberry.type
class AcquaintanceQuery:
    @strawberry.field(
        description="认识的邻居 Confirmed acquaintances and pending declarations either way."
    )
    def acquaintances(self, info: GqlInfo, resident_id: strawberry.ID) -> list[KnownNeighbour]:
        guard_resident(info, resident_id, "acquaintances")
        with info.context.container.uow() as uow:
            ties = acquaintances.ties_of(uow, resident_id)
        return [
            KnownNeighbour(
                resident=Resident.from_domain(t.other),
                status=AcquaintanceStatus[t.status.name],
                context=t.acquaintance.context,
                declared_at=t.acquaintance.declared_at,
                confirmed_at=t.acquaintance.confirmed_at,
            )
            for t in ties
        ]


@strawberry.type
class AcquaintanceMutation:
    @strawberry.mutation(
        description="我认识TA Declare knowing a neighbour; if they declared you, it is confirmed."
    )
    def declare_acquaintance(self, info: GqlInfo, input: DeclareAcquaintanceInput) -> Acquaintance:
        guard_resident(info, input.from_resident_id, "declareAcquaintance")
        with info.context.container.uow(write=True) as uow:
            found = acquaintances.declare(
                uow,
                input.from_resident_id,
                input.to_resident_id,
                input.context,
                input.idempotency_key,
            )
            uow.commit()
        return Acquaintance.from_domain(found)

    @strawberry.mutation(description="确认认识 The declared-to resident confirms a declaration.")
    def confirm_acquaintance(self, info: GqlInfo, input: ConfirmAcquaintanceInput) -> Acquaintance:
        guard_resident(info, input.to_resident_id, "confirmAcquaintance")
        with info.context.container.uow(write=True) as uow:
            found = acquaintances.confirm(uow, input.from_resident_id, input.to_resident_id)
            uow.commit()
        return Acquaintance.from_domain(found)
