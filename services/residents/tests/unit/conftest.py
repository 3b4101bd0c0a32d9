"""Fakes of the residents service's own repository and unit of work, and shared helpers."""

import copy
from collections.abc import Callable, Sequence
from typing import Any, Self

import pytest

from residents.domain.acquaintance import Acquaintance
from residents.domain.model import Resident
from residents.domain.places import Building, Community, Compound, Household
from residents.domain.taxonomy import Tag, TagKind
from residents.domain.taxonomy_seed import seed_tags
from residents.service_layer import places, taxonomy
from residents.service_layer.registration import RegisterResident, register_resident
from shulin_events import Envelope
from shulin_kit.pagination import Page, check_page_size, decode_cursor, encode_cursor


def fake_page(
    items: list[Any], key: Callable[[Any], list[Any]], first: int, after: str | None
) -> Page[Any]:
    """Keyset pagination over a list, with the real cursors."""
    check_page_size(first)
    ordered = sorted(items, key=key)
    if after is not None:
        start = decode_cursor(after)
        ordered = [i for i in ordered if key(i) > start]
    chunk = ordered[:first]
    return Page(chunk, [encode_cursor(key(i)) for i in chunk], len(ordered) > first)


class FakeRepository:
    """Stores copies, like a database: changing a loaded object changes nothing until saved."""

    def __init__(self) -> None:
        self.communities: dict[str, Community] = {}
        self.compounds: dict[str, Compound] = {}
        self.buildings: dict[str, Building] = {}
        self.households: dict[str, Household] = {}
        self.residents: dict[str, Resident] = {}
        self.tags: dict[tuple[TagKind, str], Tag] = {}
        self.acquaintances: dict[str, Acquaintance] = {}
        self.keys: dict[tuple[str, str], str] = {}

    # places
    def add_community(self, community: Community) -> None:
        self.communities[community.id] = copy.deepcopy(community)

    def get_community(self, community_id: str) -> Community | None:
        return copy.deepcopy(self.communities.get(community_id))

    def add_compound(self, compound: Compound) -> None:
        self.compounds[compound.id] = copy.deepcopy(compound)

    def get_compound(self, compound_id: str) -> Compound | None:
        return copy.deepcopy(self.compounds.get(compound_id))

    def compounds_of(self, community_id: str) -> list[Compound]:
        found = [c for c in self.compounds.values() if c.community_id == community_id]
        return sorted(found, key=lambda c: (c.name, c.id))

    def add_building(self, building: Building) -> None:
        self.buildings[building.id] = copy.deepcopy(building)

    def get_building(self, building_id: str) -> Building | None:
        return copy.deepcopy(self.buildings.get(building_id))

    def buildings_of(self, community_id: str) -> list[Building]:
        found = [b for b in self.buildings.values() if b.community_id == community_id]
        return sorted(found, key=lambda b: (b.name, b.id))

    def buildings_page(
        self, community_id: str, compound_id: str | None, first: int, after: str | None
    ) -> Page[Building]:
        found = [
            b
            for b in self.buildings.values()
            if b.community_id == community_id and compound_id in (None, b.compound_id)
        ]
        return fake_page(found, lambda b: [b.name, b.id], first, after)

    def add_household(self, household: Household) -> None:
        self.households[household.id] = copy.deepcopy(household)

    def get_household(self, household_id: str) -> Household | None:
        return copy.deepcopy(self.households.get(household_id))

    def household_at(self, building_id: str, unit: int, floor: int, door: str) -> Household | None:
        for h in self.households.values():
            if (h.building_id, h.unit, h.floor, h.door) == (building_id, unit, floor, door):
                return h
        return None

    # residents
    def add_resident(self, resident: Resident) -> None:
        self.residents[resident.id] = copy.deepcopy(resident)

    def save_resident(self, resident: Resident) -> None:
        assert resident.id in self.residents
        self.residents[resident.id] = copy.deepcopy(resident)

    def get_resident(self, resident_id: str) -> Resident | None:
        return copy.deepcopy(self.residents.get(resident_id))

    def get_residents(self, resident_ids: Sequence[str]) -> dict[str, Resident]:
        return {i: copy.deepcopy(self.residents[i]) for i in resident_ids if i in self.residents}

    def resident_by_external_ref(self, community_id: str, external_ref: str) -> Resident | None:
        for r in self.residents.values():
            if (r.community_id, r.external_ref) == (community_id, external_ref):
                return copy.deepcopy(r)
        return None

    def residents_page(
        self,
        community_id: str,
        building_id: str | None,
        compound_id: str | None,
        skill: str | None,
        interest: str | None,
        first: int,
        after: str | None,
    ) -> Page[Resident]:
        found = [
            copy.deepcopy(r)
            for r in self.residents.values()
            if r.community_id == community_id
            and building_id in (None, r.building_id)
            and compound_id in (None, self.buildings[r.building_id].compound_id)
            and skill in (None, *(s.tag for s in r.skills))
            and interest in (None, *r.interests)
        ]
        return fake_page(found, lambda r: [r.id], first, after)

    def remove_resident(self, resident_id: str, community_id: str) -> None:
        del self.residents[resident_id]
        self.acquaintances = {
            k: a
            for k, a in self.acquaintances.items()
            if resident_id not in (a.from_resident_id, a.to_resident_id)
        }

    # taxonomy
    def count_tags(self) -> int:
        return len(self.tags)

    def tags_of(self, kind: TagKind) -> list[Tag]:
        return sorted((t for t in self.tags.values() if t.kind == kind), key=lambda t: t.tag)

    def get_tag(self, kind: TagKind, tag: str) -> Tag | None:
        return self.tags.get((kind, tag))

    def save_tag(self, tag: Tag) -> None:
        self.tags[(tag.kind, tag.tag)] = tag

    # acquaintances
    def add_acquaintance(self, acquaintance: Acquaintance) -> None:
        self.acquaintances[acquaintance.id] = copy.deepcopy(acquaintance)

    def get_acquaintance(self, from_resident_id: str, to_resident_id: str) -> Acquaintance | None:
        for a in self.acquaintances.values():
            if (a.from_resident_id, a.to_resident_id) == (from_resident_id, to_resident_id):
                return copy.deepcopy(a)
        return None

    def get_acquaintance_by_id(self, acquaintance_id: str) -> Acquaintance | None:
        return copy.deepcopy(self.acquaintances.get(acquaintance_id))

    def save_acquaintance(self, acquaintance: Acquaintance) -> None:
        self.acquaintances[acquaintance.id] = copy.deepcopy(acquaintance)

    def acquaintances_of(self, resident_id: str) -> list[Acquaintance]:
        found = [
            copy.deepcopy(a)
            for a in self.acquaintances.values()
            if resident_id in (a.from_resident_id, a.to_resident_id)
        ]
        return sorted(found, key=lambda a: (a.declared_at, a.id))

    # idempotency keys
    def recall(self, operation: str, key: str) -> str | None:
        return self.keys.get((operation, key))

    def remember(self, operation: str, key: str, result_id: str) -> None:
        assert (operation, key) not in self.keys
        self.keys[(operation, key)] = result_id


