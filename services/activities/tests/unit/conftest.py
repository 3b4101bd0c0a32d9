"""Fakes of the activities' own repository and unit of work: fast tests, no database.

The `uow` fixture comes with a small world already in the residents read model (WORLD).
"""

import copy
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Self, TypeVar

import pytest

from activities.domain.exchanges import Exchange, ExchangeStatus, Listing, ListingStatus
from activities.domain.groups import Group, GroupRole, Membership
from activities.domain.model import Activity, ActivityStatus, CheckIn, Registration
from activities.domain.neighbourhood import KnownBuilding, KnownResident, TaxonomyTag, tag_key
from activities.domain.points import LedgerEntry
from activities.domain.wishes import Wish, WishStatus
from shulin_events import Envelope
from shulin_kit.errors import Conflict
from shulin_kit.pagination import Page, check_page_size, decode_cursor, encode_cursor

T = TypeVar("T")


def us(value: datetime) -> int:
    return int(value.timestamp() * 1_000_000)


def fake_page(
    items: Iterable[T],
    key: Callable[[T], tuple[Any, ...]],
    first: int,
    after: str | None,
    descending: bool = False,
) -> Page[T]:
    """Keyset paging over a list, with cursors like the SQL repository's."""
    check_page_size(first)
    ordered = sorted(items, key=key, reverse=descending)
    if after is not None:
        last = tuple(decode_cursor(after))
        ordered = [i for i in ordered if (key(i) < last if descending else key(i) > last)]
    page = ordered[:first]
    return Page(
        items=[copy.deepcopy(i) for i in page],
        cursors=[encode_cursor(list(key(i))) for i in page],
        has_next_page=len(ordered) > first,
    )


