"""The projection's handler map, against a fake of our own GraphWriter."""

from collections.abc import Mapping
from typing import Any

from matching.domain.ties import TieRules
from matching.service_layer.projection import (
    HANDLERS,
    NOT_PROJECTED,
    TOPIC_OF,
    plan_writes,
    project,
    stream_of,
)
from shulin_events import new_envelope
from shulin_events.schemas import (
    PAYLOADS,
    BuildingAdded,
    CommunityRegistered,
    ExchangeCompleted,
    ResidentCareFlagsChangedV1,
    ResidentProfileUpdatedV1,
    ResidentRegistered,
    ResidentRegisteredV1,
    ResidentRemoved,
    ResidentSkillsChanged,
    SkillLevel,
)

RULES = TieRules()


class FakeGraphWriter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.remembered: set[str] = set()

    def seen_events(self, ids_by_stream: Mapping[str, list[str]]) -> set[str]:
        return {i for ids in ids_by_stream.values() for i in ids} & self.remembered

    def remember_events(self, ids_by_stream: Mapping[str, list[str]]) -> None:
        self.remembered |= {i for ids in ids_by_stream.values() for i in ids}

    def mark_changed(self, community_ids: list[str], privacy_ids: list[str]) -> None:
        self.changed, self.privacy_changed = community_ids, privacy_ids

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any, **params: Any) -> None:
            self.calls.append((name, args, params))

        return record


def _history() -> list[Any]:
    return [
        new_envelope(CommunityRegistered(community_id="c1", name="南湖社区"), "c1"),
        new_envelope(
            BuildingAdded(building_id="b1", community_id="c1", name="7栋", floors=18), "c1"
        ),
        new_envelope(
            ResidentRegistered(
                resident_id="r1",
                community_id="c1",
                building_id="b1",
                floor=5,
            ),
            "c1",
        ),
        new_envelope(ResidentRemoved(resident_id="r1", community_id="c1"), "c1"),
    ]


def test_every_event_type_is_projected() -> None:
    assert set(HANDLERS) == set(PAYLOADS.values())
    assert frozenset() == NOT_PROJECTED


def test_events_published_before_v2_are_applied_without_their_personal_fields() -> None:
    writer = FakeGraphWriter()
    older = [
        ResidentRegisteredV1(resident_id="r1", community_id="c1", building_id="b1",
                             display_name="李老师", birth_year=1950, gender="female", floor=5),
        ResidentProfileUpdatedV1(resident_id="r1", community_id="c1", display_name="李老师",
                                 birth_year=1950, gender="female", languages=("粤语",)),
        ResidentCareFlagsChangedV1(resident_id="r1", community_id="c1",
                                   elderly_living_alone=True, needs_care=True),
    ]  # fmt: skip
    assert project(writer, [new_envelope(p, "c1") for p in older], RULES) == 3  # type: ignore[arg-type]
    calls = {name: params for name, _, params in writer.calls}
    assert calls["merge_resident"]["building_id"] == "b1" and calls["merge_resident"]["floor"] == 5
    assert calls["update_profile"] == {
        "resident_id": "r1",
        "languages": ("粤语",),
        "availability": (),
    }
    assert calls["set_care_flags"] == {"resident_id": "r1", "elderly_living_alone": True}
    written = str([params for _, _, params in writer.calls])
    for personal in ("李老师", "1950", "female", "needs_care"):
        assert personal not in written


def test_events_are_applied_in_order() -> None:
    writer = FakeGraphWriter()
    assert project(writer, _history(), RULES) == 4  # type: ignore[arg-type]
    assert [name for name, _, _ in writer.calls] == [
        "merge_community",
        "merge_building",
        "merge_resident",
        "remove_resident",
    ]
    assert writer.calls[2][2]["building_id"] == "b1"


def test_a_replayed_event_is_skipped() -> None:
    writer = FakeGraphWriter()
    history = _history()
    project(writer, history, RULES)  # type: ignore[arg-type]
    writer.calls.clear()
    assert project(writer, history, RULES) == 0  # type: ignore[arg-type]
    assert writer.calls == []


def test_an_event_published_twice_in_one_batch_is_applied_once() -> None:
    history = _history()
    repeated = [*history[:3], history[2], history[3]]  # an outbox relay sent it again
    writer = FakeGraphWriter()
    assert project(writer, repeated, RULES) == 4  # type: ignore[arg-type]
    once = FakeGraphWriter()
    project(once, history, RULES)  # type: ignore[arg-type]
    assert writer.calls == once.calls
    assert len(plan_writes(repeated, RULES)._plan) == len(plan_writes(history, RULES)._plan)


def test_skills_are_projected_as_the_full_set() -> None:
    writer = FakeGraphWriter()
    skills = (SkillLevel(tag="nurse", level=4, verified=True),)
    event = new_envelope(
        ResidentSkillsChanged(resident_id="r1", community_id="c1", skills=skills), "c1"
    )
    project(writer, [event], RULES)  # type: ignore[arg-type]
    assert writer.calls == [
        (
            "set_skills",
            (),
            {"resident_id": "r1", "skills": [{"tag": "nurse", "level": 4, "verified": True}]},
        )
    ]


def test_a_completed_exchange_is_tie_evidence_with_the_configured_weight() -> None:
    writer = FakeGraphWriter()
    rules = TieRules(exchange=0.7, threshold=2.0)
    event = new_envelope(
        ExchangeCompleted(
            exchange_id="x1", community_id="c1", helper_id="r1", helped_id="r2", hours=2
        ),
        "c1",
    )
    project(writer, [event], rules)  # type: ignore[arg-type]
    evidence = [c for c in writer.calls if c[0] == "add_tie_evidence"]
    assert evidence == [
        (
            "add_tie_evidence",
            ("r1", "r2", 2.0),
            {
                "source": "exchange",
                "ref": "x1",
                "weight": 0.7,
                "occurred_at": event.occurred_at.isoformat(),
                "community_id": "c1",
            },
        )
    ]


def test_writes_planned_beforehand_are_sent_only_if_no_event_was_seen_before() -> None:
    history = _history()
    planned = object()  # stands for plan_writes(history), made while another batch was written
    writer = FakeGraphWriter()
    assert project(writer, history, RULES, planned=planned) == len(history)  # type: ignore[arg-type]
    assert writer.calls == [("adopt", (planned,), {})]

    replayed = FakeGraphWriter()
    replayed.remembered = {str(history[0].event_id)}
    assert project(replayed, history, RULES, planned=planned) == len(history) - 1  # type: ignore[arg-type]
    fresh_only = FakeGraphWriter()
    project(fresh_only, history[1:], RULES)  # type: ignore[arg-type]
    assert replayed.calls == fresh_only.calls  # planned anew, for the fresh events only


def test_only_changes_to_who_may_be_recommended_count_up_the_privacy_version() -> None:
    writer = FakeGraphWriter()
    skills = ResidentSkillsChanged(resident_id="r2", community_id="c2", skills=())
    project(writer, [*_history(), new_envelope(skills, "c2")], RULES)  # type: ignore[arg-type]
    assert writer.changed == ["c1", "c2"]
    assert writer.privacy_changed == ["c1"]  # a registration and an erasure in c1, skills in c2


def test_every_event_type_belongs_to_one_stream_per_community() -> None:
    assert set(TOPIC_OF) == set(PAYLOADS.values())
    registered = _history()[0]
    assert stream_of(registered) == "residents.events/c1"
