"""Seeding the residents read model directly through the SQL repository (consumer off)."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from activities.adapters.repository import SqlRepository
from activities.config import Settings
from activities.domain.neighbourhood import KnownBuilding, KnownResident, TaxonomyTag
from activities.entrypoints.app import create_app
from shulin_kit.tokens import admin_headers

Seed = Callable[[SqlRepository], None]


def seed_world(repo: SqlRepository) -> None:
    """Community c-1 (compound k-1: buildings b-1, b-2), residents r-0…r-9 in b-1, c-2 beside."""
    repo.upsert_community("c-1", "金域蓝湾社区")
    repo.upsert_community("c-2", "万科金域中央")
    repo.upsert_compound("k-1", "c-1")
    repo.upsert_building(KnownBuilding("b-1", "c-1", "k-1"))
    repo.upsert_building(KnownBuilding("b-2", "c-1", "k-1"))
    repo.upsert_building(KnownBuilding("b-9", "c-2", None))
    for n in range(10):
        repo.upsert_resident(KnownResident(f"r-{n}", "c-1", "b-1"))
    repo.upsert_resident(KnownResident("r-b2", "c-1", "b-2"))
    repo.upsert_resident(KnownResident("r-other", "c-2", "b-9"))
    repo.define_tag(TaxonomyTag("nurse", "skill", ("护士", "健康咨询")))
    repo.define_tag(TaxonomyTag("tai_chi", "interest", ("太极",)))


@pytest.fixture
def world() -> Seed:
    return seed_world


@pytest.fixture
def client(tmp_path: Path, world: Seed) -> Iterator[TestClient]:
    """The activities app on its own SQLite file, as the platform admin; relay and consumer off,
    the read model seeded by `world`."""
    settings = Settings(
        env="test",
        database_url=f"sqlite:///{tmp_path / 'activities.sqlite3'}",
        relay_enabled=False,
        read_model_enabled=False,
    )
    with TestClient(create_app(settings), headers=admin_headers()) as client:
        with client.app.state.container.uow(write=True) as uow:  # type: ignore[attr-defined]
            world(uow.repo)
            uow.commit()
        yield client
