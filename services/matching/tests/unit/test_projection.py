"""The projection's handler map, against a fake of our own GraphWriter."""

from collections.abc import Iterable
from typing import Any

from matching.service_layer.projection import HANDLERS, NOT_PROJECTED, project
from shulin_events import new_envelope
from shulin_events.schemas import (
    PAYLOADS,
    BuildingAdded,
    CommunityRegistered,
    ResidentRegistered,
    ResidentRemoved,
)


class FakeGraphWriter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.remembered: set[str] = set()

    def seen_events(self, event_ids: list[str]) -> set[str]:
        return self.remembered & set(event_ids)

    def remember_events(self, events: Iterable[dict[str, str]]) -> None:
        self.remembered |= {e["id"] for e in events}

    def __getattr__(self, name: str) -> Any:
        def record(**params: Any) -> None:
            self.calls.append((name, params))

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
                display_name="李老师",
                floor=5,
            ),
            "c1",
        ),
        new_envelope(ResidentRemoved(resident_id="r1", community_id="c1"), "c1"),
    ]


def test_every_event_type_is_either_projected_or_knowingly_not() -> None:
    assert set(HANDLERS) | NOT_PROJECTED == set(PAYLOADS.values())
    assert not set(HANDLERS) & NOT_PROJECTED


def test_events_are_applied_in_order() -> None:
    writer = FakeGraphWriter()
    assert project(writer, _history()) == 4  # type: ignore[arg-type]
    assert [name for name, _ in writer.calls] == [
        "merge_community",
        "merge_building",
        "merge_resident",
        "remove_resident",
    ]
    assert writer.calls[2][1]["building_id"] == "b1"


def test_a_replayed_event_is_skipped() -> None:
    writer = FakeGraphWriter()
    history = _history()
    project(writer, history)  # type: ignore[arg-type]
    writer.calls.clear()
    assert project(writer, history) == 0  # type: ignore[arg-type]
    assert writer.calls == []