class FakeRepository:
    """Keeps copies, as a database would: changing a loaded object changes nothing stored."""

    def __init__(self) -> None:
        self.activities: dict[str, Activity] = {}
        self.registrations: dict[tuple[str, str], Registration] = {}
        self.check_ins: dict[tuple[str, str], CheckIn] = {}
        self.groups: dict[str, Group] = {}
        self.memberships: dict[tuple[str, str], Membership] = {}
        self.listings: dict[str, Listing] = {}
        self.exchanges: dict[str, Exchange] = {}
        self.ledger: dict[str, LedgerEntry] = {}
        self.balances: dict[str, int] = {}
        self.wishes: dict[str, Wish] = {}
        self.communities: dict[str, str] = {}
        self.compounds: dict[str, str] = {}
        self.buildings: dict[str, KnownBuilding] = {}
        self.residents: dict[str, KnownResident] = {}
        self.tags: dict[str, TaxonomyTag] = {}
        self.tag_names: dict[str, str] = {}
        self.tag_kinds: set[tuple[str, str]] = set()
        self.keys: dict[tuple[str, str], str] = {}
        self.instance_id = "fake-instance"

    # activities
    def add_activity(self, activity: Activity) -> None:
        self.activities[activity.id] = copy.deepcopy(activity)

    def get_activity(self, activity_id: str) -> Activity | None:
        return copy.deepcopy(self.activities.get(activity_id))

    def activities_page(
        self,
        community_id: str,
        first: int,
        after: str | None,
        building_id: str | None = None,
        tag: str | None = None,
    ) -> Page[Activity]:
        found = [
            a
            for a in self.activities.values()
            if a.community_id == community_id
            and (building_id is None or not a.building_ids or building_id in a.building_ids)
            and (tag is None or tag in a.tags)
        ]
        return fake_page(found, lambda a: (us(a.starts_at), a.id), first, after, descending=True)

    def activities_attended_by(self, resident_id: str, limit: int) -> list[Activity]:
        ids = {a for a, r in self.check_ins if r == resident_id}
        found = sorted(
            (self.activities[i] for i in ids), key=lambda a: (-a.starts_at.timestamp(), a.id)
        )
        return copy.deepcopy(found[:limit])

    def set_activity_status(self, activity_id: str, status: ActivityStatus) -> None:
        self.activities[activity_id].status = status

    def clear_organizer(self, resident_id: str) -> None:
        for a in self.activities.values():
            if a.organizer_id == resident_id:
                a.organizer_id = None

    def take_place(self, activity_id: str) -> bool:
        stored = self.activities[activity_id]
        if stored.capacity is not None and stored.registered_count >= stored.capacity:
            return False
        stored.registered_count += 1
        return True

    def change_counts(
        self, activity_id: str, registered: int = 0, waitlisted: int = 0, attendees: int = 0
    ) -> None:
        stored = self.activities[activity_id]
        stored.registered_count += registered
        stored.waitlist_count += waitlisted
        stored.attendee_count += attendees

    def get_registration(self, activity_id: str, resident_id: str) -> Registration | None:
        return copy.deepcopy(self.registrations.get((activity_id, resident_id)))

    def add_registration(self, registration: Registration) -> None:
        key = (registration.activity_id, registration.resident_id)
        if key in self.registrations:
            raise Conflict("already registered", "residentId")
        self.registrations[key] = copy.deepcopy(registration)

    def delete_registration(self, activity_id: str, resident_id: str) -> None:
        self.registrations.pop((activity_id, resident_id), None)

    def confirm_registration(self, activity_id: str, resident_id: str) -> None:
        self.registrations[(activity_id, resident_id)].waitlisted = False

    def first_waitlisted(self, activity_id: str) -> Registration | None:
        queue = sorted(
            (r for (a, _), r in self.registrations.items() if a == activity_id and r.waitlisted),
            key=lambda r: (r.registered_at, r.resident_id),
        )
        return copy.deepcopy(queue[0]) if queue else None

    def registrations_of_resident(self, resident_id: str) -> list[Registration]:
        return [
            copy.deepcopy(r) for (_, res), r in self.registrations.items() if res == resident_id
        ]

    def has_checked_in(self, activity_id: str, resident_id: str) -> bool:
        return (activity_id, resident_id) in self.check_ins

    def add_check_in(self, check_in: CheckIn) -> None:
        key = (check_in.activity_id, check_in.resident_id)
        if key in self.check_ins:
            raise Conflict("already checked in", "residentId")
        self.check_ins[key] = check_in

    def delete_check_in(self, activity_id: str, resident_id: str) -> bool:
        return self.check_ins.pop((activity_id, resident_id), None) is not None

    def attendees_page(self, activity_id: str, first: int, after: str | None) -> Page[CheckIn]:
        found = [c for (a, _), c in self.check_ins.items() if a == activity_id]
        return fake_page(
            found, lambda c: (c.checked_in_at.isoformat(), c.resident_id), first, after
        )

    def registrations_page(
        self, activity_id: str, first: int, after: str | None, waitlisted: bool | None = None
    ) -> Page[Registration]:
        found = [
            r
            for (a, _), r in self.registrations.items()
            if a == activity_id and (waitlisted is None or r.waitlisted == waitlisted)
        ]
        return fake_page(
            found, lambda r: (r.registered_at.isoformat(), r.resident_id), first, after
        )

    # groups
    def add_group(self, group: Group) -> None:
        self.groups[group.id] = copy.deepcopy(group)

    def get_group(self, group_id: str) -> Group | None:
        return copy.deepcopy(self.groups.get(group_id))

    def groups_page(
        self,
        community_id: str,
        first: int,
        after: str | None,
        building_id: str | None = None,
        kind: Any = None,
        tag: str | None = None,
    ) -> Page[Group]:
        building = self.buildings.get(building_id or "")
        found = [
            g
            for g in self.groups.values()
            if g.community_id == community_id
            and (building_id is None or g.admits(building_id, building and building.compound_id))
            and (kind is None or g.kind is kind)
            and (tag is None or tag in g.tags)
        ]
        return fake_page(found, lambda g: (g.name, g.id), first, after)

    def groups_of_resident(self, resident_id: str, first: int, after: str | None) -> Page[Group]:
        ids = {g for g, r in self.memberships if r == resident_id}
        return fake_page([self.groups[i] for i in ids], lambda g: (g.name, g.id), first, after)

    def change_member_count(self, group_id: str, delta: int) -> None:
        self.groups[group_id].member_count += delta

    def get_membership(self, group_id: str, resident_id: str) -> Membership | None:
        return copy.deepcopy(self.memberships.get((group_id, resident_id)))

    def add_membership(self, membership: Membership) -> None:
        key = (membership.group_id, membership.resident_id)
        if key in self.memberships:
            raise Conflict("already a member", "residentId")
        self.memberships[key] = copy.deepcopy(membership)

    def delete_membership(self, group_id: str, resident_id: str) -> None:
        self.memberships.pop((group_id, resident_id), None)

    def set_role(self, group_id: str, resident_id: str, role: GroupRole) -> None:
        self.memberships[(group_id, resident_id)].role = role

    def memberships_of_resident(self, resident_id: str) -> list[Membership]:
        return [copy.deepcopy(m) for (_, r), m in self.memberships.items() if r == resident_id]

    def members_page(self, group_id: str, first: int, after: str | None) -> Page[Membership]:
        found = [m for (g, _), m in self.memberships.items() if g == group_id]
        return fake_page(found, lambda m: (us(m.joined_at), m.resident_id), first, after)

    # listings and exchanges
    def add_listing(self, listing: Listing) -> None:
        self.listings[listing.id] = copy.deepcopy(listing)

    def get_listing(self, listing_id: str) -> Listing | None:
        return copy.deepcopy(self.listings.get(listing_id))

    def listings_page(
        self,
        first: int,
        after: str | None,
        community_id: str | None = None,
        resident_id: str | None = None,
        kind: Any = None,
        status: Any = None,
        tag: str | None = None,
        building_id: str | None = None,
    ) -> Page[Listing]:
        found = [
            item
            for item in self.listings.values()
            if community_id in (None, item.community_id)
            and resident_id in (None, item.resident_id)
            and kind in (None, item.kind)
            and status in (None, item.status)
            and (tag is None or tag in item.skill_tags)
            and (building_id is None or self._lives_in(item.resident_id, building_id))
        ]
        key = lambda item: (us(item.created_at), item.id)  # noqa: E731
        return fake_page(found, key, first, after, descending=True)

    def move_listing(self, listing_id: str, from_: ListingStatus, to: ListingStatus) -> bool:
        stored = self.listings.get(listing_id)
        if stored is None or stored.status is not from_:
            return False
        stored.status = to
        return True

    def listings_of_resident(self, resident_id: str) -> list[Listing]:
        return [copy.deepcopy(i) for i in self.listings.values() if i.resident_id == resident_id]

    def delete_listing(self, listing_id: str) -> None:
        self.listings.pop(listing_id, None)
        for e in [e for e in self.exchanges.values() if e.listing_id == listing_id]:
            del self.exchanges[e.id]

    def add_exchange(self, exchange: Exchange) -> None:
        self.exchanges[exchange.id] = copy.deepcopy(exchange)

    def get_exchange(self, exchange_id: str) -> Exchange | None:
        return copy.deepcopy(self.exchanges.get(exchange_id))

    def exchange_of_listing(self, listing_id: str) -> Exchange | None:
        found = [e for e in self.exchanges.values() if e.listing_id == listing_id]
        return copy.deepcopy(found[-1]) if found else None

    def save_exchange(self, exchange: Exchange, expected: ExchangeStatus) -> bool:
        stored = self.exchanges.get(exchange.id)
        if stored is None or stored.status is not expected:
            return False
        for side in ("rating_by_helper", "rating_by_helped"):
            old, new = getattr(stored, side), getattr(exchange, side)
            if old is not None and new != old:
                return False
        self.exchanges[exchange.id] = copy.deepcopy(exchange)
        return True

    def exchanges_involving(self, resident_id: str) -> list[Exchange]:
        return [
            copy.deepcopy(e)
            for e in self.exchanges.values()
            if resident_id in (e.helper_id, e.helped_id)
        ]

    def delete_exchange(self, exchange_id: str) -> None:
        self.exchanges.pop(exchange_id, None)

    # points
    def add_entry(self, entry: LedgerEntry) -> bool:
        balance = self.balances.get(entry.resident_id, 0) + entry.amount
        if balance < 0:
            return False
        self.balances[entry.resident_id] = balance
        self.ledger[entry.id] = copy.deepcopy(entry)
        return True

    def get_entry(self, entry_id: str) -> LedgerEntry | None:
        return copy.deepcopy(self.ledger.get(entry_id))

    def balance(self, resident_id: str) -> int:
        return self.balances.get(resident_id, 0)

    def ledger_page(
        self,
        first: int,
        after: str | None,
        resident_id: str | None = None,
        community_id: str | None = None,
        reason: Any = None,
    ) -> Page[LedgerEntry]:
        found = [
            e
            for e in self.ledger.values()
            if resident_id in (None, e.resident_id)
            and community_id in (None, e.community_id)
            and reason in (None, e.reason)
        ]
        return fake_page(found, lambda e: (us(e.created_at), e.id), first, after, descending=True)

    def erase_points(self, resident_id: str) -> None:
        self.ledger = {k: e for k, e in self.ledger.items() if e.resident_id != resident_id}
        self.balances.pop(resident_id, None)

    # wishes
    def add_wish(self, wish: Wish) -> None:
        self.wishes[wish.id] = copy.deepcopy(wish)

    def get_wish(self, wish_id: str) -> Wish | None:
        return copy.deepcopy(self.wishes.get(wish_id))

    def save_wish(self, wish: Wish, expected: WishStatus) -> bool:
        stored = self.wishes.get(wish.id)
        if stored is None or stored.status is not expected:
            return False
        self.wishes[wish.id] = copy.deepcopy(wish)
        return True

    def wishes_page(
        self,
        first: int,
        after: str | None,
        community_id: str | None = None,
        resident_id: str | None = None,
        status: Any = None,
        building_id: str | None = None,
    ) -> Page[Wish]:
        found = [
            w
            for w in self.wishes.values()
            if community_id in (None, w.community_id)
            and (resident_id is None or resident_id in (w.resident_id, w.claimant_id))
            and status in (None, w.status)
            and (building_id is None or self._lives_in(w.resident_id, building_id))
        ]
        return fake_page(found, lambda w: (us(w.created_at), w.id), first, after, descending=True)

    def wishes_touching(self, resident_id: str) -> list[Wish]:
        return [
            copy.deepcopy(w)
            for w in self.wishes.values()
            if resident_id in (w.resident_id, w.claimant_id)
        ]

    def delete_wish(self, wish_id: str) -> None:
        self.wishes.pop(wish_id, None)

    # the residents read model and idempotency keys
    def upsert_community(self, community_id: str, name: str) -> None:
        self.communities[community_id] = name

    def upsert_compound(self, compound_id: str, community_id: str) -> None:
        self.compounds[compound_id] = community_id

    def upsert_building(self, building: KnownBuilding) -> None:
        self.buildings[building.id] = building

    def upsert_resident(self, resident: KnownResident) -> None:
        stored = self.residents.get(resident.id)
        if stored is None or not stored.removed:
            self.residents[resident.id] = resident

    def move_resident(self, resident_id: str, building_id: str) -> None:
        stored = self.residents.get(resident_id)
        if stored is not None and not stored.removed:
            self.residents[resident_id] = _replace(stored, building_id=building_id)

    def set_consent(self, resident_id: str, may_be_recommended: bool) -> None:
        stored = self.residents.get(resident_id)
        if stored is not None:
            self.residents[resident_id] = _replace(stored, may_be_recommended=may_be_recommended)

    def remove_resident(self, resident_id: str, community_id: str) -> None:
        self.residents[resident_id] = KnownResident(
            resident_id, community_id, None, may_be_recommended=False, removed=True
        )

    def community_known(self, community_id: str) -> bool:
        return community_id in self.communities

    def compound_community(self, compound_id: str) -> str | None:
        return self.compounds.get(compound_id)

    def get_building(self, building_id: str) -> KnownBuilding | None:
        return self.buildings.get(building_id)

    def get_resident(self, resident_id: str) -> KnownResident | None:
        stored = self.residents.get(resident_id)
        if stored is None:
            return None
        building = self.buildings.get(stored.building_id or "")
        return _replace(stored, compound_id=building.compound_id if building else None)

    def define_tag(self, tag: TaxonomyTag) -> None:
        self.tags[tag.tag] = tag
        self.tag_kinds.add((tag.tag, tag.kind))
        self.tag_names = {n: t for n, t in self.tag_names.items() if t != tag.tag}
        for name in (tag.tag, *tag.synonyms):
            self.tag_names.setdefault(tag_key(name), tag.tag)

    def find_tag(self, name: str, kind: str | None = None) -> TaxonomyTag | None:
        found = self.tag_names.get(tag_key(name))
        if found is None:
            return None
        if kind is not None and (found, kind) in self.tag_kinds:
            return TaxonomyTag(found, kind)
        return self.tags[found]

    def recall(self, operation: str, key: str) -> str | None:
        return self.keys.get((operation, key))

    def remember(self, operation: str, key: str, result_id: str) -> None:
        self.keys[(operation, key)] = result_id

    def database_instance_id(self) -> str:
        return self.instance_id

    def _lives_in(self, resident_id: str, building_id: str) -> bool:
        resident = self.residents.get(resident_id)
        return resident is not None and resident.building_id == building_id


