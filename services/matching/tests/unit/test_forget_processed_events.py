"""Forgetting processed event ids: when, how far back, and in bounded steps."""

from datetime import UTC, datetime, timedelta

from matching.service_layer.processed_events import ForgetProcessedEvents

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class FakeStore:
    def __init__(self, projected_at: list[datetime]) -> None:
        self.projected_at = projected_at
        self.calls: list[tuple[datetime, int]] = []

    def forget_events_before(self, before: datetime, limit: int) -> int:
        self.calls.append((before, limit))
        due = [t for t in self.projected_at if t < before][:limit]
        for t in due:
            self.projected_at.remove(t)
        return len(due)


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _job(store: FakeStore, clock: Clock, keep_days: float = 30, **kw: int) -> ForgetProcessedEvents:
    return ForgetProcessedEvents(store, keep_days, 3600, clock=clock, now=lambda: NOW, **kw)


def test_ids_older_than_the_keep_period_are_forgotten_and_newer_ones_kept() -> None:
    recent, old = NOW - timedelta(days=29), NOW - timedelta(days=31)
    store = FakeStore([recent, old, old])
    assert _job(store, Clock()).run_due() == 2
    assert store.projected_at == [recent]
    assert store.calls[0][0] == NOW - timedelta(days=30)


def test_a_check_runs_at_once_then_once_per_interval() -> None:
    store, clock = FakeStore([]), Clock()
    job = _job(store, clock)
    job.run_due()
    clock.t += 3599
    job.run_due()
    assert len(store.calls) == 1
    clock.t += 1
    job.run_due()
    assert len(store.calls) == 2


def test_a_large_backlog_is_forgotten_in_bounded_steps_over_several_checks() -> None:
    store, clock = FakeStore([NOW - timedelta(days=40)] * 25), Clock()
    job = _job(store, clock, batch=10, max_batches=2)
    assert job.run_due() == 20
    assert [limit for _, limit in store.calls] == [10, 10]
    clock.t += 3600
    assert job.run_due() == 5


def test_a_keep_period_of_zero_keeps_every_id() -> None:
    store = FakeStore([NOW - timedelta(days=400)])
    assert _job(store, Clock(), keep_days=0).run_due() == 0
    assert store.calls == []