class FakeUnitOfWork:
    """Like the real one: changes and events are kept only if committed, else rolled back."""

    def __init__(self) -> None:
        self.repo = FakeRepository()
        self.events: list[Envelope] = []
        self.published: list[Envelope] = []
        self.commits = 0

    def __enter__(self) -> Self:
        self.events = []
        self._snapshot = copy.deepcopy(vars(self.repo))
        self._committed = False
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._committed:
            vars(self.repo).update(self._snapshot)
        self.events = []

    def commit(self) -> None:
        self.published.extend(self.events)
        self.events = []
        self._committed = True
        self.commits += 1

    def payloads(self, since: int = 0) -> list[Any]:
        return [e.payload for e in self.published[since:]]


@pytest.fixture
def empty_uow() -> FakeUnitOfWork:
    """A fake store with nothing in it, not even the taxonomy."""
    return FakeUnitOfWork()


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """A fake store holding the seed taxonomy (its seeding events already consumed)."""
    fake = FakeUnitOfWork()
    with fake:
        taxonomy.seed_if_empty(fake, seed_tags())
        fake.commit()
    fake.published.clear()
    return fake


@pytest.fixture
def place(uow: FakeUnitOfWork) -> dict[str, str]:
    """南湖社区 with compound 金域蓝湾, building 7栋 (18 floors, 2 units) in it, and 8栋 outside."""
    with uow:
        community = places.register_community(uow, "南湖社区", "武昌区")
        compound = places.add_compound(uow, community.id, "金域蓝湾")
        b7 = places.add_building(uow, community.id, "7栋", 18, 2, compound.id)
        b8 = places.add_building(uow, community.id, "8栋", 12)
        uow.commit()
    uow.published.clear()
    return {"community": community.id, "compound": compound.id, "b7": b7.id, "b8": b8.id}


@pytest.fixture
def register(uow: FakeUnitOfWork, place: dict[str, str]) -> Callable[..., Resident]:
    """Register (and commit) a resident in 7栋 unless told otherwise."""

    def _register(display_name: str = "李老师", **fields: Any) -> Resident:
        args: dict[str, Any] = {
            "community_id": place["community"],
            "building_id": place["b7"],
            "display_name": display_name,
        } | fields
        with uow:
            resident = register_resident(uow, RegisterResident(**args))
            uow.commit()
        return resident

    return _register


@pytest.fixture
def run(uow: FakeUnitOfWork) -> Callable[..., Any]:
    """Run one use case in its own transaction and commit, as a GraphQL mutation does."""

    def _run(use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with uow:
            result = use_case(uow, *args, **kwargs)
            uow.commit()
        return result

    return _run
