"""The benchmark's history stops at now: activities to come are signed up for, not attended."""

from collections import Counter
from datetime import date, datetime
from functools import cache

from bench.history import History, bench_community, community_history
from shulin_cli.generator import CommunityPlan
from shulin_cli.generator.activities import CHINA

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, tzinfo=CHINA)
FAR_AHEAD = datetime(2040, 1, 1, tzinfo=CHINA)


@cache
def plan() -> CommunityPlan:
    return bench_community("tiny", today=TODAY)


@cache
def history(now: datetime = NOW) -> History:
    return community_history(plan(), now=now)


def _ahead() -> set[str]:
    return {a.id for a in plan().activities if a.starts_at > NOW}


def test_the_year_ends_two_weeks_from_today_with_activities_to_come() -> None:
    assert max(a.starts_at.date() for a in plan().activities) <= date(2026, 12, 6)
    assert any(a.registered for a in plan().activities if a.id in _ahead())


def test_no_event_happens_after_now() -> None:
    events = history().residents + history().activities
    assert max(e.occurred_at for e in events) <= NOW
    assert len(history()) < len(history(FAR_AHEAD))  # the plan's last two weeks are left out


def test_activities_to_come_are_announced_and_signed_up_for_but_not_attended() -> None:
    per_activity = Counter(
        (getattr(e.payload, "activity_id", None), e.type) for e in history().activities
    )
    for a in plan().activities:
        if a.id not in _ahead():
            continue
        assert per_activity[(a.id, "ActivityCreated")] == 1
        assert per_activity[(a.id, "ActivityRegistered")] == len(a.registered)
        assert per_activity[(a.id, "ResidentCheckedIn")] == 0
        assert per_activity[(a.id, "NeighbourMetAtActivity")] == 0


def test_activities_begun_keep_their_check_ins() -> None:
    checked_in = Counter(
        getattr(e.payload, "activity_id", None)
        for e in history().activities
        if e.type == "ResidentCheckedIn"
    )
    begun = [a for a in plan().activities if a.id not in _ahead()]
    assert begun and all(checked_in[a.id] == len(a.checked_in) for a in begun)


def test_nobody_has_met_or_volunteered_at_an_activity_to_come() -> None:
    ahead = _ahead()
    contexts = [getattr(e.payload, "context", "") for e in history().residents]
    references = [getattr(e.payload, "reference", None) for e in history().activities]
    assert not {c.removeprefix("activity:") for c in contexts} & ahead
    assert not set(references) & ahead


def test_event_ids_do_not_depend_on_now() -> None:
    def ids(h: History) -> set[object]:
        return {e.event_id for e in h.residents + h.activities}

    assert ids(history()) < ids(history(FAR_AHEAD))
