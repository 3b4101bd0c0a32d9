"""Use cases on acquaintance declarations ("I know this neighbour"). They never commit."""

from dataclasses import dataclass
from enum import StrEnum

from residents.domain.acquaintance import Acquaintance
from residents.domain.model import Resident
from residents.service_layer import common, events
from residents.service_layer.unit_of_work import UnitOfWork
from shulin_kit.errors import Conflict, NotFound


class Status(StrEnum):
    CONFIRMED = "confirmed"
    PENDING_OUTGOING = "pending_outgoing"  # this resident declared; the other has not confirmed
    PENDING_INCOMING = "pending_incoming"  # the other declared; this resident may confirm


@dataclass(frozen=True)
class Tie:
    """One acquaintance as seen from one resident."""

    acquaintance: Acquaintance
    other: Resident
    status: Status


def declare(
    uow: UnitOfWork,
    from_resident_id: str,
    to_resident_id: str,
    context: str | None = None,
    idempotency_key: str | None = None,
) -> Acquaintance:
    """Declare knowing a neighbour. If they had already declared knowing you, that confirms it."""
    if (done := common.recalled(uow, "declareAcquaintance", idempotency_key)) is not None:
        return uow.repo.get_acquaintance_by_id(done) or common.gone("acquaintance")
    by = common.resident(uow, from_resident_id, "fromResidentId")
    of = common.resident(uow, to_resident_id, "toResidentId")
    declared = Acquaintance.declare(by, of, context)
    if uow.repo.get_acquaintance(by.id, of.id) is not None:
        raise Conflict("you already declared knowing this resident", "toResidentId")
    reverse = uow.repo.get_acquaintance(of.id, by.id)
    if reverse is not None and reverse.confirmed:
        raise Conflict("you are already confirmed acquaintances", "toResidentId")
    if reverse is not None:
        reverse.confirm()
        uow.repo.save_acquaintance(reverse)
        uow.events.append(events.acquaintance_confirmed(reverse))
        declared = reverse
    else:
        uow.repo.add_acquaintance(declared)
        uow.events.append(events.acquaintance_declared(declared))
    common.remember(uow, "declareAcquaintance", idempotency_key, declared.id)
    return declared


def confirm(uow: UnitOfWork, from_resident_id: str, to_resident_id: str) -> Acquaintance:
    """The declared-to resident (`to`) confirms `from`'s declaration."""
    common.resident(uow, from_resident_id, "fromResidentId")
    common.resident(uow, to_resident_id, "toResidentId")
    found = uow.repo.get_acquaintance(from_resident_id, to_resident_id)
    if found is None:
        raise NotFound("fromResidentId has not declared knowing toResidentId", "fromResidentId")
    if found.confirmed:
        raise Conflict("this acquaintance is already confirmed", "fromResidentId")
    found.confirm()
    uow.repo.save_acquaintance(found)
    uow.events.append(events.acquaintance_confirmed(found))
    return found


def ties_of(uow: UnitOfWork, resident_id: str) -> list[Tie]:
    declarations = uow.repo.acquaintances_of(resident_id)
    others = uow.repo.get_residents(
        [
            a.to_resident_id if a.from_resident_id == resident_id else a.from_resident_id
            for a in declarations
        ]
    )
    ties = []
    for a in declarations:
        outgoing = a.from_resident_id == resident_id
        other = others.get(a.to_resident_id if outgoing else a.from_resident_id)
        if other is None:
            continue
        if a.confirmed:
            status = Status.CONFIRMED
        else:
            status = Status.PENDING_OUTGOING if outgoing else Status.PENDING_INCOMING
        ties.append(Tie(a, other, status))
    return ties