def _replace(resident: KnownResident, **changes: Any) -> KnownResident:
    return KnownResident(**(vars(resident) | changes))


class FakeUnitOfWork:
    """Applies the repository's changes and the events only on commit, like a transaction."""

    def __init__(self) -> None:
        self.repo = FakeRepository()
        self.events: list[Envelope] = []
        self.outbox: list[Envelope] = []
        self.commits = 0
        self._before: FakeRepository | None = None

    def __enter__(self) -> Self:
        self._before = copy.deepcopy(self.repo)
        self.events = []
        return self

    def __exit__(self, *exc: object) -> None:
        if self._before is not None:  # not committed: roll back
            self.repo = self._before
        self.events = []

    def commit(self) -> None:
        self.outbox.extend(self.events)
        self.commits += 1
        self._before = None


def seed_world(repo: FakeRepository) -> None:
    """c-1 has compounds k-1 (buildings b-1, b-2) and k-2 (b-3); r-0…r-59 live in b-1."""
    for community in ("c-1", "c-2", "c-7", "c-jinyu"):
        repo.upsert_community(community, f"社区 {community}")
    repo.upsert_compound("k-1", "c-1")
    repo.upsert_compound("k-2", "c-1")
    for building, community, compound in (
        ("b-1", "c-1", "k-1"),
        ("b-2", "c-1", "k-1"),
        ("b-3", "c-1", "k-2"),
        ("b-9", "c-2", None),
        ("b-7", "c-7", None),
        ("b-j", "c-jinyu", None),
    ):
        repo.upsert_building(KnownBuilding(building, community, compound))
    for n in range(60):
        repo.upsert_resident(KnownResident(f"r-{n}", "c-1", "b-1"))
    for resident, community, building in (
        ("r-b2", "c-1", "b-2"),
        ("r-b3", "c-1", "b-3"),
        ("r-other", "c-2", "b-9"),
        ("r-c7", "c-7", "b-7"),
        ("r-j", "c-jinyu", "b-j"),
    ):
        repo.upsert_resident(KnownResident(resident, community, building))
    for tag, kind, synonyms in (
        ("nurse", "skill", ("护士", "健康咨询")),
        ("plumbing", "skill", ("水电维修",)),
        ("tai_chi", "interest", ("太极",)),
        ("reading", "interest", ("读书", "读书会")),
    ):
        repo.define_tag(TaxonomyTag(tag, kind, synonyms))


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    seed_world(fake.repo)
    return fake
