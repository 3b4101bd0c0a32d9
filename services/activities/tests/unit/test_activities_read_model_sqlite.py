"""The residents read model on SQLite: its Kafka group belongs to one database (a new database
rebuilds), and a tag residents define both as a skill and as an interest keeps both kinds."""

from pathlib import Path

from activities.adapters.repository import SqlRepository
from activities.adapters.tables import metadata
from activities.bootstrap import residents_view_group
from activities.domain.neighbourhood import TaxonomyTag
from shulin_kit.store import make_engine


def instance_id(database: Path) -> str:
    engine = make_engine(f"sqlite:///{database}")
    metadata.create_all(engine)
    try:
        with engine.begin() as conn:
            return SqlRepository(conn).database_instance_id()
    finally:
        engine.dispose()


def test_a_database_keeps_the_instance_id_it_was_given(tmp_path: Path) -> None:
    first = instance_id(tmp_path / "activities.sqlite3")

    assert instance_id(tmp_path / "activities.sqlite3") == first
    assert len(first) == 36


def test_a_fresh_database_gets_a_new_instance_id(tmp_path: Path) -> None:
    assert instance_id(tmp_path / "one.sqlite3") != instance_id(tmp_path / "two.sqlite3")


def test_the_default_group_is_named_after_the_database(tmp_path: Path) -> None:
    database = instance_id(tmp_path / "activities.sqlite3")

    group = residents_view_group(None, database)

    assert group == f"activities-residents-view-{database}"
    assert residents_view_group("", database) == group


def test_an_explicitly_configured_group_wins() -> None:
    assert residents_view_group("e2e-view", "a-database") == "e2e-view"


def test_a_tag_that_is_both_a_skill_and_an_interest_is_found_as_either(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'activities.sqlite3'}")
    metadata.create_all(engine)
    with engine.begin() as conn:
        repo = SqlRepository(conn)
        repo.define_tag(TaxonomyTag("photography", "skill", ("摄影",)))
        repo.define_tag(TaxonomyTag("photography", "interest", ("摄影", "拍照")))

        as_skill = repo.find_tag("摄影", "skill")
        as_interest = repo.find_tag("拍照", "interest")
        unasked = repo.find_tag("摄影")
        not_a_skill = repo.find_tag("摄影", "hobby")
    engine.dispose()

    assert as_skill == TaxonomyTag("photography", "skill")
    assert as_interest == TaxonomyTag("photography", "interest")
    assert unasked is not None and not_a_skill is not None
    assert unasked.kind == not_a_skill.kind == "interest"  # the kind defined last
