"""Points (积分): earned for volunteering and helping, redeemed for services; never negative."""

from activities.domain.points import LedgerEntry, PointsReason, points_for_hours
from activities.domain.validation import clean_hours
from activities.service_layer import checks
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import new_envelope
from shulin_events.schemas import PointsRecorded
from shulin_events.schemas.activities import PointsReason as EventReason
from shulin_kit.errors import InvalidInput, NotFound

_EVENT_REASONS: dict[PointsReason, EventReason] = {
    PointsReason.VOLUNTEER_HOURS: "volunteer_hours",
    PointsReason.EXCHANGE: "exchange",
    PointsReason.WISH_FULFILLED: "wish_fulfilled",
    PointsReason.REDEMPTION: "redemption",
    PointsReason.ADJUSTMENT: "adjustment",
}


def record_volunteer_hours(
    uow: UnitOfWork,
    resident_id: str,
    hours: float,
    note: str,
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """An operator records 志愿服务时长: POINTS_PER_VOLUNTEER_HOUR for each hour."""
    if (earlier := checks.recalled(uow, "recordVolunteerHours", idempotency_key)) is not None:
        return _entry(uow, earlier)
    resident = checks.known_resident(uow, resident_id, "residentId")
    amount = points_for_hours(clean_hours(hours))
    entry = LedgerEntry.record(
        resident.community_id, resident.id, amount, PointsReason.VOLUNTEER_HOURS, note
    )
    append(uow, entry)
    checks.remember(uow, "recordVolunteerHours", idempotency_key, entry.id)
    return entry


def redeem_points(
    uow: UnitOfWork,
    resident_id: str,
    amount: int,
    note: str,
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """积分兑换: spend points on a service; a balance never goes below zero."""
    if (earlier := checks.recalled(uow, "redeemPoints", idempotency_key)) is not None:
        return _entry(uow, earlier)
    resident = checks.known_resident(uow, resident_id, "residentId")
    if amount < 1:
        raise InvalidInput(f"amount must be at least 1, got {amount}", "amount")
    entry = LedgerEntry.record(
        resident.community_id, resident.id, -amount, PointsReason.REDEMPTION, note
    )
    append(uow, entry)
    checks.remember(uow, "redeemPoints", idempotency_key, entry.id)
    return entry


def award(
    uow: UnitOfWork,
    community_id: str,
    resident_id: str,
    amount: int,
    reason: PointsReason,
    note: str,
    reference: str,
) -> LedgerEntry:
    entry = LedgerEntry.record(community_id, resident_id, amount, reason, note, reference)
    append(uow, entry)
    return entry


def append(uow: UnitOfWork, entry: LedgerEntry) -> None:
    if not uow.repo.add_entry(entry):
        balance = uow.repo.balance(entry.resident_id)
        raise InvalidInput(
            f"amount {-entry.amount} exceeds the balance of {balance} points", "amount"
        )
    uow.events.append(
        new_envelope(
            PointsRecorded(
                entry_id=entry.id,
                community_id=entry.community_id,
                resident_id=entry.resident_id,
                amount=entry.amount,
                reason=_EVENT_REASONS[entry.reason],
                reference=entry.reference,
            ),
            entry.community_id,
            occurred_at=entry.created_at,
        )
    )


def _entry(uow: UnitOfWork, entry_id: str) -> LedgerEntry:
    entry = uow.repo.get_entry(entry_id)
    if entry is None:
        raise NotFound(f"no ledger entry with id {entry_id!r}", "idempotencyKey")
    return entry
